//! One message of a conversation, and how a streamed reply grows: each
//! `StreamPart` from the wire is applied here, so the UI only renders state.

use super::versions::Versions;
use crate::api::{ApiError, FinishReason, ReasoningMeta, StreamPart, Usage};
use crate::json::record::{json_enum, json_record};

json_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Role {
        User = "user",
        Assistant = "assistant",
    }
}

json_enum! {
    /// Where a reply stands. Its spelling is also the page contract's
    /// `data-status`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Status {
        Streaming = "streaming",
        #[default]
        Done = "done",
        /// The user pressed Stop; what arrived is kept.
        Stopped = "stopped",
        /// The connection ended without `[DONE]` or a finish reason.
        Interrupted = "interrupted",
        Error = "error",
    }
}

json_record! {
    /// Milliseconds on the page clock (`Date.now()`), so timings survive a reload.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Timing {
        pub started_ms: f64,
        pub first_token_ms: Option<f64> = omit_empty,
        /// When the answer began (thinking ended).
        pub answer_started_ms: Option<f64> = omit_empty,
        pub ended_ms: Option<f64> = omit_empty,
    }
}

json_record! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct Message {
        pub id: String,
        pub role: Role,
        /// The user's text, or the assistant's answer (markdown).
        pub content: String = default,
        /// Images the user attached, as `data:` URLs (see `images.rs`).
        pub images: Vec<String> = omit_empty,
        /// The model's reasoning, kept apart and losslessly so history can be rebuilt.
        pub thinking: String = omit_empty,
        pub reasoning_meta: Option<ReasoningMeta> = omit_empty,
        pub status: Status = default,
        pub finish: Option<FinishReason> = omit_empty,
        /// A sentence for the user when the reply failed.
        pub error: Option<String> = omit_empty,
        pub model: Option<String> = omit_empty,
        pub usage: Option<Usage> = omit_empty,
        pub timing: Timing = default,
        /// Other versions of the conversation from this message on (Regenerate,
        /// Edit): see `versions.rs`.
        pub versions: Versions = omit_empty,
    }
}

impl Message {
    pub fn user(id: String, text: String, now_ms: f64) -> Self {
        Message {
            id,
            role: Role::User,
            content: text,
            images: Vec::new(),
            thinking: String::new(),
            reasoning_meta: None,
            status: Status::Done,
            finish: None,
            error: None,
            model: None,
            usage: None,
            timing: Timing {
                started_ms: now_ms,
                ended_ms: Some(now_ms),
                ..Timing::default()
            },
            versions: Versions::default(),
        }
    }

    /// An empty assistant reply that is about to stream.
    pub fn pending_reply(id: String, model: String, now_ms: f64) -> Self {
        Message {
            role: Role::Assistant,
            status: Status::Streaming,
            model: Some(model),
            timing: Timing {
                started_ms: now_ms,
                ..Timing::default()
            },
            ..Message::user(id, String::new(), now_ms)
        }
    }

    /// Apply one part of the stream. Returns true when visible state changed.
    pub fn apply(&mut self, part: StreamPart, now_ms: f64) -> bool {
        match part {
            StreamPart::Thinking(text) => {
                if text.is_empty() {
                    return false;
                }
                self.timing.first_token_ms.get_or_insert(now_ms);
                self.thinking.push_str(&text);
            }
            StreamPart::Answer(text) => {
                if text.is_empty() {
                    return false;
                }
                self.timing.first_token_ms.get_or_insert(now_ms);
                self.timing.answer_started_ms.get_or_insert(now_ms);
                self.content.push_str(&text);
            }
            StreamPart::AnswerWasThinking => {
                let moved = std::mem::take(&mut self.content);
                self.thinking.push_str(&moved);
                self.timing.answer_started_ms = None;
            }
            StreamPart::ReasoningMeta(meta) => {
                self.reasoning_meta.get_or_insert(meta);
                return false;
            }
            StreamPart::Usage(usage) => self.usage = Some(usage),
            StreamPart::Finish(reason) => self.finish = Some(reason),
            StreamPart::Error(err) => self.fail(&err, now_ms),
            StreamPart::Done => return false,
        }
        true
    }

    /// The reply failed with an error; whatever text arrived stays.
    pub fn fail(&mut self, err: &ApiError, now_ms: f64) {
        self.status = Status::Error;
        self.error = Some(err.user_message());
        self.timing.ended_ms.get_or_insert(now_ms);
    }

    /// The body ended. `cut` is true when neither `[DONE]` nor a finish reason came.
    pub fn end_of_stream(&mut self, cut: bool, now_ms: f64) {
        if self.status == Status::Streaming {
            self.status = if cut && self.finish.is_none() {
                Status::Interrupted
            } else {
                Status::Done
            };
        }
        self.timing.ended_ms.get_or_insert(now_ms);
    }

