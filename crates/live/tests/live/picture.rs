//! The live picture from hand-made events: lengths, sensor counts,
//! out-of-order and late events, totals, alerts.

use borderflow_core::{Event, Scenario};
use borderflow_live::alerts::Change;
use borderflow_live::{AlertKind, Level, Live};
use jiff::Timestamp;
use serde_json::json;

fn khorgos() -> Scenario {
    Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
}

struct Feed {
    n: u32,
}

impl Feed {
    /// An event at local time `hm` (Asia/Shanghai) on 2026-07-12.
    fn ev(&mut self, hm: &str, kind: &str, extra: serde_json::Value) -> Event {
        self.n += 1;
        let mut v = json!({"id": format!("00000000-0000-4000-8000-{:012}", self.n), "at": format!("2026-07-12T{hm}+08:00"), "checkpoint": "khorgos", "kind": kind});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        Event::from_json(&v).unwrap()
    }
}

fn at(hm: &str) -> Timestamp {
    format!("2026-07-12T{hm}+08:00").parse().unwrap()
}

fn queue<'a>(snap: &'a borderflow_live::Snapshot, id: &str) -> &'a borderflow_live::QueueView {
    snap.checkpoints[0].queues.iter().find(|q| q.id.as_str() == id).unwrap()
}

#[test]
fn joins_starts_and_estimates() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    for lane in ["D3", "D4"] {
        live.apply(&f.ev("09:40:00", "lane_opened", json!({"lane": lane})));
    }
    for i in 0..30 {
        live.apply(&f.ev(
            "09:50:00",
            "queue_joined",
            json!({"traveller": format!("t{i}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
    }
    live.apply(&f.ev("09:50:00", "service_started", json!({"traveller": "t0", "lane": "D3", "officer": "D3-1"})));
    live.apply(&f.ev("09:50:00", "service_started", json!({"traveller": "t1", "lane": "D4"})));
    let snap = live.snapshot(at("09:50:10"));
    let q = queue(&snap, "entry_first_time");
    assert_eq!(q.length, 28);
    assert_eq!(q.open_lanes, 2);
    // 28 ahead + self, two desks at the planned mean service time.
    let planned = live.hall("khorgos").unwrap().planned_service_s[2];
    let est = q.estimated_wait_s.unwrap();
    assert!((est - 29.0 * planned / 2.0).abs() < 1e-6, "{est}");
    let d3 = snap.checkpoints[0].lanes.iter().find(|l| l.id.as_str() == "D3").unwrap();
    assert!(d3.open && d3.busy);
    assert_eq!(d3.officer.as_ref().unwrap().as_str(), "D3-1");
    // Totals by direction and category for the local day.
    assert_eq!(snap.checkpoints[0].totals.by_direction[&borderflow_core::Direction::Entry]["first_time"], 30);
    assert_eq!(snap.checkpoints[0].totals.date, "2026-07-12");
}

#[test]
fn sensor_counts_correct_the_length() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev(
        "10:00:00",
        "queue_joined",
        json!({"traveller": "a", "direction": "entry", "category": "merchant", "queue": "entry_merchant"}),
    ));
    live.apply(&f.ev("10:01:00", "queue_count", json!({"queue": "entry_merchant", "count": 40})));
    assert_eq!(queue(&live.snapshot(at("10:01:00")), "entry_merchant").length, 40);
    // Individual joins after the count add to it; an older count does not replace a newer one.
    live.apply(&f.ev(
        "10:02:00",
        "queue_joined",
        json!({"traveller": "b", "direction": "entry", "category": "merchant", "queue": "entry_merchant"}),
    ));
    live.apply(&f.ev("09:59:00", "queue_count", json!({"queue": "entry_merchant", "count": 5})));
    assert_eq!(queue(&live.snapshot(at("10:02:00")), "entry_merchant").length, 41);
}

#[test]
fn a_start_before_its_join_and_late_events_land_right() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": "D6"})));
    live.apply(&f.ev(
        "10:00:00",
        "queue_joined",
        json!({"traveller": "x", "direction": "entry", "category": "repeat", "queue": "entry_repeat"}),
    ));
    // The start of `y` arrives before its join (the lane posted first).
    live.apply(&f.ev("10:05:00", "service_started", json!({"traveller": "y", "lane": "D6"})));
    live.apply(&f.ev(
        "10:03:00",
        "queue_joined",
        json!({"traveller": "y", "direction": "entry", "category": "repeat", "queue": "entry_repeat"}),
    ));
    let snap = live.snapshot(at("10:06:00"));
    let q = queue(&snap, "entry_repeat");
    assert_eq!(q.length, 1, "x still waits; y is being served");
    assert_eq!(q.served_15m, 1);
    assert_eq!(q.observed_wait_p50_s, Some(120.0));
    // An event an hour late counts in its own time, not in the last 5 or 15 minutes.
    let before = (q.arrivals_5m, q.arrivals_15m);
    live.apply(&f.ev(
        "09:00:00",
        "queue_joined",
        json!({"traveller": "z", "direction": "entry", "category": "repeat", "queue": "entry_repeat"}),
    ));
    let q = queue(&live.snapshot(at("10:06:00")), "entry_repeat").clone();
    assert_eq!((q.arrivals_5m, q.arrivals_15m), before);
    assert_eq!(q.length, 2);
}

#[test]
fn alerts_raise_update_and_clear() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": "D3"})));
    for i in 0..100 {
        live.apply(&f.ev(
            "10:00:00",
            "queue_joined",
            json!({"traveller": format!("t{i}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
    }
    let changes = live.evaluate(at("10:00:00"));
    let wait =
        changes.iter().find(|c| c.alert.kind == AlertKind::Wait && c.alert.subject.as_str() == "entry_first_time").expect("a wait alert");
    assert_eq!(wait.change, Change::Raised);
    assert_eq!(wait.alert.level, Level::Critical, "101 × the planned ~21 s on one desk is over 30 min");
    // Raised once: evaluating again with nothing new changes nothing for it.
    assert!(live.evaluate(at("10:00:00")).iter().all(|c| c.alert.subject.as_str() != "entry_first_time"));
    // The idle desk with a long queue, after two minutes.
    let changes = live.evaluate(at("10:03:00"));
    assert!(changes.iter().any(|c| c.alert.kind == AlertKind::LaneIdle && c.alert.subject.as_str() == "D3" && c.change == Change::Raised));
    // More desks: the wait drops under the warning level and the alert clears.
    for lane in ["D1", "D2", "D4", "D5", "D6", "D7", "D8"] {
        live.apply(&f.ev("10:03:00", "lane_opened", json!({"lane": lane})));
    }
    for i in 0..55 {
        live.apply(&f.ev("10:03:30", "service_started", json!({"traveller": format!("t{i}"), "lane": "D3"})));
        live.apply(&f.ev("10:03:30", "cleared", json!({"traveller": format!("t{i}"), "lane": "D3"})));
    }
    let changes = live.evaluate(at("10:04:00"));
    assert!(changes.iter().any(|c| c.alert.kind == AlertKind::Wait && c.change == Change::Cleared), "{changes:#?}");
    // A lane open but silent for ten minutes while 45 wait for it.
    let changes = live.evaluate(at("10:20:00"));
    assert!(changes.iter().any(|c| c.alert.kind == AlertKind::LaneSilent && c.alert.subject.as_str() == "D4"), "{changes:#?}");
    // Exit desks serve nobody waiting: silence there is no alert.
    assert!(!changes.iter().any(|c| c.alert.kind == AlertKind::LaneSilent && c.alert.subject.as_str().starts_with("XD")));
}

#[test]
fn the_same_events_give_the_same_picture() {
    let s = khorgos();
    let model = borderflow_sim::Model::new(&s);
    let mut sim = Vec::new();
    model.run(3, &mut sim);
    let mut ex = borderflow_sim::Exporter::new(&s, 3);
    let events: Vec<Event> = sim.iter().map(|e| ex.convert(e)).collect();
    let (mut a, mut b) = (Live::new(std::slice::from_ref(&s)), Live::new(std::slice::from_ref(&s)));
    for e in &events {
        a.apply(e);
    }
    for e in &events {
        b.apply(e);
    }
    let now = at("11:00:00");
    assert_eq!(a.snapshot(now), b.snapshot(now));
}

#[test]
fn deltas_carry_only_what_changed() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": "D3"})));
    let a = live.snapshot(at("10:00:00"));
    assert_eq!(a.delta_since(&a), None, "no change, no delta");
    live.apply(&f.ev(
        "10:00:05",
        "queue_joined",
        json!({"traveller": "x", "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
    ));
    let b = live.snapshot(at("10:00:05"));
    let d = b.delta_since(&a).unwrap();
    let cp = &d.checkpoints[0];
    assert_eq!(cp.queues.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), ["entry_first_time"]);
    assert!(cp.lanes.is_empty());
    assert!(cp.totals.is_some(), "today's totals grew");
}

#[test]
fn the_waits_of_a_steps_joiners_are_known_once_all_are_served() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": "D3"})));
    let join = |f: &mut Feed, hm: &str, who: &str| {
        f.ev(hm, "queue_joined", json!({"traveller": who, "direction": "entry", "category": "first_time", "queue": "entry_first_time"}))
    };
    for (hm, who) in [("10:00:30", "a"), ("10:02:00", "b"), ("10:06:00", "c")] {
        live.apply(&join(&mut f, hm, who));
    }
    let secs = |hm: &str| at(hm).as_second() as f64;
    let step = |live: &Live| live.checkpoint("khorgos").unwrap().joiners_waits("entry_first_time", secs("10:00:00"), secs("10:05:00"));
    live.apply(&f.ev("10:04:30", "service_started", json!({"traveller": "a", "lane": "D3"})));
    assert_eq!(step(&live), None, "b is still waiting");
    live.apply(&f.ev("10:09:00", "service_started", json!({"traveller": "b", "lane": "D3"})));
    // c joined after the step: not counted, and its wait does not hold the step back.
    assert_eq!(step(&live), Some(vec![240.0, 420.0]));
    let cp = live.checkpoint("khorgos").unwrap();
    assert_eq!(cp.joiners_waits("entry_first_time", secs("10:10:00"), secs("10:15:00")), Some(vec![]), "nobody joined");
    assert_eq!(cp.joiners_waits("no_such_queue", secs("10:00:00"), secs("10:05:00")), None);
}

/// Found when the twin was tried against a harder day: in the surge,
/// travellers who waited over an hour were never scored (their step counted
/// as too old once they were all served), so the track record left out the
/// very steps it exists for.
#[test]
fn a_step_whose_travellers_waited_over_an_hour_is_still_scored() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    first_timers(&mut live, &mut f, "10:00:30", 0, 2);
    live.apply(&f.ev("11:20:00", "service_started", json!({"traveller": "t0", "lane": "D3"})));
    live.apply(&f.ev("11:35:30", "service_started", json!({"traveller": "t1", "lane": "D3"})));
    // Plenty of later traffic, as in a surge (the picture trims what it keeps as it goes).
    first_timers(&mut live, &mut f, "11:36:00", 2, 3000);
    let secs = |hm: &str| at(hm).as_second() as f64;
    let waits = live.checkpoint("khorgos").unwrap().joiners_waits("entry_first_time", secs("10:00:00"), secs("10:05:00"));
    assert_eq!(waits, Some(vec![79.5 * 60.0, 95.0 * 60.0]));
}

/// `n` first-time travellers joining at `hm`, numbered from `from`.
fn first_timers(live: &mut Live, f: &mut Feed, hm: &str, from: u32, n: u32) {
    for i in from..from + n {
        live.apply(&f.ev(
            hm,
            "queue_joined",
            json!({"traveller": format!("t{i}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
    }
}

/// Found in the surge: the alert stayed at "no open lane" for 100 minutes
/// after the desks reopened, beside an estimate of 45–74 min.
#[test]
fn a_wait_alert_follows_the_estimate_it_quotes() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    first_timers(&mut live, &mut f, "09:50:00", 0, 250);
    let raised = live.evaluate(at("09:55:00"));
    let a = &raised.iter().find(|c| c.alert.subject.as_str() == "entry_first_time").expect("raised").alert;
    assert!(a.value_s.is_infinite() && a.message.contains("estimated wait no open lane"), "{}", a.message);
    // Two desks open: still over the standard (250 × the planned ~21 s / 2), but now a figure.
    for lane in ["D3", "D4"] {
        live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": lane})));
    }
    let changes = live.evaluate(at("10:00:30"));
    let a = &changes.iter().find(|c| c.alert.subject.as_str() == "entry_first_time").expect("the alert is updated").alert;
    assert_eq!(a.level, Level::Critical);
    let est = queue(&live.snapshot(at("10:00:30")), "entry_first_time").estimated_wait_s.unwrap();
    assert!(a.value_s.is_finite() && (a.value_s - est).abs() < 1e-6, "{} vs {est}", a.value_s);
    assert!(a.message.contains(&format!("estimated wait {:.0} min", est / 60.0)), "{}", a.message);
}

/// Found beside the queue table: "over 30 min" next to an estimate of 3 min,
/// because travellers who had waited 40 minutes were just being served.
#[test]
fn a_queues_verdict_is_on_the_wait_it_shows() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    for lane in ["D3", "D4", "D5"] {
        live.apply(&f.ev("09:40:00", "lane_opened", json!({"lane": lane})));
    }
    first_timers(&mut live, &mut f, "09:50:00", 0, 12);
    for i in 0..10 {
        live.apply(&f.ev("10:30:00", "service_started", json!({"traveller": format!("t{i}"), "lane": "D3"})));
        live.apply(&f.ev("10:30:20", "cleared", json!({"traveller": format!("t{i}"), "lane": "D3"})));
    }
    let snap = live.snapshot(at("10:31:00"));
    let q = queue(&snap, "entry_first_time");
    assert!(q.observed_wait_p95_s.unwrap() > 30.0 * 60.0, "they waited 40 min");
    assert!(q.estimated_wait_s.unwrap() < 5.0 * 60.0, "two left, three desks");
    assert_eq!(q.status, borderflow_core::WaitLevel::Ok, "the verdict is on the estimate shown beside it");
    assert!(live.evaluate(at("10:31:00")).iter().all(|c| c.alert.subject.as_str() != "entry_first_time" || c.change == Change::Cleared));
}

/// Found on the KPI row: "within 30 min today: 100 %" beside a 270-minute
/// worst wait, because only waits that had ended counted.
#[test]
fn the_share_within_the_standard_counts_those_still_waiting() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("09:40:00", "lane_opened", json!({"lane": "D3"})));
    first_timers(&mut live, &mut f, "09:50:00", 0, 10);
    for i in 0..10 {
        live.apply(&f.ev("09:55:00", "service_started", json!({"traveller": format!("t{i}"), "lane": "D3"})));
    }
    // 240 more join at 10:00; D3 closes: nobody serves them, and by 10:40 they have waited 40 minutes.
    first_timers(&mut live, &mut f, "10:00:00", 10, 240);
    live.apply(&f.ev("10:00:00", "lane_closed", json!({"lane": "D3"})));
    let totals = live.snapshot(at("10:40:00")).checkpoints[0].totals.clone();
    assert_eq!((totals.waits_ended, totals.waiting, totals.waiting_over), (10, 240, 240));
    assert!((totals.within_standard.unwrap() - 10.0 / 250.0).abs() < 1e-9, "{totals:?}");
    // At 10:05 they have waited five minutes, but no open lane serves them: none will be within it.
    let early = live.snapshot(at("10:05:00")).checkpoints[0].totals.clone();
    assert_eq!(early.waiting_over, 240);
    // With three desks open at 10:05 (~29 min for the last), the first in line will be served in time and the last will not.
    for lane in ["D3", "D4", "D5"] {
        live.apply(&f.ev("10:05:00", "lane_opened", json!({"lane": lane})));
    }
    let open = live.snapshot(at("10:05:00")).checkpoints[0].totals.clone();
    assert!(open.waiting_over > 0 && open.waiting_over < 240, "{open:?}");
}

/// The case's rule: no officer works more than 4 hours without a break. Each
/// officer's stretch and count today; a warning at 3 h 45, critical at 4 h.
#[test]
fn officers_are_counted_and_warned_before_the_continuous_work_rule() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("09:40:00", "officer_on", json!({"officer": "D5-1", "lane": "D5"})));
    live.apply(&f.ev("09:40:00", "lane_opened", json!({"lane": "D5"})));
    first_timers(&mut live, &mut f, "09:50:00", 0, 3);
    for i in 0..3 {
        live.apply(&f.ev("09:51:00", "service_started", json!({"traveller": format!("t{i}"), "lane": "D5"})));
    }
    let cp = live.checkpoint("khorgos").unwrap();
    let o = cp.officers(at("10:40:00")).into_iter().find(|o| o.officer.as_str() == "D5-1").unwrap();
    assert_eq!((o.served_today, o.lane.as_ref().map(|l| l.as_str())), (3, Some("D5")));
    assert_eq!(o.continuous_s, Some(3600.0));
    assert!(live.evaluate(at("13:24:00")).iter().all(|c| c.alert.kind != AlertKind::LongShift));
    let warned = live.evaluate(at("13:25:00"));
    let w = &warned.iter().find(|c| c.alert.kind == AlertKind::LongShift).expect("warned at 3 h 45").alert;
    assert_eq!((w.level, w.subject.as_str()), (Level::Warning, "D5-1"));
    assert!(w.message.contains("3 h 45 min without a break (the rule: 4 h 00 min)"), "{}", w.message);
    let critical = live.evaluate(at("13:40:00"));
    assert!(critical.iter().any(|c| c.alert.kind == AlertKind::LongShift && c.alert.level == Level::Critical), "{critical:#?}");
    // The break ends the stretch and the alert; the count stays with the day.
    live.apply(&f.ev("13:40:00", "officer_off", json!({"officer": "D5-1"})));
    assert!(live.evaluate(at("13:41:00")).iter().any(|c| c.alert.kind == AlertKind::LongShift && c.change == Change::Cleared));
    let o = live.checkpoint("khorgos").unwrap().officers(at("13:41:00")).into_iter().find(|o| o.officer.as_str() == "D5-1").unwrap();
    assert_eq!((o.served_today, o.continuous_s), (3, None));
}

/// A supervisor's acknowledgement stays with the alert while its level holds,
/// is asked again when it changes, and the day keeps the alert once cleared.
#[test]
fn an_acknowledged_alert_keeps_its_acknowledgement_and_the_day_keeps_it() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("10:00:00", "lane_opened", json!({"lane": "D3"})));
    first_timers(&mut live, &mut f, "10:00:00", 0, 100);
    let raised = live.evaluate(at("10:00:00"));
    let id = raised.iter().find(|c| c.alert.subject.as_str() == "entry_first_time").unwrap().alert.id.clone();
    let ack = borderflow_live::AlertAck { by: "duty-1".into(), at: at("10:01:00"), note: Some("D4 and D5 reopening".into()) };
    assert!(live.acknowledge_alert("khorgos/wait/nowhere", ack.clone()).is_none());
    let c = live.acknowledge_alert(&id, ack).unwrap();
    assert_eq!((c.change, c.alert.acknowledged.as_ref().map(|a| a.by.as_str())), (Change::Acknowledged, Some("duty-1")));
    // Still critical a minute later: still acknowledged.
    live.evaluate(at("10:02:00"));
    let active = |live: &Live| live.snapshot(at("10:02:00")).checkpoints[0].alerts.iter().find(|a| a.id == id).cloned();
    assert!(active(&live).unwrap().acknowledged.is_some());
    // Desks open, the queue drains: it clears, and the day keeps it with its acknowledgement.
    for lane in ["D1", "D2", "D4", "D5", "D6", "D7", "D8"] {
        live.apply(&f.ev("10:03:00", "lane_opened", json!({"lane": lane})));
    }
    for i in 0..90 {
        live.apply(&f.ev("10:03:30", "service_started", json!({"traveller": format!("t{i}"), "lane": "D3"})));
    }
    assert!(live.evaluate(at("10:04:00")).iter().any(|c| c.alert.id == id && c.change == Change::Cleared));
    assert!(active(&live).is_none());
    let (_, day) = &live.alert_history()[0];
    let kept = day.iter().find(|a| a.id == id).expect("in the day's history");
    assert_eq!(kept.cleared_at, Some(at("10:04:00")));
    assert_eq!(kept.acknowledged.as_ref().and_then(|a| a.note.as_deref()), Some("D4 and D5 reopening"));
}

