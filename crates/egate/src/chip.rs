//! The eMRTD chip as the reader hands it over, and the checks the gate makes
//! on it.
//!
//! Check digits cannot catch every misread: `L` and `1` differ by 20, so a
//! zone with one for the other passes every digit. The chip's DG1 holds the
//! issuer's own copy of the zone, so the gate compares the two character by
//! character ([`compare_dg1`]). The reader opens the chip with Basic Access
//! Control keys derived from the printed zone ([`BacKeys::derive`]).
//! Passive authentication (the issuer's signature over the data groups) is a
//! later step: [`PassiveAuthentication`] is the seam where it plugs in.

use crate::mrz::{self, Mrz};
use serde::Serialize;
use sha1::{Digest, Sha1};

/// What the document reader read from the chip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipData {
    /// DG1: the zone as the issuer wrote it to the chip.
    pub dg1_mrz: String,
    /// DG2: the facial image (JPEG or JPEG 2000 bytes) the holder's face is matched against.
    pub dg2_face: Vec<u8>,
}

/// Where the printed zone and the chip's copy differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Printed character.
    pub printed: char,
    /// The chip's character.
    pub chip: char,
}

/// Why the chip's DG1 does not confirm the printed zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum Dg1Error {
    /// DG1 is not a zone.
    #[error("the chip's DG1 is not a machine-readable zone: {0}")]
    Unreadable(String),
    /// DG1 has another shape than the printed zone.
    #[error("the chip's DG1 is a {chip:?} zone, the printed one a {printed:?}")]
    Format {
        /// Printed format.
        printed: mrz::Format,
        /// Chip format.
        chip: mrz::Format,
    },
    /// Characters differ.
    #[error("the printed zone differs from the chip's DG1 at {}", .0.iter().map(|m| format!("line {} column {} (printed {:?}, chip {:?})", m.line, m.column, m.printed, m.chip)).collect::<Vec<_>>().join(", "))]
    Differs(Vec<Mismatch>),
}

/// Checks that the chip's DG1 equals the printed zone, character by character.
pub fn compare_dg1(printed: &Mrz, chip: &ChipData) -> Result<(), Dg1Error> {
    let dg1 = mrz::parse(&chip.dg1_mrz).map_err(|e| Dg1Error::Unreadable(e.to_string()))?;
    if dg1.format != printed.format {
        return Err(Dg1Error::Format { printed: printed.format, chip: dg1.format });
    }
    let differences: Vec<Mismatch> = printed
        .lines
        .iter()
        .zip(&dg1.lines)
        .enumerate()
        .flat_map(|(i, (p, c))| {
            p.chars().zip(c.chars()).enumerate().filter(|(_, (a, b))| a != b).map(move |(j, (a, b))| Mismatch {
                line: i + 1,
                column: j + 1,
                printed: a,
                chip: b,
            })
        })
        .collect();
    if differences.is_empty() { Ok(()) } else { Err(Dg1Error::Differs(differences)) }
}

/// The Basic Access Control keys (ICAO 9303 Part 11, §4.3 and Appendix D).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BacKeys {
    /// SHA-1 of the MRZ information, first 16 bytes.
    pub k_seed: [u8; 16],
    /// 3DES encryption key (parity adjusted).
    pub k_enc: [u8; 16],
    /// 3DES MAC key (parity adjusted).
    pub k_mac: [u8; 16],
}

impl BacKeys {
    /// Derives the keys from the zone's document number, birth and expiry
    /// dates with their check digits.
    pub fn for_mrz(m: &Mrz) -> BacKeys {
        BacKeys::derive(&m.bac_information())
    }

    /// Derives the keys from the "MRZ information" string.
    pub fn derive(mrz_information: &str) -> BacKeys {
        let seed = Sha1::digest(mrz_information.as_bytes());
        let k_seed: [u8; 16] = seed[..16].try_into().expect("SHA-1 is 20 bytes");
        let key = |counter: u8| {
            let mut h = Sha1::new();
            h.update(k_seed);
            h.update([0, 0, 0, counter]);
            let mut k: [u8; 16] = h.finalize()[..16].try_into().expect("SHA-1 is 20 bytes");
            for b in &mut k {
                // DES keys carry odd parity in each byte's lowest bit.
                *b = (*b & 0xFE) | u8::from((*b >> 1).count_ones() % 2 == 0);
            }
            k
        };
        BacKeys { k_seed, k_enc: key(1), k_mac: key(2) }
    }
}

/// The outcome of verifying the issuer's signature over the chip's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Authenticity {
    /// The signature chains to a trusted country signing certificate.
    Verified,
    /// Not checked: no implementation is configured.
    NotChecked,
    /// The signature or the hashes do not verify.
    Failed(String),
}

/// Passive authentication: checks the Document Security Object's signature
/// and the data-group hashes against the country signing CA list. The gate
/// calls it after reading the chip; [`NotImplemented`] is today's answer.
pub trait PassiveAuthentication {
    /// Verifies the chip's data.
    fn verify(&self, chip: &ChipData) -> Authenticity;
}

/// The placeholder until a CSCA master list is configured: says plainly that
/// nothing was verified.
#[derive(Debug, Default, Clone, Copy)]
pub struct NotImplemented;

impl PassiveAuthentication for NotImplemented {
    fn verify(&self, _: &ChipData) -> Authenticity {
        Authenticity::NotChecked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dg1_catches_the_substitution_check_digits_miss() {
        let real = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let misread = real.replace("\nL898", "\n1898");
        let printed = mrz::parse(&misread).unwrap();
        assert!(printed.is_valid(), "every check digit passes");
        let chip = ChipData { dg1_mrz: real.into(), dg2_face: vec![] };
        let e = compare_dg1(&printed, &chip).unwrap_err();
        assert_eq!(e, Dg1Error::Differs(vec![Mismatch { line: 2, column: 1, printed: '1', chip: 'L' }]));
        assert!(e.to_string().contains("line 2 column 1"), "{e}");
        assert_eq!(compare_dg1(&mrz::parse(real).unwrap(), &chip), Ok(()));
        assert_eq!(NotImplemented.verify(&chip), Authenticity::NotChecked);
    }
}
