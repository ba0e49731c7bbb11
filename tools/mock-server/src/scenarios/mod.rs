//! Which canned behaviour a chat request gets. Selection is stateless (read
//! from the request itself) so parallel browser tests never interfere.

mod bulk;
mod failures;
mod remedies;
mod replies;
mod think_tags;

use crate::chat_request::{ChatRequest, is_scenario_name, scenario_token};
use crate::plan::Outcome;

pub struct Scenario {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&ChatRequest) -> Outcome,
}

const fn s(name: &'static str, about: &'static str, run: fn(&ChatRequest) -> Outcome) -> Scenario {
    Scenario { name, about, run }
}

pub const SCENARIOS: &[Scenario] = &[
    s(
        "default",
        "Demo reply: thinking quoting you, then markdown (model mock-slow: 150 ms pacing)",
        replies::default,
    ),
    s(
        "fast",
        "The demo reply with no delay between chunks",
        replies::fast,
    ),
    s(
        "basic",
        "Short fixed thinking and answer, usage, [DONE]",
        replies::basic,
    ),
    s(
        "inline-think",
        "Inline <think> tags split mid-tag; ignores reasoning_split",
        think_tags::inline_think,
    ),
    s(
        "mm-think",
        "Inline thinking closed by </mm:think>",
        think_tags::mm_think,
    ),
    s(
        "no-open-think",
        "Inline thinking with only a closing </think>",
        think_tags::no_open_think,
    ),
    s(
        "unclosed-think",
        "<think> block that never closes, then finish stop",
        think_tags::unclosed_think,
    ),
    s(
        "snapshot-reasoning",
        "Reasoning fragments as cumulative snapshots (split mode)",
        think_tags::snapshot_reasoning,
    ),
    s(
        "m3-stray-close",
        "Split-mode reasoning ending in a literal </think> split across chunks",
        think_tags::m3_stray_close,
    ),
    s(
        "crlf-comments",
        "CRLF, keep-alive comments, writes split inside UTF-8, data: and CRLF",
        think_tags::crlf_comments,
    ),
    s(
        "length",
        "Answer truncated: finish_reason length",
        replies::length,
    ),
    s(
        "content-filter",
        "Answer stopped: finish_reason content_filter",
        replies::content_filter,
    ),
    s(
        "tool-calls",
        "A whole tool_calls array in one delta, then an answer",
        replies::tool_calls,
    ),
    s(
        "cut",
        "Thinking and part of an answer, then a clean end without finish or [DONE]",
        replies::cut,
    ),
    s(
        "cut-midway-reset",
        "Like cut, but the socket closes in the middle of a chunk",
        replies::cut_midway_reset,
    ),
    s(
        "stall",
        "Thinking and a sentence, 30 s of keep-alive comments only, then the rest",
        replies::stall,
    ),
    s(
        "hang",
        "Sends nothing at all, not even headers, for 40 s; then the basic reply",
        replies::hang,
    ),
    s(
        "slow",
        "60 chunks at 150 ms: 10 of thinking, then Word 1 … Word 50",
        replies::slow,
    ),
    s(
        "long",
        "About 20 KB of markdown in about 400 chunks, no delay",
        replies::long,
    ),
    s(
        "long-200k",
        "About 200 KB of markdown in about 4000 chunks, no delay",
        replies::long_200k,
    ),
    s(
        "paced-20k",
        "The 20 KB answer, one chunk every 5 ms",
        replies::paced_20k,
    ),
    s(
        "paced-200k",
        "The 200 KB answer, one chunk every 5 ms",
        replies::paced_200k,
    ),
    s(
        "bulk-1",
        "The long-200k answer in one write (a buffering proxy)",
        bulk::bulk_1,
    ),
    s(
        "bulk-10",
        "The long-200k answer in 10 writes, 50 ms apart",
        bulk::bulk_10,
    ),
    s(
        "bulk-100",
        "The long-200k answer in 100 writes, 50 ms apart",
        bulk::bulk_100,
    ),
    s(
        "bulk-think",
        "About 200 KB of thinking in one write, then a short answer",
        bulk::bulk_think,
    ),
    s(
        "wide-table",
        "A table of 20,000 columns and 20 rows (about 840 KB), no delay",
        bulk::wide_table,
    ),
    s(
        "spoofed-images",
        "Image links with a backslash host, a look-alike host and credentials",
        bulk::spoofed_images,
    ),
    s("err-400", "400 bad_request_error (2013)", failures::err_400),
    s(
        "err-401",
        "401 authentication_error (1004)",
        failures::err_401,
    ),
    s(
        "err-402",
        "402 insufficient balance (1008)",
        failures::err_402,
    ),
    s(
        "err-429",
        "429 rate limit with Retry-After: 20",
        failures::err_429,
    ),
    s("err-500", "500 unknown error (1000)", failures::err_500),
    s("err-529", "529 overloaded", failures::err_529),
    s(
        "err-html",
        "502 with a proxy's HTML page",
        failures::err_html,
    ),
    s(
        "err-base-resp",
        "200 JSON whose base_resp carries 1004",
        failures::err_base_resp,
    ),
    s(
        "err-base-resp-stream",
        "200 event stream whose first event is base_resp 1002",
        failures::err_base_resp_stream,
    ),
    s(
        "err-midstream",
        "Some answer, then a base_resp 1013 event, then the end",
        failures::err_midstream,
    ),
    s(
        "usage",
        "The basic reply reporting a real M3 usage: 769 in (443 cached), 116 out (37 thinking)",
        remedies::usage,
    ),
    s(
        "near-limit",
        "The basic reply reporting 171,000 tokens: 83% of a 204,800 window",
        remedies::near_limit,
    ),
    s(
        "wrong-region",
        "401 invalid api key (2049) unless the path is the China side (minimax-cn)",
        remedies::wrong_region,
    ),
    s(
        "err-1008-plan",
        "429 with 1008: the Token Plan's usage window is used up",
        remedies::err_1008_plan,
    ),
    s(
        "rate-limit-once",
        "429 with Retry-After: 2 the first time a message is sent, then the basic reply",
        remedies::rate_limit_once,
    ),
    s(
        "err-context",
        "400 invalid params, context window exceeds limit (2013)",
        remedies::err_context,
    ),
    s(
        "bad-temperature",
        "400 temperature out of range (2013) below 0.5, else the basic reply",
        remedies::bad_temperature,
    ),
    s(
        "no-cors",
        "The basic stream without any CORS headers",
        replies::no_cors,
    ),
    s(
        "showcase",
        "Code in two languages, a table, a task list, math and a footnote",
        replies::showcase,
    ),
    s(
        "math",
        "An integral worked out, a sum, a matrix and cases: inline and display math",
        replies::math,
    ),
    s(
        "xss",
        "An answer full of hostile markdown and HTML",
        replies::xss,
    ),
    s(
        "numbered",
        "A short answer whose number goes up with every request (to tell regenerated answers apart)",
        replies::numbered,
    ),
    s(
        "echo",
        "Answers with a JSON summary of the request it received",
        replies::echo,
    ),
];

