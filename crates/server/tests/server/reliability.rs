//! The server's promises under faults, in-process: a full disk answers 507
//! and degrades `/healthz` until writes succeed again (no restart), with
//! nothing acknowledged lost; oversized bodies get a JSON 413.

use crate::common;

use std::sync::Arc;

use axum::http::StatusCode;
use borderflow_store::{Layout, PageCap, SqliteStore};
use common::{khorgos, world, world_on};
use serde_json::{Value, json};

/// `n` queue joins for the 09:55 opening crowd, ids from `from`.
fn joins(from: u32, n: u32) -> String {
    let v: Vec<Value> = (from..from + n)
        .map(|i| {
            json!({"id": format!("00000000-0000-4000-8000-{i:012}"), "at": "2026-07-12T09:55:00+08:00", "checkpoint": "khorgos",
                   "kind": "queue_joined", "traveller": format!("t{i}"), "direction": "entry", "category": "merchant", "queue": "entry_merchant"})
        })
        .collect();
    Value::Array(v).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_507_degrades_health_and_recovers_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::from_scenarios(&[khorgos()]);
    let cap = PageCap::new(u32::MAX as u64);
    let sqlite = Arc::new(SqliteStore::open_capped(&dir.path().join("t.db"), layout.clone(), Some(cap.clone())).await.unwrap());
    let w = world_on(sqlite, dir).await;

    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), joins(0, 200)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let mut acked = 200;
    cap.set(200);
    let mut refused = None;
    for batch in 1..200 {
        let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), joins(batch * 200, 200)).await;
        match status {
            StatusCode::OK => acked += v["stored"].as_u64().unwrap(),
            StatusCode::INSUFFICIENT_STORAGE => {
                assert!(v["error"].as_str().unwrap().contains("disk is full"), "{v}");
                refused = Some(batch);
                break;
            }
            other => panic!("batch {batch}: {other} {v}"),
        }
    }
    let refused = refused.expect("the disk filled");
    let (status, v) = w.call("GET", "/healthz", None, "").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(v["error"].as_str().unwrap().starts_with("degraded"), "{v}");

    // Every acknowledged event is stored and counted in the live picture.
    assert_eq!(w.state.store.count().await.unwrap() as u64, acked);
    let (_, live) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    let merchants = live["checkpoints"][0]["queues"].as_array().unwrap().iter().find(|q| q["id"] == "entry_merchant").unwrap().clone();
    assert_eq!(merchants["length"].as_u64().unwrap(), acked, "{merchants}");

    // Room returns: the refused batch goes in, health is back, no restart.
    cap.set(u32::MAX as u64);
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), joins(refused * 200, 200)).await;
    assert_eq!((status, v["stored"].as_u64()), (StatusCode::OK, Some(200)), "{v}");
    let (status, _) = w.call("GET", "/healthz", None, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(w.state.store.count().await.unwrap() as u64, acked + 200);
}

#[tokio::test]
async fn an_oversized_body_gets_a_json_413_that_states_the_limit() {
    let w = world().await;
    let body = "x".repeat(borderflow_server::MAX_BODY_BYTES + 1);
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(v["error"].as_str().unwrap().contains("32 MiB"), "{v}");
}

#[tokio::test]
async fn a_byte_order_mark_before_the_json_is_accepted() {
    let w = world().await;
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), format!("\u{feff}{}", joins(0, 2))).await;
    assert_eq!((status, v["stored"].as_u64()), (StatusCode::OK, Some(2)), "{v}");
}

/// A queue join for entry_merchant dated `at`.
fn join_at(n: u32, at: &str) -> Value {
    json!({"id": format!("00000000-0000-4000-9000-{n:012}"), "at": at, "checkpoint": "khorgos", "kind": "queue_joined",
           "traveller": format!("far{n}"), "direction": "entry", "category": "merchant", "queue": "entry_merchant"})
}

#[tokio::test]
async fn far_dated_events_are_kept_but_only_today_is_live_and_a_restart_agrees() {
    let w = world().await; // 10:00 on 2026-07-12, Khorgos time
    let batch = json!([
        join_at(1, "2026-07-12T09:55:00+08:00"),
        join_at(2, "2001-07-12T10:00:00+08:00"),
        join_at(3, "2026-07-11T23:59:00+08:00"),
        join_at(4, "2100-07-12T10:00:00+08:00"),
        join_at(5, "2026-07-12T10:04:00+08:00"),
        join_at(6, "2026-07-12T10:06:00+08:00"),
    ]);
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), batch.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["stored"], 4, "every event up to 5 min ahead is the record: {v}");
    let refused: Vec<(u64, &str)> =
        v["rejected"].as_array().unwrap().iter().map(|r| (r["index"].as_u64().unwrap(), r["field"].as_str().unwrap())).collect();
    assert_eq!(refused, vec![(3, "at"), (5, "at")], "{v}");
    assert!(v["rejected"][0]["reason"].as_str().unwrap().contains("in the future"), "{v}");

    let queues = |state: &borderflow_server::AppState| state.live.lock().unwrap().snapshot(state.clock.now()).checkpoints[0].queues.clone();
    let before = queues(&w.state);
    let merchants = before.iter().find(|q| q.id == *"entry_merchant").unwrap();
    assert_eq!(merchants.length, 2, "today's two joins only, not 2001's or yesterday's");

    // A restart over the same store shows the same picture.
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let restarted = borderflow_server::AppState::new(w.state.store.clone(), w.state.scenarios.to_vec(), w.clock.clone(), rx);
    borderflow_server::tasks::rebuild_live(&restarted).await.unwrap();
    assert_eq!(queues(&restarted), before, "the rebuilt picture equals the one before the restart");
}

