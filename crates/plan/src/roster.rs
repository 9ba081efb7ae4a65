//! Officers for a plan's desks: shifts with breaks, nobody working longer
//! than the standard's continuous limit without a break of at least the
//! minimum length, nobody working more than a day's hours.
//!
//! Greedy, interval by interval, per hall: officers due a break go on it;
//! when fewer are needed, those who have worked longest rest first; when more
//! are needed, rested officers return before anyone new is called in.

use borderflow_core::{Direction, LaneKind, Scenario};
use serde::{Deserialize, Serialize};

use crate::staffing::Plan;

/// Most working hours of one officer in a day.
pub const MAX_DAY_WORK_S: f64 = 8.0 * 3600.0;

/// One officer's day.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Officer {
    /// Name in the roster (`entry-07`).
    pub id: String,
    /// The hall (desks of this direction).
    pub hall: Direction,
    /// Stretches of work, seconds from midnight.
    pub stretches: Vec<(f64, f64)>,
}

impl Officer {
    /// Working time, seconds.
    pub fn work_s(&self) -> f64 {
        self.stretches.iter().map(|(a, b)| b - a).sum()
    }

    /// From first start to last end, breaks included, seconds.
    pub fn shift_s(&self) -> f64 {
        match (self.stretches.first(), self.stretches.last()) {
            (Some(f), Some(l)) => l.1 - f.0,
            _ => 0.0,
        }
    }
}

/// The day's officers.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Roster {
    /// Every officer.
    pub officers: Vec<Officer>,
    /// Hours at a desk.
    pub work_hours: f64,
    /// Hours on shift, breaks included.
    pub shift_hours: f64,
}

enum State {
    Working { since: f64 },
    Resting { since: f64 },
    Done,
}

/// Builds the roster for a plan's desks.
pub fn roster(s: &Scenario, plan: &Plan) -> Roster {
    let max_run = s.standard.max_continuous_work_s;
    let min_break = s.standard.min_break_s;
    let mut officers = Vec::new();
    for hall in [Direction::Entry, Direction::Exit] {
        let desks: Vec<&[u32]> = plan
            .groups
            .iter()
            .filter(|g| g.kind == LaneKind::Manual)
            .filter(|g| s.lanes.iter().find(|l| l.group == g.group).is_some_and(|l| s.queues[l.serves[0]].direction == hall))
            .map(|g| g.open.as_slice())
            .collect();
        let need: Vec<u32> = (0..plan.intervals as usize).map(|i| desks.iter().map(|open| open[i]).sum()).collect();
        let mut staff: Vec<(Officer, State)> = Vec::new();
        for (i, &n) in need.iter().enumerate() {
            let a = plan.start_clock_s + i as f64 * plan.interval_s;
            let b = a + plan.interval_s;
            // Breaks that are due, and rest for those no longer needed (longest working first).
            let mut working: Vec<(usize, f64)> = staff
                .iter()
                .enumerate()
                .filter_map(|(k, (_, st))| if let State::Working { since } = st { Some((k, *since)) } else { None })
                .collect();
            working.sort_by(|x, y| x.1.total_cmp(&y.1));
            let surplus = working.len().saturating_sub(n as usize);
            for (rank, &(k, since)) in working.iter().enumerate() {
                let day_done = staff[k].0.work_s() + (b - since) > MAX_DAY_WORK_S + 1e-6;
                if b - since > max_run + 1e-6 || day_done || rank < surplus {
                    let (o, st) = &mut staff[k];
                    o.stretches.push((since, a));
                    *st = if o.work_s() >= MAX_DAY_WORK_S - plan.interval_s { State::Done } else { State::Resting { since: a } };
                }
            }
            let mut on = staff.iter().filter(|(_, st)| matches!(st, State::Working { .. })).count();
            // Rested officers return, longest rested first; then new ones come in.
            let mut rested: Vec<(usize, f64)> = staff
                .iter()
                .enumerate()
                .filter_map(|(k, (o, st))| match st {
                    State::Resting { since } if a - since >= min_break - 1e-6 && o.work_s() + plan.interval_s <= MAX_DAY_WORK_S => {
                        Some((k, *since))
                    }
                    _ => None,
                })
                .collect();
            rested.sort_by(|x, y| x.1.total_cmp(&y.1));
            for (k, _) in rested {
                if on >= n as usize {
                    break;
                }
                staff[k].1 = State::Working { since: a };
                on += 1;
            }
            while on < n as usize {
                let id = format!("{}-{:02}", hall.as_str(), staff.len() + 1);
                staff.push((Officer { id, hall, stretches: vec![] }, State::Working { since: a }));
                on += 1;
            }
        }
        let end = plan.start_clock_s + plan.intervals as f64 * plan.interval_s;
        for (mut o, st) in staff {
            if let State::Working { since } = st {
                o.stretches.push((since, end));
            }
            officers.push(o);
        }
    }
    let work_hours = officers.iter().map(Officer::work_s).sum::<f64>() / 3600.0;
    let shift_hours = officers.iter().map(Officer::shift_s).sum::<f64>() / 3600.0;
    Roster { officers, work_hours, shift_hours }
}
