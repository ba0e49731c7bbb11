//! The session controller: sending, the stream's parts, and every way a
//! reply ends (done, cut, error, refused, stopped), with what is written.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::{ApiError, FinishReason, StreamPart};
use minimax_chat::chat::Status;
use minimax_chat::chat::catalogue::ENDPOINTS;
use session_support::*;

#[test]
fn send_adds_the_message_and_a_streaming_reply() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Hello");
    assert_eq!(
        shown(&s),
        vec![
            ("Hello".into(), Status::Done),
            (String::new(), Status::Streaming)
        ]
    );
    assert_eq!(s.streaming_chat(), Some(job.chat_id.as_str()));
    assert_eq!(
        job.url,
        format!("{}/chat/completions", s.settings().base_url)
    );
    assert_eq!(job.api_key, "test-key");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(
        messages.len(),
        1,
        "the request holds the question, not the pending reply"
    );
    assert_eq!(messages[0]["content"], "Hello");
    let changes = s.take_changes();
    assert!(changes.thread && changes.list && changes.status);
}

#[test]
fn parts_grow_the_reply_and_name_only_it() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Hi");
    s.take_changes();
    s.reply_parts(&job, vec![StreamPart::Thinking("Let me".into())]);
    s.reply_parts(
        &job,
        vec![
            StreamPart::Answer("Hel".into()),
            StreamPart::Answer("lo".into()),
        ],
    );
    let changes = s.take_changes();
    assert_eq!(changes.messages, vec![job.reply_id.clone()]);
    assert!(!changes.thread && !changes.list);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(reply.thinking, "Let me");
    assert_eq!(reply.content, "Hello");
}

#[test]
fn a_finished_reply_frees_send_and_is_written() {
    let w = World::new();
    let mut s = w.open();
    let job = exchange(&mut s, "Q", "A");
    assert_eq!(s.streaming_chat(), None);
    assert_eq!(shown(&s)[1], ("A".into(), Status::Done));
    let again = w.open();
    assert_eq!(again.open_id(), job.chat_id);
    assert_eq!(texts(&again), vec!["Q", "A"]);
    assert_eq!(again.message(&job.reply_id).unwrap().thinking, "hmm");
}

#[test]
fn a_cut_stream_is_interrupted_and_keeps_its_text() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Answer("partial".into())]);
    s.reply_ended(&job, true);
    s.reply_closed(&job);
    assert_eq!(shown(&s)[1], ("partial".into(), Status::Interrupted));
    assert_eq!(s.streaming_chat(), None);
}

#[test]
fn a_fetch_that_ends_without_any_report_still_settles_the_reply() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_closed(&job);
    assert_eq!(shown(&s)[1].1, Status::Interrupted);
    assert!(s.send("next", Vec::new()).is_some(), "Send is free again");
}

#[test]
fn an_error_keeps_what_arrived_and_says_what_happened() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Answer("so far".into())]);
    let err = ApiError::from_http(
        401,
        "application/json",
        "{\"error\":{\"message\":\"invalid api key\"}}",
        None,
    );
    s.reply_failed(&job, &err);
    s.reply_closed(&job);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(reply.status, Status::Error);
    assert_eq!(reply.content, "so far");
    assert!(reply.error.as_deref().is_some_and(|e| !e.is_empty()));
    assert_eq!(s.streaming_chat(), None);
}

#[test]
fn a_request_the_browser_refuses_ends_as_an_error_and_frees_send() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_refused(
        &job,
        "The request could not be made: the key holds a character that cannot be sent.",
    );
    s.reply_closed(&job);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(reply.status, Status::Error);
    assert!(
        reply
            .error
            .as_deref()
            .unwrap()
            .contains("could not be made")
    );
    assert!(s.send("again", Vec::new()).is_some());
}

