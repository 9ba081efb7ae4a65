//! # borderflow-live
//!
//! The live picture of one or more checkpoints, built from their events:
//! per queue its length, recent arrivals and services, observed waits and the
//! **estimated wait of a traveller joining now**; per lane open/closed,
//! officer, throughput and service time; today's totals; and alerts against
//! the warning level and the 30-minute standard.
//!
//! - [`Live`] holds every configured checkpoint; [`Live::apply`] takes one
//!   event, [`Live::snapshot`] gives the picture at an instant,
//!   [`Live::evaluate`] raises, updates and clears [`Alert`]s.
//! - [`Hall`] is what the picture knows of a checkpoint (from its scenario).
//! - [`twin`] runs the simulator ahead from the live state: predicted waits
//!   with a band, the first breach of the standard, and what to open to prevent it.
//! - [`advice`] searches the moves a station has (reopen, call the reserve,
//!   move an officer between halls, re-triage) for every predicted breach.
//! - [`simulated`] gives the picture of a simulated day at an instant.
//! - [`track`] scores the twin's predictions against what the travellers they
//!   were about then waited ([`CheckpointState::joiners_waits`]).
//!
//! ```
//! use borderflow_core::{Event, Scenario};
//! use borderflow_live::Live;
//! let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/khorgos.toml")).unwrap();
//! let s = Scenario::parse(&text, "khorgos.toml", &[], &|_| Err("no files".into())).unwrap();
//! let mut live = Live::new(&[s]);
//! let ev: Event = serde_json::from_str(r#"{"id":"6f1c6b9e-3d1c-4c2e-9a39-5c1d2b7d0a11","at":"2026-07-12T09:50:00+08:00",
//!   "checkpoint":"khorgos","kind":"queue_joined","traveller":"t1","direction":"entry","category":"merchant","queue":"entry_merchant"}"#).unwrap();
//! live.apply(&ev);
//! let snap = live.snapshot(ev.at);
//! assert_eq!(snap.checkpoints[0].queues[2].length, 1);
//! ```
//!
//! Guarantees: pure and deterministic — the same events in the same order
//! give the same picture (a server rebuilt from its store shows what it showed
//! before a crash); time is passed in, never read from a clock; events are
//! placed by their own `at`, so late ones land where they belong.
//!
//! Depends on `borderflow-sim`: the twin's model is the simulator itself, the
//! one home of the hall's rules, so prediction and planning cannot drift apart.
//!
//! Must not depend on: tokio, sqlx, axum, the system clock.

pub mod advice;
pub mod alerts;
pub mod checkpoint;
pub mod hall;
pub mod history;
pub mod simulated;
pub mod track;
pub mod trial;
pub mod twin;

use borderflow_core::{Event, Id, Scenario};
use jiff::Timestamp;
use serde::Serialize;

pub use alerts::{Alert, AlertAck, AlertChange, AlertKind, AlertSettings, Level, SavedAlerts};
pub use checkpoint::{CheckpointState, LaneView, OfficerView, QueueView, Totals};
pub use hall::Hall;

/// Every configured checkpoint's live state and alerts.
#[derive(Debug, Clone)]
pub struct Live {
    checkpoints: Vec<(CheckpointState, alerts::AlertBook)>,
    /// Alert thresholds.
    pub settings: AlertSettings,
}

/// The picture at an instant.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The instant.
    pub at: Timestamp,
    /// One entry per checkpoint.
    pub checkpoints: Vec<CheckpointView>,
}

/// One checkpoint at an instant.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct CheckpointView {
    /// Id.
    pub id: Id,
    /// Name.
    pub name: String,
    /// Time zone.
    pub time_zone: String,
    /// The standard, seconds.
    pub max_wait_s: f64,
    /// The continuous-work rule: longest an officer may work without a break, seconds.
    pub max_continuous_work_s: f64,
    /// Queues.
    pub queues: Vec<QueueView>,
    /// Lanes.
    pub lanes: Vec<LaneView>,
    /// Today.
    pub totals: Totals,
    /// Active alerts.
    pub alerts: Vec<Alert>,
}

/// What changed between two snapshots: per checkpoint only the queues and
/// lanes that differ, the totals if they differ, and the active alerts.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotDelta {
    /// The instant of the newer snapshot.
    pub at: Timestamp,
    /// Checkpoints with any change.
    pub checkpoints: Vec<CheckpointDelta>,
}

/// One checkpoint's changes.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
pub struct CheckpointDelta {
    /// Id.
    pub id: Id,
    /// Queues that changed (whole).
    pub queues: Vec<QueueView>,
    /// Lanes that changed (whole).
    pub lanes: Vec<LaneView>,
    /// Totals, if they changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub totals: Option<Totals>,
    /// All active alerts (a short list).
    pub alerts: Vec<Alert>,
}

