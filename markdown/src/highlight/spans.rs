//! Collects classed byte ranges from the lexers and turns them into pieces
//! of the code text. Lexers report only what they colour; the gaps become
//! plain text here, so no lexer can drop or repeat a byte.
//!
//! The lexers also tally here how many bytes of the code they look at, scans
//! ahead and behind included, so that tests can bound that work by the
//! length of the code without timing anything.

use std::cell::Cell;

use super::TokenClass;

#[derive(Default)]
pub(crate) struct Spans {
    /// `(class, start, end)`, ordered, touching, never empty.
    ranges: Vec<(TokenClass, usize, usize)>,
    /// Bytes of code looked at so far. A `Cell` so that the lexers' scans,
    /// which only read, can count too.
    work: Cell<usize>,
}

impl Spans {
    /// Records that the lexer looked at `bytes` bytes of the code. Only
    /// host tests read the count, so the wasm module skips the sums (they
    /// would cost it about 0.8 KB).
    pub fn saw(&self, bytes: usize) {
        #[cfg(not(target_arch = "wasm32"))]
        self.work.set(self.work.get() + bytes);
        #[cfg(target_arch = "wasm32")]
        let _ = bytes;
    }

    /// How many bytes of code the lexers looked at, counting each look
    /// (always 0 in the wasm module).
    pub fn work(&self) -> usize {
        self.work.get()
    }

    /// Where the last range ended: everything before it is classed.
    pub fn end(&self) -> usize {
        self.ranges.last().map_or(0, |&(_, _, end)| end)
    }

    /// Classes `start..end`. The part of it that overlaps what is already
    /// classed is ignored; a gap before it becomes plain.
    pub fn push(&mut self, class: TokenClass, start: usize, end: usize) {
        let done = self.end();
        let start = start.max(done);
        if start >= end {
            return;
        }
        if start > done {
            self.extend(TokenClass::Plain, done, start);
        }
        self.extend(class, start, end);
    }

    fn extend(&mut self, class: TokenClass, start: usize, end: usize) {
        match self.ranges.last_mut() {
            Some((last, _, last_end)) if *last == class => *last_end = end,
            _ => self.ranges.push((class, start, end)),
        }
    }

    /// The pieces of `code`. A range that does not fall on character
    /// boundaries would be a lexer bug; rather than panic on model text, the
    /// whole block then stays plain.
    pub fn into_pieces(mut self, code: &str) -> Vec<(TokenClass, &str)> {
        self.push(TokenClass::Plain, self.end(), code.len());
        let pieces: Option<Vec<_>> = self
            .ranges
            .iter()
            .map(|&(class, start, end)| Some((class, code.get(start..end)?)))
            .collect();
        match pieces {
            Some(pieces) if self.end() == code.len() => pieces,
            _ => vec![(TokenClass::Plain, code)],
        }
    }
}
