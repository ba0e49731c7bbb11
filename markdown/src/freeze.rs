//! Decides how much of a growing text is final while it streams.
//!
//! Block `i` (and all before it) may be frozen once block `i + 1` has
//! started at `S` and nothing that can still arrive could make the parser
//! read the earlier lines differently. `S` must sit at the start of its line
//! (after at most three spaces); the cut is that line's start. Then, by the
//! kind of block `i`:
//!
//! * heading, fenced code, thematic break: they end at their own last line
//!   (fenced code followed by a block has its closing fence). Only blank
//!   lines may separate it from `S` — a reference definition, which has no
//!   events, could still swallow `S`'s line as a lazy continuation.
//! * paragraph, table, HTML block: the line before `S` must be blank; a
//!   blank line closes them, so no lazy continuation, setext underline,
//!   table delimiter row or multi-line reference title can reach back.
//! * list, block quote, footnote definition, indented code: also a blank
//!   line before `S`, and `S`'s line must be complete (end in `\n`): `1`
//!   could still become `1. item` continuing the list, `1\n` cannot.
//!
//! Lines ending in a lone `\r` fail the line-start test and are simply
//! frozen later. `finish` freezes whatever is left.

use super::walk::{Block, BlockKind};

/// The index of the first block that stays open and the byte offset (start
/// of its line) where the frozen text ends, if anything can be frozen.
pub(crate) fn freeze_point(text: &str, blocks: &[Block]) -> Option<(usize, usize)> {
    (1..blocks.len()).rev().find_map(|i| {
        let start = blocks[i].start;
        let line = line_start(text, start)?;
        let before = text.get(..line)?;
        let previous = &blocks[i - 1];
        let closed = match previous.kind {
            BlockKind::SelfClosing => text.get(previous.end..line).is_some_and(|gap| {
                gap.bytes()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            }),
            BlockKind::Leaf => previous_line_is_blank(before),
            BlockKind::Container => {
                previous_line_is_blank(before)
                    && text.get(start..).is_some_and(|rest| rest.contains('\n'))
            }
        };
        closed.then_some((i, line))
    })
}

/// The start of the line holding `at`, if at most three spaces precede `at`
/// on that line and the line is not the first one. Deeper indentation would
/// read as indented code when parsed on its own (a block nested that deep
/// belongs to a container, e.g. a footnote definition closing the one
/// before it), so such blocks are never cut points.
fn line_start(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let line = before.rfind('\n')? + 1;
    let indent = &before[line..];
    (indent.len() <= 3 && indent.bytes().all(|b| b == b' ')).then_some(line)
}

/// `before` ends with `\n`; is the line that this `\n` ends blank?
fn previous_line_is_blank(before: &str) -> bool {
    let Some(body) = before.strip_suffix('\n') else {
        return false;
    };
    let line = body.rfind('\n').map_or(body, |nl| &body[nl + 1..]);
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}
