//! Rollups: per 15 minutes × direction × category × lane kind, the counts and
//! waits the dashboard's charts and the reports need. Computed from events by
//! a pure function, one local day at a time, so late and out-of-order events
//! only mark their day for recomputation — the rollups always equal what the
//! events say.

use std::collections::{BTreeMap, HashMap};

use borderflow_core::{Event, EventBody, Id, LaneKind};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::layout::Layout;
use crate::{EventStore, StoreError};

/// Upper edges of the wait histogram's bins, minutes; the last bin is open.
pub const WAIT_BINS_MIN: [f64; 7] = [5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0];

/// Bucket length, microseconds.
pub const BUCKET_US: i64 = 15 * 60 * 1_000_000;

/// The figures of one bucket and group.
#[derive(ts_rs::TS, Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Measures {
    /// Travellers who arrived (first queue joined).
    pub arrivals: i64,
    /// Services ended `cleared`.
    pub cleared: i64,
    /// Services ended `referred` (not counting e-gate rejections, which queue again).
    pub referred: i64,
    /// Services ended `refused`.
    pub refused: i64,
    /// Waits measured (services started after a seen join).
    pub waits: i64,
    /// Their sum, seconds.
    pub wait_sum_s: f64,
    /// The longest, seconds.
    pub wait_max_s: f64,
    /// Waits per bin of [`WAIT_BINS_MIN`] (8 bins).
    pub hist: [i64; 8],
}

impl Measures {
    /// Adds another group's figures.
    pub fn add(&mut self, o: &Measures) {
        self.arrivals += o.arrivals;
        self.cleared += o.cleared;
        self.referred += o.referred;
        self.refused += o.refused;
        self.waits += o.waits;
        self.wait_sum_s += o.wait_sum_s;
        self.wait_max_s = self.wait_max_s.max(o.wait_max_s);
        for (a, b) in self.hist.iter_mut().zip(o.hist) {
            *a += b;
        }
    }

    fn wait(&mut self, w: f64) {
        self.waits += 1;
        self.wait_sum_s += w;
        self.wait_max_s = self.wait_max_s.max(w);
        let bin = WAIT_BINS_MIN.iter().position(|&edge| w < edge * 60.0).unwrap_or(7);
        self.hist[bin] += 1;
    }
}

/// One rollup row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupRow {
    /// Checkpoint.
    pub checkpoint: String,
    /// Local day.
    pub day: String,
    /// Bucket start, microseconds since the epoch (UTC).
    pub bucket_us: i64,
    /// `entry`, `exit` or `unknown` (an end whose join was never seen, at a lane of no known direction).
    pub direction: String,
    /// Category (or `unknown`).
    pub category: String,
    /// `manual` or `egate`.
    pub lane_kind: String,
    /// The figures.
    pub m: Measures,
}

/// One lane's (and officer's) day: services, outcomes, time spent serving.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct LaneRow {
    /// Checkpoint.
    pub checkpoint: String,
    /// Local day.
    pub day: String,
    /// Lane.
    pub lane: String,
    /// Officer who started the services (`""` for e-gates and unstaffed lanes).
    pub officer: String,
    /// Services ended (including e-gate rejections).
    pub services: i64,
    /// Ended `cleared`.
    pub cleared: i64,
    /// Ended `referred` (e-gate rejections included).
    pub referred: i64,
    /// Ended `refused`.
    pub refused: i64,
    /// Seconds spent serving (start to end).
    pub service_s_sum: f64,
}

/// A local day's rollups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayRollup {
    /// Per 15 minutes × direction × category × lane kind.
    pub quarters: Vec<RollupRow>,
    /// The same per day.
    pub days: Vec<RollupRow>,
    /// Per lane × officer.
    pub lanes: Vec<LaneRow>,
}

/// The local day's bounds as instants.
pub fn day_bounds(layout: &Layout, checkpoint: &str, day: &str) -> Result<(Timestamp, Timestamp), StoreError> {
    let date: Date = day.parse().map_err(|e| StoreError::Invalid(format!("day `{day}`: {e}")))?;
    let tz = layout.time_zone(checkpoint);
    let start = date.to_zoned(tz.clone()).map_err(|e| StoreError::Invalid(e.to_string()))?.timestamp();
    let next = date.tomorrow().map_err(|e| StoreError::Invalid(e.to_string()))?;
    let end = next.to_zoned(tz).map_err(|e| StoreError::Invalid(e.to_string()))?.timestamp();
    Ok((start, end))
}

/// How far back a join may lie before the service it waited for.
pub const LOOKBACK_S: i64 = 6 * 3600;

