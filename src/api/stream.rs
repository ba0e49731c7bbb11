//! A whole streamed reply: response body bytes in, [`StreamPart`]s out. This
//! module owns the order of parts (text before the finish reason that rode on
//! the same chunk), which reasoning source a chunk is read from, skipping
//! unreadable chunks without ending the stream, and deciding at the end
//! whether the reply finished, was cut, or was never a stream at all.

use super::chunk::{Chunk, Delta};
use super::error::ApiError;
use super::reasoning::ReasoningChannel;
use super::sse::{SseEvent, SseParser};
use super::think::{Piece, ThinkSplitter};

pub use super::parts::{FinishReason, ReasoningMeta, StreamPart, Usage};

/// How much of the raw body is kept to explain a reply that was not an event
/// stream (a JSON error, an HTML page). Only until a chunk is understood.
const PROBE_LIMIT: usize = 64 * 1024;

/// Decodes one streamed reply. Feed it the body in any pieces.
#[derive(Debug, Clone)]
pub struct ReplyDecoder {
    sse: SseParser,
    content: ThinkSplitter,
    reasoning: ReasoningChannel,
    meta_sent: bool,
    saw_done: bool,
    saw_error: bool,
    finish_reason: Option<FinishReason>,
    last_usage: Option<Usage>,
    valid_chunks: usize,
    skipped_chunks: usize,
    /// The start of the raw body, kept until a chunk is understood.
    probe: Option<Vec<u8>>,
}

impl Default for ReplyDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl ReplyDecoder {
    pub fn new() -> Self {
        Self {
            sse: SseParser::new(),
            content: ThinkSplitter::new(),
            reasoning: ReasoningChannel::new(),
            meta_sent: false,
            saw_done: false,
            saw_error: false,
            finish_reason: None,
            last_usage: None,
            valid_chunks: 0,
            skipped_chunks: 0,
            probe: Some(Vec::new()),
        }
    }

