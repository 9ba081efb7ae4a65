//! `borderflow bench-instructions`: how long an instruction takes from its
//! `POST` to the live stream of every terminal connected, against a running
//! server. Figures, not a test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use borderflow_sim::report::quantile;
use tokio::sync::Mutex;

#[derive(clap::Args)]
pub struct Args {
    /// The server (http://127.0.0.1:8080).
    #[arg(long)]
    url: String,
    /// A supervisor's or admin's token: it sends the instructions, and the terminals read the stream with it.
    #[arg(long, env = "BORDERFLOW_TOKEN")]
    token: String,
    /// Terminals following the live stream at once.
    #[arg(long, default_value_t = 200)]
    terminals: usize,
    /// Instructions sent, one after another.
    #[arg(long, default_value_t = 50)]
    count: usize,
    /// The terminals follow another server's stream (several servers on one
    /// PostgreSQL store: the time for what is posted through one to reach another).
    #[arg(long)]
    stream_url: Option<String>,
}

/// When each instruction was posted, by id.
type Sent = Arc<Mutex<Vec<(String, Instant)>>>;

pub fn run(a: Args) -> Result<()> {
    if a.terminals == 0 || a.terminals > 5_000 || a.count == 0 || a.count > 10_000 {
        bail!("--terminals 1 to 5,000 and --count 1 to 10,000");
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let client = reqwest::Client::new();
        let url = a.url.trim_end_matches('/').to_owned();
        let stream_url = a.stream_url.as_deref().unwrap_or(&url).trim_end_matches('/').to_owned();
        let sent: Sent = Arc::default();
        // This run's instructions only: an earlier run's, escalated now, must not count (nor be waited for).
        let run = format!("delivery benchmark {}", uuid::Uuid::new_v4());
        // Each terminal: the delays it saw, per instruction it received.
        let mut terminals = Vec::with_capacity(a.terminals);
        for _ in 0..a.terminals {
            let res = client
                .get(format!("{stream_url}/api/v1/live/stream"))
                .bearer_auth(&a.token)
                .send()
                .await
                .with_context(|| format!("connecting a terminal to {stream_url}"))?;
            if !res.status().is_success() {
                bail!("{stream_url}/api/v1/live/stream answered {}", res.status());
            }
            terminals.push(tokio::spawn(follow(res, sent.clone(), a.count, run.clone())));
        }
        // Let every stream settle past its first snapshot (200 of them queue behind one another).
        tokio::time::sleep(Duration::from_secs(5)).await;
        let mut posts = Vec::with_capacity(a.count);
        for n in 0..a.count {
            let body = serde_json::json!({"to": {"kind": "everyone"}, "order": {"kind": "message", "text": format!("{run} {n}")}});
            let t0 = Instant::now();
            let res = client.post(format!("{url}/api/v1/instructions")).bearer_auth(&a.token).json(&body).send().await?;
            if res.status() != reqwest::StatusCode::CREATED {
                bail!("POST /api/v1/instructions answered {}: {}", res.status(), res.text().await.unwrap_or_default());
            }
            let v: serde_json::Value = res.json().await?;
            posts.push(t0.elapsed().as_secs_f64() * 1000.0);
            sent.lock().await.push((v["id"].as_str().unwrap_or_default().to_owned(), t0));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut delays = Vec::new();
        for t in terminals {
            // A terminal that never answered counts as received nothing.
            if let Ok(Ok(d)) = tokio::time::timeout(Duration::from_secs(10), t).await {
                delays.extend(d);
            }
        }
        let expected = a.terminals * a.count;
        posts.sort_by(f64::total_cmp);
        delays.sort_by(f64::total_cmp);
        let via = if stream_url == url { String::new() } else { format!(" (posted to {url}, streamed by {stream_url})") };
        println!("instruction delivery, POST to each terminal's live stream{via}: {} terminals, {} instructions", a.terminals, a.count);
        println!("  received {} of {expected}", delays.len());
        println!("  the POST itself: median {:.1} ms, p99 {:.1} ms", quantile(&posts, 0.5), quantile(&posts, 0.99));
        if !delays.is_empty() {
            println!(
                "  median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
                quantile(&delays, 0.5),
                quantile(&delays, 0.99),
                delays.last().copied().unwrap_or(0.0)
            );
        }
        Ok(())
    })
}

/// Reads a terminal's stream until it has seen `count` of this run's
/// instructions (or the stream ends): the delay of each from its POST, milliseconds.
async fn follow(mut res: reqwest::Response, sent: Sent, count: usize, run: String) -> Vec<f64> {
    let mut seen = std::collections::HashSet::new();
    let mut buf: Vec<u8> = Vec::new();
    // Where the search for a message's end resumes: a large message (the
    // twin's) comes in many chunks, and searching it from its start on each
    // one made this reader, not the server, the bottleneck.
    let mut scanned = 0;
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while out.len() < count && Instant::now() < deadline {
        let Ok(Some(chunk)) = res.chunk().await else { break };
        let at = Instant::now();
        buf.extend_from_slice(&chunk);
        // Every complete message in the buffer, then one drain: only instruction messages are decoded.
        let mut start = 0;
        while let Some(end) = buf[scanned..].windows(2).position(|w| w == b"\n\n").map(|i| scanned + i) {
            let message = &buf[start..end];
            (start, scanned) = (end + 2, end + 2);
            if !message.starts_with(b"event: instruction") {
                continue;
            }
            let message = String::from_utf8_lossy(message).into_owned();
            let Some(data) = message.lines().find_map(|l| l.strip_prefix("data: ")) else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(data) else { continue };
            // Its first sighting only: an escalation sends the same instruction again.
            let id = v["id"].as_str().unwrap_or_default().to_owned();
            if !v["order"]["text"].as_str().unwrap_or_default().starts_with(&format!("{run} ")) || !seen.insert(id.clone()) {
                continue;
            }
            // The POST's answer may come after the stream's message: wait for its time.
            for _ in 0..100 {
                if let Some(t0) = sent.lock().await.iter().find(|(i, _)| *i == id).map(|x| x.1) {
                    out.push(at.saturating_duration_since(t0).as_secs_f64() * 1000.0);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        buf.drain(..start);
        scanned = buf.len().saturating_sub(1);
    }
    out
}
