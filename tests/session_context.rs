//! The session controller: the context meter, refusing a request that
//! cannot fit, and moving on to a new chat with a summary of this one or
//! with its recent turns only.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: serde_json costs nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::{ApiError, FinishReason, StreamPart, Usage};
use minimax_chat::chat::Status;
use minimax_chat::chat::context::Fill;
use minimax_chat::chat::remedy::Remedy;
use minimax_chat::session::ReplyJob;
use session_support::*;

/// Answer `job` with `text`, reporting `prompt` + `completion` tokens.
fn answer_counted(s: &mut Tab<'_>, job: &ReplyJob, text: &str, prompt: u64, completion: u64) {
    s.reply_parts(
        job,
        vec![
            StreamPart::Answer(text.into()),
            StreamPart::Finish(FinishReason::Stop),
            StreamPart::Usage(Usage {
                prompt_tokens: prompt,
                completion_tokens: completion,
                total_tokens: prompt + completion,
                ..Usage::default()
            }),
            StreamPart::Done,
        ],
    );
    s.reply_ended(job, false);
    s.reply_closed(job);
}

/// A tab whose model has a window of `tokens`.
fn with_window(w: &World, tokens: u32) -> Tab<'_> {
    let mut s = w.open();
    s.update_settings(|st| st.model = "MiniMax-M2.7".into());
    s.set_context_window(tokens);
    s
}

#[test]
fn the_meter_counts_the_last_reply_and_estimates_the_rest() {
    let w = World::new();
    let mut s = w.open();
    assert_eq!(s.context_window(), Some(524_288), "M3's working window");
    let job = send(&mut s, "Q");
    answer_counted(&mut s, &job, "A", 1_200, 300);
    let c = s.context("", 0).unwrap();
    assert_eq!((c.used, c.window, c.fill), (1_500, 524_288, Fill::Fine));
    assert_eq!(c.text, "1,500 of 524,288 tokens (0%)");
    assert_eq!(c.warning, None);
    // What is typed counts before it is sent (4 a message, ~4 characters a token).
    let typed = s.context(&"x".repeat(400), 1).unwrap();
    assert_eq!(typed.used, 1_500 + 4 + 100 + 2_000);
}

#[test]
fn the_window_is_the_users_when_set_and_the_catalogues_otherwise() {
    let w = World::new();
    let mut s = w.open();
    s.set_context_window(1_000_000);
    assert_eq!(s.context_window(), Some(1_000_000));
    assert_eq!(
        w.open().context_window(),
        Some(1_000_000),
        "kept in settings"
    );
    s.update_settings(|st| st.model = "MiniMax-M2.7".into());
    assert_eq!(s.context_window(), Some(204_800), "per model");
    s.update_settings(|st| st.model = "MiniMax-M3".into());
    s.set_context_window(0);
    assert_eq!(
        s.context_window(),
        Some(524_288),
        "0 goes back to the default"
    );
    assert!(s.settings().context_windows.is_empty());
    s.update_settings(|st| st.model = "local-7b".into());
    assert_eq!(s.context_window(), None);
    assert!(s.context("", 0).is_none(), "no meter without a window");
    assert!(s.context_note().contains("Not known"));
    s.set_context_window(32_000);
    assert_eq!(s.context("", 0).map(|c| c.window), Some(32_000));
}

#[test]
fn it_warns_from_eighty_percent_and_refuses_what_cannot_fit() {
    let w = World::new();
    let mut s = with_window(&w, 1_000);
    let job = send(&mut s, "Q");
    answer_counted(&mut s, &job, "A", 700, 100);
    let c = s.context("", 0).unwrap();
    assert_eq!(c.fill, Fill::Warn);
    assert_eq!(
        c.warning.as_deref(),
        Some("This chat takes 80% of MiniMax-M2.7\u{2019}s context window.")
    );
    // 800 + 4 + 200 tokens would not fit: nothing is sent, the draft stays.
    let long = "y".repeat(800);
    assert_eq!(s.context(&long, 0).unwrap().fill, Fill::Over);
    assert!(s.send(&long, Vec::new()).is_none());
    assert!(s.problem().unwrap().contains("context window of 1,000"));
    assert_eq!(s.problem_remedy(), Some(Remedy::Shrink));
    assert_eq!(texts(&s), vec!["Q", "A"], "nothing was added");
    // A short one still goes.
    assert!(s.send("ok", Vec::new()).is_some());
    assert_eq!(s.problem(), None);
}

