//! From what the reader handed over to the gate's verdict on the document:
//! the zone, the chip's copy, passive authentication, the checkpoint's rules
//! and the watchlists. Biometrics come after, in the gate's capture step.

use std::fmt;

use crate::chip::{self, Authenticity, ChipData, Dg1Error, PassiveAuthentication};
use crate::gate::DocumentVerdict;
use crate::mrz::{self, StructureErrors};
use crate::rules::{Document, Referral, Rules, Traveller};
use crate::watchlist::{Birth, Hit, Matched, Query, Watchlist};
use hmac::{Hmac, Mac};
use jiff::civil::Date;
use sha2::Sha256;

/// What the document reader handed over.
#[derive(Debug, Clone, Default)]
pub struct Presented {
    /// The printed zone as the reader's OCR gave it.
    pub mrz_text: String,
    /// The chip's data, when the chip was read.
    pub chip: Option<ChipData>,
    /// Date of issue from the chip's DG12, when present.
    pub issued: Option<Date>,
}

/// One reason the document checks send a traveller to an officer, for the
/// officer's screen (the gate's `referred` event says `document`; its log, this).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DocumentProblem {
    /// The printed zone cannot be read as a zone.
    Zone(StructureErrors),
    /// The chip could not be read.
    NoChip,
    /// The chip's copy of the zone does not confirm the printed one.
    Chip(Dg1Error),
    /// The issuer's signature over the chip's data does not verify.
    PassiveAuthentication(String),
    /// One of the checkpoint's rules.
    Rule(Referral),
    /// A watchlist entry.
    Watchlist {
        /// The list's reference.
        entry: String,
        /// How it matched.
        matched: Matched,
        /// 0–1; 1 for a document number.
        score: f64,
        /// The list's reason.
        reason: String,
    },
}

impl From<Hit<'_>> for DocumentProblem {
    fn from(h: Hit<'_>) -> Self {
        DocumentProblem::Watchlist { entry: h.entry.id.clone(), matched: h.matched, score: h.score, reason: h.entry.reason.clone() }
    }
}

impl fmt::Display for DocumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentProblem::Zone(e) => write!(f, "{e}"),
            DocumentProblem::NoChip => f.write_str("no chip read: the gate needs the chip's photo"),
            DocumentProblem::Chip(e) => write!(f, "{e}"),
            DocumentProblem::PassiveAuthentication(why) => write!(f, "passive authentication failed: {why}"),
            DocumentProblem::Rule(r) => write!(f, "{r}"),
            DocumentProblem::Watchlist { entry, matched: Matched::DocumentNumber, reason, .. } => {
                write!(f, "document listed ({entry}): {reason}")
            }
            DocumentProblem::Watchlist { entry, matched: Matched::NameAndBirth, score, reason } => {
                write!(f, "resembles watchlist entry {entry} ({score:.2}): {reason}")
            }
        }
    }
}

/// The document checks' result.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Pseudonym of the holder (keyed hash of issuing state and document number).
    pub traveller: String,
    /// Go on to biometrics, or refer with reasons.
    pub verdict: DocumentVerdict,
}

/// Everything the gate checks a document against, cached locally so the gate
/// keeps deciding when the network is down.
pub struct Screening {
    /// The checkpoint's rules.
    pub rules: Rules,
    /// Watchlists.
    pub watchlist: Watchlist,
    /// Name-match score from which a watchlist entry refers the traveller.
    pub watchlist_threshold: f64,
    /// Enrolled programmes by traveller pseudonym.
    pub enrolments: std::collections::HashMap<String, Vec<String>>,
    /// Secret key of the pseudonyms (per checkpoint).
    pub pseudonym_key: Vec<u8>,
    /// Passive authentication of the chip's data.
    pub passive: Box<dyn PassiveAuthentication + Send + Sync>,
}

