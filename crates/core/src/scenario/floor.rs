//! The hall's floor plan, if the scenario gives one: where each queue's line
//! starts and each lane group's first lane stands, in metres. The dashboard's
//! hall map draws it; without one it lays the hall out by itself.

use super::raw::RawPlace;
use super::validate::{VResult, check};
use super::{KeyPath, LaneGroup, Place, Queue};

/// The largest hall a floor plan describes, metres.
const MAX_PLAN_M: f64 = 2000.0;

pub(super) fn place(path: &KeyPath, raw: Option<RawPlace>) -> VResult<Option<Place>> {
    let Some(p) = raw else { return Ok(None) };
    for (v, k) in [(p.x, "x"), (p.y, "y")] {
        check(v.is_finite() && (0.0..=MAX_PLAN_M).contains(&v), &path.k(k), || {
            format!("{v} m is not on a floor plan of 0 to {MAX_PLAN_M} m")
        })?;
    }
    Ok(Some(Place { x_m: p.x, y_m: p.y }))
}

/// A floor plan places every queue and lane group, or none (a screen cannot mix a plan with its own layout).
pub(super) fn whole_plan(queues: &[Queue], groups: &[LaneGroup]) -> VResult<()> {
    let placed = queues.iter().filter(|q| q.at.is_some()).count() + groups.iter().filter(|g| g.at.is_some()).count();
    if placed == 0 || placed == queues.len() + groups.len() {
        return Ok(());
    }
    let (path, what) = match queues.iter().position(|q| q.at.is_none()) {
        Some(i) => (KeyPath::key("queues").i(i).k("at"), format!("queue `{}`", queues[i].id)),
        None => {
            let i = groups.iter().position(|g| g.at.is_none()).expect("one is unplaced");
            (KeyPath::key("lanes").i(i).k("at"), format!("lane group `{}`", groups[i].id))
        }
    };
    Err((path, format!("{what} has no place on the floor plan: give every queue and lane group an `at`, or none")))
}
