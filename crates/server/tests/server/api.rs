//! The API in-process (axum `oneshot`, no socket): roles, ingest outcomes,
//! lane commands, statistics parameters, the public board, the stream.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use borderflow_server::{AppState, router};
use http_body_util::BodyExt;
use jiff::Timestamp;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common;

use common::world;

fn ev(n: u32, kind: &str, extra: Value) -> Value {
    let mut v =
        json!({"id": format!("00000000-0000-4000-8000-{n:012}"), "at": "2026-07-12T09:55:00+08:00", "checkpoint": "khorgos", "kind": kind});
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

#[tokio::test]
async fn each_role_is_refused_what_it_may_not_do() {
    let w = world().await;
    let gate_event = json!([ev(1, "lane_opened", json!({"lane": "E1"}))]).to_string();
    // (method, uri, body, roles allowed)
    let matrix: [(&str, &str, &str, &[&str]); 6] = [
        ("POST", "/api/v1/events", &gate_event, &["device_e1", "admin"]),
        ("GET", "/api/v1/live", "", &["viewer", "officer", "supervisor", "admin"]),
        ("GET", "/api/v1/live/stream", "", &["viewer", "officer", "supervisor", "admin"]),
        ("GET", "/api/v1/stats?from=2026-07-12&to=2026-07-13", "", &["viewer", "officer", "supervisor", "admin"]),
        ("GET", "/metrics", "", &["viewer", "officer", "supervisor", "admin"]),
        ("POST", "/api/v1/lanes/D3/open", "", &["supervisor", "admin"]),
    ];
    let everyone = ["device_e1", "sensor", "viewer", "officer", "supervisor", "admin"];
    for (method, uri, body, allowed) in matrix {
        for who in everyone {
            let (status, v) = w.call(method, uri, Some(who), body).await;
            if allowed.contains(&who) {
                assert!(status.is_success(), "{who} {method} {uri}: {status} {v}");
            } else if method == "POST" && uri == "/api/v1/events" && who == "sensor" {
                // A sensor may post, but not for a lane: refused per event.
                assert_eq!(v["rejected"][0]["field"], "lane", "{v}");
            } else if method == "POST" && uri == "/api/v1/events" && who == "officer" {
                // A guide's handheld (an officer) posts head counts only: anything else is refused per event.
                assert!(v["rejected"][0]["reason"].as_str().unwrap().contains("only head counts"), "{v}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{who} {method} {uri}: {v}");
            }
        }
        let (status, _) = w.call(method, uri, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "no token: {method} {uri}");
        // A different unknown id each time: the same one six times would be throttled (429).
        let (status, _) = w.call(method, uri, Some(&format!("bf_nosuch{}_secret", uri.len())), body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "bad token: {method} {uri}");
    }
    for open in ["/api/v1/board", "/healthz", "/api/v1/openapi.json"] {
        let (status, _) = w.call("GET", open, None, "").await;
        assert_eq!(status, StatusCode::OK, "{open} needs no token");
    }
}

#[tokio::test]
async fn a_bad_event_is_refused_by_index_and_field_and_the_rest_stored() {
    let w = world().await;
    let batch = json!([
        ev(1, "queue_joined", json!({"traveller": "t1", "direction": "entry", "category": "merchant", "queue": "entry_merchant"})),
        ev(2, "queue_joined", json!({"traveller": "t2", "direction": "exit", "category": "merchant", "queue": "entry_merchant"})),
        ev(3, "queue_joined", json!({"traveller": "t3", "direction": "entry", "category": "tourist", "queue": "entry_merchant"})),
        {"id": "00000000-0000-4000-8000-000000000004", "kind": "lane_opened"},
        ev(5, "lane_opened", json!({"lane": "D3"})),
        ev(1, "queue_joined", json!({"traveller": "t1", "direction": "entry", "category": "merchant", "queue": "entry_merchant"})),
    ]);
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), batch.to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["received"], 6);
    assert_eq!(v["stored"], 2);
    assert_eq!(v["duplicates"], json!([5]), "the repeated id inside the batch");
    let rejected: Vec<(u64, String)> =
        v["rejected"].as_array().unwrap().iter().map(|r| (r["index"].as_u64().unwrap(), r["field"].as_str().unwrap().to_owned())).collect();
    assert_eq!(rejected, [(1, "direction".into()), (2, "category".into()), (3, "at".into())]);
    // Retried: nothing stored twice.
    let (_, v) = w.call("POST", "/api/v1/events", Some("admin"), batch.to_string()).await;
    assert_eq!(v["stored"], 0);
    assert_eq!(w.state.store.count().await.unwrap(), 2);
    // The stored join reached the live picture.
    let (_, live) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    let q = live["checkpoints"][0]["queues"].as_array().unwrap().iter().find(|q| q["id"] == "entry_merchant").unwrap().clone();
    assert_eq!(q["length"], 1);
}

