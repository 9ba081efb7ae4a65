//! Delivers an outbox to a server, oldest first, one batch at a time: the
//! gate's spool to its checkpoint's server, or a station's own event log to
//! a national centre ([`Outbox`]). A batch leaves the outbox only when the
//! server's answer says it is stored or refused. Refused events, one by one (a 200 or 422 naming them) or as a
//! whole batch (any other 4xx: a wrong token, a token for another lane), are
//! kept aside in the spool's `refused` table with the server's reason, and
//! delivery goes on with the next batch. Only no answer, a 5xx, 408 or 429
//! is retried, with jittered back-off, while the gate goes on working.

use std::time::Duration;

use reqwest::StatusCode;
use serde::Deserialize;

use crate::spool::{Spool, SpoolError, Spooled};

/// Why a batch was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum UplinkError {
    /// No answer (network down, server stopped).
    #[error("server unreachable: {0}")]
    Unreachable(String),
    /// The server answered with an error status.
    #[error("server answered {status}: {body}")]
    Status {
        /// HTTP status.
        status: u16,
        /// Its message.
        body: String,
    },
    /// The local spool failed.
    #[error(transparent)]
    Spool(#[from] SpoolError),
    /// Another outbox failed (a station's store).
    #[error("the outbox: {0}")]
    Outbox(String),
}

/// What an uplink delivers from, oldest first.
pub trait Outbox: Send + Sync {
    /// The oldest `limit` events not yet delivered, oldest first.
    fn pending(&self, limit: i64) -> impl std::future::Future<Output = Result<Vec<Spooled>, UplinkError>> + Send;
    /// The server holds every event through `through`; `refused` (seq, field,
    /// reason) are those it refused, to be kept aside or reported.
    fn delivered(
        &self,
        through: i64,
        refused: &[(i64, String, String)],
    ) -> impl std::future::Future<Output = Result<(), UplinkError>> + Send;
}

impl Outbox for Spool {
    async fn pending(&self, limit: i64) -> Result<Vec<Spooled>, UplinkError> {
        Ok(Spool::pending(self, limit).await?)
    }

    async fn delivered(&self, through: i64, refused: &[(i64, String, String)]) -> Result<(), UplinkError> {
        Ok(Spool::delivered(self, through, refused).await?)
    }
}

/// A number in [0, 1) that differs between gates and between calls (no
/// cryptographic quality needed: it only spreads retries apart).
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mixed = (u64::from(nanos) ^ u64::from(std::process::id()).rotate_left(32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

/// The server's ingest answer (the fields the gate needs).
#[derive(Debug, Deserialize)]
struct Report {
    rejected: Vec<Rejected>,
}

#[derive(Debug, Deserialize)]
struct Rejected {
    index: usize,
    field: String,
    reason: String,
}

/// The connection to the server.
#[derive(Debug, Clone)]
pub struct Uplink {
    client: reqwest::Client,
    events_url: String,
    token: String,
    batch: i64,
}

impl Uplink {
    /// An uplink to the server at `base_url` with a device token.
    pub fn new(base_url: &str, token: &str) -> Uplink {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("a TLS-less client always builds");
        Uplink { client, events_url: format!("{}/api/v1/events", base_url.trim_end_matches('/')), token: token.into(), batch: 500 }
    }

    /// The same, `batch` events a request (default 500).
    pub fn with_batch(mut self, batch: i64) -> Uplink {
        self.batch = batch.max(1);
        self
    }

    /// Sends the oldest batch; returns how many events left the outbox (0: nothing to send).
    pub async fn send_batch(&self, spool: &impl Outbox) -> Result<usize, UplinkError> {
        let batch = spool.pending(self.batch).await?;
        let Some(last) = batch.last() else { return Ok(0) };
        let body: String = batch.iter().map(|s| format!("{}\n", s.line)).collect();
        let resp = self
            .client
            .post(&self.events_url)
            .bearer_auth(&self.token)
            .header("content-type", "application/x-ndjson")
            .body(body)
            .send()
            .await
            .map_err(|e| UplinkError::Unreachable(e.to_string()))?;
        let status = resp.status();
        let retry = status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS;
        if retry {
            let body = resp.text().await.unwrap_or_default();
            return Err(UplinkError::Status { status: status.as_u16(), body });
        }
        let body = resp.text().await.map_err(|e| UplinkError::Unreachable(format!("answer cut off: {e}")))?;
        let report =
            serde_json::from_str::<Report>(&body).ok().filter(|_| status.is_success() || status == StatusCode::UNPROCESSABLE_ENTITY);
        let refused: Vec<(i64, String, String)> = match report {
            Some(report) => {
                report.rejected.iter().filter_map(|r| batch.get(r.index).map(|s| (s.seq, r.field.clone(), r.reason.clone()))).collect()
            }
            None if status.is_success() => return Err(UplinkError::Unreachable(format!("unreadable answer: {body}"))),
            // The whole batch refused: every event keeps the server's word for why.
            None => {
                let reason = match serde_json::from_str::<serde_json::Value>(&body) {
                    Ok(v) if v["error"].is_string() => v["error"].as_str().unwrap_or_default().to_owned(),
                    _ => body.trim().to_owned(),
                };
                let reason = format!("the server refused the whole batch ({}): {reason}", status.as_u16());
                batch.iter().map(|s| (s.seq, String::new(), reason.clone())).collect()
            }
        };
        for (seq, field, reason) in &refused {
            tracing::error!(seq, field, reason, "the server refused an event");
        }
        spool.delivered(last.seq, &refused).await?;
        Ok(batch.len())
    }

    /// Sends until the spool is empty or the server cannot be reached; returns events delivered.
    pub async fn drain(&self, spool: &impl Outbox) -> Result<usize, UplinkError> {
        let mut total = 0;
        loop {
            match self.send_batch(spool).await? {
                0 => return Ok(total),
                n => total += n,
            }
        }
    }

    /// Delivers forever: drains, then waits `idle` before looking again; after
    /// a failure waits longer each time (up to 5 s).
    pub async fn run(self, spool: impl Outbox, idle: Duration) {
        let mut backoff = Duration::from_millis(100);
        let mut down_since: Option<std::time::Instant> = None;
        loop {
            match self.drain(&spool).await {
                Ok(_) => {
                    if let Some(t) = down_since.take() {
                        tracing::info!(after_s = t.elapsed().as_secs_f64(), "server reachable again; the outbox is delivered");
                    }
                    backoff = Duration::from_millis(100);
                    tokio::time::sleep(idle).await;
                }
                Err(e) => {
                    if down_since.is_none() {
                        tracing::warn!(error = %e, "cannot deliver events; they wait in the outbox, and work goes on");
                        down_since = Some(std::time::Instant::now());
                    }
                    // Jitter, so that gates cut off together do not come back in step.
                    tokio::time::sleep(backoff.mul_f64(0.5 + jitter())).await;
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    }
}