impl Screening {
    /// The pseudonym the server sees for a document: HMAC-SHA256 under the
    /// checkpoint's key (a keyed hash made for the purpose), never the number itself.
    pub fn pseudonym(&self, issuing_state: &str, document_number: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.pseudonym_key).expect("HMAC takes a key of any length");
        mac.update(issuing_state.as_bytes());
        mac.update(b"/");
        mac.update(document_number.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..12])
    }

    /// Checks a presented document on `today`.
    pub fn check(&self, p: &Presented, today: Date) -> Checked {
        let m = match mrz::parse(&p.mrz_text) {
            Ok(m) => m,
            Err(e) => {
                let traveller = self.pseudonym("", &p.mrz_text);
                return Checked { traveller, verdict: DocumentVerdict::Refer(vec![DocumentProblem::Zone(e)]) };
            }
        };
        let traveller = self.pseudonym(&m.issuing_state, &m.document_number);
        let mut reasons = Vec::new();
        match &p.chip {
            None => reasons.push(DocumentProblem::NoChip),
            Some(c) => {
                if let Err(e) = chip::compare_dg1(&m, c) {
                    reasons.push(DocumentProblem::Chip(e));
                }
                if let Authenticity::Failed(why) = self.passive.verify(c) {
                    reasons.push(DocumentProblem::PassiveAuthentication(why));
                }
            }
        }
        let programmes = self.enrolments.get(&traveller).cloned().unwrap_or_default();
        let doc = Document { mrz: m, issued: p.issued };
        reasons.extend(self.rules.assess(&doc, &Traveller { programmes }, today).into_iter().map(DocumentProblem::Rule));
        let m = &doc.mrz;
        let birth = m.birth().map(|b| {
            let d = b.as_birth_date(today);
            Birth { year: d.year(), month: b.month, day: b.day }
        });
        let query = Query {
            document_number: &m.document_number,
            issuing_state: &m.issuing_state,
            surname: &m.surname,
            given_names: &m.given_names,
            birth,
        };
        reasons.extend(self.watchlist.screen(&query, self.watchlist_threshold).into_iter().map(DocumentProblem::from));
        let verdict = if reasons.is_empty() { DocumentVerdict::Proceed } else { DocumentVerdict::Refer(reasons) };
        Checked { traveller, verdict }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::NotImplemented;
    use jiff::civil::date;

    const ANNA: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

    fn screening(list: &str) -> Screening {
        Screening {
            rules: Rules::from_toml("checkpoint = \"k\"\ndocument_codes = [\"P\"]\nnationalities = [\"*\"]\n", "r.toml").unwrap(),
            watchlist: Watchlist::from_csv(list, "w.csv").unwrap(),
            watchlist_threshold: 0.88,
            enrolments: Default::default(),
            pseudonym_key: b"secret".to_vec(),
            passive: Box::new(NotImplemented),
        }
    }

    #[test]
    fn clean_document_proceeds_and_the_pseudonym_hides_the_number() {
        let s = screening("id,document_number,issuing_state,surname,given_names,birth_date,reason\n");
        let p = Presented { mrz_text: ANNA.into(), chip: Some(ChipData { dg1_mrz: ANNA.into(), dg2_face: vec![] }), issued: None };
        let c = s.check(&p, date(2011, 1, 1));
        assert_eq!(c.verdict, DocumentVerdict::Proceed);
        assert!(!c.traveller.contains("L898902C3") && c.traveller.len() == 24);
        assert_eq!(c.traveller, s.check(&p, date(2011, 1, 1)).traveller, "stable");
        // HMAC-SHA256 under the key, as any HMAC implementation computes it (Python's `hmac`, for one).
        assert_eq!(c.traveller, "50f375355ed30ba6733ef539");
    }

    #[test]
    fn watchlist_chip_and_rules_reasons_are_all_given() {
        let s = screening("id,document_number,issuing_state,surname,given_names,birth_date,reason\nW1,,,ERIKSON,ANNA,1974-08-12,warrant\n");
        let misread = ANNA.replace("\nL898", "\n1898");
        let p = Presented { mrz_text: misread, chip: Some(ChipData { dg1_mrz: ANNA.into(), dg2_face: vec![] }), issued: None };
        let DocumentVerdict::Refer(reasons) = s.check(&p, date(2026, 11, 27)).verdict else { panic!("must refer") };
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(matches!(reasons[0], DocumentProblem::Chip(Dg1Error::Differs(_))), "{reasons:?}");
        assert!(reasons[0].to_string().contains("differs from the chip's DG1 at line 2 column 1"), "{reasons:?}");
        assert!(matches!(reasons[1], DocumentProblem::Rule(Referral::Expired { .. })), "{reasons:?}");
        assert!(matches!(&reasons[2], DocumentProblem::Watchlist { entry, matched: Matched::NameAndBirth, .. } if entry == "W1"));
        assert!(reasons[2].to_string().contains("resembles watchlist entry W1"), "{reasons:?}");
        let no_chip = Presented { mrz_text: ANNA.into(), chip: None, issued: None };
        let DocumentVerdict::Refer(reasons) = s.check(&no_chip, date(2011, 1, 1)).verdict else { panic!("must refer") };
        assert_eq!(reasons[0], DocumentProblem::NoChip);
        assert!(reasons[0].to_string().starts_with("no chip read"));
    }
}
