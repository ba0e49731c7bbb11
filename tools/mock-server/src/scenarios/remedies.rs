//! Errors the app offers a way out of, and the usage figures its cost and
//! context meter read. Some of these answer properly once the app has done
//! what it offers: another region, a setting reset, a retry after the wait.

use std::sync::Mutex;

use super::replies;
use crate::chat_request::ChatRequest;
use crate::errors::minimax_error;
use crate::plan::{Counts, Outcome, Plan};
use crate::texts::{BASIC_ANSWER_PARTS, BASIC_THINKING_PARTS};

/// The usage of a real M3 reply: 769 prompt tokens (443 from the cache),
/// 116 completion tokens (37 of them thinking).
pub const REAL_USAGE: Counts = Counts {
    prompt: 769,
    cached: 443,
    completion: 116,
    reasoning: 37,
};

/// 171,000 tokens: 83% of a 204,800 window (MiniMax-M2.x).
pub const NEAR_LIMIT: Counts = Counts {
    prompt: 170_000,
    cached: 0,
    completion: 1_000,
    reasoning: 200,
};

/// The basic reply, paced like a real one (so its speed can be measured),
/// reporting `counts`.
fn basic_with(counts: Counts) -> Outcome {
    Plan::new()
        .think(BASIC_THINKING_PARTS)
        .answer(BASIC_ANSWER_PARTS, Some("stop"))
        .usage(counts)
        .delay_ms(80)
        .stream()
}

pub fn usage(_: &ChatRequest) -> Outcome {
    basic_with(REAL_USAGE)
}

pub fn near_limit(_: &ChatRequest) -> Outcome {
    basic_with(NEAR_LIMIT)
}

/// A Global key on the China endpoint or the reverse: "invalid api key"
/// (2049) unless the request came to the China side (`…minimax-cn…`).
pub fn wrong_region(chat: &ChatRequest) -> Outcome {
    if chat.path.contains("minimax-cn") || chat.path.contains("minimaxi") {
        return replies::basic(chat);
    }
    Outcome::Http(minimax_error(
        401,
        "authentication_error",
        "invalid api key (2049)",
    ))
}

/// 1008 for a Token Plan whose usage window is used up (seen as 429).
pub fn err_1008_plan(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(
        429,
        "insufficient_balance_error",
        "token plan usage limit reached for the current 5-hour window (1008)",
    ))
}

/// What `rate-limit-once` has answered with a 429, by the last user message.
static LIMITED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// 429 with `Retry-After: 2` the first time a message is seen, then the
/// basic reply: a retry after the wait goes through.
pub fn rate_limit_once(chat: &ChatRequest) -> Outcome {
    let mut seen = LIMITED.lock().unwrap_or_else(|e| e.into_inner());
    if seen.contains(&chat.last_user_text) {
        return replies::basic(chat);
    }
    seen.push(chat.last_user_text.clone());
    let resp = minimax_error(429, "rate_limit_error", "rate limit exceeded (1002)");
    Outcome::Http(resp.with_header("Retry-After", "2"))
}

/// The conversation is longer than the model's window (2013).
pub fn err_context(_: &ChatRequest) -> Outcome {
    Outcome::Http(minimax_error(
        400,
        "bad_request_error",
        "invalid params, context window exceeds limit (2013)",
    ))
}

/// Refuses a temperature below 0.5 (2013); the default 1.0 goes through.
pub fn bad_temperature(chat: &ChatRequest) -> Outcome {
    let temperature = chat.body.get("temperature").and_then(|t| t.as_f64());
    if temperature.is_some_and(|t| t < 0.5) {
        return Outcome::Http(minimax_error(
            400,
            "bad_request_error",
            "invalid params, temperature out of range (2013)",
        ));
    }
    replies::basic(chat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn chat(text: &str, path: &str, temperature: f64) -> ChatRequest {
        ChatRequest {
            path: path.into(),
            ..ChatRequest::from_json(json!({
                "model": "MiniMax-M3",
                "stream": true,
                "temperature": temperature,
                "messages": [{"role": "user", "content": text}],
            }))
            .expect("valid")
        }
    }

    /// The status and the error message of an HTTP answer; `None` for a stream.
    fn refused(outcome: Outcome) -> Option<(u16, String, Option<String>)> {
        let Outcome::Http(resp) = outcome else {
            return None;
        };
        let body: Value = serde_json::from_slice(&resp.body).expect("json");
        let retry = resp
            .headers
            .iter()
            .find(|(k, _)| k == "Retry-After")
            .map(|(_, v)| v.clone());
        Some((
            resp.status,
            body["error"]["message"].as_str()?.to_owned(),
            retry,
        ))
    }

    #[test]
    fn a_key_works_only_on_the_china_side() {
        let global = refused(wrong_region(&chat(
            "x",
            "/api/minimax/v1/chat/completions",
            1.0,
        )));
        assert_eq!(global, Some((401, "invalid api key (2049)".into(), None)));
        for path in [
            "/api/minimax-cn/v1/chat/completions",
            "/minimaxi/v1/chat/completions",
        ] {
            assert!(
                refused(wrong_region(&chat("x", path, 1.0))).is_none(),
                "{path}"
            );
        }
    }

    #[test]
    fn plan_window_and_context_errors_carry_their_codes() {
        let plan = refused(err_1008_plan(&chat("x", "", 1.0))).unwrap();
        assert_eq!(plan.0, 429);
        assert!(plan.1.contains("plan") && plan.1.ends_with("(1008)"));
        assert_eq!(plan.2, None, "no Retry-After: it is not a rate limit");
        let context = refused(err_context(&chat("x", "", 1.0))).unwrap();
        assert_eq!(context.0, 400);
        assert!(context.1.contains("context window") && context.1.ends_with("(2013)"));
    }

    #[test]
    fn the_rate_limit_goes_after_the_first_time() {
        let text = "rate-limit-once unit test message";
        let first = refused(rate_limit_once(&chat(text, "", 1.0)));
        assert_eq!(
            first,
            Some((429, "rate limit exceeded (1002)".into(), Some("2".into())))
        );
        assert!(refused(rate_limit_once(&chat(text, "", 1.0))).is_none());
        assert!(refused(rate_limit_once(&chat("another message", "", 1.0))).is_some());
    }

    #[test]
    fn a_low_temperature_is_refused_and_the_default_is_not() {
        let low = refused(bad_temperature(&chat("x", "", 0.2))).unwrap();
        assert_eq!(
            (low.0, low.1.as_str()),
            (400, "invalid params, temperature out of range (2013)")
        );
        assert!(refused(bad_temperature(&chat("x", "", 1.0))).is_none());
    }

    #[test]
    fn usage_scenarios_report_their_own_counts() {
        for (outcome, counts) in [
            (usage(&chat("x", "", 1.0)), REAL_USAGE),
            (near_limit(&chat("x", "", 1.0)), NEAR_LIMIT),
        ] {
            let Outcome::Stream(plan) = outcome else {
                panic!("a stream")
            };
            assert_eq!(plan.usage, Some(counts));
        }
    }
}
