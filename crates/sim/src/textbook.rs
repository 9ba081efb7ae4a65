//! Textbook systems built as scenarios, so theory tests and benchmarks run
//! through the same engine as a real hall.

use borderflow_core::scenario::{Category, DistSpec, Lane, LaneGroup, Queue, RatePiece, Service, Standard, Stream};
use borderflow_core::{Direction, Id, LaneKind, Scenario};

/// One queue, `servers` identical desks always open, Poisson arrivals at
/// `lambda` per second for `horizon_s` seconds, service times from `service`.
/// Lanes drain at the end, so every arrival is served.
pub fn single_queue(lambda: f64, service: DistSpec, servers: u32, horizon_s: f64) -> Scenario {
    let id = |s: &str| Id::new(s).expect("valid id");
    Scenario {
        checkpoint: id("textbook"),
        name: format!("M/{}/{servers}", if service.scv() == 1.0 { "M" } else { "G" }),
        names: Default::default(),
        time_zone_name: "UTC".into(),
        time_zone: jiff::tz::TimeZone::UTC,
        date: jiff::civil::date(2026, 1, 1),
        standard: Standard {
            max_wait_s: 1800.0,
            warning_s: 1200.0,
            interval_s: 900.0,
            max_continuous_work_s: 4.0 * 3600.0,
            min_break_s: 0.0,
        },
        categories: vec![Category { id: id("all"), names: Default::default(), egate_share: 0.0, alternatives: Vec::new() }],
        streams: vec![Stream {
            direction: Direction::Entry,
            open_s: 0.0,
            close_s: horizon_s,
            crowd_at_open: 0.0,
            crowd_release_s: 0.0,
            category_shares: vec![1.0],
            rates: vec![RatePiece { from_s: 0.0, to_s: horizon_s, per_s: lambda }],
            groups: vec![],
            replay: vec![],
        }],
        queues: vec![Queue {
            id: id("q"),
            names: Default::default(),
            at: None,
            direction: Direction::Entry,
            categories: vec![0],
            egate: false,
            fallback: None,
        }],
        lanes: (1..=servers)
            .map(|k| Lane {
                id: id(&format!("S{k}")),
                group: "servers".into(),
                kind: LaneKind::Manual,
                serves: vec![0],
                windows: vec![(0.0, horizon_s)],
                officers: vec![],
                drain: true,
                pace: 1.0,
            })
            .collect(),
        lane_groups: vec![LaneGroup { id: "servers".into(), kind: LaneKind::Manual, names: Default::default(), at: None }],
        manual: Service { by_category: vec![service], referred_share: 0.0, refused_share: 0.0, reject_rate: 0.0 },
        egate: None,
        reserve: Default::default(),
    }
}
