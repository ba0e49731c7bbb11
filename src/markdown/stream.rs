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

/// What changed since the previous call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamUpdate {
    /// Set when the text no longer extends what was frozen (it shrank): the
    /// stream started over, and earlier frozen output must be discarded.
    pub reset: bool,
    /// Index, among all frozen blocks of this stream, of `new_frozen[0]`.
    pub first_index: usize,
    /// Top-level blocks that became final, in order; each is rendered once.
    pub new_frozen: Vec<Vec<MdNode>>,
    /// The open tail, re-rendered; replaces the previous tail entirely.
    pub tail: Vec<MdNode>,
}

/// Renders a growing markdown text incrementally. Feed it the whole text so
/// far each time; the text must only grow (see [`StreamUpdate::reset`]).
#[derive(Clone, Debug, Default)]
pub struct MarkdownStream {
    /// Byte offset where the frozen prefix ends (always a line start).
    frozen_end: usize,
    frozen_blocks: usize,
    /// Reference definitions inside the frozen prefix.
    earlier: EarlierDefs,
    finished: bool,
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

    /// The text is complete: freezes everything. Later calls return nothing.
    pub fn finish(&mut self, full_text: &str) -> StreamUpdate {
        self.advance(full_text, true)
    }

    fn advance(&mut self, full_text: &str, last: bool) -> StreamUpdate {
        if self.finished {
            return StreamUpdate::default();
        }
        // The frozen prefix is only cheap to check by length; a text that
        // shrank below it was replaced, so start over.
        let reset = !full_text.is_char_boundary(self.frozen_end);
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
        self.finished = last;

        let mut blocks = parsed.blocks.into_iter().map(|block| block.nodes);
        let new_frozen = blocks.by_ref().take(split).collect();
        let tail = blocks.flatten().collect();
        StreamUpdate {
            reset,
            first_index,
            new_frozen,
            tail,
        }
    }
}
