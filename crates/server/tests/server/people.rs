//! People sign in: passwords and one-time links into session cookies, CSRF
//! on every state-changing call, expiry, sign-out, disabled users, roles per
//! route, and who did what in the audit.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use borderflow_server::{router, sessions, users};
use common::{World, world};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// A browser's cookies for this server.
#[derive(Debug, Clone, Default)]
struct Browser {
    session: Option<String>,
    csrf: Option<String>,
}

struct Answer {
    status: StatusCode,
    body: Value,
    set_cookies: Vec<String>,
}

async fn send(w: &World, method: &str, uri: &str, b: &Browser, csrf: bool, headers: &[(&str, &str)], body: Value) -> Answer {
    let mut req = Request::builder().method(method).uri(uri).header("content-type", "application/json");
    if let Some(s) = &b.session {
        req = req.header(
            "cookie",
            format!("{}={s}; {}={}", sessions::SESSION_COOKIE, sessions::CSRF_COOKIE, b.csrf.clone().unwrap_or_default()),
        );
    }
    if csrf && let Some(c) = &b.csrf {
        req = req.header(sessions::CSRF_HEADER, c);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let body = if body.is_null() { Body::empty() } else { Body::from(body.to_string()) };
    let res = router(w.state.clone()).oneshot(req.body(body).unwrap()).await.unwrap();
    let status = res.status();
    let set_cookies = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    Answer { status, body, set_cookies }
}

fn cookie_value(set: &[String], name: &str) -> Option<String> {
    set.iter().find_map(|c| c.strip_prefix(&format!("{name}="))?.split(';').next().map(str::to_owned))
}

fn browser_from(a: &Answer) -> Browser {
    Browser { session: cookie_value(&a.set_cookies, sessions::SESSION_COOKIE), csrf: cookie_value(&a.set_cookies, sessions::CSRF_COOKIE) }
}

async fn add_user(w: &World, name: &str, role: &str, password: &str) {
    let (s, v) =
        w.call("POST", "/api/v1/users", Some("admin"), json!({"name": name, "role": role, "password": password}).to_string()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
}

async fn sign_in(w: &World, name: &str, password: &str) -> Browser {
    let a = send(w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": name, "password": password})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    browser_from(&a)
}

#[tokio::test]
async fn a_supervisor_signs_in_and_every_change_needs_the_csrf_token() {
    let w = world().await;
    add_user(&w, "ana", "supervisor", "correct horse battery").await;
    let a =
        send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "ana", "password": "correct horse battery"}))
            .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!((a.body["by"].as_str(), a.body["role"].as_str()), (Some("ana"), Some("supervisor")));
    let session = a.set_cookies.iter().find(|c| c.starts_with("bf_session=")).expect("a session cookie");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(session.contains(attr), "{session} lacks {attr}");
    }
    assert!(!session.contains("Secure"), "plain HTTP: not Secure (the browser would drop it)");
    let csrf = a.set_cookies.iter().find(|c| c.starts_with("bf_csrf=")).expect("a CSRF cookie");
    assert!(!csrf.contains("HttpOnly"), "the pages must read it");
    let ana = browser_from(&a);

    // Reading needs no CSRF token; who am I.
    let me = send(&w, "GET", "/api/v1/session", &ana, false, &[], Value::Null).await;
    assert_eq!((me.status, me.body["by"].as_str()), (StatusCode::OK, Some("ana")));
    assert_eq!(send(&w, "GET", "/api/v1/live", &ana, false, &[], Value::Null).await.status, StatusCode::OK);

    // A change without the CSRF token (a forged cross-site form) is refused; with it, done and recorded as hers.
    let forged = send(&w, "POST", "/api/v1/lanes/D5/close", &ana, false, &[], Value::Null).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.body["error"].as_str().unwrap().contains("x-csrf-token"), "{}", forged.body);
    let wrong = Browser { csrf: Some("0".repeat(32)), ..ana.clone() };
    assert_eq!(send(&w, "POST", "/api/v1/lanes/D5/close", &wrong, true, &[], Value::Null).await.status, StatusCode::FORBIDDEN);
    let closed = send(&w, "POST", "/api/v1/lanes/D5/close", &ana, true, &[], Value::Null).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.body["by"], "ana", "the lane event says who closed it");

    // An instruction she sends carries her name in the audit.
    let sent = send(
        &w,
        "POST",
        "/api/v1/instructions",
        &ana,
        true,
        &[],
        json!({"to": {"kind": "lane", "lane": "D5"}, "order": {"kind": "open_lane", "lane": "D5"}}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert!(sent.body.to_string().contains("\"ana\""), "{}", sent.body);

    // Behind a TLS proxy the cookies are Secure.
    let tls = send(
        &w,
        "POST",
        "/api/v1/session",
        &Browser::default(),
        false,
        &[("x-forwarded-proto", "https")],
        json!({"name": "ana", "password": "correct horse battery"}),
    )
    .await;
    assert!(tls.set_cookies.iter().all(|c| c.contains("; Secure")), "{:?}", tls.set_cookies);
}

#[tokio::test]
async fn wrong_passwords_are_refused_alike_and_then_throttled() {
    let w = world().await;
    add_user(&w, "bo", "officer", "a long enough one").await;
    let wrong =
        send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "bo", "password": "guess guess"})).await;
    let nobody =
        send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "nobody", "password": "guess guess"})).await;
    assert_eq!((wrong.status, nobody.status), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert_eq!(wrong.body, nobody.body, "the answer does not tell which names exist");
    assert!(wrong.set_cookies.is_empty());
    let mut last = StatusCode::OK;
    for _ in 0..10 {
        last = send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "bo", "password": "guess again"}))
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS, "a flood of wrong passwords is slowed down");
    let bad = send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "bo"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "a missing field names itself: {}", bad.body);
}

