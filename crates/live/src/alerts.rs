//! Alerts: raised once, updated while they last, cleared when resolved.

use std::collections::BTreeMap;

use borderflow_core::{Id, WaitLevel};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::checkpoint::{CheckpointState, secs};

/// Thresholds besides the standard and the warning level (which come from the scenario).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertSettings {
    /// A lane idle this long while a queue it serves has at least `long_queue` people.
    pub idle_after_s: f64,
    /// What counts as a long queue for the idle-lane alert.
    pub long_queue: u32,
    /// An open lane not heard from this long, while people wait for it, is presumed down.
    pub silent_after_s: f64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings { idle_after_s: 120.0, long_queue: 20, silent_after_s: 600.0 }
    }
}

/// What an alert is about.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Estimated or observed wait over the warning level or the standard.
    Wait,
    /// An open lane idle while a queue it serves is long.
    LaneIdle,
    /// An open lane silent for too long while people wait for it (device down?).
    LaneSilent,
    /// An officer near or past the continuous-work rule (Khorgos: 4 h without a break).
    LongShift,
}

/// How serious.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Over the warning level.
    Warning,
    /// Over the standard, or a lane down.
    Critical,
}

/// An alert.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Stable id: `checkpoint/kind/subject`.
    pub id: String,
    /// Checkpoint.
    pub checkpoint: Id,
    /// Kind.
    pub kind: AlertKind,
    /// The queue or lane concerned.
    pub subject: Id,
    /// Level.
    pub level: Level,
    /// The figure that raised it (seconds of wait, idle or silence); JSON
    /// `null` when infinite (people waiting and no lane open).
    #[serde(deserialize_with = "infinite_if_null")]
    #[ts(type = "number | null")]
    pub value_s: f64,
    /// For people.
    pub message: String,
    /// When raised.
    pub raised_at: Timestamp,
    /// Last change.
    pub updated_at: Timestamp,
    /// A supervisor's acknowledgement of it at its present level (a change of level asks again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<AlertAck>,
    /// When it cleared (alerts of the day's history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared_at: Option<Timestamp>,
}

fn infinite_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
}

/// Who acknowledged an alert, when, and what they noted.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertAck {
    /// Who (a user's name, or `token:<id>`).
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// What they noted ("D4 and D5 reopening").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What happened to an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// It is new.
    Raised,
    /// Its level changed, or its figure moved enough to say so.
    Updated,
    /// A supervisor acknowledged it.
    Acknowledged,
    /// Its cause is gone.
    Cleared,
}

impl Change {
    /// The stream's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Raised => "raised",
            Change::Updated => "updated",
            Change::Acknowledged => "acknowledged",
            Change::Cleared => "cleared",
        }
    }
}

/// What happened to an alert at an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertChange {
    /// What happened.
    pub change: Change,
    /// The alert as it now is (as it was, for `cleared`).
    pub alert: Alert,
}

/// The alerts of one checkpoint.
#[derive(Debug, Clone, Default)]
pub struct AlertBook {
    active: BTreeMap<(AlertKind, Id), Alert>,
    /// Alerts that have cleared, oldest first, the last [`HISTORY_S`] of them.
    cleared: Vec<Alert>,
}

/// A checkpoint's alerts as the store keeps them, so that a restart keeps
/// the day's history and its acknowledgements.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SavedAlerts {
    /// Active alerts.
    pub active: Vec<Alert>,
    /// Cleared alerts of the last day, oldest first.
    pub cleared: Vec<Alert>,
}

/// How long cleared alerts stay in the history, seconds: a day.
pub const HISTORY_S: f64 = 86_400.0;

/// How long before the continuous-work rule an officer is warned, seconds.
pub const LONG_SHIFT_NOTICE_S: f64 = 15.0 * 60.0;

fn hours(s: f64) -> String {
    let m = (s / 60.0).floor() as i64;
    format!("{} h {:02} min", m / 60, m % 60)
}

fn minutes(s: f64) -> String {
    if s.is_finite() { format!("{:.0} min", s / 60.0) } else { "no open lane".into() }
}

