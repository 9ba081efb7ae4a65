//! 1:1 biometric verification behind traits, so a vendor's SDK can replace
//! ours: the live face against the chip's photo (DG2), the live fingerprint
//! against the enrolled template. Each returns a score and the decision at its
//! configured threshold. Our implementations (dlib's ResNet face model, NIST
//! NBIS MINDTCT + BOZORTH3) are in [`crate::matchers`] behind the
//! `biometrics` feature.

use serde::Serialize;

use crate::gate::Capture;
use crate::rules::Modality;

/// A 1:1 comparison's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Verification {
    /// Similarity; higher is more alike. Its scale is the matcher's own.
    pub score: f64,
    /// The configured threshold on that scale.
    pub threshold: f64,
    /// `score >= threshold`.
    pub matched: bool,
}

impl Verification {
    /// A result at `threshold`.
    pub fn at(score: f64, threshold: f64) -> Verification {
        Verification { score, threshold, matched: score >= threshold }
    }
}

/// Why a sample could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BiometricError {
    /// The live capture or the reference holds no usable sample (no face found, too few minutiae).
    #[error("unusable {which} sample: {why}")]
    Unusable {
        /// `live` or `reference`.
        which: &'static str,
        /// What the matcher said.
        why: String,
    },
    /// The matcher itself failed (model missing, library error).
    #[error("matcher failed: {0}")]
    Matcher(String),
}

/// Face verification: the live capture against the document's photo.
pub trait FaceVerifier: Send + Sync {
    /// Compares two encoded images (JPEG, PNG).
    fn verify(&self, live: &[u8], reference: &[u8]) -> Result<Verification, BiometricError>;
}

/// Fingerprint verification: the live print against the enrolled one.
pub trait FingerprintVerifier: Send + Sync {
    /// Compares two encoded fingerprint images (PNG, 500 dpi).
    fn verify(&self, live: &[u8], enrolled: &[u8]) -> Result<Verification, BiometricError>;
}

/// What trying one required modality gave: the matcher's comparison, or why
/// it could not be tried (no matcher in this build, no reference sample, a
/// device fault).
pub type Attempt = Result<Result<Verification, BiometricError>, String>;

/// The gate's biometric policy: every modality the rules require, in their
/// order, and all must match. The first that does not decides, and the rest
/// are not tried: a non-match or an unusable sample may be captured again; a
/// modality that cannot be tried, or a matcher that fails, may not (no retry helps).
pub fn verify_required(required: &[Modality], mut attempt: impl FnMut(Modality) -> Attempt) -> Capture {
    let mut matched = Vec::new();
    for &m in required {
        let name = m.as_str();
        match attempt(m) {
            Err(why) => return Capture::Unavailable(why),
            Ok(Ok(r)) if r.matched => matched.push(format!("{name} {:.2} >= {:.2}", r.score, r.threshold)),
            Ok(Ok(r)) => return Capture::NoMatch(format!("{name} {:.2} < {:.2}", r.score, r.threshold)),
            Ok(Err(e @ BiometricError::Unusable { .. })) => return Capture::Unusable(format!("{name}: {e}")),
            Ok(Err(e @ BiometricError::Matcher(_))) => return Capture::Unavailable(format!("{name}: {e}")),
        }
    }
    Capture::Matched(matched.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: [Modality; 2] = [Modality::Face, Modality::Fingerprint];

    #[test]
    fn every_required_modality_must_match() {
        let all = verify_required(&BOTH, |_| Ok(Ok(Verification::at(0.7, 0.4))));
        assert_eq!(all, Capture::Matched("face 0.70 >= 0.40; fingerprint 0.70 >= 0.40".into()));
        let mut tried = Vec::new();
        let face_fails = verify_required(&BOTH, |m| {
            tried.push(m);
            Ok(Ok(Verification::at(if m == Modality::Face { 0.1 } else { 0.9 }, 0.4)))
        });
        assert_eq!(face_fails, Capture::NoMatch("face 0.10 < 0.40".into()));
        assert_eq!(tried, [Modality::Face], "the first failure decides; the fingerprint is not captured");
    }

    #[test]
    fn what_cannot_be_tried_is_unavailable_and_a_bad_sample_unusable() {
        let print_missing = verify_required(&BOTH, |m| match m {
            Modality::Face => Ok(Ok(Verification::at(0.9, 0.4))),
            Modality::Fingerprint => Err("no enrolled fingerprint".into()),
        });
        assert_eq!(print_missing, Capture::Unavailable("no enrolled fingerprint".into()));
        let blurred = verify_required(&[Modality::Face], |_| Ok(Err(BiometricError::Unusable { which: "live", why: "no face".into() })));
        assert_eq!(blurred, Capture::Unusable("face: unusable live sample: no face".into()));
        let broken = verify_required(&[Modality::Face], |_| Ok(Err(BiometricError::Matcher("model missing".into()))));
        assert!(matches!(broken, Capture::Unavailable(_)), "a failing matcher is not the traveller's to retry");
    }
}