    /// The user pressed Stop.
    pub fn stop(&mut self, now_ms: f64) {
        if self.status == Status::Streaming {
            self.status = Status::Stopped;
        }
        self.timing.ended_ms.get_or_insert(now_ms);
    }

    /// Whole seconds spent thinking, once thinking has ended (answer began or reply ended).
    pub fn thought_seconds(&self) -> Option<u64> {
        if self.thinking.is_empty() {
            return None;
        }
        let end = self.timing.answer_started_ms.or(self.timing.ended_ms)?;
        let start = self.timing.started_ms;
        Some(((end - start).max(0.0) / 1000.0).round().max(1.0) as u64)
    }

    /// True while thinking text is still arriving (no answer yet, still streaming).
    pub fn is_thinking(&self) -> bool {
        self.status == Status::Streaming && self.timing.answer_started_ms.is_none()
    }

    /// A note about how the reply ended, when the user should know.
    pub fn ending_note(&self) -> Option<&'static str> {
        match (&self.status, &self.finish) {
            (Status::Stopped, _) => {
                Some("Stopped. The text above is what arrived before you pressed Stop.")
            }
            (Status::Interrupted, _) => Some(
                "The connection ended before the reply was complete. The text above is what arrived; press Regenerate to try again.",
            ),
            (_, Some(FinishReason::Length)) => Some(
                "The answer was cut off by the output token limit. Raise Max output tokens in Settings, or ask the model to continue.",
            ),
            (_, Some(FinishReason::ContentFilter)) => {
                Some("MiniMax stopped this answer with its content filter.")
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> Message {
        Message::pending_reply("a1".into(), "MiniMax-M3".into(), 1_000.0)
    }

    #[test]
    fn parts_build_thinking_and_answer_apart() {
        let mut m = reply();
        m.apply(StreamPart::Thinking("Let me ".into()), 1_100.0);
        m.apply(StreamPart::Thinking("think.".into()), 1_200.0);
        m.apply(StreamPart::Answer("Hi".into()), 3_600.0);
        m.apply(StreamPart::Finish(FinishReason::Stop), 3_700.0);
        m.apply(StreamPart::Done, 3_700.0);
        m.end_of_stream(false, 3_800.0);
        assert_eq!(m.thinking, "Let me think.");
        assert_eq!(m.content, "Hi");
        assert_eq!(m.status, Status::Done);
        assert_eq!(m.thought_seconds(), Some(3));
        assert_eq!(m.timing.first_token_ms, Some(1_100.0));
    }

    #[test]
    fn answer_was_thinking_moves_text() {
        let mut m = reply();
        m.apply(StreamPart::Answer("reasoning".into()), 1_100.0);
        m.apply(StreamPart::AnswerWasThinking, 1_200.0);
        m.apply(StreamPart::Answer("answer".into()), 1_300.0);
        assert_eq!(m.thinking, "reasoning");
        assert_eq!(m.content, "answer");
        assert_eq!(m.timing.answer_started_ms, Some(1_300.0));
    }

    #[test]
    fn cut_stream_is_interrupted_and_keeps_text() {
        let mut m = reply();
        m.apply(StreamPart::Answer("partial".into()), 1_100.0);
        m.end_of_stream(true, 1_200.0);
        assert_eq!(m.status, Status::Interrupted);
        assert_eq!(m.content, "partial");
        assert!(m.ending_note().is_some());
    }

    #[test]
    fn finish_reason_without_done_is_not_cut() {
        let mut m = reply();
        m.apply(StreamPart::Answer("x".into()), 1_100.0);
        m.apply(StreamPart::Finish(FinishReason::Length), 1_100.0);
        m.end_of_stream(true, 1_200.0);
        assert_eq!(m.status, Status::Done);
        assert!(m.ending_note().is_some_and(|n| n.contains("token limit")));
    }

    #[test]
    fn stop_keeps_partial() {
        let mut m = reply();
        m.apply(StreamPart::Thinking("hmm".into()), 1_100.0);
        m.stop(1_500.0);
        m.end_of_stream(true, 1_600.0);
        assert_eq!(m.status, Status::Stopped);
        assert_eq!(m.thinking, "hmm");
        assert_eq!(m.thought_seconds(), Some(1));
    }

    #[test]
    fn round_trips_through_json() {
        let mut m = reply();
        m.apply(StreamPart::Thinking("t".into()), 1_100.0);
        m.apply(StreamPart::Answer("a".into()), 1_200.0);
        m.end_of_stream(false, 1_300.0);
        let json = crate::json::write::to_json(&m);
        let back: Message = crate::json::parse(&json).unwrap();
        assert_eq!(back, m);
    }
}
