//! The retention part of the story: a checkpoint's travellers forgotten after
//! a set number of days, their events and figures kept.

use std::collections::{HashMap, HashSet};

use borderflow_core::{Event, Id};
use borderflow_store::retention::{FORGOTTEN, Forgotten, forget_older_than};
use borderflow_store::rollup::{LOOKBACK_S, compute_day, day_bounds};
use borderflow_store::{EventStore, Layout};
use jiff::{SignedDuration, Timestamp};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn day_events(store: &dyn EventStore, layout: &Layout, day: &str) -> Vec<Event> {
    let (start, end) = day_bounds(layout, "khorgos", day).unwrap();
    store.events_between("khorgos", start - SignedDuration::from_secs(LOOKBACK_S), end).await.unwrap()
}

fn traveller(e: &Event) -> Option<Id> {
    e.body.clone().traveller_mut().cloned()
}

/// The store holds the simulated Khorgos day of 2026-07-12 (local).
pub async fn story(store: &dyn EventStore, layout: &Layout) {
    let before = day_events(store, layout, "2026-07-12").await;
    let rollup_before = compute_day(layout, "khorgos", "2026-07-12", &before).unwrap();
    let someone = before.iter().find_map(traveller).unwrap();
    // The same person two days earlier, and a day later (inside the days kept).
    let visit = |at: &str, id: &str| {
        let line = format!(
            r#"{{"id":"{id}","at":"{at}","checkpoint":"khorgos","kind":"queue_joined","traveller":"{someone}","direction":"entry","category":"merchant","queue":"entry_merchant"}}"#
        );
        serde_json::from_str::<Event>(&line).unwrap()
    };
    let earlier = visit("2026-07-10T10:00:00+08:00", "0190f3a2-6c1e-7b3a-9f00-000000000001");
    let later = visit("2026-07-13T10:00:00+08:00", "0190f3a2-6c1e-7b3a-9f00-000000000002");
    store.append(&[earlier.clone(), later.clone()]).await.unwrap();
    let count = store.count().await.unwrap();

    // Keep one full day before 14 July: everything before 13 July (local) is forgotten.
    let done = forget_older_than(store, layout, "khorgos", 1, ts("2026-07-14T04:00:00Z")).await.unwrap();
    assert!(done.days >= 2 && done.events as usize >= before.iter().filter(|e| traveller(e).is_some()).count(), "{done:?}");
    assert_eq!(store.count().await.unwrap(), count, "no event is removed");

    let after = day_events(store, layout, "2026-07-12").await;
    assert_eq!(after.iter().map(|e| e.id).collect::<Vec<_>>(), before.iter().map(|e| e.id).collect::<Vec<_>>(), "the same events");
    let old: HashSet<Id> = before.iter().filter_map(traveller).collect();
    assert!(after.iter().filter_map(traveller).all(|t| t.as_str().starts_with(FORGOTTEN) && !old.contains(&t)), "no pseudonym survives");
    // Within the day a traveller's events still belong together: one new name for each old one.
    let mut renamed: HashMap<Id, Id> = HashMap::new();
    for (b, a) in before.iter().zip(&after) {
        if let (Some(b), Some(a)) = (traveller(b), traveller(a)) {
            assert_eq!(renamed.entry(b).or_insert_with(|| a.clone()), &a);
        }
    }
    assert_eq!(renamed.len(), old.len());
    assert_eq!(compute_day(layout, "khorgos", "2026-07-12", &after).unwrap(), rollup_before, "the day's figures are the same");
    // Across days nothing links the person's visits; the day kept is untouched.
    let find = |events: &[Event], id| events.iter().find(|e| e.id == id).and_then(traveller).unwrap();
    let earlier_now =
        find(&store.events_between("khorgos", ts("2026-07-10T00:00:00Z"), ts("2026-07-11T00:00:00Z")).await.unwrap(), earlier.id);
    assert!(earlier_now.as_str().starts_with(FORGOTTEN) && earlier_now != renamed[&someone]);
    assert_eq!(
        find(&store.events_between("khorgos", ts("2026-07-13T00:00:00Z"), ts("2026-07-14T00:00:00Z")).await.unwrap(), later.id),
        someone
    );

    // Again: nothing left to forget, nothing read twice.
    assert_eq!(forget_older_than(store, layout, "khorgos", 1, ts("2026-07-14T04:00:00Z")).await.unwrap().events, 0);
    assert_eq!(forget_older_than(store, layout, "elsewhere", 1, ts("2026-07-14T04:00:00Z")).await.unwrap(), Forgotten::default());
}