/// An e-gate reports its own travellers (nobody reports them joining its
/// queue) with the category it read from their enrolment: they count in
/// today's totals by that category, once, even if a join turns up later.
#[test]
fn a_gates_travellers_count_by_the_category_it_reports() {
    let mut live = Live::new(&[khorgos()]);
    let mut f = Feed { n: 0 };
    live.apply(&f.ev("09:50:00", "lane_opened", json!({"lane": "E1"})));
    live.apply(&f.ev("10:00:00", "service_started", json!({"traveller": "g1", "lane": "E1", "category": "merchant"})));
    live.apply(&f.ev("10:00:10", "cleared", json!({"traveller": "g1", "lane": "E1"})));
    live.apply(&f.ev("10:01:00", "service_started", json!({"traveller": "g2", "lane": "E1", "category": "repeat"})));
    // A join reported late for g2: not counted twice.
    live.apply(&f.ev(
        "09:59:00",
        "queue_joined",
        json!({"traveller": "g2", "direction": "entry", "category": "repeat", "queue": "entry_egate"}),
    ));
    // A start with no category (a lane that does not know it) is not counted, as before.
    live.apply(&f.ev("10:02:00", "service_started", json!({"traveller": "g3", "lane": "E1"})));
    let totals = &live.snapshot(at("10:05:00")).checkpoints[0].totals;
    let entry = &totals.by_direction[&borderflow_core::Direction::Entry];
    assert_eq!((entry.get("merchant"), entry.get("repeat"), entry.get("unknown")), (Some(&1), Some(&1), None));
}
