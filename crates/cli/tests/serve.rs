//! `borderflow serve` as a process: nothing acknowledged is lost to a SIGKILL,
//! and the live picture rebuilt from the store is the one shown before.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use borderflow_core::Scenario;
use borderflow_sim::{Exporter, Model};
use common::{Server, khorgos_path};
use serde_json::Value;

fn token(db: &Path) -> String {
    common::token(db, &["--role", "admin"])
}

/// Today's simulated Khorgos day (today in the checkpoint's zone, so the
/// server's rebuild window covers it), as JSON-lines batches.
fn batches(size: usize) -> Vec<String> {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()).date();
    let s = Scenario::load(&khorgos_path(), &[format!("checkpoint.date=\"{today}\"")]).unwrap();
    let mut sim = Vec::new();
    Model::new(&s).run(7, &mut sim);
    let mut ex = Exporter::new(&s, 7);
    sim.chunks(size).map(|c| c.iter().map(|e| ex.convert(e).to_json_line() + "\n").collect()).collect()
}

fn post(client: &reqwest::blocking::Client, url: &str, token: &str, body: &str) -> reqwest::Result<Value> {
    client.post(format!("{url}/api/v1/events")).bearer_auth(token).body(body.to_owned()).send()?.error_for_status()?.json()
}

/// The event-derived picture: queues, lanes and totals (alerts are raised by
/// evaluations over time, and are re-raised after a restart).
fn live(client: &reqwest::blocking::Client, url: &str, token: &str) -> Value {
    let v: Value = client.get(format!("{url}/api/v1/live")).bearer_auth(token).send().unwrap().json().unwrap();
    let cp = &v["checkpoints"][0];
    serde_json::json!({"queues": cp["queues"], "lanes": cp["lanes"], "totals": cp["totals"]})
}

#[test]
fn sigkill_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bf.db");
    let token = token(&db);
    let batches = batches(300);
    let client = reqwest::blocking::Client::new();

    // A client streams batches; the server is killed while it does.
    let mut server = Server::start(db.to_str().unwrap());
    let acked: Arc<Mutex<Vec<usize>>> = Arc::default();
    let sender = {
        let (url, token, batches, acked, client) = (server.url.clone(), token.clone(), batches.clone(), acked.clone(), client.clone());
        std::thread::spawn(move || {
            for (i, b) in batches.iter().enumerate() {
                match post(&client, &url, &token, b) {
                    Ok(report) => {
                        assert_eq!(report["rejected"], Value::Array(vec![]), "{report}");
                        acked.lock().unwrap().push(i);
                    }
                    Err(_) => return i, // the server is gone: this batch was in flight
                }
            }
            batches.len()
        })
    };
    while acked.lock().unwrap().len() < 40 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    server.kill9();
    let in_flight = sender.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    assert!(in_flight < batches.len(), "the kill came mid-stream");

    // Every acknowledged event is there exactly once: resending stores nothing.
    let mut server = Server::start(db.to_str().unwrap());
    for &i in &acked {
        let r = post(&client, &server.url, &token, &batches[i]).unwrap();
        assert_eq!(r["stored"], 0, "batch {i} was acknowledged but not all of it survived: {r}");
        assert_eq!(r["duplicates"].as_array().unwrap().len(), batches[i].lines().count());
    }
    // The batch in flight was all-or-nothing.
    let r = post(&client, &server.url, &token, &batches[in_flight]).unwrap();
    let (stored, dups) = (r["stored"].as_u64().unwrap() as usize, r["duplicates"].as_array().unwrap().len());
    assert!(stored == 0 || dups == 0, "a half-written batch: {stored} stored, {dups} duplicates");

    // More traffic, then an idle kill: the rebuilt picture equals the one shown before.
    for b in &batches[in_flight + 1..(in_flight + 20).min(batches.len())] {
        post(&client, &server.url, &token, b).unwrap();
    }
    // Far-dated events: 2001 is kept in the store (the record) but is not today's queue;
    // 2100 is refused. They used to add to today's queues, and vanish after a restart.
    let shown = live(&client, &server.url, &token);
    let far = |n: u32, at: &str| {
        format!(
            r#"{{"id":"00000000-0000-4000-9000-{n:012}","at":"{at}","checkpoint":"khorgos","kind":"queue_joined","traveller":"far{n}","direction":"entry","category":"merchant","queue":"entry_merchant"}}"#
        )
    };
    let body = format!("{}\n{}\n", far(1, "2001-07-12T10:00:00+08:00"), far(2, "2100-07-12T10:00:00+08:00"));
    let r: Value = client.post(format!("{}/api/v1/events", server.url)).bearer_auth(&token).body(body).send().unwrap().json().unwrap();
    assert_eq!(r["stored"], 1, "{r}");
    assert_eq!((r["rejected"][0]["index"].as_u64(), r["rejected"][0]["field"].as_str()), (Some(1), Some("at")), "{r}");
    assert_eq!(live(&client, &server.url, &token)["queues"], shown["queues"], "an event dated 2001 is not in today's queues");
    let before = live(&client, &server.url, &token);
    server.kill9();
    let server = Server::start(db.to_str().unwrap());
    let after = live(&client, &server.url, &token);
    for part in ["queues", "lanes", "totals"] {
        assert_eq!(before[part], after[part], "{part} differ after the rebuild");
    }
    let lengths: u64 = after["queues"].as_array().unwrap().iter().map(|q| q["length"].as_u64().unwrap()).sum();
    assert!(lengths > 0, "the picture is not empty (the opening crowd is queueing)");
}

