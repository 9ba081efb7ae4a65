//! Three `borderflow serve` processes on one PostgreSQL database act as one
//! system: events posted round-robin and an instruction sent through one show
//! on every server; a server killed mid-stream and restarted catches up; all of
//! them converge on the picture a fresh server rebuilds from the store; one
//! server at a time holds the lease on once-only work, and another takes it
//! over when the holder dies. Runs where `BORDERFLOW_TEST_POSTGRES` is set (CI).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use borderflow_core::Scenario;
use borderflow_sim::{Exporter, Model};
use common::{Server, khorgos_path};
use serde_json::Value;

/// Today's simulated Khorgos day as JSON-lines batches.
fn batches(size: usize) -> Vec<String> {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()).date();
    let s = Scenario::load(&khorgos_path(), &[format!("checkpoint.date=\"{today}\"")]).unwrap();
    let mut sim = Vec::new();
    Model::new(&s).run(11, &mut sim);
    let mut ex = Exporter::new(&s, 11);
    sim.chunks(size).map(|c| c.iter().map(|e| ex.convert(e).to_json_line() + "\n").collect()).collect()
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(20)).build().unwrap()
}

/// Posts a batch to the first of `urls` that answers (a dead server's share goes to the next).
fn post(client: &reqwest::blocking::Client, urls: &[String], token: &str, body: &str) {
    for url in urls {
        if let Ok(r) = client.post(format!("{url}/api/v1/events")).bearer_auth(token).body(body.to_owned()).send()
            && r.status().is_success()
        {
            let report: Value = r.json().unwrap();
            assert_eq!(report["rejected"], Value::Array(vec![]), "{report}");
            return;
        }
    }
    panic!("no server took the batch");
}

/// The event-derived picture: queues, lanes and totals.
fn live(client: &reqwest::blocking::Client, url: &str, token: &str) -> Option<Value> {
    let v: Value = client.get(format!("{url}/api/v1/live")).bearer_auth(token).send().ok()?.json().ok()?;
    let cp = &v["checkpoints"][0];
    Some(serde_json::json!({"queues": cp["queues"], "lanes": cp["lanes"], "totals": cp["totals"]}))
}

fn once_work(client: &reqwest::blocking::Client, url: &str, token: &str) -> bool {
    let text = client.get(format!("{url}/metrics")).bearer_auth(token).send().and_then(|r| r.text()).unwrap_or_default();
    text.lines().any(|l| l == "borderflow_once_work 1")
}

/// Waits until every server shows the same picture; returns it.
fn converged(client: &reqwest::blocking::Client, servers: &[&Server], token: &str) -> Value {
    let started = Instant::now();
    loop {
        let pictures: Vec<Option<Value>> = servers.iter().map(|s| live(client, &s.url, token)).collect();
        if pictures[0].is_some() && pictures.iter().all(|p| *p == pictures[0]) {
            return pictures[0].clone().unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the servers never agreed: {pictures:#?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn three_servers_on_one_postgres_are_one_system() {
    let Some(db) = common::fresh_database("borderflow_cluster") else { return };
    let token = common::token(Path::new(&db), &["--role", "admin"]);
    let batches = batches(150);
    let client = client();
    let mut servers: Vec<Server> = (0..3).map(|_| Server::start(&db)).collect();
    let urls = |servers: &[Server], first: usize| -> Vec<String> { (0..3).map(|k| servers[(first + k) % 3].url.clone()).collect() };

    // One lease holder among the three.
    let started = Instant::now();
    let holders = loop {
        let h: Vec<usize> = (0..3).filter(|&i| once_work(&client, &servers[i].url, &token)).collect();
        if !h.is_empty() || started.elapsed() > Duration::from_secs(20) {
            break h;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(holders.len(), 1, "exactly one server does the once-only work: {holders:?}");

    // Round-robin: each server takes a third of the batches; every picture shows them all.
    let first = batches.len() / 3;
    for (i, b) in batches[..first].iter().enumerate() {
        post(&client, &urls(&servers, i % 3), &token, b);
    }
    let picture = converged(&client, &servers.iter().collect::<Vec<_>>(), &token);
    let totals = &picture["totals"];
    assert!(totals["arrived"].as_u64().unwrap_or(0) > 0 || totals.to_string().len() > 2, "a picture with travellers: {picture}");

    // An instruction sent through server 0 is on the others' lists. (Lane
    // commands take the same path, a stored event followed by every server;
    // here the simulated day changes every lane later today, and a lane's
    // latest change wins, so a command now would show nowhere.)
    let sent: Value = client
        .post(format!("{}/api/v1/instructions", servers[0].url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"to": {"kind": "everyone"}, "order": {"kind": "message", "text": "three servers, one hall"}}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let id = sent["id"].as_str().unwrap_or_else(|| panic!("{sent}")).to_owned();
    for s in &servers[1..] {
        let started = Instant::now();
        loop {
            let listed: Value = client.get(format!("{}/api/v1/instructions", s.url)).bearer_auth(&token).send().unwrap().json().unwrap();
            if listed["instructions"].as_array().unwrap().iter().any(|i| i["id"] == id.as_str()) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "instruction {id} sent through server 0 is not on {}", s.url);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    // Mid-stream, the lease holder is killed and comes back; its share goes to the others meanwhile.
    let victim = holders[0];
    for (i, b) in batches[first..].iter().enumerate() {
        if i == 20 {
            servers[victim].kill9();
        }
        if i == 60 {
            servers[victim] = Server::start(&db);
        }
        post(&client, &urls(&servers, i % 3), &token, b);
        if i == 40 {
            // Another server took the once-only work over.
            let started = Instant::now();
            while !(0..3).filter(|&k| k != victim).any(|k| once_work(&client, &servers[k].url, &token)) {
                assert!(started.elapsed() < Duration::from_secs(30), "no server took the lease over");
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    converged(&client, &servers.iter().collect::<Vec<_>>(), &token);

    // A server started now rebuilds its picture from the store alone: the same
    // picture. The two are read again until read in the same instant: the
    // simulated exit hall runs to midnight today, so a count over the last 5 minutes
    // can grow between two reads (CI once read 19, then 20).
    let fresh = Server::start(&db);
    let started = Instant::now();
    loop {
        let (followed, rebuilt) = (live(&client, &servers[0].url, &token).unwrap(), live(&client, &fresh.url, &token).unwrap());
        let Some(part) = ["queues", "lanes", "totals"].into_iter().find(|p| followed[p] != rebuilt[p]) else { break };
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{part}: the followed picture differs from the one rebuilt from the store\n{}\n{}",
            followed[part],
            rebuilt[part]
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let holders: Vec<usize> = (0..3).filter(|&i| once_work(&client, &servers[i].url, &token)).collect();
    assert_eq!(holders.len(), 1, "still exactly one lease holder: {holders:?}");
}