#[tokio::test]
async fn sessions_end_by_expiry_sign_out_a_new_password_or_disabling() {
    let w = world().await;
    add_user(&w, "cy", "supervisor", "first password").await;

    // Expiry: 12 hours by default.
    let cy = sign_in(&w, "cy", "first password").await;
    w.set_time("21:59");
    assert_eq!(send(&w, "GET", "/api/v1/live", &cy, false, &[], Value::Null).await.status, StatusCode::OK);
    w.set_time("22:00");
    let expired = send(&w, "GET", "/api/v1/live", &cy, false, &[], Value::Null).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(expired.body["error"].as_str().unwrap().contains("sign in again"), "{}", expired.body);

    // Sign-out.
    let cy = sign_in(&w, "cy", "first password").await;
    assert_eq!(send(&w, "DELETE", "/api/v1/session", &cy, false, &[], Value::Null).await.status, StatusCode::FORBIDDEN, "CSRF");
    let out = send(&w, "DELETE", "/api/v1/session", &cy, true, &[], Value::Null).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.set_cookies.iter().all(|c| c.contains("Max-Age=0")), "cookies cleared: {:?}", out.set_cookies);
    assert_eq!(send(&w, "GET", "/api/v1/live", &cy, false, &[], Value::Null).await.status, StatusCode::UNAUTHORIZED);

    // Her own new password ends her other sessions.
    let phone = sign_in(&w, "cy", "first password").await;
    let desk = sign_in(&w, "cy", "first password").await;
    let short = send(&w, "POST", "/api/v1/users/cy/password", &desk, true, &[], json!({"password": "short"})).await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body["error"].as_str().unwrap().contains("10 to 256"), "{}", short.body);
    assert_eq!(
        send(&w, "POST", "/api/v1/users/cy/password", &desk, true, &[], json!({"password": "second password"})).await.status,
        StatusCode::OK
    );
    assert_eq!(send(&w, "GET", "/api/v1/live", &phone, false, &[], Value::Null).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "cy", "password": "first password"}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let cy = sign_in(&w, "cy", "second password").await;

    // Disabled: the session dies at once, and signing in is refused with the reason.
    let (s, v) = w.call("POST", "/api/v1/users/cy/disable", Some("admin"), "").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["disabled_at"].is_string());
    assert_eq!(send(&w, "GET", "/api/v1/live", &cy, false, &[], Value::Null).await.status, StatusCode::UNAUTHORIZED);
    let again =
        send(&w, "POST", "/api/v1/session", &Browser::default(), false, &[], json!({"name": "cy", "password": "second password"})).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.body["error"].as_str().unwrap().contains("disabled"), "{}", again.body);
    assert_eq!(w.call("POST", "/api/v1/users/cy/disable", Some("admin"), "").await.0, StatusCode::CONFLICT, "disabled once");
    assert_eq!(w.call("POST", "/api/v1/users/cy/link", Some("admin"), "").await.0, StatusCode::CONFLICT, "no link for a disabled user");
}