#[test]
fn a_summary_streams_apart_and_starts_a_new_chat_once_accepted() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Plan a trip to Lisbon", "Here is a plan.");
    let old = s.open_id().to_string();
    let job = s.summarize().expect("summary request");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(
        messages.len(),
        3,
        "the chat, then the request for a summary"
    );
    assert!(
        messages[2]["content"]
            .as_str()
            .unwrap()
            .starts_with("Summarize")
    );
    assert_eq!(
        s.streaming_chat(),
        Some(old.as_str()),
        "one request at a time"
    );
    s.reply_parts(&job, vec![StreamPart::Answer("Trip: Lisbon, ".into())]);
    s.reply_parts(&job, vec![StreamPart::Answer("3 days.".into())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    let summary = s.summary().unwrap();
    assert_eq!(
        (summary.text.as_str(), summary.status),
        ("Trip: Lisbon, 3 days.", Status::Done)
    );
    assert_eq!(texts(&s).len(), 2, "the chat itself is untouched");
    // The user edits it, then starts the new chat with it.
    assert!(
        s.start_from_summary("Trip: Lisbon, 4 days.").is_none(),
        "nothing to answer yet"
    );
    assert_ne!(s.open_id(), old);
    assert_eq!(s.open_title(), "Plan a trip to Lisbon (continued)");
    assert_eq!(
        texts(&s),
        vec![
            "Summary of the earlier chat \u{201c}Plan a trip to Lisbon\u{201d}:\n\nTrip: Lisbon, 4 days."
        ]
    );
    assert!(s.summary().is_none());
    // Both chats are stored.
    let again = w.open();
    assert_eq!(again.list("").len(), 2);
}

#[test]
fn a_summary_can_be_dropped_even_while_it_streams() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "A");
    let job = s.summarize().unwrap();
    s.reply_parts(&job, vec![StreamPart::Answer("half".into())]);
    s.take_changes();
    s.discard_summary();
    assert!(s.take_changes().abort, "its request is cancelled");
    assert!(s.summary().is_none());
    assert_eq!(s.streaming_chat(), None);
    s.reply_aborted(&job);
    s.reply_closed(&job);
    assert_eq!(texts(&s), vec!["Q", "A"]);
    assert!(s.summary().is_none());
}

#[test]
fn the_question_a_too_long_chat_failed_on_goes_to_the_new_chat_and_is_answered() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    let job = send(&mut s, "Q2");
    let err = ApiError::from_http(
        400,
        "application/json",
        r#"{"error":{"message":"invalid params, context window exceeds limit (2013)"}}"#,
        None,
    );
    s.reply_failed(&job, &err);
    s.reply_closed(&job);
    assert_eq!(s.remedy(&job.reply_id), Some(Remedy::Shrink));
    let summary_job = s.summarize().unwrap();
    let body: serde_json::Value = serde_json::from_str(&summary_job.body).unwrap();
    let sent: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        &sent[..2],
        ["Q1", "A1"],
        "the failed question is not summarised"
    );
    answer(&mut s, &summary_job, "", "Notes.");
    let asked = s
        .start_from_summary("Notes.")
        .expect("the question is asked again");
    assert_eq!(texts(&s)[1], "Q2");
    assert_eq!(s.streaming_chat(), Some(asked.chat_id.as_str()));
}

#[test]
fn recent_turns_carry_on_in_a_new_chat_and_a_notice_says_so() {
    let w = World::new();
    let mut s = with_window(&w, 1_000);
    for i in 0..6 {
        exchange(
            &mut s,
            &format!("Question {i} {}", "q".repeat(400)),
            "Answer.",
        );
    }
    let old = s.open_id().to_string();
    assert!(s.continue_recent().is_none(), "nothing pending to ask");
    assert_ne!(s.open_id(), old);
    let kept = texts(&s);
    assert!(kept.len() < 12 && kept.len() >= 2, "{kept:?}");
    assert!(kept[0].starts_with("Question"), "starts at a question");
    assert!(kept.last().unwrap() == "Answer.");
    let notice = s.notices().last().unwrap().clone();
    assert!(
        notice.contains(&format!("last {} of 12 messages", kept.len())),
        "{notice}"
    );
    // The old chat is whole.
    s.open_chat(&old);
    assert_eq!(texts(&s).len(), 12);
}

#[test]
fn a_short_chat_has_no_older_turns_to_leave_out() {
    let w = World::new();
    let mut s = with_window(&w, 100_000);
    exchange(&mut s, "Q", "A");
    assert!(s.continue_recent().is_none());
    assert!(s.problem().unwrap().contains("no older turns"));
    assert_eq!(texts(&s), vec!["Q", "A"]);
}
