//! The run loop beside one gate: devices in, the state machine's steps out,
//! every step spooled as events before the door moves.
//!
//! Time is the controller's clock: with simulated devices it advances by the
//! durations a traveller's actions take (reading the document, a capture,
//! walking through), optionally slept in real time, so a simulated gate
//! produces a realistic stream of events without hardware.

use std::time::{Duration, Instant};

use borderflow_core::{Event, EventBody, GateStep, Id, event::ServiceEnd};
use borderflow_egate::biometrics::{FaceVerifier, FingerprintVerifier, verify_required};
use borderflow_egate::decide::Screening;
use borderflow_egate::gate::{Capture, Gate, GateConfig, Input, Outcome, State, Step};
use borderflow_egate::rules::Modality;
use jiff::Timestamp;

use crate::devices::{DeviceError, Devices};
use crate::spool::{Spool, SpoolError};

/// Seconds a traveller's actions take at a simulated gate.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Laying the document on the reader until its data is read.
    pub read_s: f64,
    /// One biometric capture.
    pub capture_s: f64,
    /// Walking through the open door.
    pub walk_s: f64,
    /// Stepping back out after a referral.
    pub leave_s: f64,
    /// Real seconds slept per simulated second (0: as fast as possible).
    pub real_time: f64,
}

impl Default for Pace {
    fn default() -> Self {
        // About 10 s a traveller, the station's figure for its e-gates.
        Pace { read_s: 3.0, capture_s: 3.0, walk_s: 4.0, leave_s: 5.0, real_time: 0.0 }
    }
}

/// Everything a gate controller needs.
pub struct Controller {
    /// Checkpoint.
    pub checkpoint: Id,
    /// This gate's lane id.
    pub lane: Id,
    /// Document, rules and watchlist checks (cached locally).
    pub screening: Screening,
    /// Face matcher, if this build has one.
    pub face: Option<Box<dyn FaceVerifier>>,
    /// Fingerprint matcher, if this build has one.
    pub fingerprint: Option<Box<dyn FingerprintVerifier>>,
    /// Attempts and timeouts.
    pub config: GateConfig,
    /// Simulated durations.
    pub pace: Pace,
    /// The checkpoint's traveller category for each enrolment programme.
    pub categories: Categories,
}

/// Which of the checkpoint's traveller categories a gate's traveller is, from
/// the programmes they are enrolled in (`merchant` → `merchant`, `frequent` →
/// `repeat`): the gate reports it with the service, since nobody reports the
/// traveller joining the gate's queue.
#[derive(Debug, Clone, Default)]
pub struct Categories {
    /// Programme → category, first match wins.
    pub by_programme: Vec<(String, Id)>,
    /// For a traveller in none of them (none: not reported).
    pub otherwise: Option<Id>,
}

impl Categories {
    /// The category of a traveller enrolled in `programmes`.
    pub fn of(&self, programmes: &[String]) -> Option<Id> {
        self.by_programme.iter().find(|(p, _)| programmes.contains(p)).map(|(_, c)| c.clone()).or_else(|| self.otherwise.clone())
    }
}

/// Why the controller stopped.
#[derive(Debug, thiserror::Error)]
pub enum ControllerError {
    /// A device failed in a way the cycle cannot absorb.
    #[error(transparent)]
    Device(#[from] DeviceError),
    /// The spool could not be written: the gate must stop rather than act unrecorded.
    #[error(transparent)]
    Spool(#[from] SpoolError),
}

/// What a run did.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Travellers who presented a document.
    pub travellers: usize,
    /// Cleared through the gate.
    pub cleared: usize,
    /// Referred to an officer, with reason codes.
    pub referred: Vec<borderflow_core::ReferReason>,
    /// Tailgating alarms.
    pub tailgating: usize,
    /// Events spooled.
    pub events: usize,
    /// Document + watchlist + decision time per traveller, ms.
    pub decision_ms: Vec<f64>,
    /// Biometric capture-to-verdict time per attempt, ms (the matcher's share).
    pub biometric_ms: Vec<f64>,
}

impl Controller {
    /// Runs until the document reader has no more travellers.
    pub async fn run<D: Devices>(&self, devices: &mut D, spool: &Spool, start: Timestamp) -> Result<Summary, ControllerError> {
        let mut run = Run { c: self, gate: Gate::new(self.config), spool, start, now: 0.0, summary: Summary::default() };
        while let Some(presented) = devices.read()? {
            // Each traveller on the checkpoint's local date as it is now: a run goes on past midnight.
            let today = self.screening.rules.local_date(start + jiff::SignedDuration::from_secs_f64(run.now));
            run.summary.travellers += 1;
            run.apply(devices, Input::DocumentPresented).await?;
            run.advance(self.pace.read_s).await;
            let t = Instant::now();
            let checked = self.screening.check(&presented, today);
            run.summary.decision_ms.push(t.elapsed().as_secs_f64() * 1e3);
            run.apply(devices, Input::DocumentChecked { traveller: checked.traveller, verdict: checked.verdict }).await?;
            let chip_face = presented.chip.map(|c| c.dg2_face).unwrap_or_default();
            while matches!(run.gate.state(), State::Capturing { .. }) {
                let people = devices.count()?;
                if people > 1 {
                    run.apply(devices, Input::Presence(people)).await?;
                    break;
                }
                run.advance(self.pace.capture_s).await;
                let t = Instant::now();
                let capture = self.verify(devices, &chip_face);
                run.summary.biometric_ms.push(t.elapsed().as_secs_f64() * 1e3);
                run.apply(devices, Input::Biometric(capture)).await?;
            }
            if matches!(run.gate.state(), State::Open { .. }) {
                run.advance(1.0).await;
                let people = devices.count()?;
                run.apply(devices, Input::Presence(people)).await?;
            }
            if matches!(run.gate.state(), State::Open { .. }) {
                run.advance(self.pace.walk_s).await;
                if devices.passed()? {
                    run.apply(devices, Input::Passed).await?;
                } else {
                    run.advance(self.config.timeouts.pass_s).await;
                    run.apply(devices, Input::Tick).await?;
                }
            }
            if matches!(run.gate.state(), State::Referring { .. }) {
                run.advance(self.pace.leave_s).await;
                run.apply(devices, Input::Left).await?;
            }
        }
        Ok(run.summary)
    }

