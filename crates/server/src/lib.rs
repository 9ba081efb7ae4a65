//! # borderflow-server
//!
//! The HTTP API of a checkpoint (or several): lane devices, e-gates and
//! sensors post events; duty officers read the live picture, its stream and
//! statistics; supervisors open and close lanes.
//!
//! - [`router`] builds the axum `Router` over an [`AppState`] (store, live
//!   picture, tokens, clock, stream channels) — tests drive it with `oneshot`
//!   and no socket; [`serve`] runs it on a listener until a shutdown signal.
//! - [`ingest`]: `POST /api/v1/events`, durable before the answer, per-event
//!   outcomes. [`routes`]: live, board, stats, lanes, healthz, metrics.
//!   [`stream`]: server-sent events. [`auth`]: bearer tokens with roles.
//!   [`tasks`]: rebuild at start, rollups, alerts, the twin's refresh.
//!   [`twin`]: the simulator run ahead from the live picture.
//!   [`instructions`]: the command network — instructions sent, answered,
//!   escalated and proven done, each step an event.
//! - Status codes are chosen in one place, [`error::ApiError`].
//!
//! Routes (OpenAPI at `/api/v1/openapi.json`):
//!
//! | route | who |
//! |---|---|
//! | `POST /api/v1/events` | device (own lane), admin; officer (head counts, `queue_count`, only) |
//! | `GET /api/v1/live`, `/api/v1/live/stream`, `/api/v1/twin`, `/api/v1/plan`, `/api/v1/stats`, `/api/v1/stats/lanes`, `/metrics` | viewer, officer, supervisor, admin |
//! | `POST /api/v1/lanes/{id}/open`, `/close`, `PUT /api/v1/plan`, `POST /api/v1/instructions` | supervisor, admin |
//! | `GET /api/v1/instructions` | viewer, officer, device, supervisor, admin |
//! | `GET /api/v1/desk` | a lane's device (its lane); supervisor, admin (`?lane=`) |
//! | `POST /api/v1/desk/officer` (an officer signs in at the desk with their password) | a lane's device |
//! | `GET /api/v1/officers`, `GET /api/v1/alerts` | viewer, officer, supervisor, admin |
//! | `POST /api/v1/alerts/ack` | supervisor, admin |
//! | `POST /api/v1/instructions/{id}/delivered`, `/ack`, `/decline` | officer, supervisor, admin; a device for its own lane |
//! | `GET /api/v1/users`, `POST /api/v1/users`, `/users/{name}/disable`, `/users/{name}/link` | admin |
//! | `POST /api/v1/users/{name}/password` | admin; the user themself |
//! | `GET /api/v1/webhooks/failed`, `POST /api/v1/webhooks/failed/{id}/retry` | admin |
//! | `POST /api/v1/session`, `/api/v1/session/link` (sign in), `GET /api/v1/board`, `/healthz`, `/api/v1/openapi.json` | anyone |
//! | `GET`, `DELETE /api/v1/session` (who am I, sign out) | anyone signed in |
//! | `GET /` (dashboard), `/board` (public board), `/desk` (desk terminal), `/guide` (guide handheld), `/signin`, `/admin`, `/assets/…` | anyone (the pages ask people to sign in) |
//!
//! People sign in ([`sessions`]) into a cookie, and send `X-CSRF-Token` on
//! every state-changing call; devices and scripts send
//! `Authorization: Bearer <token>`.

pub mod alerts;
pub mod api_types;
pub mod auth;
pub mod board;
pub mod checkpoints;
pub mod demand;
pub mod desk;
pub mod error;
pub mod follow;
pub mod forward;
pub mod history;
pub mod ingest;
pub mod instructions;
pub mod plans;
pub mod retention;
pub mod routes;
pub mod sessions;
pub mod state;
pub mod stream;
pub mod tasks;
pub mod throttle;
pub mod tokens;
pub mod twin;
pub mod users;
pub mod web;
pub mod webhooks;

use std::future::Future;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa::OpenApi;

pub use auth::{Role, create_token};
pub use state::{AppState, Clock, LaneCommand, SystemClock};

