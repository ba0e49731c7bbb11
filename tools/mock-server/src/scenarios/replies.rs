//! Scenarios that answer normally (or end early): the demo, fixed texts,
//! pacing and size variants, and odd-but-valid streams.

use serde_json::json;

use crate::chat_request::ChatRequest;
use crate::echo;
use crate::long_text;
use crate::plan::{End, Event, Outcome, Plan};
use crate::texts::*;

/// `model: "mock-slow"` slows the demo down so Stop can be tried by hand.
const MOCK_SLOW_MODEL: &str = "mock-slow";

fn demo(chat: &ChatRequest) -> Plan {
    let (thinking, answer) = demo_reply(&chat.last_user_text);
    Plan::new()
        .think_text(&thinking)
        .answer_text(&answer, Some("stop"))
}

pub fn default(chat: &ChatRequest) -> Outcome {
    let plan = demo(chat);
    if chat.model == MOCK_SLOW_MODEL {
        plan.delay_ms(150).stream()
    } else {
        plan.stream()
    }
}

pub fn fast(chat: &ChatRequest) -> Outcome {
    demo(chat).delay_ms(0).stream()
}

fn basic_plan() -> Plan {
    Plan::new()
        .think(BASIC_THINKING_PARTS)
        .answer(BASIC_ANSWER_PARTS, Some("stop"))
}

pub fn basic(_: &ChatRequest) -> Outcome {
    basic_plan().stream()
}

pub fn no_cors(_: &ChatRequest) -> Outcome {
    basic_plan().no_cors().stream()
}

pub fn length(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[LENGTH_THINKING])
        .answer(LENGTH_ANSWER_PARTS, Some("length"))
        .stream()
}

pub fn content_filter(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[FILTER_THINKING])
        .answer(&[FILTER_ANSWER], Some("content_filter"))
        .stream()
}

pub fn tool_calls(_: &ChatRequest) -> Outcome {
    let calls = json!([{
        "id": "call_function_mock_1",
        "type": "function",
        "index": 0,
        "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"},
    }]);
    Plan::new()
        .think(&[TOOL_THINKING])
        .event(Event::ToolCalls(calls))
        .answer_text(TOOL_ANSWER, Some("stop"))
        .stream()
}

pub fn cut(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[CUT_THINKING])
        .answer(CUT_ANSWER_PARTS, None)
        .end(End::Cut)
        .stream()
}

pub fn stall(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[STALL_THINKING])
        .answer(&[STALL_BEFORE], None)
        .pause_after(2, 30)
        .answer(&[STALL_AFTER], Some("stop"))
        .stream()
}

pub fn hang(_: &ChatRequest) -> Outcome {
    basic_plan().pause_after(0, 40).stream()
}

pub fn cut_midway_reset(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[CUT_THINKING])
        .answer(CUT_ANSWER_PARTS, None)
        .answer(&[RESET_LOST_PART], None)
        .end(End::Reset)
        .stream()
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

pub fn slow(_: &ChatRequest) -> Outcome {
    let (thinking, answer) = slow_parts();
    Plan::new()
        .think(&as_strs(&thinking))
        .answer(&as_strs(&answer), Some("stop"))
        .delay_ms(150)
        .stream()
}

/// Size in bytes and a fixed seed, so every run sends the same document.
fn long_plan(bytes: usize, delay_ms: u64) -> Outcome {
    let text = long_text::generate(bytes, 20);
    Plan::new()
        .think(&["Writing a long deterministic document for the benchmark."])
        .answer_chunked(&text, 30, 70, Some("stop"))
        .delay_ms(delay_ms)
        .stream()
}

pub fn long(_: &ChatRequest) -> Outcome {
    long_plan(20_000, 0)
}

pub fn long_200k(_: &ChatRequest) -> Outcome {
    long_plan(200_000, 0)
}

pub fn paced_20k(_: &ChatRequest) -> Outcome {
    long_plan(20_000, 5)
}

pub fn paced_200k(_: &ChatRequest) -> Outcome {
    long_plan(200_000, 5)
}

pub fn showcase(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[SHOWCASE_THINKING])
        .answer_text(SHOWCASE_ANSWER, Some("stop"))
        .stream()
}

pub fn math(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[MATH_THINKING])
        .answer_text(MATH_ANSWER, Some("stop"))
        .stream()
}

pub fn xss(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[XSS_THINKING])
        .answer_text(XSS_ANSWER, Some("stop"))
        .stream()
}

/// How many `numbered` replies this server has sent (the one piece of state:
/// tests only rely on two replies differing, never on a number).
static NUMBERED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn numbered(_: &ChatRequest) -> Outcome {
    let n = NUMBERED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    Plan::new()
        .think(&["Counting replies."])
        .answer_text(&format!("This is answer number {n}."), Some("stop"))
        .stream()
}

pub fn echo(chat: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&[ECHO_THINKING])
        .answer_text(&echo::answer(chat), Some("stop"))
        .stream()
}

/// A readable answer rather than an error, so a typo is obvious in the demo.
pub fn unknown(name: &str) -> Outcome {
    // `name` passed `is_scenario_name` ([a-z0-9-]), so it is inert in markdown.
    let answer = format!(
        "Unknown mock scenario `{name}`. Run `mock-minimax --list` (or read \
         tools/mock-server/README.md) for the names."
    );
    Plan::new().answer_text(&answer, Some("stop")).stream()
}
