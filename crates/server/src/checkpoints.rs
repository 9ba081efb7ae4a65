//! What screens need to know of each checkpoint that does not change during
//! the day: its names, categories, queues and lane groups, each with display
//! names per language. The dashboard, the hall map and the checkpoint selector
//! read it once; ids stay the keys, names are only shown.

use axum::Json;
use axum::extract::State;
use borderflow_core::scenario::{Names, Place};
use borderflow_core::{Direction, LaneKind, Scenario};
use serde::Serialize;

use crate::auth::{Principal, READERS};
use crate::error::ApiError;
use crate::state::AppState;

/// A category or a queue's id with its names.
#[derive(ts_rs::TS, Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Named {
    /// Id.
    pub id: String,
    /// Display names per language (`zh`, `en`, `ru`, `kk`); may lack some.
    #[schema(value_type = Object)]
    pub names: Names,
}

/// A queue.
#[derive(ts_rs::TS, Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueInfo {
    /// Id and names.
    #[serde(flatten)]
    pub named: Named,
    /// Where its line starts on the hall's floor plan, if the scenario gives one.
    #[schema(value_type = Option<Object>)]
    pub at: Option<Place>,
    /// `entry` or `exit`.
    #[schema(value_type = String)]
    pub direction: Direction,
    /// The e-gate queue of its direction?
    pub egate: bool,
    /// Categories triaged into it.
    pub categories: Vec<String>,
}

/// A group of lanes, as the scenario declares it.
#[derive(ts_rs::TS, Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LaneGroupInfo {
    /// Id and names.
    #[serde(flatten)]
    pub named: Named,
    /// `manual` or `egate`.
    #[schema(value_type = String)]
    pub kind: LaneKind,
    /// Where its first lane stands on the floor plan (the others follow 2 m apart), if the scenario gives one.
    #[schema(value_type = Option<Object>)]
    pub at: Option<Place>,
    /// Its lanes, in order (`D1`, `D2`).
    pub lanes: Vec<String>,
    /// The queues its lanes serve, highest priority first.
    pub serves: Vec<String>,
}

/// One checkpoint as configured.
#[derive(ts_rs::TS, Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckpointInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// What screens call it, per language.
    #[schema(value_type = Object)]
    pub names: Names,
    /// IANA time zone.
    pub time_zone: String,
    /// The service standard, minutes.
    pub max_wait_minutes: f64,
    /// Traveller categories.
    pub categories: Vec<Named>,
    /// Queues.
    pub queues: Vec<QueueInfo>,
    /// Lane groups.
    pub lane_groups: Vec<LaneGroupInfo>,
}

impl CheckpointInfo {
    /// The description of `s`.
    pub fn of(s: &Scenario) -> CheckpointInfo {
        let named = |id: &str, names: &Names| Named { id: id.to_owned(), names: names.clone() };
        CheckpointInfo {
            id: s.checkpoint.to_string(),
            name: s.name.clone(),
            names: s.names.clone(),
            time_zone: s.time_zone_name.clone(),
            max_wait_minutes: s.standard.max_wait_s / 60.0,
            categories: s.categories.iter().map(|c| named(c.id.as_str(), &c.names)).collect(),
            queues: s
                .queues
                .iter()
                .map(|q| QueueInfo {
                    named: named(q.id.as_str(), &q.names),
                    at: q.at,
                    direction: q.direction,
                    egate: q.egate,
                    categories: q.categories.iter().map(|&c| s.categories[c].id.to_string()).collect(),
                })
                .collect(),
            lane_groups: s
                .lane_groups
                .iter()
                .map(|g| {
                    let lanes: Vec<_> = s.lanes.iter().filter(|l| l.group == g.id).collect();
                    LaneGroupInfo {
                        named: named(&g.id, &g.names),
                        kind: g.kind,
                        at: g.at,
                        lanes: lanes.iter().map(|l| l.id.to_string()).collect(),
                        serves: lanes.first().map(|l| l.serves.iter().map(|&q| s.queues[q].id.to_string()).collect()).unwrap_or_default(),
                    }
                })
                .collect(),
        }
    }
}

/// Every checkpoint this server carries that the caller may read.
#[utoipa::path(get, path = "/api/v1/checkpoints", tag = "live", responses((status = 200, description = "Each checkpoint's names, categories, queues and lane groups, with display names per language", body = Vec<CheckpointInfo>)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<CheckpointInfo>>, ApiError> {
    who.require(READERS, "read the checkpoints")?;
    Ok(Json(state.scenarios.iter().filter(|s| who.require_checkpoint(s.checkpoint.as_str()).is_ok()).map(CheckpointInfo::of).collect()))
}
