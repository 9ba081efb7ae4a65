//! `borderflow bench-signin`: people signing in (argon2, on the server's
//! hashing threads) while devices post events, against a running server.
//! Ingest is measured alone first, then beside the sign-ins, so the two
//! ingest figures come from the same machine in the same minute. Figures,
//! not a test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use borderflow_sim::report::quantile;
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    /// The server (http://127.0.0.1:8080).
    #[arg(long)]
    url: String,
    /// An admin's token: adds the benchmark's user and posts the events.
    #[arg(long, env = "BORDERFLOW_TOKEN")]
    token: String,
    /// Sign-ins asked for per second.
    #[arg(long, default_value_t = 100)]
    rate: u32,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// The checkpoint and queue the posted head counts are for.
    #[arg(long, default_value = "khorgos")]
    checkpoint: String,
    #[arg(long, default_value = "entry_first_time")]
    queue: String,
}

/// Posts a batch of 50 head counts every 20 ms until `until`: each POST's time, ms.
async fn ingest(client: reqwest::Client, url: String, a: Arc<Args>, until: Instant) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    while Instant::now() < until {
        tick.tick().await;
        let now = jiff::Timestamp::now();
        let batch: Vec<_> = (0..50)
            .map(|i| json!({"id": uuid::Uuid::now_v7(), "at": now.to_string(), "checkpoint": a.checkpoint, "kind": "queue_count", "queue": a.queue, "count": i}))
            .collect();
        let t0 = Instant::now();
        let res = client.post(format!("{url}/api/v1/events")).bearer_auth(&a.token).json(&batch).send().await?;
        if !res.status().is_success() {
            bail!("POST /api/v1/events answered {}: {}", res.status(), res.text().await.unwrap_or_default());
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(times)
}

/// Sign-ins at `rate` per second until `until`: (each one's time in ms, refused).
async fn sign_ins(client: reqwest::Client, url: String, rate: u32, until: Instant, password: String) -> (Vec<f64>, usize) {
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate)));
    let mut tries = Vec::new();
    while Instant::now() < until {
        tick.tick().await;
        let (client, url, password) = (client.clone(), url.clone(), password.clone());
        tries.push(tokio::spawn(async move {
            let t0 = Instant::now();
            let res =
                client.post(format!("{url}/api/v1/session")).json(&json!({"name": "bench-signin", "password": password})).send().await;
            (t0.elapsed().as_secs_f64() * 1000.0, res.map(|r| r.status().is_success()).unwrap_or(false))
        }));
    }
    let (mut times, mut refused) = (Vec::new(), 0);
    for t in tries {
        match t.await {
            Ok((ms, true)) => times.push(ms),
            _ => refused += 1,
        }
    }
    (times, refused)
}

fn line(what: &str, mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    format!("{what}: {} done, median {:.1} ms, p99 {:.1} ms", v.len(), quantile(&v, 0.5), quantile(&v, 0.99))
}

pub fn run(a: Args) -> Result<()> {
    if a.rate == 0 || a.rate > 10_000 || a.seconds == 0 || a.seconds > 600 {
        bail!("--rate 1 to 10,000 and --seconds 1 to 600");
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let a = Arc::new(a);
        let url = a.url.trim_end_matches('/').to_owned();
        // Sign-ins come from one address here: the throttle must not take them for an attack.
        let client = reqwest::Client::new();
        let password = format!("bench {}", uuid::Uuid::new_v4());
        let res = client
            .post(format!("{url}/api/v1/users"))
            .bearer_auth(&a.token)
            .json(&json!({"name": "bench-signin", "role": "viewer", "password": password}))
            .send()
            .await
            .with_context(|| format!("reaching {url}"))?;
        if res.status() == reqwest::StatusCode::CONFLICT {
            bail!("user `bench-signin` exists already on this server: run against a fresh store");
        }
        if !res.status().is_success() {
            bail!("POST /api/v1/users answered {}: {}", res.status(), res.text().await.unwrap_or_default());
        }
        let phase = Duration::from_secs(a.seconds);
        println!("sign-ins beside ingest: {} s of ingest alone, then {} s with {} sign-ins/s asked for", a.seconds, a.seconds, a.rate);
        let alone = ingest(client.clone(), url.clone(), a.clone(), Instant::now() + phase).await?;
        let until = Instant::now() + phase;
        let started = Instant::now();
        let (beside, (signed, refused)) = tokio::join!(
            ingest(client.clone(), url.clone(), a.clone(), until),
            sign_ins(client.clone(), url.clone(), a.rate, until, password)
        );
        let elapsed = started.elapsed().as_secs_f64();
        let per_s = signed.len() as f64 / elapsed;
        println!("  {} ({per_s:.1} per second; {refused} refused or failed)", line("sign-ins", signed));
        println!("  {}", line("ingest alone (batches of 50)", alone));
        println!("  {}", line("ingest beside the sign-ins", beside?));
        Ok(())
    })
}
