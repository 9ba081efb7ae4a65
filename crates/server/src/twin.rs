//! The digital twin on the server: the simulator started from the live
//! picture, refreshed in the background so the dashboard's forecast line and
//! recommendation are never older than a minute, and sent on the live stream.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;

use borderflow_live::twin::TwinOptions;

use crate::demand::{self, Demand};
use crate::state::{AppState, Update};

/// One checkpoint's twin outlook.
#[derive(Debug, Clone, Serialize)]
pub struct TwinAnswer {
    /// Checkpoint id.
    pub checkpoint: String,
    /// When, as an instant.
    pub at: Timestamp,
    /// The demand it ran ahead on: the day's forecast from the store's history, or the scenario's.
    pub demand: String,
    /// How far off the twin has been over the last day, 15, 30 and 60 minutes
    /// ahead: its predicted 95th-percentile wait against what the travellers
    /// who then joined waited (empty until a prediction has been scored; kept
    /// in memory, so it starts again after a restart).
    pub track: Vec<borderflow_live::track::TrackLine>,
    /// The prediction: per queue the 95th-percentile wait over the next 2 hours with a band,
    /// the first breach, and what to open now to prevent it.
    #[serde(flatten)]
    pub outlook: borderflow_live::twin::Outlook,
}

/// Computes the outlook of every checkpoint from the live picture now, keeps
/// it as the server's latest and sends it on the live stream (`twin` events).
pub async fn refresh(state: &AppState) -> Result<Vec<TwinAnswer>, tokio::task::JoinError> {
    let started = std::time::Instant::now();
    let now = state.clock.now();
    let mut demands = Vec::with_capacity(state.scenarios.len());
    for s in state.scenarios.iter() {
        demands.push(demand_today(state, s, now).await?);
    }
    let snap = state.live.lock().expect("not poisoned").snapshot(now);
    // A few dozen short simulation runs: off the async workers.
    let mut answers = tokio::task::spawn_blocking(move || {
        snap.checkpoints
            .iter()
            .filter_map(|cp| {
                let d = demands.iter().find(|d| d.scenario.checkpoint == cp.id)?;
                let local = now.to_zoned(d.scenario.time_zone.clone());
                let now_s = (local.hour() as f64) * 3600.0 + local.minute() as f64 * 60.0 + local.second() as f64;
                let outlook = borderflow_live::twin::outlook(&d.scenario, now_s, &cp.queues, &cp.lanes, &TwinOptions::default());
                Some(TwinAnswer { checkpoint: cp.id.to_string(), at: now, demand: d.source.clone(), track: Vec::new(), outlook })
            })
            .collect::<Vec<_>>()
    })
    .await?;
    keep_track(state, now, &mut answers);
    state.metrics.observe_twin(started.elapsed().as_secs_f64());
    *state.twin.lock().expect("not poisoned") = answers.clone();
    let json = serde_json::to_string(&answers).expect("outlooks serialise");
    let _ = state.updates.send(Update { kind: "twin", json: Arc::new(json) });
    Ok(answers)
}

/// Scores the earlier predictions whose travellers have all been served,
/// keeps these outlooks' for later, and puts each checkpoint's record in its answer.
fn keep_track(state: &AppState, now: Timestamp, answers: &mut [TwinAnswer]) {
    let now_s = now.as_millisecond() as f64 / 1000.0;
    let live = state.live.lock().expect("not poisoned");
    let mut track = state.track.lock().expect("not poisoned");
    for a in answers {
        let record = track.entry(a.checkpoint.clone()).or_default();
        if let Some(cp) = live.checkpoint(&a.checkpoint) {
            record.settle(now_s, |queue, from, to| cp.joiners_waits(queue, from, to));
        }
        record.record(now_s, &a.outlook, TwinOptions::default().step_s);
        a.track = record.summary();
    }
}

/// The checkpoint's demand for its local day: kept from earlier in the day, or
/// forecast once from the store's history (the scenario's demand if that fails).
async fn demand_today(state: &AppState, s: &borderflow_core::Scenario, now: Timestamp) -> Result<Demand, tokio::task::JoinError> {
    let day = now.to_zoned(s.time_zone.clone()).date();
    let kept = state.demand.lock().expect("not poisoned").iter().find(|d| d.scenario.checkpoint == s.checkpoint && d.date == day).cloned();
    if let Some(d) = kept {
        return Ok(d);
    }
    let d = match demand::hourly_counts(state.store.as_ref(), &state.layout, s, now).await {
        Ok(counts) => {
            let s = s.clone();
            // Choosing the method scores each on held-out weeks: off the async workers.
            tokio::task::spawn_blocking(move || Demand::for_day(&s, &counts, day)).await?
        }
        Err(e) => {
            tracing::warn!(checkpoint = %s.checkpoint, error = %e, "cannot read the history to forecast from");
            Demand::scenario(s, day, &format!("the history could not be read: {e}"))
        }
    };
    tracing::info!(checkpoint = %s.checkpoint, demand = %d.source, "twin demand for the day");
    let mut kept = state.demand.lock().expect("not poisoned");
    kept.retain(|k| k.scenario.checkpoint != s.checkpoint);
    kept.push(d.clone());
    Ok(d)
}
