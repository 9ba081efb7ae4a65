//! The event schema (v1): one JSON object per step of a crossing.
//!
//! Every event a lane, e-gate or sensor sends — and every event the simulator
//! emits — is an [`Event`]. Parsing goes through [`Event::from_json`], which
//! names the field that is wrong, so the server can answer a bad event in a
//! batch precisely while storing the good ones.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ids::{Id, IdError};

/// Which way a traveller crosses.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Into the country.
    Entry,
    /// Out of the country.
    Exit,
}

impl Direction {
    /// Both directions, entry first.
    pub const ALL: [Direction; 2] = [Direction::Entry, Direction::Exit];

    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Entry => "entry",
            Direction::Exit => "exit",
        }
    }

    /// Parses the schema's spelling.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "entry" => Some(Direction::Entry),
            "exit" => Some(Direction::Exit),
            _ => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a service ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Allowed through.
    Cleared,
    /// Sent to secondary inspection (or, from an e-gate, to an officer).
    Referred,
    /// Refused entry or exit.
    Refused,
}

/// One step of a crossing, as lanes, e-gates and sensors report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct Event {
    /// Client-generated id; ingesting the same id twice stores it once.
    pub id: Uuid,
    /// When it happened (stored as UTC).
    pub at: Timestamp,
    /// The checkpoint that reports it.
    pub checkpoint: Id,
    /// What happened.
    #[serde(flatten)]
    pub body: EventBody,
}

/// What happened, with the fields each kind carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventBody {
    /// A traveller joined a queue.
    QueueJoined {
        /// Pseudonym of the traveller (keyed hash, never a document number).
        traveller: Id,
        /// Entry or exit.
        direction: Direction,
        /// Traveller category as configured for the checkpoint.
        category: Id,
        /// The queue joined.
        queue: Id,
    },
    /// A lane started serving a traveller.
    ServiceStarted {
        /// Pseudonym of the traveller.
        traveller: Id,
        /// The lane serving.
        lane: Id,
        /// The officer at the lane, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        officer: Option<Id>,
        /// The traveller's category, when the lane knows it and their joining a
        /// queue is not reported (an e-gate reads it from their enrolment).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<Id>,
    },
    /// Service ended and the traveller was let through.
    Cleared(ServiceEnd),
    /// Service ended and the traveller was referred.
    Referred(ServiceEnd),
    /// Service ended and the traveller was refused.
    Refused(ServiceEnd),
    /// A lane opened.
    LaneOpened(LaneChange),
    /// A lane closed.
    LaneClosed(LaneChange),
    /// An officer came on duty.
    OfficerOn(OfficerChange),
    /// An officer went off duty.
    OfficerOff(OfficerChange),
    /// A sensor's head count of a queue.
    QueueCount {
        /// The queue counted.
        queue: Id,
        /// How many people are in it.
        count: u32,
    },
    /// A self-service gate moved to another step of its cycle, or raised an alarm.
    GateStep(GateStep),
    /// A step of an instruction's life (the command network): recorded by
    /// the server's `/api/v1/instructions`, so every step is audited.
    Instruction(crate::instruction::InstructionStep),
}

/// Fields of `gate_step`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateStep {
    /// The gate (a lane of the checkpoint).
    pub lane: Id,
    /// Pseudonym of the traveller in the gate, once the document is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traveller: Option<Id>,
    /// The step entered: `document_read`, `checks_passed`, `capture`, `open`, `refer`, `passed`, `idle`,
    /// or an alarm: `tailgating`, `timeout`, `device_fault`.
    pub step: Id,
    /// What happened, for the log (≤ 200 bytes; never a document number or a name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Fields of `cleared`, `referred` and `refused`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceEnd {
    /// Pseudonym of the traveller.
    pub traveller: Id,
    /// The lane that served.
    pub lane: Id,
    /// The officer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Id>,
    /// Why: a typed code (`egate_rejected`, `document`, `biometric`, …) or another system's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::ReferReason>,
}

/// Fields of `lane_opened` and `lane_closed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneChange {
    /// The lane.
    pub lane: Id,
    /// The officer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<Id>,
    /// Who commanded it from borderflow (a user's name or `token:<id>`), if anyone did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Id>,
}

