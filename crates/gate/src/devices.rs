//! The gate's devices behind traits — document reader, face camera,
//! fingerprint scanner, exit door, presence sensor — and a simulated set that
//! plays travellers from a file, so the controller runs end to end without
//! hardware.
//!
//! The simulated hall reads `travellers.jsonl`, one traveller per line (paths
//! relative to the file):
//!
//! ```json
//! {"mrz": "P<UTOERIKSSON<<…\nL898902C36…", "face_chip": "faces/a.jpg", "face_live": ["faces/b.jpg"],
//!  "finger_enrolled": "prints/p1_1.png", "finger_live": ["prints/p1_2.png"],
//!  "programmes": ["merchant"], "people": 1, "walks_through": true}
//! ```
//!
//! `dg1` (the chip's copy, default: the printed zone), `chip: false` (no chip
//! read), `people: 2` (someone tailgates) and `walks_through: false` (the
//! traveller never passes the open door) script the unusual cycles.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use borderflow_egate::chip::ChipData;
use borderflow_egate::decide::Presented;
use serde::Deserialize;

/// A device that did not answer as it should.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{device}: {message}")]
pub struct DeviceError {
    /// Which device.
    pub device: &'static str,
    /// What went wrong.
    pub message: String,
}

/// Reads the document laid on it: the zone by OCR and the chip.
pub trait DocumentReader {
    /// The next document, or `None` when nobody is at the gate.
    fn read(&mut self) -> Result<Option<Presented>, DeviceError>;
}

/// Takes the face image of the person in the gate.
pub trait FaceCamera {
    /// One capture, encoded (JPEG/PNG).
    fn capture_face(&mut self) -> Result<Vec<u8>, DeviceError>;
}

/// Takes a fingerprint.
pub trait FingerprintScanner {
    /// One capture, encoded (PNG, 500 dpi).
    fn capture_print(&mut self) -> Result<Vec<u8>, DeviceError>;
}

/// The exit door.
pub trait Door {
    /// Opens or shuts it.
    fn set_open(&mut self, open: bool) -> Result<(), DeviceError>;
}

/// Counts people in the passage, and sees them leave it.
pub trait PresenceSensor {
    /// People in the passage now.
    fn count(&mut self) -> Result<u32, DeviceError>;
    /// Whether the traveller has left through the far side since the door opened.
    fn passed(&mut self) -> Result<bool, DeviceError>;
}

/// Everything one gate has.
pub trait Devices: DocumentReader + FaceCamera + FingerprintScanner + Door + PresenceSensor {
    /// The enrolled fingerprint of the traveller in the gate, from the enrolment register.
    fn enrolled_print(&mut self) -> Result<Option<Vec<u8>>, DeviceError>;
}

/// One scripted traveller.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scripted {
    /// The printed zone.
    pub mrz: String,
    /// The chip's copy of the zone (default: the printed one).
    #[serde(default)]
    pub dg1: Option<String>,
    /// Whether the chip can be read.
    #[serde(default = "yes")]
    pub chip: bool,
    /// The chip's photo (DG2).
    #[serde(default)]
    pub face_chip: Option<PathBuf>,
    /// Live face captures, one per attempt (the last repeats).
    #[serde(default)]
    pub face_live: Vec<PathBuf>,
    /// The enrolled fingerprint.
    #[serde(default)]
    pub finger_enrolled: Option<PathBuf>,
    /// Live fingerprint captures, one per attempt (the last repeats).
    #[serde(default)]
    pub finger_live: Vec<PathBuf>,
    /// Programmes the traveller is enrolled in.
    #[serde(default)]
    pub programmes: Vec<String>,
    /// People who enter the passage together (2 or more: tailgating).
    #[serde(default = "one")]
    pub people: u32,
    /// Whether the traveller walks through the open door.
    #[serde(default = "yes")]
    pub walks_through: bool,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

