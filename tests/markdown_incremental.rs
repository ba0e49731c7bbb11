//! The streaming renderer agrees with the whole-document renderer: for any
//! text and any sequence of prefix cuts, frozen blocks plus the final tail
//! equal `render(text)`, and at every step frozen blocks plus the current
//! tail equal `render(prefix)`.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

use minimax_chat::markdown::{MarkdownStream, MdNode, render, to_html_string};
use proptest::prelude::*;

const FIXTURES: &[(&str, &str)] = &[
    (
        "long_answer",
        include_str!("fixtures/markdown/long_answer.md"),
    ),
    (
        "unclosed_fence",
        include_str!("fixtures/markdown/unclosed_fence.md"),
    ),
    (
        "nested_lists",
        include_str!("fixtures/markdown/nested_lists.md"),
    ),
    ("tables", include_str!("fixtures/markdown/tables.md")),
    (
        "blockquotes",
        include_str!("fixtures/markdown/blockquotes.md"),
    ),
    ("footnotes", include_str!("fixtures/markdown/footnotes.md")),
    ("refs", include_str!("fixtures/markdown/refs.md")),
    ("tricky", include_str!("fixtures/markdown/tricky.md")),
    (
        "code_langs",
        include_str!("fixtures/markdown/code_langs.md"),
    ),
    ("math", include_str!("fixtures/markdown/math.md")),
];

/// Every fixture as written, with CRLF line endings, and without its final
/// newline (streams usually end mid-line).
fn variants() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, text) in FIXTURES {
        out.push((name.to_string(), text.to_string()));
        out.push((format!("{name} (crlf)"), text.replace('\n', "\r\n")));
        out.push((
            format!("{name} (no final newline)"),
            text.trim_end().to_owned(),
        ));
    }
    out
}

