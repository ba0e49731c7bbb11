//! Targeted `ReplyDecoder` behaviour: inline thinking split at every point
//! between deltas, which reasoning source wins, the order of parts, lenient
//! fields, and bodies that are not streams at all.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

#[path = "fixtures/wire/collapse.rs"]
mod collapse;

use collapse::{Collapsed, content_event, decode, event, finish_event};
use minimax_chat::api::{ErrorKind, FinishReason, ReplyDecoder, StreamPart, Usage};

/// Decodes a body given as text, in one piece.
fn run(body: &str) -> Collapsed {
    decode([body.as_bytes()])
}

/// All parts of a body fed in one piece, `finish` included.
fn parts(body: &str) -> Vec<StreamPart> {
    let mut decoder = ReplyDecoder::new();
    let mut out = decoder.feed(body.as_bytes());
    out.extend(decoder.finish());
    out
}

/// A body whose content arrives as the given deltas, then `[DONE]`.
fn content_body(deltas: &[&str]) -> String {
    let mut body: String = deltas.iter().map(|d| content_event(d)).collect();
    body.push_str("data: [DONE]\n\n");
    body
}

/// Every way to cut `text` into up to three deltas at char boundaries.
fn splits(text: &str) -> Vec<Vec<&str>> {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut out = Vec::new();
    for &a in &bounds {
        for &b in bounds.iter().filter(|&&b| b >= a) {
            out.push(vec![&text[..a], &text[a..b], &text[b..]]);
        }
    }
    out.push(
        text.char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect(),
    );
    out
}

/// Inline-think cases: content, then the (thinking, answer) it must give
/// however it is cut into deltas.
const INLINE_CASES: &[(&str, &str, &str)] = &[
    ("<think>\nabc\n</think>\n\nAnswer", "abc", "Answer"),
    ("<think>\na \n\nb\t\n</think>c \n", "a \n\nb", "c \n"),
    ("  \n<think>x</mm:think>y", "x", "y"),
    ("abc</think>\n def", "abc", "def"),
    ("<think>never closed </th", "never closed </th", ""),
    (
        "Answer with <think> inside",
        "",
        "Answer with <think> inside",
    ),
    ("```\n</think>\n```\ntext", "", "```\n</think>\n```\ntext"),
    ("~~~~ </think>\nx", "", "~~~~ </think>\nx"),
    ("Use `</think>` to close.", "", "Use `</think>` to close."),
    ("x</think>y</think>z", "x", "y</think>z"),
    (
        "<think>a</think>b<think>c</think>",
        "a",
        "b<think>c</think>",
    ),
    ("</think>Answer", "", "Answer"),
    ("\n</mm:think>\n\nAnswer", "", "Answer"),
    ("<thinking> is not a tag", "", "<thinking> is not a tag"),
    ("<", "", "<"),
    ("</thi", "", "</thi"),
    ("\n\n \n", "", ""),
    ("<think>é😀</think>日本", "é😀", "日本"),
    (
        "```\ncode\n```\nthinking</think>answer",
        "```\ncode\n```\nthinking",
        "answer",
    ),
];

#[test]
fn inline_think_any_delta_split() {
    for &(content, thinking, answer) in INLINE_CASES {
        for deltas in splits(content) {
            let got = run(&content_body(&deltas));
            assert_eq!(
                (got.thinking.as_str(), got.answer.as_str()),
                (thinking, answer),
                "content {content:?} as deltas {deltas:?}"
            );
            assert!(got.moved <= 1, "moved twice: {deltas:?}");
        }
    }
}

#[test]
fn answer_was_thinking_only_once_and_only_without_open_tag() {
    let got = run(&content_body(&["one ", "two</think>three", "</think>four"]));
    assert_eq!(
        (got.thinking.as_str(), got.answer.as_str()),
        ("one two", "three</think>four")
    );
    assert_eq!(got.moved, 1);
    let got = run(&content_body(&["<think>a", "</think>b", " c</think>"]));
    assert_eq!(got.moved, 0);
    assert_eq!(got.answer, "b c</think>");
}

