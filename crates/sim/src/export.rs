//! Turns a run's compact events into the production schema (`borderflow_core::Event`),
//! with deterministic ids, so the same scenario and seed give the same JSON,
//! byte for byte.

use std::io::Write;

use crate::SimRng;
use borderflow_core::event::{LaneChange, OfficerChange, ServiceEnd};
use borderflow_core::{Event, EventBody, Id, Outcome, Scenario};
use rand::{Rng, SeedableRng};

use crate::model::stream_seed;
use crate::output::{EventSink, SimEvent, SimKind};

/// Converts [`SimEvent`]s of one run into [`Event`]s.
pub struct Exporter<'s> {
    scenario: &'s Scenario,
    seed: u64,
    ids: SimRng,
    /// Officer on duty at each lane (index into the lane's officers).
    officer: Vec<Option<u16>>,
    /// Officer who started each lane's current service.
    serving_officer: Vec<Option<u16>>,
}

impl<'s> Exporter<'s> {
    /// An exporter for a run of `scenario` with `seed`.
    pub fn new(scenario: &'s Scenario, seed: u64) -> Self {
        let n = scenario.lanes.len();
        Exporter {
            scenario,
            seed,
            ids: SimRng::seed_from_u64(stream_seed(seed, 5, 0)),
            officer: vec![None; n],
            serving_officer: vec![None; n],
        }
    }

    /// The pseudonym of traveller number `n` in this run (a keyed hash, never a document number).
    pub fn traveller(&self, n: u32) -> Id {
        Id::new(format!("t{:016x}", stream_seed(self.seed, 4, n as u64))).expect("hex ids are valid")
    }

    fn lane_id(&self, lane: u16) -> Id {
        self.scenario.lanes[lane as usize].id.clone()
    }

    fn officer_id(&self, lane: u16, officer: Option<u16>) -> Option<Id> {
        officer.map(|k| self.scenario.lanes[lane as usize].officers[k as usize].officer.clone())
    }

    /// The production event for `ev`.
    pub fn convert(&mut self, ev: &SimEvent) -> Event {
        let s = self.scenario;
        let body = match ev.kind {
            SimKind::Joined { traveller, queue, category } => {
                let q = &s.queues[queue as usize];
                EventBody::QueueJoined {
                    traveller: self.traveller(traveller),
                    direction: q.direction,
                    category: s.categories[category as usize].id.clone(),
                    queue: q.id.clone(),
                }
            }
            SimKind::Started { traveller, lane } => {
                let officer = self.officer[lane as usize];
                self.serving_officer[lane as usize] = officer;
                EventBody::ServiceStarted {
                    traveller: self.traveller(traveller),
                    lane: self.lane_id(lane),
                    officer: self.officer_id(lane, officer),
                    // The simulated hall reports every join, so the category comes with it.
                    category: None,
                }
            }
            SimKind::Ended { traveller, lane, outcome, rejected } => {
                let end = ServiceEnd {
                    traveller: self.traveller(traveller),
                    lane: self.lane_id(lane),
                    officer: self.officer_id(lane, self.serving_officer[lane as usize]),
                    reason: rejected.then_some(borderflow_core::ReferReason::EgateRejected),
                };
                match outcome {
                    Outcome::Cleared => EventBody::Cleared(end),
                    Outcome::Referred => EventBody::Referred(end),
                    Outcome::Refused => EventBody::Refused(end),
                }
            }
            SimKind::LaneOpened { lane } => EventBody::LaneOpened(LaneChange {
                lane: self.lane_id(lane),
                officer: self.officer_id(lane, self.officer[lane as usize]),
                by: None,
            }),
            SimKind::LaneClosed { lane } => EventBody::LaneClosed(LaneChange {
                lane: self.lane_id(lane),
                officer: self.officer_id(lane, self.officer[lane as usize]),
                by: None,
            }),
            SimKind::OfficerOn { lane, officer } => {
                self.officer[lane as usize] = Some(officer);
                EventBody::OfficerOn(OfficerChange {
                    officer: self.officer_id(lane, Some(officer)).expect("some"),
                    lane: Some(self.lane_id(lane)),
                })
            }
            SimKind::OfficerOff { lane, officer } => {
                if self.officer[lane as usize] == Some(officer) {
                    self.officer[lane as usize] = None;
                }
                EventBody::OfficerOff(OfficerChange {
                    officer: self.officer_id(lane, Some(officer)).expect("some"),
                    lane: Some(self.lane_id(lane)),
                })
            }
        };
        // Time-ordered (UUIDv7: the event's millisecond, then seeded random
        // bits): the store's id index grows at its end instead of everywhere.
        let at = s.instant(ev.t);
        let ms = u64::try_from(at.as_millisecond()).unwrap_or(0);
        let id = uuid::Builder::from_unix_timestamp_millis(ms, &self.ids.random()).into_uuid();
        Event { id, at, checkpoint: s.checkpoint.clone(), body }
    }
}

/// A sink writing each event as one JSON line. Write errors are kept and
/// reported by [`JsonLines::finish`] (a sink cannot fail mid-run).
pub struct JsonLines<'s, W: Write> {
    exporter: Exporter<'s>,
    out: W,
    error: Option<std::io::Error>,
    /// Lines written.
    pub lines: u64,
}

impl<'s, W: Write> JsonLines<'s, W> {
    /// Writes the events of a run of `scenario` with `seed` to `out`.
    pub fn new(scenario: &'s Scenario, seed: u64, out: W) -> Self {
        JsonLines { exporter: Exporter::new(scenario, seed), out, error: None, lines: 0 }
    }

    /// Flushes, returning the first write error if any.
    pub fn finish(mut self) -> std::io::Result<u64> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.lines)
    }
}

impl<W: Write> EventSink for JsonLines<'_, W> {
    fn emit(&mut self, ev: SimEvent) {
        if self.error.is_some() {
            return;
        }
        let event = self.exporter.convert(&ev);
        let r = serde_json::to_writer(&mut self.out, &event).map_err(std::io::Error::from).and_then(|_| self.out.write_all(b"\n"));
        match r {
            Ok(()) => self.lines += 1,
            Err(e) => self.error = Some(e),
        }
    }
}
