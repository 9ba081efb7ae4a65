//! The in-process server the API tests share: a SQLite store in a temporary
//! directory, the Khorgos checkpoint, a settable clock and a token per role.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use borderflow_core::Scenario;
use borderflow_server::{AppState, Clock, Role, create_token, router};
use borderflow_store::EventStore;
use http_body_util::BodyExt;
use jiff::Timestamp;
use serde_json::Value;
use tower::ServiceExt;

/// The server's clock in these tests: 10:00 local on 2026-07-12 until moved.
pub struct TestClock(pub std::sync::Mutex<Timestamp>);
impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

pub struct World {
    pub state: AppState,
    pub clock: Arc<TestClock>,
    pub dir: tempfile::TempDir,
    pub tokens: std::collections::HashMap<&'static str, String>,
}

pub fn khorgos() -> Scenario {
    Scenario::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")), &[]).unwrap()
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let s = khorgos();
    let layout = borderflow_store::Layout::from_scenarios(std::slice::from_ref(&s));
    let store = borderflow_store::open(dir.path().join("t.db").to_str().unwrap(), &layout).await.unwrap();
    world_on(store, dir).await
}

/// The world over a given store (kept with `dir`).
pub async fn world_on(store: Arc<dyn EventStore>, dir: tempfile::TempDir) -> World {
    let s = khorgos();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    std::mem::forget(_tx);
    let clock = Arc::new(TestClock(std::sync::Mutex::new("2026-07-12T10:00:00+08:00".parse().unwrap())));
    let state = AppState::new(store.clone(), vec![s], clock.clone(), rx);
    let now = Timestamp::now();
    let mut tokens = std::collections::HashMap::new();
    for (name, role, lane) in [
        ("device_e1", Role::Device, Some("E1")),
        ("sensor", Role::Device, None),
        ("viewer", Role::Viewer, None),
        ("officer", Role::Officer, None),
        ("supervisor", Role::Supervisor, None),
        ("admin", Role::Admin, None),
    ] {
        tokens.insert(name, create_token(store.as_ref(), role, lane.map(String::from), None, None, now).await.unwrap());
    }
    World { state, clock, dir, tokens }
}

impl World {
    /// Moves the server's clock to `hm` local on the same day.
    pub fn set_time(&self, hm: &str) {
        *self.clock.0.lock().unwrap() = format!("2026-07-12T{hm}+08:00").parse().unwrap();
    }

    pub async fn call(&self, method: &str, uri: &str, who: Option<&str>, body: impl Into<String>) -> (StatusCode, Value) {
        let body = body.into();
        let mut req = Request::builder().method(method).uri(uri);
        if body.trim_start().starts_with('{') {
            req = req.header("content-type", "application/json");
        }
        if let Some(w) = who {
            req = req.header("authorization", format!("Bearer {}", self.tokens.get(w).cloned().unwrap_or_else(|| w.to_string())));
        }
        let res = router(self.state.clone()).oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        let status = res.status();
        if res.headers().get("content-type").is_some_and(|c| c == "text/event-stream") {
            return (status, Value::Null); // a stream never ends: its status is the answer
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, v)
    }
}