impl Snapshot {
    /// The changes from `prev` to this snapshot; None if nothing changed.
    /// Applying them to `prev` (replace queues and lanes by id, totals and
    /// alerts whole) gives this snapshot.
    pub fn delta_since(&self, prev: &Snapshot) -> Option<SnapshotDelta> {
        let mut checkpoints = Vec::new();
        for cp in &self.checkpoints {
            let before = prev.checkpoints.iter().find(|p| p.id == cp.id);
            let queues: Vec<QueueView> = cp.queues.iter().filter(|q| before.is_none_or(|b| !b.queues.contains(q))).cloned().collect();
            let lanes: Vec<LaneView> = cp.lanes.iter().filter(|l| before.is_none_or(|b| !b.lanes.contains(l))).cloned().collect();
            let totals = before.is_none_or(|b| b.totals != cp.totals).then(|| cp.totals.clone());
            let alerts_changed = before.is_none_or(|b| b.alerts != cp.alerts);
            if !queues.is_empty() || !lanes.is_empty() || totals.is_some() || alerts_changed {
                checkpoints.push(CheckpointDelta { id: cp.id.clone(), queues, lanes, totals, alerts: cp.alerts.clone() });
            }
        }
        (!checkpoints.is_empty()).then_some(SnapshotDelta { at: self.at, checkpoints })
    }
}

impl Live {
    /// An empty picture of these checkpoints.
    pub fn new(scenarios: &[Scenario]) -> Live {
        Live {
            checkpoints: scenarios.iter().map(|s| (CheckpointState::new(Hall::from_scenario(s)), alerts::AlertBook::default())).collect(),
            settings: AlertSettings::default(),
        }
    }

    /// The layout of a checkpoint.
    pub fn hall(&self, checkpoint: &str) -> Option<&Hall> {
        self.checkpoints.iter().map(|(c, _)| &c.hall).find(|h| h.scenario.checkpoint == *checkpoint)
    }

    /// The state of a checkpoint.
    pub fn checkpoint(&self, checkpoint: &str) -> Option<&CheckpointState> {
        self.checkpoints.iter().map(|(c, _)| c).find(|c| c.hall.scenario.checkpoint == *checkpoint)
    }

    /// Whether an event belongs in the live picture at `now`: a lane or
    /// officer change of any date (it sets a lane's state, and the latest
    /// wins), any other event only if it falls on the checkpoint's current
    /// local day. Events of other days stay in the store, the record; they
    /// do not fill today's queues. The server applies this rule both live and
    /// when it rebuilds the picture after a restart, so the two agree.
    pub fn admits(&self, ev: &Event, now: Timestamp) -> bool {
        if ev.body.sets_lane_state() {
            return true;
        }
        self.hall(ev.checkpoint.as_str()).is_some_and(|h| h.local_day(ev.at) == h.local_day(now))
    }

    /// Applies an event (events of unconfigured checkpoints are ignored).
    pub fn apply(&mut self, ev: &Event) {
        if let Some((cp, _)) = self.checkpoints.iter_mut().find(|(c, _)| c.hall.scenario.checkpoint == ev.checkpoint) {
            cp.apply(ev);
        }
    }

    /// A supervisor acknowledges an active alert (by its id); None if no such alert is active.
    pub fn acknowledge_alert(&mut self, id: &str, ack: AlertAck) -> Option<AlertChange> {
        self.checkpoints.iter_mut().find_map(|(_, book)| book.acknowledge(id, ack.clone()))
    }

    /// A checkpoint's alerts as the store keeps them.
    pub fn saved_alerts(&self, checkpoint: &str) -> Option<alerts::SavedAlerts> {
        self.checkpoints.iter().find(|(cp, _)| cp.hall.scenario.checkpoint == *checkpoint).map(|(_, book)| book.saved())
    }

    /// Puts back a checkpoint's alerts kept by the store (after a restart).
    pub fn restore_alerts(&mut self, checkpoint: &str, saved: alerts::SavedAlerts) {
        if let Some((_, book)) = self.checkpoints.iter_mut().find(|(cp, _)| cp.hall.scenario.checkpoint == *checkpoint) {
            *book = alerts::AlertBook::restored(saved);
        }
    }

    /// Each checkpoint's alerts of the day, cleared and active.
    pub fn alert_history(&self) -> Vec<(Id, Vec<Alert>)> {
        self.checkpoints.iter().map(|(cp, book)| (cp.hall.scenario.checkpoint.clone(), book.history().cloned().collect())).collect()
    }

    /// Re-evaluates alerts at `now`; returns what changed.
    pub fn evaluate(&mut self, now: Timestamp) -> Vec<AlertChange> {
        let settings = self.settings;
        self.checkpoints.iter_mut().flat_map(|(cp, book)| book.evaluate(cp, &settings, now)).collect()
    }

    /// The picture at `now`.
    pub fn snapshot(&self, now: Timestamp) -> Snapshot {
        Snapshot {
            at: now,
            checkpoints: self
                .checkpoints
                .iter()
                .map(|(cp, book)| CheckpointView {
                    id: cp.hall.scenario.checkpoint.clone(),
                    name: cp.hall.scenario.name.clone(),
                    time_zone: cp.hall.scenario.time_zone_name.clone(),
                    max_wait_s: cp.hall.scenario.standard.max_wait_s,
                    max_continuous_work_s: cp.hall.scenario.standard.max_continuous_work_s,
                    queues: cp.queues(now),
                    lanes: cp.lanes(now),
                    totals: cp.totals(now),
                    alerts: book.active().cloned().collect(),
                })
                .collect(),
        }
    }
}
