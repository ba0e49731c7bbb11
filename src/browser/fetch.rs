//! POST a chat request with fetch and read the event stream as it arrives.
//! Bytes go to the pure `ReplyDecoder`; this file only moves them.

use gloo_net::http::Request;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, Response};

use super::clock::next_task;
use crate::api::{ApiError, ReplyDecoder, StreamPart};

/// What the caller hears while a reply streams.
#[derive(Debug)]
pub enum ReplyEvent {
    /// New parts, in order.
    Parts(Vec<StreamPart>),
    /// The body ended. `cut` when neither `[DONE]` nor a finish reason came.
    End { cut: bool },
    /// The request failed before or instead of a stream.
    Failed(ApiError),
    /// The user stopped it (our AbortController fired).
    Aborted,
}

pub struct ReplyRequest<'a> {
    pub url: &'a str,
    pub base_url: &'a str,
    pub api_key: &'a str,
    pub body: String,
}

/// Run one reply to its end, reporting through `on`: every path ends in
/// exactly one `End`, `Failed` or `Aborted`. Never panics or throws on input:
/// each browser call that can throw (a header value it refuses, an address
/// it cannot parse) is made through a `Result` and becomes `Failed`, so the
/// reply always leaves "streaming". (gloo-net's own `Headers::set` throws on
/// a value the browser refuses, so the headers are built with web-sys.)
pub async fn stream_reply(
    req: ReplyRequest<'_>,
    signal: &AbortSignal,
    on: &mut dyn FnMut(ReplyEvent),
) {
    let request = match build_request(&req, signal) {
        Ok(request) => request,
        Err(err) => return on(ReplyEvent::Failed(err)),
    };
    let response = match start_fetch(request.into()) {
        Ok(pending) => JsFuture::from(pending).await,
        Err(e) => {
            return on(ReplyEvent::Failed(ApiError::not_sent(
                "fetch did not start",
                &js_error_text(&e),
            )));
        }
    };
    let response = match response.map(JsCast::dyn_into::<Response>) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => {
            return on(ReplyEvent::Failed(ApiError::network(
                req.base_url,
                "fetch gave no response",
            )));
        }
        Err(e) if signal.aborted() || error_name(&e) == "AbortError" => {
            return on(ReplyEvent::Aborted);
        }
        Err(e) => {
            return on(ReplyEvent::Failed(ApiError::network(
                req.base_url,
                &js_error_text(&e),
            )));
        }
    };

    let header = |name: &str| response.headers().get(name).ok().flatten();
    if !response.ok() {
        let content_type = header("content-type").unwrap_or_default();
        let retry_after = header("retry-after");
        let body = read_text(&response).await;
        return on(ReplyEvent::Failed(ApiError::from_http(
            response.status(),
            &content_type,
            &body,
            retry_after.as_deref(),
        )));
    }
    // A JSON body (an error in `base_resp`, or a non-streamed completion) goes
    // through the same decoder: it reads a body that was not a stream at the end.
    read_event_stream(response, signal, on).await;
}

/// The request, or why the browser would not build it. The browser's own
/// URL parser reads the address against the page (so `//host` goes where
/// the browser says), and refuses one with a user name or password: its
/// words then quote the URL, and `ApiError` hides those credentials.
fn build_request(req: &ReplyRequest<'_>, signal: &AbortSignal) -> Result<Request, ApiError> {
    let headers = Headers::new()
        .and_then(|h| {
            h.set("Content-Type", "application/json")?;
            h.set("Accept", "text/event-stream")?;
            Ok(h)
        })
        .map_err(|e| {
            ApiError::not_sent("the request's headers were refused", &js_error_text(&e))
        })?;
    // The browser's words may quote the refused value, which is the key.
    headers
        .set("Authorization", &format!("Bearer {}", req.api_key))
        .map_err(|_| ApiError::not_sent("the API key cannot be sent as a request header", ""))?;
    Request::post(req.url)
        .headers(gloo_net::http::Headers::from_raw(headers))
        .abort_signal(Some(signal))
        .body(req.body.as_str())
        .map_err(|e| {
            ApiError::not_sent(
                "the Base URL is not an address the browser can use",
                &e.to_string(),
            )
        })
}

