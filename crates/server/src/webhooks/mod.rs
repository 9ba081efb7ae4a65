//! Outbound webhooks: alerts and instructions, as signed JSON, to the
//! messaging a station already uses (a bridge to its chat app).
//!
//! - Configured in the server's config file (`[[webhooks]]`: name, url,
//!   kinds, checkpoints, secret), checked by [`check`] at start.
//! - Each message is written to the store's outbox before any try
//!   ([`enqueue`]); [`deliver`] claims due messages (one server per try,
//!   even with several servers on one store), POSTs them, and retries with
//!   exponential backoff and jitter ([`Policy::backoff`]) until
//!   [`Policy::max_attempts`], after which the message is on the failed list
//!   for admins ([`routes`]), who can send it again.
//! - The receiver checks `X-Borderflow-Signature: sha256=<hex>`, an
//!   HMAC-SHA256 with the hook's secret of `<X-Borderflow-Timestamp>.<body>`
//!   ([`sign`]); `delivery` in the body is the same across retries, for
//!   receivers that must not act twice.

pub mod deliver;
pub mod routes;

use std::time::Duration;

use borderflow_store::NewMessage;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::state::AppState;

/// What a hook is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Alerts raised, updated, acknowledged, cleared.
    Alert,
    /// Every step of every instruction.
    Instruction,
}

impl Kind {
    /// The name in messages and the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Alert => "alert",
            Kind::Instruction => "instruction",
        }
    }
}

/// One configured hook.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// A short name (in the outbox and the failed list).
    pub name: String,
    /// `http://` or `https://`.
    pub url: String,
    /// What it is sent.
    pub kinds: Vec<Kind>,
    /// Only these checkpoints (all when absent).
    #[serde(default)]
    pub checkpoints: Option<Vec<String>>,
    /// The signing secret, or …
    #[serde(default)]
    pub secret: Option<String>,
    /// … the environment variable that holds it (kept out of the file).
    #[serde(default)]
    pub secret_env: Option<String>,
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook").field("name", &self.name).field("url", &self.url).field("kinds", &self.kinds).finish_non_exhaustive()
    }
}

/// Shortest secret accepted.
pub const MIN_SECRET: usize = 16;

impl Webhook {
    /// Whether it is sent `kind` from `checkpoint`.
    pub fn wants(&self, kind: Kind, checkpoint: &str) -> bool {
        self.kinds.contains(&kind) && self.checkpoints.as_ref().is_none_or(|c| c.iter().any(|c| c == checkpoint))
    }

    /// The secret, from the file or the environment.
    fn resolve_secret(&mut self) -> Result<(), String> {
        if let Some(var) = &self.secret_env {
            if self.secret.is_some() {
                return Err(format!("webhook `{}`: give `secret` or `secret_env`, not both", self.name));
            }
            self.secret =
                Some(std::env::var(var).map_err(|_| format!("webhook `{}`: environment variable `{var}` is not set", self.name))?);
        }
        match &self.secret {
            Some(s) if s.len() >= MIN_SECRET => Ok(()),
            Some(_) => Err(format!("webhook `{}`: the secret must be at least {MIN_SECRET} bytes", self.name)),
            None => Err(format!("webhook `{}`: needs `secret` or `secret_env`", self.name)),
        }
    }
}

/// Checks configured hooks against the served checkpoints and resolves their secrets.
pub fn check(hooks: &mut [Webhook], checkpoints: &[String]) -> Result<(), String> {
    let mut names = std::collections::HashSet::new();
    for h in hooks.iter_mut() {
        if h.name.is_empty() || !names.insert(h.name.clone()) {
            return Err(format!("webhook `{}`: each hook needs a name of its own", h.name));
        }
        if !(h.url.starts_with("http://") || h.url.starts_with("https://")) || reqwest::Url::parse(&h.url).is_err() {
            return Err(format!("webhook `{}`: url `{}` is not an http:// or https:// URL", h.name, h.url));
        }
        if h.kinds.is_empty() {
            return Err(format!("webhook `{}`: `kinds` is empty (use \"alert\", \"instruction\")", h.name));
        }
        for c in h.checkpoints.iter().flatten() {
            if !checkpoints.contains(c) {
                return Err(format!("webhook `{}`: checkpoint `{c}` is not served here", h.name));
            }
        }
        h.resolve_secret()?;
    }
    Ok(())
}

/// The signature header's value for `body` sent at Unix second `timestamp`.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let hex = hex::encode(mac.finalize().into_bytes());
    format!("sha256={hex}")
}

/// How hard delivery tries.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// The wait before the first retry; doubled each time.
    pub first_retry: Duration,
    /// The longest wait between tries.
    pub max_delay: Duration,
    /// Tries before the message goes on the failed list.
    pub max_attempts: i64,
    /// How long a try may take (the receiver must answer within it).
    pub timeout: Duration,
    /// How often due messages are looked for.
    pub every: Duration,
}

impl Default for Policy {
    /// Twelve tries over at most 1.7 hours (less with jitter): 5 s, 10 s, 20 s … capped at 30 min.
    fn default() -> Policy {
        Policy {
            first_retry: Duration::from_secs(5),
            max_delay: Duration::from_secs(1800),
            max_attempts: 12,
            timeout: Duration::from_secs(10),
            every: Duration::from_secs(1),
        }
    }
}

