//! Recorded streams under `tests/fixtures/wire/`: each must decode to an exact
//! result, and to the same result however its bytes are chunked (split once
//! at every offset, one byte at a time, and random multi-way splits).

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

#[path = "fixtures/wire/collapse.rs"]
mod collapse;

use collapse::{Collapsed, decode, split_at};
use minimax_chat::api::{ErrorKind, FinishReason, ReasoningMeta, Usage};
use proptest::prelude::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/wire/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// What a fixture must collapse to.
#[derive(Default)]
struct Expect {
    thinking: &'static str,
    answer: &'static str,
    finish: Option<FinishReason>,
    usage: Option<Usage>,
    meta: Option<ReasoningMeta>,
    /// Kind and MiniMax code of each error part.
    errors: Vec<(ErrorKind, Option<i64>)>,
    done: bool,
    cut: bool,
    skipped: usize,
    moved: bool,
}

fn usage(
    prompt: u64,
    completion: u64,
    total: u64,
    reasoning: Option<u64>,
    cached: Option<u64>,
) -> Option<Usage> {
    Some(Usage {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: total,
        reasoning_tokens: reasoning,
        cached_tokens: cached,
    })
}

fn minimax_meta() -> Option<ReasoningMeta> {
    Some(ReasoningMeta {
        kind: Some("reasoning.text".into()),
        id: Some("reasoning-text-1".into()),
        format: Some("MiniMax-response-v1".into()),
        index: Some(0),
    })
}

/// Checks the exact result, then every re-chunking against it.
fn check(name: &str, expect: Expect) {
    let bytes = fixture(name);
    let whole = decode([bytes.as_slice()]);
    assert_eq!(whole.thinking, expect.thinking, "{name}: thinking");
    assert_eq!(whole.answer, expect.answer, "{name}: answer");
    assert_eq!(
        whole.finishes,
        expect.finish.into_iter().collect::<Vec<_>>(),
        "{name}: finish"
    );
    assert_eq!(whole.usage, expect.usage, "{name}: usage");
    assert_eq!(
        whole.metas,
        expect.meta.into_iter().collect::<Vec<_>>(),
        "{name}: meta"
    );
    let errors: Vec<_> = whole
        .errors
        .iter()
        .map(|e| (e.kind.clone(), e.code))
        .collect();
    assert_eq!(errors, expect.errors, "{name}: errors");
    assert_eq!(whole.done, usize::from(expect.done), "{name}: Done parts");
    assert_eq!(whole.saw_done, expect.done, "{name}: saw_done");
    assert_eq!(whole.cut, expect.cut, "{name}: was_cut");
    assert_eq!(whole.skipped, expect.skipped, "{name}: skipped chunks");
    assert_eq!(whole.moved > 0, expect.moved, "{name}: AnswerWasThinking");
    assert!(whole.moved <= 1, "{name}: AnswerWasThinking more than once");
    for error in &whole.errors {
        let message = error.user_message();
        assert!(!message.contains('<'), "{name}: HTML in {message:?}");
    }
    assert_same_for_every_chunking(name, &bytes, &whole);
}

fn assert_same_for_every_chunking(name: &str, bytes: &[u8], whole: &Collapsed) {
    for cut in 0..=bytes.len() {
        let got = decode(split_at(bytes, &[cut]));
        assert_eq!(&got, whole, "{name}: split at byte {cut}");
    }
    let got = decode(bytes.chunks(1));
    assert_eq!(&got, whole, "{name}: one byte at a time");
}

#[test]
fn split_reasoning() {
    check("split_reasoning.sse", split_reasoning_expect());
}

fn split_reasoning_expect() -> Expect {
    Expect {
        thinking: "The user wants a proof that √2 is irrational. Classic contradiction argument.",
        answer: "**Claim.** √2 is irrational.\n\nSuppose √2 = p/q in lowest terms; then p² = 2q², so p is even, and then q is even too: a contradiction. ∎",
        finish: Some(FinishReason::Stop),
        usage: usage(769, 116, 885, Some(37), Some(443)),
        meta: minimax_meta(),
        done: true,
        ..Expect::default()
    }
}

