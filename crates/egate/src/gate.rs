//! One gate's cycle as a state machine, without devices or clocks: the
//! controller feeds it what the devices report and the time, and carries out
//! what it answers (open or close the door, show a screen) and sends every
//! step to the server.
//!
//! ```text
//! idle ─document presented─▶ reading ─read─▶ checks ─pass─▶ capture ⟲ retries ─match─▶ open ─passed─▶ idle
//!                               │               │               │                        │
//!                               └── timeout ────┴──── refer ◀───┴── no match / timeout ───┴── tailgating, timeout
//! refer ─traveller left (or timeout)─▶ idle
//! ```
//!
//! One person per cycle: a presence sensor counting more than one person in
//! the passage while the gate is capturing or open raises a tailgating alarm,
//! shuts the door and refers.

use borderflow_core::ReferReason;
use serde::Serialize;

/// Limits of one cycle, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Timeouts {
    /// From a document on the reader to its data (chip read included).
    pub reading_s: f64,
    /// For one biometric capture and match.
    pub capture_s: f64,
    /// For the traveller to walk through once the door opens.
    pub pass_s: f64,
    /// For a referred traveller to step back out.
    pub refer_s: f64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { reading_s: 15.0, capture_s: 10.0, pass_s: 15.0, refer_s: 30.0 }
    }
}

/// How a gate runs its cycle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GateConfig {
    /// Biometric captures allowed before referring.
    pub capture_attempts: u32,
    /// Timeouts.
    pub timeouts: Timeouts,
}

impl Default for GateConfig {
    fn default() -> Self {
        GateConfig { capture_attempts: 3, timeouts: Timeouts::default() }
    }
}

/// What the document checks concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentVerdict {
    /// Document, eligibility and watchlist allow the gate to go on to biometrics.
    Proceed,
    /// An officer must see the traveller; the problems are for the officer's screen.
    Refer(Vec<crate::decide::DocumentProblem>),
}

/// One biometric attempt's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Capture {
    /// Every required modality matched.
    Matched(String),
    /// A modality did not match.
    NoMatch(String),
    /// The sample could not be used (no face found, smudged print).
    Unusable(String),
    /// This gate cannot verify a required modality (no matcher, device fault): no retry helps.
    Unavailable(String),
}

/// What a device or the clock reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A document was laid on the reader.
    DocumentPresented,
    /// The reader's data has been checked.
    DocumentChecked {
        /// Pseudonym of the holder (never the document number).
        traveller: String,
        /// The checks' verdict.
        verdict: DocumentVerdict,
    },
    /// A biometric attempt finished.
    Biometric(Capture),
    /// The presence sensor's head count in the passage.
    Presence(u32),
    /// Someone left the far side of the gate.
    Passed,
    /// Someone stepped back out of the entrance.
    Left,
    /// Time passed (timeouts are checked).
    Tick,
}

/// The cycle's state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Waiting for a document.
    Idle,
    /// Reading the document.
    Reading {
        /// Entered at.
        since: f64,
    },
    /// Capturing and matching biometrics.
    Capturing {
        /// The traveller.
        traveller: String,
        /// Attempt number, from 1.
        attempt: u32,
        /// This attempt began at.
        since: f64,
    },
    /// The door is open for the traveller.
    Open {
        /// The traveller.
        traveller: String,
        /// Opened at.
        since: f64,
    },
    /// Showing "please see an officer".
    Referring {
        /// The traveller, if the document was read.
        traveller: Option<String>,
        /// Entered at.
        since: f64,
    },
}

/// Whether the traveller was let through or sent to an officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Passed the gate.
    Cleared,
    /// Sent to an officer, with the reason code.
    Referred(ReferReason),
}

/// One step the gate took: what to send to the server and what the devices must do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// When (the controller's clock).
    pub at: f64,
    /// The step's name (the `step` of a `gate_step` event).
    pub step: &'static str,
    /// The traveller, once known.
    pub traveller: Option<String>,
    /// Why, for the log (no personal data).
    pub detail: Option<String>,
    /// The cycle's outcome, when this step decides it.
    pub outcome: Option<Outcome>,
    /// Open (`true`) or shut (`false`) the exit door.
    pub door: Option<bool>,
}

/// One gate's cycle.
#[derive(Debug, Clone)]
pub struct Gate {
    config: GateConfig,
    state: State,
}

impl Gate {
    /// An idle gate.
    pub fn new(config: GateConfig) -> Gate {
        Gate { config, state: State::Idle }
    }

