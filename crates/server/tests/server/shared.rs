//! Two servers on one PostgreSQL store (two `AppState`s over two connections
//! to one database): what is commanded or ingested through one is in the
//! other's picture once it follows the log. Where `BORDERFLOW_TEST_POSTGRES`
//! is set (CI). Three real server processes: `crates/cli/tests/cluster.rs`.

use crate::common;

use axum::http::StatusCode;
use borderflow_server::follow;
use borderflow_store::Layout;
use common::{khorgos, world_on};
use serde_json::Value;

fn lane(live: &Value, id: &str) -> Value {
    live["checkpoints"][0]["lanes"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lane_opened_through_one_server_is_open_on_the_other() {
    let Some(url) = borderflow_store::testing::fresh_postgres_database("borderflow_shared").await else { return };
    let layout = Layout::from_scenarios(&[khorgos()]);
    let one = world_on(borderflow_store::open(&url, &layout).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let two = world_on(borderflow_store::open(&url, &layout).await.unwrap(), tempfile::tempdir().unwrap()).await;
    for w in [&one, &two] {
        borderflow_server::tasks::rebuild_live(&w.state).await.unwrap();
    }

    let (status, v) = one.call("POST", "/api/v1/lanes/D4/open", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, live) = one.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(lane(&live, "D4")["open"], true, "the server commanded reads its own command at once");

    // The other server follows the log (its background follower does this within a poll).
    let (_, live) = two.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(lane(&live, "D4")["open"], false, "not yet followed");
    assert_eq!(follow::catch_up(&two.state).await.unwrap(), 1);
    let (_, live) = two.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(lane(&live, "D4")["open"], true, "a lane opened through one server is open on the other");

    // And back: a queue count through the other shows on the first; nothing is applied twice.
    let count = r#"{"id":"0190a0f0-0000-7000-8000-000000000001","at":"2026-07-12T10:00:00+08:00","checkpoint":"khorgos","kind":"queue_count","queue":"entry_egate","count":40}"#;
    let (status, v) = two.call("POST", "/api/v1/events", Some("admin"), count).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(follow::catch_up(&one.state).await.unwrap(), 1);
    assert_eq!(follow::catch_up(&one.state).await.unwrap(), 0, "nothing twice");
    let (_, a) = one.call("GET", "/api/v1/live", Some("officer"), "").await;
    let (_, b) = two.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(a["checkpoints"][0]["queues"], b["checkpoints"][0]["queues"]);
    assert_eq!(a["checkpoints"][0]["lanes"], b["checkpoints"][0]["lanes"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_acknowledged_through_one_server_is_acknowledged_on_the_other() {
    let Some(url) = borderflow_store::testing::fresh_postgres_database("borderflow_shared_acks").await else { return };
    let layout = Layout::from_scenarios(&[khorgos()]);
    let one = world_on(borderflow_store::open(&url, &layout).await.unwrap(), tempfile::tempdir().unwrap()).await;
    let two = world_on(borderflow_store::open(&url, &layout).await.unwrap(), tempfile::tempdir().unwrap()).await;
    for w in [&one, &two] {
        borderflow_server::tasks::rebuild_live(&w.state).await.unwrap();
    }
    // 100 first-time travellers and one desk: a critical wait alert, raised by both servers from the same log.
    let mut batch = vec![
        serde_json::json!({"id": "0190a0f0-0000-7000-8000-000000000001", "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos", "kind": "lane_opened", "lane": "D3"}),
    ];
    for n in 0..100u32 {
        batch.push(serde_json::json!({"id": format!("0190a0f0-0000-7000-8000-{:012}", 100 + n), "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos",
            "kind": "queue_joined", "traveller": format!("t{n}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}));
    }
    let (status, v) = one.call("POST", "/api/v1/events", Some("admin"), serde_json::to_string(&batch).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    follow::catch_up(&two.state).await.unwrap();
    for w in [&one, &two] {
        w.state.live.lock().unwrap().evaluate(w.state.clock.now());
    }
    let id = "khorgos/wait/entry_first_time";
    let acked = |live: &Value| {
        live["checkpoints"][0]["alerts"].as_array().unwrap().iter().find(|a| a["id"] == id).map(|a| a["acknowledged"]["note"].clone())
    };
    let (_, live) = two.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(acked(&live), Some(Value::Null), "the other server raised the alert too, unacknowledged");

    one.set_time("10:05:00");
    let body = serde_json::json!({"id": id, "note": "D4 and D5 reopening"}).to_string();
    let (status, a) = one.call("POST", "/api/v1/alerts/ack", Some("supervisor"), body).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(borderflow_server::alerts::apply_acks(&two.state).await.unwrap(), 1);
    let (_, live) = two.call("GET", "/api/v1/live", Some("officer"), "").await;
    assert_eq!(acked(&live), Some(Value::from("D4 and D5 reopening")), "acknowledged through one server, acknowledged on the other");
    assert_eq!(borderflow_server::alerts::apply_acks(&two.state).await.unwrap(), 0, "once");
    assert_eq!(borderflow_server::alerts::apply_acks(&one.state).await.unwrap(), 0, "its own is not applied again");
}
