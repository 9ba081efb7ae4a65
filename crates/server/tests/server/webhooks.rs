//! Webhooks against a real local receiver that checks the signature: an
//! instruction and an alert arrive signed; a receiver that is down gets the
//! message again until the tries run out, then it is on the admins' failed
//! list and can be sent again; a restart loses nothing queued; two servers
//! on one store send each message once.

use crate::common;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use borderflow_server::webhooks::{Kind, Webhook, deliver};
use common::{World, world, world_on};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

const SECRET: &str = "a secret of the station's chat bridge";

/// A receiver: answers with `status`, keeps the bodies whose signature verified, counts the bad ones.
#[derive(Clone, Default)]
struct Receiver {
    status: Arc<AtomicU16>,
    got: Arc<Mutex<Vec<Value>>>,
    bad: Arc<Mutex<u32>>,
}

fn verifies(headers: &HeaderMap, body: &str) -> bool {
    let (Some(ts), Some(sig)) = (headers.get("x-borderflow-timestamp"), headers.get("x-borderflow-signature")) else { return false };
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{}.{body}", ts.to_str().unwrap()).as_bytes());
    let hex = sig.to_str().unwrap().strip_prefix("sha256=").unwrap_or("");
    let bytes: Vec<u8> = (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect();
    mac.verify_slice(&bytes).is_ok()
}

async fn receiver() -> (Receiver, String) {
    let r = Receiver::default();
    r.status.store(200, Ordering::SeqCst);
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post({
            let r = r.clone();
            move |headers: HeaderMap, body: String| async move {
                let status = r.status.load(Ordering::SeqCst);
                if !verifies(&headers, &body) {
                    *r.bad.lock().unwrap() += 1;
                    return StatusCode::UNAUTHORIZED;
                }
                if status == 200 {
                    r.got.lock().unwrap().push(serde_json::from_str(&body).unwrap());
                }
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (r, url)
}

fn hooked(mut w: World, url: &str, secret: &str, max_attempts: i64) -> World {
    let hook: Webhook =
        toml::from_str(&format!("name = \"chat\"\nurl = \"{url}\"\nkinds = [\"alert\", \"instruction\"]\nsecret = \"{secret}\"")).unwrap();
    w.state.webhooks = Arc::from(vec![hook]);
    w.state.webhook_policy = deliver::quick_policy(max_attempts);
    w
}

async fn send_instruction(w: &World, lane: &str) -> String {
    let body = json!({"to": {"kind": "lane", "lane": lane}, "order": {"kind": "open_lane", "lane": lane}}).to_string();
    let (s, v) = w.call("POST", "/api/v1/instructions", Some("supervisor"), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instructions_and_alerts_arrive_signed() {
    let (r, url) = receiver().await;
    let w = hooked(world().await, &url, SECRET, 3);
    let client = deliver::client(&w.state);
    let id = send_instruction(&w, "D5").await;
    assert_eq!(deliver::deliver_due(&w.state, &client).await.unwrap(), 1);
    let got = r.got.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0]["kind"].as_str(), got[0]["checkpoint"].as_str()), (Some("instruction"), Some("khorgos")));
    assert_eq!((got[0]["data"]["id"].as_str(), got[0]["data"]["state"].as_str()), (Some(id.as_str()), Some("sent")));
    assert!(got[0]["delivery"].is_string());
    assert_eq!(deliver::deliver_due(&w.state, &client).await.unwrap(), 0, "delivered once");

    // An alert change, queued as the live loop and the acknowledgement route queue them.
    let change = r#"{"change":"raised","alert":{"id":"khorgos/queue_wait/entry_first_time"}}"#;
    borderflow_server::webhooks::enqueue(&w.state, Kind::Alert, "khorgos", change).await;
    deliver::deliver_due(&w.state, &client).await.unwrap();
    assert_eq!(r.got.lock().unwrap().last().unwrap()["kind"], "alert");
    assert_eq!(*r.bad.lock().unwrap(), 0);

    // A hook with another secret is refused by the receiver: not delivered, retried, then failed.
    let wrong = hooked(world_on(w.state.store.clone(), tempfile::tempdir().unwrap()).await, &url, "not the station's secret!!", 2);
    send_instruction(&wrong, "D6").await;
    deliver::deliver_due(&wrong.state, &client).await.unwrap();
    deliver::deliver_due(&wrong.state, &client).await.unwrap();
    assert_eq!(*r.bad.lock().unwrap(), 2);
    let (_, failed) = wrong.call("GET", "/api/v1/webhooks/failed", Some("admin"), "").await;
    assert!(failed[0]["last_error"].as_str().unwrap().contains("401"), "{failed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_is_down_gets_it_later_and_failures_are_listed_for_admins() {
    let (r, url) = receiver().await;
    let w = hooked(world().await, &url, SECRET, 3);
    let client = deliver::client(&w.state);
    r.status.store(503, Ordering::SeqCst);
    send_instruction(&w, "D5").await;
    deliver::deliver_due(&w.state, &client).await.unwrap();
    deliver::deliver_due(&w.state, &client).await.unwrap();
    r.status.store(200, Ordering::SeqCst);
    deliver::deliver_due(&w.state, &client).await.unwrap();
    assert_eq!(r.got.lock().unwrap().len(), 1, "the third try got through");

    // Down for every try: on the failed list, with why.
    r.status.store(503, Ordering::SeqCst);
    send_instruction(&w, "D6").await;
    for _ in 0..5 {
        deliver::deliver_due(&w.state, &client).await.unwrap();
    }
    let (s, failed) = w.call("GET", "/api/v1/webhooks/failed", Some("admin"), "").await;
    assert_eq!(s, StatusCode::OK);
    let list = failed.as_array().unwrap();
    assert_eq!(list.len(), 1, "{failed}");
    assert_eq!((list[0]["attempts"].as_i64(), list[0]["hook"].as_str()), (Some(3), Some("chat")));
    assert!(list[0]["last_error"].as_str().unwrap().contains("503"), "{failed}");
    assert_eq!(w.call("GET", "/api/v1/webhooks/failed", Some("supervisor"), "").await.0, StatusCode::FORBIDDEN);

    // Sent again by an admin once the receiver is back.
    r.status.store(200, Ordering::SeqCst);
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(w.call("POST", &format!("/api/v1/webhooks/failed/{id}/retry"), Some("admin"), "").await.0, StatusCode::OK);
    assert_eq!(w.call("POST", &format!("/api/v1/webhooks/failed/{id}/retry"), Some("admin"), "").await.0, StatusCode::NOT_FOUND);
    deliver::deliver_due(&w.state, &client).await.unwrap();
    assert_eq!(r.got.lock().unwrap().len(), 2);
    assert!(w.call("GET", "/api/v1/webhooks/failed", Some("admin"), "").await.1.as_array().unwrap().is_empty());

    // A hook taken out of the configuration while its messages wait: they fail at once, listed with why.
    r.status.store(503, Ordering::SeqCst);
    send_instruction(&w, "D7").await;
    let World { state, dir: _kept, .. } = w;
    let mut renamed = hooked(world_on(state.store.clone(), tempfile::tempdir().unwrap()).await, &url, SECRET, 3);
    let mut hooks = renamed.state.webhooks.to_vec();
    hooks[0].name = "chat-2".into();
    renamed.state.webhooks = Arc::from(hooks);
    deliver::deliver_due(&renamed.state, &client).await.unwrap();
    let (_, failed) = renamed.call("GET", "/api/v1/webhooks/failed", Some("admin"), "").await;
    assert!(failed[0]["last_error"].as_str().unwrap().contains("`chat` is no longer configured"), "{failed}");
    assert_eq!(failed[0]["attempts"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_loses_nothing_queued_and_two_servers_send_each_message_once() {
    let (r, url) = receiver().await;
    let w = hooked(world().await, &url, SECRET, 5);
    for lane in ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"] {
        send_instruction(&w, lane).await;
    }
    // The server stops before delivering; two new ones start on the same store.
    let World { state, dir: _kept, .. } = w;
    let store = state.store.clone();
    drop(state);
    let a = hooked(world_on(store.clone(), tempfile::tempdir().unwrap()).await, &url, SECRET, 5);
    let b = hooked(world_on(store, tempfile::tempdir().unwrap()).await, &url, SECRET, 5);
    let (ca, cb) = (deliver::client(&a.state), deliver::client(&b.state));
    let (na, nb) = tokio::join!(deliver::deliver_due(&a.state, &ca), deliver::deliver_due(&b.state, &cb));
    assert_eq!(na.unwrap() + nb.unwrap(), 8, "each message claimed by one server");
    let got = r.got.lock().unwrap().clone();
    let mut lanes: Vec<&str> = got.iter().map(|m| m["data"]["order"]["lane"].as_str().unwrap()).collect();
    lanes.sort();
    assert_eq!(lanes, ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"], "all delivered, none twice");
}
