//! Arbitrary markdown against the renderer: it never panics, rendering in
//! slices gives exactly the whole render, and the work it does (parser
//! events, view nodes, bytes parsed by the slicer) stays within a bound
//! linear in the length of the text, checked by counting, not by a clock.

use minimax_chat::markdown::{MdNode, SLICE_BYTES, Slicer, render, to_html_string, work};
use proptest::prelude::*;

/// Parser events and view nodes allowed per byte of text, plus a constant
/// for short texts. The worst cases found are near 3 events and 2 nodes a
/// byte (`[a](b)` runs, tables of empty cells); quadratic growth would
/// blow through these at once.
const EVENTS_PER_BYTE: usize = 6;
const NODES_PER_BYTE: usize = 4;
const SMALL: usize = 256;

/// Markdown's sharp edges, to mix at random.
const PIECES: &[&str] = &[
    "|",
    "|-",
    "| a ",
    "|:-:",
    "\n",
    "\n\n",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "9) ",
    "    ",
    "\t",
    "[",
    "]",
    "(",
    ")",
    "![a](",
    "[x](",
    "https://x.example/",
    "\\",
    "`",
    "```",
    "~~~",
    "$",
    "$$",
    "**",
    "*",
    "_",
    "~~",
    "#",
    "## ",
    "<",
    ">",
    "<!--",
    "-->",
    "<div>",
    "&amp;",
    "&#",
    "[^1]",
    "[^1]: ",
    "[r]: https://r.example",
    "[r]",
    "---",
    "===",
    "a",
    "word ",
    "é",
    "日本",
    "\r\n",
    " ",
    "```rust\n",
    "fn x() {}",
    "- [ ] ",
    "\\|",
];

fn pieces() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

fn assert_linear(text: &str) {
    let cost = work(text);
    let len = text.len();
    assert!(
        cost.events <= EVENTS_PER_BYTE * len + SMALL,
        "{} events for {len} bytes: {:?}",
        cost.events,
        text.get(..200)
    );
    assert!(
        cost.nodes <= NODES_PER_BYTE * len + SMALL,
        "{} nodes for {len} bytes: {:?}",
        cost.nodes,
        text.get(..200)
    );
}

/// Everything frozen when `text` is fed in slices of about `bytes`.
fn sliced(text: &str, bytes: usize) -> (Vec<MdNode>, usize) {
    let mut slicer = Slicer::new();
    let mut out = Vec::new();
    // Done: the last update freezes everything, so tails never count.
    while let Some(update) = slicer.next(text, true, bytes, 0.0) {
        out.extend(update.new_frozen.into_iter().flatten());
    }
    (out, slicer.parsed_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_renders(text in any::<String>()) {
        let html = to_html_string(&render(&text));
        prop_assert!(!html.contains("<script"));
    }

    #[test]
    fn sharp_markdown_renders_in_slices_as_at_once(text in pieces(), bytes in 1usize..64) {
        let (nodes, parsed) = sliced(&text, bytes);
        prop_assert_eq!(to_html_string(&nodes), to_html_string(&render(&text)));
        prop_assert!(parsed <= 4 * text.len() + 2 * bytes + SMALL, "{} bytes parsed", parsed);
    }

    #[test]
    fn work_grows_linearly(text in pieces(), times in 1usize..40) {
        assert_linear(&text.repeat(times));
    }
}

/// Repeats `unit` to about `bytes`.
fn about(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

#[test]
fn hostile_shapes_stay_linear_at_10_and_200_kb() {
    let header = |cols: usize| format!("{}|\n{}|\n", "|h".repeat(cols), "|-".repeat(cols));
    for size in [10_000, 200_000] {
        let cases = [
            format!("{}{}|\n\n", header(20_000), "|c".repeat(20_000)),
            // The parser fills every short row up to the header's width.
            header(50) + &about("x\n", size),
            about(">", size),
            about("> ", size),
            about("- ", size),
            about("  - a\n", size),
            about("[", size),
            about("[a](b) ", size),
            about("*a **b ", size),
            about("`", size),
            about("$x$ ", size),
            about("[^a]", size),
            about("word ", size),
            about("<div>", size),
            about("|", size),
            about("\\", size),
        ];
        for text in &cases {
            assert_linear(text);
            let (_, parsed) = sliced(text, SLICE_BYTES);
            assert!(
                parsed <= 4 * text.len(),
                "{parsed} bytes parsed for {}",
                text.len()
            );
        }
    }
}

#[test]
fn a_table_of_20000_columns_shows_its_first_and_says_so() {
    let text = format!(
        "{}|\n{}|\n{}",
        "|h".repeat(20_000),
        "|-".repeat(20_000),
        format!("{}|\n", "|c".repeat(20_000)).repeat(19)
    );
    let html = to_html_string(&render(&text));
    assert_eq!(html.matches("<th>").count(), 50);
    assert_eq!(html.matches("<td>").count(), 50 * 19);
    assert!(
        html.ends_with("<p class=\"table-note\">Showing the first 50 of 20000 columns.</p>"),
        "{}",
        &html[html.len().saturating_sub(200)..]
    );
}

#[test]
fn very_long_code_is_shown_without_highlighting() {
    let short = format!("```rust\n{}```\n", "let x = 1;\n".repeat(100));
    assert!(to_html_string(&render(&short)).contains("<span class=\"tok-kw\">let</span>"));
    let long = format!("```rust\n{}```\n", "let x = 1;\n".repeat(7_000));
    let html = to_html_string(&render(&long));
    assert!(!html.contains("<span"), "no token spans in 77 KB of code");
    assert!(html.contains("let x = 1;\nlet x = 1;"));
}