    /// Captures each modality the rules require and verifies it; the policy
    /// (order, all must match, what may be retried) is the `egate` crate's.
    fn verify<D: Devices>(&self, devices: &mut D, chip_face: &[u8]) -> Capture {
        verify_required(&self.screening.rules.biometrics, |m| match m {
            Modality::Face => {
                let v = self.face.as_ref().ok_or("no face matcher in this build (build with --features biometrics)")?;
                if chip_face.is_empty() {
                    return Err("the chip gave no photo (DG2)".into());
                }
                let live = devices.capture_face().map_err(|e| e.to_string())?;
                Ok(v.verify(&live, chip_face))
            }
            Modality::Fingerprint => {
                let v = self.fingerprint.as_ref().ok_or("no fingerprint matcher in this build (build with --features biometrics)")?;
                let enrolled = devices.enrolled_print().map_err(|e| e.to_string())?.ok_or("no enrolled fingerprint")?;
                let live = devices.capture_print().map_err(|e| e.to_string())?;
                Ok(v.verify(&live, &enrolled))
            }
        })
    }
}

/// One run's mutable state.
struct Run<'a> {
    c: &'a Controller,
    gate: Gate,
    spool: &'a Spool,
    start: Timestamp,
    now: f64,
    summary: Summary,
}

impl Run<'_> {
    async fn advance(&mut self, seconds: f64) {
        self.now += seconds;
        if self.c.pace.real_time > 0.0 {
            tokio::time::sleep(Duration::from_secs_f64(seconds * self.c.pace.real_time)).await;
        }
    }

    /// Feeds the machine; spools each step's events, then moves the door.
    async fn apply<D: Devices>(&mut self, devices: &mut D, input: Input) -> Result<(), ControllerError> {
        for step in self.gate.handle(self.now, input) {
            let events = self.events_of(&step);
            self.spool.push(&events).await?;
            self.summary.events += events.len();
            match &step.outcome {
                Some(Outcome::Cleared) => self.summary.cleared += 1,
                Some(Outcome::Referred(reason)) => self.summary.referred.push(reason.clone()),
                None => {}
            }
            self.summary.tailgating += usize::from(step.step == "tailgating");
            if let Some(open) = step.door {
                devices.set_open(open)?;
            }
        }
        Ok(())
    }

    /// A step as the events the server receives: always a `gate_step`; the
    /// document read also starts service, and the outcome ends it.
    fn events_of(&self, step: &Step) -> Vec<Event> {
        let at = self.start + jiff::SignedDuration::from_secs_f64(step.at);
        let lane = self.c.lane.clone();
        let traveller = step.traveller.as_deref().map(|t| Id::new(t).expect("pseudonyms are hex"));
        let event = |body| Event { id: uuid::Uuid::now_v7(), at, checkpoint: self.c.checkpoint.clone(), body };
        let detail = step.detail.as_ref().map(|d| {
            let mut d = d.clone();
            if d.len() > 200 {
                let mut cut = 197;
                while !d.is_char_boundary(cut) {
                    cut -= 1;
                }
                d.truncate(cut);
                d.push_str("...");
            }
            d
        });
        let category =
            || step.traveller.as_ref().and_then(|t| self.c.categories.of(self.c.screening.enrolments.get(t).map_or(&[][..], |p| p)));
        let mut out = vec![event(EventBody::GateStep(GateStep {
            lane: lane.clone(),
            traveller: traveller.clone(),
            step: Id::new(step.step).expect("step names are ids"),
            detail,
        }))];
        let who = || traveller.clone().unwrap_or_else(|| Id::new("unread-document").expect("an id"));
        if step.step == "document_read" {
            out.push(event(EventBody::ServiceStarted { traveller: who(), lane: lane.clone(), officer: None, category: category() }));
        }
        match &step.outcome {
            Some(Outcome::Cleared) => {
                out.push(event(EventBody::Cleared(ServiceEnd { traveller: who(), lane, officer: None, reason: None })))
            }
            Some(Outcome::Referred(reason)) => {
                out.push(event(EventBody::Referred(ServiceEnd { traveller: who(), lane, officer: None, reason: Some(reason.clone()) })))
            }
            None => {}
        }
        out
    }
}

