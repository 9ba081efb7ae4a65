//! # borderflow-command
//!
//! The command network: instructions from the command centre to a lane, an
//! officer, the guides, a hall or everyone, and their life — sent →
//! delivered → acknowledged or declined → done — rebuilt from their events
//! (`kind: "instruction"`, see [`borderflow_core::instruction`]).
//!
//! - [`Book::check`] says whether a step may be taken now ([`StepError`] if
//!   not), so the server records only steps that make sense.
//! - [`Book::apply`] takes any event: instruction steps move instructions on;
//!   lane and officer events are what prove a lane or officer order done
//!   ([`Book::proven_done`]) — a click does not.
//! - [`Book::due_escalations`] says which unanswered instructions must be
//!   raised now: to the supervisor after the checkpoint's delay, to everyone
//!   in the hall after twice that.
//!
//! Pure and deterministic: time is passed in, never read from a clock.
//! Must not depend on: tokio, sqlx, axum, the system clock.

use std::collections::BTreeMap;

use borderflow_core::instruction::{InstructionStep, Order, Step, Target};
use borderflow_core::{Event, EventBody, Id};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// Where an instruction stands.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Sent, not yet received by a terminal.
    Sent,
    /// Received by the addressed terminal, not yet answered.
    Delivered,
    /// The addressee will do it.
    Acknowledged,
    /// The addressee cannot.
    Declined,
    /// Done (lane and officer orders: proven by the event that followed).
    Done,
}

impl State {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Sent => "sent",
            State::Delivered => "delivered",
            State::Acknowledged => "acknowledged",
            State::Declined => "declined",
            State::Done => "done",
        }
    }

    /// Parses the API's spelling.
    pub fn parse(s: &str) -> Option<State> {
        [State::Sent, State::Delivered, State::Acknowledged, State::Declined, State::Done].into_iter().find(|x| x.as_str() == s)
    }

    /// Not yet answered: waiting for an acknowledgement.
    pub fn unanswered(self) -> bool {
        matches!(self, State::Sent | State::Delivered)
    }
}

/// One instruction as its events tell it.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Instruction {
    /// Its id.
    pub id: Id,
    /// The checkpoint.
    pub checkpoint: Id,
    /// Who it is for.
    pub to: Target,
    /// What it says.
    pub order: Order,
    /// Where it stands.
    pub state: State,
    /// Sent when, by whom.
    pub sent_at: Timestamp,
    /// Who sent it.
    pub sent_by: Option<Id>,
    /// When a terminal received it.
    pub delivered_at: Option<Timestamp>,
    /// When it was acknowledged or declined, by whom, and why (declined).
    pub answered_at: Option<Timestamp>,
    /// Who answered.
    pub answered_by: Option<Id>,
    /// Why it was declined.
    pub reason: Option<String>,
    /// How many times it was escalated (1: to the supervisor, 2: to everyone in the hall).
    pub escalations: u8,
    /// When it was done.
    pub done_at: Option<Timestamp>,
}

impl Instruction {
    /// Seconds from sent to acknowledged, once acknowledged.
    pub fn time_to_ack_s(&self) -> Option<f64> {
        let acked = matches!(self.state, State::Acknowledged | State::Done) && self.reason.is_none();
        self.answered_at.filter(|_| acked).map(|a| a.duration_since(self.sent_at).as_secs_f64())
    }
}

/// Why a step cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// No instruction with this id.
    #[error("no instruction `{0}`")]
    Unknown(Id),
    /// The id is taken.
    #[error("instruction `{0}` was already sent")]
    AlreadySent(Id),
    /// `sent` needs whom and what.
    #[error("a sent instruction needs `to` and `order`")]
    Incomplete,
    /// The step does not follow from where the instruction stands.
    #[error("instruction `{id}` is {state:?}: it cannot be {step:?} now")]
    NotNow {
        /// The instruction.
        id: Id,
        /// Where it stands.
        state: State,
        /// The step refused.
        step: Step,
    },
}

/// Every instruction of the checkpoints, by id.
#[derive(Debug, Clone, Default)]
pub struct Book {
    all: BTreeMap<String, Instruction>,
}

/// The most escalations: the supervisor, then everyone in the hall.
pub const MAX_ESCALATIONS: u8 = 2;

impl Book {
    /// An empty book.
    pub fn new() -> Book {
        Book::default()
    }

    /// One instruction.
    pub fn get(&self, id: &str) -> Option<&Instruction> {
        self.all.get(id)
    }

