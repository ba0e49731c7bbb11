//! What a chat scenario wants to say, independent of how it is put on the
//! wire. Scenarios build a `Plan`; `render` turns it into an SSE stream or a
//! single chat.completion, in split or inline-think form as the request asks.

use std::time::Duration;

use serde_json::Value;

use crate::http::Response;
use crate::rng::Lcg;

/// Fast, but slow enough that a person (and a test) sees text arrive in pieces.
pub const DEFAULT_DELAY: Duration = Duration::from_millis(15);

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A thinking fragment (split mode: reasoning fields; inline: `<think>` content).
    Reasoning(String),
    /// An answer fragment; `finish` rides on the same chunk, as MiniMax does.
    Content {
        text: String,
        finish: Option<&'static str>,
    },
    /// A whole `tool_calls` array in one delta.
    ToolCalls(Value),
    /// A data event with a failing `base_resp` and no `choices`.
    BaseResp { code: i64, msg: &'static str },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Usage chunk (if asked for), `data: [DONE]`, clean end of body.
    Done,
    /// Clean end of body without `[DONE]`: a cut stream.
    Cut,
    /// The last event is sent half-way and the socket is closed: a read error.
    Reset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// `\n` line endings, one HTTP chunk per event.
    Lf,
    /// `\r\n` endings, `: keep-alive` comments, and writes split inside
    /// multi-byte characters, the `data:` prefix and CRLF pairs.
    CrlfSplit,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub events: Vec<Event>,
    pub end: End,
    pub delay: Duration,
    pub wire: Wire,
    /// False for `no-cors`: the answer carries no CORS headers at all.
    pub cors: bool,
    /// Reasoning goes in reasoning fields even without `reasoning_split`.
    pub force_split: bool,
    /// After this many events the stream goes quiet for a while, sending
    /// only `: keep-alive` comments: a stalled upstream. After none, not even
    /// the response headers are sent until the pause is over.
    pub pause: Option<Pause>,
    /// The whole stream in this many writes, `delay` apart, instead of one
    /// write per event: what a buffering proxy or a sleeping phone hands
    /// on, so that the browser gets reads of tens of kilobytes.
    pub writes: Option<usize>,
    /// Token counts to report in place of the rough ones from the text.
    pub usage: Option<Counts>,
}

/// Token counts for the usage chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub prompt: u64,
    pub cached: u64,
    pub completion: u64,
    pub reasoning: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub after_events: usize,
    pub length: Duration,
}

/// What the chat endpoint does for a scenario.
#[derive(Debug)]
pub enum Outcome {
    /// A plain HTTP answer (errors): the same whether or not `stream` was set.
    Http(Response),
    Stream(Plan),
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            events: Vec::new(),
            end: End::Done,
            delay: DEFAULT_DELAY,
            wire: Wire::Lf,
            cors: true,
            force_split: false,
            pause: None,
            writes: None,
            usage: None,
        }
    }
}

impl Plan {
    pub fn new() -> Self {
        Plan::default()
    }

    /// Thinking sent as exactly these fragments.
    pub fn think(mut self, fragments: &[&str]) -> Self {
        self.events
            .extend(fragments.iter().map(|f| Event::Reasoning(f.to_string())));
        self
    }

    /// Thinking cut into coarse chunks like the real API's.
    pub fn think_text(self, text: &str) -> Self {
        let chunks = chunk_text(text, 20, 120, text.len() as u64);
        self.think(&chunks.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Answer sent as exactly these fragments, `finish` on the last one.
    pub fn answer(mut self, fragments: &[&str], finish: Option<&'static str>) -> Self {
        let last = fragments.len().saturating_sub(1);
        self.events
            .extend(fragments.iter().enumerate().map(|(i, f)| Event::Content {
                text: f.to_string(),
                finish: if i == last { finish } else { None },
            }));
        self
    }

    /// Answer cut into coarse chunks of `min..=max` characters.
    pub fn answer_chunked(
        self,
        text: &str,
        min: usize,
        max: usize,
        finish: Option<&'static str>,
    ) -> Self {
        let chunks = chunk_text(text, min, max, text.len() as u64 + 1);
        self.answer(
            &chunks.iter().map(String::as_str).collect::<Vec<_>>(),
            finish,
        )
    }

    /// Answer in the usual coarse chunks (20-120 characters).
    pub fn answer_text(self, text: &str, finish: Option<&'static str>) -> Self {
        self.answer_chunked(text, 20, 120, finish)
    }

    pub fn event(mut self, event: Event) -> Self {
        self.events.push(event);
        self
    }

    pub fn end(mut self, end: End) -> Self {
        self.end = end;
        self
    }

    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay = Duration::from_millis(ms);
        self
    }

    pub fn wire(mut self, wire: Wire) -> Self {
        self.wire = wire;
        self
    }

    pub fn no_cors(mut self) -> Self {
        self.cors = false;
        self
    }

    pub fn force_split(mut self) -> Self {
        self.force_split = true;
        self
    }

    /// Goes quiet after `after_events` events for `seconds` (keep-alives
    /// only; with 0, before the response headers).
    pub fn pause_after(mut self, after_events: usize, seconds: u64) -> Self {
        self.pause = Some(Pause {
            after_events,
            length: Duration::from_secs(seconds),
        });
        self
    }

    /// Sends the stream in `count` big writes (see [`Plan::writes`]).
    pub fn in_writes(mut self, count: usize) -> Self {
        self.writes = Some(count.max(1));
        self
    }

    /// Report these token counts in the usage chunk.
    pub fn usage(mut self, counts: Counts) -> Self {
        self.usage = Some(counts);
        self
    }

    pub fn stream(self) -> Outcome {
        Outcome::Stream(self)
    }
}

/// Splits text into pieces of `min..=max` characters (never inside a
/// character), sizes drawn from a seeded generator so runs are repeatable.
pub fn chunk_text(text: &str, min: usize, max: usize, seed: u64) -> Vec<String> {
    let mut rng = Lcg::new(seed);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let size = rng.range(min.max(1), max.max(min).max(1) + 1);
        let end = (start + size).min(chars.len());
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_rejoin_to_the_text() {
        let text = "Crab 🦀 says 你好 — café. ".repeat(20);
        let chunks = chunk_text(&text, 20, 120, 3);
        assert_eq!(chunks.concat(), text);
        assert!(chunks.len() > 2);
        assert!(
            chunks[..chunks.len() - 1]
                .iter()
                .all(|c| (20..=120).contains(&c.chars().count()))
        );
    }

    #[test]
    fn finish_rides_on_the_last_fragment() {
        let plan = Plan::new().answer(&["a", "b"], Some("stop"));
        assert_eq!(
            plan.events[1],
            Event::Content {
                text: "b".into(),
                finish: Some("stop")
            }
        );
        assert!(matches!(
            plan.events[0],
            Event::Content { finish: None, .. }
        ));
    }
}
