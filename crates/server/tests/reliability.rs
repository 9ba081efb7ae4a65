//! The server's promises under faults, in-process: a full disk answers 507
//! and degrades `/healthz` until writes succeed again (no restart), with
//! nothing acknowledged lost; oversized bodies get a JSON 413.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use borderflow_store::{GroupCommit, Layout, PageCap, SqliteStore};
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
    let w = world_on(Arc::new(GroupCommit::new(sqlite, 10_000)), dir).await;

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
