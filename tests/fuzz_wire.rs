//! Hostile bytes for the wire layers: whatever a server sends, in whatever
//! pieces, the UTF-8 decoder, the SSE parser, the reply decoder and the
//! think splitter never panic, and what they produce does not depend on how
//! the body was cut. Inputs are drawn from alphabets rich in the bytes that
//! matter (line ends, `data:`, braces, tag fragments, split multibyte
//! characters) as well as from plain random bytes, so the cases reach the
//! interesting states rather than only the "not a stream" path.
//!
//! Case counts keep the whole file to a few seconds in a debug build.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

#[path = "fixtures/wire/collapse.rs"]
mod collapse;

use collapse::{decode, split_at};
use minimax_chat::api::sse::{SseEvent, SseParser};
use minimax_chat::api::think::{Piece, ThinkSplitter};
use minimax_chat::api::utf8::Utf8Decoder;
use proptest::prelude::*;

/// Fragments that steer random input into every state of the parsers.
const WIRE_TOKENS: &[&str] = &[
    "data:",
    "data: ",
    "event: error\n",
    "id: 7\n",
    "retry: 10\n",
    ": keep-alive\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "[DONE]",
    "{",
    "}",
    "\"",
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"",
    "{\"choices\":[{\"delta\":{\"reasoning_content\":\"",
    "{\"choices\":[{\"delta\":{\"reasoning_details\":[{\"text\":\"",
    "\"}}]}",
    "\"},\"finish_reason\":\"stop\"}]}",
    "{\"base_resp\":{\"status_code\":1004,\"status_msg\":\"x\"}}",
    "{\"error\":{\"message\":\"boom\",\"code\":500}}",
    "{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":-2}}",
    "<think>",
    "</think>",
    "</mm:think>",
    "<html><title>t</title>",
    "\\n",
    "\\u00e9",
    "\\ud83e\\udd80",
    "\u{feff}",
    "é",
    "🦀",
    "你好",
    "a",
    " ",
];

/// Bytes that are mostly wire-shaped, with raw random bytes mixed in.
fn wire_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        4 => proptest::sample::select(WIRE_TOKENS).prop_map(|t| t.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(token, 0..80).prop_map(|parts| parts.concat())
}

/// Sorted cut points into a body of `len` bytes.
fn cuts_for(len: usize, raw: &[usize]) -> Vec<usize> {
    let mut cuts: Vec<usize> = raw.iter().map(|c| c % (len + 1)).collect();
    cuts.sort_unstable();
    cuts
}

fn sse_events<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> Vec<SseEvent> {
    let mut parser = SseParser::new();
    let mut events = Vec::new();
    for piece in pieces {
        events.extend(parser.feed(piece));
    }
    events.extend(parser.finish());
    events
}

fn utf8_text<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut decoder = Utf8Decoder::new();
    let mut text = String::new();
    for piece in pieces {
        text.push_str(&decoder.decode(piece));
    }
    text.push_str(&decoder.finish());
    text
}

/// The thinking and answer a consumer ends up with, and every piece's text
/// in the order it came (an answer moved into thinking keeps its place).
fn split_think(deltas: &[String]) -> (String, String, String) {
    let mut splitter = ThinkSplitter::new();
    let mut pieces = Vec::new();
    for delta in deltas {
        pieces.extend(splitter.push(delta));
    }
    pieces.extend(splitter.flush());
    let (mut thinking, mut answer, mut in_order) = (String::new(), String::new(), String::new());
    for piece in pieces {
        match piece {
            Piece::Thinking(t) => {
                thinking.push_str(&t);
                in_order.push_str(&t);
            }
            Piece::Answer(a) => {
                answer.push_str(&a);
                in_order.push_str(&a);
            }
            Piece::AnswerWasThinking => thinking.push_str(&std::mem::take(&mut answer)),
        }
    }
    (thinking, answer, in_order)
}

const TAGS: &[&str] = &["<think>", "</think>", "</mm:think>"];

