//! The session controller: deleting one message with Undo, the endpoint's
//! model list, MiniMax-only request fields, and what a screen reader hears
//! when a reply ends.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: serde_json costs nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::StreamPart;
use minimax_chat::chat::Role;
use session_support::*;

#[test]
fn a_message_is_deleted_alone_and_undo_brings_it_back() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    exchange(&mut s, "Q2", "A2");
    let ids = s.message_ids();
    s.delete_message(&ids[1]);
    assert_eq!(texts(&s), vec!["Q1", "Q2", "A2"]);
    assert_eq!(s.deleted_note().as_deref(), Some("Deleted a reply."));
    assert_eq!(texts(&w.open()), vec!["Q1", "Q2", "A2"], "written");
    s.undo_delete();
    assert_eq!(texts(&s), vec!["Q1", "A1", "Q2", "A2"]);
    assert_eq!(
        texts(&w.open()),
        vec!["Q1", "A1", "Q2", "A2"],
        "written back"
    );
    assert_eq!(s.deleted_note(), None);
    s.delete_message(&ids[2]);
    assert_eq!(s.deleted_note().as_deref(), Some("Deleted your message."));
}

#[test]
fn undo_of_a_message_goes_once_the_chat_moves_on() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    let first = s.message_ids()[0].clone();
    s.delete_message(&first);
    exchange(&mut s, "Q2", "A2");
    assert_eq!(s.deleted_note(), None, "a new reply: the old list is gone");
    s.undo_delete();
    assert_eq!(texts(&s), vec!["A1", "Q2", "A2"]);
}

#[test]
fn deleting_a_regenerated_answer_shows_the_one_before() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "first");
    let job = s.regenerate().unwrap();
    answer(&mut s, &job, "", "second");
    s.delete_message(&job.reply_id);
    assert_eq!(texts(&s), vec!["Q", "first"]);
    s.undo_delete();
    assert_eq!(texts(&s), vec!["Q", "second"]);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(reply.versions.count(), 2);
}

#[test]
fn nothing_is_deleted_while_a_reply_streams_here() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    let _job = send(&mut s, "Q2");
    let first = s.message_ids()[0].clone();
    s.delete_message(&first);
    assert_eq!(texts(&s).len(), 4);
    assert!(s.problem().unwrap().contains("streaming"));
}

#[test]
fn a_chat_delete_and_a_message_delete_share_one_undo() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "keep", "A");
    let id = s.message_ids()[1].clone();
    s.delete_message(&id);
    s.new_chat();
    exchange(&mut s, "gone", "B");
    let chat = s.open_id().to_string();
    s.delete_chat(&chat);
    assert_eq!(
        s.deleted_note().as_deref(),
        Some("Deleted \u{201c}gone\u{201d}.")
    );
    s.undo_delete();
    assert_eq!(s.list("").len(), 2);
    assert_eq!(s.deleted_note(), None);
}

#[test]
fn the_endpoints_models_join_the_list_for_that_endpoint_only() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.base_url = "http://127.0.0.1:1234/v1".into());
    assert_eq!(
        s.models_request(),
        Some(("http://127.0.0.1:1234/v1/models".into(), "test-key".into()))
    );
    s.set_endpoint_models(
        "http://127.0.0.1:1234/v1",
        vec!["local-7b".into(), "MiniMax-M3".into()],
    );
    assert_eq!(s.models_request(), None, "asked once per Base URL");
    let choices = s.model_choices();
    assert_eq!(choices.last().map(String::as_str), Some("local-7b"));
    assert_eq!(choices.iter().filter(|m| *m == "MiniMax-M3").count(), 1);
    s.update_settings(|st| st.base_url = "https://api.minimax.io/v1".into());
    assert!(!s.model_choices().contains(&"local-7b".to_string()));
    // A chat that sends to a model no list has (a folder gave it) still
    // finds it offered, so the select shows what it sends to.
    s.update_params(|p| p.model = Some("local-7b".into()));
    assert_eq!(s.model(), "local-7b");
    assert!(s.model_choices().contains(&"local-7b".to_string()));
    s.update_params(|p| p.model = None);
    // Without a key, only this site's own paths are asked.
    s.forget_api_key();
    assert_eq!(s.models_request(), None);
    s.update_settings(|st| st.base_url = "/api/demo/v1".into());
    assert_eq!(
        s.models_request(),
        Some(("/api/demo/v1/models".into(), String::new()))
    );
}

#[test]
fn minimax_fields_go_only_to_minimax() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "A");
    s.update_settings(|st| st.base_url = "https://openrouter.ai/api/v1".into());
    let job = send(&mut s, "Q2");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    assert!(body.get("reasoning_split").is_none() && body.get("thinking").is_none());
    assert!(body["messages"][1].get("reasoning_details").is_none());
    answer(&mut s, &job, "", "A2");
    s.update_settings(|st| st.base_url = "https://api.minimax.io/v1".into());
    let job = send(&mut s, "Q3");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    assert_eq!(body["reasoning_split"], true);
    assert_eq!(body["thinking"]["type"], "adaptive");
    assert_eq!(body["messages"][1]["reasoning_details"][0]["text"], "hmm");
}

#[test]
fn a_finished_reply_is_announced_once_whole() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Answer("Hel".into())]);
    assert_eq!(s.announcement(), "", "nothing while it streams");
    s.reply_parts(&job, vec![StreamPart::Answer("lo.".into())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    assert_eq!(s.announcement(), "Reply: Hello.");
    let job = send(&mut s, "Q2");
    s.reply_parts(&job, vec![StreamPart::Answer("Par".into())]);
    s.stop();
    s.reply_aborted(&job);
    s.reply_closed(&job);
    assert_eq!(s.announcement(), "Reply stopped. Par");
    // A long answer: its beginning, and how much more there is to read.
    let job = send(&mut s, "Q3");
    let long = "Long answer text. ".repeat(10_000);
    s.reply_parts(&job, vec![StreamPart::Answer(long.clone())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    let heard = s.announcement();
    assert!(
        heard.starts_with("Reply: Long answer text. Long"),
        "{heard:.40}"
    );
    assert!(heard.len() < 4_200, "{} bytes read out", heard.len());
    assert!(heard.ends_with("more words in the conversation."));
    assert_eq!(
        s.message(&job.reply_id).map(|m| m.role),
        Some(Role::Assistant)
    );
}
