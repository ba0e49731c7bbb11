//! Browser tests for fetch streaming and abort, against the mock MiniMax server
//! whose URL `scripts/test.sh` passes at build time (MMCHAT_MOCK_URL).
#![cfg(target_arch = "wasm32")]

use minimax_chat::api::StreamPart;
use minimax_chat::browser::fetch::{ReplyEvent, ReplyRequest, abort_controller, stream_reply};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MOCK: Option<&str> = option_env!("MMCHAT_MOCK_URL");

fn body(text: &str) -> String {
    serde_json::json!({
        "model": "MiniMax-M3",
        "messages": [{"role": "user", "content": text}],
        "stream": true,
        "stream_options": {"include_usage": true},
        "reasoning_split": true,
    })
    .to_string()
}

#[derive(Default, Debug)]
struct Seen {
    thinking: String,
    answer: String,
    end: Option<bool>,
    failed: Option<String>,
    aborted: bool,
    reads: usize,
}

async fn run(text: &str, key: &str, abort_after_reads: Option<usize>) -> Seen {
    let base = format!(
        "{}/v1",
        MOCK.expect("MMCHAT_MOCK_URL must be set for browser tests")
    );
    let url = format!("{base}/chat/completions");
    let controller = abort_controller().unwrap();
    let signal = controller.signal();
    let mut seen = Seen::default();
    let mut on = |ev: ReplyEvent| match ev {
        ReplyEvent::Parts(parts) => {
            seen.reads += 1;
            for p in parts {
                match p {
                    StreamPart::Thinking(t) => seen.thinking.push_str(&t),
                    StreamPart::Answer(t) => seen.answer.push_str(&t),
                    _ => {}
                }
            }
            if abort_after_reads.is_some_and(|n| seen.reads >= n) {
                controller.abort();
            }
        }
        ReplyEvent::End { cut } => seen.end = Some(cut),
        ReplyEvent::Failed(e) => seen.failed = Some(e.user_message()),
        ReplyEvent::Aborted => seen.aborted = true,
    };
    let req = ReplyRequest {
        url: &url,
        base_url: &base,
        api_key: key,
        body: body(text),
    };
    stream_reply(req, &signal, &mut on).await;
    seen
}

#[wasm_bindgen_test]
async fn streams_thinking_and_answer_apart() {
    let seen = run("scenario:basic", "test-key", None).await;
    assert_eq!(
        seen.thinking,
        "The user wants a greeting. I will keep it short."
    );
    assert_eq!(seen.answer, "Hello! **How can I help** today?");
    assert_eq!(seen.end, Some(false));
    assert!(seen.failed.is_none());
}

#[wasm_bindgen_test]
async fn utf8_split_across_reads_survives() {
    let seen = run("scenario:crlf-comments", "test-key", None).await;
    assert_eq!(seen.answer, "Crab 🦀 says 你好 — café.");
    assert_eq!(seen.end, Some(false));
}

#[wasm_bindgen_test]
async fn abort_stops_the_stream_and_keeps_text() {
    let seen = run("scenario:slow", "test-key", Some(3)).await;
    assert!(seen.aborted, "{seen:?}");
    assert!(seen.end.is_none());
    assert!(!seen.thinking.is_empty());
}

#[wasm_bindgen_test]
async fn http_errors_become_sentences() {
    let seen = run("scenario:err-429", "test-key", None).await;
    let msg = seen.failed.expect("a failure");
    assert!(msg.contains("20"), "{msg}");
    let seen = run("scenario:err-html", "test-key", None).await;
    let msg = seen.failed.expect("a failure");
    assert!(!msg.contains('<'), "{msg}");
}

#[wasm_bindgen_test]
async fn cut_stream_is_reported_cut() {
    let seen = run("scenario:cut", "test-key", None).await;
    assert_eq!(seen.end, Some(true));
    assert!(!seen.answer.is_empty());
}

#[wasm_bindgen_test]
async fn network_failure_is_not_a_generic_error() {
    let base = "http://127.0.0.1:9/v1";
    let url = format!("{base}/chat/completions");
    let controller = abort_controller().unwrap();
    let mut failed = None;
    let mut on = |ev: ReplyEvent| {
        if let ReplyEvent::Failed(e) = ev {
            failed = Some(e);
        }
    };
    let req = ReplyRequest {
        url: &url,
        base_url: base,
        api_key: "k",
        body: body("hi"),
    };
    stream_reply(req, &controller.signal(), &mut on).await;
    let err = failed.expect("fetch to a closed port fails");
    assert_eq!(err.kind, minimax_chat::api::ErrorKind::Network);
    assert!(
        err.user_message().contains("proxy"),
        "{}",
        err.user_message()
    );
}

/// One request with `key` to `url`; the failure it ended in, if any.
async fn failure_for(url: &str, key: &str) -> Option<minimax_chat::api::ApiError> {
    let controller = abort_controller().unwrap();
    let mut failed = None;
    let mut ended = false;
    let mut on = |ev: ReplyEvent| match ev {
        ReplyEvent::Failed(e) => failed = Some(e),
        _ => ended = true,
    };
    let req = ReplyRequest {
        url,
        base_url: url,
        api_key: key,
        body: body("hi"),
    };
    stream_reply(req, &controller.signal(), &mut on).await;
    assert!(failed.is_some() || ended, "every request ends in an event");
    failed
}

#[wasm_bindgen_test]
async fn a_key_the_browser_refuses_as_a_header_is_a_failure_not_a_throw() {
    // Chromium's Headers.set throws for a character outside Latin-1: before,
    // that exception escaped and left the reply streaming forever.
    let url = format!(
        "{}/v1/chat/completions",
        MOCK.unwrap_or("http://127.0.0.1:9")
    );
    for key in ["test-key\u{200B}", "test-k\u{0435}y", "a\nb"] {
        let err = failure_for(&url, key)
            .await
            .expect("refused before sending");
        assert_eq!(err.kind, minimax_chat::api::ErrorKind::NotSent, "{key:?}");
        let message = err.user_message();
        assert!(message.contains("API key"), "{message}");
        assert!(
            !message.contains("test-k"),
            "the key is not repeated: {message}"
        );
    }
}

#[wasm_bindgen_test]
async fn an_address_the_browser_cannot_parse_or_with_credentials_is_not_sent() {
    let err = failure_for("http://127.0.0.1:99999/v1/chat/completions", "k")
        .await
        .expect("port out of range");
    assert_eq!(err.kind, minimax_chat::api::ErrorKind::NotSent);
    let err = failure_for("http://user:hunter2@127.0.0.1:9/v1/chat/completions", "k")
        .await
        .expect("credentials");
    assert_eq!(err.kind, minimax_chat::api::ErrorKind::NotSent);
    assert!(
        !err.user_message().contains("hunter2"),
        "{}",
        err.user_message()
    );
}