    /// Feeds a piece of the body; returns the parts it completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<StreamPart> {
        if let Some(probe) = &mut self.probe {
            let room = PROBE_LIMIT.saturating_sub(probe.len());
            probe.extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or_default());
        }
        let mut out = Vec::new();
        for event in self.sse.feed(bytes) {
            self.on_event(&event, &mut out);
        }
        out
    }

    /// End of body: dispatches a last event without its blank line, releases
    /// held-back text, and explains a body that was not a stream.
    pub fn finish(&mut self) -> Vec<StreamPart> {
        let mut out = Vec::new();
        for event in self.sse.finish() {
            self.on_event(&event, &mut out);
        }
        if let Some(probe) = self.probe.take() {
            self.explain_non_stream(&probe, &mut out);
        }
        self.flush_text(&mut out);
        out
    }

    /// Whether the `[DONE]` sentinel arrived.
    pub fn saw_done(&self) -> bool {
        self.saw_done
    }

    /// The first finish reason the server sent.
    pub fn finish_reason(&self) -> Option<&FinishReason> {
        self.finish_reason.as_ref()
    }

    /// True when the body ended with neither `[DONE]` nor a finish reason:
    /// the reply was cut. Meaningful after [`finish`](Self::finish).
    pub fn was_cut(&self) -> bool {
        !self.saw_done && self.finish_reason.is_none()
    }

    /// Chunks that were read (JSON of any shape).
    pub fn valid_chunks(&self) -> usize {
        self.valid_chunks
    }

    /// Events whose data could not be read as JSON and were skipped.
    pub fn skipped_chunks(&self) -> usize {
        self.skipped_chunks
    }

    fn on_event(&mut self, event: &SseEvent, out: &mut Vec<StreamPart>) {
        let data = event.data.trim();
        if data.is_empty() {
            return;
        }
        if event.event == "error" {
            // Whatever an `event: error` carries (JSON of any shape, plain
            // text), it is an error, not noise.
            self.valid_chunks += 1;
            self.probe = None;
            self.saw_error = true;
            let error = ApiError::from_json_body(200, data)
                .unwrap_or_else(|| ApiError::unreadable_body(200, data));
            out.push(StreamPart::Error(error));
            return;
        }
        if self.on_data(data, out) {
            return;
        }
        // Several lines in one event: a server that put no blank lines
        // between its `data:` lines. Read each on its own.
        if data.contains('\n') {
            for line in data.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !self.on_data(line, out) {
                    self.skipped_chunks += 1;
                }
            }
        } else {
            self.skipped_chunks += 1;
        }
    }

    /// Handles one event's data (or one line of it); false if unreadable.
    fn on_data(&mut self, data: &str, out: &mut Vec<StreamPart>) -> bool {
        if data == "[DONE]" {
            self.flush_text(out);
            self.saw_done = true;
            self.probe = None;
            out.push(StreamPart::Done);
            return true;
        }
        match Chunk::parse(data) {
            Some(chunk) => {
                self.on_chunk(&chunk, out);
                true
            }
            None => false,
        }
    }

    fn on_chunk(&mut self, chunk: &Chunk, out: &mut Vec<StreamPart>) {
        self.valid_chunks += 1;
        self.probe = None;
        // Only the first choice is shown; `n` is never above 1 here.
        for choice in chunk.choices.iter().filter(|c| c.index.unwrap_or(0) == 0) {
            if let Some(delta) = choice.delta() {
                self.on_delta(delta, out);
            }
            let reason = choice.finish_reason.as_deref().filter(|r| !r.is_empty());
            if let (Some(reason), None) = (reason, &self.finish_reason) {
                self.flush_text(out);
                let reason = FinishReason::parse(reason);
                self.finish_reason = Some(reason.clone());
                out.push(StreamPart::Finish(reason));
            }
        }
        if let Some(usage) = chunk.usage.as_ref().map(Usage::from) {
            // Some gateways repeat usage on every chunk; report changes only.
            if self.last_usage.as_ref() != Some(&usage) {
                self.last_usage = Some(usage.clone());
                out.push(StreamPart::Usage(usage));
            }
        }
        if let Some(error) = ApiError::from_chunk(chunk.error.as_ref(), chunk.base_resp.as_ref()) {
            self.saw_error = true;
            out.push(StreamPart::Error(error));
        }
    }

    fn on_delta(&mut self, delta: &Delta, out: &mut Vec<StreamPart>) {
        if let (false, Some(first)) = (self.meta_sent, delta.reasoning_details.first()) {
            self.meta_sent = true;
            out.push(StreamPart::ReasoningMeta(ReasoningMeta {
                kind: first.kind.clone(),
                id: first.id.clone(),
                format: first.format.clone(),
                index: first.index,
            }));
        }
        // One source per chunk: the same text arrives in several fields.
        let detail_texts: Vec<&str> = delta
            .reasoning_details
            .iter()
            .filter_map(|d| d.text())
            .collect();
        let fragment = if detail_texts.is_empty() {
            delta
                .reasoning_content
                .clone()
                .or_else(|| delta.reasoning.clone())
        } else {
            Some(detail_texts.concat())
        };
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            push_text(out, StreamPart::Thinking(self.reasoning.push(&fragment)));
        }
        if let Some(content) = delta.content.as_deref().filter(|c| !c.is_empty()) {
            // The answer has begun: a tag prefix held at the end of the
            // reasoning cannot be completed any more.
            push_text(out, StreamPart::Thinking(self.reasoning.flush()));
            for piece in self.content.push(content) {
                out.push(part_of(piece));
            }
        }
    }

    fn flush_text(&mut self, out: &mut Vec<StreamPart>) {
        push_text(out, StreamPart::Thinking(self.reasoning.flush()));
        for piece in self.content.flush() {
            out.push(part_of(piece));
        }
    }

    /// Nothing in the body was understood as a chunk: it may be one JSON
    /// document spread over lines (an error, or a completion that ignored
    /// `stream: true`), an HTML page, or plain text.
    fn explain_non_stream(&mut self, probe: &[u8], out: &mut Vec<StreamPart>) {
        if self.saw_done || self.saw_error {
            return;
        }
        let body = String::from_utf8_lossy(probe);
        let body = body.trim().trim_start_matches('\u{FEFF}');
        if self.skipped_chunks == 0 && only_sse_framing(body) {
            // Comments, empty events or nothing at all: a stream that was
            // cut before its first chunk, not a different kind of body.
            return;
        }
        if let Some(chunk) = Chunk::parse(body) {
            self.on_chunk(&chunk, out);
        } else {
            self.saw_error = true;
            out.push(StreamPart::Error(ApiError::unreadable_body(200, body)));
        }
    }
}

/// True when every line is blank or an event-stream field or comment.
fn only_sse_framing(body: &str) -> bool {
    body.lines().map(str::trim).all(|line| {
        line.is_empty()
            || line.starts_with(':')
            || ["data", "event", "id", "retry"].iter().any(|field| {
                line.strip_prefix(field)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
            })
    })
}

fn part_of(piece: Piece) -> StreamPart {
    match piece {
        Piece::Thinking(text) => StreamPart::Thinking(text),
        Piece::Answer(text) => StreamPart::Answer(text),
        Piece::AnswerWasThinking => StreamPart::AnswerWasThinking,
    }
}

/// Pushes a text part unless it is empty.
fn push_text(out: &mut Vec<StreamPart>, part: StreamPart) {
    let empty = matches!(&part, StreamPart::Thinking(t) | StreamPart::Answer(t) if t.is_empty());
    if !empty {
        out.push(part);
    }
}
