//! What a desk terminal and the officers' table read: `GET /api/v1/desk`
//! gives a lane's device its lane, the queues it serves, the officer at it
//! (count today, time without a break) and the instructions for it;
//! `GET /api/v1/officers` gives every officer's day.

use axum::Json;
use axum::extract::State;
use borderflow_command::Instruction;
use borderflow_core::instruction::Target;
use borderflow_live::{LaneView, OfficerView, QueueView};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::auth::{Principal, Role};
use crate::checkpoints::CheckpointInfo;
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;

/// A desk's view of the hall.
#[derive(ts_rs::TS, Debug, Serialize, utoipa::ToSchema)]
pub struct DeskView {
    /// The server's clock: the desk dates its events by it (a terminal's own clock may be off).
    #[schema(value_type = String)]
    pub at: Timestamp,
    /// Checkpoint.
    pub checkpoint: String,
    /// Its time zone (the desk shows local time).
    pub time_zone: String,
    /// The checkpoint as configured: the names the desk shows for queues and categories.
    pub info: CheckpointInfo,
    /// The lane.
    #[schema(value_type = Object)]
    pub lane: LaneView,
    /// The queues it serves, in the order it serves them.
    #[schema(value_type = Vec<Object>)]
    pub queues: Vec<QueueView>,
    /// The officer at it: their count today and time without a break.
    #[schema(value_type = Option<Object>)]
    pub officer: Option<OfficerView>,
    /// The continuous-work rule, seconds, and how long before it the desk warns.
    pub max_continuous_work_s: f64,
    /// How long before the rule the officer is warned, seconds.
    pub notice_s: f64,
    /// Instructions for this lane, its officer, its hall or everyone: unanswered first, then the latest answered.
    #[schema(value_type = Vec<Object>)]
    pub instructions: Vec<Instruction>,
}

/// `GET /api/v1/desk` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DeskParams {
    /// The lane (supervisors and admins; a device reads its own).
    pub lane: Option<String>,
}

/// The desk terminal's view of its lane.
#[utoipa::path(get, path = "/api/v1/desk", tag = "desk", params(DeskParams),
    responses((status = 200, description = "The lane, its queues, its officer and the instructions for it", body = DeskView), (status = 403, description = "Not a lane's device, supervisor or admin")),
    security(("bearer" = [])))]
pub async fn desk(State(state): State<AppState>, who: Principal, ApiQuery(p): ApiQuery<DeskParams>) -> Result<Json<DeskView>, ApiError> {
    who.require(&[Role::Device, Role::Supervisor, Role::Admin], "read a desk")?;
    let lane = match (&who.role, &who.lane, p.lane) {
        (Role::Device, Some(mine), _) => mine.clone(),
        (Role::Device, None, _) => {
            return Err(ApiError::Forbidden("this sensor token has no lane: a desk needs a lane's device token".into()));
        }
        (_, _, Some(l)) => l,
        (_, _, None) => return Err(ApiError::BadRequest("say which lane: ?lane=".into())),
    };
    let s = state
        .scenarios
        .iter()
        .find(|s| s.lane_index(&lane).is_some() && who.checkpoint.as_deref().is_none_or(|c| s.checkpoint == *c))
        .ok_or_else(|| ApiError::NotFound(format!("no lane `{lane}`")))?;
    let li = s.lane_index(&lane).expect("found");
    let direction = s.queues[s.own_queue(li)].direction;
    let now = state.clock.now();
    state.desks_seen.lock().expect("not poisoned").insert(lane.clone(), std::time::Instant::now());
    let (lane_view, queues, officer) = {
        let live = state.live.lock().expect("not poisoned");
        let cp = live.checkpoint(s.checkpoint.as_str()).expect("configured");
        let lane_view = cp.lanes(now).into_iter().find(|l| l.id == *lane.as_str()).expect("a lane of the hall");
        let all = cp.queues(now);
        let queues = s.lanes[li].serves.iter().map(|&q| all[q].clone()).collect();
        let officer = lane_view.officer.as_ref().and_then(|o| cp.officers(now).into_iter().find(|v| v.officer == *o));
        (lane_view, queues, officer)
    };
    let for_me = |i: &Instruction| match &i.to {
        Target::Lane { lane: l } => *l == *lane.as_str(),
        Target::Officer { officer } => officer_is(&lane_view, officer),
        Target::Hall { direction: d } => *d == direction,
        Target::Everyone => true,
        Target::Guides => false,
    };
    let book = state.instructions.lock().expect("not poisoned");
    let mut instructions: Vec<Instruction> =
        book.list(None).into_iter().filter(|i| i.checkpoint == s.checkpoint && for_me(i)).cloned().collect();
    // Unanswered first (oldest first: answer in order), then the five latest answered.
    instructions.sort_by(|a, b| match (a.state.unanswered(), b.state.unanswered()) {
        (true, true) => a.sent_at.cmp(&b.sent_at),
        (false, false) => b.sent_at.cmp(&a.sent_at),
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
    });
    let unanswered = instructions.iter().filter(|i| i.state.unanswered()).count();
    instructions.truncate(unanswered + 5);
    Ok(Json(DeskView {
        at: now,
        checkpoint: s.checkpoint.to_string(),
        time_zone: s.time_zone_name.clone(),
        info: CheckpointInfo::of(s),
        lane: lane_view,
        queues,
        officer,
        max_continuous_work_s: s.standard.max_continuous_work_s,
        notice_s: borderflow_live::alerts::LONG_SHIFT_NOTICE_S,
        instructions,
    }))
}