    /// Where the cycle is.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Feeds one report at time `now` (seconds on the controller's clock);
    /// returns the steps taken, in order (none when the input does not apply
    /// to the current state).
    pub fn handle(&mut self, now: f64, input: Input) -> Vec<Step> {
        let step = |step, traveller: Option<&String>, detail: Option<String>| Step {
            at: now,
            step,
            traveller: traveller.cloned(),
            detail,
            outcome: None,
            door: None,
        };
        let t = self.config.timeouts;
        let mut out = Vec::new();
        let state = std::mem::replace(&mut self.state, State::Idle);
        self.state = match (state, input) {
            (State::Idle, Input::DocumentPresented) => {
                out.push(step("document_presented", None, None));
                State::Reading { since: now }
            }
            (State::Reading { .. }, Input::DocumentChecked { traveller, verdict }) => {
                out.push(step("document_read", Some(&traveller), None));
                match verdict {
                    DocumentVerdict::Proceed => {
                        out.push(step("checks_passed", Some(&traveller), None));
                        out.push(step("capture", Some(&traveller), Some("attempt 1".into())));
                        State::Capturing { traveller, attempt: 1, since: now }
                    }
                    DocumentVerdict::Refer(problems) => {
                        let detail = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                        refer(&mut out, now, Some(traveller), ReferReason::Document, detail)
                    }
                }
            }
            (State::Reading { since }, Input::Tick) if now - since >= t.reading_s => {
                out.push(step("timeout", None, Some("document not read".into())));
                refer(&mut out, now, None, ReferReason::DocumentUnreadable, "the reader gave no data".into())
            }
            (State::Capturing { traveller, .. }, Input::Biometric(Capture::Matched(detail))) => {
                out.push(Step { door: Some(true), ..step("open", Some(&traveller), Some(detail)) });
                State::Open { traveller, since: now }
            }
            (State::Capturing { traveller, .. }, Input::Biometric(Capture::Unavailable(detail))) => {
                refer(&mut out, now, Some(traveller), ReferReason::BiometricsUnavailable, detail)
            }
            (State::Capturing { traveller, attempt, .. }, Input::Biometric(Capture::NoMatch(detail) | Capture::Unusable(detail))) => {
                self.retry(&mut out, now, traveller, attempt, detail)
            }
            (State::Capturing { traveller, attempt, since }, Input::Tick) if now - since >= t.capture_s => {
                out.push(step("timeout", Some(&traveller), Some(format!("capture attempt {attempt}"))));
                self.retry(&mut out, now, traveller, attempt, "capture timed out".into())
            }
            (State::Capturing { traveller, .. } | State::Open { traveller, .. }, Input::Presence(n)) if n > 1 => {
                out.push(Step { door: Some(false), ..step("tailgating", Some(&traveller), Some(format!("{n} people in the passage"))) });
                refer(&mut out, now, Some(traveller), ReferReason::Tailgating, format!("{n} people in the passage"))
            }
            (State::Open { traveller, .. }, Input::Passed) => {
                out.push(Step { outcome: Some(Outcome::Cleared), door: Some(false), ..step("passed", Some(&traveller), None) });
                out.push(step("idle", None, None));
                State::Idle
            }
            (State::Open { traveller, since }, Input::Tick) if now - since >= t.pass_s => {
                out.push(Step { door: Some(false), ..step("timeout", Some(&traveller), Some("did not walk through".into())) });
                refer(&mut out, now, Some(traveller), ReferReason::DidNotPass, "the door was open and nobody passed".into())
            }
            (State::Referring { .. }, Input::Left) => {
                out.push(step("idle", None, None));
                State::Idle
            }
            (State::Referring { since, .. }, Input::Tick) if now - since >= t.refer_s => {
                out.push(step("idle", None, Some("reset after referral".into())));
                State::Idle
            }
            (state, _) => state,
        };
        out
    }

    fn retry(&self, out: &mut Vec<Step>, now: f64, traveller: String, attempt: u32, detail: String) -> State {
        if attempt < self.config.capture_attempts {
            out.push(Step {
                at: now,
                step: "capture",
                traveller: Some(traveller.clone()),
                detail: Some(format!("attempt {} after: {detail}", attempt + 1)),
                outcome: None,
                door: None,
            });
            State::Capturing { traveller, attempt: attempt + 1, since: now }
        } else {
            refer(out, now, Some(traveller), ReferReason::Biometric, format!("{attempt} attempts: {detail}"))
        }
    }
}