#[test]
fn tokens_are_listed_and_revoked_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_borderflow")).args(args).args(["--db", db.to_str().unwrap()]).output().unwrap()
    };
    let tablet = common::token(&db, &["--role", "device", "--lane", "E1", "--label", "tablet at E1"]);
    common::token(&db, &["--role", "viewer"]);
    let id = tablet.split('_').nth(1).unwrap().to_owned();
    let list = String::from_utf8(run(&["token", "list"]).stdout).unwrap();
    assert_eq!(list.lines().count(), 3, "{list}");
    let row = list.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(row.contains("device") && row.contains("E1") && row.contains("tablet at E1") && row.ends_with(" -"), "{row}");
    assert!(!list.contains(&tablet), "never the secret: {list}");

    let out = run(&["token", "revoke", &id]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = String::from_utf8(run(&["token", "list"]).stdout).unwrap();
    assert!(!list.lines().find(|l| l.starts_with(&id)).unwrap().ends_with(" -"), "revoked: {list}");

    let again = run(&["token", "revoke", &id]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("revoked already"), "{}", String::from_utf8_lossy(&again.stderr));
    let none = run(&["token", "revoke", "nosuchid"]);
    assert!(String::from_utf8_lossy(&none.stderr).contains("`nosuchid` does not exist"), "{}", String::from_utf8_lossy(&none.stderr));
}

/// Outside the repository there is no default scenario: the server says how
/// to name a checkpoint, without a backtrace even when RUST_BACKTRACE asks
/// for one; an absurd setting is refused by name.
#[test]
fn user_errors_are_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .current_dir(dir.path())
        .args(["serve", "--port", "0"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--checkpoint FILE") && stderr.contains("checkpoints = "), "{stderr}");
    assert!(!stderr.contains("Stack backtrace") && !stderr.contains("stack backtrace"), "{stderr}");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .args(["serve", "--port", "0", "--future-margin-min", "100000", "--checkpoint"])
        .arg(khorgos_path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("future_margin_min = 100000: must be 0 to 1440"), "{stderr}");
    // A retention of no days would forget today's travellers mid-crossing; one of a century is a typo.
    for days in ["0", "36500"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderflow"))
            .args(["serve", "--port", "0", "--forget-travellers-after-days", days, "--checkpoint"])
            .arg(khorgos_path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains(&format!("forget_travellers_after_days = {days}: must be 1 to 3650 days")),
            "{stderr}"
        );
    }

    // A webhook that could never be delivered or verified is refused by name before the server starts.
    let config = dir.path().join("bf.toml");
    for (hook, says) in [
        (
            "url = \"chat.example/hook\"\nkinds = [\"alert\"]\nsecret = \"0123456789abcdef\"",
            "webhook `chat`: url `chat.example/hook` is not an http:// or https:// URL",
        ),
        ("url = \"http://127.0.0.1:9/hook\"\nkinds = [\"alert\"]", "webhook `chat`: needs `secret` or `secret_env`"),
    ] {
        std::fs::write(&config, format!("[[webhooks]]\nname = \"chat\"\n{hook}\n")).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_borderflow"))
            .args(["serve", "--port", "0", "--config"])
            .arg(&config)
            .arg("--checkpoint")
            .arg(khorgos_path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains("bf.toml") && stderr.contains(says), "{stderr}");
    }
}

/// `demo --speed 0` panicked; a second demo in the same directory deleted
/// the running demo's store. Both are now refused in words.
#[test]
fn a_second_demo_on_the_same_store_is_refused_and_speed_must_move() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = |extra: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_borderflow"));
        c.current_dir(common::repo()).args(["demo", "--port", "0", "--db", db.to_str().unwrap()]).args(extra).env("RUST_LOG", "warn");
        c
    };
    let out = demo(&["--speed", "0"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("must be more than 0") && !err.contains("panicked"), "{err}");
    // A world that does not fit is refused, naming the file and the key.
    let world = dir.path().join("world.toml");
    std::fs::write(&world, "service_factor = 0\n").unwrap();
    let out = demo(&["--world", world.to_str().unwrap()]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("world.toml: service_factor: 0 is not a factor"), "{err}");

    let mut first = demo(&[]).stdout(std::process::Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    // Kept open until the demo is stopped: a closed pipe would make its next line fail.
    let mut output = std::io::BufReader::new(first.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut output, &mut line).unwrap();
    assert!(line.contains("borderflow demo"), "{line}");
    let size = std::fs::metadata(&db).unwrap().len();
    let out = demo(&[]).output().unwrap();
    let _ = first.kill();
    let _ = first.wait();
    drop(output);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("another `borderflow demo` is running on"), "{err}");
    assert!(std::fs::metadata(&db).unwrap().len() >= size, "the running demo's store was kept");
}
