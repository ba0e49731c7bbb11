//! Feeds a growing text to the stream a slice at a time, so that no task
//! parses much more than a slice however the text arrives.
//!
//! A read of 100 KB, or a whole answer when a chat opens, is parsed up to a
//! cut point at a time: about [`SLICE_BYTES`] past what is frozen, just
//! after the line that follows a blank line, where the block before can
//! freeze. One block longer than a slice cannot be cut (the parser needs
//! all of it), so while a block stays open the next cut lies at least twice
//! as far: re-parsing it costs a geometric series, linear in its length.
//!
//! The same holds while a stream adds small chunks to one huge open block:
//! re-parsing it for every chunk would cost its length each time, so a
//! block past [`SMALL_OPEN`] is re-parsed once a quarter of its length has
//! arrived, or [`MAX_WAIT_MS`] after the last parse ([`Slicer::pace`]).
//!
//! Any cut is correct (the stream shows every prefix exactly as a whole
//! render of it); the cut points only decide how much work each slice does.

use super::stream::{MarkdownStream, StreamUpdate};

/// New text parsed per slice when blocks end often enough to freeze.
pub const SLICE_BYTES: usize = 8 * 1024;
/// An open block up to this long is re-parsed on every new chunk.
const SMALL_OPEN: usize = 16 * 1024;
/// A longer one waits for new text of this fraction of its length...
const GROWTH_DIVISOR: usize = 4;
/// ...or at most this long after its last parse (milliseconds).
pub const MAX_WAIT_MS: f64 = 200.0;

/// How far past its target a slice may look for a good place to end.
const REACH: usize = 1024;

/// When the slicer has work.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// Everything is parsed.
    Idle,
    Now,
    /// Text is waiting behind a long open block: parse it after this many
    /// milliseconds, or sooner if enough new text arrives.
    After(f64),
}

/// A [`MarkdownStream`] and how far into the text it has been fed.
#[derive(Clone, Debug, Default)]
pub struct Slicer {
    stream: MarkdownStream,
    /// The prefix of the text the stream has seen.
    fed: usize,
    /// The stream saw the whole text as complete.
    finished: bool,
    /// When the last slice was parsed (the caller's clock, milliseconds).
    parsed_at: f64,
    /// Bytes parsed in all, re-parses included: the work done.
    parsed_bytes: usize,
}

impl Slicer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of text parsed so far, counting each re-parse: the measure of
    /// work that must stay linear in the length of the text.
    pub fn parsed_bytes(&self) -> usize {
        self.parsed_bytes
    }

    /// The prefix of the text shown by the updates so far.
    pub fn fed(&self) -> usize {
        self.fed
    }

    /// The part of it that is frozen.
    pub fn frozen_len(&self) -> usize {
        self.stream.frozen_len()
    }

    /// Whether the updates so far show `len` bytes, finished if `done`.
    pub fn caught_up(&self, len: usize, done: bool) -> bool {
        self.fed == len && self.finished == done
    }

    /// Whether to parse now a text of `len` bytes (`done`: complete), at
    /// time `now` in milliseconds.
    pub fn pace(&self, len: usize, done: bool, now: f64) -> Pace {
        if self.caught_up(len, done) {
            return Pace::Idle;
        }
        if done || len < self.fed {
            return Pace::Now;
        }
        let open = self.fed - self.stream.frozen_len();
        let new = len - self.fed;
        if open <= SMALL_OPEN || new >= open / GROWTH_DIVISOR {
            return Pace::Now;
        }
        let waited = now - self.parsed_at;
        if waited >= MAX_WAIT_MS {
            Pace::Now
        } else {
            Pace::After(MAX_WAIT_MS - waited)
        }
    }

    /// Parses the next slice of `text` (about `bytes` of it, or more while
    /// one block stays open) at time `now`; `None` when caught up.
    pub fn next(&mut self, text: &str, done: bool, bytes: usize, now: f64) -> Option<StreamUpdate> {
        if text.len() < self.fed {
            // Not a continuation: the stream notices and starts over.
            *self = Self::default();
        }
        if self.caught_up(text.len(), done) {
            return None;
        }
        let frozen = self.stream.frozen_len();
        let open = self.fed - frozen;
        let cut = cut_point(text, frozen, bytes.max(2 * open).max(1));
        self.fed = cut;
        self.parsed_at = now;
        self.parsed_bytes += cut - frozen;
        if cut == text.len() && done {
            self.finished = true;
            Some(self.stream.finish(text))
        } else {
            self.finished = false;
            Some(self.stream.update(&text[..cut]))
        }
    }
}