#[test]
fn stop_keeps_the_text_frees_send_at_once_and_asks_to_abort() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Thinking("thinking".into())]);
    s.take_changes();
    s.stop();
    let changes = s.take_changes();
    assert!(changes.abort);
    assert_eq!(changes.messages, vec![job.reply_id.clone()]);
    assert_eq!(s.streaming_chat(), None);
    assert_eq!(s.message(&job.reply_id).unwrap().status, Status::Stopped);
    // What the cancelled fetch reports afterwards changes nothing.
    s.reply_parts(&job, vec![StreamPart::Answer("late".into())]);
    s.reply_aborted(&job);
    s.reply_closed(&job);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(
        (reply.status, reply.content.as_str()),
        (Status::Stopped, "")
    );
    assert_eq!(
        w.open().message(&job.reply_id).unwrap().status,
        Status::Stopped
    );
}

#[test]
fn a_late_report_of_an_old_reply_never_touches_the_new_one() {
    let w = World::new();
    let mut s = w.open();
    let first = send(&mut s, "one");
    s.stop();
    let second = send(&mut s, "two");
    s.reply_closed(&first);
    assert_eq!(
        s.streaming_chat(),
        Some(second.chat_id.as_str()),
        "still streaming"
    );
    answer(&mut s, &second, "", "2");
    assert_eq!(texts(&s), vec!["one", "", "two", "2"]);
}

#[test]
fn refusals_keep_the_draft_and_say_why() {
    let w = World::new();
    let mut s = w.open();
    s.set_api_key("");
    assert!(s.send("Hello", Vec::new()).is_none());
    assert!(s.problem().unwrap().contains("API key"));
    assert!(s.problem().unwrap().contains("still here"));
    assert!(s.current().unwrap().messages.is_empty());

    s.set_api_key("k");
    s.update_settings(|st| st.base_url = "api.minimax.io".into());
    assert!(s.send("Hello", Vec::new()).is_none());
    assert!(s.problem().unwrap().contains("Base URL"));

    s.update_settings(|st| st.base_url = "https://api.minimax.io/v1".into());
    let _job = send(&mut s, "first");
    assert!(s.send("second", Vec::new()).is_none());
    assert!(s.problem().unwrap().contains("still streaming"));
    assert_eq!(texts(&s), vec!["first", ""]);
}

#[test]
fn a_pasted_key_is_cleaned_and_one_a_header_cannot_carry_is_refused() {
    let w = World::new();
    let mut s = w.open();
    s.set_api_key("\u{feff} test-key\u{200b}\r\n");
    assert_eq!(s.api_key(), "test-key");
    let job = send(&mut s, "Hello");
    assert_eq!(job.api_key, "test-key");
    answer(&mut s, &job, "", "hi");

    s.set_api_key("test-k\u{0435}y");
    assert!(s.send("Again", Vec::new()).is_none(), "nothing is sent");
    let problem = s.problem().unwrap_or_default();
    assert!(
        problem.contains("U+0435") && problem.contains("character 7"),
        "{problem}"
    );
    assert!(problem.contains("still here"), "{problem}");
    assert_eq!(s.streaming_chat(), None, "no reply was started");
}

#[test]
fn a_base_url_with_credentials_is_refused_without_repeating_them() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.base_url = "https://me:hunter2@api.minimax.io/v1".into());
    assert!(s.send("Hello", Vec::new()).is_none());
    let problem = s.problem().unwrap_or_default();
    assert!(problem.contains("user name or password"), "{problem}");
    assert!(!problem.contains("hunter2"), "{problem}");
}

#[test]
fn blank_messages_are_not_sent_and_say_nothing() {
    let w = World::new();
    let mut s = w.open();
    assert!(s.send("  \n ", Vec::new()).is_none());
    assert_eq!(s.problem(), None);
}

#[test]
fn the_local_demo_needs_no_key() {
    let w = World::new();
    let mut s = w.open();
    s.set_api_key("");
    let demo = ENDPOINTS.iter().find(|e| e.name == "Local demo");
    let demo = demo.map(|e| e.base_url).unwrap_or_default();
    s.update_settings(|st| st.base_url = demo.into());
    let job = send(&mut s, "Hi");
    assert_eq!(job.api_key, "demo");
}

