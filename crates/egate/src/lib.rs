//! The self-service e-gate's decisions, without devices or I/O.
//!
//! - [`mrz`]: ICAO 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B),
//!   parsed with every check digit and precise errors.
//! - [`chip`]: the eMRTD data a reader hands over, the DG1-versus-printed
//!   comparison and BAC key derivation.
//! - [`rules`]: a checkpoint's gate rules (TOML) and the document and
//!   eligibility checks that send a traveller to an officer.
//! - [`watchlist`]: lost/stolen document numbers and transliteration-tolerant
//!   name and birth-date screening.

pub mod chip;
pub mod mrz;
pub mod rules;
pub mod watchlist;
