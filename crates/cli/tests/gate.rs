//! `borderflow gate --simulate` against a real `borderflow serve`, with the
//! server cut (SIGKILL) for a stretch of traffic and started again: the gate
//! keeps clearing travellers, spools its events, and every event reaches the
//! store exactly once and in order.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use borderflow_core::{EventBody, Scenario};
use borderflow_store::Layout;
use common::{khorgos_path, repo};

/// `borderflow serve` on `port` (0: any), and the port it took. The
/// simulated gate runs its clock faster than real time (`--real-time 0.02`),
/// so its events are dated ahead of the server's clock: accept a day ahead.
fn serve(db: &Path, port: u16) -> (Child, u16) {
    let (child, url) = common::serve_with(db, port, &["--future-margin-min", "1440"]);
    (child, url.rsplit(':').next().unwrap().trim_end_matches('/').parse().unwrap())
}

/// The gate's device token for lane E1.
fn device_token(db: &Path) -> String {
    common::token(db, &["--role", "device", "--lane", "E1", "--checkpoint", "khorgos"])
}

/// Events the gate delivered, in the store's order.
fn stored(db: &Path) -> Vec<borderflow_core::Event> {
    let s = Scenario::load(&khorgos_path(), &[]).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = borderflow_store::open(db.to_str().unwrap(), &Layout::from_scenarios(&[s])).await.unwrap();
        store.replay(0, 1_000_000).await.unwrap().into_iter().map(|(_, e)| e).collect()
    })
}

#[test]
fn a_server_outage_loses_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let token = device_token(&db);

    // 60 travellers with ICAO's expired specimen passport: referred at the document step, so every cycle
    // produces the same events whether or not this build has the biometric matchers.
    let zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let travellers: String = (0..60).map(|_| format!("{{\"mrz\": \"{zone}\"}}\n")).collect();
    let file = dir.path().join("travellers.jsonl");
    std::fs::write(&file, travellers).unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "checkpoint = \"khorgos\"\ndocument_codes = [\"P\"]\nnationalities = [\"*\"]\n").unwrap();

    let (server, port) = serve(&db, 0);
    let gate = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .current_dir(repo()) // where a biometrics build finds data/biometrics/models
        .args(["gate", "--simulate", file.to_str().unwrap(), "--server", &format!("http://127.0.0.1:{port}"), "--token", &token])
        .args(["--rules", rules.to_str().unwrap(), "--watchlist"])
        .arg(repo().join("examples/gate/watchlist.csv"))
        .args(["--spool", dir.path().join("spool.db").to_str().unwrap(), "--real-time", "0.02", "--drain-timeout-s", "60"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Let some traffic through, then cut the server without warning.
    let t = Instant::now();
    std::thread::sleep(Duration::from_millis(2500));
    let mut server = server;
    server.kill().unwrap();
    server.wait().unwrap();
    let before_cut = stored(&db).len();
    std::thread::sleep(Duration::from_millis(3500));
    let during_cut = stored(&db).len();
    let (mut server, _) = serve(&db, port);
    let out = gate.wait_with_output().unwrap();
    let elapsed = t.elapsed();
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "gate failed:\n{stdout}\n{stderr}");
    println!("{stdout}");

    assert!(stdout.contains("travellers 60: cleared 0, referred 60"), "{stdout}");
    assert!(stderr.contains("cannot deliver events"), "the gate noticed the outage:\n{stderr}");
    assert!(elapsed > Duration::from_secs(6), "the gate was still working when the server came back");
    let produced: usize = stdout.split("events ").nth(1).and_then(|s| s.split(':').next()).and_then(|n| n.parse().ok()).expect(&stdout);
    let events = stored(&db);
    println!("stored before the cut {before_cut}, during it {during_cut}, at the end {} of {produced}", events.len());
    assert!(before_cut > 0 && before_cut < produced, "some events went out before the cut: {before_cut}");
    assert_eq!(during_cut, before_cut, "nothing can arrive while the server is down");
    assert_eq!(events.len(), produced, "every event exactly once");
    let mut ids: Vec<_> = events.iter().map(|e| e.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), produced);
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at), "stored in the order the gate produced them");
    // Every transition is an event: each cycle is presented → read → refer → idle, plus service started and referred.
    let steps: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::GateStep(g) => Some(g.step.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(steps.len(), 60 * 4);
    assert!(steps.chunks(4).all(|c| c == ["document_presented", "document_read", "refer", "idle"]), "{:?}", &steps[..8]);
    let referred = events.iter().filter(|e| matches!(e.body, EventBody::Referred(_))).count();
    assert_eq!(referred, 60);
    // Enrolled in no programme: the gate reports them in the checkpoint's other category, not "unknown".
    let categories: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.body {
            EventBody::ServiceStarted { category, .. } => Some(category.as_ref().map(|c| c.as_str())),
            _ => None,
        })
        .collect();
    assert!(categories.len() == 60 && categories.iter().all(|c| *c == Some("general")), "{:?}", &categories[..3]);
}

