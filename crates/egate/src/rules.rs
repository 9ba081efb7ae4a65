//! Who may use the gate at one checkpoint, and what sends a traveller to an
//! officer: the document checks (valid zone, not expired, already valid,
//! allowed issuing state, nationality and document type) and the eligibility
//! rules (age, enrolment), read from a TOML file.
//!
//! ```toml
//! checkpoint = "khorgos"
//! document_codes = ["P", "PO", "I*"]   # exact codes, or a prefix ending in *
//! nationalities = ["CHN", "KAZ"]       # or ["*"]
//! issuing_states = ["*"]
//! min_age = 16
//! programmes = ["frequent", "merchant"] # enrolment needed; [] lets anyone use the gate
//! min_validity_days = 0
//! unknown_state_codes = "refer"        # or "allow"
//! refer_nationalities = []             # always seen by an officer
//! biometrics = ["face", "fingerprint"] # all must match (default: face)
//! time_zone = "Asia/Shanghai"          # the checkpoint's: documents are judged on its local date
//! ```

use crate::mrz::{Mrz, is_known_state};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the gate does with a state code ICAO does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UnknownStates {
    /// Send the traveller to an officer.
    #[default]
    Refer,
    /// Judge the code like any other against the allowed lists.
    Allow,
}

/// A biometric the gate verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// The live face against the chip's photo.
    Face,
    /// The live fingerprint against the enrolled one.
    Fingerprint,
}

impl Modality {
    /// The rules' spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Face => "face",
            Modality::Fingerprint => "fingerprint",
        }
    }
}

/// A checkpoint's gate rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The checkpoint these rules are for.
    pub checkpoint: String,
    /// Allowed document codes: exact (`P`, `ID`) or a prefix ending in `*` (`I*`).
    pub document_codes: Vec<String>,
    /// Allowed nationalities (`*` for any).
    pub nationalities: Vec<String>,
    /// Allowed issuing states (`*` for any).
    #[serde(default = "any")]
    pub issuing_states: Vec<String>,
    /// Youngest age, in years, that may use the gate alone.
    #[serde(default)]
    pub min_age: u8,
    /// Programmes (frequent traveller, merchant, …) the traveller must be
    /// enrolled in; empty: anyone with an allowed document.
    #[serde(default)]
    pub programmes: Vec<String>,
    /// Days the document must still be valid after today.
    #[serde(default)]
    pub min_validity_days: u32,
    /// What to do with state codes ICAO does not know.
    #[serde(default)]
    pub unknown_state_codes: UnknownStates,
    /// Nationalities always sent to an officer (visa checks, say).
    #[serde(default)]
    pub refer_nationalities: Vec<String>,
    /// Biometrics verified at the gate, all of which must match.
    #[serde(default = "face_only")]
    pub biometrics: Vec<Modality>,
    /// The checkpoint's time zone (IANA name): "today", for expiry and age, is
    /// its local date. Absent: the gate machine's own zone.
    #[serde(default)]
    pub time_zone: Option<String>,
}

fn face_only() -> Vec<Modality> {
    vec![Modality::Face]
}

fn any() -> Vec<String> {
    vec!["*".into()]
}

