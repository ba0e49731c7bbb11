//! POST a chat request with fetch and read the event stream as it arrives.
//! Bytes go to the pure `ReplyDecoder`; this file only moves them.

use gloo_net::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

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

/// Run one reply to its end, reporting through `on`. Never panics on input.
pub async fn stream_reply(
    req: ReplyRequest<'_>,
    signal: &AbortSignal,
    on: &mut dyn FnMut(ReplyEvent),
) {
    let request = Request::post(req.url)
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .header("Authorization", &format!("Bearer {}", req.api_key))
        .abort_signal(Some(signal))
        .body(req.body);
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            return on(ReplyEvent::Failed(ApiError::network(
                req.base_url,
                &e.to_string(),
            )));
        }
    };
    let response = match request.send().await {
        Ok(r) => r,
        Err(gloo_net::Error::JsError(e)) if e.name == "AbortError" || signal.aborted() => {
            return on(ReplyEvent::Aborted);
        }
        Err(e) => {
            return on(ReplyEvent::Failed(ApiError::network(
                req.base_url,
                &e.to_string(),
            )));
        }
    };

    let content_type = response.headers().get("content-type").unwrap_or_default();
    if !response.ok() {
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.unwrap_or_default();
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
    let mut reader = stream.get_reader();
    loop {
        match reader.read().await {
            Ok(Some(chunk)) => {
                let bytes = chunk
                    .dyn_into::<js_sys::Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default();
                let parts = decoder.feed(&bytes);
                if !parts.is_empty() {
                    on(ReplyEvent::Parts(parts));
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

/// For logs and messages: the error's own text, without anything secret.
pub fn js_error_text(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_default()
}