/// Snaps byte offsets up to char boundaries, sorted and deduplicated.
fn char_cuts(text: &str, cuts: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = cuts
        .into_iter()
        .map(|cut| {
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            cut
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Streams `text` cut at `cuts`, checking each step against the whole
/// render of the prefix, and returns everything frozen after `finish`.
fn stream(text: &str, cuts: &[usize]) -> Result<Vec<MdNode>, String> {
    let mut stream = MarkdownStream::new();
    let mut frozen: Vec<MdNode> = Vec::new();
    let mut blocks = 0;
    for &cut in cuts {
        let prefix = &text[..cut];
        let update = stream.update(prefix);
        if update.reset || update.first_index != blocks {
            return Err(format!("bad bookkeeping at {cut}: {update:?}"));
        }
        blocks += update.new_frozen.len();
        frozen.extend(update.new_frozen.into_iter().flatten());
        let mut shown = frozen.clone();
        shown.extend(update.tail);
        let whole = render(prefix);
        if shown != whole {
            return Err(format!(
                "step at byte {cut} of {prefix:?}\n streamed: {}\n    whole: {}",
                to_html_string(&shown),
                to_html_string(&whole)
            ));
        }
    }
    let last = stream.finish(text);
    if !last.tail.is_empty() || last.first_index != blocks {
        return Err(format!("finish left a tail: {last:?}"));
    }
    frozen.extend(last.new_frozen.into_iter().flatten());
    Ok(frozen)
}

fn assert_streams_like_whole(name: &str, text: &str, cuts: &[usize]) {
    assert_streams_like(name, text, cuts, &render(text));
}

fn assert_streams_like(name: &str, text: &str, cuts: &[usize], whole: &[MdNode]) {
    match stream(text, cuts) {
        Ok(streamed) => assert!(
            streamed == whole,
            "{name} cut at {cuts:?}\n streamed: {}\n    whole: {}",
            to_html_string(&streamed),
            to_html_string(whole)
        ),
        Err(message) => panic!("{name}: {message}"),
    }
}

#[test]
fn every_nth_byte_matches_whole_render() {
    for (name, text) in variants() {
        for step in [1, 2, 3, 7, 16, 61] {
            let cuts = char_cuts(&text, (0..=text.len()).step_by(step));
            assert_streams_like_whole(&format!("{name} step {step}"), &text, &cuts);
        }
    }
}

#[test]
fn single_cuts_match_whole_render() {
    // One cut then `finish`: every 5th byte, and every byte near a line
    // break, where block structure is decided.
    for (name, text) in variants() {
        let whole = render(&text);
        let near_breaks = text
            .match_indices('\n')
            .flat_map(|(at, _)| at.saturating_sub(2)..=at + 3);
        let cuts = char_cuts(&text, (0..=text.len()).step_by(5).chain(near_breaks));
        for cut in cuts {
            assert_streams_like(&name, &text, &[cut], &whole);
        }
    }
}

#[test]
fn line_by_line_matches_whole_render() {
    for (name, text) in variants() {
        let ends = text.match_indices('\n').map(|(at, _)| at + 1);
        let cuts = char_cuts(&text, ends);
        assert_streams_like_whole(&name, &text, &cuts);
    }
}

/// The point of streaming: the open tail stays about one block long.
#[test]
fn tail_stays_small_on_a_long_answer() {
    let text = FIXTURES[0].1.repeat(8);
    let mut stream = MarkdownStream::new();
    let mut worst = 0;
    for cut in char_cuts(&text, (0..=text.len()).step_by(5)) {
        stream.update(&text[..cut]);
        worst = worst.max(cut - stream.frozen_len());
    }
    // The largest block of the fixture (the handler code, plus the blank
    // line that must follow before it freezes) is under 600 bytes.
    assert!(worst < 600, "tail grew to {worst} bytes");
    assert!(stream.frozen_len() > text.len() - 300);
}

#[test]
fn frozen_blocks_are_rendered_once() {
    let text = "# One\n\nTwo\n\nThree";
    let mut stream = MarkdownStream::new();
    // A closed paragraph cannot be reopened, even by an unfinished line.
    let first = stream.update(text);
    assert_eq!(first.new_frozen.len(), 2);
    assert_eq!(to_html_string(&first.tail), "<p>Three</p>");
    let again = stream.update(text);
    assert!(again.new_frozen.is_empty());
    assert_eq!(again.first_index, 2);
    assert_eq!(to_html_string(&again.tail), "<p>Three</p>");
}

#[test]
fn heading_freezes_without_blank_line() {
    let mut stream = MarkdownStream::new();
    let update = stream.update("# Title\nText");
    assert_eq!(update.new_frozen.len(), 1);
    assert_eq!(stream.frozen_len(), "# Title\n".len());
}

#[test]
fn incomplete_line_after_list_does_not_freeze_it() {
    // `1` may still become `1. item`, continuing the list above.
    let mut stream = MarkdownStream::new();
    assert!(stream.update("1. a\n\n1").new_frozen.is_empty());
    let update = stream.update("1. a\n\n1. b\n");
    assert!(update.new_frozen.is_empty());
    assert_eq!(
        to_html_string(&update.tail),
        "<ol><li><p>a</p></li><li><p>b</p></li></ol>"
    );
}

#[test]
fn reference_definition_after_heading_keeps_next_line_open() {
    // Found by proptest: the definition has no events, and `2. ` after it is
    // a lazy continuation line, not a list; the heading must not pull the
    // cut down to the `2` line.
    let text = "# H\n[x]: https://x.example\n2. \n\nword\n";
    assert_streams_like_whole(
        "refdef after heading",
        text,
        &char_cuts(text, 0..=text.len()),
    );
}

#[test]
fn indented_footnote_definition_is_not_a_cut() {
    // Found by proptest: the second definition closes the first one but
    // starts four spaces in; parsed alone, that line is indented code.
    let text = "[^1]: note\n    code\n\n    [^1]: note\n\n";
    assert_streams_like_whole("indented footnote", text, &char_cuts(text, 0..=text.len()));
}

#[test]
fn shrinking_text_resets() {
    let mut stream = MarkdownStream::new();
    stream.update("# One\n\nTwo\n\nThree");
    let update = stream.update("# O");
    assert!(update.reset);
    assert_eq!(update.first_index, 0);
    assert_eq!(to_html_string(&update.tail), "<h1>O</h1>");
}

#[test]
fn finish_is_final_for_the_same_text() {
    let mut stream = MarkdownStream::new();
    let done = stream.finish("a\n\nb");
    assert_eq!(done.new_frozen.len(), 2);
    assert_eq!(stream.update("a\n\nb"), Default::default());
    assert_eq!(stream.finish("a\n\nb"), Default::default());
}

#[test]
fn other_text_after_finish_starts_over() {
    // E.g. the UI switching to another answer in the same message view.
    let mut stream = MarkdownStream::new();
    stream.finish("a\n\nb");
    let update = stream.finish("c");
    assert!(update.reset);
    assert_eq!(update.first_index, 0);
    assert_eq!(to_html_string(&update.new_frozen.concat()), "<p>c</p>");
}

#[test]
fn replaced_longer_text_is_noticed() {
    let mut stream = MarkdownStream::new();
    stream.update("# One\n\nTwo\n\nThree\n");
    assert!(stream.frozen_len() > 0);
    let update = stream.update("# Uno\n\nDos\n\nTres, but longer\n");
    assert!(update.reset);
    let shown: Vec<MdNode> = update
        .new_frozen
        .into_iter()
        .flatten()
        .chain(update.tail)
        .collect();
    assert_eq!(shown, render("# Uno\n\nDos\n\nTres, but longer\n"));
}

/// Pieces that exercise block starts, containers and inline syntax.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "   ",
    "    ",
    "\t",
    "word ",
    "text",
    "é",
    "# ",
    "## H\n",
    "H\n",
    "===\n",
    "---\n",
    "--",
    "***\n",
    "- ",
    "- item\n",
    "  - ",
    "\t- ",
    "* ",
    "+ ",
    "1. ",
    "2. ",
    "10) ",
    "1",
    "> ",
    ">",
    ">  - ",
    "```",
    "```rust\n",
    "~~~\n",
    "    code\n",
    "| a | b |\n",
    "|---|:-:|\n",
    "|",
    "\\|",
    "[^1]",
    "[^1]: note\n",
    "[^b]: ",
    "[^a\\]b]",
    "[^ẞ]",
    "[^ss]: s\n",
    "[x]",
    "[X][]",
    "[x]: https://x.example\n",
    "[X]: javascript:a\n",
    "> [y]: https://y.example\n",
    "[y]",
    "[ẞ]: https://s.example\n",
    "[ss]",
    "\"title\"\n",
    "(t)",
    "[t](https://a.example)",
    "[t][x]",
    "![i](https://c.example)",
    "![i][y]",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "$",
    "$x$",
    "$$",
    "<div>\n",
    "<span>",
    "<pre>\n",
    "</pre>\n",
    "<?",
    "?>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<script>",
    "</script>\n",
    "- [ ] ",
    "[",
    "]",
    "(",
    ")",
    "\\",
    " \\\n",
    "<",
    ">",
    "&amp;",
    "&#106;",
    "\"t\"",
    "'",
    "<https://auto.example>",
];

/// 2000 cases by default; `MD_PROPTEST_CASES` runs a longer search.
fn cases() -> u32 {
    std::env::var("MD_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..80)
        .prop_map(|parts| parts.concat())
}

/// Line openers, contents and endings, to stress block structure.
const LINE_STARTS: &[&str] = &[
    "", "", " ", "   ", "    ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "> ", ">> ", "# ", "### ",
    "```", "~~~", "  - ", "   1. ", "[^n]: ", "[r]: ", "| ", "<div>", "<!-- ", "$$", "- [ ] ",
];
const LINE_CONTENTS: &[&str] = &[
    "",
    "text",
    "a | b |",
    "|---|---|",
    "---",
    "===",
    "[r]",
    "[^n]",
    "https://x.example",
    "\"title\"",
    "*em*",
    "`c`",
    "-->",
    "</div>",
    "```",
    "$$",
    "1",
    "-",
];
const LINE_ENDS: &[&str] = &["\n", "\n", "\r\n", "\n\n", ""];

fn line_document() -> impl Strategy<Value = String> {
    let line = (
        proptest::sample::select(LINE_STARTS),
        proptest::sample::select(LINE_CONTENTS),
        proptest::sample::select(LINE_ENDS),
    );
    proptest::collection::vec(line, 0..30).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(start, content, end)| format!("{start}{content}{end}"))
            .collect()
    })
}

