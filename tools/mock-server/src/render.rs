//! Puts a `Plan` on the wire in MiniMax's exact shapes: SSE chunks with the
//! full envelope, or one non-streamed chat.completion.

use std::io::{self, Write};
use std::thread::sleep;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::chat_request::ChatRequest;
use crate::http::{ChunkedWriter, Response};
use crate::ids;
use crate::plan::{Counts, End, Event, Plan, Wire};

/// Gap between the deliberately awkward writes of `Wire::CrlfSplit`, long
/// enough that the browser's reader gets them as separate reads.
const SPLIT_GAP: Duration = Duration::from_millis(15);

/// Fields repeated on every chunk of one response.
pub struct Envelope {
    pub id: String,
    pub created: u64,
    pub model: String,
}

impl Envelope {
    pub fn new(model: &str) -> Self {
        Envelope {
            id: ids::new_id(),
            created: ids::unix_now(),
            model: model.to_string(),
        }
    }
}

/// What the client should end up with once it has read every event.
struct Totals {
    reasoning: String,
    content: String,
    finish: Option<&'static str>,
    tool_calls: Option<Value>,
    error: Option<(i64, &'static str)>,
}

fn totals(events: &[Event]) -> Totals {
    let mut t = Totals {
        reasoning: String::new(),
        content: String::new(),
        finish: None,
        tool_calls: None,
        error: None,
    };
    for event in events {
        match event {
            // The snapshot rule of minimax-api.md: a fragment that repeats all
            // the text so far replaces it.
            Event::Reasoning(text) if text.starts_with(&t.reasoning) && !t.reasoning.is_empty() => {
                t.reasoning = text.clone();
            }
            Event::Reasoning(text) => t.reasoning.push_str(text),
            Event::Content { text, finish } => {
                t.content.push_str(text);
                t.finish = finish.or(t.finish);
            }
            Event::ToolCalls(calls) => t.tool_calls = Some(calls.clone()),
            Event::BaseResp { code, msg } => t.error = Some((*code, msg)),
        }
    }
    t
}

/// The plan's own counts, or rough ones (4 characters a token).
fn usage(chat: &ChatRequest, plan: &Plan, t: &Totals) -> Value {
    let c = plan.usage.unwrap_or_else(|| {
        let reasoning = t.reasoning.chars().count().div_ceil(4) as u64;
        Counts {
            prompt: chat.prompt_chars.div_ceil(4) as u64,
            cached: 0,
            completion: reasoning + t.content.chars().count().div_ceil(4) as u64,
            reasoning,
        }
    });
    json!({
        "total_tokens": c.prompt + c.completion,
        "prompt_tokens": c.prompt,
        "completion_tokens": c.completion,
        "completion_tokens_details": {"reasoning_tokens": c.reasoning},
        "prompt_tokens_details": {"cached_tokens": c.cached},
    })
}

fn base_delta() -> Map<String, Value> {
    let mut d = Map::new();
    d.insert("role".into(), json!("assistant"));
    d.insert("name".into(), json!("MiniMax AI"));
    d.insert("audio_content".into(), json!(""));
    d
}

fn reasoning_details(text: &str) -> Value {
    json!([{
        "type": "reasoning.text",
        "id": "reasoning-text-1",
        "format": "MiniMax-response-v1",
        "index": 0,
        "text": text,
    }])
}

fn choice_chunk(env: &Envelope, delta: Map<String, Value>, finish: Option<&str>) -> Value {
    let mut choice = json!({"index": 0, "delta": delta});
    if let Some(reason) = finish {
        choice["finish_reason"] = json!(reason);
    }
    json!({
        "id": env.id,
        "object": "chat.completion.chunk",
        "created": env.created,
        "model": env.model,
        "choices": [choice],
        "usage": null,
        "input_sensitive": false,
        "output_sensitive": false,
    })
}

/// The payload of every `data:` event, in order, `[DONE]` included.
pub fn payloads(plan: &Plan, chat: &ChatRequest, env: &Envelope) -> Vec<String> {
    let split = chat.reasoning_split || plan.force_split;
    let mut out = Vec::new();
    let mut think_open = false;
    let mut first_reasoning = true;
    for event in &plan.events {
        let mut delta = base_delta();
        let chunk = match event {
            Event::Reasoning(text) if split => {
                // Real captures carry `content: ""` on all but the first.
                if !first_reasoning {
                    delta.insert("content".into(), json!(""));
                }
                first_reasoning = false;
                delta.insert("reasoning_content".into(), json!(text));
                delta.insert("reasoning_details".into(), reasoning_details(text));
                choice_chunk(env, delta, None)
            }
            Event::Reasoning(text) => {
                let text = if think_open {
                    text.clone()
                } else {
                    think_open = true;
                    format!("<think>\n{text}")
                };
                delta.insert("content".into(), json!(text));
                choice_chunk(env, delta, None)
            }
            Event::Content { text, finish } => {
                let text = if think_open {
                    think_open = false;
                    format!("\n</think>\n\n{text}")
                } else {
                    text.clone()
                };
                delta.insert("content".into(), json!(text));
                choice_chunk(env, delta, *finish)
            }
            Event::ToolCalls(calls) => {
                delta.insert("content".into(), json!(""));
                delta.insert("tool_calls".into(), calls.clone());
                choice_chunk(env, delta, None)
            }
            Event::BaseResp { code, msg } => json!({
                "id": env.id,
                "object": "chat.completion.chunk",
                "created": env.created,
                "model": env.model,
                "base_resp": {"status_code": code, "status_msg": msg},
            }),
        };
        out.push(chunk.to_string());
    }
    if plan.end == End::Done {
        if chat.include_usage {
            let chunk = json!({
                "id": env.id,
                "object": "chat.completion.chunk",
                "created": env.created,
                "model": env.model,
                "choices": [],
                "usage": usage(chat, plan, &totals(&plan.events)),
                "input_sensitive": false,
                "output_sensitive": false,
                "base_resp": {"status_code": 0, "status_msg": ""},
            });
            out.push(chunk.to_string());
        }
        out.push("[DONE]".into());
    }
    out
}

/// Writes the whole event stream. With `End::Reset` it returns after a
/// half-sent chunk; the caller must then close the socket.
pub fn write_stream<W: Write>(
    plan: &Plan,
    chat: &ChatRequest,
    out: &mut W,
    extra_headers: &[(String, String)],
) -> io::Result<()> {
    if let Some(pause) = plan.pause.filter(|p| p.after_events == 0) {
        // Not even the status line yet: a server that accepted the request
        // and is slow to answer it.
        sleep(pause.length);
    }
    let env = Envelope::new(&chat.model);
    let payloads = payloads(plan, chat, &env);
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            "text/event-stream; charset=utf-8".to_string(),
        ),
        ("Cache-Control".to_string(), "no-cache".to_string()),
    ];
    headers.extend_from_slice(extra_headers);
    let mut body = ChunkedWriter::start(out, 200, &headers)?;
    let nl = match plan.wire {
        Wire::Lf => "\n",
        Wire::CrlfSplit => "\r\n",
    };
    if let Some(writes) = plan.writes {
        return write_in_batches(&payloads, writes, plan.delay, body);
    }
    for (i, payload) in payloads.iter().enumerate() {
        let last = i + 1 == payloads.len();
        let frame = format!("data: {payload}{nl}{nl}");
        if last && plan.end == End::Reset {
            return body.abort_mid_chunk(frame.as_bytes());
        }
        match plan.wire {
            Wire::Lf => body.chunk(frame.as_bytes())?,
            Wire::CrlfSplit => {
                let framed = format!(": keep-alive\r\n\r\n{frame}");
                for piece in awkward_pieces(framed.as_bytes()) {
                    body.chunk(piece)?;
                    sleep(SPLIT_GAP);
                }
            }
        }
        if let Some(pause) = plan.pause.filter(|p| p.after_events == i + 1) {
            keep_quiet(&mut body, pause.length, nl)?;
        }
        if !last && !plan.delay.is_zero() {
            sleep(plan.delay);
        }
    }
    body.finish()
}

