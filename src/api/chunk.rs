//! Lenient serde types for what arrives on the wire: one
//! `chat.completion.chunk` per event, and the JSON error bodies. Every field is
//! optional and unknown fields are ignored, because MiniMax repeats an envelope
//! that changes between versions and gateways add their own fields. Oddly
//! shaped fields read as absent (see `lenient`) rather than failing the chunk.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

use super::lenient;

/// One streamed chunk (also reads a whole non-streamed completion, whose
/// choices carry `message` instead of `delta`).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Chunk {
    #[serde(deserialize_with = "lenient::list")]
    pub choices: Vec<Choice>,
    #[serde(deserialize_with = "lenient::object")]
    pub usage: Option<WireUsage>,
    #[serde(deserialize_with = "lenient::object")]
    pub base_resp: Option<BaseResp>,
    #[serde(deserialize_with = "wire_error")]
    pub error: Option<WireError>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Choice {
    #[serde(deserialize_with = "lenient::count")]
    pub index: Option<u64>,
    #[serde(deserialize_with = "lenient::object")]
    pub delta: Option<Delta>,
    /// A non-streamed completion's choice.
    #[serde(deserialize_with = "lenient::object")]
    pub message: Option<Delta>,
    #[serde(deserialize_with = "lenient::string")]
    pub finish_reason: Option<String>,
}

impl Choice {
    /// The delta, or the whole message of a non-streamed completion.
    pub fn delta(&self) -> Option<&Delta> {
        self.delta.as_ref().or(self.message.as_ref())
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Delta {
    #[serde(deserialize_with = "lenient::text")]
    pub content: Option<String>,
    /// MiniMax with `reasoning_split`.
    #[serde(deserialize_with = "lenient::text")]
    pub reasoning_content: Option<String>,
    /// OpenRouter's name for the same text.
    #[serde(deserialize_with = "lenient::text")]
    pub reasoning: Option<String>,
    #[serde(deserialize_with = "lenient::list")]
    pub reasoning_details: Vec<ReasoningDetail>,
    /// Read so their presence is known; never interpreted (no tools are offered).
    pub tool_calls: Option<IgnoredAny>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ReasoningDetail {
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub format: Option<String>,
    #[serde(deserialize_with = "lenient::count")]
    pub index: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub text: Option<String>,
    /// OpenRouter's `reasoning.summary` entries carry their text here.
    #[serde(deserialize_with = "lenient::text")]
    pub summary: Option<String>,
}

impl ReasoningDetail {
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref().or(self.summary.as_deref())
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct WireUsage {
    #[serde(deserialize_with = "lenient::count")]
    pub prompt_tokens: Option<u64>,
    #[serde(deserialize_with = "lenient::count")]
    pub completion_tokens: Option<u64>,
    #[serde(deserialize_with = "lenient::count")]
    pub total_tokens: Option<u64>,
    #[serde(deserialize_with = "lenient::object")]
    pub completion_tokens_details: Option<CompletionDetails>,
    #[serde(deserialize_with = "lenient::object")]
    pub prompt_tokens_details: Option<PromptDetails>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CompletionDetails {
    #[serde(deserialize_with = "lenient::count")]
    pub reasoning_tokens: Option<u64>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct PromptDetails {
    #[serde(deserialize_with = "lenient::count")]
    pub cached_tokens: Option<u64>,
}

/// MiniMax's own status block; `status_code` 0 means success.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct BaseResp {
    #[serde(deserialize_with = "lenient::code")]
    pub status_code: Option<i64>,
    #[serde(deserialize_with = "lenient::string")]
    pub status_msg: Option<String>,
}

impl BaseResp {
    pub fn is_error(&self) -> bool {
        self.status_code.is_some_and(|code| code != 0)
    }
}

/// An `error` object: MiniMax's `{"type","message","http_code"}`, OpenAI's
/// `{"message","type","code"}`, OpenRouter's `{"code","message"}` (whose
/// numeric `code` is an HTTP status), or a bare string.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct WireError {
    #[serde(rename = "type", deserialize_with = "lenient::string")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub message: Option<String>,
    /// A number, a numeric string, or a name such as `invalid_api_key`.
    pub code: Value,
    #[serde(deserialize_with = "lenient::code")]
    pub http_code: Option<i64>,
}

/// A JSON error body as a whole: any of the error shapes above, MiniMax's
/// `base_resp`, or a bare top-level `message`/`detail` (some proxies).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(deserialize_with = "wire_error")]
    pub error: Option<WireError>,
    #[serde(deserialize_with = "lenient::object")]
    pub base_resp: Option<BaseResp>,
    #[serde(deserialize_with = "lenient::string")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::string")]
    pub detail: Option<String>,
}

/// `error` as an object or a bare string; anything else reads as absent.
fn wire_error<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<WireError>, D::Error> {
    Ok(match Value::deserialize(de)? {
        Value::String(message) => Some(WireError {
            message: Some(message),
            ..WireError::default()
        }),
        value @ Value::Object(_) => serde_json::from_value(value).ok(),
        _ => None,
    })
}