/// The proptest property: streaming `text` cut at `raw_cuts` equals the
/// whole render.
fn streams_like_whole(
    text: &str,
    raw_cuts: &[proptest::sample::Index],
) -> Result<(), TestCaseError> {
    let cuts = char_cuts(text, raw_cuts.iter().map(|i| i.index(text.len() + 1)));
    let whole = render(text);
    match stream(text, &cuts) {
        Ok(streamed) => prop_assert!(
            streamed == whole,
            "cuts {:?} of {:?}\n streamed: {}\n    whole: {}",
            cuts,
            text,
            to_html_string(&streamed),
            to_html_string(&whole)
        ),
        Err(message) => prop_assert!(false, "{}", message),
    }
    Ok(())
}

proptest! {
    // No failure files: the interesting cases found so far are unit tests.
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_cuts_match_whole_render(
        text in document(),
        raw_cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..24),
    ) {
        streams_like_whole(&text, &raw_cuts)?;
    }

    #[test]
    fn random_lines_match_whole_render(
        text in line_document(),
        raw_cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..24),
    ) {
        streams_like_whole(&text, &raw_cuts)?;
    }
}

/// The single top-level node of the open tail, with its tag.
fn tail_node<'u>(
    update: &'u minimax_chat::markdown::StreamUpdate,
    at: &str,
) -> (&'u str, &'u [MdNode]) {
    match update.tail.as_slice() {
        [MdNode::Element { tag, children, .. }] => (tag, children),
        other => panic!(
            "one tail block expected at {at:?}: {}",
            to_html_string(other)
        ),
    }
}

