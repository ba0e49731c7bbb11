//! What a long answer shows while it is built (see `fill`): its end,
//! rendered on its own from a block start near the end, and the rest as
//! raw text in pieces, so that no part of it is ever blank.
//!
//! Both are only previews: the exact render replaces them (or, when the
//! end rendered on its own equals the exact render of that stretch, keeps
//! its DOM), so these functions decide speed, never the result.

/// Raw text per piece.
pub(crate) const PIECE_BYTES: usize = 4 * 1024;

/// A line start about `want` bytes before the end of `text` where a block
/// likely starts, so that rendering from there alone looks like the exact
/// render: after a blank line, outside fenced code, not indented and not a
/// list item, quote or table row (which could belong to the block before).
/// `None` when there is none within `4 * want` of the end.
pub(crate) fn end_start(text: &str, want: usize) -> Option<usize> {
    let latest = text.len().checked_sub(want)?;
    let earliest = text.len().saturating_sub(4 * want);
    let mut fence: Option<(u8, usize)> = None;
    let mut blank_before = false;
    let mut best = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(marker) = fence_marker(body) {
            fence = match fence {
                None => Some((marker.0, marker.1)),
                Some((c, n))
                    if marker.0 == c && marker.1 >= n && body.trim_end().len() == marker.2 =>
                {
                    None
                }
                open => open,
            };
        } else if fence.is_none()
            && blank_before
            && (earliest..=latest).contains(&start)
            && starts_a_block(body)
        {
            best = Some(start);
        }
        blank_before = fence.is_none() && body.trim().is_empty();
        start += line.len();
    }
    best
}

/// A fence line's character, length and the length of its marker run
/// plus indentation (a closing fence has nothing after that).
fn fence_marker(line: &str) -> Option<(u8, usize, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line.as_bytes()[indent..];
    let c = *rest.first().filter(|c| matches!(c, b'`' | b'~'))?;
    let run = rest.iter().take_while(|&&b| b == c).count();
    (run >= 3).then_some((c, run, indent + run))
}

fn starts_a_block(line: &str) -> bool {
    let Some(&first) = line.as_bytes().first() else {
        return false;
    };
    let list_number = first.is_ascii_digit()
        && line
            .bytes()
            .find(|b| !b.is_ascii_digit())
            .is_some_and(|b| matches!(b, b'.' | b')'));
    !matches!(
        first,
        b' ' | b'\t' | b'>' | b'|' | b'-' | b'*' | b'+' | b'['
    ) && !list_number
}

/// Where the raw pieces of `text` start: every [`PIECE_BYTES`] or so, at
/// the start of a line when there is one close by.
pub(crate) fn piece_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = 0;
    while text.len() - at > PIECE_BYTES {
        let target = at + PIECE_BYTES;
        let reach = (target + PIECE_BYTES / 2).min(text.len());
        let next = match text.as_bytes()[target..reach]
            .iter()
            .position(|&b| b == b'\n')
        {
            Some(i) => target + i + 1,
            None => {
                let mut cut = target;
                while !text.is_char_boundary(cut) {
                    cut += 1;
                }
                cut
            }
        };
        if next >= text.len() {
            break;
        }
        starts.push(next);
        at = next;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_starts_at_a_paragraph_after_a_blank_line() {
        let text = format!("{}\n\nLast paragraph.\n- item\n", "Word ".repeat(100));
        let start = end_start(&text, 10).unwrap();
        assert!(text[start..].starts_with("Last paragraph."));
    }

    #[test]
    fn never_inside_fenced_code_or_lists() {
        let code = format!("```\n\n{}\n\nnot a block start\n```\n", "x\n".repeat(50));
        assert_eq!(end_start(&code, 5), None);
        let list = format!("- a\n\n- b\n\n  {}\n\n- c\n", "y ".repeat(40));
        assert_eq!(end_start(&list, 5), None);
        let after = format!("```\n{}\n```\n\n# Title\n\ntext\n", "z\n".repeat(20));
        let start = end_start(&after, 8).unwrap();
        assert!(after[start..].starts_with("# Title"));
    }

    #[test]
    fn none_too_far_from_the_end() {
        let text = format!("Start.\n\n{}", "word ".repeat(1000));
        assert_eq!(end_start(&text, 100), None);
    }

    #[test]
    fn pieces_cover_the_text_at_line_starts() {
        let text = "line of text\n".repeat(2000);
        let starts = piece_starts(&text);
        assert!(starts.len() > 4);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        assert!(
            starts
                .iter()
                .all(|&s| s == 0 || text.as_bytes()[s - 1] == b'\n')
        );
        assert_eq!(piece_starts("short"), vec![0]);
        let wide = "é".repeat(5000);
        assert!(
            piece_starts(&wide)
                .iter()
                .all(|&s| wide.is_char_boundary(s))
        );
    }
}
