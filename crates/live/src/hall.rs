//! What the live picture needs to know about a checkpoint: its queues, lanes,
//! categories and standard, taken from its validated scenario.

use borderflow_core::{Direction, Id, LaneKind, Scenario};
use jiff::tz::TimeZone;

/// A checkpoint's layout.
#[derive(Debug, Clone)]
pub struct Hall {
    /// The checkpoint's id.
    pub checkpoint: Id,
    /// Its name.
    pub name: String,
    /// Its time zone ("today" is a local day).
    pub time_zone: TimeZone,
    /// IANA name of the time zone.
    pub time_zone_name: String,
    /// Queues.
    pub queues: Vec<HallQueue>,
    /// Lanes.
    pub lanes: Vec<HallLane>,
    /// Category ids.
    pub categories: Vec<Id>,
    /// The standard: its verdict on a wait is [`borderflow_core::Standard::level`].
    pub standard: borderflow_core::Standard,
}

/// A queue.
#[derive(Debug, Clone)]
pub struct HallQueue {
    /// Id.
    pub id: Id,
    /// Direction.
    pub direction: Direction,
    /// Whether it is an e-gate queue.
    pub egate: bool,
    /// Categories triaged into it.
    pub categories: Vec<Id>,
}

/// A lane.
#[derive(Debug, Clone)]
pub struct HallLane {
    /// Id.
    pub id: Id,
    /// Desk or gate.
    pub kind: LaneKind,
    /// Queues served, priority order.
    pub serves: Vec<usize>,
    /// Planned mean service time (used until the lane has measured its own).
    pub planned_service_s: f64,
}

impl Hall {
    /// The layout of a scenario's checkpoint.
    pub fn from_scenario(s: &Scenario) -> Hall {
        Hall {
            checkpoint: s.checkpoint.clone(),
            name: s.name.clone(),
            time_zone: s.time_zone.clone(),
            time_zone_name: s.time_zone_name.clone(),
            queues: s
                .queues
                .iter()
                .map(|q| HallQueue {
                    id: q.id.clone(),
                    direction: q.direction,
                    egate: q.egate,
                    categories: q.categories.iter().map(|&c| s.categories[c].id.clone()).collect(),
                })
                .collect(),
            lanes: s
                .lanes
                .iter()
                .map(|l| {
                    let sv = s.service(l.kind);
                    let planned = sv.by_category.iter().map(|d| d.mean()).sum::<f64>() / sv.by_category.len() as f64;
                    HallLane { id: l.id.clone(), kind: l.kind, serves: l.serves.clone(), planned_service_s: planned }
                })
                .collect(),
            categories: s.categories.iter().map(|c| c.id.clone()).collect(),
            standard: s.standard,
        }
    }

    /// Index of a queue.
    pub fn queue(&self, id: &str) -> Option<usize> {
        self.queues.iter().position(|q| q.id == *id)
    }

    /// Index of a lane.
    pub fn lane(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == *id)
    }

    /// The checkpoint's local calendar day of an instant: its operating day.
    pub fn local_day(&self, at: jiff::Timestamp) -> jiff::civil::Date {
        at.to_zoned(self.time_zone.clone()).date()
    }
}