/// Fields of `officer_on` and `officer_off`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficerChange {
    /// The officer.
    pub officer: Id,
    /// The lane, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<Id>,
}

impl EventBody {
    /// The schema's `kind` string.
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::QueueJoined { .. } => "queue_joined",
            EventBody::ServiceStarted { .. } => "service_started",
            EventBody::Cleared(_) => "cleared",
            EventBody::Referred(_) => "referred",
            EventBody::Refused(_) => "refused",
            EventBody::LaneOpened(_) => "lane_opened",
            EventBody::LaneClosed(_) => "lane_closed",
            EventBody::OfficerOn(_) => "officer_on",
            EventBody::OfficerOff(_) => "officer_off",
            EventBody::QueueCount { .. } => "queue_count",
            EventBody::GateStep(_) => "gate_step",
            EventBody::Instruction(_) => "instruction",
        }
    }

    /// Whether it changes a lane's or officer's state (`lane_opened`,
    /// `lane_closed`, `officer_on`, `officer_off`): state that lasts across
    /// days, unlike a traveller's passage.
    pub fn sets_lane_state(&self) -> bool {
        matches!(self, EventBody::LaneOpened(_) | EventBody::LaneClosed(_) | EventBody::OfficerOn(_) | EventBody::OfficerOff(_))
    }

    /// The lane an event concerns, if any (devices may only post for their own lanes).
    pub fn lane(&self) -> Option<&Id> {
        match self {
            EventBody::ServiceStarted { lane, .. } => Some(lane),
            EventBody::Cleared(e) | EventBody::Referred(e) | EventBody::Refused(e) => Some(&e.lane),
            EventBody::LaneOpened(c) | EventBody::LaneClosed(c) => Some(&c.lane),
            EventBody::OfficerOn(c) | EventBody::OfficerOff(c) => c.lane.as_ref(),
            EventBody::GateStep(g) => Some(&g.lane),
            EventBody::QueueJoined { .. } | EventBody::QueueCount { .. } | EventBody::Instruction(_) => None,
        }
    }

    /// The traveller's pseudonym an event carries, if any: the one field that
    /// identifies a person (retention rewrites it; everything else is counts).
    pub fn traveller_mut(&mut self) -> Option<&mut Id> {
        match self {
            EventBody::QueueJoined { traveller, .. } | EventBody::ServiceStarted { traveller, .. } => Some(traveller),
            EventBody::Cleared(e) | EventBody::Referred(e) | EventBody::Refused(e) => Some(&mut e.traveller),
            EventBody::GateStep(g) => g.traveller.as_mut(),
            _ => None,
        }
    }
}

/// All event kinds, in the schema's spelling.
pub const KINDS: [&str; 12] = [
    "queue_joined",
    "service_started",
    "cleared",
    "referred",
    "refused",
    "lane_opened",
    "lane_closed",
    "officer_on",
    "officer_off",
    "queue_count",
    "gate_step",
    "instruction",
];