/// Writes the events in `writes` batches of about equal count, each one
/// write (one HTTP chunk), `gap` apart.
fn write_in_batches<W: Write>(
    payloads: &[String],
    writes: usize,
    gap: Duration,
    mut body: ChunkedWriter<'_, W>,
) -> io::Result<()> {
    let total = payloads.len();
    let mut batch = String::new();
    for (i, payload) in payloads.iter().enumerate() {
        batch.push_str(&format!("data: {payload}\n\n"));
        let ends_batch = (i + 1) * writes / total != i * writes / total || i + 1 == total;
        if ends_batch {
            body.chunk(batch.as_bytes())?;
            batch.clear();
            if i + 1 < total {
                sleep(gap);
            }
        }
    }
    body.finish()
}

/// Sends nothing but a keep-alive comment every few seconds for `length`;
/// a write error (the client went away) ends it early.
fn keep_quiet<W: Write>(
    body: &mut ChunkedWriter<'_, W>,
    length: Duration,
    nl: &str,
) -> io::Result<()> {
    const EVERY: Duration = Duration::from_secs(5);
    let mut left = length;
    while !left.is_zero() {
        let step = left.min(EVERY);
        sleep(step);
        left -= step;
        body.chunk(format!(": keep-alive{nl}{nl}").as_bytes())?;
    }
    Ok(())
}