#[test]
fn split_reasoning_crlf_comments_and_fields() {
    check("split_reasoning_crlf.sse", split_reasoning_expect());
}

#[test]
fn split_reasoning_bare_cr() {
    check("split_reasoning_cr.sse", split_reasoning_expect());
}

#[test]
fn unicode_with_bom_escapes_and_raw() {
    check(
        "unicode.sse",
        Expect {
            thinking: "用户用中文问候，回答要友好 🙂。",
            answer: "你好！👋🏽 家族: 👨\u{200d}👩\u{200d}👧\u{200d}👦, flags 🇯🇵🇫🇷, مرحبا, café vs cafe\u{301}, 𝔘𝔫𝔦.",
            finish: Some(FinishReason::Stop),
            usage: usage(20, 40, 60, Some(12), Some(0)),
            meta: minimax_meta(),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn inline_think_split_tags() {
    check(
        "inline_think.sse",
        Expect {
            thinking: "The user says hi. Keep it short; mention <b> is fine.",
            answer: "Hi! A literal <think> or </think> here is answer text.",
            finish: Some(FinishReason::Stop),
            usage: usage(30, 20, 50, None, None),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn inline_think_mm_close() {
    check(
        "inline_mm_think.sse",
        Expect {
            thinking: "Count the r's: s-t-r-a-w-b-e-r-r-y.\nThree.",
            answer: "There are **3** r's in \"strawberry\".",
            finish: Some(FinishReason::Stop),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn missing_open_tag() {
    check(
        "missing_open_tag.sse",
        Expect {
            thinking: "The user asks for a haiku about rain. Five-seven-five.",
            answer: "Soft rain on the roof\nthe gutter hums an old song\npuddles hold the sky",
            finish: Some(FinishReason::Stop),
            done: true,
            moved: true,
            ..Expect::default()
        },
    );
}

#[test]
fn never_closed_think_block() {
    check(
        "never_closed.sse",
        Expect {
            thinking: "Let me enumerate every case. Case 1: n = 0. Case 2: n = 1. Case 3 </thi",
            answer: "",
            finish: Some(FinishReason::Length),
            usage: usage(100, 8192, 8292, Some(8192), None),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn cumulative_reasoning_snapshots() {
    check(
        "cumulative_reasoning.sse",
        Expect {
            thinking: "Plan: add the numbers.",
            answer: "2 + 2 = 4.",
            finish: Some(FinishReason::Stop),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn m3_stray_close_in_reasoning() {
    check(
        "m3_stray_close.sse",
        Expect {
            thinking: "Short question. Answer directly.\n",
            answer: "Paris.",
            finish: Some(FinishReason::Stop),
            usage: usage(20, 10, 30, Some(6), None),
            meta: minimax_meta(),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn content_starting_with_close_after_reasoning() {
    check(
        "content_leading_close.sse",
        Expect {
            thinking: "Greet back.",
            answer: "Hello!",
            finish: Some(FinishReason::Stop),
            meta: minimax_meta(),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn length_finish() {
    check(
        "length_finish.sse",
        Expect {
            thinking: "Write a long list.",
            answer: "1. apples\n2. pears\n3. plu",
            finish: Some(FinishReason::Length),
            usage: usage(30, 1024, 1054, Some(5), Some(0)),
            meta: minimax_meta(),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn base_resp_error_in_stream() {
    check(
        "base_resp_error.sse",
        Expect {
            thinking: "Hm",
            meta: minimax_meta(),
            errors: vec![(ErrorKind::ContentBlocked, Some(1027))],
            cut: true,
            ..Expect::default()
        },
    );
}

#[test]
fn json_body_error_instead_of_stream() {
    check(
        "json_body_error.sse",
        Expect {
            errors: vec![(ErrorKind::Auth, Some(1004))],
            cut: true,
            ..Expect::default()
        },
    );
}

#[test]
fn pretty_printed_json_body_error() {
    check(
        "pretty_json_body.sse",
        Expect {
            errors: vec![(ErrorKind::BadRequest, Some(2013))],
            cut: true,
            skipped: 1,
            ..Expect::default()
        },
    );
}

#[test]
fn tool_calls_are_ignored() {
    check(
        "tool_calls.sse",
        Expect {
            thinking: "Need the weather.",
            answer: "Let me check.",
            finish: Some(FinishReason::ToolCalls),
            usage: usage(150, 50, 200, Some(10), None),
            meta: minimax_meta(),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn cut_stream_keeps_what_arrived() {
    check(
        "cut.sse",
        Expect {
            thinking: "Long answer ahead.",
            answer: "First part. Second part — ",
            meta: minimax_meta(),
            cut: true,
            skipped: 1,
            ..Expect::default()
        },
    );
}

#[test]
fn openrouter_reasoning_field() {
    check(
        "openrouter.sse",
        Expect {
            thinking: "Simple math. 6*7.",
            answer: "42",
            finish: Some(FinishReason::Stop),
            usage: usage(14, 9, 23, Some(7), Some(0)),
            meta: Some(ReasoningMeta {
                kind: Some("reasoning.text".into()),
                id: None,
                format: Some("unknown".into()),
                index: Some(0),
            }),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn proxy_without_blank_lines_or_prefix() {
    check(
        "no_blank_lines.sse",
        Expect {
            thinking: "Quick.",
            answer: "One, two, three.",
            finish: Some(FinishReason::Stop),
            done: true,
            ..Expect::default()
        },
    );
}

#[test]
fn error_object_mid_stream() {
    check(
        "stream_error_object.sse",
        Expect {
            answer: "Partial ",
            finish: Some(FinishReason::Other("error".into())),
            errors: vec![(ErrorKind::Server, None)],
            done: true,
            ..Expect::default()
        },
    );
    let whole = decode([fixture("stream_error_object.sse").as_slice()]);
    assert_eq!(whole.errors[0].status, Some(502));
    assert!(
        whole.errors[0]
            .user_message()
            .contains("upstream disconnected")
    );
}

#[test]
fn html_page_with_status_200() {
    check(
        "html_200.sse",
        Expect {
            errors: vec![(ErrorKind::ProxyHtml, None)],
            cut: true,
            ..Expect::default()
        },
    );
    let whole = decode([fixture("html_200.sse").as_slice()]);
    assert_eq!(whole.errors[0].detail, "MiniMax Chat");
    assert!(!whole.errors[0].user_message().contains("script"));
}

#[test]
fn garbage_chunks_are_skipped() {
    check(
        "garbage_chunks.sse",
        Expect {
            answer: "Before. After.",
            finish: Some(FinishReason::Stop),
            done: true,
            skipped: 2,
            ..Expect::default()
        },
    );
}

/// Every fixture file is covered by a test above.
#[test]
fn every_fixture_is_checked() {
    let dir = format!("{}/tests/fixtures/wire", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".sse"))
        .collect();
    names.sort();
    assert_eq!(names, FIXTURES);
}

const FIXTURES: [&str; 22] = [
    "base_resp_error.sse",
    "content_leading_close.sse",
    "cumulative_reasoning.sse",
    "cut.sse",
    "garbage_chunks.sse",
    "html_200.sse",
    "inline_mm_think.sse",
    "inline_think.sse",
    "json_body_error.sse",
    "length_finish.sse",
    "m3_stray_close.sse",
    "missing_open_tag.sse",
    "never_closed.sse",
    "no_blank_lines.sse",
    "openrouter.sse",
    "pretty_json_body.sse",
    "split_reasoning.sse",
    "split_reasoning_cr.sse",
    "split_reasoning_crlf.sse",
    "stream_error_object.sse",
    "tool_calls.sse",
    "unicode.sse",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random multi-way splits of a random fixture give the unsplit result.
    #[test]
    fn random_multiway_splits(which in 0..FIXTURES.len(), mut cuts in proptest::collection::vec(0usize..4096, 0..24)) {
        let bytes = fixture(FIXTURES[which]);
        let whole = decode([bytes.as_slice()]);
        for cut in &mut cuts {
            *cut %= bytes.len() + 1;
        }
        cuts.sort_unstable();
        let got = decode(split_at(&bytes, &cuts));
        prop_assert_eq!(got, whole);
    }
}
