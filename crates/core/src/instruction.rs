//! Instructions: what the command centre tells the people in the hall, and
//! each step of their life as an event (`kind: "instruction"`), so the day's
//! instructions are audited in the store like every other event.
//!
//! ```json
//! {"id":"…","at":"2026-07-12T10:02:00+08:00","checkpoint":"khorgos","kind":"instruction",
//!  "instruction":"in-4f2a9c1b7d3e","step":"sent","by":"duty-1",
//!  "to":{"kind":"lane","lane":"D5"},"order":{"kind":"open_lane","lane":"D5"}}
//! ```

use serde::{Deserialize, Serialize};

use crate::event::Direction;
use crate::ids::Id;

/// Who an instruction is for.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// The terminal of a lane (and whoever is signed in at it).
    Lane {
        /// The lane.
        lane: Id,
    },
    /// One officer, wherever they are.
    Officer {
        /// The officer.
        officer: Id,
    },
    /// The guides who triage the crowd.
    Guides,
    /// Everyone working one direction's hall.
    Hall {
        /// Entry or exit.
        direction: Direction,
    },
    /// Everyone at the checkpoint.
    Everyone,
}

/// What an instruction says.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Order {
    /// Open a lane.
    OpenLane {
        /// The lane.
        lane: Id,
    },
    /// Close a lane.
    CloseLane {
        /// The lane.
        lane: Id,
    },
    /// An officer goes to a lane (and signs in there).
    MoveOfficer {
        /// The officer.
        officer: Id,
        /// The lane.
        lane: Id,
    },
    /// Guides send a category to a queue.
    SendCategory {
        /// The category.
        category: Id,
        /// The queue.
        queue: Id,
    },
    /// Free text (at most 200 bytes).
    Message {
        /// The words.
        text: String,
    },
}

/// The longest free-text message, bytes.
pub const MAX_TEXT: usize = 200;

/// A step of an instruction's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A supervisor sent it.
    Sent,
    /// The addressed terminal received it.
    Delivered,
    /// The addressee said they will do it.
    Acknowledged,
    /// The addressee said they cannot (with a reason).
    Declined,
    /// Nobody acknowledged it in time: raised to the supervisor, then to everyone in the hall.
    Escalated,
    /// Done: for lane and officer orders, proven by the lane or officer event that followed.
    Done,
}

impl Step {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Sent => "sent",
            Step::Delivered => "delivered",
            Step::Acknowledged => "acknowledged",
            Step::Declined => "declined",
            Step::Escalated => "escalated",
            Step::Done => "done",
        }
    }

    /// Parses the schema's spelling.
    pub fn parse(s: &str) -> Option<Step> {
        [Step::Sent, Step::Delivered, Step::Acknowledged, Step::Declined, Step::Escalated, Step::Done].into_iter().find(|x| x.as_str() == s)
    }
}

/// The fields of an `instruction` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstructionStep {
    /// The instruction's id (`in-` and 12 hex digits when the server makes it).
    pub instruction: Id,
    /// Which step.
    pub step: Step,
    /// Who took the step: a user, an officer, a device; absent for the system's own (escalation, done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
    /// `sent` only: who it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Target>,
    /// `sent` only: what it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Order>,
    /// `declined`: why; `escalated`: to whom; `done`: the event that proved it (at most 200 bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Order {
    /// The lane it concerns, if any.
    pub fn lane(&self) -> Option<&Id> {
        match self {
            Order::OpenLane { lane } | Order::CloseLane { lane } | Order::MoveOfficer { lane, .. } => Some(lane),
            Order::SendCategory { .. } | Order::Message { .. } => None,
        }
    }
}
