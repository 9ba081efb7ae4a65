//! The public board: per queue the wait now, and which queue each category
//! should join — with every queue and category's display names, so a hall
//! screen or a phone shows names in the traveller's language, never ids.

use axum::Json;
use axum::extract::State;
use borderflow_core::scenario::Names;
use borderflow_core::{Direction, WaitLevel};
use serde::Serialize;

use crate::state::AppState;

/// One queue on the public board.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BoardQueue {
    /// Queue id.
    pub queue: String,
    /// What the board calls it, per language (`zh`, `en`, `ru`, `kk`).
    #[schema(value_type = Object)]
    pub names: Names,
    /// `entry` or `exit`.
    #[schema(value_type = String)]
    pub direction: Direction,
    /// Self-service e-gates?
    pub egate: bool,
    /// Estimated wait for someone joining now, whole minutes rounded up (null: closed).
    pub wait_minutes: Option<u32>,
    /// `ok`, `warning` or `breach`: the standard's verdict.
    #[schema(value_type = String)]
    pub status: WaitLevel,
    /// Lanes open for it.
    pub open_lanes: u32,
}

/// Where a traveller of a category should queue.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BoardAdvice {
    /// Direction.
    #[schema(value_type = String)]
    pub direction: Direction,
    /// Category.
    pub category: String,
    /// What the board calls the category, per language.
    #[schema(value_type = Object)]
    pub category_names: Names,
    /// Their own queue.
    pub queue: String,
    /// If the category may use e-gates and the gates are quicker now (by a minute or more, or its own queue is closed): the e-gate queue.
    pub egate_queue: Option<String>,
}

/// The public board of one checkpoint.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Board {
    /// Checkpoint.
    pub checkpoint: String,
    /// Name.
    pub name: String,
    /// What the board calls it, per language.
    #[schema(value_type = Object)]
    pub names: Names,
    /// The checkpoint's time zone (the board shows local time).
    pub time_zone: String,
    /// When computed.
    pub at: String,
    /// Queues.
    pub queues: Vec<BoardQueue>,
    /// Advice per direction and category.
    pub advice: Vec<BoardAdvice>,
    /// E-gates open / in all.
    pub egates_open: u32,
    /// E-gates configured.
    pub egates_total: u32,
}

/// The public wait-time board (no token, no personal data).
#[utoipa::path(get, path = "/api/v1/board", tag = "live", responses((status = 200, description = "Per checkpoint and queue the wait now with the queue's names, and which queue each category should join", body = Vec<Board>)))]
pub async fn board(State(state): State<AppState>) -> Json<Vec<Board>> {
    let now = state.clock.now();
    let snap = state.live.lock().expect("not poisoned").snapshot(now);
    let boards = snap
        .checkpoints
        .iter()
        .map(|cp| {
            let s = state.scenario(cp.id.as_str()).expect("snapshots cover configured checkpoints");
            let queues: Vec<BoardQueue> = cp
                .queues
                .iter()
                .map(|q| BoardQueue {
                    queue: q.id.to_string(),
                    names: s.queues.iter().find(|sq| sq.id == q.id).map(|sq| sq.names.clone()).unwrap_or_default(),
                    direction: q.direction,
                    egate: q.egate,
                    wait_minutes: q.estimated_wait_s.map(|w| (w / 60.0).ceil() as u32),
                    status: q.status,
                    open_lanes: q.open_lanes,
                })
                .collect();
            let wait = |id: &str| queues.iter().find(|q| q.queue == id).and_then(|q| q.wait_minutes);
            let mut advice = Vec::new();
            for st in &s.streams {
                let gate = s.queues.iter().find(|q| q.egate && q.direction == st.direction);
                for (c, cat) in s.categories.iter().enumerate() {
                    let Some(own) = s.queues.iter().find(|q| !q.egate && q.direction == st.direction && q.categories.contains(&c)) else {
                        continue;
                    };
                    // The gates, if this category may use them and they are quicker now (equal waits are no reason to move).
                    let egate_queue = gate
                        .filter(|_| cat.egate_share > 0.0)
                        .filter(|g| match (wait(g.id.as_str()), wait(own.id.as_str())) {
                            (Some(gw), Some(ow)) => gw < ow,
                            (Some(_), None) => true,
                            (None, _) => false,
                        })
                        .map(|g| g.id.to_string());
                    advice.push(BoardAdvice {
                        direction: st.direction,
                        category: cat.id.to_string(),
                        category_names: cat.names.clone(),
                        queue: own.id.to_string(),
                        egate_queue,
                    });
                }
            }
            let gates: Vec<_> = cp.lanes.iter().filter(|l| l.kind == borderflow_core::LaneKind::Egate).collect();
            Board {
                checkpoint: cp.id.to_string(),
                name: cp.name.clone(),
                names: s.names.clone(),
                time_zone: cp.time_zone.clone(),
                at: now.to_string(),
                queues,
                advice,
                egates_open: gates.iter().filter(|l| l.open).count() as u32,
                egates_total: gates.len() as u32,
            }
        })
        .collect();
    Json(boards)
}
