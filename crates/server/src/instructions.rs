//! The command network on the server: instructions sent by supervisors,
//! received and answered by the people and terminals they address,
//! escalated when nobody answers, and proven done by the lane or officer
//! event that follows. Every step is an `instruction` event in the store.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use borderflow_command::{Instruction, StepError};
use borderflow_core::instruction::{InstructionStep, Order, Step, Target};
use borderflow_core::{Event, EventBody, Id, Scenario};
use serde::{Deserialize, Serialize};

use crate::auth::{Principal, Role};
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;

/// `POST /api/v1/instructions`.
#[derive(ts_rs::TS, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInstruction {
    /// Checkpoint (optional when the server carries one).
    #[serde(default)]
    #[ts(optional)]
    pub checkpoint: Option<String>,
    /// Who it is for: `{"kind":"lane","lane":"D5"}`, `{"kind":"officer","officer":"D5-1"}`,
    /// `{"kind":"guides"}`, `{"kind":"hall","direction":"entry"}`, `{"kind":"everyone"}`.
    #[schema(value_type = Object)]
    pub to: Target,
    /// What to do: `open_lane`, `close_lane` (`lane`), `move_officer` (`officer`, `lane`),
    /// `send_category` (`category`, `queue`), `message` (`text`, at most 200 bytes).
    #[schema(value_type = Object)]
    pub order: Order,
}

/// `POST /api/v1/instructions/{id}/decline`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decline {
    /// Why (1 to 200 bytes).
    pub reason: String,
}

/// `GET /api/v1/instructions` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// Only this state: sent, delivered, acknowledged, declined, done.
    pub state: Option<String>,
}

/// The instructions, and today's median time to acknowledge.
#[derive(ts_rs::TS, Debug, Serialize, utoipa::ToSchema)]
#[ts(rename = "InstructionList")]
pub struct Listed {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub instructions: Vec<Instruction>,
    /// Median seconds from sent to acknowledged of the instructions sent in the last 24 hours (None: none acknowledged).
    pub median_time_to_ack_s: Option<f64>,
}

/// Checks an order's and a target's lanes, queues and categories against the checkpoint's scenario.
fn check_refs(s: &Scenario, to: &Target, order: &Order) -> Result<(), ApiError> {
    let lane =
        |id: &Id| s.lane_index(id.as_str()).map(|_| ()).ok_or_else(|| ApiError::BadRequest(format!("no lane `{id}` at {}", s.checkpoint)));
    match to {
        Target::Lane { lane: l } => lane(l)?,
        Target::Officer { .. } | Target::Guides | Target::Hall { .. } | Target::Everyone => {}
    }
    match order {
        Order::OpenLane { lane: l } | Order::CloseLane { lane: l } | Order::MoveOfficer { lane: l, .. } => lane(l)?,
        Order::SendCategory { category, queue } => {
            s.category_index(category.as_str())
                .ok_or_else(|| ApiError::BadRequest(format!("no category `{category}` at {}", s.checkpoint)))?;
            s.queue_index(queue.as_str()).ok_or_else(|| ApiError::BadRequest(format!("no queue `{queue}` at {}", s.checkpoint)))?;
        }
        Order::Message { text } if text.trim().is_empty() || text.len() > borderflow_core::instruction::MAX_TEXT => {
            return Err(ApiError::BadRequest(format!("a message is 1 to {} bytes", borderflow_core::instruction::MAX_TEXT)));
        }
        Order::Message { .. } => {}
    }
    Ok(())
}

/// Who did it, as the audit records it: the user's name or `token:<id>`.
fn by(who: &Principal) -> Option<Id> {
    Id::new(who.by()).ok()
}

/// Sends an instruction (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/instructions", tag = "instructions", request_body = NewInstruction,
    responses((status = 201, description = "Sent: the instruction as recorded", body = Object), (status = 400, description = "An unknown lane, queue or category, or a message too long", body = crate::error::ErrorBody),
        (status = 403, description = "Only supervisors and admins")),
    security(("bearer" = [])))]