#[tokio::test]
async fn json_lines_limits_and_malformed_bodies() {
    let w = world().await;
    let lines = [
        ev(1, "lane_opened", json!({"lane": "E1"})).to_string(),
        "{not json".into(),
        ev(2, "lane_closed", json!({"lane": "E1"})).to_string(),
    ]
    .join("\n");
    let (status, v) = w.call("POST", "/api/v1/events", Some("device_e1"), lines).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["stored"], 2);
    assert_eq!(v["rejected"][0]["index"], 1);
    // A device may not speak for another lane.
    let (_, v) =
        w.call("POST", "/api/v1/events", Some("device_e1"), json!([ev(9, "lane_opened", json!({"lane": "E2"}))]).to_string()).await;
    assert_eq!(v["rejected"][0]["field"], "lane");
    assert!(v["rejected"][0]["reason"].as_str().unwrap().contains("only for lane `E1`"));
    // Too many.
    let many: Vec<Value> = (0..10_001).map(|i| ev(100 + i, "lane_opened", json!({"lane": "E1"}))).collect();
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), Value::Array(many).to_string()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    // A broken array names where.
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), "[{\"id\": 1,\n  oops]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("line 2"), "{v}");
    // All refused: 422.
    let (status, _) = w.call("POST", "/api/v1/events", Some("admin"), "[{}]").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_supervisor_opens_a_lane() {
    let w = world().await;
    let mut commands = w.state.commands.subscribe();
    let (status, v) = w.call("POST", "/api/v1/lanes/D4/open", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["kind"], "lane_opened");
    let cmd = commands.try_recv().unwrap();
    assert_eq!((cmd.lane.as_str(), cmd.open), ("D4", true));
    let (_, live) = w.call("GET", "/api/v1/live", Some("officer"), "").await;
    let d4 = live["checkpoints"][0]["lanes"].as_array().unwrap().iter().find(|l| l["id"] == "D4").unwrap().clone();
    assert_eq!(d4["open"], true);
    assert_eq!(w.state.store.count().await.unwrap(), 1, "the command is an event in the store");
    let (status, _) = w.call("POST", "/api/v1/lanes/D99/open", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = w.call("POST", "/api/v1/lanes/D4/explode", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stats_parameters_are_checked_by_name() {
    let w = world().await;
    for (q, name) in [
        ("from=2026-07-12&to=2026-07-13&bucket=week", "bucket"),
        ("from=yesterday&to=2026-07-13", "from"),
        ("from=2026-07-12&to=2026-07-13&by=colour", "by"),
    ] {
        let (status, v) = w.call("GET", &format!("/api/v1/stats?{q}"), Some("viewer"), "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert!(v["error"].as_str().unwrap().contains(&format!("`{name}`")), "{v}");
    }
    let (status, v) = w.call("GET", "/api/v1/stats?from=2026-07-12&to=2026-07-13&bucket=day&by=direction", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = w.call("GET", "/api/v1/stats/lanes?from=2026-07-12&to=2026-07-13", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = w.call("GET", "/api/v1/stats/lanes?from=12/07/2026&to=2026-07-13", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("`from`"), "{v}");
    let (status, _) = w.call("GET", "/api/v1/stats/lanes?from=2026-07-12&to=2026-07-13", Some("device_e1"), "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_board_shows_a_wait_per_queue_and_no_personal_data() {
    let w = world().await;
    let mut batch = vec![ev(1, "lane_opened", json!({"lane": "D3"}))];
    for i in 0..10 {
        batch.push(ev(
            10 + i,
            "queue_joined",
            json!({"traveller": format!("person{i}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
    }
    w.call("POST", "/api/v1/events", Some("admin"), Value::Array(batch).to_string()).await;
    let (status, v) = w.call("GET", "/api/v1/board", None, "").await;
    assert_eq!(status, StatusCode::OK);
    let q = v[0]["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap().clone();
    assert!(q["wait_minutes"].as_u64().unwrap() >= 1, "{q}");
    assert_eq!(v[0]["queues"].as_array().unwrap().len(), 7);
    assert!(!v.to_string().contains("person"), "no traveller ids on the board");
    assert!(v[0]["advice"].as_array().unwrap().iter().any(|a| a["category"] == "first_time" && a["queue"] == "entry_first_time"));
    // Names in the travellers' languages, so the board never shows an id.
    assert_eq!(q["names"]["kk"], "Кіру: алғаш өтетіндер");
    assert_eq!(q["names"]["ru"], "Въезд: впервые");
    let merchants = v[0]["advice"].as_array().unwrap().iter().find(|a| a["category"] == "merchant").unwrap();
    assert_eq!(merchants["category_names"]["zh"], "园区商户");
    assert_eq!(v[0]["names"]["en"], "Khorgos ICBC inspection station");
}

#[tokio::test]
async fn the_checkpoints_are_described_with_their_names_for_readers_only() {
    let w = world().await;
    let (status, _) = w.call("GET", "/api/v1/checkpoints", None, "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, v) = w.call("GET", "/api/v1/checkpoints", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    let k = &v[0];
    assert_eq!(
        (k["id"].as_str(), k["time_zone"].as_str(), k["max_wait_minutes"].as_f64()),
        (Some("khorgos"), Some("Asia/Shanghai"), Some(30.0))
    );
    let group = k["lane_groups"].as_array().unwrap().iter().find(|g| g["id"] == "first_time_desks").unwrap();
    assert_eq!(group["lanes"], json!(["D3", "D4", "D5"]));
    assert_eq!(group["serves"], json!(["entry_priority", "entry_first_time", "entry_repeat"]));
    assert_eq!((group["kind"].as_str(), group["names"]["zh"].as_str()), (Some("manual"), Some("首次过境人工通道")));
    let q = k["queues"].as_array().unwrap().iter().find(|q| q["id"] == "entry_repeat").unwrap();
    assert_eq!(q["categories"], json!(["repeat", "general"]));
    assert_eq!(q["names"]["en"], "Entry: repeat and other travellers");
    assert_eq!(k["categories"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_stream_starts_with_a_snapshot() {
    let w = world().await;
    let req = Request::builder()
        .uri("/api/v1/live/stream")
        .header("authorization", format!("Bearer {}", w.tokens["viewer"]))
        .body(Body::empty())
        .unwrap();
    let res = router(w.state.clone()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut body = res.into_body();
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame()).await.unwrap().unwrap().unwrap();
    let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
    assert!(text.starts_with("event: snapshot\ndata: {"), "{text}");
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let w = world().await;
    let (_, v) = w.call("GET", "/api/v1/openapi.json", None, "").await;
    for path in [
        "/api/v1/events",
        "/api/v1/live",
        "/api/v1/live/stream",
        "/api/v1/board",
        "/api/v1/checkpoints",
        "/api/v1/twin",
        "/api/v1/stats",
        "/api/v1/lanes/{id}/{action}",
        "/healthz",
        "/metrics",
    ] {
        assert!(v["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(v["components"]["schemas"].get("IngestReport").is_some());
}

#[tokio::test]
async fn the_pages_are_served_and_the_stream_takes_a_query_token() {
    let w = world().await;
    let (status, page) = w.call("GET", "/", None, "").await;
    assert_eq!(status, StatusCode::OK);
    let page = page.as_str().unwrap().to_owned();
    assert!(page.contains("data-i18n=\"travellersToday\""), "the dashboard");
    let script = page.split("src=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, js) = w.call("GET", &script, None, "").await;
    assert_eq!(status, StatusCode::OK, "{script}");
    assert!(js.as_str().unwrap().len() > 1000);
    let (status, board) = w.call("GET", "/board", None, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.as_str().unwrap().contains("board-dirs"));
    let (status, _) = w.call("GET", "/api/v1/live/stream", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = w.call("GET", "/api/v1/live/stream", Some("bf_x_y"), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_twin_sees_a_breach_coming_and_says_what_to_open() {
    let w = world().await;
    // 10:00: 150 first-time travellers queued, one of their three desks open, every other lane open.
    let others = w.state.scenarios[0].lanes.iter().map(|l| l.id.to_string()).filter(|id| id != "D4" && id != "D5");
    let mut batch: Vec<Value> = others.enumerate().map(|(i, lane)| ev(1000 + i as u32, "lane_opened", json!({"lane": lane}))).collect();
    for n in 0..150 {
        batch.push(ev(
            10 + n,
            "queue_joined",
            json!({"traveller": format!("t{n}"), "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
    }
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), serde_json::to_string(&batch).unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["rejected"].as_array().map(Vec::len), Some(0), "{v}");
    let (status, v) = w.call("GET", "/api/v1/twin", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let cp = &v[0];
    assert_eq!(cp["checkpoint"], "khorgos");
    assert_eq!(cp["now_clock_s"], 36000.0);
    let ft = cp["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap();
    assert!(ft["breach_at_clock_s"].as_f64().is_some(), "{ft}");
    assert_eq!(ft["points"].as_array().unwrap().len(), 24);
    let a = &cp["advice"];
    assert_eq!(a["breaches"][0]["queue"], "entry_first_time", "{a}");
    assert_eq!(a["actions"][0]["kind"], "reopen", "{a}");
    assert!(a["summary"]["en"].as_str().unwrap().starts_with("Reopen D4"), "{a}");
    assert!(a["summary"]["zh"].as_str().unwrap().starts_with("立即重新开放 D4"), "{a}");
    assert_eq!(a["with_advice"].as_array().unwrap().len(), cp["queues"].as_array().unwrap().len(), "{a}");
    assert!(cp["demand"].as_str().unwrap().starts_with("scenario demand (0 days of history"), "{}", cp["demand"]);
    let (status, _) = w.call("GET", "/api/v1/twin", None, "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_twins_predictions_are_scored_once_their_travellers_are_served() {
    let w = world().await;
    let (status, v) =
        w.call("POST", "/api/v1/events", Some("admin"), json!([ev(1, "lane_opened", json!({"lane": "D3"}))]).to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, at_ten) = w.call("GET", "/api/v1/twin", Some("viewer"), "").await;
    assert_eq!(at_ten[0]["track"], json!([]), "nothing scored yet");
    // What it said at 10:00 of first-time travellers joining 10:15-10:20.
    let ft = at_ten[0]["queues"].as_array().unwrap().iter().find(|q| q["queue"] == "entry_first_time").unwrap();
    let said = ft["points"].as_array().unwrap().iter().find(|p| p["t_clock_s"] == 36_900.0).unwrap()["wait_p95_s"].as_f64().unwrap();
    // Ten of them join at 10:16 and are all served by 10:30 after 10 to 14 minutes.
    let mut batch = Vec::new();
    for n in 0..10u32 {
        let who = format!("s{n}");
        batch.push(ev(
            100 + n,
            "queue_joined",
            json!({"traveller": who, "direction": "entry", "category": "first_time", "queue": "entry_first_time"}),
        ));
        let mut start = ev(200 + n, "service_started", json!({"traveller": who, "lane": "D3"}));
        start["at"] = json!(format!("2026-07-12T10:{}:00+08:00", 26 + n.min(4)));
        batch.push(start);
    }
    for e in batch.iter_mut().step_by(2) {
        e["at"] = json!("2026-07-12T10:16:00+08:00");
    }
    w.set_time("10:40:00");
    let (status, v) = w.call("POST", "/api/v1/events", Some("admin"), serde_json::to_string(&batch).unwrap()).await;
    assert_eq!(v["stored"], 20, "{v}");
    assert_eq!(status, StatusCode::OK);
    // The background task's next refresh (the API answers with the latest one).
    borderflow_server::twin::refresh(&w.state).await.unwrap();
    let (_, at_forty) = w.call("GET", "/api/v1/twin", Some("viewer"), "").await;
    // Scored: 15 min ahead, one prediction (30 min ahead nobody joined; 60 min ahead is still to come).
    let track = at_forty[0]["track"].as_array().unwrap();
    assert_eq!(track.len(), 1, "{track:?}");
    assert_eq!(track[0]["horizon_min"], 15);
    assert_eq!(track[0]["scored"], 1);
    // The joiners' p95 wait: 14 min (six waited 14, the first four 10 to 13).
    let error = track[0]["median_error_min"].as_f64().unwrap();
    assert!((error - (14.0 - said / 60.0)).abs() < 1e-6, "{error} vs said {said} s");
    assert!((track[0]["mae_min"].as_f64().unwrap() - error.abs()).abs() < 1e-9);
    // The same score through the day: in the quarter-hour 10:15-10:30, where its step ended.
    let quarter: Timestamp = "2026-07-12T10:30:00+08:00".parse().unwrap();
    let mut step = track[0].clone();
    step["at_unix_s"] = json!(quarter.as_second() as f64);
    assert_eq!(at_forty[0]["track_steps"], json!([step]));
    // Both refreshes were timed.
    let (_, metrics) = w.call("GET", "/metrics", Some("viewer"), "").await;
    assert!(metrics.as_str().unwrap().contains("\nborderflow_twin_seconds_count 2\n"), "{metrics}");
    // A restart over the same store keeps the record.
    let (_keep, rx) = tokio::sync::watch::channel(false);
    let restarted = AppState::new(w.state.store.clone(), w.state.scenarios.to_vec(), w.clock.clone(), rx);
    borderflow_server::tasks::rebuild_live(&restarted).await.unwrap();
    let answers = borderflow_server::twin::refresh(&restarted).await.unwrap();
    assert_eq!(serde_json::to_value(&answers[0].track).unwrap(), at_forty[0]["track"]);
    assert_eq!(serde_json::to_value(&answers[0].track_steps).unwrap(), at_forty[0]["track_steps"]);
}

#[tokio::test]
async fn with_three_weeks_of_history_the_twin_runs_on_the_days_forecast() {
    use borderflow_core::{Event, EventBody, Id, event::Direction};
    let w = world().await;
    let tz = w.state.scenarios[0].time_zone.clone();
    // 21 days before the clock's day, 10:00–17:59: 30 first-time entries and 10 merchant exits an hour.
    let mut events = Vec::new();
    for d in 1..=21 {
        let date = jiff::civil::date(2026, 7, 12).checked_sub(jiff::Span::new().days(d)).unwrap();
        for hour in 10..18 {
            for (dir, cat, queue, n) in
                [(Direction::Entry, "first_time", "entry_first_time", 30), (Direction::Exit, "merchant", "exit_general", 10)]
            {
                for i in 0..n {
                    events.push(Event {
                        id: uuid::Uuid::new_v4(),
                        at: date.at(hour, i as i8, 0, 0).to_zoned(tz.clone()).unwrap().timestamp(),
                        checkpoint: Id::new("khorgos").unwrap(),
                        body: EventBody::QueueJoined {
                            traveller: Id::new(format!("t{d}-{hour}-{cat}-{i}")).unwrap(),
                            direction: dir,
                            category: Id::new(cat).unwrap(),
                            queue: Id::new(queue).unwrap(),
                        },
                    });
                }
            }
        }
    }
    w.state.store.append(&events).await.unwrap();
    let (status, v) = w.call("GET", "/api/v1/twin", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let demand = v[0]["demand"].as_str().unwrap();
    assert!(demand.starts_with("forecast for 2026-07-12 (") && demand.ends_with(", 21 days of history)"), "{demand}");
    // The forecast day's demand is what the twin ran on: first-time entries only.
    let d = w.state.demand.lock().unwrap()[0].clone();
    let entry = d.scenario.streams.iter().find(|st| st.direction == Direction::Entry).unwrap();
    let total: f64 = entry.rates.iter().map(|r| r.per_s * (r.to_s - r.from_s)).sum();
    assert!((total - 240.0).abs() < 1e-6, "{total}");
}

#[tokio::test]
async fn the_background_twin_refreshes_and_streams_its_outlook() {
    let mut w = world().await;
    w.state.twin_every = std::time::Duration::from_millis(100);
    let mut updates = w.state.updates.subscribe();
    borderflow_server::tasks::spawn(&w.state);
    let twin = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let u = updates.recv().await.unwrap();
            if u.kind == "twin" {
                return serde_json::from_str::<Value>(&u.json).unwrap();
            }
        }
    })
    .await
    .expect("a twin update on the stream within 20 s");
    assert_eq!(twin[0]["checkpoint"], "khorgos");
    assert_eq!(twin[0]["queues"].as_array().unwrap().len(), w.state.scenarios[0].queues.len());
    // The server keeps it for the endpoint.
    assert_eq!(w.state.twin.lock().unwrap().len(), 1);
    let (status, v) = w.call("GET", "/api/v1/twin", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v[0]["queues"], twin[0]["queues"]);
}

#[tokio::test]
async fn a_pushed_plan_is_kept_per_day_and_checked() {
    let w = world().await;
    let plan = |group: &str, open: &str| {
        format!(
            r#"{{"checkpoint":"khorgos","date":"2026-07-12","plan":{{"start_clock_s":35100,"interval_s":900,"intervals":2,"groups":[{{"group":"{group}","kind":"egate","lanes":6,"open":{open}}}]}},"roster":{{}}}}"#
        )
    };
    let (status, _) = w.call("PUT", "/api/v1/plan", Some("viewer"), plan("egates", "[6,5]")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = w.call("PUT", "/api/v1/plan", Some("supervisor"), plan("egates", "[6,5]")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Today at the (fixed) clock is 2026-07-12 in Khorgos.
    let (status, v) = w.call("GET", "/api/v1/plan", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["plan"]["groups"][0]["open"], json!([6, 5]));
    assert!(v["pushed_at"].is_string());
    let (status, v) = w.call("GET", "/api/v1/plan?date=2026-07-13", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "no plan that day: {v}");
    for (body, says) in [
        (plan("gates", "[6,5]"), "`plan.groups[0].group`: no lane group `gates`"),
        (plan("egates", "[6]"), "`plan.groups[0].open`: 1 values for 2 intervals"),
        (plan("egates", "[6,7]"), "`plan.groups[0].open`: 7 lanes open, the group `egates` has 6"),
        ("{\"checkpoint\":\"khorgos\"}".to_string(), "not a plan document: missing field `date`"),
    ] {
        let (status, v) = w.call("PUT", "/api/v1/plan", Some("admin"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(v.to_string().contains(says), "{v} should say {says}");
    }
}

#[tokio::test]
async fn an_admin_lists_and_revokes_tokens_and_a_revoked_token_is_refused() {
    let w = world().await;
    let (status, v) = w.call("GET", "/api/v1/tokens", Some("admin"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v.as_array().unwrap().len(), 6);
    assert!(!v.to_string().contains("argon2"), "never a hash: {v}");
    let (status, _) = w.call("GET", "/api/v1/tokens", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The viewer's tablet is lost: it worked a moment ago, then it is refused.
    let (status, _) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    let id = w.tokens["viewer"].split('_').nth(1).unwrap().to_owned();
    let (status, _) = w.call("DELETE", &format!("/api/v1/tokens/{id}"), Some("officer"), "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = w.call("DELETE", &format!("/api/v1/tokens/{id}"), Some("admin"), "").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["revoked_at"], "2026-07-12T02:00:00Z");
    let (status, v) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(v.to_string().contains("revoked"), "{v}");
    let (status, v) = w.call("DELETE", &format!("/api/v1/tokens/{id}"), Some("admin"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(v.to_string().contains("revoked already"), "{v}");
    let (status, v) = w.call("DELETE", "/api/v1/tokens/nosuch", Some("admin"), "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(v.to_string().contains("does not exist"), "{v}");
}

#[tokio::test]
async fn a_token_revoked_by_another_process_is_refused_once_rechecked() {
    let mut w = world().await;
    w.state.tokens = Arc::new(borderflow_server::auth::Tokens::with_recheck(std::time::Duration::ZERO));
    let (status, _) = w.call("GET", "/api/v1/live", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::OK);
    // As `borderflow token revoke` does: straight in the store, the server not told.
    let id = w.tokens["supervisor"].split('_').nth(1).unwrap().to_owned();
    assert!(w.state.store.revoke_token(&id, "2026-07-12T02:00:00Z").await.unwrap());
    let (status, _) = w.call("GET", "/api/v1/live", Some("supervisor"), "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Others are unaffected.
    let (status, _) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn after_a_restart_a_lane_opened_days_ago_still_shows_open() {
    use borderflow_core::event::LaneChange;
    use borderflow_core::{Event, EventBody, Id};
    let w = world().await;
    // Days before the replay window: D8 opened and stays open; D7 opened then closed.
    let at = |s: &str| s.parse::<Timestamp>().unwrap();
    let change = |lane: &str| LaneChange { lane: Id::new(lane).unwrap(), officer: None, by: None };
    let event = |t: &str, body: EventBody| Event { id: uuid::Uuid::new_v4(), at: at(t), checkpoint: Id::new("khorgos").unwrap(), body };
    let old = vec![
        event("2026-07-08T01:00:00Z", EventBody::LaneOpened(change("D8"))),
        event("2026-07-08T01:00:00Z", EventBody::LaneOpened(change("D7"))),
        event("2026-07-09T01:00:00Z", EventBody::LaneClosed(change("D7"))),
    ];
    w.state.store.append(&old).await.unwrap();
    // The restart.
    assert_eq!(borderflow_server::tasks::rebuild_live(&w.state).await.unwrap(), 3);
    let (status, live) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    assert_eq!(status, StatusCode::OK);
    let lane = |id: &str| live["checkpoints"][0]["lanes"].as_array().unwrap().iter().find(|l| l["id"] == id).unwrap().clone();
    assert_eq!(lane("D8")["open"], true, "{}", lane("D8"));
    assert_eq!(lane("D7")["open"], false, "{}", lane("D7"));
}