/// A rules file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// TOML syntax or a field of the wrong type (the message has line and column).
    #[error("{path}: {message}")]
    Toml {
        /// File.
        path: String,
        /// What toml says, with the place.
        message: String,
    },
    /// A value that parses but cannot be meant.
    #[error("{path}: `{key}`: {message}")]
    Value {
        /// File.
        path: String,
        /// Key.
        key: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl Rules {
    /// The checkpoint's local date at an instant: the "today" documents are judged on
    /// (an expiry is the last local day a document is valid, not a UTC day).
    pub fn local_date(&self, at: jiff::Timestamp) -> Date {
        let zone = match &self.time_zone {
            Some(tz) => jiff::tz::TimeZone::get(tz).expect("checked when the rules were read"),
            None => jiff::tz::TimeZone::system(),
        };
        at.to_zoned(zone).date()
    }

    /// Reads and validates rules; `path` names the source in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<Rules, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|e| RulesError::Toml { path: path.into(), message: e.to_string() })?;
        let bad = |key, message: String| Err(RulesError::Value { path: path.into(), key, message });
        for (key, codes) in [
            ("nationalities", &rules.nationalities),
            ("issuing_states", &rules.issuing_states),
            ("refer_nationalities", &rules.refer_nationalities),
        ] {
            if let Some(c) = codes.iter().find(|c| *c != "*" && !((1..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_uppercase())))
            {
                return bad(key, format!("{c:?} is not a state code (1-3 capital letters, as in the MRZ) or *"));
            }
        }
        if let Some(tz) = &rules.time_zone
            && let Err(e) = jiff::tz::TimeZone::get(tz)
        {
            return bad("time_zone", format!("{tz:?} is not a time zone this machine knows (an IANA name such as Asia/Shanghai): {e}"));
        }
        if rules.document_codes.is_empty() {
            return bad("document_codes", "no document type may use the gate; list at least one (P for passports)".into());
        }
        if let Some(c) = rules.document_codes.iter().find(|c| {
            let stem = c.strip_suffix('*').unwrap_or(c);
            stem.is_empty() || stem.len() > 2 || !stem.bytes().all(|b| b.is_ascii_uppercase())
        }) {
            return bad("document_codes", format!("{c:?} is not a document code (P, PO, ID, …) or prefix (I*)"));
        }
        Ok(rules)
    }

    /// Everything that sends this traveller to an officer; empty: the gate may clear them.
    pub fn assess(&self, doc: &Document, traveller: &Traveller, today: Date) -> Vec<Referral> {
        let m = &doc.mrz;
        let mut out = Vec::new();
        if !m.is_valid() {
            out.push(Referral::ZoneInvalid(
                m.check_digits
                    .iter()
                    .filter(|c| !c.ok)
                    .map(ToString::to_string)
                    .chain(m.problems.iter().map(ToString::to_string))
                    .collect(),
            ));
        }
        // A date that is not a date is already reported as an invalid zone.
        if let Some(e) = m.expiry() {
            let expiry = e.as_expiry_date(today);
            let until = today.checked_add(jiff::Span::new().days(i64::from(self.min_validity_days))).unwrap_or(today);
            if expiry < until {
                out.push(Referral::Expired { expiry, min_validity_days: self.min_validity_days });
            }
        }
        if let Some(issued) = doc.issued.filter(|&d| d > today) {
            out.push(Referral::NotYetValid { issued });
        }
        if !self.document_codes.iter().any(|c| c.strip_suffix('*').map_or(*c == m.document_code, |p| m.document_code.starts_with(p))) {
            out.push(Referral::DocumentType { code: m.document_code.clone() });
        }
        let listed = |list: &[String], code: &str| list.iter().any(|c| c == "*" || c == code);
        for (state, role) in [(&m.issuing_state, StateRole::Issuer), (&m.nationality, StateRole::Nationality)] {
            let allowed = if role == StateRole::Issuer { &self.issuing_states } else { &self.nationalities };
            if !is_known_state(state) && self.unknown_state_codes == UnknownStates::Refer {
                out.push(Referral::UnknownState { role, code: state.clone() });
            } else if !listed(allowed, state) {
                out.push(Referral::StateNotAllowed { role, code: state.clone() });
            }
        }
        if self.refer_nationalities.contains(&m.nationality) {
            out.push(Referral::NationalityReferred { code: m.nationality.clone() });
        }
        if let Some(b) = m.birth().filter(|_| self.min_age > 0) {
            let age = age_on(b.as_birth_date(today), today);
            if age < i32::from(self.min_age) {
                out.push(Referral::TooYoung { age, min_age: self.min_age });
            }
        }
        if !self.programmes.is_empty() && !traveller.programmes.iter().any(|p| self.programmes.contains(p)) {
            out.push(Referral::NotEnrolled { needed: self.programmes.clone() });
        }
        out
    }
}

/// Whole years from `birth` to `today`.
pub fn age_on(birth: Date, today: Date) -> i32 {
    let mut age = i32::from(today.year()) - i32::from(birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// A document as the gate read it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The printed zone (already compared with the chip's DG1 when there is a chip).
    pub mrz: Mrz,
    /// Date of issue, from the chip's DG12 when the document carries it.
    pub issued: Option<Date>,
}

/// What the gate knows of the traveller besides the document.
#[derive(Debug, Clone, Default)]
pub struct Traveller {
    /// Programmes the document number is enrolled in (from the cached register).
    pub programmes: Vec<String>,
}

/// Which code a state rule concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateRole {
    /// The issuing state.
    Issuer,
    /// The holder's nationality.
    Nationality,
}

