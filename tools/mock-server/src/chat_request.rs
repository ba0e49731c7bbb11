//! The parts of a chat request the mock cares about, read leniently: only a
//! body that is not a JSON object with a non-empty `messages` array is refused.

use serde_json::Value;

pub struct ChatRequest {
    /// Echoed in every chunk, as the real API does.
    pub model: String,
    pub stream: bool,
    pub reasoning_split: bool,
    pub include_usage: bool,
    /// Text of the last `user` message; where `scenario:NAME` is looked for.
    pub last_user_text: String,
    /// Characters of all message text, for a rough prompt token count.
    pub prompt_chars: usize,
    /// The whole body, for the `echo` scenario.
    pub body: Value,
    /// The request's path (set by the router), for scenarios that answer
    /// by endpoint (`wrong-region`).
    pub path: String,
}

impl ChatRequest {
    /// `Err` carries a MiniMax-style message for a 400 answer.
    pub fn from_json(body: Value) -> Result<Self, String> {
        let Some(obj) = body.as_object() else {
            return Err("invalid params, request body must be a JSON object (2013)".into());
        };
        let messages = match obj.get("messages").and_then(Value::as_array) {
            Some(m) if !m.is_empty() => m,
            _ => return Err("invalid params, messages must be a non-empty array (2013)".into()),
        };
        let model = match obj.get("model") {
            None | Some(Value::Null) => "MiniMax-M3".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err("invalid params, model must be a string (2013)".into()),
        };
        let last_user_text = messages
            .iter()
            .rev()
            .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))
            .map(|m| content_text(m.get("content")))
            .unwrap_or_default();
        let prompt_chars = messages
            .iter()
            .map(|m| content_text(m.get("content")).chars().count())
            .sum();
        let flag = |name: &str| obj.get(name).and_then(Value::as_bool).unwrap_or(false);
        Ok(ChatRequest {
            model,
            stream: flag("stream"),
            reasoning_split: flag("reasoning_split"),
            include_usage: obj
                .get("stream_options")
                .and_then(|o| o.get("include_usage"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            last_user_text,
            prompt_chars,
            body,
            path: String::new(),
        })
    }

    pub fn messages(&self) -> &[Value] {
        self.body
            .get("messages")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// A message's text: the string, or its `text` parts joined by newlines.
pub fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// Whether a scenario name is well-formed (`[a-z0-9-]+`).
pub fn is_scenario_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The first `scenario:NAME` token in `text` that is not glued to a preceding word.
pub fn scenario_token(text: &str) -> Option<&str> {
    for (at, marker) in text.match_indices("scenario:") {
        let standalone = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        let rest = &text[at + marker.len()..];
        let len = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        let name = rest[..len].trim_end_matches('-');
        if standalone && !name.is_empty() {
            return Some(name);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_tokens() {
        assert_eq!(scenario_token("please scenario:basic now"), Some("basic"));
        assert_eq!(scenario_token("(scenario:err-429)."), Some("err-429"));
        assert_eq!(scenario_token("scenario:long-200k"), Some("long-200k"));
        assert_eq!(scenario_token("myscenario:basic"), None);
        assert_eq!(scenario_token("scenario:"), None);
        assert_eq!(scenario_token("scenario:Basic"), None);
        assert_eq!(scenario_token("é scenario:xss"), Some("xss"));
    }

    #[test]
    fn reads_last_user_message_in_either_content_form() {
        let req = ChatRequest::from_json(json!({
            "model": "MiniMax-M2.7",
            "stream": true,
            "reasoning_split": true,
            "stream_options": {"include_usage": true},
            "messages": [
                {"role": "user", "content": "scenario:slow"},
                {"role": "assistant", "content": "ok"},
                {"role": "user", "content": [
                    {"type": "text", "text": "look"},
                    {"type": "image_url", "image_url": {"url": "data:,"}},
                    {"type": "text", "text": "scenario:basic"}
                ]}
            ]
        }))
        .expect("valid");
        assert_eq!(req.last_user_text, "look\nscenario:basic");
        assert!(req.stream && req.reasoning_split && req.include_usage);
        assert_eq!(req.model, "MiniMax-M2.7");
    }

    #[test]
    fn refuses_bad_shapes() {
        assert!(ChatRequest::from_json(json!([1])).is_err());
        assert!(ChatRequest::from_json(json!({"messages": []})).is_err());
        assert!(ChatRequest::from_json(json!({"messages": "hi"})).is_err());
        assert!(ChatRequest::from_json(json!({"model": 3, "messages": [{}]})).is_err());
        assert!(ChatRequest::from_json(json!({"messages": [{"role": 5}]})).is_ok());
    }
}
