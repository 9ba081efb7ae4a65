//! The self-service e-gate's decisions, without devices or I/O.
//!
//! - [`mrz`]: ICAO 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B),
//!   parsed with every check digit and precise errors.
//! - [`chip`]: the eMRTD data a reader hands over, the DG1-versus-printed
//!   comparison and BAC key derivation.
//! - [`rules`]: a checkpoint's gate rules (TOML) and the document and
//!   eligibility checks that send a traveller to an officer.
//! - [`decide`]: from what the reader handed over to the verdict on the
//!   document (zone, chip, rules, watchlists) and the traveller's pseudonym.
//! - [`biometrics`]: 1:1 face and fingerprint verification traits.
//! - `matchers` (feature `biometrics`): our face (dlib) and fingerprint (NIST
//!   NBIS) implementations of those traits.
//! - [`gate`]: one gate's cycle (document, checks, biometric capture with
//!   retries, open or refer, tailgating) as a state machine with timeouts.
//! - [`watchlist`]: lost/stolen document numbers and transliteration-tolerant
//!   name and birth-date screening.

pub mod biometrics;
pub mod chip;
pub mod decide;
pub mod gate;
#[cfg(feature = "biometrics")]
pub mod matchers;
pub mod mrz;
pub mod rules;
pub mod watchlist;