    /// Instructions in a state (all if None), newest first.
    pub fn list(&self, state: Option<State>) -> Vec<&Instruction> {
        let mut v: Vec<&Instruction> = self.all.values().filter(|i| state.is_none_or(|s| i.state == s)).collect();
        v.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then(a.id.cmp(&b.id)));
        v
    }

    /// Whether `step` may be taken now.
    pub fn check(&self, step: &InstructionStep) -> Result<(), StepError> {
        let id = &step.instruction;
        let Some(i) = self.all.get(id.as_str()) else {
            return match step.step {
                Step::Sent if step.to.is_some() && step.order.is_some() => Ok(()),
                Step::Sent => Err(StepError::Incomplete),
                _ => Err(StepError::Unknown(id.clone())),
            };
        };
        let ok = match step.step {
            Step::Sent => return Err(StepError::AlreadySent(id.clone())),
            Step::Delivered | Step::Acknowledged | Step::Declined => i.state.unanswered(),
            Step::Escalated => i.state.unanswered() && i.escalations < MAX_ESCALATIONS,
            Step::Done => i.state != State::Declined && i.state != State::Done,
        };
        if ok { Ok(()) } else { Err(StepError::NotNow { id: id.clone(), state: i.state, step: step.step }) }
    }

    /// Takes an event: an instruction step moves its instruction on (a step
    /// that does not follow is ignored: [`Book::check`] refuses it before it
    /// is stored); other events change nothing here.
    pub fn apply(&mut self, ev: &Event) {
        let EventBody::Instruction(step) = &ev.body else { return };
        if self.check(step).is_err() {
            return;
        }
        let at = ev.at;
        if step.step == Step::Sent {
            let (Some(to), Some(order)) = (step.to.clone(), step.order.clone()) else { return };
            self.all.insert(
                step.instruction.to_string(),
                Instruction {
                    id: step.instruction.clone(),
                    checkpoint: ev.checkpoint.clone(),
                    to,
                    order,
                    state: State::Sent,
                    sent_at: at,
                    sent_by: step.by.clone(),
                    delivered_at: None,
                    answered_at: None,
                    answered_by: None,
                    reason: None,
                    escalations: 0,
                    done_at: None,
                },
            );
            return;
        }
        let Some(i) = self.all.get_mut(step.instruction.as_str()) else { return };
        match step.step {
            Step::Sent => {}
            Step::Delivered => {
                i.state = State::Delivered;
                i.delivered_at = Some(at);
            }
            Step::Acknowledged | Step::Declined => {
                i.state = if step.step == Step::Acknowledged { State::Acknowledged } else { State::Declined };
                i.answered_at = Some(at);
                i.answered_by = step.by.clone();
                i.reason = step.note.clone().filter(|_| step.step == Step::Declined);
            }
            Step::Escalated => i.escalations += 1,
            Step::Done => {
                i.state = State::Done;
                i.done_at = Some(at);
            }
        }
    }

    /// The instructions a lane or officer event proves done: an order to
    /// open or close that lane, or to move that officer to that lane, sent
    /// before the event and not declined or done already.
    pub fn proven_done(&self, ev: &Event) -> Vec<Id> {
        let fulfils = |o: &Order| match (&ev.body, o) {
            (EventBody::LaneOpened(c), Order::OpenLane { lane }) | (EventBody::LaneClosed(c), Order::CloseLane { lane }) => c.lane == *lane,
            (EventBody::OfficerOn(c), Order::MoveOfficer { officer, lane }) => c.officer == *officer && c.lane.as_ref() == Some(lane),
            (EventBody::LaneOpened(c), Order::MoveOfficer { officer, lane }) => c.lane == *lane && c.officer.as_ref() == Some(officer),
            _ => false,
        };
        self.all
            .values()
            .filter(|i| i.checkpoint == ev.checkpoint && i.sent_at <= ev.at && !matches!(i.state, State::Declined | State::Done))
            .filter(|i| fulfils(&i.order))
            .map(|i| i.id.clone())
            .collect()
    }

    /// Unanswered instructions due for escalation at `now`: the next level
    /// after `after` per level already reached (the supervisor at `after`,
    /// everyone in the hall at twice it). With the level each is raised to.
    pub fn due_escalations(&self, now: Timestamp, after: SignedDuration) -> Vec<(Id, u8)> {
        self.all
            .values()
            .filter(|i| i.state.unanswered() && i.escalations < MAX_ESCALATIONS)
            .filter(|i| now.duration_since(i.sent_at) >= after * i32::from(i.escalations + 1))
            .map(|i| (i.id.clone(), i.escalations + 1))
            .collect()
    }

    /// The median time to acknowledge, seconds, of the instructions sent in
    /// `[from, to)` and acknowledged (None if none were).
    pub fn median_time_to_ack_s(&self, checkpoint: &str, from: Timestamp, to: Timestamp) -> Option<f64> {
        let mut v: Vec<f64> = self
            .all
            .values()
            .filter(|i| i.checkpoint == *checkpoint && i.sent_at >= from && i.sent_at < to)
            .filter_map(Instruction::time_to_ack_s)
            .collect();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => None,
            n if n % 2 == 1 => Some(v[n / 2]),
            n => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
        }
    }
}

#[cfg(test)]
mod tests;
