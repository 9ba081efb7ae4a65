//! The digital twin on the server: the simulator started from the live
//! picture, refreshed in the background so the dashboard's forecast line and
//! advice are never older than a minute, and sent on the live stream.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;

use borderflow_live::track::{Scored, TrackRecord};
use borderflow_live::twin::TwinOptions;
use borderflow_store::TwinScore;

use crate::demand::{self, Demand};
use crate::state::{AppState, Update};

/// One checkpoint's twin outlook.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
pub struct TwinAnswer {
    /// Checkpoint id.
    pub checkpoint: String,
    /// When, as an instant.
    pub at: Timestamp,
    /// The demand it ran ahead on: the day's forecast from the store's history, or the scenario's.
    pub demand: String,
    /// How far off the twin has been over the last day, 15, 30 and 60 minutes
    /// ahead: its predicted 95th-percentile wait against what the travellers
    /// who then joined waited (empty until a prediction has been scored; the
    /// scores are kept in the store, so a restart keeps them).
    pub track: Vec<borderflow_live::track::TrackLine>,
    /// The same record through the day: per horizon and quarter-hour (by the
    /// end of the predicted steps), for the dashboard's track-record chart.
    pub track_steps: Vec<borderflow_live::track::TrackStep>,
    /// The prediction: per queue the 95th-percentile wait over the next 2 hours with a band,
    /// the first breach, and the whole-hall advice that prevents every breach (checked by the same replications).
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
    let mut answers: Vec<(TwinAnswer, Estimates)> = tokio::task::spawn_blocking(move || {
        snap.checkpoints
            .iter()
            .filter_map(|cp| {
                let d = demands.iter().find(|d| d.scenario.checkpoint == cp.id)?;
                let local = now.to_zoned(d.scenario.time_zone.clone());
                let now_s = (local.hour() as f64) * 3600.0 + local.minute() as f64 * 60.0 + local.second() as f64;
                let outlook = borderflow_live::twin::outlook(&d.scenario, now_s, &cp.queues, &cp.lanes, &TwinOptions::default());
                // The persistence baseline: each queue's wait estimate now, held.
                let estimates: Estimates = cp.queues.iter().map(|q| (q.id.to_string(), q.estimated_wait_s)).collect();
                let answer = TwinAnswer {
                    checkpoint: cp.id.to_string(),
                    at: now,
                    demand: d.source.clone(),
                    track: Vec::new(),
                    track_steps: Vec::new(),
                    outlook,
                };
                Some((answer, estimates))
            })
            .collect::<Vec<_>>()
    })
    .await?;
    for (checkpoint, scores) in keep_track(state, now, &mut answers) {
        save_scores(state, &checkpoint, &scores, now).await;
    }
    let answers: Vec<TwinAnswer> = answers.into_iter().map(|(a, _)| a).collect();
    state.metrics.observe_twin(started.elapsed().as_secs_f64());
    *state.twin.lock().expect("not poisoned") = answers.clone();
    let json = serde_json::to_string(&answers).expect("outlooks serialise");
    let _ = state.updates.send(Update { kind: "twin", json: Arc::new(json) });
    Ok(answers)
}

/// Each queue's wait estimate when an outlook was made, seconds.
type Estimates = Vec<(String, Option<f64>)>;

/// The track record's interval through the day, seconds: a quarter-hour, as the plan's.
const TRACK_STEP_S: f64 = 900.0;

/// Scores the earlier predictions whose travellers have all been served,
/// keeps these outlooks' for later, and puts each checkpoint's record in its
/// answer. Returns the predictions scored now, per checkpoint.
fn keep_track(state: &AppState, now: Timestamp, answers: &mut [(TwinAnswer, Estimates)]) -> Vec<(String, Vec<Scored>)> {
    let now_s = unix_s(now);
    let live = state.live.lock().expect("not poisoned");
    let mut track = state.track.lock().expect("not poisoned");
    let mut scored = Vec::new();
    for (a, estimates) in answers {
        let record = track.entry(a.checkpoint.clone()).or_default();
        if let Some(cp) = live.checkpoint(&a.checkpoint) {
            scored.push((a.checkpoint.clone(), record.settle(now_s, |queue, from, to| cp.joiners_waits(queue, from, to))));
        }
        record.record(now_s, &a.outlook, TwinOptions::default().step_s, |q| estimates.iter().find(|e| e.0 == q).and_then(|e| e.1));
        a.track = record.summary();
        a.track_steps = record.steps(TRACK_STEP_S);
    }
    scored
}

fn unix_s(t: Timestamp) -> f64 {
    t.as_millisecond() as f64 / 1000.0
}

/// Keeps newly scored predictions in the store, so a restart keeps the
/// record; a store that does not answer costs the record, not the outlook.
/// On a shared store only the lease holder keeps them (every server scores
/// the same predictions from the same log).
async fn save_scores(state: &AppState, checkpoint: &str, scores: &[Scored], now: Timestamp) {
    if !state.once.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let rows: Vec<TwinScore> = scores
        .iter()
        .map(|s| TwinScore {
            horizon_min: s.horizon_min,
            at_unix_s: s.at_unix_s,
            error_s: s.error_s,
            persistence_error_s: s.persistence_error_s,
        })
        .collect();
    if let Err(e) = state.store.add_twin_scores(checkpoint, &rows, TrackRecord::forget_before(unix_s(now))).await {
        tracing::warn!(checkpoint, error = %e, "cannot keep the twin's scored predictions");
    }
}

/// Takes back the last day's scored predictions of every checkpoint (after a restart).
pub async fn restore_track(state: &AppState) -> Result<usize, borderflow_store::StoreError> {
    let since = TrackRecord::forget_before(unix_s(state.clock.now()));
    let mut n = 0;
    for s in state.scenarios.iter() {
        let rows = state.store.twin_scores(s.checkpoint.as_str(), since).await?;
        n += rows.len();
        let scores = rows.into_iter().map(|r| Scored {
            horizon_min: r.horizon_min,
            at_unix_s: r.at_unix_s,
            error_s: r.error_s,
            persistence_error_s: r.persistence_error_s,
        });
        state.track.lock().expect("not poisoned").entry(s.checkpoint.to_string()).or_default().restore(scores);
    }
    Ok(n)
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