pub async fn send(
    State(state): State<AppState>,
    who: Principal,
    Json(n): Json<NewInstruction>,
) -> Result<(StatusCode, Json<Instruction>), ApiError> {
    who.require(&[Role::Supervisor, Role::Admin], "send instructions")?;
    let s = match (&n.checkpoint, state.scenarios.as_slice()) {
        (Some(c), _) => state.scenario(c).ok_or_else(|| ApiError::NotFound(format!("no checkpoint `{c}`")))?,
        (None, [one]) => one,
        (None, _) => return Err(ApiError::BadRequest("this server carries several checkpoints: say which (`checkpoint`)".into())),
    };
    who.require_checkpoint(s.checkpoint.as_str()).map_err(ApiError::Forbidden)?;
    check_refs(s, &n.to, &n.order)?;
    let id = Id::new(format!("in-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])).expect("an id");
    let step =
        InstructionStep { instruction: id.clone(), step: Step::Sent, by: by(&who), to: Some(n.to), order: Some(n.order), note: None };
    record(&state, s.checkpoint.clone(), step).await?;
    let i = state.instructions.lock().expect("not poisoned").get(id.as_str()).cloned().expect("just recorded");
    Ok((StatusCode::CREATED, Json(i)))
}

/// Lists instructions (any reader).
#[utoipa::path(get, path = "/api/v1/instructions", tag = "instructions", params(ListParams),
    responses((status = 200, description = "Instructions, newest first, and today's median time to acknowledge", body = Listed)), security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, who: Principal, ApiQuery(p): ApiQuery<ListParams>) -> Result<Json<Listed>, ApiError> {
    who.require(&[Role::Viewer, Role::Officer, Role::Device, Role::Supervisor, Role::Admin], "read instructions")?;
    let filter = match p.state.as_deref() {
        None => None,
        Some(s) => Some(
            borderflow_command::State::parse(s)
                .ok_or_else(|| ApiError::BadRequest(format!("state `{s}`: use sent, delivered, acknowledged, declined or done")))?,
        ),
    };
    let now = state.clock.now();
    let book = state.instructions.lock().expect("not poisoned");
    let mine = |i: &&Instruction| who.checkpoint.as_deref().is_none_or(|c| i.checkpoint == *c);
    let instructions: Vec<Instruction> = book.list(filter).into_iter().filter(mine).cloned().collect();
    let day = now - jiff::SignedDuration::from_hours(24);
    let median = state.scenarios.iter().filter_map(|s| book.median_time_to_ack_s(s.checkpoint.as_str(), day, now)).next();
    Ok(Json(Listed { instructions, median_time_to_ack_s: median }))
}

/// Marks an instruction received by the addressed terminal.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/delivered", tag = "instructions", params(("id" = String, Path, description = "Instruction id")),
    responses((status = 200, description = "The instruction", body = Object), (status = 409, description = "It is past that step", body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn delivered(state: State<AppState>, who: Principal, id: Path<String>) -> Result<Json<Instruction>, ApiError> {
    answer(state, who, id, Step::Delivered, None).await
}

/// Acknowledges an instruction: the addressee will do it.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/ack", tag = "instructions", params(("id" = String, Path, description = "Instruction id")),
    responses((status = 200, description = "The instruction", body = Object), (status = 403, description = "Not the addressee"), (status = 409, description = "Already answered", body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn ack(state: State<AppState>, who: Principal, id: Path<String>) -> Result<Json<Instruction>, ApiError> {
    answer(state, who, id, Step::Acknowledged, None).await
}

/// Declines an instruction, with a reason.
#[utoipa::path(post, path = "/api/v1/instructions/{id}/decline", tag = "instructions", params(("id" = String, Path, description = "Instruction id")), request_body = Decline,
    responses((status = 200, description = "The instruction", body = Object), (status = 400, description = "No reason"), (status = 409, description = "Already answered", body = crate::error::ErrorBody)), security(("bearer" = [])))]
pub async fn decline(
    state: State<AppState>,
    who: Principal,
    id: Path<String>,
    Json(d): Json<Decline>,
) -> Result<Json<Instruction>, ApiError> {
    if d.reason.trim().is_empty() || d.reason.len() > 200 {
        return Err(ApiError::BadRequest("`reason`: say why, in 1 to 200 bytes".into()));
    }
    answer(state, who, id, Step::Declined, Some(d.reason.trim().to_owned())).await
}

/// A terminal's or a person's answer: readers may not answer; a lane's
/// device only what is addressed to its lane.
async fn answer(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    step: Step,
    note: Option<String>,
) -> Result<Json<Instruction>, ApiError> {
    who.require(&[Role::Device, Role::Officer, Role::Supervisor, Role::Admin], "answer instructions")?;
    let (checkpoint, to) = {
        let book = state.instructions.lock().expect("not poisoned");
        let i = book.get(&id).ok_or_else(|| ApiError::NotFound(format!("no instruction `{id}`")))?;
        (i.checkpoint.clone(), i.to.clone())
    };
    who.require_checkpoint(checkpoint.as_str()).map_err(ApiError::Forbidden)?;
    if who.role == Role::Device && !matches!(&to, Target::Lane { lane } if who.lane.as_deref() == Some(lane.as_str())) {
        return Err(ApiError::Forbidden(format!("instruction `{id}` is not addressed to this device's lane")));
    }
    let instruction = Id::new(id.clone()).map_err(|e| ApiError::BadRequest(format!("id: {e}")))?;
    record(&state, checkpoint, InstructionStep { instruction, step, by: by(&who), to: None, order: None, note }).await?;
    let i = state.instructions.lock().expect("not poisoned").get(&id).cloned().expect("recorded");
    Ok(Json(i))
}

/// Records one step if it follows (409 if not): stored as an event, applied
/// to the book, sent on the live stream.
pub async fn record(state: &AppState, checkpoint: Id, step: InstructionStep) -> Result<(), ApiError> {
    state.instructions.lock().expect("not poisoned").check(&step).map_err(|e: StepError| match e {
        StepError::Unknown(_) => ApiError::NotFound(e.to_string()),
        _ => ApiError::Conflict(e.to_string()),
    })?;
    let ev = Event { id: uuid::Uuid::now_v7(), at: state.clock.now(), checkpoint, body: EventBody::Instruction(step) };
    state.accept(std::slice::from_ref(&ev)).await?;
    Ok(())
}

/// Escalates every unanswered instruction that is due at the server's clock:
/// to the supervisor after [`AppState::escalate_after`], to everyone in the
/// hall after twice it. Returns how many were escalated.
pub async fn escalate(state: &AppState) -> Result<usize, ApiError> {
    let due: Vec<(Id, Id, u8)> = {
        let book = state.instructions.lock().expect("not poisoned");
        book.due_escalations(state.clock.now(), state.escalate_after)
            .into_iter()
            .filter_map(|(id, level)| book.get(id.as_str()).map(|i| (id, i.checkpoint.clone(), level)))
            .collect()
    };
    for (id, checkpoint, level) in &due {
        let to = if *level == 1 { "the supervisor" } else { "everyone in the hall" };
        tracing::warn!(instruction = %id, level, "unanswered instruction escalated to {to}");
        let step =
            InstructionStep { instruction: id.clone(), step: Step::Escalated, by: None, to: None, order: None, note: Some(to.into()) };
        record(state, checkpoint.clone(), step).await?;
    }
    Ok(due.len())
}
