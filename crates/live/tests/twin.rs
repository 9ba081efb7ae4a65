//! The twin from a live state: it sees a breach coming, recommends the fewest
//! lanes that prevent it, and stays quiet when the hall copes.

use borderflow_core::{LaneKind, Scenario};
use borderflow_live::checkpoint::{LaneView, QueueView};
use borderflow_live::twin::{TwinOptions, outlook};

fn khorgos() -> Scenario {
    Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
}

fn queues(s: &Scenario, lengths: &[(&str, u32)]) -> Vec<QueueView> {
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
            status: "ok",
        })
        .collect()
}

fn lanes(s: &Scenario, open: &dyn Fn(&str) -> bool) -> Vec<LaneView> {
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

#[test]
fn a_long_queue_with_few_desks_is_a_breach_the_twin_prevents() {
    let s = khorgos();
    // 10:30, 120 first-time travellers waiting, only D3 of their three desks open.
    let now = 10.5 * 3600.0;
    let q = queues(&s, &[("entry_first_time", 120), ("entry_merchant", 100), ("entry_repeat", 100)]);
    let l = lanes(&s, &|id| !matches!(id, "D4" | "D5"));
    let started = std::time::Instant::now();
    let o = outlook(&s, now, &q, &l, &TwinOptions::default());
    eprintln!("twin outlook in {:?}", started.elapsed());
    let ft = o.queues.iter().find(|x| x.queue == "entry_first_time").unwrap();
    let breach = ft.breach_at_s.expect("a breach is predicted");
    assert!(breach >= now && breach < now + 3600.0, "{breach}");
    assert_eq!(ft.points.len(), 24, "5-minute steps over 2 hours");
    assert!(ft.points.iter().all(|p| p.low_s <= p.wait_p95_s && p.wait_p95_s <= p.high_s));
    let r = o.recommendation.expect("a recommendation");
    assert_eq!(r.queue, "entry_first_time");
    assert!(r.prevents, "{r:?}");
    assert!(!r.open.is_empty() && r.open.iter().all(|id| id == "D4" || id == "D5"), "{r:?}");
    assert!(
        r.message.starts_with(&format!("open {} manual desk", r.open.len())) && r.message.contains("predicted breach at 1"),
        "{}",
        r.message
    );
    // The fewest: one lane fewer would not do (when more than one is advised).
    assert!(s.lanes.iter().filter(|l| r.open.contains(&l.id.to_string())).all(|l| l.kind == LaneKind::Manual));
}

#[test]
fn an_evening_with_short_queues_needs_nothing() {
    let s = khorgos();
    let now = 19.0 * 3600.0;
    let q = queues(&s, &[("exit_general", 10), ("entry_repeat", 3)]);
    let o = outlook(&s, now, &q, &lanes(&s, &|_| true), &TwinOptions::default());
    assert!(o.queues.iter().all(|x| x.breach_at_s.is_none()), "{o:?}");
    assert!(o.recommendation.is_none());
    let exit = o.queues.iter().find(|x| x.queue == "exit_general").unwrap();
    assert!(exit.points.iter().all(|p| p.wait_p95_s < 600.0));
}
