//! Markdown read as plain text, for a search snippet in the chat list: a
//! few dozen characters around a match, shown as text (never rendered), so
//! `**bold**`, `` `code` ``, `# heading` and `[label](url)` read as the
//! words a person saw in the answer. A light pass, not a parser: the app
//! carries no markdown parser (that lives in the renderer module), and a
//! snippet is a cut piece of text that no parser would read right anyway.

/// `text` without markdown syntax, whitespace collapsed, and where the
/// byte range `mark` of `text` ended up in it (empty when the match was
/// all syntax). Works on bytes, as every piece of syntax is ASCII: a
/// character outside ASCII is copied whole, and counts as a letter.
pub fn plain_with_mark(text: &str, mark: (usize, usize)) -> (String, (usize, usize)) {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut out_mark = (usize::MAX, usize::MAX);
    let mut line_start = true;
    let mut i = 0;
    while i < b.len() {
        if i >= mark.0 && out_mark.0 == usize::MAX {
            out_mark.0 = out.len();
        }
        if i >= mark.1 && out_mark.1 == usize::MAX {
            out_mark.1 = out.len();
        }
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            push_space(&mut out);
            i += 1;
            continue;
        }
        if line_start {
            if is_space(c) {
                i += 1;
                continue;
            }
            line_start = false;
            let marker = line_marker(&b[i..]);
            if marker > 0 {
                i += marker;
                continue;
            }
        }
        let skip = match c {
            b'`' => 1,
            b'*' | b'_' | b'~' => match emphasis_run(b, i) {
                Ok(marker) => marker,
                Err(text_run) => {
                    out.push_str(text.get(i..i + text_run).unwrap_or_default());
                    i += text_run;
                    continue;
                }
            },
            b']' if b.get(i + 1) == Some(&b'(') => link_target(b, i),
            b'[' | b']' => 1,
            b'!' if b.get(i + 1) == Some(&b'[') => 1,
            b'|' => {
                push_space(&mut out);
                1
            }
            // A rule or a table's header line: `---`, `===`.
            b'-' | b'=' => match run(b, i) {
                len if len >= 3 => len,
                _ => 0,
            },
            _ => 0,
        };
        if skip > 0 {
            i += skip;
        } else if is_space(c) {
            push_space(&mut out);
            i += 1;
        } else {
            let len = match c {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            out.push_str(text.get(i..i + len).unwrap_or_default());
            i += len;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    let end = out.len();
    let (mut a, mut z) = (out_mark.0.min(end), out_mark.1.min(end));
    z = z.max(a);
    // The mark holds no space at either end.
    while a < z && out.as_bytes()[a] == b' ' {
        a += 1;
    }
    while z > a && out.as_bytes()[z - 1] == b' ' {
        z -= 1;
    }
    (out, (a, z))
}

/// A space, tab or carriage return (newlines are handled apart).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

/// One space for any run of whitespace, none at the start.
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// How many bytes from `i` repeat the byte at `i`.
fn run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|x| **x == b[i]).count()
}

/// How many bytes of a line's start are a heading, quote or list marker
/// (`## `, `> `, `- `, `* `, `+ `), 0 when none.
fn line_marker(rest: &[u8]) -> usize {
    let len = match rest.first() {
        Some(b'#') => run(rest, 0),
        Some(b'>' | b'-' | b'*' | b'+') => 1,
        _ => return 0,
    };
    match rest.get(len) {
        Some(b' ' | b'\t') => len + 1,
        None if rest[0] == b'>' => len,
        _ => 0,
    }
}

/// An emphasis marker run at `i` (`**`, `_`, `~~`): `Ok(length)`, or
/// `Err(length)` when the run is text: `2 * 3` with spaces on both
/// sides, or `snake_case` between letters.
fn emphasis_run(b: &[u8], i: usize) -> Result<usize, usize> {
    let len = run(b, i);
    let before = i.checked_sub(1).map(|at| b[at]);
    let after = b.get(i + len).copied();
    let space = |x: Option<u8>| x.is_none_or(|c| is_space(c) || c == b'\n');
    let word = |x: Option<u8>| x.is_some_and(|c| c.is_ascii_alphanumeric() || c >= 0x80);
    if space(before) && space(after) || b[i] == b'_' && word(before) && word(after) {
        Err(len)
    } else {
        Ok(len)
    }
}

/// At `](` of a link: how many bytes up to and including the `)` that
/// closes its destination (the rest of the text when cut off).
fn link_target(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    for (n, c) in b[i + 1..].iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return n + 2;
                }
            }
            _ => {}
        }
    }
    b.len() - i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain text, with the mark shown in brackets.
    fn shown(text: &str, word: &str) -> String {
        let at = text.find(word).unwrap_or(text.len());
        let (out, (a, b)) = plain_with_mark(text, (at, at + word.len()));
        format!("{}[{}]{}", &out[..a], &out[a..b], &out[b..])
    }

    #[test]
    fn markdown_syntax_is_left_out() {
        assert_eq!(shown("Use **bold** text", "bold"), "Use [bold] text");
        assert_eq!(shown("## Heading here", "here"), "Heading [here]");
        assert_eq!(shown("> quoted `code` bit", "code"), "quoted [code] bit");
        assert_eq!(
            shown("see [the docs](https://x.example/a_(b)) now", "docs"),
            "see the [docs] now"
        );
        assert_eq!(shown("![a cat](cat.png) sat", "sat"), "a cat [sat]");
        assert_eq!(shown("- one\n- two\n* three", "two"), "one [two] three");
        assert_eq!(shown("| a | b |\n|---|---|", "b"), "a [b]");
        assert_eq!(shown("~~old~~ new", "new"), "old [new]");
    }

    #[test]
    fn text_that_only_looks_like_syntax_stays() {
        assert_eq!(shown("2 * 3 = 6", "6"), "2 * 3 = [6]");
        assert_eq!(
            shown("call snake_case_name()", "case"),
            "call snake_[case]_name()"
        );
        assert_eq!(shown("a - b", "b"), "a - [b]");
        assert_eq!(shown("#hashtag", "hash"), "#[hash]tag");
    }

    #[test]
    fn whitespace_collapses_and_the_mark_follows() {
        assert_eq!(shown("  lots   of\n\n space  ", "space"), "lots of [space]");
        assert_eq!(shown("ünïcödé **wörd** end", "wörd"), "ünïcödé [wörd] end");
    }

    #[test]
    fn a_match_inside_syntax_or_a_cut_link_is_safe() {
        let (out, (a, b)) = plain_with_mark("**", (0, 2));
        assert_eq!((out.as_str(), a, b), ("**", 0, 2), "a lone run is text");
        assert_eq!(shown("cut [link](https://exam", "link"), "cut [link]");
        assert_eq!(shown("x **bold**", "**"), "x []bold");
    }
}
