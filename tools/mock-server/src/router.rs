//! One connection: read the request, route it, answer, close. Also the CORS
//! policy, which depends only on the path so preflights get it right too.

use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::http::{self, ParseError, Request, Response};
use crate::{Shared, chat, errors, scenarios, static_files};

/// A browser's speculative preconnect may never send a request; don't keep
/// its thread forever.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

pub const MODELS: &[&str] = &[
    "MiniMax-M3",
    "MiniMax-M2.7",
    "MiniMax-M2.7-highspeed",
    "MiniMax-M2.5",
    "MiniMax-M2.5-highspeed",
    "MiniMax-M2.1",
    "MiniMax-M2",
];

/// Paths under `/nocors/` never get CORS headers, even on preflight, so a
/// cross-origin fetch to them fails the way it would against a real API
/// without CORS.
pub fn cors_allowed(path: &str) -> bool {
    !path.starts_with("/nocors/")
}

pub fn cors_headers() -> Vec<(String, String)> {
    [
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "POST, GET, OPTIONS"),
        (
            "Access-Control-Allow-Headers",
            "authorization, content-type",
        ),
        // Lets the app read Retry-After on a cross-origin 429.
        ("Access-Control-Expose-Headers", "retry-after"),
        ("Access-Control-Max-Age", "600"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub fn serve_connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true); // each streamed write goes out at once
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut req = match http::read_head(&mut reader) {
        Ok(req) => req,
        Err(e) => return refuse(stream, reader, e, true, shared),
    };
    let cors = cors_allowed(&req.path);
    // curl (not browsers) waits for this before sending bodies over 1 KB.
    if req
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    if let Err(e) = http::read_body(&mut reader, &mut req) {
        return refuse(stream, reader, e, cors, shared);
    }
    let (status, note) = dispatch(&req, &mut stream, shared, cors);
    shared.note(&format!("{} {} -> {status} {note}", req.method, req.path));
    let _ = stream.shutdown(Shutdown::Write);
}

/// Answers a request that could not be read, then drains what the client is
/// still sending: closing with unread data would reset the connection and
/// the client might never see the status.
fn refuse(
    mut stream: TcpStream,
    mut reader: BufReader<TcpStream>,
    error: ParseError,
    cors: bool,
    shared: &Shared,
) {
    let resp = match error {
        ParseError::Closed => return,
        ParseError::BadRequest(why) => errors::bad_request(why),
        ParseError::HeadTooLarge => {
            errors::minimax_error(431, "bad_request_error", "request head too large")
        }
        ParseError::BodyTooLarge => errors::too_large(),
    };
    shared.note(&format!("refused request -> {}", resp.status));
    write(&mut stream, resp, cors, false);
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut sink = [0u8; 64 * 1024];
    while Instant::now() < deadline {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Routes a request; returns the status and a note for the log line.
fn dispatch(req: &Request, stream: &mut TcpStream, shared: &Shared, cors: bool) -> (u16, String) {
    let method = req.method.as_str();
    let path = req.path.as_str();
    let get = method == "GET" || method == "HEAD";
    let head_only = method == "HEAD";
    if method == "OPTIONS" {
        return write(stream, Response::empty(204), cors, false);
    }
    if path.ends_with("/v1/chat/completions") {
        if method == "POST" {
            return chat::handle(req, stream, shared, cors);
        }
        return write(stream, method_not_allowed(), cors, head_only);
    }
    let resp = if get && path.ends_with("/v1/models") {
        models(req)
    } else if get && path == "/_mock/requests" {
        Response::json(200, &shared.log.snapshot())
    } else if method == "POST" && path == "/_mock/reset" {
        shared.log.clear();
        Response::json(200, &json!({"ok": true}))
    } else if get && path == "/_mock/health" {
        Response::new(200, "text/plain; charset=utf-8", "ok")
    } else if get && path == "/_mock/scenarios" {
        let list: Vec<_> = scenarios::SCENARIOS
            .iter()
            .map(|s| json!({"name": s.name, "about": s.about}))
            .collect();
        Response::json(200, &json!(list))
    } else if get {
        match &shared.config.static_dir {
            Some(dir) => static_files::serve_under(dir, &shared.config.static_prefix, path),
            None => errors::not_found(method, path),
        }
    } else {
        method_not_allowed()
    };
    write(stream, resp, cors, head_only)
}

/// No key is fine (the app may list models before one is set), but the
/// mock's bad key is refused so a "check key" flow can be tested.
fn models(req: &Request) -> Response {
    if chat::bearer_key(req.header("authorization")) == Some(errors::BAD_KEY) {
        return errors::invalid_key();
    }
    let data: Vec<_> = MODELS
        .iter()
        .map(|id| json!({"id": id, "object": "model", "created": 0, "owned_by": "minimax"}))
        .collect();
    Response::json(200, &json!({"object": "list", "data": data}))
}

fn method_not_allowed() -> Response {
    errors::minimax_error(405, "bad_request_error", "method not allowed")
        .with_header("Allow", "GET, POST, OPTIONS")
}

/// Writes a whole response, with CORS headers when allowed. A client that
/// went away is not an error worth reporting.
pub fn write(
    stream: &mut TcpStream,
    mut resp: Response,
    cors: bool,
    head_only: bool,
) -> (u16, String) {
    if cors {
        resp.headers.extend(cors_headers());
    }
    let note = match http::write_response(stream, &resp, head_only) {
        Ok(()) => String::new(),
        Err(_) => "(client went away)".into(),
    };
    (resp.status, note)
}
