//! A past day's picture, or today's so far, sampled through the day from the
//! record: the day's events replayed through the same [`CheckpointState`] the
//! live picture uses, so a queue's estimated wait at 10:05 is the one the
//! dashboard showed at 10:05 — one rule, no second copy of the figures.

use borderflow_core::{Event, Id};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::checkpoint::CheckpointState;
use crate::hall::Hall;

/// One queue through the day: a value per sample.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct QueueSeries {
    /// Queue id.
    pub queue: Id,
    /// Travellers waiting.
    pub length: Vec<u32>,
    /// Estimated wait of a traveller joining then, seconds (null: no open lane served it).
    pub estimated_wait_s: Vec<Option<f64>>,
    /// 95th percentile of the waits that ended in the 15 minutes before, seconds.
    pub observed_wait_p95_s: Vec<Option<f64>>,
    /// Lanes open for it.
    pub open_lanes: Vec<u32>,
}

/// A checkpoint's day, sampled every `step_s`.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct DaySeries {
    /// Checkpoint.
    pub checkpoint: Id,
    /// Local day, `YYYY-MM-DD`.
    pub day: String,
    /// Seconds between samples.
    pub step_s: i64,
    /// The sample instants.
    #[serde(with = "instants")]
    #[ts(type = "Array<string>")]
    pub at: Vec<Timestamp>,
    /// Per queue, in the hall's order.
    pub queues: Vec<QueueSeries>,
    /// Lanes open in the whole hall.
    pub lanes_open: Vec<u32>,
}

mod instants {
    use jiff::Timestamp;
    use serde::Serializer;
    pub fn serialize<S: Serializer>(v: &[Timestamp], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|t| t.to_string()))
    }
}

/// Samples `hall`'s day from `from` to `to` (inclusive) every `step`, from
/// `events` sorted by time: lane and officer changes of any earlier date
/// first (they set the lanes as the day began), then the day's own events.
/// Events of other days do not fill the day's queues (as live).
pub fn day_series(hall: Hall, events: &[Event], from: Timestamp, to: Timestamp, step: SignedDuration) -> DaySeries {
    let day = hall.local_day(from);
    let mut cp = CheckpointState::new(hall);
    let mut out = DaySeries {
        checkpoint: cp.hall.scenario.checkpoint.clone(),
        day: day.to_string(),
        step_s: step.as_secs(),
        at: Vec::new(),
        queues: cp
            .hall
            .scenario
            .queues
            .iter()
            .map(|q| QueueSeries {
                queue: q.id.clone(),
                length: vec![],
                estimated_wait_s: vec![],
                observed_wait_p95_s: vec![],
                open_lanes: vec![],
            })
            .collect(),
        lanes_open: Vec::new(),
    };
    let mut next = 0;
    let mut t = from;
    while t <= to {
        while let Some(ev) = events.get(next).filter(|e| e.at <= t) {
            if ev.body.sets_lane_state() || cp.hall.local_day(ev.at) == day {
                cp.apply(ev);
            }
            next += 1;
        }
        out.at.push(t);
        for (s, q) in out.queues.iter_mut().zip(cp.queues(t)) {
            s.length.push(q.length);
            s.estimated_wait_s.push(q.estimated_wait_s);
            s.observed_wait_p95_s.push(q.observed_wait_p95_s);
            s.open_lanes.push(q.open_lanes);
        }
        out.lanes_open.push(cp.lanes(t).iter().filter(|l| l.open).count() as u32);
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Live;
    use borderflow_core::Scenario;

    fn khorgos() -> Scenario {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")).unwrap();
        Scenario::parse(&text, "khorgos.toml", &[], &|_| Err("no files".into())).unwrap()
    }

    fn ev(n: usize, at: &str, body: serde_json::Value) -> Event {
        let mut v = serde_json::json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "at": at, "checkpoint": "khorgos"});
        v.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn each_sample_is_what_the_live_picture_showed_then() {
        let s = khorgos();
        let mut events = vec![ev(1, "2026-07-11T20:00:00+08:00", serde_json::json!({"kind": "lane_opened", "lane": "D3"}))];
        for i in 0..30 {
            events.push(ev(
                10 + i,
                &format!("2026-07-12T09:{:02}:00+08:00", 50 + i / 5),
                serde_json::json!({"kind": "queue_joined", "traveller": format!("t{i}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
            ));
        }
        // Yesterday's traveller is in the record but not in today's queue.
        events.push(ev(2, "2026-07-11T09:51:00+08:00", serde_json::json!({"kind": "queue_joined", "traveller": "old", "direction": "entry", "category": "first_time", "queue": "entry_first_time"})));
        events.sort_by_key(|e| e.at);
        let from: Timestamp = "2026-07-12T09:45:00+08:00".parse().unwrap();
        let to: Timestamp = "2026-07-12T10:00:00+08:00".parse().unwrap();
        let series = day_series(Hall::from_scenario(&s), &events, from, to, SignedDuration::from_mins(5));
        assert_eq!(series.at.len(), 4);
        let q = series.queues.iter().position(|q| q.queue == *"entry_first_time").unwrap();
        let live = Live::new(&[s]);
        for (i, t) in series.at.iter().enumerate() {
            let mut fresh = live.clone();
            for e in events.iter().filter(|e| e.at <= *t) {
                if fresh.admits(e, *t) {
                    fresh.apply(e);
                }
            }
            let view = &fresh.snapshot(*t).checkpoints[0].queues[q];
            assert_eq!((series.queues[q].length[i], series.queues[q].estimated_wait_s[i]), (view.length, view.estimated_wait_s), "at {t}");
            assert_eq!(series.queues[q].open_lanes[i], view.open_lanes);
        }
        assert_eq!(series.queues[q].length, vec![0, 5, 30, 30]);
        assert_eq!(series.lanes_open[0], 1, "D3, opened the evening before");
        assert_eq!(series.day, "2026-07-12");
    }
}