/// A field of an event that is missing or wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {reason}")]
#[non_exhaustive]
pub struct EventError {
    /// The field's name as it appears in JSON (`""` when the event is not an object).
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

impl EventError {
    fn new(field: &str, reason: impl Into<String>) -> Self {
        EventError { field: field.to_owned(), reason: reason.into() }
    }
}

/// Reads fields off a JSON object, remembering which were read so that an
/// unknown field can be named instead of ignored.
struct Fields<'a> {
    obj: &'a Map<String, Value>,
    known: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn get(&mut self, name: &'static str) -> Option<&'a Value> {
        self.known.push(name);
        self.obj.get(name).filter(|v| !v.is_null())
    }

    fn str(&mut self, name: &'static str) -> Result<&'a str, EventError> {
        match self.get(name) {
            None => Err(EventError::new(name, "missing")),
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(EventError::new(name, format!("expected a string, found {}", type_name(other)))),
        }
    }

    fn id(&mut self, name: &'static str) -> Result<Id, EventError> {
        let s = self.str(name)?;
        Id::new(s).map_err(|e: IdError| EventError::new(name, e.to_string()))
    }

    fn opt_id(&mut self, name: &'static str) -> Result<Option<Id>, EventError> {
        if self.get(name).is_none() {
            return Ok(None);
        }
        self.id(name).map(Some)
    }

    fn opt_text(&mut self, name: &'static str) -> Result<Option<String>, EventError> {
        if self.get(name).is_none() {
            return Ok(None);
        }
        let s = self.str(name)?;
        if s.len() > 200 {
            return Err(EventError::new(name, "longer than 200 bytes"));
        }
        Ok(Some(s.to_owned()))
    }

    fn finish(self) -> Result<(), EventError> {
        match self.obj.keys().find(|k| !self.known.contains(&k.as_str())) {
            Some(k) => Err(EventError { field: k.clone(), reason: "unknown field for this kind".into() }),
            None => Ok(()),
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The offsets places on Earth use: UTC−12:00 to UTC+14:00, in seconds.
const OFFSETS_IN_USE: std::ops::RangeInclusive<i32> = -12 * 3600..=14 * 3600;

/// Refuses an offset no place uses (jiff accepts up to ±25:59:59): `+25:00`
/// is a typing error, not a time zone.
fn check_offset(at: &str) -> Result<(), EventError> {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    if let Ok(p) = Pieces::parse(at)
        && let Some(PiecesOffset::Numeric(n)) = p.offset()
        && !OFFSETS_IN_USE.contains(&n.offset().seconds())
    {
        return Err(EventError::new("at", format!("offset {} is outside −12:00…+14:00, the offsets places use", n.offset())));
    }
    Ok(())
}

/// The fields of an `instruction` event: `to` and `order` with `sent` only,
/// each checked against its schema; free text at most 200 bytes.
fn instruction_step(f: &mut Fields) -> Result<crate::instruction::InstructionStep, EventError> {
    use crate::instruction::{InstructionStep, MAX_TEXT, Order, Step, Target};
    let instruction = f.id("instruction")?;
    let step = f.str("step")?;
    let step = Step::parse(step).ok_or_else(|| {
        EventError::new("step", format!("`{step}` is not one of sent, delivered, acknowledged, declined, escalated, done"))
    })?;
    let object = |f: &mut Fields, name: &'static str| f.get(name).cloned();
    let to: Option<Target> =
        object(f, "to").map(|v| serde_json::from_value(v).map_err(|e| EventError::new("to", e.to_string()))).transpose()?;
    let order: Option<Order> =
        object(f, "order").map(|v| serde_json::from_value(v).map_err(|e| EventError::new("order", e.to_string()))).transpose()?;
    if let Some(Order::Message { text }) = &order
        && (text.trim().is_empty() || text.len() > MAX_TEXT)
    {
        return Err(EventError::new("order", format!("a message is 1 to {MAX_TEXT} bytes")));
    }
    match (step, to.is_some(), order.is_some()) {
        (Step::Sent, true, true) => {}
        (Step::Sent, false, _) => return Err(EventError::new("to", "missing: a sent instruction says whom it is for")),
        (Step::Sent, _, false) => return Err(EventError::new("order", "missing: a sent instruction says what to do")),
        (_, true, _) => return Err(EventError::new("to", "only a `sent` step carries it")),
        (_, _, true) => return Err(EventError::new("order", "only a `sent` step carries it")),
        _ => {}
    }
    Ok(InstructionStep { instruction, step, by: f.opt_id("by")?, to, order, note: f.opt_text("note")? })
}

impl Event {
    /// Parses and validates one event, naming the first bad field.
    pub fn from_json(value: &Value) -> Result<Event, EventError> {
        let Value::Object(obj) = value else {
            return Err(EventError::new("", format!("expected an object, found {}", type_name(value))));
        };
        let mut f = Fields { obj, known: Vec::with_capacity(10) };
        let id = f.str("id")?;
        let id = Uuid::parse_str(id).map_err(|e| EventError::new("id", format!("not a UUID: {e}")))?;
        let at = f.str("at")?;
        let at: Timestamp = at.parse().map_err(|e| EventError::new("at", format!("not an RFC 3339 time with offset: {e}")))?;
        check_offset(f.str("at")?)?;
        let checkpoint = f.id("checkpoint")?;
        let kind = f.str("kind")?;
        let end = |f: &mut Fields| -> Result<ServiceEnd, EventError> {
            Ok(ServiceEnd {
                traveller: f.id("traveller")?,
                lane: f.id("lane")?,
                officer: f.opt_id("officer")?,
                reason: f.opt_text("reason")?.map(|r| crate::ReferReason::parse(&r)),
            })
        };
        let lane_change = |f: &mut Fields| -> Result<LaneChange, EventError> {
            Ok(LaneChange { lane: f.id("lane")?, officer: f.opt_id("officer")?, by: f.opt_id("by")? })
        };
        let officer_change = |f: &mut Fields| -> Result<OfficerChange, EventError> {
            Ok(OfficerChange { officer: f.id("officer")?, lane: f.opt_id("lane")? })
        };
        let body = match kind {
            "queue_joined" => {
                let traveller = f.id("traveller")?;
                let direction = f.str("direction")?;
                let direction = Direction::parse(direction)
                    .ok_or_else(|| EventError::new("direction", format!("`{direction}` is not `entry` or `exit`")))?;
                EventBody::QueueJoined { traveller, direction, category: f.id("category")?, queue: f.id("queue")? }
            }
            "service_started" => EventBody::ServiceStarted {
                traveller: f.id("traveller")?,
                lane: f.id("lane")?,
                officer: f.opt_id("officer")?,
                category: f.opt_id("category")?,
            },
            "cleared" => EventBody::Cleared(end(&mut f)?),
            "referred" => EventBody::Referred(end(&mut f)?),
            "refused" => EventBody::Refused(end(&mut f)?),
            "lane_opened" => EventBody::LaneOpened(lane_change(&mut f)?),
            "lane_closed" => EventBody::LaneClosed(lane_change(&mut f)?),
            "officer_on" => EventBody::OfficerOn(officer_change(&mut f)?),
            "officer_off" => EventBody::OfficerOff(officer_change(&mut f)?),
            "queue_count" => {
                let queue = f.id("queue")?;
                let count = match f.get("count") {
                    None => return Err(EventError::new("count", "missing")),
                    Some(v) => v
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| EventError::new("count", format!("expected a whole number ≥ 0, found {v}")))?,
                };
                EventBody::QueueCount { queue, count }
            }
            "gate_step" => EventBody::GateStep(GateStep {
                lane: f.id("lane")?,
                traveller: f.opt_id("traveller")?,
                step: f.id("step")?,
                detail: f.opt_text("detail")?,
            }),
            "instruction" => EventBody::Instruction(instruction_step(&mut f)?),
            other => {
                return Err(EventError::new("kind", format!("unknown kind `{other}`; expected one of {}", KINDS.join(", "))));
            }
        };
        f.finish()?;
        Ok(Event { id, at, checkpoint, body })
    }

    /// The event as one JSON line (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("events always serialise")
    }
}

impl TryFrom<Value> for Event {
    type Error = EventError;
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        Event::from_json(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base(kind: &str) -> Value {
        json!({"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12T09:50:00+08:00", "checkpoint": "khorgos", "kind": kind})
    }

    fn with(mut v: Value, extra: Value) -> Value {
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    }

    #[test]
    fn every_kind_round_trips() {
        let samples = [
            with(base("queue_joined"), json!({"traveller": "t1", "direction": "entry", "category": "merchant", "queue": "q1"})),
            with(base("service_started"), json!({"traveller": "t1", "lane": "D1", "officer": "O7"})),
            with(base("cleared"), json!({"traveller": "t1", "lane": "D1"})),
            with(base("referred"), json!({"traveller": "t1", "lane": "E1", "reason": "egate_rejected"})),
            with(base("refused"), json!({"traveller": "t1", "lane": "D1", "officer": "O7", "reason": "visa"})),
            with(base("lane_opened"), json!({"lane": "D1", "officer": "O7"})),
            with(base("lane_closed"), json!({"lane": "D1"})),
            with(base("officer_on"), json!({"officer": "O7", "lane": "D1"})),
            with(base("officer_off"), json!({"officer": "O7"})),
            with(base("queue_count"), json!({"queue": "q1", "count": 412})),
            with(base("gate_step"), json!({"lane": "E1", "traveller": "t1", "step": "open", "detail": "face 0.71"})),
            with(
                base("instruction"),
                json!({"instruction": "in-1", "step": "sent", "by": "duty-1", "to": {"kind": "officer", "officer": "XD4-1"},
                    "order": {"kind": "move_officer", "officer": "XD4-1", "lane": "D9"}}),
            ),
        ];
        assert_eq!(samples.len(), KINDS.len());
        for (sample, kind) in samples.iter().zip(KINDS) {
            let ev = Event::from_json(sample).unwrap();
            assert_eq!(ev.body.kind(), kind);
            let line = ev.to_json_line();
            let back: Event = serde_json::from_str(&line).unwrap();
            assert_eq!(back, ev);
            // UTC on the way out, same instant.
            assert!(line.contains("\"at\":\"2026-07-12T01:50:00Z\""), "{line}");
        }
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (json!([1]), ""),
            (with(base("queue_joined"), json!({"traveller": "t1", "direction": "in", "category": "m", "queue": "q"})), "direction"),
            (with(base("queue_joined"), json!({"traveller": "t1", "direction": "entry", "queue": "q"})), "category"),
            (with(base("cleared"), json!({"traveller": 7, "lane": "D1"})), "traveller"),
            (with(base("queue_count"), json!({"queue": "q", "count": -3})), "count"),
            (with(base("lane_opened"), json!({"lane": "D1", "colour": "red"})), "colour"),
            (with(base("teleported"), json!({})), "kind"),
            (json!({"id": "nope", "at": "2026-07-12T09:50:00+08:00", "checkpoint": "k", "kind": "lane_opened", "lane": "D1"}), "id"),
            (
                json!({"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12 09:50", "checkpoint": "k", "kind": "lane_opened", "lane": "D1"}),
                "at",
            ),
            (
                json!({"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12T09:50:00+08:00", "checkpoint": "", "kind": "lane_opened", "lane": "D1"}),
                "checkpoint",
            ),
            // jiff takes offsets to ±25:59; no place uses one past +14:00.
            (
                json!({"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12T09:50:00+25:00", "checkpoint": "k", "kind": "lane_opened", "lane": "D1"}),
                "at",
            ),
            (
                json!({"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12T09:50:00-12:30", "checkpoint": "k", "kind": "lane_opened", "lane": "D1"}),
                "at",
            ),
        ];
        for (value, field) in cases {
            let err = Event::from_json(&value).unwrap_err();
            assert_eq!(err.field, field, "{value} gave {err}");
        }
    }

    #[test]
    fn instruction_steps_are_parsed_with_the_field_named() {
        let sent = with(
            base("instruction"),
            json!({"instruction": "in-1", "step": "sent", "by": "duty-1", "to": {"kind": "lane", "lane": "D5"}, "order": {"kind": "open_lane", "lane": "D5"}}),
        );
        let ev = Event::from_json(&sent).unwrap();
        assert_eq!(Event::from_json(&serde_json::to_value(&ev).unwrap()).unwrap(), ev, "round trip");
        let cases = [
            (json!({"instruction": "in-1", "step": "sent", "order": {"kind": "open_lane", "lane": "D5"}}), "to"),
            (json!({"instruction": "in-1", "step": "sent", "to": {"kind": "guides"}}), "order"),
            (json!({"instruction": "in-1", "step": "acknowledged", "to": {"kind": "guides"}}), "to"),
            (json!({"instruction": "in-1", "step": "lost"}), "step"),
            (json!({"instruction": "in-1", "step": "sent", "to": {"kind": "guides"}, "order": {"kind": "fly"}}), "order"),
            (json!({"instruction": "in-1", "step": "sent", "to": {"kind": "lane"}, "order": {"kind": "message", "text": "x"}}), "to"),
            (
                json!({"instruction": "in-1", "step": "sent", "to": {"kind": "guides"}, "order": {"kind": "message", "text": "x".repeat(201)}}),
                "order",
            ),
            (json!({"instruction": "in 1", "step": "done"}), "instruction"),
            (json!({"instruction": "in-1", "step": "done", "extra": 1}), "extra"),
        ];
        for (fields, field) in cases {
            let e = Event::from_json(&with(base("instruction"), fields.clone())).unwrap_err();
            assert_eq!(e.field, field, "{fields}: {e}");
        }
    }
}
