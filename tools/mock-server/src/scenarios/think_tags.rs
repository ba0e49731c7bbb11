//! Scenarios for the thinking quirks listed in minimax-api.md: inline tags
//! split at awkward places, odd closing tags, snapshots, stray tags, and a
//! byte stream split where naive parsers break.

use crate::chat_request::ChatRequest;
use crate::plan::{Outcome, Plan, Wire};
use crate::texts::*;

/// These send their tags literally as content, whatever `reasoning_split` says.
fn inline(parts: &[&str]) -> Outcome {
    Plan::new().answer(parts, Some("stop")).stream()
}

pub fn inline_think(_: &ChatRequest) -> Outcome {
    inline(INLINE_THINK_PARTS)
}

pub fn mm_think(_: &ChatRequest) -> Outcome {
    inline(MM_THINK_PARTS)
}

pub fn no_open_think(_: &ChatRequest) -> Outcome {
    inline(NO_OPEN_THINK_PARTS)
}

pub fn unclosed_think(_: &ChatRequest) -> Outcome {
    inline(UNCLOSED_THINK_PARTS)
}

/// Always split mode: snapshots only make sense in the reasoning fields.
pub fn snapshot_reasoning(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(SNAPSHOT_PARTS)
        .answer(SNAPSHOT_ANSWER_PARTS, Some("stop"))
        .force_split()
        .stream()
}

/// Always split mode: this is how M3 was seen sending it.
pub fn m3_stray_close(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(STRAY_CLOSE_PARTS)
        .answer(STRAY_CLOSE_ANSWER_PARTS, Some("stop"))
        .force_split()
        .stream()
}

pub fn crlf_comments(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[CRLF_THINKING])
        .answer(CRLF_ANSWER_PARTS, Some("stop"))
        .wire(Wire::CrlfSplit)
        .stream()
}
