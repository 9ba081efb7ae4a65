//! A Khorgos hall in a given state, for the twin's and the advice's tests.

use borderflow_core::Scenario;
use borderflow_live::checkpoint::{LaneView, QueueView};

/// Khorgos with what-ifs.
pub fn khorgos_with(what_ifs: &[&str]) -> Scenario {
    let overrides: Vec<String> = what_ifs.iter().map(|s| s.to_string()).collect();
    Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &overrides).unwrap()
}

/// Khorgos as written.
pub fn khorgos() -> Scenario {
    khorgos_with(&[])
}

/// The queues with these lengths (the rest empty).
pub fn queues(s: &Scenario, lengths: &[(&str, u32)]) -> Vec<QueueView> {
    s.queues
        .iter()
        .map(|q| QueueView {
            id: q.id.clone(),
            direction: q.direction,
            egate: q.egate,
            length: lengths.iter().find(|(id, _)| *id == q.id.as_str()).map(|x| x.1).unwrap_or(0),
            arrivals_5m: 0,
            arrivals_15m: 0,
            served_5m: 0,
            served_15m: 0,
            open_lanes: 0,
            observed_wait_p50_s: None,
            observed_wait_p95_s: None,
            estimated_wait_s: None,
            status: borderflow_core::WaitLevel::Ok,
        })
        .collect()
}

/// The lanes, open where `open` says.
pub fn lanes(s: &Scenario, open: &dyn Fn(&str) -> bool) -> Vec<LaneView> {
    s.lanes
        .iter()
        .map(|l| LaneView {
            id: l.id.clone(),
            kind: l.kind,
            open: open(l.id.as_str()),
            officer: None,
            busy: false,
            throughput_per_hour: 0,
            mean_service_s: None,
            last_seen: None,
        })
        .collect()
}
