//! Whatever the hall's state, the advice only proposes what the station can
//! do: lanes that exist and are closed, officers who are on duty or idle
//! elsewhere, no more reserve officers than declared, nobody past the
//! continuous-work rule, and categories only to queues they may use.

use crate::common;

use borderflow_live::advice::ActionKind;
use borderflow_live::twin::{TwinOptions, outlook};
use common::*;
use proptest::prelude::*;

/// Rosters that leave some desks without an officer now and then.
const ROSTERS: &[&str] = &[
    r#"repeat_desks.roster=[["13:40-17:40"],["17:40-21:00"]]"#,
    r#"first_time_desks.roster=[["09:40-12:00"],["14:00-18:00"]]"#,
    r#"exit_desks.roster=[["09:40-13:40"],["15:00-19:00"]]"#,
    "reserve.officers=1",
    "reserve.officers=0",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn advice_proposes_only_what_the_station_can_do(
        minute in (9 * 60 + 50)..(20 * 60),
        open in prop::collection::vec(prop::bool::weighted(0.7), 26),
        lengths in prop::collection::vec(0u32..600, 7),
        what_ifs in prop::sample::subsequence(ROSTERS.to_vec(), 0..3),
    ) {
        let s = khorgos_with(&what_ifs);
        let now = minute as f64 * 60.0;
        let named: Vec<(&str, u32)> = s.queues.iter().zip(&lengths).map(|(q, &n)| (q.id.as_str(), n)).collect();
        let q = queues(&s, &named);
        let is_open = |id: &str| s.lane_index(id).is_some_and(|i| open[i % open.len()]);
        let l = lanes(&s, &is_open);
        let opt = TwinOptions { horizon_s: 3600.0, reps: 3, ..TwinOptions::default() };
        let Some(a) = outlook(&s, now, &q, &l, &opt).advice else { return Ok(()) };
        let rule = s.standard.max_continuous_work_s;
        let mut used: Vec<&str> = Vec::new();
        let mut called = 0;
        for x in &a.actions {
            prop_assert!(x.start_clock_s >= now && x.until_clock_s > x.start_clock_s, "{x:?}");
            prop_assert!(x.officer_hours >= 0.0);
            for id in x.lane.iter().chain(&x.from_lane) {
                prop_assert!(s.lane_index(id).is_some(), "no lane {id}");
                prop_assert!(!used.contains(&id.as_str()), "{id} used twice: {:?}", a.actions);
                used.push(id);
            }
            let lane = x.lane.as_deref().map(|id| &s.lanes[s.lane_index(id).unwrap()]);
            match x.kind {
                ActionKind::Reopen => {
                    let lane = lane.unwrap();
                    prop_assert!(!is_open(lane.id.as_str()), "{} is open", lane.id);
                    prop_assert_eq!(x.officer.as_deref(), lane.officer_at(now).map(|o| o.as_str()), "an officer on duty");
                }
                ActionKind::CallReserve => {
                    let lane = lane.unwrap();
                    called += 1;
                    prop_assert!(!is_open(lane.id.as_str()) && lane.kind == borderflow_core::LaneKind::Manual);
                    prop_assert!(lane.officer_at(now).is_none(), "{} has its own officer", lane.id);
                    prop_assert!(x.until_clock_s - x.start_clock_s <= rule + 1e-6);
                }
                ActionKind::MoveOfficer => {
                    let (to, from) = (lane.unwrap(), &s.lanes[s.lane_index(x.from_lane.as_deref().unwrap()).unwrap()]);
                    prop_assert!(!is_open(to.id.as_str()) && to.officer_at(now).is_none());
                    prop_assert!(is_open(from.id.as_str()) && from.kind == borderflow_core::LaneKind::Manual);
                    // Back within the stretch the officer is working now, or within the rule from now.
                    let stretch = from.officers.iter().flat_map(|o| &o.stretches).find(|w| w.0 <= now && now < w.1);
                    match stretch {
                        Some(&(a, b)) => prop_assert!(x.until_clock_s <= b + 1e-6 && x.until_clock_s - a <= rule + 1e-6, "{x:?}"),
                        None => prop_assert!(x.until_clock_s - now <= rule + 1e-6),
                    }
                }
                ActionKind::Retriage => {
                    let c = s.category_index(x.category.as_deref().unwrap()).unwrap();
                    let (from, to) = (s.queue_index(x.from_queue.as_deref().unwrap()).unwrap(), s.queue_index(x.to_queue.as_deref().unwrap()).unwrap());
                    prop_assert!(s.queues[from].categories.contains(&c) && s.categories[c].alternatives.contains(&to), "{x:?}");
                }
            }
        }
        prop_assert!(called <= s.reserve.officers as usize);
        prop_assert_eq!(a.prevents, a.with_advice.iter().all(|q| q.breach_at_clock_s.is_none()));
        prop_assert_eq!(a.prevents, a.shortfall.is_empty());
    }
}
