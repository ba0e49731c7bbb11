//! Incremental rendering of a message that grows chunk by chunk.
//!
//! Finished top-level blocks are rendered once and frozen; each update only
//! re-parses the text after the frozen prefix, so the cost per chunk follows
//! the size of the open tail, not of the message. The invariant (tested): the
//! frozen blocks of every update followed by those of `finish` equal
//! `render(full_text)`, whatever the chunking.

use super::freeze::freeze_point;
use super::node::MdNode;
use super::refs::EarlierDefs;
use super::source::parse;

/// Bytes of frozen text remembered at each end of the frozen prefix, to
/// notice cheaply that the caller switched to a different text.
const SAMPLE_BYTES: usize = 64;

/// What changed since the previous call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamUpdate {
    /// Set when the text no longer extends what was frozen (it shrank or
    /// was replaced, e.g. another answer was shown): the stream started
    /// over, and all output shown so far must be discarded first.
    pub reset: bool,
    /// Index, among all frozen blocks of this stream, of `new_frozen[0]`.
    pub first_index: usize,
    /// Top-level blocks that became final, in order; each is rendered once.
    pub new_frozen: Vec<Vec<MdNode>>,
    /// Byte offset in the text where each of `new_frozen` starts.
    pub starts: Vec<usize>,
    /// The open tail, re-rendered; replaces the previous tail entirely.
    pub tail: Vec<MdNode>,
}

/// Renders a growing markdown text incrementally. Feed it the whole text so
/// far each time. A text that does not extend the previous one is detected
/// by its length and by samples at both ends of the frozen prefix (not a
/// full comparison, which would cost the whole message per chunk), and
/// restarts the stream (see [`StreamUpdate::reset`]).
#[derive(Clone, Debug, Default)]
pub struct MarkdownStream {
    /// Byte offset where the frozen prefix ends (always a line start).
    frozen_end: usize,
    frozen_blocks: usize,
    /// The first and the last bytes (up to `SAMPLE_BYTES`) of the prefix.
    head: String,
    last: String,
    /// Reference definitions inside the frozen prefix.
    earlier: EarlierDefs,
    /// The complete text once `finish` ran.
    finished: Option<String>,
}

impl MarkdownStream {
    pub fn new() -> Self {
        Self::default()
    }

    /// Byte length of the text frozen so far.
    pub fn frozen_len(&self) -> usize {
        self.frozen_end
    }

    /// Freezes the blocks that became final and re-renders the rest.
    pub fn update(&mut self, full_text: &str) -> StreamUpdate {
        self.advance(full_text, false)
    }

    /// The text is complete: freezes everything. Later calls with the same
    /// text return nothing; a different text starts over.
    pub fn finish(&mut self, full_text: &str) -> StreamUpdate {
        self.advance(full_text, true)
    }

    fn advance(&mut self, full_text: &str, last: bool) -> StreamUpdate {
        if self.finished.as_deref() == Some(full_text) {
            return StreamUpdate::default();
        }
        let reset = self.finished.is_some() || !self.extends_frozen(full_text);
        if reset {
            *self = Self::default();
        }
        let tail = full_text.get(self.frozen_end..).unwrap_or_default();
        let parsed = parse(tail, &self.earlier);
        let (split, cut) = if last {
            (parsed.blocks.len(), tail.len())
        } else {
            freeze_point(tail, &parsed.blocks).unwrap_or((0, 0))
        };

        self.earlier
            .extend(parsed.defs.iter().filter(|def| def.start < cut));
        let first_index = self.frozen_blocks;
        self.frozen_blocks += split;
        self.frozen_end += cut;
        self.remember_samples(full_text);
        if last {
            self.finished = Some(full_text.to_owned());
        }

        let base = self.frozen_end - cut;
        let starts = parsed.blocks[..split]
            .iter()
            .map(|block| base + block.start)
            .collect();
        let mut blocks = parsed.blocks.into_iter().map(|block| block.nodes);
        let new_frozen = blocks.by_ref().take(split).collect();
        let tail = blocks.flatten().collect();
        StreamUpdate {
            reset,
            first_index,
            new_frozen,
            starts,
            tail,
        }
    }

    fn extends_frozen(&self, full_text: &str) -> bool {
        full_text
            .get(..self.frozen_end)
            .is_some_and(|prefix| prefix.starts_with(&self.head) && prefix.ends_with(&self.last))
    }

    fn remember_samples(&mut self, full_text: &str) {
        let prefix = full_text.get(..self.frozen_end).unwrap_or_default();
        let mut head_end = SAMPLE_BYTES.min(prefix.len());
        while !prefix.is_char_boundary(head_end) {
            head_end -= 1;
        }
        let mut last_start = prefix.len().saturating_sub(SAMPLE_BYTES);
        while !prefix.is_char_boundary(last_start) {
            last_start += 1;
        }
        self.head = prefix[..head_end].to_owned();
        self.last = prefix[last_start..].to_owned();
    }
}
