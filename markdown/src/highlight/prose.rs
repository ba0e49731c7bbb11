//! Markdown source shown as code: headings, fences, list and quote markers,
//! inline code, emphasis and link targets. Line by line, and within a line
//! each search for a closing mark either consumes up to it or marks that
//! character as absent for the rest of the line, so the pass stays linear.

use super::TokenClass::*;
use super::spans::Spans;

pub(crate) fn lex(code: &str, out: &mut Spans) {
    // The open fence's character and length.
    let mut fence: Option<(u8, usize)> = None;
    let mut start = 0;
    for line in code.split_inclusive('\n') {
        // Found, then trimmed.
        out.saw(line.len() + 2);
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        lex_line(code, start, end, &mut fence, out);
        start += line.len();
    }
}

fn lex_line(
    code: &str,
    start: usize,
    end: usize,
    fence: &mut Option<(u8, usize)>,
    out: &mut Spans,
) {
    let line = &code.as_bytes()[start..end];
    // The whole-line checks below (a closing fence, a rule) read the line
    // at most four times; the runs of marks they count are shorter.
    out.saw(4 * (line.len() + 1));
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    let body = &line[indent.min(line.len())..];
    let run = |mark: u8| body.iter().take_while(|&&b| b == mark).count();
    if let Some((mark, len)) = *fence {
        let closes =
            indent < 4 && run(mark) >= len && body[run(mark)..].iter().all(u8::is_ascii_whitespace);
        out.push(if closes { Meta } else { String }, start, end);
        if closes {
            *fence = None;
        }
        return;
    }
    if indent < 4 {
        for mark in [b'`', b'~'] {
            if run(mark) >= 3 {
                *fence = Some((mark, run(mark)));
                out.push(Meta, start, end);
                return;
            }
        }
        let hashes = run(b'#');
        if (1..=6).contains(&hashes) && body.get(hashes).is_none_or(|&b| b == b' ') {
            out.push(Heading, start, end);
            return;
        }
        let mut marks = body.iter().filter(|&&b| b != b' ' && b != b'\t');
        let first = marks.clone().next().copied();
        let rule = matches!(first, Some(b'-' | b'*' | b'_'))
            && marks.clone().count() >= 3
            && marks.all(|&b| Some(b) == first);
        if rule {
            out.push(Meta, start, end);
            return;
        }
    }
    let inline_at = markers(code, start + indent, end, out);
    inline(code, inline_at, end, out);
}

/// Quote markers and one list marker at the start of a line; returns where
/// the inline text begins.
fn markers(code: &str, mut pos: usize, end: usize, out: &mut Spans) -> usize {
    let bytes = code.as_bytes();
    let from = pos;
    while pos < end && bytes[pos] == b'>' {
        out.push(Comment, pos, pos + 1);
        pos += 1;
        while pos < end && bytes[pos] == b' ' {
            pos += 1;
        }
    }
    let digits = bytes[pos..end]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    // The quote marks and their spaces, the digits, the marker and the byte
    // after it.
    out.saw(pos - from + 2 * (digits + 1) + 1);
    let marker = match bytes.get(pos + digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return pos,
    };
    if pos + marker == end || bytes.get(pos + marker) == Some(&b' ') {
        out.push(Keyword, pos, pos + marker);
        return pos + marker;
    }
    pos
}

/// Inline code, emphasis and `](target)` within `start..end` of one line.
fn inline(code: &str, start: usize, end: usize, out: &mut Spans) {
    let bytes = code.as_bytes();
    // Marks known to have no closer later on this line.
    let mut absent: Vec<u8> = Vec::new();
    let mut pos = start;
    while pos < end {
        // This byte and the one before.
        out.saw(2);
        let b = bytes[pos];
        let closer = |from: usize, mark: u8| {
            let found = bytes[from..end].iter().position(|&c| c == mark);
            out.saw(found.map_or(end - from, |i| i + 1));
            found.map(|i| from + i)
        };
        let after_word = pos > start && bytes[pos - 1].is_ascii_alphanumeric();
        let marked =
            matches!(b, b'`' | b'*' | b'_') && !absent.contains(&b) && !(b == b'_' && after_word);
        if marked {
            let run = bytes[pos..end].iter().take_while(|&&c| c == b).count();
            // The absent marks (three at most) and the run.
            out.saw(3 + run + 1);
            match closer(pos + run, b) {
                Some(close) => {
                    let close_run = bytes[close..end].iter().take_while(|&&c| c == b).count();
                    out.saw(close_run + 1);
                    let class = if b == b'`' { String } else { Emphasis };
                    out.push(class, pos, close + close_run);
                    pos = close + close_run;
                }
                None => {
                    absent.push(b);
                    pos += run;
                }
            }
        } else if b == b']' && bytes.get(pos + 1) == Some(&b'(') {
            let close = closer(pos + 1, b')').map_or(end, |close| close + 1);
            out.push(Literal, pos + 1, close);
            pos = close;
        } else {
            pos += 1;
        }
    }
}