/// A lane change that arrives late (dated before the lane's last change) does
/// not override it, live or after a restart.
#[tokio::test]
async fn a_late_lane_change_does_not_override_a_newer_one() {
    let w = world().await;
    let lane = |n: u32, kind: &str, at: &str| json!({"id": format!("00000000-0000-4000-a000-{n:012}"), "at": at, "checkpoint": "khorgos", "kind": kind, "lane": "D3"});
    for (n, kind, at) in [(1, "lane_opened", "2026-07-12T09:40:00+08:00"), (2, "lane_closed", "2001-01-01T09:00:00+08:00")] {
        let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), json!([lane(n, kind, at)]).to_string()).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    let open = |state: &borderflow_server::AppState| {
        state.live.lock().unwrap().snapshot(state.clock.now()).checkpoints[0].lanes.iter().find(|l| l.id == *"D3").unwrap().open
    };
    assert!(open(&w.state), "D3 opened at 09:40 today; a close dated 2001 is history");
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let restarted = borderflow_server::AppState::new(w.state.store.clone(), w.state.scenarios.to_vec(), w.clock.clone(), rx);
    borderflow_server::tasks::rebuild_live(&restarted).await.unwrap();
    assert!(open(&restarted));
}

/// Wrong secrets for a real token id: a few get 401 (never echoing the id),
/// then 429 with Retry-After and no argon2 run; a client whose token is
/// remembered and `/healthz` go on as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_secrets_are_throttled_and_good_clients_are_not() {
    let w = world().await;
    let (status, _) = w.call("GET", "/api/v1/live", Some("admin"), "").await;
    assert_eq!(status, StatusCode::OK, "the good client's token is now remembered");
    let id = w.tokens["admin"].split('_').nth(1).unwrap().to_owned();
    let wrong = format!("bf_{id}_{}", "0".repeat(48));
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let (status, v) = w.call("GET", "/api/v1/live", Some(&wrong), "").await;
        assert!(!v.to_string().contains(&id), "the token id is never echoed: {v}");
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429, 429], "five free tries, then locked out");
    let started = std::time::Instant::now();
    let (status, v) = w.call("GET", "/api/v1/live", Some(&wrong), "").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(started.elapsed() < std::time::Duration::from_millis(20), "a locked-out request costs nothing");
    assert!(v["error"].as_str().unwrap().contains("retry in"), "{v}");
    assert_eq!(w.call("GET", "/api/v1/live", Some("admin"), "").await.0, StatusCode::OK, "the remembered token is unaffected");
    assert_eq!(w.call("GET", "/healthz", None, "").await.0, StatusCode::OK);
}

/// Many wrong secrets at once run argon2 at most two at a time, off the
/// request threads: the health check answers meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_wrong_secrets_does_not_stall_the_server() {
    let w = Arc::new(world().await);
    let ids: Vec<String> = ["viewer", "officer", "supervisor", "device_e1", "sensor"]
        .iter()
        .map(|n| w.tokens[n].split('_').nth(1).unwrap().to_owned())
        .collect();
    let flood: Vec<_> = (0..64)
        .map(|i| {
            let (w, wrong) = (w.clone(), format!("bf_{}_{}", ids[i % ids.len()], "1".repeat(48)));
            tokio::spawn(async move { w.call("GET", "/api/v1/live", Some(&wrong), "").await.0 })
        })
        .collect();
    let started = std::time::Instant::now();
    let (status, _) = w.call("GET", "/healthz", None, "").await;
    let health = started.elapsed();
    assert_eq!(status, StatusCode::OK);
    let mut answers = Vec::new();
    for f in flood {
        answers.push(f.await.unwrap().as_u16());
    }
    assert!(answers.iter().all(|s| [401, 429].contains(s)), "{answers:?}");
    assert!(answers.contains(&429), "the flood was slowed down: {answers:?}");
    assert!(health < std::time::Duration::from_millis(500), "/healthz took {health:?} during the flood");
}
