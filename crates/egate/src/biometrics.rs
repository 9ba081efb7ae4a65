//! 1:1 biometric verification behind traits, so a vendor's SDK can replace
//! ours: the live face against the chip's photo (DG2), the live fingerprint
//! against the enrolled template. Each returns a score and the decision at its
//! configured threshold. Our implementations (dlib's ResNet face model, NIST
//! NBIS MINDTCT + BOZORTH3) are in [`crate::matchers`] behind the
//! `biometrics` feature.

use serde::Serialize;

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