fn us(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// Rolls up one checkpoint's local `day` from its events between the day's
/// start minus [`LOOKBACK_S`] and its end, sorted by (time, acceptance).
/// Figures are placed by event time: arrivals at the join, waits at the
/// service start, outcomes at the end.
pub fn compute_day(layout: &Layout, checkpoint: &str, day: &str, events: &[Event]) -> Result<DayRollup, StoreError> {
    let (start, end) = day_bounds(layout, checkpoint, day)?;
    let (start, end) = (us(start), us(end));
    struct Seen {
        direction: String,
        category: String,
        joined_us: i64,
    }
    let mut travellers: HashMap<&Id, Seen> = HashMap::new();
    let mut cells: BTreeMap<(i64, String, String, &'static str), Measures> = BTreeMap::new();
    // Service in progress per lane: (traveller, started, officer).
    let mut serving: HashMap<&Id, (&Id, i64, String)> = HashMap::new();
    let unknown = || "unknown".to_string();
    let mut lanes: BTreeMap<(String, String), LaneRow> = BTreeMap::new();
    let kind = |k: LaneKind| k.as_str();
    for ev in events {
        let t = us(ev.at);
        let inside = t >= start && t < end;
        let bucket = t.div_euclid(BUCKET_US) * BUCKET_US;
        match &ev.body {
            EventBody::QueueJoined { traveller, direction, category, queue } => {
                let first = !travellers.contains_key(traveller);
                travellers.insert(traveller, Seen { direction: direction.to_string(), category: category.to_string(), joined_us: t });
                if first && inside {
                    let k = kind(layout.queue_kind(checkpoint, queue.as_str()));
                    cells.entry((bucket, direction.to_string(), category.to_string(), k)).or_default().arrivals += 1;
                }
            }
            EventBody::ServiceStarted { traveller, lane, officer, category } => {
                serving.insert(lane, (traveller, t, officer.as_ref().map(|o| o.to_string()).unwrap_or_default()));
                // A traveller the lane itself reports (an e-gate: no join is seen) arrives here, with the category the lane read.
                if let (false, Some(c)) = (travellers.contains_key(traveller), category) {
                    let direction = layout.lane_direction(checkpoint, lane.as_str()).map_or_else(unknown, |d| d.to_string());
                    if inside {
                        let k = kind(layout.lane_kind(checkpoint, lane.as_str()));
                        cells.entry((bucket, direction.clone(), c.to_string(), k)).or_default().arrivals += 1;
                    }
                    travellers.insert(traveller, Seen { direction, category: c.to_string(), joined_us: t });
                    continue;
                }
                if let (Some(seen), true) = (travellers.get(traveller), inside) {
                    let w = (t - seen.joined_us).max(0) as f64 / 1e6;
                    let k = kind(layout.lane_kind(checkpoint, lane.as_str()));
                    cells.entry((bucket, seen.direction.clone(), seen.category.clone(), k)).or_default().wait(w);
                }
            }
            EventBody::Cleared(e) | EventBody::Referred(e) | EventBody::Refused(e) => {
                // A gate's referral hands the traveller to a desk, where their crossing is counted.
                let rejected = e.reason.as_ref().is_some_and(|r| r.handed_to_an_officer());
                let started = serving.remove(&e.lane).filter(|(who, _, _)| **who == e.traveller);
                if inside {
                    let officer =
                        started.as_ref().map(|s| s.2.clone()).or_else(|| e.officer.as_ref().map(|o| o.to_string())).unwrap_or_default();
                    let row = lanes.entry((e.lane.to_string(), officer.clone())).or_insert_with(|| LaneRow {
                        checkpoint: checkpoint.to_owned(),
                        day: day.to_owned(),
                        lane: e.lane.to_string(),
                        officer,
                        services: 0,
                        cleared: 0,
                        referred: 0,
                        refused: 0,
                        service_s_sum: 0.0,
                    });
                    row.services += 1;
                    match ev.body {
                        EventBody::Cleared(_) => row.cleared += 1,
                        EventBody::Referred(_) => row.referred += 1,
                        _ => row.refused += 1,
                    }
                    if let Some((_, from, _)) = started {
                        row.service_s_sum += (t - from).max(0) as f64 / 1e6;
                    }
                }
                if !inside || rejected {
                    continue;
                }
                // A traveller whose joining nobody reported (a desk terminal's) still crossed the way their lane serves.
                let (d, c) = travellers.get(&e.traveller).map_or_else(
                    || (layout.lane_direction(checkpoint, e.lane.as_str()).map_or_else(unknown, |d| d.to_string()), unknown()),
                    |s| (s.direction.clone(), s.category.clone()),
                );
                let m = cells.entry((bucket, d, c, kind(layout.lane_kind(checkpoint, e.lane.as_str())))).or_default();
                match ev.body {
                    EventBody::Cleared(_) => m.cleared += 1,
                    EventBody::Referred(_) => m.referred += 1,
                    _ => m.refused += 1,
                }
            }
            _ => {}
        }
    }
    let mut daily: BTreeMap<(String, String, &'static str), Measures> = BTreeMap::new();
    let rows: Vec<RollupRow> = cells
        .into_iter()
        .map(|((bucket_us, direction, category, lane_kind), m)| {
            daily.entry((direction.clone(), category.clone(), lane_kind)).or_default().add(&m);
            RollupRow {
                checkpoint: checkpoint.to_owned(),
                day: day.to_owned(),
                bucket_us,
                direction,
                category,
                lane_kind: lane_kind.to_owned(),
                m,
            }
        })
        .collect();
    let days = daily
        .into_iter()
        .map(|((direction, category, lane_kind), m)| RollupRow {
            checkpoint: checkpoint.to_owned(),
            day: day.to_owned(),
            bucket_us: start,
            direction,
            category,
            lane_kind: lane_kind.to_owned(),
            m,
        })
        .collect();
    Ok(DayRollup { quarters: rows, days, lanes: lanes.into_values().collect() })
}

/// Recomputes every day marked dirty; returns how many days were rebuilt.
/// A day appended to while it is being rebuilt stays dirty for the next round.
pub async fn refresh(store: &dyn EventStore, layout: &Layout) -> Result<usize, StoreError> {
    let dirty = store.dirty_days().await?;
    for d in &dirty {
        let (start, end) = day_bounds(layout, &d.checkpoint, &d.day)?;
        let from = start - jiff::SignedDuration::from_secs(LOOKBACK_S);
        let events = store.events_between(&d.checkpoint, from, end).await?;
        let rollup = compute_day(layout, &d.checkpoint, &d.day, &events)?;
        store.write_rollups(d, &rollup).await?;
    }
    Ok(dirty.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use borderflow_core::Scenario;

    fn khorgos() -> Layout {
        let s = Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap();
        Layout::from_scenarios(&[s])
    }

    fn ev(n: u32, hm: &str, body: serde_json::Value) -> Event {
        let mut v = serde_json::json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "at": format!("2026-07-12T{hm}+08:00"), "checkpoint": "khorgos"});
        v.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        Event::from_json(&v).unwrap()
    }

    /// An e-gate's travellers (no join reported) arrive and clear under the
    /// category the gate read and the direction its lane serves, not "unknown".
    #[test]
    fn a_gates_travellers_are_rolled_up_by_the_category_it_reports() {
        let layout = khorgos();
        let events = vec![
            ev(1, "10:00:00", serde_json::json!({"kind": "service_started", "traveller": "g1", "lane": "E1", "category": "merchant"})),
            ev(2, "10:00:10", serde_json::json!({"kind": "cleared", "traveller": "g1", "lane": "E1"})),
            ev(3, "10:01:00", serde_json::json!({"kind": "service_started", "traveller": "g2", "lane": "XE2"})),
            ev(4, "10:01:10", serde_json::json!({"kind": "cleared", "traveller": "g2", "lane": "XE2"})),
        ];
        let r = compute_day(&layout, "khorgos", "2026-07-12", &events).unwrap();
        let cell = |d: &str, c: &str| {
            r.days.iter().find(|x| x.direction == d && x.category == c).map(|x| (x.lane_kind.as_str(), x.m.arrivals, x.m.cleared))
        };
        assert_eq!(cell("entry", "merchant"), Some(("egate", 1, 1)));
        // Without a category: cleared in the direction its lane serves, nobody knows who.
        assert_eq!(cell("exit", "unknown"), Some(("egate", 0, 1)));
        assert_eq!(cell("unknown", "unknown"), None, "a lane's direction is known: the clearances chart had a `not recorded` line");
    }

    /// A gate that refers a traveller (its expired passport, say) hands them to
    /// a desk, where their crossing ends and is counted: the gate's referral is
    /// not a second one. Only the simulator's `egate_rejected` was read so;
    /// a real gate's `document` or `biometric` counted the traveller twice.
    #[test]
    fn a_gates_referral_is_a_hand_over_and_a_desks_is_counted() {
        let layout = khorgos();
        let events = vec![
            ev(1, "10:00:00", serde_json::json!({"kind": "service_started", "traveller": "g1", "lane": "E1", "category": "merchant"})),
            ev(2, "10:00:10", serde_json::json!({"kind": "referred", "traveller": "g1", "lane": "E1", "reason": "document"})),
            ev(3, "10:02:00", serde_json::json!({"kind": "service_started", "traveller": "g1", "lane": "D1"})),
            ev(4, "10:02:30", serde_json::json!({"kind": "referred", "traveller": "g1", "lane": "D1", "reason": "visa"})),
        ];
        let r = compute_day(&layout, "khorgos", "2026-07-12", &events).unwrap();
        let referred: i64 = r.days.iter().map(|x| x.m.referred).sum();
        assert_eq!(referred, 1, "once, at the desk: {:?}", r.days);
    }
}