#[tokio::test]
async fn a_one_time_link_signs_in_once_then_is_dead() {
    let w = world().await;
    let (s, v) = w.call("POST", "/api/v1/users", Some("admin"), json!({"name": "duty", "role": "supervisor"}).to_string()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let link = v["link"].as_str().expect("no password given: a link instead").strip_prefix("/signin#link=").unwrap().to_owned();
    let first = send(&w, "POST", "/api/v1/session/link", &Browser::default(), false, &[], json!({"link": link})).await;
    assert_eq!((first.status, first.body["by"].as_str()), (StatusCode::OK, Some("duty")));
    let duty = browser_from(&first);
    assert_eq!(send(&w, "GET", "/api/v1/live", &duty, false, &[], Value::Null).await.status, StatusCode::OK);
    let second = send(&w, "POST", "/api/v1/session/link", &Browser::default(), false, &[], json!({"link": link})).await;
    assert_eq!(second.status, StatusCode::UNAUTHORIZED, "dead once used");
    assert!(second.body["error"].as_str().unwrap().contains("used already or has expired"), "{}", second.body);

    // A fresh link expires after 24 hours.
    let (_, v) = w.call("POST", "/api/v1/users/duty/link", Some("admin"), "").await;
    let link = v["link"].as_str().unwrap().strip_prefix("/signin#link=").unwrap().to_owned();
    *w.clock.0.lock().unwrap() = "2026-07-13T10:00:01+08:00".parse().unwrap();
    assert_eq!(
        send(&w, "POST", "/api/v1/session/link", &Browser::default(), false, &[], json!({"link": link})).await.status,
        StatusCode::UNAUTHORIZED
    );

    // No lasting secret is taken from a URL any more: the stream refuses `?access_token=`.
    let (s, _) = w.call("GET", &format!("/api/v1/live/stream?access_token={}", w.tokens["viewer"]), None, "").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_role_may_do_only_its_part() {
    let w = world().await;
    for (name, role) in [("vi", "viewer"), ("of", "officer"), ("su", "supervisor"), ("ad", "admin")] {
        add_user(&w, name, role, "0123456789ab").await;
    }
    let send_instruction = json!({"to": {"kind": "lane", "lane": "D5"}, "order": {"kind": "open_lane", "lane": "D5"}});
    let add = json!({"name": "new", "role": "viewer", "password": "0123456789ab"});
    // (who, method, path, body, expected)
    let cases: Vec<(&str, &str, &str, Value, StatusCode)> = vec![
        ("vi", "GET", "/api/v1/live", Value::Null, StatusCode::OK),
        ("vi", "POST", "/api/v1/lanes/D5/open", Value::Null, StatusCode::FORBIDDEN),
        ("vi", "POST", "/api/v1/instructions", send_instruction.clone(), StatusCode::FORBIDDEN),
        ("of", "GET", "/api/v1/instructions", Value::Null, StatusCode::OK),
        ("of", "POST", "/api/v1/instructions", send_instruction.clone(), StatusCode::FORBIDDEN),
        ("su", "POST", "/api/v1/instructions", send_instruction.clone(), StatusCode::CREATED),
        ("su", "POST", "/api/v1/lanes/D5/open", Value::Null, StatusCode::OK),
        ("su", "GET", "/api/v1/users", Value::Null, StatusCode::FORBIDDEN),
        ("su", "POST", "/api/v1/users", add.clone(), StatusCode::FORBIDDEN),
        ("su", "POST", "/api/v1/users/vi/password", json!({"password": "0123456789xy"}), StatusCode::FORBIDDEN),
        ("su", "GET", "/api/v1/tokens", Value::Null, StatusCode::FORBIDDEN),
        ("ad", "GET", "/api/v1/users", Value::Null, StatusCode::OK),
        ("ad", "POST", "/api/v1/users", add.clone(), StatusCode::CREATED),
        ("ad", "POST", "/api/v1/users", add.clone(), StatusCode::CONFLICT),
        ("ad", "POST", "/api/v1/users", json!({"name": "Bad Name", "role": "viewer"}), StatusCode::BAD_REQUEST),
        ("ad", "POST", "/api/v1/users", json!({"name": "gate", "role": "device"}), StatusCode::BAD_REQUEST),
        ("ad", "POST", "/api/v1/users/ad/disable", Value::Null, StatusCode::BAD_REQUEST),
        ("ad", "POST", "/api/v1/users/nobody/disable", Value::Null, StatusCode::NOT_FOUND),
    ];
    for (who, method, path, body, expected) in cases {
        let b = sign_in(&w, who, "0123456789ab").await;
        let a = send(&w, method, path, &b, true, &[], body).await;
        assert_eq!(a.status, expected, "{who} {method} {path}: {}", a.body);
    }
    let (_, listed) = w.call("GET", "/api/v1/users", Some("admin"), "").await;
    let new = listed.as_array().unwrap().iter().find(|u| u["name"] == "new").unwrap();
    assert_eq!(new["created_by"], "ad", "who added them");
    assert!(new.get("password_hash").is_none(), "never the hash");
    assert!(users::check_name("new").is_ok());
}

#[tokio::test]
async fn an_officer_signs_in_at_a_desk_with_their_account() {
    let w = world().await;
    add_user(&w, "bo", "officer", "bo's own password").await;
    add_user(&w, "vi", "viewer", "vi's own password").await;
    let body = |name: &str, password: &str| json!({"name": name, "password": password}).to_string();
    let (s, ev) = w.call("POST", "/api/v1/desk/officer", Some("device_e1"), body("bo", "bo's own password")).await;
    assert_eq!(s, StatusCode::OK, "{ev}");
    assert_eq!((ev["kind"].as_str(), ev["officer"].as_str(), ev["lane"].as_str()), (Some("officer_on"), Some("bo"), Some("E1")));
    let (_, live) = w.call("GET", "/api/v1/live", Some("viewer"), "").await;
    let e1 = live["checkpoints"][0]["lanes"].as_array().unwrap().iter().find(|l| l["id"] == "E1").unwrap().clone();
    assert_eq!(e1["officer"], "bo", "{e1}");
    // A wrong password, a viewer, a lane-less sensor and a supervisor's token are refused.
    assert_eq!(
        w.call("POST", "/api/v1/desk/officer", Some("device_e1"), body("bo", "not bo's password")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(w.call("POST", "/api/v1/desk/officer", Some("device_e1"), body("vi", "vi's own password")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(w.call("POST", "/api/v1/desk/officer", Some("sensor"), body("bo", "bo's own password")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(w.call("POST", "/api/v1/desk/officer", Some("supervisor"), body("bo", "bo's own password")).await.0, StatusCode::FORBIDDEN);

    // A station that requires the password refuses a desk's `officer_on` by id alone, and says how.
    let by_id = |n: u32| {
        json!({"id": format!("00000000-0000-4000-8000-0000000000{n:02}"), "at": "2026-07-12T10:00:00+08:00", "checkpoint": "khorgos", "kind": "officer_on", "officer": "E1-9", "lane": "E1"}).to_string()
    };
    assert_eq!(w.call("POST", "/api/v1/events", Some("device_e1"), by_id(1)).await.0, StatusCode::OK, "allowed by default");
    let mut strict = w;
    strict.state.desk_passwords = true;
    let (s, v) = strict.call("POST", "/api/v1/events", Some("device_e1"), by_id(2)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["rejected"][0]["reason"].as_str().unwrap().contains("/api/v1/desk/officer"), "{v}");
    assert_eq!(strict.call("POST", "/api/v1/desk/officer", Some("device_e1"), body("bo", "bo's own password")).await.0, StatusCode::OK);
}
