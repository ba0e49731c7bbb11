//! Error scenarios with MiniMax's bodies: HTTP errors, a proxy's HTML page,
//! and `base_resp` failures inside a 200 (plain and streamed).

use crate::chat_request::ChatRequest;
use crate::errors::{invalid_key, minimax_error};
use crate::http::Response;
use crate::plan::{End, Event, Outcome, Plan};
use crate::texts::{MIDSTREAM_ANSWER_PARTS, MIDSTREAM_THINKING};

pub const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>";

pub const BASE_RESP_1004: &str = r#"{"id":"","choices":null,"base_resp":{"status_code":1004,"status_msg":"login fail: Please carry the API secret key in the 'Authorization' field of the request header"}}"#;

pub fn err_400(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(
        400,
        "bad_request_error",
        "invalid params, unknown model 'x' (2013)",
    ))
}

pub fn err_401(_: &ChatRequest) -> Outcome {
    Outcome::Http(invalid_key())
}

pub fn err_402(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(
        402,
        "insufficient_balance_error",
        "insufficient balance (1008)",
    ))
}

pub fn err_429(_: &ChatRequest) -> Outcome {
    let resp = minimax_error(429, "rate_limit_error", "rate limit exceeded (1002)");
    Outcome::Http(resp.with_header("Retry-After", "20"))
}

pub fn err_500(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(500, "api_error", "unknown error (1000)"))
}

pub fn err_529(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(
        529,
        "overloaded_error",
        "The server cluster is currently under high load. Please retry after a short wait.",
    ))
}

pub fn err_html(_: &ChatRequest) -> Outcome {
    Outcome::Http(Response::new(502, "text/html; charset=utf-8", HTML_502))
}

pub fn err_base_resp(_: &ChatRequest) -> Outcome {
    Outcome::Http(Response::new(200, "application/json", BASE_RESP_1004))
}

pub fn err_base_resp_stream(_: &ChatRequest) -> Outcome {
    Plan::new()
        .event(Event::BaseResp {
            code: 1002,
            msg: "rate limit exceeded",
        })
        .end(End::Cut)
        .stream()
}

pub fn err_midstream(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[MIDSTREAM_THINKING])
        .answer(MIDSTREAM_ANSWER_PARTS, None)
        .event(Event::BaseResp {
            code: 1013,
            msg: "internal error",
        })
        .end(End::Cut)
        .stream()
}
