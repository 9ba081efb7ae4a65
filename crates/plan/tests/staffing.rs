//! The planner on the Khorgos hall: it meets the target when the hall has the
//! lanes, verifies by simulation, says so when it cannot, and its roster keeps
//! every officer within the break rules.

use borderflow_core::{LaneKind, Scenario};
use borderflow_plan::roster::{MAX_DAY_WORK_S, roster};
use borderflow_plan::staffing::{Options, Target, as_written, plan};

fn khorgos(what_if: &[&str]) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/khorgos.toml");
    Scenario::load(&path, &what_if.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
}

fn options(s: &Scenario) -> Options {
    Options {
        target: Target { share_within: 0.95, max_wait_s: s.standard.max_wait_s, hard_cap_s: 3600.0 },
        reps: 12,
        max_rounds: 40,
        seed: 7,
    }
}

#[test]
fn with_enough_lanes_the_plan_meets_the_target_for_fewer_desk_hours() {
    let s = khorgos(&["egates=12", "merchant_desks=4", "first_time_desks=8", "repeat_desks=6"]);
    let p = plan(&s, &options(&s));
    assert!(p.meets_target, "failing: {:?}", p.failing);
    // Every (interval, queue) the verification saw is within the target.
    for c in &p.checks {
        assert!(c.wait_p95.is_nan() || c.wait_p95 <= s.standard.max_wait_s, "{c:?}");
        assert!(c.wait_max.is_nan() || c.wait_max <= 3600.0, "{c:?}");
    }
    // An independent check with other seeds agrees (within a margin for noise).
    let again = as_written(&p.apply(&s), 12, 99);
    assert!(again.within_standard.mean > 0.99, "{again:?}");
    assert_eq!(again.stranded.mean, 0.0);
    // Fewer desk-hours than the hall with every desk open all day.
    let all_day: f64 =
        s.lanes.iter().filter(|l| l.kind == LaneKind::Manual).map(|l| l.windows.iter().map(|(a, b)| b - a).sum::<f64>()).sum::<f64>()
            / 3600.0;
    assert!(p.desk_hours < 0.8 * all_day, "{} vs {all_day}", p.desk_hours);
}

#[test]
fn the_hall_as_built_cannot_absorb_the_opening_crowd_and_the_plan_says_so() {
    let s = khorgos(&[]);
    let p = plan(&s, &options(&s));
    assert!(!p.meets_target);
    let open = s.streams[0].open_s;
    // What breaks is the morning after the opening surge, at entry.
    for c in &p.failing {
        let t = p.start_clock_s + c.interval as f64 * p.interval_s;
        assert!(t >= open - p.interval_s && t < open + 4.0 * 3600.0, "{c:?}");
        assert_eq!(s.queues[c.queue as usize].direction, borderflow_core::Direction::Entry);
    }
    // Every entry lane is open through the surge.
    let surge = ((open - p.start_clock_s) / p.interval_s) as usize;
    for g in p.groups.iter().filter(|g| g.group != "exit_desks" && g.group != "exit_egates") {
        assert_eq!(g.open[surge], g.lanes, "{}", g.group);
    }
}

#[test]
fn the_roster_covers_the_plan_and_keeps_the_break_rules() {
    let s = khorgos(&["egates=12", "merchant_desks=4", "first_time_desks=8", "repeat_desks=6"]);
    let p = plan(&s, &options(&s));
    let r = roster(&s, &p);
    for o in &r.officers {
        for w in o.stretches.windows(2) {
            assert!(w[1].0 - w[0].1 >= s.standard.min_break_s - 1e-6, "{o:?}");
        }
        for (a, b) in &o.stretches {
            assert!(b - a <= s.standard.max_continuous_work_s + 1e-6 && b > a, "{o:?}");
        }
        assert!(o.work_s() <= MAX_DAY_WORK_S + 1e-6, "{o:?}");
    }
    // At every interval, as many officers work in each hall as its desks are open.
    let manual: Vec<_> = p.groups.iter().filter(|g| g.kind == LaneKind::Manual).collect();
    for i in 0..p.intervals as usize {
        let mid = p.start_clock_s + (i as f64 + 0.5) * p.interval_s;
        let working = r.officers.iter().filter(|o| o.stretches.iter().any(|&(a, b)| a <= mid && mid < b)).count() as u32;
        let open: u32 = manual.iter().map(|g| g.open[i]).sum();
        assert_eq!(working, open, "interval {i}");
    }
    assert!((r.work_hours - p.desk_hours).abs() < 1e-6);
}
