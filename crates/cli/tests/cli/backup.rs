//! `borderflow backup` while a client posts events to the server, then
//! `borderflow restore` into a new store: the copy is consistent (every event
//! acknowledged before the backup began is in it, no batch is cut in half),
//! and a server started on the restored store has them all.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::common;

use common::{serve, token};

fn borderflow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_borderflow")).args(args).env("RUST_LOG", "warn").output().unwrap()
}

fn batch(start: usize) -> String {
    let events: Vec<String> = (start..start + 100)
        .map(|i| {
            format!(
                r#"{{"id":"00000000-0000-4000-8000-{i:012}","at":"2026-07-12T10:00:00+08:00","checkpoint":"khorgos","kind":"queue_joined","traveller":"t{i}","direction":"entry","category":"merchant","queue":"entry_merchant"}}"#
            )
        })
        .collect();
    format!("[{}]", events.join(","))
}

#[test]
fn a_backup_under_ingest_restores_every_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let admin = token(&db, &["--role", "admin"]);
    let (mut server, url) = serve(&db, 0);
    // A client posting 100-event batches until told to stop; it counts what was acknowledged.
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let client = {
        let (stop, acked, url, admin) = (stop.clone(), acked.clone(), url.clone(), admin.clone());
        std::thread::spawn(move || {
            let http = reqwest::blocking::Client::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let res = http
                    .post(format!("{url}/api/v1/events"))
                    .bearer_auth(&admin)
                    .header("content-type", "application/json")
                    .body(batch(n))
                    .send()
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.status());
                n += 100;
                acked.store(n, Ordering::Relaxed);
            }
        })
    };
    while acked.load(Ordering::Relaxed) < 2_000 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let before = acked.load(Ordering::Relaxed);
    let copy = dir.path().join("copy.db");
    let out = borderflow(&["backup", "--db", db.to_str().unwrap(), "--out", copy.to_str().unwrap()]);
    let during = acked.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    client.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let copied: usize = stdout.split(": ").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).expect(&stdout);
    println!("acknowledged before the backup {before}, by its end {during}; in the copy {copied}");
    assert!(copied >= before && copied <= during + 100, "{copied} events in the copy, {before}..{during} acknowledged");
    assert_eq!(copied % 100, 0, "whole batches only");
    // A second backup to the same file is refused, not overwritten.
    let again = borderflow(&["backup", "--db", db.to_str().unwrap(), "--out", copy.to_str().unwrap()]);
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    server.kill().unwrap();
    server.wait().unwrap();

    // Restore: never over an existing store; into a new one, then a server on it has every event.
    let refused = borderflow(&["restore", "--from", copy.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("move it aside"));
    let restored = dir.path().join("restored.db");
    let out = borderflow(&["restore", "--from", copy.to_str().unwrap(), "--db", restored.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let restored_out = String::from_utf8_lossy(&out.stdout);
    assert!(restored_out.contains(&format!(": {copied} events, integrity ok")), "{restored_out}");
    // A server on the restored store counts every traveller of the copy (its rollups catch up within seconds of start).
    let (mut server, url) = serve(&restored, 0);
    let http = reqwest::blocking::Client::new();
    let mut arrivals = 0;
    for _ in 0..100 {
        let stats: serde_json::Value = http
            .get(format!("{url}/api/v1/stats?from=2026-07-12&to=2026-07-13&bucket=total"))
            .bearer_auth(&admin)
            .send()
            .unwrap()
            .json()
            .unwrap();
        arrivals = stats[0]["arrivals"].as_u64().unwrap_or(0) as usize;
        if arrivals == copied {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(arrivals, copied, "the restored store's statistics count every event of the copy");
}

#[test]
fn what_backup_and_restore_refuse_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = borderflow(&["backup", "--db", missing.to_str().unwrap(), "--out", dir.path().join("x.db").to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no such store"));
    let out = borderflow(&["backup", "--db", "postgres://u:p@127.0.0.1/borderflow", "--out", "x.dump"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
    // Not a store at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = borderflow(&["restore", "--from", junk.to_str().unwrap(), "--db", dir.path().join("new.db").to_str().unwrap()]);
    assert!(!out.status.success(), "a file that is no store is refused");
    assert!(!Path::new(&dir.path().join("new.db")).exists(), "and nothing is left in its place");
}

/// `borderflow forget-travellers`: a simulated Khorgos day in a store, long
/// past; every pseudonym in it is replaced, every event and figure stays.
#[test]
fn forget_travellers_keeps_the_events_and_forgets_who() {
    use borderflow_core::{Event, Scenario};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let khorgos = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/khorgos.toml");
    let s = Scenario::load(&khorgos, &[]).unwrap();
    let layout = borderflow_store::Layout::from_scenarios(std::slice::from_ref(&s));
    let mut sim = Vec::new();
    borderflow_sim::Model::new(&s).run(1, &mut sim);
    let mut ex = borderflow_sim::Exporter::new(&s, 1);
    let events: Vec<Event> = sim.iter().map(|e| ex.convert(e)).collect();
    let travellers = |events: &[Event]| events.iter().filter_map(|e| e.body.clone().traveller_mut().cloned()).collect::<Vec<_>>();
    let read = || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = borderflow_store::open(db.to_str().unwrap(), &layout).await.unwrap();
            let all = store.replay(0, 1_000_000).await.unwrap().into_iter().map(|(_, e)| e).collect::<Vec<_>>();
            (store.count().await.unwrap(), all)
        })
    };
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = borderflow_store::open(db.to_str().unwrap(), &layout).await.unwrap();
        store.append(&events).await.unwrap();
    });
    let (count, before) = read();

    let out =
        borderflow(&["forget-travellers", "--db", db.to_str().unwrap(), "--checkpoint", khorgos.to_str().unwrap(), "--after-days", "30"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("khorgos: travellers forgotten in"), "{}", String::from_utf8_lossy(&out.stdout));
    let (count_after, after) = read();
    assert_eq!(count_after, count, "every event stays");
    let (old, new) = (travellers(&before), travellers(&after));
    assert_eq!(old.len(), new.len());
    assert!(new.iter().all(|t| t.as_str().starts_with(borderflow_store::retention::FORGOTTEN)), "every traveller forgotten");
    assert!(!new.iter().any(|t| old.contains(t)));

    for (args, says) in
        [(vec!["--after-days", "0"], "--after-days 0: must be 1 to 3650 days"), (vec!["--after-days", "100000"], "must be 1 to 3650")]
    {
        let mut all = vec!["forget-travellers", "--db", db.to_str().unwrap(), "--checkpoint", khorgos.to_str().unwrap()];
        all.extend(args);
        let out = borderflow(&all);
        assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains(says), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let out = borderflow(&[
        "forget-travellers",
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
        "--checkpoint",
        khorgos.to_str().unwrap(),
        "--after-days",
        "3",
    ]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("no such store"));
}