fn officer_is(lane: &LaneView, officer: &borderflow_core::Id) -> bool {
    lane.officer.as_ref() == Some(officer)
}

/// One checkpoint's officers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckpointOfficers {
    /// Checkpoint.
    pub checkpoint: String,
    /// Every officer the events have named: lane, count today, time without a break.
    #[schema(value_type = Vec<Object>)]
    pub officers: Vec<OfficerView>,
}

/// Every officer's day: where, how many today, how long without a break.
#[utoipa::path(get, path = "/api/v1/officers", tag = "live",
    responses((status = 200, description = "Per checkpoint, every officer's lane, count today and continuous time", body = Vec<CheckpointOfficers>)), security(("bearer" = [])))]
pub async fn officers(State(state): State<AppState>, who: Principal) -> Result<Json<Vec<CheckpointOfficers>>, ApiError> {
    who.require(&[Role::Viewer, Role::Officer, Role::Supervisor, Role::Admin], "read the officers' day")?;
    let now = state.clock.now();
    let live = state.live.lock().expect("not poisoned");
    Ok(Json(
        state
            .scenarios
            .iter()
            .filter(|s| who.checkpoint.as_deref().is_none_or(|c| s.checkpoint == *c))
            .filter_map(|s| {
                live.checkpoint(s.checkpoint.as_str())
                    .map(|cp| CheckpointOfficers { checkpoint: s.checkpoint.to_string(), officers: cp.officers(now) })
            })
            .collect(),
    ))
}

/// An officer signing in at a desk with their user account.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DeskSignIn {
    /// The officer's user name (it becomes their officer id in the events).
    pub name: String,
    /// Their password.
    pub password: String,
}

/// An officer signs in at this desk with their user account (the lane's
/// device only): the password is checked, then `officer_on` is recorded for
/// this lane with the user's name as the officer.
#[utoipa::path(post, path = "/api/v1/desk/officer", tag = "desk", request_body = DeskSignIn,
    responses((status = 200, description = "The `officer_on` event recorded", body = Object), (status = 401, description = "Wrong name or password"),
        (status = 403, description = "Not a lane's device, or a user who is not an officer or supervisor"), (status = 429, description = "Too many wrong passwords")),
    security(("bearer" = [])))]
pub async fn officer_signs_in(
    State(state): State<AppState>,
    who: Principal,
    crate::auth::ClientAddr(client): crate::auth::ClientAddr,
    Json(s): Json<DeskSignIn>,
) -> Result<Json<borderflow_core::Event>, ApiError> {
    who.require(&[Role::Device], "sign an officer in at a desk")?;
    let lane = who.lane.clone().ok_or_else(|| ApiError::Forbidden("this device token has no lane".into()))?;
    let checkpoint = state
        .scenarios
        .iter()
        .find(|sc| sc.lane_index(&lane).is_some() && who.checkpoint.as_deref().is_none_or(|c| sc.checkpoint == *c))
        .map(|sc| sc.checkpoint.clone())
        .ok_or_else(|| ApiError::NotFound(format!("no checkpoint here has lane `{lane}`")))?;
    let user = crate::sessions::verify_person(&state, &s.name, s.password, client).await?;
    if !matches!(Role::parse(&user.role), Some(Role::Officer | Role::Supervisor)) {
        return Err(ApiError::Forbidden(format!("user `{}` is a {}, not an officer", user.name, user.role)));
    }
    let id = |s: &str| borderflow_core::Id::new(s).map_err(|e| ApiError::Internal(format!("{s}: {e}")));
    let body =
        borderflow_core::EventBody::OfficerOn(borderflow_core::event::OfficerChange { officer: id(&user.name)?, lane: Some(id(&lane)?) });
    let ev = borderflow_core::Event { id: uuid::Uuid::now_v7(), at: state.clock.now(), checkpoint, body };
    state.accept(std::slice::from_ref(&ev)).await?;
    tracing::info!(officer = %user.name, %lane, "officer signed in at a desk");
    Ok(Json(ev))
}