/// Where to end a slice that should parse about `want` bytes from `from`:
/// after the line that follows the first blank line past that point (so
/// the block before it can freeze), else after a line, else at a character
/// boundary, looking at most [`REACH`] or `want` bytes further; the end of
/// the text when it is that close.
fn cut_point(text: &str, from: usize, want: usize) -> usize {
    let target = from.saturating_add(want);
    if target >= text.len() {
        return text.len();
    }
    let reach = target.saturating_add(want.max(REACH)).min(text.len());
    let window = &text.as_bytes()[target..reach];
    let line_ends = window
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| target + i + 1);
    let mut first_end = None;
    let mut after_blank = false;
    let mut line_start = target;
    for end in line_ends {
        if after_blank {
            return end;
        }
        first_end.get_or_insert(end);
        after_blank = text.as_bytes()[line_start..end]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            && line_start > target;
        line_start = end;
    }
    first_end.unwrap_or_else(|| {
        let mut cut = target;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        cut
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::MdNode;
    use crate::render;

    /// Slices `text` to the end; returns every frozen node and the slicer.
    fn slice_all(text: &str, done: bool, bytes: usize) -> (Vec<MdNode>, Vec<MdNode>, Slicer) {
        let mut slicer = Slicer::new();
        let mut frozen = Vec::new();
        let mut tail = Vec::new();
        let mut slices = 0;
        while let Some(update) = slicer.next(text, done, bytes, 0.0) {
            assert!(!update.reset);
            frozen.extend(update.new_frozen.into_iter().flatten());
            tail = update.tail;
            slices += 1;
            assert!(slices <= text.len() + 1, "no progress");
        }
        (frozen, tail, slicer)
    }

    fn sample() -> String {
        let fixture = include_str!("../../tests/fixtures/markdown/long_answer.md");
        format!("{fixture}\n\n[ref]: https://r.example\n\n{fixture}")
    }

    #[test]
    fn slices_add_up_to_the_whole_render() {
        let text = sample();
        for bytes in [1, 7, 64, 500, SLICE_BYTES] {
            let (frozen, tail, _) = slice_all(&text, true, bytes);
            assert!(tail.is_empty());
            assert_eq!(frozen, render(&text), "slices of {bytes}");
            let (mut shown, tail, _) = slice_all(&text, false, bytes);
            shown.extend(tail);
            assert_eq!(shown, render(&text), "slices of {bytes}, open");
        }
    }

    #[test]
    fn cuts_fall_after_the_line_that_follows_a_blank_line() {
        let text = "aaaa\nbbbb\n\ncccc\ndddd\n\neeee\n";
        assert_eq!(cut_point(text, 0, 4), 16);
        assert_eq!(cut_point(text, 0, 100), text.len());
        // No line end in reach: a character boundary.
        assert_eq!(cut_point("ééééééé", 0, 3), 4);
    }

    #[test]
    fn one_huge_block_is_parsed_in_linear_work() {
        for text in [
            format!("```\n{}```\n", "let x = 1;\n".repeat(20_000)),
            "word ".repeat(40_000),
            format!("| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(20_000)),
        ] {
            let (frozen, tail, slicer) = slice_all(&text, true, 1024);
            assert!(tail.is_empty());
            assert_eq!(frozen, render(&text));
            assert!(
                slicer.parsed_bytes() <= 4 * text.len(),
                "{} bytes parsed for {}",
                slicer.parsed_bytes(),
                text.len()
            );
        }
    }

    #[test]
    fn a_long_open_block_waits_for_enough_new_text_or_time() {
        let block = format!("```\n{}", "x\n".repeat(20_000));
        let mut slicer = Slicer::new();
        while slicer.next(&block, false, SLICE_BYTES, 0.0).is_some() {}
        let more = format!("{block}y\n");
        assert_eq!(slicer.pace(more.len(), false, 50.0), Pace::After(150.0));
        assert_eq!(slicer.pace(more.len(), false, 200.0), Pace::Now);
        assert_eq!(slicer.pace(more.len(), true, 50.0), Pace::Now);
        let lots = format!("{block}{}", "y\n".repeat(6_000));
        assert_eq!(slicer.pace(lots.len(), false, 50.0), Pace::Now);
        assert_eq!(slicer.pace(block.len(), false, 50.0), Pace::Idle);
    }

    #[test]
    fn streaming_a_huge_block_in_small_chunks_stays_linear() {
        const CHUNK: usize = 40;
        let text = format!("```\n{}```\n", "let x = 1;\n".repeat(20_000));
        let mut slicer = Slicer::new();
        let mut end = 0;
        let mut now = 0.0;
        while end < text.len() {
            end = (end + CHUNK).min(text.len());
            now += 0.1;
            if slicer.pace(end, false, now) == Pace::Now {
                slicer.next(&text[..end], false, SLICE_BYTES, now);
            }
        }
        while slicer.next(&text, true, SLICE_BYTES, now).is_some() {}
        // Up to SMALL_OPEN, every chunk re-parses the open block, as when
        // streaming ordinary text; past it, the work is linear.
        let small = (SMALL_OPEN / CHUNK) * SMALL_OPEN;
        assert!(
            slicer.parsed_bytes() <= 8 * text.len() + small,
            "{} bytes parsed for {}",
            slicer.parsed_bytes(),
            text.len()
        );
    }
}
