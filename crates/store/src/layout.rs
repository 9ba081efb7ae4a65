//! What the store must know of each checkpoint to roll events up: its time
//! zone (reports are by local day), the kind of each lane and queue, and the
//! direction each lane serves.

use std::collections::HashMap;

use borderflow_core::{Direction, LaneKind, Scenario};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Checkpoint layouts, by checkpoint id.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    checkpoints: HashMap<String, CheckpointLayout>,
}

#[derive(Debug, Clone)]
struct CheckpointLayout {
    tz: TimeZone,
    lanes: HashMap<String, LaneKind>,
    queues: HashMap<String, LaneKind>,
    directions: HashMap<String, Direction>,
}

impl Layout {
    /// Layouts of these scenarios' checkpoints.
    pub fn from_scenarios(scenarios: &[Scenario]) -> Layout {
        let checkpoints = scenarios
            .iter()
            .map(|s| {
                let lanes = s.lanes.iter().map(|l| (l.id.to_string(), l.kind)).collect();
                let queues =
                    s.queues.iter().map(|q| (q.id.to_string(), if q.egate { LaneKind::Egate } else { LaneKind::Manual })).collect();
                let directions = s.lanes.iter().filter_map(|l| Some((l.id.to_string(), s.queues[*l.serves.first()?].direction))).collect();
                (s.checkpoint.to_string(), CheckpointLayout { tz: s.time_zone.clone(), lanes, queues, directions })
            })
            .collect();
        Layout { checkpoints }
    }

    /// The checkpoint's time zone (UTC if unknown).
    pub fn time_zone(&self, checkpoint: &str) -> TimeZone {
        self.checkpoints.get(checkpoint).map(|c| c.tz.clone()).unwrap_or(TimeZone::UTC)
    }

    /// The local day (`YYYY-MM-DD`) of an instant at a checkpoint.
    pub fn day(&self, checkpoint: &str, at: Timestamp) -> String {
        at.to_zoned(self.time_zone(checkpoint)).date().to_string()
    }

    /// The kind of a lane (`manual` if unknown).
    pub fn lane_kind(&self, checkpoint: &str, lane: &str) -> LaneKind {
        self.checkpoints.get(checkpoint).and_then(|c| c.lanes.get(lane)).copied().unwrap_or(LaneKind::Manual)
    }

    /// The direction of the travellers a lane serves (from its first queue), if known.
    pub fn lane_direction(&self, checkpoint: &str, lane: &str) -> Option<Direction> {
        self.checkpoints.get(checkpoint).and_then(|c| c.directions.get(lane)).copied()
    }

    /// The kind of lane a queue leads to (`manual` if unknown).
    pub fn queue_kind(&self, checkpoint: &str, queue: &str) -> LaneKind {
        self.checkpoints.get(checkpoint).and_then(|c| c.queues.get(queue)).copied().unwrap_or(LaneKind::Manual)
    }
}
