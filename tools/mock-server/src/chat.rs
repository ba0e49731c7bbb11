//! `POST …/v1/chat/completions`: record, authenticate, validate, pick a
//! scenario, answer (streamed or not).

use std::net::{Shutdown, TcpStream};
use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;

use crate::chat_request::ChatRequest;
use crate::errors::{self, BAD_KEY};
use crate::http::Request;
use crate::plan::{End, Outcome};
use crate::router::{cors_headers, write};
use crate::{Shared, render, scenarios};

pub fn handle(
    req: &Request,
    stream: &mut TcpStream,
    shared: &Shared,
    path_cors: bool,
) -> (u16, String) {
    let auth = req.header("authorization");
    let body: Option<Value> = serde_json::from_slice(&req.body).ok();
    // Recorded before any check, so tests can also see refused requests.
    shared
        .log
        .record(&req.path, &req.query, auth, body.as_ref());

    // The local demo (`…/demo/v1/…`) must work for a newcomer with no key.
    let keyless_ok = req.path.contains("/demo/v1/");
    match bearer_key(auth) {
        None if !keyless_ok => return write(stream, errors::missing_key(), path_cors, false),
        Some(BAD_KEY) => return write(stream, errors::invalid_key(), path_cors, false),
        _ => {}
    }
    let Some(body) = body else {
        let resp = errors::bad_request("invalid params, request body is not valid JSON (2013)");
        return write(stream, resp, path_cors, false);
    };
    let chat = match ChatRequest::from_json(body) {
        Ok(chat) => ChatRequest {
            path: req.path.clone(),
            ..chat
        },
        Err(message) => return write(stream, errors::bad_request(&message), path_cors, false),
    };
    let name = scenarios::choose(&chat, req.query_param("scenario")).to_string();
    let note = format!("scenario={name}");
    let plan = match scenarios::run(&name, &chat) {
        Outcome::Http(resp) => {
            let (status, _) = write(stream, resp, path_cors, false);
            return (status, note);
        }
        Outcome::Stream(plan) => plan,
    };
    let cors = path_cors && plan.cors;
    if !chat.stream {
        return match render::complete(&plan, &chat) {
            Some(resp) => {
                let (status, _) = write(stream, resp, cors, false);
                (status, note)
            }
            None => {
                let _ = stream.shutdown(Shutdown::Both);
                (0, format!("{note} (connection dropped)"))
            }
        };
    }
    let headers = if cors { cors_headers() } else { Vec::new() };
    let result = render::write_stream(&plan, &chat, stream, &headers);
    if plan.end == End::Reset {
        // Let the half chunk leave before the socket goes.
        sleep(Duration::from_millis(50));
        let _ = stream.shutdown(Shutdown::Both);
    }
    match result {
        Ok(()) => (200, note),
        // Usually the user pressed Stop: the browser closed the connection.
        Err(_) => (200, format!("{note} (client went away)")),
    }
}

/// The key of `Authorization: Bearer <key>`, `None` if absent or empty.
pub fn bearer_key(header: Option<&str>) -> Option<&str> {
    let (scheme, key) = header?.trim().split_once(' ')?;
    let key = key.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer_key(Some("Bearer abc")), Some("abc"));
        assert_eq!(bearer_key(Some("bearer  abc ")), Some("abc"));
        assert_eq!(bearer_key(Some("Bearer ")), None);
        assert_eq!(bearer_key(Some("Bearer")), None);
        assert_eq!(bearer_key(Some("Basic abc")), None);
        assert_eq!(bearer_key(None), None);
    }
}
