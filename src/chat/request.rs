//! The chat completions request body built from a conversation, with earlier
//! assistant turns sent back whole (their reasoning included) as MiniMax asks.

use serde_json::{Map, Value, json};

use super::catalogue::{model_info, sees_images};
use super::conversation::{Conversation, ThinkingMode};
use super::message::{Message, Role, Status};

/// Temperature MiniMax accepts everywhere: older docs say (0, 1], newer [0, 2].
pub const TEMPERATURE_RANGE: (f64, f64) = (0.01, 1.0);

/// The JSON body for the next reply. `history` excludes the reply being
/// generated, so the body holds every message before it. `minimax` says the
/// endpoint is MiniMax's (`catalogue::is_minimax_endpoint`): only then does
/// the body carry MiniMax's own fields (`reasoning_split`, `thinking`, and
/// earlier thinking as `reasoning_details`); other OpenAI-compatible
/// servers get a plain request. `image` gives the `data:` URL of a
/// message's image entry (see `images.rs`); an image it has none for (its
/// stored copy is missing) is left out.
pub fn build_body(
    conv: &Conversation,
    history: &[Message],
    minimax: bool,
    image: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let mut messages = Vec::new();
    let system = conv.params.system_prompt.trim();
    if !system.is_empty() {
        messages.push(json!({"role": "system", "content": system}));
    }
    let vision = sees_images(&conv.model);
    for m in history {
        if let Some(v) = history_entry(m, vision, minimax, image) {
            messages.push(v);
        }
    }

    let params = &conv.params;
    let info = model_info(&conv.model);
    let max_tokens = match info {
        Some(i) => params.max_output_tokens.clamp(1, i.max_output),
        None => params.max_output_tokens.max(1),
    };
    let mut body = Map::new();
    body.insert("model".into(), json!(conv.model));
    body.insert("messages".into(), Value::Array(messages));
    body.insert("stream".into(), json!(true));
    body.insert("stream_options".into(), json!({"include_usage": true}));
    if minimax {
        body.insert("reasoning_split".into(), json!(true));
    }
    body.insert("max_completion_tokens".into(), json!(max_tokens));
    body.insert(
        "temperature".into(),
        json!(clean(params.temperature, TEMPERATURE_RANGE, 1.0)),
    );
    body.insert("top_p".into(), json!(clean(params.top_p, (0.0, 1.0), 0.95)));
    if minimax && info.is_some_and(|i| i.thinking_switchable) {
        let kind = match params.thinking {
            ThinkingMode::Adaptive => "adaptive",
            ThinkingMode::Off => "disabled",
        };
        body.insert("thinking".into(), json!({"type": kind}));
    }
    Value::Object(body)
}

/// A finite value inside the range, rounded to two decimals; `fallback` for NaN.
fn clean(v: f64, (lo, hi): (f64, f64), fallback: f64) -> f64 {
    let v = if v.is_finite() { v } else { fallback };
    // max/min, not clamp: clamp's check formats the bounds with f64's Debug,
    // which links core's float formatting into the wasm.
    (v.max(lo).min(hi) * 100.0).round() / 100.0
}

