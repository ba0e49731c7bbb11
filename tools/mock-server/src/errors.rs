//! MiniMax's error answers, byte-for-byte in shape, so the app's error
//! handling is tested against what the real API sends.

use serde_json::Value;

use crate::http::Response;
use crate::ids;

/// The key the mock refuses (401/1004), for testing a "bad key" flow.
pub const BAD_KEY: &str = "bad-key";

/// `{"type":"error","error":{...},"request_id":"…"}` with `status`. Built by
/// hand to keep MiniMax's key order (serde_json's map would sort the keys).
pub fn minimax_error(status: u16, kind: &str, message: &str) -> Response {
    // A JSON string value displays as a quoted, escaped JSON string.
    let kind = Value::from(kind);
    let message = Value::from(message);
    let id = ids::new_id();
    let body = format!(
        r#"{{"type":"error","error":{{"type":{kind},"message":{message},"http_code":"{status}"}},"request_id":"{id}"}}"#
    );
    Response::new(status, "application/json", body)
}

pub fn bad_request(message: &str) -> Response {
    minimax_error(400, "bad_request_error", message)
}

/// No `Authorization: Bearer <key>` at all.
pub fn missing_key() -> Response {
    minimax_error(
        401,
        "authentication_error",
        "login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)",
    )
}

/// A key that MiniMax does not know.
pub fn invalid_key() -> Response {
    minimax_error(401, "authentication_error", "invalid api key (1004)")
}

pub fn not_found(method: &str, path: &str) -> Response {
    // Debug formatting quotes and escapes the path, so odd bytes stay inert.
    minimax_error(
        404,
        "not_found_error",
        &format!("no route for {method} {path:?}"),
    )
}

pub fn too_large() -> Response {
    minimax_error(
        413,
        "request_too_large",
        "request body exceeds the 64 MB limit (2013)",
    )
}
