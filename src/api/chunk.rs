//! Lenient types for what arrives on the wire: one `chat.completion.chunk`
//! per event, and the JSON error bodies. Every field is optional and unknown
//! fields are ignored, because MiniMax repeats an envelope that changes
//! between versions and gateways add their own fields. Oddly shaped fields
//! read as absent (see `lenient`) rather than failing the chunk.

use serde_json::Value;

use super::lenient::{self, Object, code, count, list, object, string, text};

/// One streamed chunk (also reads a whole non-streamed completion, whose
/// choices carry `message` instead of `delta`).
#[derive(Debug, Default, Clone)]
pub struct Chunk {
    pub choices: Vec<Choice>,
    pub usage: Option<WireUsage>,
    pub base_resp: Option<BaseResp>,
    pub error: Option<WireError>,
}

#[derive(Debug, Default, Clone)]
pub struct Choice {
    pub index: Option<u64>,
    pub delta: Option<Delta>,
    /// A non-streamed completion's choice.
    pub message: Option<Delta>,
    pub finish_reason: Option<String>,
}

impl Choice {
    /// The delta, or the whole message of a non-streamed completion.
    pub fn delta(&self) -> Option<&Delta> {
        self.delta.as_ref().or(self.message.as_ref())
    }
}

#[derive(Debug, Default, Clone)]
pub struct Delta {
    pub content: Option<String>,
    /// MiniMax with `reasoning_split`.
    pub reasoning_content: Option<String>,
    /// OpenRouter's name for the same text.
    pub reasoning: Option<String>,
    pub reasoning_details: Vec<ReasoningDetail>,
}

#[derive(Debug, Default, Clone)]
pub struct ReasoningDetail {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub format: Option<String>,
    pub index: Option<u64>,
    pub text: Option<String>,
    /// OpenRouter's `reasoning.summary` entries carry their text here.
    pub summary: Option<String>,
}

impl ReasoningDetail {
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref().or(self.summary.as_deref())
    }
}

#[derive(Debug, Default, Clone)]
pub struct WireUsage {
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub completion_tokens_details: Option<CompletionDetails>,
    pub prompt_tokens_details: Option<PromptDetails>,
}

#[derive(Debug, Default, Clone)]
pub struct CompletionDetails {
    pub reasoning_tokens: Option<u64>,
}

#[derive(Debug, Default, Clone)]
pub struct PromptDetails {
    pub cached_tokens: Option<u64>,
}

/// MiniMax's own status block; `status_code` 0 means success.
#[derive(Debug, Default, Clone)]
pub struct BaseResp {
    pub status_code: Option<i64>,
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
#[derive(Debug, Default, Clone)]
pub struct WireError {
    pub kind: Option<String>,
    pub message: Option<String>,
    /// A number, a numeric string, or a name such as `invalid_api_key`.
    pub code: Value,
    pub http_code: Option<i64>,
}

/// A JSON error body as a whole: any of the error shapes above, MiniMax's
/// `base_resp`, or a bare top-level `message`/`detail` (some proxies).
#[derive(Debug, Default, Clone)]
pub struct ErrorBody {
    pub error: Option<WireError>,
    pub base_resp: Option<BaseResp>,
    pub message: Option<String>,
    pub detail: Option<String>,
}

impl Chunk {
    /// Reads one event's data; `None` when it is not a JSON object.
    pub fn parse(data: &str) -> Option<Self> {
        let o = lenient::parse_object(data)?;
        Some(Self {
            choices: list(o.get("choices"), Choice::read),
            usage: object(o.get("usage"), WireUsage::read),
            base_resp: object(o.get("base_resp"), BaseResp::read),
            error: wire_error(o.get("error")),
        })
    }
}

impl Choice {
    fn read(o: &Object) -> Self {
        Self {
            index: count(o.get("index")),
            delta: object(o.get("delta"), Delta::read),
            message: object(o.get("message"), Delta::read),
            finish_reason: string(o.get("finish_reason")),
        }
    }
}

impl Delta {
    fn read(o: &Object) -> Self {
        Self {
            content: text(o.get("content")),
            reasoning_content: text(o.get("reasoning_content")),
            reasoning: text(o.get("reasoning")),
            reasoning_details: list(o.get("reasoning_details"), ReasoningDetail::read),
        }
    }
}

impl ReasoningDetail {
    fn read(o: &Object) -> Self {
        Self {
            kind: string(o.get("type")),
            id: string(o.get("id")),
            format: string(o.get("format")),
            index: count(o.get("index")),
            text: text(o.get("text")),
            summary: text(o.get("summary")),
        }
    }
}

impl WireUsage {
    fn read(o: &Object) -> Self {
        Self {
            prompt_tokens: count(o.get("prompt_tokens")),
            completion_tokens: count(o.get("completion_tokens")),
            total_tokens: count(o.get("total_tokens")),
            completion_tokens_details: object(o.get("completion_tokens_details"), |d| {
                CompletionDetails {
                    reasoning_tokens: count(d.get("reasoning_tokens")),
                }
            }),
            prompt_tokens_details: object(o.get("prompt_tokens_details"), |d| PromptDetails {
                cached_tokens: count(d.get("cached_tokens")),
            }),
        }
    }
}

impl BaseResp {
    fn read(o: &Object) -> Self {
        Self {
            status_code: code(o.get("status_code")),
            status_msg: string(o.get("status_msg")),
        }
    }
}

impl WireError {
    fn read(o: &Object) -> Self {
        Self {
            kind: string(o.get("type")),
            message: string(o.get("message")),
            code: o.get("code").cloned().unwrap_or(Value::Null),
            http_code: code(o.get("http_code")),
        }
    }
}

impl ErrorBody {
    /// Reads a response body; `None` when it is not a JSON object.
    pub fn parse(body: &str) -> Option<Self> {
        let o = lenient::parse_object(body)?;
        Some(Self {
            error: wire_error(o.get("error")),
            base_resp: object(o.get("base_resp"), BaseResp::read),
            message: string(o.get("message")),
            detail: string(o.get("detail")),
        })
    }
}

/// `error` as an object or a bare string; anything else reads as absent.
fn wire_error(value: Option<&Value>) -> Option<WireError> {
    match value? {
        Value::String(message) => Some(WireError {
            message: Some(message.clone()),
            ..WireError::default()
        }),
        Value::Object(o) => Some(WireError::read(o)),
        _ => None,
    }
}
