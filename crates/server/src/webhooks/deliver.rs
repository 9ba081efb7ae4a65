//! Delivering the outbox: claim what is due, POST it signed, settle it.

use std::time::Duration;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use borderflow_store::{Message, Settled, StoreError};

use super::{Webhook, sign};
use crate::state::AppState;

/// Messages tried per round.
const PER_ROUND: i64 = 50;

/// Why a message was not delivered.
enum Failure {
    /// Its hook is no longer configured: no retry can succeed.
    NoHook(String),
    /// This try failed (no answer, or not 2xx): it may be retried.
    Try(String),
}

/// Runs delivery rounds until shutdown: every [`super::Policy::every`], and
/// at once when a message is queued.
pub fn spawn(state: &AppState) {
    if state.webhooks.is_empty() {
        return;
    }
    let s = state.clone();
    tokio::spawn(async move {
        let client = client(&s);
        let mut shutdown = s.shutdown.clone();
        loop {
            if let Err(e) = deliver_due(&s, &client).await {
                tracing::warn!(error = %e, "webhook delivery round failed; trying again shortly");
            }
            tokio::select! {
                _ = s.webhook_wake.notified() => {}
                _ = tokio::time::sleep(s.webhook_policy.every) => {}
                _ = shutdown.changed() => break,
            }
        }
    });
}

/// The HTTP client deliveries use.
pub fn client(state: &AppState) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(state.webhook_policy.timeout)
        .user_agent(concat!("borderflow/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("an HTTP client with default TLS settings builds")
}

/// One round: every due message claimed by this server is tried once, all
/// at the same time. Returns how many were tried.
pub async fn deliver_due(state: &AppState, client: &reqwest::Client) -> Result<usize, StoreError> {
    let now = state.clock.now();
    let policy = state.webhook_policy;
    // Held while tried: twice the time a try may take.
    let lease = now.as_microsecond().saturating_add(i64::try_from(policy.timeout.as_micros() * 2).unwrap_or(i64::MAX));
    let mut mine = Vec::new();
    for m in state.store.due(now.as_microsecond(), PER_ROUND).await? {
        if state.store.claim(m.id, m.attempts, lease).await? {
            mine.push(m);
        }
    }
    let tries = mine.iter().map(|m| async move {
        let outcome = match state.webhooks.iter().find(|h| h.name == m.new.hook) {
            Some(hook) => post(client, hook, m).await.map_err(Failure::Try),
            None => Err(Failure::NoHook(format!("webhook `{}` is no longer configured", m.new.hook))),
        };
        let attempt = m.attempts + 1;
        let at = state.clock.now();
        let how = match outcome {
            Ok(()) => Settled::Delivered { at: at.to_string() },
            Err(Failure::NoHook(error)) => Settled::Failed { at: at.to_string(), error },
            Err(Failure::Try(error)) if attempt >= policy.max_attempts => {
                tracing::warn!(hook = %m.new.hook, message = m.id, attempts = attempt, %error, "webhook message failed for good: on the failed list");
                Settled::Failed { at: at.to_string(), error }
            }
            Err(Failure::Try(error)) => {
                let wait = policy.backoff(attempt, f64::from(OsRng.next_u32()) / f64::from(u32::MAX));
                let next_us = at.as_microsecond().saturating_add(i64::try_from(wait.as_micros()).unwrap_or(i64::MAX));
                tracing::info!(hook = %m.new.hook, message = m.id, attempts = attempt, %error, retry_in_s = wait.as_secs_f64(), "webhook message not delivered");
                Settled::Retry { next_us, error }
            }
        };
        state.store.settle(m.id, &how).await
    });
    for settled in futures_util::future::join_all(tries).await {
        settled?;
    }
    Ok(mine.len())
}

/// POSTs one message, signed; Ok on a 2xx answer.
async fn post(client: &reqwest::Client, hook: &Webhook, m: &Message) -> Result<(), String> {
    let timestamp = jiff::Timestamp::now().as_second();
    let secret = hook.secret.as_deref().unwrap_or_default();
    let res = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("x-borderflow-timestamp", timestamp.to_string())
        .header("x-borderflow-signature", sign(secret, timestamp, &m.new.body))
        .header("x-borderflow-kind", &m.new.kind)
        .body(m.new.body.clone())
        .send()
        .await
        .map_err(|e| describe(&e))?;
    if res.status().is_success() {
        Ok(())
    } else {
        let status = res.status();
        let text: String = res.text().await.unwrap_or_default().chars().take(200).collect();
        Err(format!("{} answered {status}{}", hook.url, if text.is_empty() { String::new() } else { format!(": {text}") }))
    }
}

/// A transport error in words (reqwest's Display hides the cause).
fn describe(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    if e.is_timeout() {
        s.push_str(" (timed out)");
    }
    s
}

/// For tests: a policy that retries at once and gives up after `max_attempts`.
pub fn quick_policy(max_attempts: i64) -> super::Policy {
    super::Policy {
        first_retry: Duration::ZERO,
        max_delay: Duration::ZERO,
        max_attempts,
        timeout: Duration::from_secs(5),
        every: Duration::from_millis(50),
    }
}