#[cfg(test)]
mod category_tests {
    use super::*;

    #[test]
    fn a_travellers_category_is_their_first_mapped_programme_else_the_other() {
        let id = |s: &str| Id::new(s).unwrap();
        let c = Categories {
            by_programme: vec![("merchant".into(), id("merchant")), ("frequent".into(), id("repeat"))],
            otherwise: Some(id("general")),
        };
        assert_eq!(c.of(&["frequent".into(), "merchant".into()]), Some(id("merchant")));
        assert_eq!(c.of(&["frequent".into()]), Some(id("repeat")));
        assert_eq!(c.of(&[]), Some(id("general")));
        assert_eq!(Categories::default().of(&["merchant".into()]), None);
    }
}

/// "Today" for a document is the checkpoint's local date, whatever the UTC
/// date is (it was the UTC date: a day off near midnight).
#[cfg(test)]
mod local_date_tests {
    use super::*;
    use crate::devices::{Scripted, SimulatedHall};
    use borderflow_core::ReferReason;
    use borderflow_egate::chip::NotImplemented;
    use borderflow_egate::mrz::{Fields, Format, build};
    use borderflow_egate::rules::Rules;
    use borderflow_egate::watchlist::Watchlist;

    /// A passport valid through 12 July 2026.
    fn passport() -> String {
        build(&Fields {
            format: Format::TD3,
            document_code: "P".into(),
            issuing_state: "KAZ".into(),
            surname: "ABENOV".into(),
            given_names: "ASAN".into(),
            document_number: "N12345678".into(),
            nationality: "KAZ".into(),
            birth_date: "800101".into(),
            sex: 'M',
            expiry_date: "260712".into(),
            optional_data: String::new(),
            optional_data_2: None,
        })
        .unwrap()
        .join("\n")
    }

    async fn referred_at(time_zone: &str, local: &str) -> Vec<ReferReason> {
        let rules = format!("checkpoint = \"k\"\ndocument_codes = [\"P\"]\nnationalities = [\"*\"]\ntime_zone = \"{time_zone}\"\n");
        let controller = Controller {
            checkpoint: Id::new("k").unwrap(),
            lane: Id::new("E1").unwrap(),
            screening: Screening {
                rules: Rules::from_toml(&rules, "rules.toml").unwrap(),
                watchlist: Watchlist::default(),
                watchlist_threshold: 0.88,
                enrolments: Default::default(),
                pseudonym_key: b"key".to_vec(),
                passive: Box::new(NotImplemented),
            },
            face: None,
            fingerprint: None,
            config: GateConfig::default(),
            pace: Pace::default(),
            categories: Categories::default(),
        };
        let mrz = passport();
        let traveller: Scripted = serde_json::from_value(serde_json::json!({ "mrz": mrz })).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(&dir.path().join("spool.db")).await.unwrap();
        let start =
            local.parse::<jiff::civil::DateTime>().unwrap().to_zoned(jiff::tz::TimeZone::get(time_zone).unwrap()).unwrap().timestamp();
        controller.run(&mut SimulatedHall::new(vec![traveller]), &spool, start).await.unwrap().referred
    }

    #[tokio::test]
    async fn a_document_is_judged_on_the_checkpoints_local_date() {
        // 23:30 on its last valid day in New York is already the 13th in UTC: still valid
        // (the build has no face matcher, so the gate then refers for that, not for the document).
        assert_eq!(referred_at("America/New_York", "2026-07-12T23:30").await, [ReferReason::BiometricsUnavailable]);
        // 07:30 the next morning at Khorgos is still the 12th in UTC: expired.
        assert_eq!(referred_at("Asia/Shanghai", "2026-07-13T07:30").await, [ReferReason::Document]);
    }
}