/// A device token for another lane: the server refuses every batch whole
/// (422). The gate used to retry it forever and exit 0 saying "refused 0";
/// now each event goes to the spool's `refused` table with the server's
/// reason, delivery goes on, and the exit status says so.
#[test]
fn a_refused_batch_is_kept_aside_and_the_gate_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let wrong_lane = common::token(&db, &["--role", "device", "--lane", "E2", "--checkpoint", "khorgos"]);
    let zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let file = dir.path().join("travellers.jsonl");
    std::fs::write(&file, (0..5).map(|_| format!("{{\"mrz\": \"{zone}\"}}\n")).collect::<String>()).unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "checkpoint = \"khorgos\"\ndocument_codes = [\"P\"]\nnationalities = [\"*\"]\n").unwrap();
    let (mut server, port) = serve(&db, 0);
    let spool = dir.path().join("spool.db");
    let out = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .current_dir(repo())
        .args(["gate", "--simulate", file.to_str().unwrap(), "--server", &format!("http://127.0.0.1:{port}"), "--token", &wrong_lane])
        .args(["--rules", rules.to_str().unwrap(), "--watchlist"])
        .arg(repo().join("examples/gate/watchlist.csv"))
        .args(["--spool", spool.to_str().unwrap(), "--real-time", "0", "--drain-timeout-s", "20"])
        .output()
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "refused events make the exit status non-zero:\n{stdout}\n{stderr}");
    let produced: usize = stdout.split("events ").nth(1).and_then(|s| s.split(':').next()).and_then(|n| n.parse().ok()).expect(&stdout);
    assert!(stdout.contains(&format!("waiting in the spool 0, refused by the server {produced}")), "{stdout}");
    assert!(stderr.contains("refused") && stderr.contains("refused` table"), "{stderr}");
    assert!(stored(&db).is_empty());
    // The reasons are the server's.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let reasons: Vec<String> = rt.block_on(async {
        let spool = borderflow_gate::spool::Spool::open(&spool).await.unwrap();
        spool.refusals().await.unwrap().into_iter().map(|(_, reason)| reason).collect()
    });
    assert_eq!(reasons.len(), produced);
    assert!(reasons.iter().all(|r| r.contains("lane `E2`")), "{:?}", &reasons[..2]);
}

/// The example hall with the real matchers (`--features biometrics`, samples
/// from `scripts/fetch-biometrics.sh`): the three travellers whose face and
/// fingerprint match are cleared, and each scripted problem is referred for
/// its own reason.
#[cfg(feature = "biometrics")]
#[test]
fn the_example_hall_with_real_matchers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let token = device_token(&db);
    let (mut server, port) = serve(&db, 0);
    let out = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .current_dir(repo())
        .args(["gate", "--simulate", "examples/gate/travellers.jsonl", "--server", &format!("http://127.0.0.1:{port}"), "--token", &token])
        .args(["--spool", dir.path().join("spool.db").to_str().unwrap(), "--real-time", "0"])
        .output()
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    println!("{stdout}");
    for line in [
        "travellers 12: cleared 3, referred 9, tailgating alarms 1",
        "referred for biometric: 2",
        "referred for did_not_pass: 1",
        "referred for document: 5",
        "referred for tailgating: 1",
        "waiting in the spool 0, refused by the server 0",
    ] {
        assert!(stdout.contains(line), "`{line}` missing:\n{stdout}");
    }
}

#[test]
fn a_malformed_category_mapping_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_borderflow"))
        .args(["gate", "--simulate", "nowhere.jsonl", "--server", "http://127.0.0.1:9", "--token", "x", "--category", "merchant"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--category `merchant`: expected PROGRAMME=CATEGORY"), "{stderr}");
}