pub fn find(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

/// The message token wins (most specific), then `?scenario=`, then default.
pub fn choose<'a>(chat: &'a ChatRequest, query: Option<&'a str>) -> &'a str {
    scenario_token(&chat.last_user_text)
        .or(query.filter(|q| is_scenario_name(q)))
        .unwrap_or("default")
}

pub fn run(name: &str, chat: &ChatRequest) -> Outcome {
    match find(name) {
        Some(scenario) => (scenario.run)(chat),
        None => replies::unknown(name),
    }
}

/// `mock-minimax --list`.
pub fn listing() -> String {
    let width = SCENARIOS.iter().map(|s| s.name.len()).max().unwrap_or(0);
    SCENARIOS
        .iter()
        .map(|s| format!("{:width$}  {}\n", s.name, s.about))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::End;
    use crate::render::{Envelope, complete, payloads};
    use serde_json::json;

    fn chat(text: &str, split: bool) -> ChatRequest {
        ChatRequest::from_json(json!({
            "model": "MiniMax-M3",
            "stream": true,
            "reasoning_split": split,
            "stream_options": {"include_usage": true},
            "messages": [{"role": "user", "content": text}],
        }))
        .expect("valid")
    }

    #[test]
    fn names_are_unique_and_well_formed() {
        for (i, a) in SCENARIOS.iter().enumerate() {
            assert!(is_scenario_name(a.name), "{}", a.name);
            assert!(
                SCENARIOS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
    }

    #[test]
    fn every_scenario_renders_both_ways() {
        for scenario in SCENARIOS {
            for split in [true, false] {
                let chat = chat(&format!("go scenario:{}", scenario.name), split);
                assert_eq!(choose(&chat, None), scenario.name);
                if let Outcome::Stream(plan) = run(scenario.name, &chat) {
                    let events = payloads(&plan, &chat, &Envelope::new("m"));
                    assert!(!events.is_empty(), "{}", scenario.name);
                    assert_eq!(
                        events.last().map(String::as_str) == Some("[DONE]"),
                        plan.end == End::Done,
                        "{}",
                        scenario.name
                    );
                    let _ = complete(&plan, &chat);
                }
            }
        }
    }

    #[test]
    fn selection_order() {
        let c = chat("hello", true);
        assert_eq!(choose(&c, Some("basic")), "basic");
        assert_eq!(choose(&c, Some("Bad!")), "default");
        let c = chat("scenario:xss", true);
        assert_eq!(choose(&c, Some("basic")), "xss");
        assert!(matches!(run("nope", &c), Outcome::Stream(_)));
    }
}
