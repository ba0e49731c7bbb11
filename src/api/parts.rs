//! The typed parts a streamed reply is turned into, and the small values
//! they carry (finish reason, usage, reasoning metadata). These are what the
//! conversation model stores, so they serialize.

use super::chunk::WireUsage;
use super::error::ApiError;
use crate::json::record::json_record;

#[derive(Debug, Clone, PartialEq)]
pub enum StreamPart {
    /// New thinking text to append (deduplicated, snapshot-guarded, tags stripped).
    Thinking(String),
    /// New answer text to append.
    Answer(String),
    /// Everything emitted as Answer so far was really thinking (content had a
    /// closing `</think>` with no opening tag): the consumer moves its answer
    /// text to the end of its thinking.
    AnswerWasThinking,
    /// Once, from the first `reasoning_details` entry: its non-text fields.
    ReasoningMeta(ReasoningMeta),
    Usage(Usage),
    Finish(FinishReason),
    /// An error inside a 200 stream (`base_resp.status_code != 0`, an
    /// `{"error":..}` chunk), or a body that was not a stream at all.
    Error(ApiError),
    /// The `data: [DONE]` sentinel.
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishReason {
    Stop,
    /// Cut at the output token limit: the answer is incomplete.
    Length,
    ContentFilter,
    ToolCalls,
    Other(String),
}

impl FinishReason {
    /// Reads a wire value; names used by other APIs map to the same meaning.
    pub fn parse(value: &str) -> Self {
        match value {
            "stop" | "end_turn" | "stop_sequence" => Self::Stop,
            "length" | "max_tokens" => Self::Length,
            "content_filter" => Self::ContentFilter,
            "tool_calls" | "function_call" | "tool_use" => Self::ToolCalls,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
            Self::ContentFilter => "content_filter",
            Self::ToolCalls => "tool_calls",
            Self::Other(other) => other,
        }
    }
}

json_record! {
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Usage {
        pub prompt_tokens: u64,
        pub completion_tokens: u64,
        pub total_tokens: u64,
        /// Of the completion tokens, how many were thinking.
        pub reasoning_tokens: Option<u64> = default,
        /// Of the prompt tokens, how many were read from the cache.
        pub cached_tokens: Option<u64> = default,
    }
}

impl From<&WireUsage> for Usage {
    fn from(wire: &WireUsage) -> Self {
        let prompt_tokens = wire.prompt_tokens.unwrap_or(0);
        let completion_tokens = wire.completion_tokens.unwrap_or(0);
        Self {
            prompt_tokens,
            completion_tokens,
            total_tokens: wire
                .total_tokens
                .unwrap_or(prompt_tokens.saturating_add(completion_tokens)),
            reasoning_tokens: wire
                .completion_tokens_details
                .as_ref()
                .and_then(|d| d.reasoning_tokens),
            cached_tokens: wire
                .prompt_tokens_details
                .as_ref()
                .and_then(|d| d.cached_tokens),
        }
    }
}

json_record! {
    /// The non-text fields of a `reasoning_details` entry, kept so the turn can
    /// be sent back to MiniMax whole.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ReasoningMeta {
        /// The entry's `type`, e.g. `reasoning.text`.
        pub kind: Option<String> = default,
        pub id: Option<String> = default,
        pub format: Option<String> = default,
        pub index: Option<u64> = default,
    }
}