#[test]
fn images_go_only_to_models_that_see() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.model = "MiniMax-M2.7".into());
    let image = "data:image/png;base64,AAAA".to_string();
    assert!(s.send("look", vec![image.clone()]).is_none());
    assert!(s.problem().unwrap().contains("does not take images"));
    s.update_settings(|st| st.model = "MiniMax-M3".into());
    let job = s
        .send("", vec![image.clone()])
        .expect("an image alone goes");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    assert!(
        body["messages"][0]["content"]
            .to_string()
            .contains("image_url")
    );
    assert_eq!(s.current().unwrap().messages[0].images, vec![image]);
}

#[test]
fn history_goes_back_with_each_earlier_turn() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    let job = send(&mut s, "Q2");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    let roles: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["user", "assistant", "user"]);
}

#[test]
fn a_streaming_reply_is_written_at_most_every_half_second_and_at_the_end() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    let stored = |w: &World| {
        w.open_second()
            .message(&job.reply_id)
            .map(|m| m.content.clone())
    };
    w.tick(100.0);
    s.reply_parts(&job, vec![StreamPart::Answer("a".into())]);
    assert_eq!(
        stored(&w).as_deref(),
        Some(""),
        "too soon after the send's write"
    );
    w.tick(500.0);
    s.reply_parts(&job, vec![StreamPart::Answer("b".into())]);
    assert_eq!(stored(&w).as_deref(), Some("ab"));
    w.tick(10.0);
    s.reply_parts(
        &job,
        vec![
            StreamPart::Answer("c".into()),
            StreamPart::Finish(FinishReason::Stop),
        ],
    );
    assert_eq!(stored(&w).as_deref(), Some("ab"));
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    assert_eq!(stored(&w).as_deref(), Some("abc"));
}

#[test]
fn a_tab_closed_mid_reply_leaves_it_interrupted_with_its_text() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    w.tick(600.0);
    s.reply_parts(&job, vec![StreamPart::Answer("ha".into())]);
    w.tick(100.0);
    s.reply_parts(&job, vec![StreamPart::Answer("lf".into())]);
    let written = |w: &World| {
        w.open_second()
            .message(&job.reply_id)
            .map(|m| m.content.clone())
    };
    assert_eq!(
        written(&w).as_deref(),
        Some("ha"),
        "the throttle held the last part back"
    );
    s.page_hidden();
    drop(s);
    let again = w.open();
    let reply = again.message(&job.reply_id).unwrap();
    assert_eq!(
        (reply.status, reply.content.as_str()),
        (Status::Interrupted, "half")
    );
    assert_eq!(again.streaming_chat(), None);
}

#[test]
fn a_reply_streaming_in_a_chat_not_open_is_written_when_the_page_is_hidden() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    w.tick(600.0);
    s.reply_parts(&job, vec![StreamPart::Answer("one".into())]);
    s.new_chat();
    w.tick(100.0);
    s.reply_parts(&job, vec![StreamPart::Answer(" two".into())]);
    s.page_hidden();
    drop(s);
    let again = w.open_second();
    assert_eq!(
        again.message(&job.reply_id).map(|m| m.content.as_str()),
        Some("one two")
    );
}

#[test]
fn hiding_the_page_writes_nothing_when_everything_is_written() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    exchange(&mut s, "Q2", "A2");
    let before = w.local.changes();
    s.page_hidden();
    assert_eq!(
        w.local.changes(),
        before,
        "a reload would wait for these writes"
    );
    // Once written, a reply's last throttled part is not written twice.
    let job = send(&mut s, "Q3");
    w.tick(600.0);
    s.reply_parts(&job, vec![StreamPart::Answer("x".into())]);
    w.tick(100.0);
    s.reply_parts(&job, vec![StreamPart::Answer("y".into())]);
    s.page_hidden();
    let after_first = w.local.changes();
    assert!(after_first > before);
    s.page_hidden();
    assert_eq!(w.local.changes(), after_first);
}
