//! The command network through the API: an instruction's states, who may
//! send and answer, escalation on the clock, proof of done by the lane event,
//! the audit in the store, and a restart that keeps it all.

use crate::common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

async fn send(w: &World, body: Value) -> Value {
    let (status, v) = w.call("POST", "/api/v1/instructions", Some("supervisor"), body.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

fn open_d5() -> Value {
    json!({"to": {"kind": "lane", "lane": "D5"}, "order": {"kind": "open_lane", "lane": "D5"}})
}

async fn get(w: &World, id: &str) -> Value {
    let (status, v) = w.call("GET", "/api/v1/instructions", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["instructions"].as_array().unwrap().iter().find(|i| i["id"] == id).cloned().unwrap_or(Value::Null)
}

#[tokio::test]
async fn an_instruction_is_sent_acknowledged_and_proven_done_by_the_lane_event() {
    let w = world().await;
    let (status, v) = w.call("POST", "/api/v1/instructions", Some("viewer"), open_d5().to_string()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{v}");
    let i = send(&w, open_d5()).await;
    let id = i["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("in-") && i["state"] == "sent" && i["sent_by"].is_string(), "{i}");
    let (_, sent) = w.call("GET", "/api/v1/instructions?state=sent", Some("viewer"), "").await;
    assert_eq!(sent["instructions"].as_array().unwrap().len(), 1);
    // Delivered to D5's terminal, then answered 40 s after it was sent; E1's device may not answer for D5.
    w.set_time("10:00:05");
    let (status, v) = w.call("POST", &format!("/api/v1/instructions/{id}/delivered"), Some("officer"), "").await;
    assert_eq!((status, v["state"].as_str()), (StatusCode::OK, Some("delivered")), "{v}");
    let (status, _) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("device_e1"), "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("viewer"), "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    w.set_time("10:00:40");
    let (status, v) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("officer"), "").await;
    assert_eq!((status, v["state"].as_str()), (StatusCode::OK, Some("acknowledged")), "{v}");
    let (status, v) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("officer"), "").await;
    assert_eq!(status, StatusCode::CONFLICT, "answered once: {v}");
    assert!(v["error"].as_str().unwrap().contains("Acknowledged"), "{v}");
    // The click said yes; the lane's own event says done.
    assert_eq!(get(&w, &id).await["state"], "acknowledged");
    w.set_time("10:01:10");
    let (status, _) = w.call("POST", "/api/v1/lanes/D5/open", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::OK);
    let i = get(&w, &id).await;
    assert_eq!(i["state"], "done", "{i}");
    let (_, list) = w.call("GET", "/api/v1/instructions", Some("viewer"), "").await;
    assert_eq!(list["median_time_to_ack_s"], 40.0);
    // Every step is an event in the store, with who took it.
    let from = "2026-07-12T09:00:00+08:00".parse().unwrap();
    let to = "2026-07-12T11:00:00+08:00".parse().unwrap();
    let steps: Vec<Value> = w
        .state
        .store
        .events_between("khorgos", from, to)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.body.kind() == "instruction")
        .map(|e| serde_json::to_value(&e).unwrap())
        .collect();
    let names: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(names, ["sent", "delivered", "acknowledged", "done"], "{steps:#?}");
    assert!(steps[..3].iter().all(|s| s["by"].is_string()), "{steps:#?}");
    assert!(steps[3]["note"].as_str().unwrap().starts_with("lane_opened "), "the proof is named: {}", steps[3]);
}

#[tokio::test]
async fn a_declined_instruction_says_why_and_takes_no_more_answers() {
    let w = world().await;
    let id =
        send(&w, json!({"to": {"kind": "guides"}, "order": {"kind": "send_category", "category": "repeat", "queue": "entry_merchant"}}))
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let (status, v) =
        w.call("POST", &format!("/api/v1/instructions/{id}/decline"), Some("officer"), json!({"reason": " "}).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    let (status, v) = w
        .call(
            "POST",
            &format!("/api/v1/instructions/{id}/decline"),
            Some("officer"),
            json!({"reason": "the merchants' queue is full"}).to_string(),
        )
        .await;
    assert_eq!(
        (status, v["state"].as_str(), v["reason"].as_str()),
        (StatusCode::OK, Some("declined"), Some("the merchants' queue is full"))
    );
    let (status, _) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("officer"), "").await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, list) = w.call("GET", "/api/v1/instructions", Some("viewer"), "").await;
    assert_eq!(list["median_time_to_ack_s"], Value::Null, "a decline is no acknowledgement");
}

#[tokio::test]
async fn unanswered_instructions_escalate_on_the_clock() {
    let w = world().await;
    let id = send(&w, json!({"to": {"kind": "hall", "direction": "entry"}, "order": {"kind": "message", "text": "ready, open the hall"}}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (hm, escalated, total) in [("10:01:59", 0, 0), ("10:02:00", 1, 1), ("10:03:00", 0, 1), ("10:04:00", 1, 2), ("10:30:00", 0, 2)] {
        w.set_time(hm);
        assert_eq!(borderflow_server::instructions::escalate(&w.state).await.unwrap(), escalated, "at {hm}");
        assert_eq!(get(&w, &id).await["escalations"], total, "at {hm}");
    }
    // Escalated, it can still be answered.
    let (status, _) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn bad_instructions_are_refused_by_name() {
    let w = world().await;
    for (body, status, says) in [
        (
            json!({"to": {"kind": "lane", "lane": "D99"}, "order": {"kind": "open_lane", "lane": "D99"}}),
            StatusCode::BAD_REQUEST,
            "no lane `D99`",
        ),
        (
            json!({"to": {"kind": "guides"}, "order": {"kind": "send_category", "category": "vip", "queue": "entry_merchant"}}),
            StatusCode::BAD_REQUEST,
            "no category `vip`",
        ),
        (
            json!({"to": {"kind": "everyone"}, "order": {"kind": "message", "text": "x".repeat(201)}}),
            StatusCode::BAD_REQUEST,
            "1 to 200 bytes",
        ),
        (json!({"to": {"kind": "everyone"}, "order": {"kind": "fly"}}), StatusCode::UNPROCESSABLE_ENTITY, "fly"),
    ] {
        let (got, v) = w.call("POST", "/api/v1/instructions", Some("supervisor"), body.to_string()).await;
        assert_eq!(got, status, "{body}: {v}");
        assert!(v.to_string().contains(says), "{body}: {v}");
    }
    let (status, _) = w.call("GET", "/api/v1/instructions?state=lost", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = w.call("POST", "/api/v1/instructions/in-000000000000/ack", Some("officer"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Steps cannot be forged through the event intake: they must follow one another.
    let forged = json!([{"id": "6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11", "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos",
        "kind": "instruction", "instruction": "in-1", "step": "done"}]);
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), forged.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["rejected"][0]["reason"].as_str().unwrap().contains("/api/v1/instructions"), "{v}");
}

#[tokio::test]
async fn a_restart_keeps_every_instruction_where_it_stood() {
    let w = world().await;
    let a = send(&w, open_d5()).await["id"].as_str().unwrap().to_owned();
    let b = send(
        &w,
        json!({"to": {"kind": "officer", "officer": "XD4-1"}, "order": {"kind": "move_officer", "officer": "XD4-1", "lane": "D6"}}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    w.set_time("10:00:30");
    w.call("POST", &format!("/api/v1/instructions/{a}/ack"), Some("officer"), "").await;
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let again = borderflow_server::AppState::new(w.state.store.clone(), vec![khorgos()], w.clock.clone(), rx);
    borderflow_server::tasks::rebuild_live(&again).await.unwrap();
    let book = again.instructions.lock().unwrap();
    assert_eq!(book.get(&a).unwrap().state, borderflow_command::State::Acknowledged);
    assert_eq!(book.get(&b).unwrap().state, borderflow_command::State::Sent);
}

#[tokio::test]
async fn a_desk_reads_its_lane_its_officer_and_the_instructions_for_it() {
    let w = world().await;
    // E1's device is E1's terminal; viewers and lane-less sensors are not desks.
    for (who, status) in [("viewer", StatusCode::FORBIDDEN), ("sensor", StatusCode::FORBIDDEN), ("supervisor", StatusCode::BAD_REQUEST)] {
        let (got, v) = w.call("GET", "/api/v1/desk", Some(who), "").await;
        assert_eq!(got, status, "{who}: {v}");
    }
    let ev = |n: u32, kind: &str, extra: Value| {
        let mut e = json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "at": "2026-07-12T09:45:00+08:00", "checkpoint": "khorgos", "kind": kind});
        e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        e
    };
    let batch = json!([ev(1, "officer_on", json!({"officer": "E1-x", "lane": "E1"})), ev(2, "lane_opened", json!({"lane": "E1"}))]);
    let (status, v) = w.call("POST", "/api/v1/events", Some("device_e1"), batch.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let to_e1 = send(&w, json!({"to": {"kind": "lane", "lane": "E1"}, "order": {"kind": "close_lane", "lane": "E1"}})).await;
    let _to_d2 = send(&w, json!({"to": {"kind": "lane", "lane": "D2"}, "order": {"kind": "close_lane", "lane": "D2"}})).await;
    w.set_time("10:00:01");
    let to_all =
        send(&w, json!({"to": {"kind": "everyone"}, "order": {"kind": "message", "text": "the coach from Almaty is early"}})).await;
    let (status, d) = w.call("GET", "/api/v1/desk", Some("device_e1"), "").await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!((d["lane"]["id"].as_str(), d["lane"]["open"].as_bool()), (Some("E1"), Some(true)));
    assert_eq!(d["queues"][0]["id"], "entry_egate");
    assert_eq!(d["officer"]["officer"], "E1-x");
    assert_eq!(d["officer"]["continuous_s"], 901.0, "on duty since 09:45, the clock says 10:00:01");
    let ids: Vec<&str> = d["instructions"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [to_e1["id"].as_str().unwrap(), to_all["id"].as_str().unwrap()], "its lane's and everyone's, oldest first, not D2's");
    // Every officer's day, for the dashboard.
    let (status, o) = w.call("GET", "/api/v1/officers", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(o[0]["officers"][0]["officer"], "E1-x");
}

#[tokio::test]
async fn a_guide_posts_head_counts_and_answers_the_guides_instructions() {
    let w = world().await;
    let count = json!([{"id": "00000000-0000-4000-8000-000000000001", "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos",
        "kind": "queue_count", "queue": "entry_merchant", "count": 123}]);
    let (status, v) = w.call("POST", "/api/v1/events", Some("officer"), count.to_string()).await;
    assert_eq!((status, v["stored"].as_u64()), (StatusCode::OK, Some(1)), "{v}");
    let (_, live) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    let merchant = live["checkpoints"][0]["queues"].as_array().unwrap().iter().find(|q| q["id"] == "entry_merchant").unwrap().clone();
    assert_eq!(merchant["length"], 123, "the head count sets the length");
    let id =
        send(&w, json!({"to": {"kind": "guides"}, "order": {"kind": "send_category", "category": "repeat", "queue": "entry_merchant"}}))
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let (status, v) = w.call("POST", &format!("/api/v1/instructions/{id}/ack"), Some("officer"), "").await;
    assert_eq!((status, v["state"].as_str()), (StatusCode::OK, Some("acknowledged")), "{v}");
}

#[tokio::test]
async fn a_supervisor_acknowledges_an_alert_and_the_day_keeps_it() {
    let w = world().await;
    // 100 first-time travellers and one desk: a critical wait alert.
    let mut batch = vec![
        json!({"id": "00000000-0000-4000-8000-000000000001", "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos", "kind": "lane_opened", "lane": "D3"}),
    ];
    for n in 0..100u32 {
        batch.push(json!({"id": format!("00000000-0000-4000-8000-{:012}", 100 + n), "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos",
            "kind": "queue_joined", "traveller": format!("t{n}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}));
    }
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), serde_json::to_string(&batch).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    w.state.live.lock().unwrap().evaluate(w.state.clock.now());
    let body = json!({"id": "khorgos/wait/entry_first_time", "note": "D4 and D5 reopening"}).to_string();
    let (status, _) = w.call("POST", "/api/v1/alerts/ack", Some("viewer"), body.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, a) = w.call("POST", "/api/v1/alerts/ack", Some("supervisor"), body).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["acknowledged"]["note"], "D4 and D5 reopening");
    assert!(a["acknowledged"]["by"].is_string() && a["acknowledged"]["at"].is_string(), "{a}");
    let (status, v) = w.call("POST", "/api/v1/alerts/ack", Some("supervisor"), json!({"id": "khorgos/wait/nowhere"}).to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    let (status, day) = w.call("GET", "/api/v1/alerts", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    let kept = day[0]["alerts"].as_array().unwrap().iter().find(|x| x["id"] == "khorgos/wait/entry_first_time").unwrap().clone();
    assert_eq!(kept["acknowledged"]["note"], "D4 and D5 reopening");

    // A restart kept only the instructions: the day's alerts and who acknowledged them were gone.
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let again = borderflow_server::AppState::new(w.state.store.clone(), vec![khorgos()], w.clock.clone(), rx);
    borderflow_server::tasks::rebuild_live(&again).await.unwrap();
    let history = again.live.lock().unwrap().alert_history();
    let back = history[0].1.iter().find(|x| x.id == "khorgos/wait/entry_first_time").expect("the alert after a restart");
    assert_eq!(back.acknowledged.as_ref().and_then(|a| a.note.as_deref()), Some("D4 and D5 reopening"));
    // The picture rebuilt from events raises nothing new: the kept alert goes on.
    let changes = again.live.lock().unwrap().evaluate(again.clock.now());
    assert!(
        changes.iter().all(|c| c.change != borderflow_live::alerts::Change::Raised || c.alert.id != "khorgos/wait/entry_first_time"),
        "{changes:?}"
    );
}

/// A terminal whose stream falls behind (a slow link) used to get only a
/// fresh snapshot, and lost the instructions it had missed.
#[tokio::test]
async fn a_stream_that_falls_behind_gets_the_unanswered_instructions_again() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let w = world().await;
    let id = send(&w, open_d5()).await["id"].as_str().unwrap().to_owned();
    let req = axum::http::Request::builder()
        .uri("/api/v1/live/stream")
        .header("authorization", format!("Bearer {}", w.tokens["viewer"]))
        .body(Body::empty())
        .unwrap();
    let res = borderflow_server::router(w.state.clone()).oneshot(req).await.unwrap();
    let mut body = res.into_body();
    // The stream is not read while far more updates than it can hold go out.
    for _ in 0..200 {
        let _ = w.state.updates.send(borderflow_server::state::Update { kind: "delta", json: std::sync::Arc::new("{}".into()) });
    }
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while !(seen.matches("event: snapshot").count() >= 2 && seen.contains(&id)) && tokio::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(2), body.frame()).await {
            Ok(Some(Ok(f))) => seen.push_str(&String::from_utf8_lossy(f.data_ref().map(|d| d.as_ref()).unwrap_or_default())),
            _ => break,
        }
    }
    let again = seen.rfind("event: snapshot").unwrap_or(0);
    assert!(seen.matches("event: snapshot").count() >= 2, "a fresh snapshot after falling behind");
    assert!(
        seen[again..].contains("event: instruction") && seen[again..].contains(&id),
        "the unanswered instruction again: {}",
        &seen[again..seen.len().min(again + 300)]
    );
}

/// A desk terminal's open or close used to reach the record but not the hall
/// the demo simulates: it now goes to whoever runs the lanes, as a
/// supervisor's command does; the simulated hall's own lane events do not.
#[tokio::test]
async fn a_desk_opening_its_lane_is_a_command_to_the_hall() {
    let w = world().await;
    let mut commands = w.state.commands.subscribe();
    let opened = json!({"id": "00000000-0000-4000-8000-00000000e101", "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos", "kind": "lane_opened", "lane": "E1"});
    let (status, v) = w.call("POST", "/api/v1/events", Some("device_e1"), opened.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let c = commands.try_recv().expect("a lane command");
    assert_eq!((c.lane.as_str(), c.open), ("E1", true));
    // The same event again (a retry) is not a second command; the feed's own lane events are none.
    w.call("POST", "/api/v1/events", Some("device_e1"), opened.to_string()).await;
    let fed = json!({"id": "00000000-0000-4000-8000-00000000e102", "at": "2026-07-12T10:00:01+08:00", "checkpoint": "khorgos", "kind": "lane_closed", "lane": "E1"});
    let (status, _) = w.call("POST", "/api/v1/events", Some("admin"), fed.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(commands.try_recv().is_err());
}
