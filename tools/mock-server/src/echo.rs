//! The `echo` scenario's summary: what the app sent, so a browser test can
//! check the request from inside the page (e.g. that history keeps thinking).

use serde_json::{Value, json};

use crate::chat_request::ChatRequest;

pub fn summary(chat: &ChatRequest) -> Value {
    let body = &chat.body;
    let messages = chat.messages();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m.get("role").and_then(Value::as_str).unwrap_or("?"))
        .collect();
    let assistants: Vec<Value> = messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.get("role").and_then(Value::as_str) == Some("assistant"))
        .map(|(index, m)| {
            let details = m.get("reasoning_details").and_then(Value::as_array);
            let content = m.get("content").and_then(Value::as_str).unwrap_or("");
            json!({
                "index": index,
                "has_reasoning_details": details.is_some(),
                "reasoning_details_count": details.map_or(0, Vec::len),
                "has_reasoning_content": m.get("reasoning_content").is_some_and(|r| !r.is_null()),
                "has_inline_think": content.contains("<think>"),
            })
        })
        .collect();
    let user_content: Vec<String> = messages
        .iter()
        .filter(|m| m.get("role").and_then(Value::as_str) == Some("user"))
        .map(|m| describe_content(m.get("content")))
        .collect();
    let field = |name: &str| body.get(name).cloned().unwrap_or(Value::Null);
    json!({
        "model": chat.model,
        "stream": field("stream"),
        "message_count": messages.len(),
        "roles": roles,
        "assistant_messages": assistants,
        "user_content": user_content,
        "temperature": field("temperature"),
        "top_p": field("top_p"),
        "max_completion_tokens": field("max_completion_tokens"),
        "max_tokens": field("max_tokens"),
        "reasoning_split": field("reasoning_split"),
        "stream_options": field("stream_options"),
        "thinking": field("thinking"),
    })
}

/// "string", or "parts:text,image_url" for an array of content parts.
fn describe_content(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(_)) => "string".into(),
        Some(Value::Array(parts)) => {
            let kinds: Vec<&str> = parts
                .iter()
                .map(|p| p.get("type").and_then(Value::as_str).unwrap_or("?"))
                .collect();
            format!("parts:{}", kinds.join(","))
        }
        Some(Value::Null) | None => "none".into(),
        Some(_) => "other".into(),
    }
}

/// The answer text: the summary in a fenced block, so markdown leaves it alone.
pub fn answer(chat: &ChatRequest) -> String {
    let pretty = serde_json::to_string_pretty(&summary(chat)).unwrap_or_default();
    format!("```json\n{pretty}\n```")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_history_shape() {
        let chat = ChatRequest::from_json(json!({
            "model": "MiniMax-M3",
            "temperature": 1.0,
            "reasoning_split": true,
            "messages": [
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "yo", "reasoning_details": [{"text": "t"}]},
                {"role": "assistant", "content": "<think>\nx\n</think>\n\nyo"},
                {"role": "user", "content": [{"type": "text", "text": "scenario:echo"}]}
            ]
        }))
        .expect("valid");
        let s = summary(&chat);
        assert_eq!(s["message_count"], 4);
        assert_eq!(
            s["roles"],
            json!(["user", "assistant", "assistant", "user"])
        );
        assert_eq!(s["assistant_messages"][0]["reasoning_details_count"], 1);
        assert_eq!(s["assistant_messages"][1]["has_inline_think"], true);
        assert_eq!(s["user_content"], json!(["string", "parts:text"]));
        assert_eq!(s["top_p"], Value::Null);
        assert!(answer(&chat).starts_with("```json\n{"));
    }
}
