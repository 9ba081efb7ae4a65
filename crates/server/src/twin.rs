//! The digital twin on the server: the simulator started from the live
//! picture, refreshed in the background so the dashboard's forecast line and
//! recommendation are never older than a minute, and sent on the live stream.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;

use crate::state::{AppState, Update};

/// One checkpoint's twin outlook.
#[derive(Debug, Clone, Serialize)]
pub struct TwinAnswer {
    /// Checkpoint id.
    pub checkpoint: String,
    /// When, as an instant.
    pub at: Timestamp,
    /// The prediction: per queue the 95th-percentile wait over the next 2 hours with a band,
    /// the first breach, and what to open now to prevent it.
    #[serde(flatten)]
    pub outlook: borderflow_live::twin::Outlook,
}

/// Computes the outlook of every checkpoint from the live picture now, keeps
/// it as the server's latest and sends it on the live stream (`twin` events).
pub async fn refresh(state: &AppState) -> Result<Vec<TwinAnswer>, tokio::task::JoinError> {
    let now = state.clock.now();
    let snap = state.live.lock().expect("not poisoned").snapshot(now);
    let scenarios = state.scenarios.clone();
    // A few dozen short simulation runs: off the async workers.
    let answers = tokio::task::spawn_blocking(move || {
        snap.checkpoints
            .iter()
            .filter_map(|cp| {
                let s = scenarios.iter().find(|s| s.checkpoint == cp.id)?;
                let local = now.to_zoned(s.time_zone.clone());
                let now_s = (local.hour() as f64) * 3600.0 + local.minute() as f64 * 60.0 + local.second() as f64;
                let outlook = borderflow_live::twin::outlook(s, now_s, &cp.queues, &cp.lanes, &Default::default());
                Some(TwinAnswer { checkpoint: cp.id.to_string(), at: now, outlook })
            })
            .collect::<Vec<_>>()
    })
    .await?;
    *state.twin.lock().expect("not poisoned") = answers.clone();
    let json = serde_json::to_string(&answers).expect("outlooks serialise");
    let _ = state.updates.send(Update { kind: "twin", json: Arc::new(json) });
    Ok(answers)
}
