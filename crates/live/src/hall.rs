//! What the live picture needs to know about a checkpoint: its validated
//! scenario (queues, lanes, categories, standard, time zone — and the
//! scenario's own id lookups), plus what the picture derives from it once.

use borderflow_core::Scenario;
use std::sync::Arc;

/// A checkpoint's layout.
#[derive(Debug, Clone)]
pub struct Hall {
    /// The checkpoint as configured; ids are looked up with its
    /// [`Scenario::queue_index`] and [`Scenario::lane_index`].
    pub scenario: Arc<Scenario>,
    /// Per lane, the planned mean service time, seconds (used until the lane has measured its own).
    pub planned_service_s: Vec<f64>,
}

impl Hall {
    /// The layout of a scenario's checkpoint.
    pub fn from_scenario(s: &Scenario) -> Hall {
        let planned_service_s = s
            .lanes
            .iter()
            .map(|l| {
                let sv = s.service(l.kind);
                sv.by_category.iter().map(|d| d.mean()).sum::<f64>() / sv.by_category.len() as f64
            })
            .collect();
        Hall { scenario: Arc::new(s.clone()), planned_service_s }
    }

    /// The checkpoint's local calendar day of an instant: its operating day.
    pub fn local_day(&self, at: jiff::Timestamp) -> jiff::civil::Date {
        at.to_zoned(self.scenario.time_zone.clone()).date()
    }
}
