//! The pages — dashboard (`/`), public board, desk terminal, guide handheld, sign-in, admin — built from `web/`
//! by this crate's build script into `OUT_DIR` and embedded in the binary.

use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$OUT_DIR/web"]
struct Assets;

fn file(path: &str) -> Response {
    match Assets::get(path) {
        Some(f) => {
            // Hashed asset names never change content: cache them; pages are always fresh.
            let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
            ([(header::CONTENT_TYPE, f.metadata.mimetype().to_owned()), (header::CACHE_CONTROL, cache.to_owned())], f.data).into_response()
        }
        None => (StatusCode::NOT_FOUND, format!("no such page: /{path}")).into_response(),
    }
}

/// `/`: the command centre.
pub async fn dashboard() -> Response {
    file("index.html")
}

/// `/board`: the public wait board.
pub async fn board() -> Response {
    file("board.html")
}

/// `/desk`: a manual desk's terminal (opened with its lane's device token).
pub async fn desk() -> Response {
    file("desk.html")
}

/// `/guide`: the guides' phone page (opened with an officer token).
pub async fn guide() -> Response {
    file("guide.html")
}

/// `/signin`: people sign in (name and password, or a one-time link).
pub async fn signin() -> Response {
    file("signin.html")
}

/// `/admin`: people and failed webhook deliveries (for admins).
pub async fn admin() -> Response {
    file("admin.html")
}

/// `/assets/…`: scripts and styles.
pub async fn asset(uri: Uri) -> Response {
    file(uri.path().trim_start_matches('/'))
}