#[test]
fn unclosed_fence_streams_as_a_growing_code_block() {
    let text = "Intro.\n\n```python\ndef f(x):\n    return \"x\"  # note\n    pass";
    let fence = text.find("```").unwrap_or_default();
    let code_start = text.find("def").unwrap_or_default();
    let mut stream = MarkdownStream::new();
    for cut in char_cuts(text, fence + 3..=text.len()) {
        let prefix = &text[..cut];
        let update = stream.update(prefix);
        let (tag, children) = tail_node(&update, prefix);
        assert_eq!(tag, "pre", "{prefix:?}");
        let code: String = children.iter().map(MdNode::text_content).collect();
        // A last line of only spaces shows once something follows them.
        let typed = text.get(code_start..cut).unwrap_or_default();
        let pending = typed.strip_prefix(code.as_str());
        assert!(
            pending.is_some_and(|rest| rest.trim_matches(' ').is_empty()),
            "{prefix:?}: {code:?}"
        );
    }
    let html = to_html_string(&stream.update(text).tail);
    for token in [
        "<span class=\"tok-kw\">def</span>",
        "<span class=\"tok-str\">&quot;x&quot;</span>",
        "<span class=\"tok-com\"># note</span>",
    ] {
        assert!(html.contains(token), "{token} missing: {html}");
    }
}

/// Body rows of a streamed table, as the text of their cells.
fn body_rows(table: &[MdNode]) -> Vec<Vec<String>> {
    let body = table.iter().find_map(|part| match part {
        MdNode::Element {
            tag: "tbody",
            children,
            ..
        } => Some(children),
        _ => None,
    });
    body.into_iter()
        .flatten()
        .map(|row| match row {
            MdNode::Element { children, .. } => children.iter().map(MdNode::text_content).collect(),
            MdNode::Text(text) => vec![text.clone()],
        })
        .collect()
}

#[test]
fn unclosed_table_streams_as_a_growing_table() {
    let text = "| Name | Score |\n|------|------:|\n| Ann | 10 |\n| Bob | 7";
    let delimiter_end = text.find("|\n| Ann").unwrap_or_default() + 1;
    let mut stream = MarkdownStream::new();
    let mut rows_seen = 0;
    for cut in char_cuts(text, delimiter_end..=text.len()) {
        let prefix = &text[..cut];
        let mut update = stream.update(prefix);
        // A row that is only its opening `|` is not a row yet: for that one
        // keystroke it shows as a paragraph under the table.
        let bare_pipe = prefix
            .rsplit('\n')
            .next()
            .is_some_and(|line| line.trim() == "|");
        if bare_pipe {
            let last = update.tail.pop().map(|node| to_html_string(&[node]));
            assert_eq!(last.as_deref(), Some("<p>|</p>"), "{prefix:?}");
        }
        let (tag, children) = tail_node(&update, prefix);
        assert_eq!(tag, "table", "{prefix:?}");
        let rows = body_rows(children);
        // One row per started body line, never fewer than before.
        let started = prefix[delimiter_end..].matches("\n|").count() - usize::from(bare_pipe);
        assert_eq!(rows.len(), started, "{prefix:?}");
        assert!(rows.len() >= rows_seen);
        rows_seen = rows.len();
        // Every row has both columns, padded while its cells arrive.
        assert!(
            rows.iter().all(|row| row.len() == 2),
            "{prefix:?}: {rows:?}"
        );
    }
    let rows = body_rows(tail_node(&stream.update(text), text).1);
    assert_eq!(rows, [["Ann", "10"], ["Bob", "7"]]);
}

#[test]
fn code_fixture_is_highlighted_in_every_language() {
    let html = to_html_string(&render(FIXTURES[8].1));
    let blocks = html.matches("<pre><code class=\"language-").count();
    let highlighted = html
        .split("<pre><code class=\"language-")
        .skip(1)
        .filter(|block| {
            let code = block.split("</code>").next().unwrap_or_default();
            code.contains("<span class=\"tok-")
        })
        .count();
    assert!(blocks >= 15, "{blocks} code blocks");
    assert_eq!(highlighted, blocks, "{html}");
}
