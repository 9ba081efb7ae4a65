//! # borderflow-egate
//!
//! The self-service e-gate's decisions, without devices or I/O: everything a
//! gate decides, as pure functions and a state machine, so it is tested
//! directly and the gate keeps deciding with the network down.
//!
//! - [`mrz`]: ICAO 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B),
//!   parsed with every check digit and precise errors.
//! - [`chip`]: the eMRTD data a reader hands over, the DG1-versus-printed
//!   comparison and BAC key derivation.
//! - [`rules`]: a checkpoint's gate rules (TOML) and the document and
//!   eligibility checks that send a traveller to an officer, judged on the
//!   checkpoint's local date.
//! - [`decide`]: from what the reader handed over to the verdict on the
//!   document ([`decide::Screening::check`]: zone, chip, rules, watchlists,
//!   each problem typed) and the traveller's pseudonym.
//! - [`biometrics`]: 1:1 face and fingerprint verification traits, and the
//!   gate's policy over them ([`biometrics::verify_required`]: every required
//!   modality, all must match).
//! - `matchers` (feature `biometrics`): our face (dlib) and fingerprint (NIST
//!   NBIS) implementations of those traits.
//! - [`gate`]: one gate's cycle (document, checks, biometric capture with
//!   retries, open or refer with a typed reason, tailgating) as a state
//!   machine with timeouts.
//! - [`watchlist`]: lost/stolen document numbers and transliteration-tolerant
//!   name and birth-date screening.
//!
//! ```
//! use borderflow_egate::mrz;
//! let zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
//! let m = mrz::parse(zone).unwrap();
//! assert!(m.is_valid());
//! assert_eq!(m.fields.surname, "ERIKSSON");
//! ```
//!
//! Guarantees: nothing here reads a clock, a file or the network ("today" and
//! every input are passed in); a document number never leaves as itself (the
//! traveller is an HMAC pseudonym under the checkpoint's key); every referral
//! carries its typed reason.
//!
//! Must not depend on: tokio, sqlx, axum, reqwest, the system clock, device drivers.

pub mod biometrics;
pub mod chip;
pub mod decide;
pub mod gate;
#[cfg(feature = "biometrics")]
pub mod matchers;
pub mod mrz;
pub mod rules;
pub mod watchlist;