/// The API's OpenAPI description, generated from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(title = "borderflow", description = "Checkpoint events in; live queues, waits, alerts and statistics out."),
    paths(ingest::post_events, routes::live, routes::twin, plans::put_plan, plans::get_plan, stream::stream, board::board, checkpoints::list, routes::stats, routes::lane_stats, history::history, routes::lane_command, instructions::send, instructions::list, instructions::delivered, instructions::ack, instructions::decline, desk::desk, desk::officer_signs_in, desk::officers, alerts::list, alerts::ack, tokens::list, tokens::revoke, sessions::sign_in, sessions::sign_in_with_link, sessions::whoami, sessions::sign_out, users::list, users::add, users::disable, users::password, users::link, webhooks::routes::failed, webhooks::routes::retry, routes::healthz, routes::metrics),
    components(schemas(ingest::IngestReport, ingest::Refused, board::Board, board::BoardQueue, board::BoardAdvice, checkpoints::CheckpointInfo, checkpoints::QueueInfo, checkpoints::LaneGroupInfo, checkpoints::Named, tokens::TokenInfo, error::ErrorBody, instructions::NewInstruction, instructions::Decline, instructions::Listed, desk::DeskView, desk::DeskSignIn, desk::CheckpointOfficers, alerts::DayAlerts, alerts::AckAlert, sessions::SessionInfo, sessions::SignIn, sessions::LinkSignIn, users::UserInfo, users::NewUser, users::Added, users::NewPassword, webhooks::routes::Failed)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

/// The application's routes over `state`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/events", post(ingest::post_events))
        .route("/api/v1/live", get(routes::live))
        .route("/api/v1/live/stream", get(stream::stream))
        .route("/api/v1/board", get(board::board))
        .route("/api/v1/checkpoints", get(checkpoints::list))
        .route("/api/v1/twin", get(routes::twin))
        .route("/api/v1/plan", get(plans::get_plan).put(plans::put_plan))
        .route("/api/v1/stats", get(routes::stats))
        .route("/api/v1/stats/lanes", get(routes::lane_stats))
        .route("/api/v1/history", get(history::history))
        .route("/api/v1/lanes/{id}/{action}", post(routes::lane_command))
        .route("/api/v1/instructions", get(instructions::list).post(instructions::send))
        .route("/api/v1/alerts", get(alerts::list))
        .route("/api/v1/alerts/ack", post(alerts::ack))
        .route("/api/v1/desk", get(desk::desk))
        .route("/api/v1/desk/officer", post(desk::officer_signs_in))
        .route("/api/v1/officers", get(desk::officers))
        .route("/api/v1/instructions/{id}/delivered", post(instructions::delivered))
        .route("/api/v1/instructions/{id}/ack", post(instructions::ack))
        .route("/api/v1/instructions/{id}/decline", post(instructions::decline))
        .route("/api/v1/session", get(sessions::whoami).post(sessions::sign_in).delete(sessions::sign_out))
        .route("/api/v1/session/link", post(sessions::sign_in_with_link))
        .route("/api/v1/users", get(users::list).post(users::add))
        .route("/api/v1/users/{name}/disable", post(users::disable))
        .route("/api/v1/users/{name}/password", post(users::password))
        .route("/api/v1/users/{name}/link", post(users::link))
        .route("/api/v1/webhooks/failed", get(webhooks::routes::failed))
        .route("/api/v1/webhooks/failed/{id}/retry", post(webhooks::routes::retry))
        .route("/api/v1/tokens", get(tokens::list))
        .route("/api/v1/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/healthz", get(routes::healthz))
        .route("/metrics", get(routes::metrics))
        .route("/", get(web::dashboard))
        .route("/board", get(web::board))
        .route("/desk", get(web::desk))
        .route("/guide", get(web::guide))
        .route("/signin", get(web::signin))
        .route("/admin", get(web::admin))
        .route("/assets/{*file}", get(web::asset))
        .layer(axum::middleware::map_response(too_large_as_json))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Most bytes in one request body: 10,000 events of a few hundred bytes each, with room to spare.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// axum's body limit answers in plain text: say it in JSON like every other error.
async fn too_large_as_json(res: axum::response::Response) -> axum::response::Response {
    let json = res.headers().get(axum::http::header::CONTENT_TYPE).is_some_and(|c| c.as_bytes().starts_with(b"application/json"));
    if res.status() != axum::http::StatusCode::PAYLOAD_TOO_LARGE || json {
        return res;
    }
    axum::response::IntoResponse::into_response(error::ApiError::TooLarge(format!(
        "the request body is larger than {} MiB ({MAX_BODY_BYTES} bytes); send at most {} events per request",
        MAX_BODY_BYTES / (1024 * 1024),
        ingest::MAX_BATCH
    )))
}

/// Serves `router` on `listener` until `shutdown` resolves; in-flight requests
/// finish (their events are already durable when acknowledged).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The client's address feeds the wrong-secret throttle.
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(shutdown).await
}
