//! Markdown read as plain text, for a search snippet in the chat list: a
//! few dozen characters around a match, shown as text (never rendered), so
//! `**bold**`, `` `code` ``, `# heading` and `[label](url)` read as the
//! words a person saw in the answer. A light pass, not a parser: the app
//! carries no markdown parser (that lives in the renderer module), and a
//! snippet is a cut piece of text that no parser would read right anyway.

/// `text` without markdown syntax, whitespace collapsed, and where the
/// byte range `mark` of `text` ended up in it (empty when the match was
/// all syntax).
pub fn plain_with_mark(text: &str, mark: (usize, usize)) -> (String, (usize, usize)) {
    let mut out = String::with_capacity(text.len());
    let mut out_mark = (usize::MAX, usize::MAX);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut line_start = true;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if at >= mark.0 && out_mark.0 == usize::MAX {
            out_mark.0 = out.len();
        }
        if at >= mark.1 && out_mark.1 == usize::MAX {
            out_mark.1 = out.len();
        }
        if c == '\n' {
            line_start = true;
            push_space(&mut out);
            i += 1;
            continue;
        }
        if line_start {
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            line_start = false;
            let marker = line_marker(&chars[i..]);
            if marker > 0 {
                i += marker;
                continue;
            }
        }
        let skip = match c {
            '`' => 1,
            '*' | '_' | '~' => match emphasis_run(&chars, i) {
                Ok(marker) => marker,
                Err(text) => {
                    out.extend(chars[i..i + text].iter().map(|x| x.1));
                    i += text;
                    continue;
                }
            },
            '[' | ']' if c == ']' && chars.get(i + 1).is_some_and(|n| n.1 == '(') => {
                link_target(&chars, i)
            }
            '[' | ']' => 1,
            '!' if chars.get(i + 1).is_some_and(|n| n.1 == '[') => 1,
            '|' => {
                push_space(&mut out);
                1
            }
            // A rule or a table's header line: `---`, `===`.
            '-' | '=' => match chars[i..].iter().take_while(|x| x.1 == c).count() {
                run if run >= 3 => run,
                _ => 0,
            },
            _ => 0,
        };
        if skip > 0 {
            i += skip;
            continue;
        }
        if c.is_whitespace() {
            push_space(&mut out);
        } else {
            out.push(c);
        }
        i += 1;
    }
    let end = out.len();
    let fix = |at: usize| at.min(end);
    let (start, stop) = (fix(out_mark.0), fix(out_mark.1));
    // Collapsing spaces can leave one at either end, or at the mark's ends.
    let trimmed_start = out.len() - out.trim_start().len();
    let text = out.trim().to_string();
    let shift = |at: usize| at.saturating_sub(trimmed_start).min(text.len());
    let (mut a, mut b) = (shift(start), shift(stop.max(start)));
    while a < b && text[a..].starts_with(' ') {
        a += 1;
    }
    while b > a && text[..b].ends_with(' ') {
        b -= 1;
    }
    (text, (a, b))
}

/// One space for any run of whitespace.
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// How many characters of a line's start are a heading, quote or list
/// marker (`## `, `> `, `- `, `* `, `+ `), 0 when none.
fn line_marker(rest: &[(usize, char)]) -> usize {
    let first = rest.first().map(|c| c.1);
    let run = match first {
        Some('#') => rest.iter().take_while(|c| c.1 == '#').count(),
        Some('>' | '-' | '*' | '+') => 1,
        _ => return 0,
    };
    match rest.get(run).map(|c| c.1) {
        Some(' ' | '\t') => run + 1,
        None if first == Some('>') => run,
        _ => 0,
    }
}

/// An emphasis marker run at `i` (`**`, `_`, `~~`): `Ok(length)`, or
/// `Err(length)` when the run is text: `2 * 3` with spaces on both
/// sides, or `snake_case` between letters.
fn emphasis_run(chars: &[(usize, char)], i: usize) -> Result<usize, usize> {
    let c = chars[i].1;
    let len = chars[i..].iter().take_while(|x| x.1 == c).count();
    let before = i.checked_sub(1).map(|b| chars[b].1);
    let after = chars.get(i + len).map(|x| x.1);
    let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
    let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if space(before) && space(after) || c == '_' && word(before) && word(after) {
        Err(len)
    } else {
        Ok(len)
    }
}

/// At `](` of a link: how many characters up to and including the `)`
/// that closes its destination (the rest of the text when cut off).
fn link_target(chars: &[(usize, char)], i: usize) -> usize {
    let mut depth = 0usize;
    for (n, (_, c)) in chars[i + 1..].iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return n + 2;
                }
            }
            _ => {}
        }
    }
    chars.len() - i
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