impl AlertBook {
    /// Active alerts.
    pub fn active(&self) -> impl Iterator<Item = &Alert> {
        self.active.values()
    }

    /// The day's alerts: those that cleared in the last [`HISTORY_S`], then the active ones.
    pub fn history(&self) -> impl Iterator<Item = &Alert> {
        self.cleared.iter().chain(self.active.values())
    }

    /// What the store keeps of the book.
    pub fn saved(&self) -> SavedAlerts {
        SavedAlerts { active: self.active.values().cloned().collect(), cleared: self.cleared.clone() }
    }

    /// The book again, from what the store kept.
    pub fn restored(saved: SavedAlerts) -> AlertBook {
        AlertBook { active: saved.active.into_iter().map(|a| ((a.kind, a.subject.clone()), a)).collect(), cleared: saved.cleared }
    }

    /// A supervisor acknowledges an active alert; None if there is none with that id.
    pub fn acknowledge(&mut self, id: &str, ack: AlertAck) -> Option<AlertChange> {
        let a = self.active.values_mut().find(|a| a.id == id)?;
        // An acknowledgement made before this alert was raised (of an earlier
        // alert with the same id), older than the one it has, or that one
        // again, changes nothing: those made through other servers arrive
        // more than once.
        if ack.at < a.raised_at || a.acknowledged.as_ref().is_some_and(|held| held.at > ack.at || *held == ack) {
            return None;
        }
        a.updated_at = ack.at;
        a.acknowledged = Some(ack);
        Some(AlertChange { change: Change::Acknowledged, alert: a.clone() })
    }

