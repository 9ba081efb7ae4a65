//! Our biometric matchers, offline (feature `biometrics`):
//!
//! - face: dlib's HOG face detector, 5-point landmarks and ResNet face
//!   encoder (the models `face_recognition` ships); the score is
//!   1 − Euclidean distance between the 128-d encodings, so dlib's usual
//!   0.6 distance threshold is a score of 0.4;
//! - fingerprint: NIST NBIS MINDTCT minutiae and the BOZORTH3 score, 40 being
//!   NIST's customary threshold.
//!
//! Neither has been measured for false match / false non-match rates here:
//! `docs/egate.md` says what such a measurement needs.

use std::path::Path;
use std::sync::Mutex;

use dlib_face_recognition::{
    FaceDetector, FaceDetectorTrait, FaceEncoderNetwork, FaceEncoderTrait, FaceEncoding, ImageMatrix, LandmarkPredictor,
    LandmarkPredictorTrait,
};

use crate::biometrics::{BiometricError, FaceVerifier, FingerprintVerifier, Verification};

/// dlib's networks are `Send` but not `Sync`: one lock serialises use.
struct Dlib {
    detector: FaceDetector,
    landmarks: LandmarkPredictor,
    encoder: FaceEncoderNetwork,
}

/// Face verification with dlib's ResNet model.
pub struct DlibFace {
    dlib: Mutex<Dlib>,
    /// The last reference photo and its encoding.
    last_reference: Mutex<Option<(Vec<u8>, FaceEncoding)>>,
    threshold: f64,
}

/// Longest side, in pixels, images are scaled down to before face detection.
const MAX_SIDE: u32 = 800;

/// Files the face matcher loads from its models directory.
pub const FACE_MODELS: [&str; 2] = ["shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"];

impl DlibFace {
    /// Loads the models from `dir` (see `scripts/fetch-biometrics.sh`); `threshold` on the 1 − distance scale.
    pub fn open(dir: &Path, threshold: f64) -> Result<DlibFace, BiometricError> {
        let path = |f: &str| {
            let p = dir.join(f);
            if p.is_file() {
                Ok(p)
            } else {
                Err(BiometricError::Matcher(format!("{} missing: run scripts/fetch-biometrics.sh", p.display())))
            }
        };
        let landmarks = LandmarkPredictor::open(path(FACE_MODELS[0])?).map_err(BiometricError::Matcher)?;
        let encoder = FaceEncoderNetwork::open(path(FACE_MODELS[1])?).map_err(BiometricError::Matcher)?;
        Ok(DlibFace {
            dlib: Mutex::new(Dlib { detector: FaceDetector::new(), landmarks, encoder }),
            last_reference: Mutex::new(None),
            threshold,
        })
    }

    /// The encoding of the largest face in an image.
    fn encode(&self, which: &'static str, bytes: &[u8]) -> Result<FaceEncoding, BiometricError> {
        let unusable = |why: String| BiometricError::Unusable { which, why };
        let image = image::load_from_memory(bytes).map_err(|e| unusable(format!("not an image: {e}")))?;
        // Face detection's cost grows with the pixels; a gate camera's face is large, so 800 px is plenty.
        let image = if image.width().max(image.height()) > MAX_SIDE {
            image.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
        } else {
            image
        };
        let image = image.to_rgb8();
        let matrix = ImageMatrix::from_image(&image);
        let dlib = self.dlib.lock().map_err(|_| BiometricError::Matcher("a previous match panicked".into()))?;
        let faces = dlib.detector.face_locations(&matrix);
        let face = faces.iter().max_by_key(|r| (r.right - r.left) * (r.bottom - r.top)).ok_or_else(|| unusable("no face found".into()))?;
        let landmarks = dlib.landmarks.face_landmarks(&matrix, face);
        let encodings = dlib.encoder.get_face_encodings(&matrix, &[landmarks], 0);
        encodings.first().cloned().ok_or_else(|| unusable("no encoding".into()))
    }
}

impl FaceVerifier for DlibFace {
    fn verify(&self, live: &[u8], reference: &[u8]) -> Result<Verification, BiometricError> {
        let live = self.encode("live", live)?;
        // The chip's photo is the same on every attempt of one traveller: encode it once.
        let mut last = self.last_reference.lock().map_err(|_| BiometricError::Matcher("a previous match panicked".into()))?;
        let reference = match &*last {
            Some((bytes, encoding)) if bytes.as_slice() == reference => encoding.clone(),
            _ => {
                let encoding = self.encode("reference", reference)?;
                *last = Some((reference.to_vec(), encoding.clone()));
                encoding
            }
        };
        Ok(Verification::at(1.0 - live.distance(&reference), self.threshold))
    }
}

/// Fingerprint verification with NIST NBIS (MINDTCT + BOZORTH3).
pub struct NbisFinger {
    threshold: f64,
}

impl NbisFinger {
    /// A matcher deciding at BOZORTH3 score `threshold`.
    pub fn new(threshold: f64) -> NbisFinger {
        NbisFinger { threshold }
    }
}

impl FingerprintVerifier for NbisFinger {
    fn verify(&self, live: &[u8], enrolled: &[u8]) -> Result<Verification, BiometricError> {
        let minutiae =
            |which, bytes: &[u8]| nbis::extract_minutiae(bytes, None).map_err(|e| BiometricError::Unusable { which, why: e.to_string() });
        let score = minutiae("live", live)?.compare(&minutiae("reference", enrolled)?);
        Ok(Verification::at(f64::from(score), self.threshold))
    }
}