/// Reads a travellers file, naming the line of any bad entry.
pub fn read_travellers(path: &Path) -> Result<Vec<Scripted>, DeviceError> {
    let err = |message: String| DeviceError { device: "simulated hall", message };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("{}: {e}", path.display())))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        let mut t: Scripted = serde_json::from_str(line).map_err(|e| err(format!("{}: line {}: {e}", path.display(), i + 1)))?;
        let resolve = |p: &mut PathBuf| *p = base.join(&*p);
        t.face_chip
            .iter_mut()
            .chain(t.face_live.iter_mut())
            .chain(t.finger_enrolled.iter_mut())
            .chain(t.finger_live.iter_mut())
            .for_each(resolve);
        out.push(t);
    }
    Ok(out)
}

/// A hall of scripted travellers behind simulated devices.
#[derive(Debug)]
pub struct SimulatedHall {
    waiting: VecDeque<Scripted>,
    current: Option<Scripted>,
    face_attempt: usize,
    print_attempt: usize,
    door_open: bool,
    opened_for_current: bool,
}

impl SimulatedHall {
    /// A hall where `travellers` will come to the gate in order.
    pub fn new(travellers: Vec<Scripted>) -> SimulatedHall {
        SimulatedHall {
            waiting: travellers.into(),
            current: None,
            face_attempt: 0,
            print_attempt: 0,
            door_open: false,
            opened_for_current: false,
        }
    }

    fn current(&self, device: &'static str) -> Result<&Scripted, DeviceError> {
        self.current.as_ref().ok_or(DeviceError { device, message: "nobody is in the gate".into() })
    }
}

fn read_file(device: &'static str, path: Option<&PathBuf>) -> Result<Vec<u8>, DeviceError> {
    let path = path.ok_or(DeviceError { device, message: "no sample scripted for this traveller".into() })?;
    std::fs::read(path).map_err(|e| DeviceError { device, message: format!("{}: {e}", path.display()) })
}

impl DocumentReader for SimulatedHall {
    fn read(&mut self) -> Result<Option<Presented>, DeviceError> {
        self.current = self.waiting.pop_front();
        (self.face_attempt, self.print_attempt, self.opened_for_current) = (0, 0, false);
        let Some(t) = &self.current else { return Ok(None) };
        let chip = if t.chip {
            let dg2_face = match &t.face_chip {
                Some(p) => read_file("document reader", Some(p))?,
                None => Vec::new(),
            };
            Some(ChipData { dg1_mrz: t.dg1.clone().unwrap_or_else(|| t.mrz.clone()), dg2_face })
        } else {
            None
        };
        Ok(Some(Presented { mrz_text: t.mrz.clone(), chip, issued: None }))
    }
}

impl FaceCamera for SimulatedHall {
    fn capture_face(&mut self) -> Result<Vec<u8>, DeviceError> {
        let t = self.current("face camera")?;
        let sample = t.face_live.get(self.face_attempt).or(t.face_live.last()).cloned();
        self.face_attempt += 1;
        read_file("face camera", sample.as_ref())
    }
}

impl FingerprintScanner for SimulatedHall {
    fn capture_print(&mut self) -> Result<Vec<u8>, DeviceError> {
        let t = self.current("fingerprint scanner")?;
        let sample = t.finger_live.get(self.print_attempt).or(t.finger_live.last()).cloned();
        self.print_attempt += 1;
        read_file("fingerprint scanner", sample.as_ref())
    }
}

impl Door for SimulatedHall {
    fn set_open(&mut self, open: bool) -> Result<(), DeviceError> {
        self.door_open = open;
        self.opened_for_current |= open;
        Ok(())
    }
}

impl PresenceSensor for SimulatedHall {
    fn count(&mut self) -> Result<u32, DeviceError> {
        Ok(self.current.as_ref().map_or(0, |t| t.people))
    }

    fn passed(&mut self) -> Result<bool, DeviceError> {
        Ok(self.door_open && self.opened_for_current && self.current.as_ref().is_some_and(|t| t.walks_through))
    }
}

impl Devices for SimulatedHall {
    fn enrolled_print(&mut self) -> Result<Option<Vec<u8>>, DeviceError> {
        match &self.current("enrolment register")?.finger_enrolled {
            None => Ok(None),
            Some(p) => read_file("enrolment register", Some(p)).map(Some),
        }
    }
}