/// `fetch(request)`, with a synchronous throw (a page script or extension
/// that replaced `fetch`) as an `Err` rather than an exception through the
/// wasm stack, which would leave the reply streaming. (gloo-net's `send`
/// calls fetch directly.)
fn start_fetch(request: web_sys::Request) -> Result<js_sys::Promise, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let fetch: js_sys::Function = Reflect::get(&window, &JsValue::from_str("fetch"))?.dyn_into()?;
    fetch.call1(&window, &request)?.dyn_into()
}

/// A GET of `url` asking for `accept`: the answer's content type and body
/// (whatever its status), or `None` when there was no answer at all or the
/// browser refused to ask. Throws nothing, like `stream_reply`.
pub async fn get_text(url: &str, accept: &str) -> Option<(String, String)> {
    let headers = Headers::new().ok()?;
    headers.set("Accept", accept).ok()?;
    let request = Request::get(url)
        .headers(gloo_net::http::Headers::from_raw(headers))
        .build()
        .ok()?;
    let answer = JsFuture::from(start_fetch(request.into()).ok()?)
        .await
        .ok()?;
    let response = answer.dyn_into::<Response>().ok()?;
    let content_type = response.headers().get("content-type").ok().flatten();
    Some((content_type.unwrap_or_default(), read_text(&response).await))
}

/// A non-2xx body as text; empty when it cannot be read.
async fn read_text(response: &Response) -> String {
    let Ok(pending) = response.text() else {
        return String::new();
    };
    JsFuture::from(pending)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_default()
}

/// Bytes of one read decoded per task: a few milliseconds of parsing.
const READ_SLICE_BYTES: usize = 32 * 1024;

async fn read_event_stream(
    response: Response,
    signal: &AbortSignal,
    on: &mut dyn FnMut(ReplyEvent),
) {
    let Some(raw) = response.body() else {
        return on(ReplyEvent::End { cut: true });
    };
    let mut decoder = ReplyDecoder::new();
    let mut stream = wasm_streams::ReadableStream::from_raw(raw);
    let Ok(mut reader) = stream.try_get_reader() else {
        return on(ReplyEvent::End { cut: true });
    };
    loop {
        match reader.read().await {
            Ok(Some(chunk)) => {
                let bytes = chunk
                    .dyn_into::<js_sys::Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default();
                // A buffering proxy can hand over a megabyte in one read:
                // it is decoded a slice per task, so no task parses it all
                // (the decoder takes bytes cut anywhere).
                for (n, slice) in bytes.chunks(READ_SLICE_BYTES).enumerate() {
                    if n > 0 {
                        next_task().await;
                    }
                    let parts = decoder.feed(slice);
                    if !parts.is_empty() {
                        on(ReplyEvent::Parts(parts));
                    }
                }
            }
            Ok(None) => break,
            Err(_) if signal.aborted() => {
                flush(&mut decoder, on);
                return on(ReplyEvent::Aborted);
            }
            // The connection broke mid-body: keep what arrived, marked cut.
            Err(_) => break,
        }
    }
    flush(&mut decoder, on);
    if signal.aborted() {
        return on(ReplyEvent::Aborted);
    }
    on(ReplyEvent::End {
        cut: decoder.was_cut(),
    });
}

fn flush(decoder: &mut ReplyDecoder, on: &mut dyn FnMut(ReplyEvent)) {
    let rest = decoder.finish();
    if !rest.is_empty() {
        on(ReplyEvent::Parts(rest));
    }
}

/// A new AbortController, or None where the browser has none.
pub fn abort_controller() -> Option<web_sys::AbortController> {
    web_sys::AbortController::new().ok()
}

/// The `name` of a thrown value (`AbortError`, `TypeError`…), or "".
fn error_name(err: &JsValue) -> String {
    Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// For logs and messages: the error's own text. Callers clean it
/// (`ApiError` hides anything key-like) before it is shown.
pub fn js_error_text(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_default()
}