/// Ends the cycle with a referral.
fn refer(out: &mut Vec<Step>, now: f64, traveller: Option<String>, reason: ReferReason, detail: String) -> State {
    out.push(Step {
        at: now,
        step: "refer",
        traveller: traveller.clone(),
        detail: Some(detail),
        outcome: Some(Outcome::Referred(reason)),
        door: None,
    });
    State::Referring { traveller, since: now }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(steps: &[Step]) -> Vec<&'static str> {
        steps.iter().map(|s| s.step).collect()
    }

    fn checked(verdict: DocumentVerdict) -> Input {
        Input::DocumentChecked { traveller: "t1".into(), verdict }
    }

    #[test]
    fn a_clean_cycle_opens_and_returns_to_idle() {
        let mut g = Gate::new(GateConfig::default());
        assert_eq!(names(&g.handle(0.0, Input::DocumentPresented)), ["document_presented"]);
        assert_eq!(names(&g.handle(1.0, checked(DocumentVerdict::Proceed))), ["document_read", "checks_passed", "capture"]);
        let open = g.handle(3.0, Input::Biometric(Capture::Matched("face 0.62".into())));
        assert_eq!(open[0].door, Some(true));
        assert_eq!(g.handle(4.0, Input::Presence(1)), []);
        let passed = g.handle(6.0, Input::Passed);
        assert_eq!(names(&passed), ["passed", "idle"]);
        assert_eq!(passed[0].outcome, Some(Outcome::Cleared));
        assert_eq!(g.state(), &State::Idle);
    }

    #[test]
    fn retries_then_refers() {
        let mut g = Gate::new(GateConfig { capture_attempts: 2, ..Default::default() });
        g.handle(0.0, Input::DocumentPresented);
        g.handle(1.0, checked(DocumentVerdict::Proceed));
        assert_eq!(names(&g.handle(2.0, Input::Biometric(Capture::Unusable("no face found".into())))), ["capture"]);
        let r = g.handle(3.0, Input::Biometric(Capture::NoMatch("face 0.12".into())));
        assert_eq!(r[0].outcome, Some(Outcome::Referred(ReferReason::Biometric)));
        assert_eq!(names(&g.handle(4.0, Input::Left)), ["idle"]);
        g.handle(5.0, Input::DocumentPresented);
        g.handle(6.0, checked(DocumentVerdict::Proceed));
        let r = g.handle(6.0, Input::Biometric(Capture::Unavailable("no face matcher in this build".into())));
        assert_eq!(r[0].outcome, Some(Outcome::Referred(ReferReason::BiometricsUnavailable)), "no retries when none can help");
    }

    #[test]
    fn a_second_person_is_a_tailgating_alarm() {
        let mut g = Gate::new(GateConfig::default());
        g.handle(0.0, Input::DocumentPresented);
        g.handle(1.0, checked(DocumentVerdict::Proceed));
        g.handle(2.0, Input::Biometric(Capture::Matched("ok".into())));
        let r = g.handle(3.0, Input::Presence(2));
        assert_eq!(names(&r), ["tailgating", "refer"]);
        assert_eq!(r[0].door, Some(false));
        assert_eq!(r[1].outcome, Some(Outcome::Referred(ReferReason::Tailgating)));
        assert_eq!(g.handle(3.5, Input::Passed), [], "the door is shut: a pass now is not a clearance");
    }

    #[test]
    fn every_step_times_out() {
        let t = Timeouts::default();
        let mut g = Gate::new(GateConfig::default());
        g.handle(0.0, Input::DocumentPresented);
        assert_eq!(g.handle(t.reading_s - 0.1, Input::Tick), []);
        assert_eq!(names(&g.handle(t.reading_s, Input::Tick)), ["timeout", "refer"]);
        assert_eq!(names(&g.handle(t.reading_s + t.refer_s, Input::Tick)), ["idle"]);

        g.handle(100.0, Input::DocumentPresented);
        g.handle(101.0, checked(DocumentVerdict::Proceed));
        let mut now = 101.0;
        let mut steps = Vec::new();
        for _ in 0..3 {
            now += t.capture_s;
            steps.extend(names(&g.handle(now, Input::Tick)));
        }
        assert_eq!(steps, ["timeout", "capture", "timeout", "capture", "timeout", "refer"]);

        let mut g = Gate::new(GateConfig::default());
        g.handle(0.0, Input::DocumentPresented);
        g.handle(0.0, checked(DocumentVerdict::Proceed));
        g.handle(1.0, Input::Biometric(Capture::Matched("ok".into())));
        let r = g.handle(1.0 + t.pass_s, Input::Tick);
        assert_eq!(names(&r), ["timeout", "refer"]);
        assert_eq!(r[0].door, Some(false));
    }

    #[test]
    fn document_referrals_carry_the_reasons() {
        let mut g = Gate::new(GateConfig::default());
        g.handle(0.0, Input::DocumentPresented);
        let expired = crate::rules::Referral::Expired { expiry: jiff::civil::date(2012, 4, 15), min_validity_days: 0 };
        let r = g.handle(1.0, checked(DocumentVerdict::Refer(vec![crate::decide::DocumentProblem::Rule(expired)])));
        assert_eq!(names(&r), ["document_read", "refer"]);
        assert_eq!(r[1].outcome, Some(Outcome::Referred(ReferReason::Document)));
        assert_eq!(r[1].detail.as_deref(), Some("document expired on 2012-04-15"));
        assert_eq!(g.handle(2.0, Input::DocumentPresented), [], "busy until the traveller leaves");
    }
}