/// One earlier message as the API wants it back, or `None` to leave it out
/// (failed replies with nothing in them). A user message with images is an
/// array of parts when the model can see them, its text alone otherwise.
fn history_entry(
    m: &Message,
    vision: bool,
    minimax: bool,
    image: &dyn Fn(&str) -> Option<String>,
) -> Option<Value> {
    let urls: Vec<String> = if vision {
        m.images.iter().filter_map(|e| image(e)).collect()
    } else {
        Vec::new()
    };
    match m.role {
        Role::User if !urls.is_empty() => {
            let mut parts = Vec::new();
            if !m.content.trim().is_empty() {
                parts.push(json!({"type": "text", "text": m.content}));
            }
            for url in urls {
                parts.push(json!({"type": "image_url", "image_url": {"url": url}}));
            }
            Some(json!({"role": "user", "content": parts}))
        }
        Role::User => Some(json!({"role": "user", "content": m.content})),
        Role::Assistant => {
            if m.status == Status::Streaming
                || (m.content.is_empty() && m.thinking.is_empty())
                || (m.status == Status::Error && m.content.is_empty())
            {
                return None;
            }
            let mut v = Map::new();
            v.insert("role".into(), json!("assistant"));
            v.insert("content".into(), json!(m.content));
            if minimax && !m.thinking.is_empty() {
                let meta = m.reasoning_meta.clone().unwrap_or_default();
                v.insert(
                    "reasoning_details".into(),
                    json!([{
                        "type": meta.kind.as_deref().unwrap_or("reasoning.text"),
                        "id": meta.id.as_deref().unwrap_or("reasoning-text-1"),
                        "format": meta.format.as_deref().unwrap_or("MiniMax-response-v1"),
                        "index": meta.index.unwrap_or(0),
                        "text": m.thinking,
                    }]),
                );
            }
            Some(Value::Object(v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::StreamPart;

    /// Image entries as they are: what the session gives for `data:` URLs.
    fn inline(entry: &str) -> Option<String> {
        Some(entry.to_string())
    }

    fn conv() -> Conversation {
        let mut c = Conversation::new("c".into(), "MiniMax-M3".into(), 0.0);
        c.messages
            .push(Message::user("u1".into(), "Hi".into(), 0.0));
        let mut a = Message::pending_reply("a1".into(), "MiniMax-M3".into(), 0.0);
        a.apply(StreamPart::Thinking("Greet back.".into()), 1.0);
        a.apply(StreamPart::Answer("Hello!".into()), 2.0);
        a.end_of_stream(false, 3.0);
        c.messages.push(a);
        c.messages
            .push(Message::user("u2".into(), "And?".into(), 4.0));
        c
    }

    #[test]
    fn body_has_streaming_fields_and_history_with_reasoning() {
        let c = conv();
        let body = build_body(&c, &c.messages, true, &inline);
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"]["include_usage"], true);
        assert_eq!(body["reasoning_split"], true);
        assert_eq!(body["max_completion_tokens"], 8192);
        assert_eq!(body["thinking"]["type"], "adaptive");
        let msgs = body["messages"].as_array().unwrap();
        assert_eq!(msgs.len(), 3);
        assert_eq!(msgs[1]["role"], "assistant");
        assert_eq!(msgs[1]["content"], "Hello!");
        assert_eq!(msgs[1]["reasoning_details"][0]["text"], "Greet back.");
        assert_eq!(msgs[1]["reasoning_details"][0]["type"], "reasoning.text");
    }

    #[test]
    fn m2_models_get_no_thinking_switch_and_params_are_clamped() {
        let mut c = conv();
        c.model = "MiniMax-M2.7".into();
        c.params.temperature = 7.0;
        c.params.top_p = -1.0;
        c.params.max_output_tokens = 10_000_000;
        c.params.system_prompt = "  Be brief. ".into();
        let body = build_body(&c, &c.messages, true, &inline);
        assert!(body.get("thinking").is_none());
        assert_eq!(body["temperature"], 1.0);
        assert_eq!(body["top_p"], 0.0);
        assert_eq!(body["max_completion_tokens"], 204_800);
        assert_eq!(body["messages"][0]["role"], "system");
        assert_eq!(body["messages"][0]["content"], "Be brief.");
    }

    #[test]
    fn failed_empty_replies_are_left_out() {
        let mut c = conv();
        let mut failed = Message::pending_reply("a2".into(), "MiniMax-M3".into(), 5.0);
        failed.status = Status::Error;
        c.messages.push(failed);
        let body = build_body(&c, &c.messages, true, &inline);
        assert_eq!(body["messages"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn images_go_as_parts_to_a_model_that_sees_and_as_text_to_one_that_does_not() {
        let mut c = conv();
        c.messages[2].images = vec!["data:image/jpeg;base64,AAAA".into()];
        let body = build_body(&c, &c.messages, true, &inline);
        let parts = body["messages"][2]["content"].as_array().unwrap();
        assert_eq!(parts[0], json!({"type": "text", "text": "And?"}));
        assert_eq!(parts[1]["type"], "image_url");
        assert_eq!(parts[1]["image_url"]["url"], "data:image/jpeg;base64,AAAA");
        // An image alone has no empty text part.
        c.messages[2].content = "  ".into();
        let body = build_body(&c, &c.messages, true, &inline);
        assert_eq!(body["messages"][2]["content"].as_array().unwrap().len(), 1);
        c.model = "MiniMax-M2.7".into();
        let body = build_body(&c, &c.messages, true, &inline);
        assert_eq!(body["messages"][2]["content"], "  ");
    }

    #[test]
    fn other_endpoints_get_no_minimax_fields() {
        let c = conv();
        let body = build_body(&c, &c.messages, false, &inline);
        for field in ["reasoning_split", "thinking"] {
            assert!(body.get(field).is_none(), "{field}");
        }
        assert_eq!(body["stream_options"]["include_usage"], true);
        let msgs = body["messages"].as_array().unwrap();
        assert_eq!(msgs[1], json!({"role": "assistant", "content": "Hello!"}));
    }

    #[test]
    fn thinking_off_for_m3() {
        let mut c = conv();
        c.params.thinking = ThinkingMode::Off;
        assert_eq!(
            build_body(&c, &c.messages, true, &inline)["thinking"]["type"],
            "disabled"
        );
    }
}