/// Cuts bytes right after every multi-byte lead byte, between every CR and
/// LF, and inside every `data:` prefix (`da` | `ta:`): the places where a
/// naive stream parser breaks.
pub fn awkward_pieces(bytes: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let after_lead = bytes[i - 1] >= 0xC0;
        let inside_crlf = bytes[i - 1] == b'\r' && bytes[i] == b'\n';
        let inside_data = i >= 2 && bytes[i - 2..].starts_with(b"data:");
        if after_lead || inside_crlf || inside_data {
            pieces.push(&bytes[start..i]);
            start = i;
        }
    }
    if start < bytes.len() {
        pieces.push(&bytes[start..]);
    }
    pieces
}

/// The non-streamed answer; `None` when the plan breaks the connection.
pub fn complete(plan: &Plan, chat: &ChatRequest) -> Option<Response> {
    let env = Envelope::new(&chat.model);
    let t = totals(&plan.events);
    if let Some((code, msg)) = t.error {
        let body = json!({
            "id": env.id,
            "choices": null,
            "base_resp": {"status_code": code, "status_msg": msg},
        });
        return Some(Response::json(200, &body));
    }
    if plan.end != End::Done {
        return None;
    }
    let mut message = base_delta();
    let split = chat.reasoning_split || plan.force_split;
    if t.reasoning.is_empty() {
        message.insert("content".into(), json!(t.content));
    } else if split {
        message.insert("content".into(), json!(t.content));
        message.insert("reasoning_content".into(), json!(t.reasoning));
        message.insert("reasoning_details".into(), reasoning_details(&t.reasoning));
    } else {
        let inline = format!("<think>\n{}\n</think>\n\n{}", t.reasoning, t.content);
        message.insert("content".into(), json!(inline));
    }
    if let Some(calls) = &t.tool_calls {
        message.insert("tool_calls".into(), calls.clone());
    }
    let body = json!({
        "id": env.id,
        "object": "chat.completion",
        "created": env.created,
        "model": env.model,
        "choices": [{
            "index": 0,
            "message": message,
            "finish_reason": t.finish.unwrap_or("stop"),
        }],
        "usage": usage(chat, plan, &t),
        "input_sensitive": false,
        "output_sensitive": false,
        "base_resp": {"status_code": 0, "status_msg": ""},
    });
    Some(Response::json(200, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(split: bool, usage: bool) -> ChatRequest {
        ChatRequest::from_json(json!({
            "model": "m",
            "stream": true,
            "reasoning_split": split,
            "stream_options": {"include_usage": usage},
            "messages": [{"role": "user", "content": "hi"}],
        }))
        .expect("valid")
    }

    #[test]
    fn a_pause_sends_only_keep_alives_between_the_events() {
        let mut plan = Plan::new()
            .think(&["a"])
            .answer(&["b"], None)
            .answer(&["c"], Some("stop"));
        plan.delay = Duration::ZERO;
        plan.pause = Some(crate::plan::Pause {
            after_events: 2,
            length: Duration::from_millis(2),
        });
        let mut out = Vec::new();
        write_stream(&plan, &chat(true, false), &mut out, &[]).expect("written");
        let text = String::from_utf8_lossy(&out);
        let (before, after) = text.split_once(": keep-alive\n\n").expect("a keep-alive");
        assert!(before.contains(r#""content":"b""#), "{before}");
        assert!(!before.contains(r#""content":"c""#), "{before}");
        assert!(after.contains(r#""content":"c""#), "{after}");
    }

    #[test]
    fn a_batched_stream_comes_in_that_many_writes() {
        let text = "word ".repeat(500);
        let plan = Plan::new()
            .answer_chunked(&text, 10, 20, Some("stop"))
            .delay_ms(0)
            .in_writes(3);
        let mut out = Vec::new();
        write_stream(&plan, &chat(true, true), &mut out, &[]).expect("written");
        let body = String::from_utf8_lossy(&out);
        let (_, chunks) = body.split_once("\r\n\r\n").expect("headers");
        // Each write is one HTTP chunk: size line, data, CRLF; then "0".
        let mut sizes = Vec::new();
        let mut rest = chunks;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size, 16).expect("a chunk size");
            sizes.push(n);
            if n == 0 {
                break;
            }
            rest = &after[n + 2..];
        }
        assert_eq!(sizes.len(), 4, "{sizes:?}");
        assert!(sizes[..3].iter().all(|&n| n > 1000), "{sizes:?}");
        assert!(body.contains("data: [DONE]"));
    }

    #[test]
    fn inline_mode_wraps_thinking_in_tags() {
        let plan = Plan::new().think(&["a", "b"]).answer(&["c"], Some("stop"));
        let env = Envelope::new("m");
        let contents: String = payloads(&plan, &chat(false, false), &env)
            .iter()
            .filter_map(|p| serde_json::from_str::<Value>(p).ok())
            .filter_map(|v| {
                v["choices"][0]["delta"]["content"]
                    .as_str()
                    .map(String::from)
            })
            .collect();
        assert_eq!(contents, "<think>\nab\n</think>\n\nc");
    }

    #[test]
    fn usage_only_when_asked() {
        let plan = Plan::new().answer(&["x"], Some("stop"));
        let env = Envelope::new("m");
        assert_eq!(payloads(&plan, &chat(true, false), &env).len(), 2);
        let with = payloads(&plan, &chat(true, true), &env);
        assert_eq!(with.len(), 3);
        assert!(with[1].contains("\"choices\":[]"));
    }

    #[test]
    fn awkward_pieces_split_where_parsers_break() {
        let text = "data: é\r\n";
        let pieces = awkward_pieces(text.as_bytes());
        assert_eq!(pieces.concat(), text.as_bytes());
        assert_eq!(pieces[0], b"da");
        assert!(pieces.iter().any(|p| p.ends_with(b"\r")));
        assert!(pieces.iter().any(|p| p.ends_with(&[0xC3])));
    }

    #[test]
    fn snapshots_collapse_to_the_last() {
        let plan = Plan::new()
            .think(&["The", "The user", "The user asks."])
            .answer(&["ok"], Some("stop"));
        let t = totals(&plan.events);
        assert_eq!(t.reasoning, "The user asks.");
    }
}