impl Policy {
    /// The wait after try number `attempt` (1-based) failed, spread by
    /// `jitter` in [0, 1) to between half and all of the doubled delay, so
    /// that many messages failed together do not retry together.
    pub fn backoff(&self, attempt: i64, jitter: f64) -> Duration {
        let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let full = self.first_retry.saturating_mul(1u32 << doublings.min(20)).min(self.max_delay);
        full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }
}

/// A message body: what happened, where, when, and its data.
#[derive(Debug, Serialize)]
struct Body<'a> {
    /// The same on every retry of this message.
    delivery: String,
    kind: Kind,
    checkpoint: &'a str,
    at: String,
    data: &'a serde_json::value::RawValue,
}

/// Queues `data` (JSON) for every hook that wants `kind` from `checkpoint`,
/// durably. A failure to write is logged and counted, never raised: the
/// event behind it is already stored.
pub async fn enqueue(state: &AppState, kind: Kind, checkpoint: &str, data: &str) {
    let hooks: Vec<&Webhook> = state.webhooks.iter().filter(|h| h.wants(kind, checkpoint)).collect();
    if hooks.is_empty() {
        return;
    }
    let Ok(raw) = serde_json::value::RawValue::from_string(data.to_owned()) else {
        tracing::error!(kind = kind.as_str(), "webhook data is not JSON: not queued");
        return;
    };
    let now = state.clock.now();
    let messages: Vec<NewMessage> = hooks
        .iter()
        .map(|h| {
            let body = Body { delivery: uuid::Uuid::new_v4().to_string(), kind, checkpoint, at: now.to_string(), data: &raw };
            NewMessage {
                hook: h.name.clone(),
                kind: kind.as_str().into(),
                checkpoint: checkpoint.into(),
                body: serde_json::to_string(&body).expect("bodies serialise"),
                created_at: now.to_string(),
                next_us: now.as_microsecond(),
            }
        })
        .collect();
    match state.store.enqueue(&messages).await {
        Ok(()) => state.webhook_wake.notify_one(),
        Err(e) => {
            state.metrics.webhooks_lost.fetch_add(messages.len() as u64, std::sync::atomic::Ordering::Relaxed);
            tracing::error!(error = %e, kind = kind.as_str(), "webhook messages could not be queued");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(toml: &str) -> Webhook {
        toml::from_str(toml).unwrap()
    }

    #[test]
    fn hooks_are_checked_by_name() {
        let cps = vec!["khorgos".to_string()];
        let ok = r#"name = "chat"
url = "https://chat.example/hook"
kinds = ["alert", "instruction"]
checkpoints = ["khorgos"]
secret = "0123456789abcdef""#;
        let mut hooks = vec![hook(ok)];
        check(&mut hooks, &cps).unwrap();
        assert!(hooks[0].wants(Kind::Alert, "khorgos") && !hooks[0].wants(Kind::Alert, "elsewhere"));
        for (change, says) in [
            (("https://chat.example/hook", "ftp://x/y"), "is not an http:// or https:// URL"),
            (("secret = \"0123456789abcdef\"", "secret = \"short\""), "at least 16 bytes"),
            (("secret = \"0123456789abcdef\"", "secret_env = \"BORDERFLOW_TEST_NO_SUCH_VAR\""), "`BORDERFLOW_TEST_NO_SUCH_VAR` is not set"),
            (("checkpoints = [\"khorgos\"]", "checkpoints = [\"nowhere\"]"), "checkpoint `nowhere` is not served here"),
            (("kinds = [\"alert\", \"instruction\"]", "kinds = []"), "`kinds` is empty"),
        ] {
            let mut hooks = vec![hook(&ok.replace(change.0, change.1))];
            let e = check(&mut hooks, &cps).unwrap_err();
            assert!(e.contains(says), "{e}");
        }
        let mut twins = vec![hook(ok), hook(ok)];
        assert!(check(&mut twins, &cps).unwrap_err().contains("a name of its own"));
        assert!(toml::from_str::<Webhook>(&ok.replace("kinds = [\"alert\", \"instruction\"]", "kinds = [\"gossip\"]")).is_err());
    }

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_and_body() {
        // Computed independently: Python's hmac.new(key, b'1700000000.{"a":1}', sha256).
        assert_eq!(
            sign("0123456789abcdef", 1_700_000_000, r#"{"a":1}"#),
            "sha256=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23"
        );
        assert_ne!(sign("k", 1, "{}"), sign("k", 2, "{}"), "the timestamp is signed");
        assert_ne!(sign("k", 1, "{}"), sign("j", 1, "{}"));
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let p = Policy::default();
        assert_eq!(p.backoff(1, 1.0), Duration::from_secs(5));
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(2500));
        assert_eq!(p.backoff(3, 1.0), Duration::from_secs(20));
        assert_eq!(p.backoff(60, 1.0), Duration::from_secs(1800), "capped");
        assert_eq!(p.backoff(0, 1.0), Duration::from_secs(5));
        let total: Duration = (1..p.max_attempts).map(|a| p.backoff(a, 1.0)).sum();
        assert!(total > Duration::from_secs(3600) && total < Duration::from_secs(7200), "{total:?}");
    }
}
