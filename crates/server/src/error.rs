//! The one place that chooses status codes. Clients get what they did wrong;
//! internal faults become a bare 503/500 and are logged with their detail.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use borderflow_store::StoreError;
use serde::Serialize;

/// An API error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// No or malformed credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// Authenticated, but the role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The request is malformed (names what and where).
    #[error("{0}")]
    BadRequest(String),
    /// No such thing.
    #[error("{0}")]
    NotFound(String),
    /// The request does not follow from the current state (an instruction answered twice).
    #[error("{0}")]
    Conflict(String),
    /// Too large.
    #[error("{0}")]
    TooLarge(String),
    /// Slowed down (wrong secrets from this client or for this token): retry after the duration.
    #[error("too many failed attempts or token checks at once; retry in {} s", .0.as_secs())]
    TooManyRequests(std::time::Duration),
    /// The store cannot be reached: nothing was acknowledged.
    #[error("store unavailable")]
    Unavailable(String),
    /// The disk is full: nothing in the request was stored.
    #[error("the disk is full: nothing in this request was stored; retry once space is freed")]
    DiskFull(String),
    /// The server answers but cannot do its work (health checks).
    #[error("{0}")]
    Degraded(String),
    /// A bug or corruption.
    #[error("internal error")]
    Internal(String),
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: String,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(m) => ApiError::BadRequest(m),
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            StoreError::Full(m) => ApiError::DiskFull(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::DiskFull(_) => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::Degraded(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let ApiError::Unavailable(detail) | ApiError::DiskFull(detail) | ApiError::Internal(detail) = &self {
            tracing::error!(%status, detail, "request failed");
        }
        let mut res = (status, Json(ErrorBody { error: self.to_string() })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        if let ApiError::TooManyRequests(after) = &self {
            res.headers_mut().insert("retry-after", axum::http::HeaderValue::from(after.as_secs()));
        }
        res
    }
}

/// `Query<T>` whose refusal is an [`ApiError`]: a missing or malformed
/// parameter gets the same JSON error, naming it, as every other mistake
/// (axum's own answer is plain text).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(q)| ApiQuery(q))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}
