//! `borderflow loadtest`: a load client for a running server. It streams
//! simulated Khorgos days (the same events real lanes send) into
//! `POST /api/v1/events` and reports sustained throughput and acknowledgement
//! latency; the server's own event-to-stream latency is read from `/metrics`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use borderflow_core::Scenario;
use borderflow_sim::report::quantile;
use borderflow_sim::{Exporter, Model};

#[derive(clap::Args)]
pub struct Args {
    /// The server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// A device-less admin token (or BORDERFLOW_TOKEN).
    #[arg(long, env = "BORDERFLOW_TOKEN")]
    token: String,
    /// Events per second to offer (0: as fast as the server acknowledges).
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// How long to run, seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Events per request.
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Scenario whose simulated days are sent (one day per seed, successive dates).
    #[arg(long, default_value = "scenarios/khorgos.toml")]
    scenario: PathBuf,
    /// First date to simulate (days follow it).
    #[arg(long, default_value = "2025-01-01")]
    from_date: String,
    /// Generate this many events before the clock starts (so the client's
    /// simulating and serialising does not compete with the server); 0 streams them.
    #[arg(long, default_value_t = 0)]
    pregenerate: usize,
    /// Meanwhile, this many clients send the real token id with a wrong
    /// secret as fast as they are answered, and `/healthz` is timed.
    #[arg(long, default_value_t = 0)]
    wrong_secrets: usize,
    /// Send random (UUIDv4) event ids, as a client borderflow does not own
    /// may; its own producers send time-ordered ones (UUIDv7).
    #[arg(long)]
    random_ids: bool,
}

/// Clients presenting `token`'s id with a wrong secret until `deadline`;
/// returns the statuses they got.
fn attack(client: &reqwest::Client, url: &str, token: &str, n: usize, deadline: Instant) -> Vec<tokio::task::JoinHandle<Vec<u16>>> {
    let id = token.split('_').nth(1).unwrap_or("x").to_owned();
    (0..n)
        .map(|i| {
            let (client, url, wrong) = (client.clone(), url.to_owned(), format!("Bearer bf_{id}_{i:048}"));
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                while Instant::now() < deadline {
                    match client.get(format!("{url}/api/v1/live")).header("authorization", &wrong).send().await {
                        Ok(r) => statuses.push(r.status().as_u16()),
                        Err(_) => statuses.push(0),
                    }
                }
                statuses
            })
        })
        .collect()
}

