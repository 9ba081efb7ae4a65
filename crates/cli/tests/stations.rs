//! Two stations, each on its own SQLite store, forward to a national centre
//! on PostgreSQL (`serve --forward-to`). The centre is cut off mid-day while
//! the stations go on taking events; once it is back, every station's events
//! are there exactly once and the centre's picture of each station equals the
//! station's own. Runs where `BORDERFLOW_TEST_POSTGRES` is set (CI).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use borderflow_core::Scenario;
use borderflow_sim::{Exporter, Model};
use common::Server;
use serde_json::Value;

fn start(db: &str, port: u16, scenarios: &[&Path], extra: &[&str]) -> Server {
    Server::at(db, port, &scenarios.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>(), extra)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A second station: Khorgos's hall under another checkpoint id.
fn second_station(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(common::khorgos_path()).unwrap();
    let text = text.replacen("id = \"khorgos\"", "id = \"alashankou\"", 1);
    let path = dir.join("alashankou.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Today's simulated day at `scenario`, as JSON-lines batches.
fn batches(scenario: &Path, seed: u64) -> Vec<String> {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").unwrap()).date();
    let s = Scenario::load(scenario, &[format!("checkpoint.date=\"{today}\"")]).unwrap();
    let mut sim = Vec::new();
    Model::new(&s).run(seed, &mut sim);
    let mut ex = Exporter::new(&s, seed);
    sim.chunks(400).map(|c| c.iter().map(|e| ex.convert(e).to_json_line() + "\n").collect()).collect()
}

fn post(client: &reqwest::blocking::Client, url: &str, token: &str, body: &str) {
    let r: Value = client.post(format!("{url}/api/v1/events")).bearer_auth(token).body(body.to_owned()).send().unwrap().json().unwrap();
    assert_eq!(r["rejected"], Value::Array(vec![]), "{r}");
}

/// A checkpoint's picture on a server: queues, lanes, totals.
fn picture(client: &reqwest::blocking::Client, url: &str, token: &str, checkpoint: &str) -> Option<Value> {
    let v: Value = client.get(format!("{url}/api/v1/live")).bearer_auth(token).send().ok()?.json().ok()?;
    let cp = v["checkpoints"].as_array()?.iter().find(|c| c["id"] == checkpoint)?.clone();
    Some(serde_json::json!({"queues": cp["queues"], "lanes": cp["lanes"], "totals": cp["totals"]}))
}

/// Events per checkpoint in a store, and distinct ids among them.
fn counts(db: &str) -> Vec<(String, i64, i64)> {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let q = "SELECT checkpoint, COUNT(*), COUNT(DISTINCT id) FROM events GROUP BY checkpoint ORDER BY checkpoint";
        let rows: Vec<(String, i64, i64)> = if db.starts_with("postgres") {
            let pool = sqlx::PgPool::connect(db).await.unwrap();
            sqlx::query_as(q).fetch_all(&pool).await.unwrap()
        } else {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
            sqlx::query_as(q).fetch_all(&pool).await.unwrap()
        };
        rows
    })
}

#[test]
fn stations_forward_to_a_centre_exactly_once_across_an_outage() {
    let Some(centre_db) = common::fresh_database("borderflow_centre") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (khorgos, alashankou) = (common::khorgos_path(), second_station(dir.path()));
    let centre_admin = common::token(Path::new(&centre_db), &["--role", "admin"]);
    let feed_token = |c: &str| common::token(Path::new(&centre_db), &["--role", "admin", "--checkpoint", c, "--label", c]);
    let (feed_k, feed_a) = (feed_token("khorgos"), feed_token("alashankou"));

    let centre_port = free_port();
    let mut centre = Some(start(&centre_db, centre_port, &[&khorgos, &alashankou], &[]));
    let centre_url = format!("http://127.0.0.1:{centre_port}");
    let stations: Vec<(String, PathBuf, String, Server, Vec<String>)> =
        [("khorgos", &khorgos, &feed_k, 3), ("alashankou", &alashankou, &feed_a, 4)]
            .into_iter()
            .map(|(id, scenario, feed, seed)| {
                let db = dir.path().join(format!("{id}.db"));
                let admin = common::token(&db, &["--role", "admin"]);
                let server = start(db.to_str().unwrap(), 0, &[scenario], &["--forward-to", &centre_url, "--forward-token", feed]);
                (id.to_owned(), db, admin, server, batches(scenario, seed))
            })
            .collect();
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();

    // Each station takes its day in three parts; the centre is away for the second.
    for part in 0..3 {
        if part == 1 {
            drop(centre.take());
        }
        if part == 2 {
            std::thread::sleep(Duration::from_secs(2)); // the stations retry meanwhile
            centre = Some(start(&centre_db, centre_port, &[&khorgos, &alashankou], &[]));
        }
        for (_, _, admin, station, batches) in &stations {
            let n = batches.len();
            for b in &batches[part * n / 3..(part + 1) * n / 3] {
                post(&client, &station.url, admin, b);
            }
        }
    }
    assert!(centre.is_some());

    // Every station's events reach the centre, each once, and its picture there is the station's own.
    let started = Instant::now();
    loop {
        let at_centre = counts(&centre_db);
        let at_stations: Vec<(String, i64, i64)> = stations.iter().flat_map(|(_, db, ..)| counts(db.to_str().unwrap())).collect();
        let mut at_stations = at_stations;
        at_stations.sort();
        if at_centre == at_stations {
            for (_, n, distinct) in &at_centre {
                assert_eq!(n, distinct, "an event stored twice at the centre");
            }
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the centre never caught up: centre {at_centre:?}, stations {at_stations:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
    for (id, _, admin, station, _) in &stations {
        let started = Instant::now();
        let own = picture(&client, &station.url, admin, id).unwrap();
        loop {
            if picture(&client, &centre_url, &centre_admin, id).as_ref() == Some(&own) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "the centre's picture of {id} differs from the station's own");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