    /// Re-evaluates every condition at `now`.
    pub fn evaluate(&mut self, cp: &CheckpointState, settings: &AlertSettings, now: Timestamp) -> Vec<AlertChange> {
        let n = secs(now);
        let hall = &cp.hall;
        let mut wanted: BTreeMap<(AlertKind, Id), (Level, f64, String)> = BTreeMap::new();
        for (qi, q) in cp.queues(now).into_iter().enumerate() {
            // The queue table's verdict, on the wait the alert quotes.
            let est = cp.verdict_wait(qi);
            let level = match q.status {
                WaitLevel::Breach => Level::Critical,
                WaitLevel::Warning => Level::Warning,
                WaitLevel::Ok => continue,
            };
            let msg = format!(
                "queue {}: {} waiting, estimated wait {}, observed p95 {} (standard {})",
                q.id,
                q.length,
                minutes(est),
                q.observed_wait_p95_s.map_or("–".into(), minutes),
                minutes(hall.scenario.standard.max_wait_s)
            );
            wanted.insert((AlertKind::Wait, q.id.clone()), (level, est, msg));
        }
        for (l, lane) in hall.scenario.lanes.iter().enumerate() {
            if !cp.lane_open(l) {
                continue;
            }
            if let Some(idle) = cp.lane_idle_for(l, n) {
                let long = lane.serves.iter().map(|&q| cp.queue_length(q)).max().unwrap_or(0);
                if idle >= settings.idle_after_s && long >= settings.long_queue {
                    let msg = format!("lane {} idle for {} while {} wait in its queues", lane.id, minutes(idle), long);
                    wanted.insert((AlertKind::LaneIdle, lane.id.clone()), (Level::Warning, idle, msg));
                }
            }
            // Silence matters when people wait for the lane (an empty hall is quiet).
            let waiting = lane.serves.iter().any(|&q| cp.queue_length(q) > 0);
            if let Some(silent) = cp.silent_for(l, n)
                && silent >= settings.silent_after_s
                && waiting
            {
                let msg = format!("lane {} open but silent for {}: device down?", lane.id, minutes(silent));
                wanted.insert((AlertKind::LaneSilent, lane.id.clone()), (Level::Critical, silent, msg));
            }
        }
        // The continuous-work rule: a warning a quarter-hour before it, critical at it.
        let rule = hall.scenario.standard.max_continuous_work_s;
        for o in cp.officers(now) {
            let Some(worked) = o.continuous_s else { continue };
            let level = if worked >= rule {
                Level::Critical
            } else if worked >= rule - LONG_SHIFT_NOTICE_S {
                Level::Warning
            } else {
                continue;
            };
            let at = o.lane.as_ref().map(|l| format!(" at {l}")).unwrap_or_default();
            let msg = format!("officer {}{at} has worked {} without a break (the rule: {})", o.officer, hours(worked), hours(rule));
            wanted.insert((AlertKind::LongShift, o.officer.clone()), (level, worked, msg));
        }
        let mut changes = Vec::new();
        let gone: Vec<_> = self.active.keys().filter(|k| !wanted.contains_key(k)).cloned().collect();
        for k in gone {
            let mut alert = self.active.remove(&k).expect("present");
            alert.updated_at = now;
            alert.cleared_at = Some(now);
            self.cleared.push(alert.clone());
            changes.push(AlertChange { change: Change::Cleared, alert });
        }
        let forget = n - HISTORY_S;
        self.cleared.retain(|a| a.cleared_at.is_some_and(|c| secs(c) >= forget));
        for ((kind, subject), (level, value, message)) in wanted {
            match self.active.get_mut(&(kind, subject.clone())) {
                Some(a) => {
                    // Update on a change of level, a move of a tenth (two minutes at
                    // least), and whenever a lane opens for a queue that had none
                    // (∞ → a figure) or the last closes: the alert follows the figure it quotes.
                    let moved =
                        value.is_finite() != a.value_s.is_finite() || (value - a.value_s).abs() > (0.1 * a.value_s.abs()).max(120.0);
                    if a.level != level || moved {
                        if a.level != level {
                            a.acknowledged = None; // a new level is a new situation: acknowledged again
                        }
                        a.level = level;
                        a.value_s = value;
                        a.message = message;
                        a.updated_at = now;
                        changes.push(AlertChange { change: Change::Updated, alert: a.clone() });
                    }
                }
                None => {
                    let alert = Alert {
                        id: format!("{}/{}/{}", hall.scenario.checkpoint, serde_kind(kind), subject),
                        checkpoint: hall.scenario.checkpoint.clone(),
                        kind,
                        subject: subject.clone(),
                        level,
                        value_s: value,
                        message,
                        raised_at: now,
                        updated_at: now,
                        acknowledged: None,
                        cleared_at: None,
                    };
                    changes.push(AlertChange { change: Change::Raised, alert: alert.clone() });
                    self.active.insert((kind, subject), alert);
                }
            }
        }
        changes
    }
}

fn serde_kind(k: AlertKind) -> &'static str {
    match k {
        AlertKind::Wait => "wait",
        AlertKind::LaneIdle => "lane_idle",
        AlertKind::LaneSilent => "lane_silent",
        AlertKind::LongShift => "long_shift",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_kept_by_the_store_comes_back_the_same_even_with_no_lane_open() {
        let at: Timestamp = "2026-07-12T02:00:00Z".parse().unwrap();
        let alert = |subject: &str, value_s: f64, cleared_at: Option<Timestamp>| Alert {
            id: format!("khorgos/wait/{subject}"),
            checkpoint: Id::new("khorgos").unwrap(),
            kind: AlertKind::Wait,
            subject: Id::new(subject).unwrap(),
            level: Level::Critical,
            value_s,
            message: "queue …".into(),
            raised_at: at,
            updated_at: at,
            acknowledged: Some(AlertAck { by: "ana".into(), at, note: Some("D4 and D5 reopening".into()) }),
            cleared_at,
        };
        let saved = SavedAlerts {
            active: vec![alert("entry_first_time", f64::INFINITY, None)],
            cleared: vec![alert("exit_general", 1900.0, Some(at))],
        };
        let json = serde_json::to_string(&AlertBook::restored(saved.clone()).saved()).unwrap();
        assert!(json.contains("\"value_s\":null"), "{json}");
        assert_eq!(serde_json::from_str::<SavedAlerts>(&json).unwrap(), saved);
    }
}
