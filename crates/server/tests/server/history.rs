//! `GET /api/v1/history`: the day's series from the store, so a reload after
//! the surge still shows it, and any past day can be looked at again.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common;

use common::world;

fn ev(n: u32, at: &str, kind: &str, extra: Value) -> Value {
    let mut v = json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "at": at, "checkpoint": "khorgos", "kind": kind});
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

fn joined(n: u32, at: &str) -> Value {
    ev(
        n,
        at,
        "queue_joined",
        json!({"traveller": format!("p{n}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
    )
}

#[tokio::test]
async fn the_surge_stays_in_the_history_and_a_past_day_can_be_seen_again() {
    let w = world().await;
    // Yesterday: 20 first-time travellers at 09:50, one desk open.
    let mut batch = vec![ev(1, "2026-07-11T09:40:00+08:00", "lane_opened", json!({"lane": "D3"}))];
    batch.extend((0..20).map(|i| joined(100 + i, "2026-07-11T09:50:00+08:00")));
    // Today: 60 at 09:50, then three served at 09:56.
    batch.extend((0..60).map(|i| joined(200 + i, "2026-07-12T09:50:00+08:00")));
    for i in 0..3 {
        batch.push(ev(
            300 + i,
            "2026-07-12T09:56:00+08:00",
            "service_started",
            json!({"traveller": format!("p{}", 200 + i), "lane": "D3"}),
        ));
    }
    let (status, _) = w.call("POST", "/api/v1/events", Some("admin"), Value::Array(batch).to_string()).await;
    assert_eq!(status, StatusCode::OK);

    let (status, today) = w.call("GET", "/api/v1/history", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{today}");
    assert_eq!((today["day"].as_str(), today["step_s"].as_i64()), (Some("2026-07-12"), Some(300)));
    let at: Vec<&str> = today["at"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    // From local midnight to now (10:00), every 5 minutes.
    assert_eq!((at.len(), at[0], *at.last().unwrap()), (121, "2026-07-11T16:00:00Z", "2026-07-12T02:00:00Z"));
    let q = today["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap();
    let at_950 = at.iter().position(|t| *t == "2026-07-12T01:50:00Z").unwrap();
    assert_eq!(q["length"][at_950 - 1], 0);
    assert_eq!(q["length"][at_950], 60);
    assert_eq!(q["length"][at_950 + 2], 57, "three started at 09:56");
    assert!(q["estimated_wait_s"][at_950].as_f64().unwrap() > 0.0);
    assert!(q["observed_wait_p95_s"][at_950 + 2].as_f64().unwrap() >= 360.0);
    assert_eq!(q["open_lanes"][at_950], 1, "D3, opened yesterday");

    let (status, past) = w.call("GET", "/api/v1/history?date=2026-07-11&step_min=15", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{past}");
    assert_eq!(past["at"].as_array().unwrap().len(), 96, "a whole day every 15 minutes");
    let q = past["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap();
    assert_eq!(q["length"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).max(), Some(20), "yesterday's 20, not today's 60");
}

/// A day that has ended is kept a while (replaying a whole day takes
/// seconds); today is always replayed, so it shows what just came in.
#[tokio::test]
async fn a_past_day_is_kept_a_while_and_today_is_always_fresh() {
    let w = world().await;
    let first: Vec<Value> = vec![joined(1, "2026-07-11T10:00:00+08:00"), joined(2, "2026-07-12T09:55:00+08:00")];
    w.call("POST", "/api/v1/events", Some("admin"), Value::Array(first).to_string()).await;
    let length = |v: &Value| {
        v["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap()["length"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .max()
            .unwrap()
    };
    let (_, past) = w.call("GET", "/api/v1/history?date=2026-07-11", Some("viewer"), "").await;
    let (_, today) = w.call("GET", "/api/v1/history", Some("viewer"), "").await;
    assert_eq!((length(&past), length(&today)), (1, 1));
    // A late event for yesterday, and a new one today.
    let late: Vec<Value> = vec![joined(3, "2026-07-11T10:00:00+08:00"), joined(4, "2026-07-12T09:56:00+08:00")];
    w.call("POST", "/api/v1/events", Some("admin"), Value::Array(late).to_string()).await;
    let (_, past) = w.call("GET", "/api/v1/history?date=2026-07-11", Some("viewer"), "").await;
    let (_, today) = w.call("GET", "/api/v1/history", Some("viewer"), "").await;
    assert_eq!(length(&past), 1, "yesterday as computed a moment ago (kept up to 10 min)");
    assert_eq!(length(&today), 2, "today replayed afresh");
}

#[tokio::test]
async fn a_wrong_question_is_refused_by_name() {
    let w = world().await;
    for (uri, says) in [
        ("/api/v1/history?date=12.07.2026", "`date`"),
        ("/api/v1/history?date=2026-07-13", "has not begun"),
        ("/api/v1/history?step_min=0", "`step_min`"),
        ("/api/v1/history?step_min=61", "`step_min`"),
        ("/api/v1/history?checkpoint=nowhere", "`checkpoint`"),
    ] {
        let (status, v) = w.call("GET", uri, Some("viewer"), "").await;
        assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND, "{uri}: {status}");
        assert!(v.to_string().contains(says), "{uri}: {v}");
    }
    let (status, _) = w.call("GET", "/api/v1/history", None, "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A parameter of the wrong type, here and on the statistics, gets the JSON error every mistake gets, naming it.
    for uri in ["/api/v1/history?step_min=five", "/api/v1/stats?to=2026-07-13"] {
        let (status, v) = w.call("GET", uri, Some("viewer"), "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        let said = v["error"].as_str().unwrap_or_else(|| panic!("{uri}: not a JSON error: {v}"));
        assert!(said.contains("step_min") || said.contains("`from`"), "{uri}: {said}");
    }
}
