//! Each officer's day as the events tell it: on duty since when (the
//! continuous-work rule: no more than 4 hours without a break), at which
//! lane, and how many travellers they have served today.

use std::collections::{BTreeMap, HashMap};

use borderflow_core::Id;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{CheckpointState, secs};

/// One officer's state.
#[derive(Debug, Clone, Default)]
pub(super) struct OfficerState {
    /// Working without a break since (Unix seconds); None while off duty.
    on_since: Option<f64>,
    /// The lane they work at.
    lane: Option<usize>,
    /// Services started per local day.
    served: BTreeMap<Date, u64>,
}

/// Every officer the events have named.
#[derive(Debug, Clone, Default)]
pub(super) struct Officers(HashMap<Id, OfficerState>);

impl Officers {
    /// Signed in (or seen working) at `lane` at `t`: a stretch starts unless one is under way.
    pub(super) fn on(&mut self, officer: &Id, lane: Option<usize>, t: f64) {
        let o = self.0.entry(officer.clone()).or_default();
        o.on_since = Some(o.on_since.map_or(t, |s| s.min(t)));
        if lane.is_some() {
            o.lane = lane;
        }
    }

    /// Signed out or on a break at `t` (a sign-out older than the stretch's start is ignored).
    pub(super) fn off(&mut self, officer: &Id, t: f64) {
        if let Some(o) = self.0.get_mut(officer)
            && o.on_since.is_some_and(|s| s <= t)
        {
            o.on_since = None;
        }
    }

    /// Started serving a traveller on `day`: counted, and on duty if no sign-in was seen.
    pub(super) fn served(&mut self, officer: &Id, lane: usize, day: Date, t: f64) {
        self.on(officer, Some(lane), t);
        *self.0.get_mut(officer).expect("just added").served.entry(day).or_insert(0) += 1;
    }
}

/// One officer now.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct OfficerView {
    /// The officer.
    pub officer: Id,
    /// The lane they work at (the last they were seen at).
    pub lane: Option<Id>,
    /// Travellers they started serving today (the case: 2,000+ a day per inspector).
    pub served_today: u64,
    /// Seconds worked without a break, while on duty.
    pub continuous_s: Option<f64>,
}

impl CheckpointState {
    /// Every officer as of `now`, by id.
    pub fn officers(&self, now: Timestamp) -> Vec<OfficerView> {
        let (t, day) = (secs(now), self.hall.local_day(now));
        let mut out: Vec<OfficerView> = self
            .officers
            .0
            .iter()
            .map(|(id, o)| OfficerView {
                officer: id.clone(),
                lane: o.lane.map(|l| self.hall.scenario.lanes[l].id.clone()),
                served_today: o.served.get(&day).copied().unwrap_or(0),
                continuous_s: o.on_since.map(|s| (t - s).max(0.0)),
            })
            .collect();
        out.sort_by(|a, b| a.officer.cmp(&b.officer));
        out
    }
}
