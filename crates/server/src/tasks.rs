//! Background work: rebuild the live picture at start, keep rollups fresh,
//! evaluate alerts, run the twin and feed the live stream.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use borderflow_store::rollup;
use jiff::SignedDuration;

use crate::state::{AppState, Update};

/// How far back the live picture is rebuilt from the store at start.
pub const REBUILD_HOURS: i64 = 26;

/// Replays events from the store into the live picture (after a restart or
/// a crash): every lane and officer event before the window first (a lane
/// opened days ago is still open), then everything in the last
/// [`REBUILD_HOURS`], each if the live picture admits it (as live ingest
/// does: traveller events of today only); and the twin's track record of the
/// last day, and the day's alerts with their acknowledgements. Returns the
/// number of events applied. On a shared store, the follower then starts where
/// the rebuild left off (see [`crate::follow`]).
pub async fn rebuild_live(state: &AppState) -> Result<usize, borderflow_store::StoreError> {
    let before = match &state.follow {
        Some(_) => Some(state.store.log_mark().await?.settled),
        None => None,
    };
    let mut rebuilt = std::collections::HashSet::new();
    let now = state.clock.now();
    let from = now - SignedDuration::from_hours(REBUILD_HOURS);
    let to = now + SignedDuration::from_hours(REBUILD_HOURS);
    let mut n = 0;
    for s in state.scenarios.iter() {
        let mut events = state.store.lane_history(s.checkpoint.as_str(), from).await?;
        events.extend(state.store.events_between(s.checkpoint.as_str(), from, to).await?);
        let mut live = state.live.lock().expect("not poisoned");
        let mut book = state.instructions.lock().expect("not poisoned");
        for e in &events {
            // Instructions of the rebuilt hours come back with their states (their `done` steps are stored).
            book.apply(e);
            if before.is_some() {
                rebuilt.insert(e.id);
            }
            if live.admits(e, now) {
                live.apply(e);
                n += 1;
            }
        }
    }
    if let (Some(f), Some(settled)) = (&state.follow, before) {
        f.start(settled, rebuilt, state.store.log_mark().await?.horizon).await;
    }
    crate::twin::restore_track(state).await?;
    crate::alerts::restore(state).await?;
    Ok(n)
}

/// Starts the background loops; they end when `shutdown` flips.
pub fn spawn(state: &AppState) {
    crate::follow::spawn(state);
    crate::webhooks::deliver::spawn(state);
    crate::retention::spawn(state);
    let s = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(2));
        let mut shutdown = s.shutdown.clone();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            if !s.once.load(Ordering::Relaxed) {
                continue;
            }
            match rollup::refresh(s.store.as_ref(), &s.layout).await {
                Ok(n) => {
                    s.metrics.rollups.fetch_add(n as u64, Ordering::Relaxed);
                    if n > 0 {
                        s.note_write(&Ok(()));
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "rollup refresh failed; will retry");
                    s.note_write::<()>(&Err(e));
                }
            }
        }
    });
    let s = state.clone();
    tokio::spawn(async move {
        // Unanswered instructions escalate on time, to the second.
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut shutdown = s.shutdown.clone();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            if !s.once.load(Ordering::Relaxed) {
                continue;
            }
            if let Err(e) = crate::instructions::escalate(&s).await {
                tracing::warn!(error = %e, "escalating instructions failed; will retry");
            }
        }
    });
    let s = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(s.twin_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut shutdown = s.shutdown.clone();
        // The advice is logged when what it says changes, not at every refresh with new figures.
        let mut said: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = shutdown.changed() => break,
            }
            match crate::twin::refresh(&s).await {
                Ok(answers) => {
                    for (checkpoint, a) in answers.iter().filter_map(|a| Some((&a.checkpoint, a.outlook.advice.as_ref()?))) {
                        let still: Vec<&str> = a.still.iter().map(|w| w.en.as_str()).collect();
                        let text = format!("{}. {}", a.summary.en, still.join(". "));
                        let gist: String = text.chars().filter(|c| !c.is_ascii_digit()).collect();
                        if said.get(checkpoint.as_str()) != Some(&gist) {
                            tracing::info!(checkpoint = %checkpoint, "twin: {text}");
                            said.insert(checkpoint.to_string(), gist);
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "twin refresh failed; will retry"),
            }
        }
    });
    let s = state.clone();
    tokio::spawn(async move {
        // Woken by new events, or each second for alerts that change with time
        // alone; at most one snapshot per `MIN_GAP`, so a few per second at most.
        const MIN_GAP: Duration = Duration::from_millis(200);
        let mut shutdown = s.shutdown.clone();
        let mut last: Option<borderflow_live::Snapshot> = None;
        let mut last_sent = tokio::time::Instant::now() - MIN_GAP;
        loop {
            tokio::select! {
                _ = s.changed.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = shutdown.changed() => break,
            }
            tokio::time::sleep_until(last_sent + MIN_GAP).await;
            let now = s.clock.now();
            let (changes, snap) = {
                let mut live = s.live.lock().expect("not poisoned");
                (live.evaluate(now), live.snapshot(now))
            };
            let touched: std::collections::BTreeSet<String> = changes.iter().map(|c| c.alert.checkpoint.to_string()).collect();
            // Every server raises the same alerts from the same log; one tells the webhooks and keeps the book.
            let once = s.once.load(Ordering::Relaxed);
            for c in changes {
                tracing::info!(change = c.change.as_str(), alert = %c.alert.id, "{}", c.alert.message);
                let json = serde_json::to_string(&c).expect("alerts serialise");
                if once {
                    crate::webhooks::enqueue(&s, crate::webhooks::Kind::Alert, c.alert.checkpoint.as_str(), &json).await;
                }
                let _ = s.updates.send(Update { kind: "alert", json: Arc::new(json) });
            }
            for checkpoint in touched.iter().filter(|_| once) {
                crate::alerts::save(&s, checkpoint).await;
            }
            // Only what changed (a client gets a full snapshot when it
            // connects); a quiet hall sends nothing but keep-alives.
            let empty = borderflow_live::Snapshot { at: snap.at, checkpoints: vec![] };
            if let Some(delta) = snap.delta_since(last.as_ref().unwrap_or(&empty)) {
                let _ = s.updates.send(Update { kind: "delta", json: Arc::new(serde_json::to_string(&delta).expect("deltas serialise")) });
                last_sent = tokio::time::Instant::now();
                s.metrics.streamed();
            }
            last = Some(snap);
        }
    });
}