/// One reason to send the traveller to an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Referral {
    /// A check digit fails or a field is not a value.
    ZoneInvalid(Vec<String>),
    /// Expired, or valid for fewer days than required.
    Expired {
        /// Expiry date.
        expiry: Date,
        /// Days of validity required.
        min_validity_days: u32,
    },
    /// Issued after today.
    NotYetValid {
        /// Date of issue.
        issued: Date,
    },
    /// The document type may not use this gate.
    DocumentType {
        /// Document code.
        code: String,
    },
    /// A state code ICAO does not know.
    UnknownState {
        /// Issuer or nationality.
        role: StateRole,
        /// The code.
        code: String,
    },
    /// The state is not on this gate's list.
    StateNotAllowed {
        /// Issuer or nationality.
        role: StateRole,
        /// The code.
        code: String,
    },
    /// The rules send this nationality to an officer.
    NationalityReferred {
        /// The code.
        code: String,
    },
    /// Younger than the gate's minimum age.
    TooYoung {
        /// Age today.
        age: i32,
        /// Minimum.
        min_age: u8,
    },
    /// Not enrolled in a programme that may use the gate.
    NotEnrolled {
        /// Programmes that may.
        needed: Vec<String>,
    },
}

impl fmt::Display for Referral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = |r: &StateRole| if *r == StateRole::Issuer { "issuing state" } else { "nationality" };
        match self {
            Referral::ZoneInvalid(why) => write!(f, "the machine-readable zone does not verify: {}", why.join("; ")),
            Referral::Expired { expiry, min_validity_days: 0 } => write!(f, "document expired on {expiry}"),
            Referral::Expired { expiry, min_validity_days } => {
                write!(f, "document expires on {expiry}, less than {min_validity_days} days from today")
            }
            Referral::NotYetValid { issued } => write!(f, "document not valid before {issued}"),
            Referral::DocumentType { code } => write!(f, "document type {code} may not use this gate"),
            Referral::UnknownState { role, code } => write!(f, "{} {code} is not a code ICAO knows", name(role)),
            Referral::StateNotAllowed { role, code } => write!(f, "{} {code} may not use this gate", name(role)),
            Referral::NationalityReferred { code } => write!(f, "nationality {code} is seen by an officer"),
            Referral::TooYoung { age, min_age } => write!(f, "traveller is {age}, the gate is for {min_age} and over"),
            Referral::NotEnrolled { needed } => write!(f, "not enrolled in {}", needed.join(" or ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz;
    use jiff::civil::date;

    const RULES: &str = r#"
checkpoint = "khorgos"
document_codes = ["P", "I*"]
nationalities = ["CHN", "KAZ", "UTO"]
min_age = 16
programmes = ["frequent", "merchant"]
min_validity_days = 30
"#;

    fn doc(lines: &str) -> Document {
        Document { mrz: mrz::parse(lines).unwrap(), issued: None }
    }

    const ANNA: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

    #[test]
    fn refers_with_every_reason() {
        let rules = Rules::from_toml(RULES, "gate.toml").unwrap();
        let today = date(2026, 11, 27);
        let r = rules.assess(&doc(ANNA), &Traveller::default(), today);
        let text: Vec<String> = r.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["document expires on 2012-04-15, less than 30 days from today", "not enrolled in frequent or merchant"]);
        let r = rules.assess(&doc(ANNA), &Traveller { programmes: vec!["merchant".into()] }, date(2011, 1, 1));
        assert!(r.is_empty(), "{r:?}");
        let issued = Document { issued: Some(date(2011, 6, 1)), ..doc(ANNA) };
        assert_eq!(
            rules.assess(&issued, &Traveller { programmes: vec!["merchant".into()] }, date(2011, 1, 1)),
            [Referral::NotYetValid { issued: date(2011, 6, 1) }]
        );
        // Born 2018: too young on 2026-11-27.
        let child = doc("P<ESPGARCIA<LOPEZ<<LUCIA<<<<<<<<<<<<<<<<<<<<\nPAA0000016ESP1807044F2807041<<<<<<<<<<<<<<08");
        let r = rules.assess(&child, &Traveller { programmes: vec!["frequent".into()] }, today);
        assert_eq!(
            r,
            [Referral::StateNotAllowed { role: StateRole::Nationality, code: "ESP".into() }, Referral::TooYoung { age: 8, min_age: 16 }]
        );
    }

    #[test]
    fn bad_rules_name_the_key() {
        let e = Rules::from_toml(&RULES.replace("\"KAZ\"", "\"kz\""), "gate.toml").unwrap_err();
        assert_eq!(e.to_string(), "gate.toml: `nationalities`: \"kz\" is not a state code (1-3 capital letters, as in the MRZ) or *");
        let e = Rules::from_toml(&RULES.replace("min_age", "min_agee"), "gate.toml").unwrap_err();
        assert!(e.to_string().contains("unknown field `min_agee`"), "{e}");
        let e = Rules::from_toml(&RULES.replace("[\"P\", \"I*\"]", "[]"), "gate.toml").unwrap_err();
        assert!(e.to_string().contains("`document_codes`"), "{e}");
    }
}