/// Whether `output` is `input` with only whitespace and whole tags left
/// out: the splitter may drop those, and nothing else. A search over both
/// positions, since a greedy match can pair a tag's `<` with an output `<`.
fn loses_only_tags_and_space(input: &str, output: &str) -> bool {
    let a: Vec<char> = input.chars().collect();
    let b: Vec<char> = output.chars().collect();
    let tags: Vec<Vec<char>> = TAGS.iter().map(|t| t.chars().collect()).collect();
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut todo = vec![(0, 0)];
    while let Some((i, j)) = todo.pop() {
        if std::mem::replace(&mut seen[i * width + j], true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let Some(&c) = a.get(i) else { continue };
        if b.get(j) == Some(&c) {
            todo.push((i + 1, j + 1));
        }
        if c.is_whitespace() {
            todo.push((i + 1, j));
        }
        for tag in &tags {
            if a[i..].starts_with(tag) {
                todo.push((i + tag.len(), j));
            }
        }
    }
    false
}

/// Deltas drawn from text dense in tags, fences, backticks and whitespace.
fn think_deltas() -> impl Strategy<Value = Vec<String>> {
    let token = prop_oneof![
        3 => proptest::sample::select(&[
            "<think>", "</think>", "</mm:think>", "<", "</", "</mm:", "think", ">", "`", "```\n",
            "~~~\n", "\n", " ", "  \n", "a", "b c", "é", "🦀",
        ][..])
        .prop_map(str::to_owned),
        1 => ".{0,6}",
    ];
    proptest::collection::vec(token, 0..40).prop_flat_map(|tokens| {
        let text = tokens.concat();
        let len = text.len();
        proptest::collection::vec(0..=len, 0..8).prop_map(move |mut cuts| {
            cuts.sort_unstable();
            let mut deltas = Vec::new();
            let mut start = 0;
            for cut in cuts {
                // Deltas are strings: cut on a character boundary.
                let mut cut = cut.max(start);
                while !text.is_char_boundary(cut) {
                    cut += 1;
                }
                deltas.push(text[start..cut].to_owned());
                start = cut;
            }
            deltas.push(text[start..].to_owned());
            deltas
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    /// Any bytes in any pieces decode exactly as the whole would with
    /// replacement characters, less one leading byte order mark.
    #[test]
    fn utf8_decoding_matches_lossy_decoding_of_the_whole(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        raw_cuts in proptest::collection::vec(any::<usize>(), 0..12),
    ) {
        let cuts = cuts_for(bytes.len(), &raw_cuts);
        let got = utf8_text(split_at(&bytes, &cuts));
        let lossy = String::from_utf8_lossy(&bytes);
        let expected = lossy.strip_prefix('\u{feff}').unwrap_or(&lossy);
        prop_assert_eq!(got, expected);
    }

    /// The SSE parser gives the same events for any cutting of the body,
    /// and never more events than the body has lines.
    #[test]
    fn sse_events_do_not_depend_on_the_cutting(
        bytes in wire_bytes(),
        raw_cuts in proptest::collection::vec(any::<usize>(), 0..16),
    ) {
        let whole = sse_events([bytes.as_slice()]);
        let cuts = cuts_for(bytes.len(), &raw_cuts);
        prop_assert_eq!(&sse_events(split_at(&bytes, &cuts)), &whole);
        let line_ends = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
        prop_assert!(whole.len() <= line_ends + 1);
    }

    /// Raw random bytes too: no panic, same events whole or byte by byte.
    #[test]
    fn sse_survives_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let whole = sse_events([bytes.as_slice()]);
        let bytewise = sse_events(bytes.chunks(1));
        prop_assert_eq!(bytewise, whole);
    }

    /// The whole reply decoder (SSE, JSON, reasoning, think tags, errors)
    /// ends in the same place for any cutting of a hostile body.
    #[test]
    fn reply_decoding_does_not_depend_on_the_cutting(
        bytes in wire_bytes(),
        raw_cuts in proptest::collection::vec(any::<usize>(), 0..16),
    ) {
        let whole = decode([bytes.as_slice()]);
        let cuts = cuts_for(bytes.len(), &raw_cuts);
        prop_assert_eq!(decode(split_at(&bytes, &cuts)), whole.clone());
        // Error details stay short, whatever the body said.
        for error in &whole.errors {
            prop_assert!(!error.user_message().is_empty());
            prop_assert!(error.detail.chars().count() <= 300);
        }
    }

    /// The think splitter drops only tags and whitespace: every other
    /// character of the content comes out, once, in order, as thinking or
    /// answer; and the result is the same however the deltas were cut.
    #[test]
    fn think_splitting_loses_no_character(deltas in think_deltas()) {
        let input = deltas.concat();
        let (thinking, answer, in_order) = split_think(&deltas);
        prop_assert!(
            loses_only_tags_and_space(&input, &in_order),
            "input {:?} came out as {:?}", input, in_order
        );
        prop_assert_eq!(thinking.len() + answer.len(), in_order.len());
        let (whole_thinking, whole_answer, _) = split_think(std::slice::from_ref(&input));
        prop_assert_eq!((thinking, answer), (whole_thinking, whole_answer));
    }
}

#[test]
fn the_invariant_check_can_fail() {
    // A splitter that dropped a letter would be caught.
    assert!(loses_only_tags_and_space("<think>ab</think> c", "abc"));
    assert!(!loses_only_tags_and_space("<think>ab</think> c", "ac"));
    assert!(!loses_only_tags_and_space("abc", "abcd"));
    assert!(loses_only_tags_and_space("<think><", "<"));
    assert!(!loses_only_tags_and_space("<think>", "<"));
}