#[test]
fn one_reasoning_source_per_chunk() {
    let body = [
        // details win over reasoning_content and reasoning
        event(r#"{"reasoning_content":"A","reasoning":"A","reasoning_details":[{"type":"reasoning.text","text":"A"}]}"#),
        // details without text (encrypted): fall back to reasoning_content
        event(r#"{"reasoning_content":"B","reasoning_details":[{"type":"reasoning.encrypted","data":"xyz"}]}"#),
        // then OpenRouter's field
        event(r#"{"reasoning":"C"}"#),
        // several detail entries in one chunk are joined
        event(
            r#"{"reasoning_details":[{"type":"reasoning.text","text":"D"},{"type":"reasoning.summary","summary":"E"}]}"#,
        ),
    ]
    .concat();
    let got = run(&body);
    assert_eq!(got.thinking, "ABCDE");
    assert_eq!(got.metas.len(), 1, "meta comes once, from the first entry");
    assert_eq!(got.metas[0].kind.as_deref(), Some("reasoning.text"));
}

#[test]
fn snapshot_guard_against_incremental_lookalikes() {
    let body = [
        event(r#"{"reasoning_content":"ab"}"#),
        event(r#"{"reasoning_content":"abc"}"#),
        event(r#"{"reasoning_content":"abc"}"#),
        event(r#"{"reasoning_content":"d"}"#),
        event(r#"{"reasoning_content":"abcdef"}"#),
    ]
    .concat();
    assert_eq!(run(&body).thinking, "abcdef");
}

#[test]
fn reasoning_close_tag_split_three_ways() {
    let body = [
        event(r#"{"reasoning_content":"end<"}"#),
        event(r#"{"reasoning_content":"/mm:thi"}"#),
        event(r#"{"reasoning_content":"nk>"}"#),
        content_event("Answer"),
    ]
    .concat();
    let got = run(&body);
    assert_eq!(
        (got.thinking.as_str(), got.answer.as_str()),
        ("end", "Answer")
    );
}

#[test]
fn text_then_finish_in_one_chunk_and_held_text_first() {
    let body = finish_event(r#"{"content":"a <"}"#, "stop");
    assert_eq!(
        parts(&body),
        [
            StreamPart::Answer("a".into()),
            StreamPart::Answer(" <".into()),
            StreamPart::Finish(FinishReason::Stop),
        ]
    );
}

#[test]
fn done_flushes_held_text_before_done() {
    let body = format!("{}data: [DONE]\n\n", content_event("x </mm"));
    let got = parts(&body);
    assert_eq!(got.last(), Some(&StreamPart::Done));
    let got = run(&body);
    assert_eq!(got.answer, "x </mm");
    assert!(got.saw_done && !got.cut);
}

#[test]
fn usage_is_reported_once_per_change() {
    let usage = r#""usage":{"prompt_tokens":"5","completion_tokens":7.0,"total_tokens":12}"#;
    let body = format!(
        "data: {{\"choices\":[],{usage}}}\n\ndata: {{\"choices\":[],{usage}}}\n\ndata: [DONE]\n\n"
    );
    let usages: Vec<_> = parts(&body)
        .into_iter()
        .filter(|p| matches!(p, StreamPart::Usage(_)))
        .collect();
    let expected = Usage {
        prompt_tokens: 5,
        completion_tokens: 7,
        total_tokens: 12,
        reasoning_tokens: None,
        cached_tokens: None,
    };
    assert_eq!(usages, [StreamPart::Usage(expected)]);
}

#[test]
fn lenient_fields() {
    let body = [
        "data: {\"choices\":null,\"usage\":null,\"extra\":{\"nested\":[1,2]}}\n\n",
        "data: {\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"parts \"},\"and strings\"]}}]}\n\n",
        "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":null,\"reasoning_details\":\"odd\",\"tool_calls\":\"odd\"}}]}\n\n",
        "data: {\"choices\":[{\"delta\":{\"content\":\".\"},\"finish_reason\":\"eos\"}],\"usage\":{\"prompt_tokens\":-1}}\n\n",
    ]
    .concat();
    let got = run(&body);
    assert_eq!(got.answer, "parts and strings.");
    assert_eq!(got.finishes, [FinishReason::Other("eos".into())]);
    assert_eq!(got.usage, Some(Usage::default()));
    assert_eq!(got.skipped, 0);
    assert!(got.errors.is_empty());
}

#[test]
fn first_finish_reason_is_kept() {
    let body = [finish_event("{}", "length"), finish_event("{}", "stop")].concat();
    let mut decoder = ReplyDecoder::default();
    decoder.feed(body.as_bytes());
    decoder.finish();
    assert_eq!(decoder.finish_reason(), Some(&FinishReason::Length));
    assert!(!decoder.was_cut() && !decoder.saw_done());
}

#[test]
fn non_streamed_completion_body() {
    let body = r#"{"id":"x","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"<think>\nr\n</think>\n\nDone."}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"base_resp":{"status_code":0,"status_msg":"success"}}"#;
    let got = run(body);
    assert_eq!((got.thinking.as_str(), got.answer.as_str()), ("r", "Done."));
    assert_eq!(got.finishes, [FinishReason::Stop]);
    assert!(got.errors.is_empty());
    // Pretty-printed, it is read as one document at the end.
    let value: serde_json::Value = serde_json::from_str(body).expect("test JSON");
    let pretty = serde_json::to_string_pretty(&value).expect("test JSON");
    let got = run(&pretty);
    assert_eq!(got.answer, "Done.");
    assert!(got.errors.is_empty());
}

#[test]
fn empty_or_comment_only_body_is_cut_not_an_error() {
    for body in [
        "",
        "\n\n",
        ": keep-alive\n\n: ping\n\n",
        "event: ping\n\n",
        "data:\n\n",
    ] {
        let got = run(body);
        assert!(got.errors.is_empty(), "{body:?}: {:?}", got.errors);
        assert!(got.cut, "{body:?}");
    }
}

#[test]
fn plain_text_body_is_bad_response() {
    let got = run("upstream request timeout");
    assert_eq!(got.errors.len(), 1);
    assert_eq!(got.errors[0].kind, ErrorKind::BadResponse);
    assert_eq!(got.errors[0].detail, "upstream request timeout");
}

#[test]
fn only_garbage_events_are_explained() {
    let got = run("data: <html>oops</html>\n\n");
    assert_eq!(got.skipped, 1);
    assert_eq!(got.errors.len(), 1);
    assert!(!got.errors[0].user_message().contains('<'));
}

#[test]
fn error_event_type() {
    let got = run(
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n",
    );
    assert_eq!(got.errors.len(), 1);
    assert_eq!(got.errors[0].kind, ErrorKind::Overloaded);
    let got = run("event: error\ndata: stream reset\n\n");
    assert_eq!(got.errors[0].kind, ErrorKind::BadResponse);
    assert_eq!(got.errors[0].detail, "stream reset");
}

#[test]
fn error_object_kinds_in_stream() {
    let cases = [
        (
            r#"{"error":{"type":"rate_limit_error","message":"slow down"}}"#,
            ErrorKind::RateLimit,
        ),
        (r#"{"error":"plain string error"}"#, ErrorKind::Other),
        (
            r#"{"error":{"message":"bad key","http_code":"401"}}"#,
            ErrorKind::Auth,
        ),
        (
            r#"{"base_resp":{"status_code":1002,"status_msg":"rate limit"}}"#,
            ErrorKind::RateLimit,
        ),
        (
            r#"{"base_resp":{"status_code":"1039","status_msg":"token limit"}}"#,
            ErrorKind::TokenLimit,
        ),
        (
            r#"{"base_resp":{"status_code":1001,"status_msg":"timeout"}}"#,
            ErrorKind::Timeout,
        ),
    ];
    for (json, kind) in cases {
        let got = run(&format!("data: {json}\n\n"));
        assert_eq!(got.errors.len(), 1, "{json}");
        assert_eq!(got.errors[0].kind, kind, "{json}");
    }
    let got =
        run("data: {\"base_resp\":{\"status_code\":0,\"status_msg\":\"\"},\"error\":null}\n\n");
    assert!(got.errors.is_empty());
}

#[test]
fn default_matches_new() {
    let body = include_bytes!("fixtures/wire/json_body_error.sse");
    let mut a = ReplyDecoder::default();
    let mut b = ReplyDecoder::new();
    let mut pa = a.feed(body);
    pa.extend(a.finish());
    let mut pb = b.feed(body);
    pb.extend(b.finish());
    assert_eq!(pa, pb);
    assert_eq!(pa.len(), 1);
}
