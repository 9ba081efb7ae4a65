//! Retention: once an hour the server doing the once-only work forgets the
//! travellers of every checkpoint's days older than the setting
//! ([`borderflow_store::retention`]); counts and rollups stay.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::AppState;

/// How often the purge looks for days that have come of age.
const EVERY: Duration = Duration::from_secs(3600);

/// Starts the hourly purge when a retention is set; it ends when `shutdown` flips.
pub fn spawn(state: &AppState) {
    let Some(days) = state.forget_travellers_after_days else { return };
    let s = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        let mut shutdown = s.shutdown.clone();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            if s.once.load(Ordering::Relaxed) {
                forget(&s, days).await;
            }
        }
    });
}

/// One round over every checkpoint.
pub async fn forget(s: &AppState, days: u32) {
    for sc in s.scenarios.iter() {
        let checkpoint = sc.checkpoint.as_str();
        match borderflow_store::retention::forget_older_than(s.store.as_ref(), &s.layout, checkpoint, days, s.clock.now()).await {
            Ok(f) if f.events > 0 => {
                tracing::info!(checkpoint, days = f.days, events = f.events, "forgot travellers older than {days} days")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(checkpoint, error = %e, "forgetting old travellers failed; will retry in an hour"),
        }
    }
}