/// `/healthz` every 20 ms until `deadline`: each answer's latency, seconds.
fn probe_health(client: &reqwest::Client, url: &str, deadline: Instant) -> tokio::task::JoinHandle<Vec<f64>> {
    let (client, url) = (client.clone(), url.to_owned());
    tokio::spawn(async move {
        let mut lat = Vec::new();
        while Instant::now() < deadline {
            let t = Instant::now();
            if client.get(format!("{url}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
                lat.push(t.elapsed().as_secs_f64());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        lat
    })
}

/// Simulated days as JSON-lines batches, one day after another.
fn batches(
    scenario: &std::path::Path,
    from: jiff::civil::Date,
    batch: usize,
    random_ids: bool,
    tx: std::sync::mpsc::SyncSender<String>,
) -> Result<()> {
    let mut date = from;
    for seed in 1.. {
        let s = Scenario::load(scenario, &[format!("checkpoint.date=\"{date}\"")])?;
        let mut sim = Vec::new();
        Model::new(&s).run(seed, &mut sim);
        let mut ex = Exporter::new(&s, seed);
        for chunk in sim.chunks(batch) {
            let body: String = chunk
                .iter()
                .map(|e| {
                    let mut e = ex.convert(e);
                    if random_ids {
                        e.id = uuid::Uuid::new_v4();
                    }
                    e.to_json_line() + "\n"
                })
                .collect();
            if tx.send(body).is_err() {
                return Ok(());
            }
        }
        date = date.tomorrow()?;
    }
    Ok(())
}

/// The p99 of a Prometheus histogram's bucket counts (upper bound of the bucket).
fn histogram_p99(metrics: &str, name: &str) -> Option<(f64, u64)> {
    let mut buckets: Vec<(f64, u64)> = Vec::new();
    for line in metrics.lines().filter(|l| l.starts_with(&format!("{name}_bucket"))) {
        let le = line.split("le=\"").nth(1)?.split('"').next()?;
        let n: u64 = line.rsplit(' ').next()?.parse().ok()?;
        buckets.push((if le == "+Inf" { f64::INFINITY } else { le.parse().ok()? }, n));
    }
    let total = buckets.last()?.1;
    let target = (total as f64 * 0.99).ceil() as u64;
    buckets.iter().find(|(_, n)| *n >= target).map(|(le, _)| (*le, total))
}

pub fn run(args: Args) -> Result<()> {
    let from: jiff::civil::Date = args.from_date.parse().with_context(|| format!("--from-date `{}`", args.from_date))?;
    let (tx, rx) = if args.pregenerate > 0 {
        std::sync::mpsc::sync_channel::<String>(args.pregenerate / args.batch + 1)
    } else {
        std::sync::mpsc::sync_channel::<String>(args.concurrency * 4)
    };
    let scenario = args.scenario.clone();
    let (batch, random_ids) = (args.batch, args.random_ids);
    std::thread::spawn(move || batches(&scenario, from, batch, random_ids, tx));
    if args.pregenerate > 0 {
        // Wait until the channel holds the pre-generated batches.
        let want = args.pregenerate / args.batch;
        let mut held = Vec::with_capacity(want);
        while held.len() < want {
            held.push(rx.recv().context("the generator stopped")?);
        }
        let (ptx, prx) = std::sync::mpsc::sync_channel::<String>(want);
        for b in held {
            ptx.send(b).expect("room for all");
        }
        return drive(args, prx);
    }
    drive(args, rx)
}

fn drive(args: Args, rx: std::sync::mpsc::Receiver<String>) -> Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let client = reqwest::Client::new();
        let auth = format!("Bearer {}", args.token);
        let metrics_before =
            client.get(format!("{}/metrics", args.url)).header("authorization", &auth).send().await.context("reaching the server")?;
        if !metrics_before.status().is_success() {
            bail!("{}/metrics answered {}: is the token a reader/admin token?", args.url, metrics_before.status());
        }
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let start = Instant::now();
        let deadline = start + Duration::from_secs(args.seconds);
        // Fixed rate: one batch per `gap`, shared by all senders.
        let gap = if args.rate > 0 { Some(Duration::from_secs_f64(args.batch as f64 / args.rate as f64)) } else { None };
        let next_slot = Arc::new(tokio::sync::Mutex::new(start));
        // The good token was verified (and remembered) by the /metrics call above.
        let attackers = attack(&client, &args.url, &args.token, args.wrong_secrets, deadline);
        let health = probe_health(&client, &args.url, deadline);
        let mut tasks = Vec::new();
        for _ in 0..args.concurrency {
            let (client, auth, url, rx, next_slot) = (client.clone(), auth.clone(), args.url.clone(), rx.clone(), next_slot.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut acked = 0u64;
                loop {
                    if let Some(gap) = gap {
                        let slot = {
                            let mut n = next_slot.lock().await;
                            let s = *n;
                            *n += gap;
                            s
                        };
                        tokio::time::sleep_until(slot.into()).await;
                    }
                    if Instant::now() >= deadline {
                        break;
                    }
                    let Ok(body) = rx.lock().expect("not poisoned").recv() else { break };
                    let n = body.lines().count() as u64;
                    let t = Instant::now();
                    let res = client.post(format!("{url}/api/v1/events")).header("authorization", &auth).body(body).send().await?;
                    let status = res.status();
                    let report: serde_json::Value = res.json().await?;
                    if !status.is_success() || report["rejected"].as_array().is_some_and(|r| !r.is_empty()) {
                        anyhow::bail!("the server answered {status}: {report}");
                    }
                    lat.push(t.elapsed().as_secs_f64());
                    acked += n;
                }
                Ok::<_, anyhow::Error>((lat, acked))
            }));
        }
        let mut lat = Vec::new();
        let mut acked = 0;
        for t in tasks {
            let (l, a) = t.await??;
            lat.extend(l);
            acked += a;
        }
        let secs = start.elapsed().as_secs_f64();
        lat.sort_by(f64::total_cmp);
        println!(
            "offered {} events/s, {} per request, {} in flight, {:.0} s",
            if args.rate == 0 { "max".to_string() } else { args.rate.to_string() },
            args.batch,
            args.concurrency,
            secs
        );
        println!("  acknowledged (durable) {acked} events: {:.0} events/s", acked as f64 / secs);
        println!(
            "  acknowledgement latency per request: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests)",
            quantile(&lat, 0.5) * 1e3,
            quantile(&lat, 0.95) * 1e3,
            quantile(&lat, 0.99) * 1e3,
            lat.last().copied().unwrap_or(f64::NAN) * 1e3,
            lat.len()
        );
        let mut h = health.await?;
        h.sort_by(f64::total_cmp);
        println!(
            "  /healthz meanwhile: p50 {:.1} ms, p99 {:.1} ms ({} probes)",
            quantile(&h, 0.5) * 1e3,
            quantile(&h, 0.99) * 1e3,
            h.len()
        );
        if args.wrong_secrets > 0 {
            let mut statuses: Vec<u16> = Vec::new();
            for a in attackers {
                statuses.extend(a.await?);
            }
            let count = |s: u16| statuses.iter().filter(|&&x| x == s).count();
            println!(
                "  {} clients with a wrong secret: {} requests, 401 {}, 429 {}, other {}",
                args.wrong_secrets,
                statuses.len(),
                count(401),
                count(429),
                statuses.len() - count(401) - count(429)
            );
        }
        let metrics = client.get(format!("{}/metrics", args.url)).header("authorization", &auth).send().await?.text().await?;
        if let Some((p99, n)) = histogram_p99(&metrics, "borderflow_event_to_stream_seconds") {
            println!("  event-to-stream latency (server, since start): p99 ≤ {:.0} ms over {n} stream messages", p99 * 1e3);
        }
        Ok(())
    })
}
