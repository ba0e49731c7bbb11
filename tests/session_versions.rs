//! The session controller: Regenerate, Edit and moving between versions;
//! nothing is thrown away, and nothing moves while a reply streams.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::chat::versions::Step;
use session_support::*;

#[test]
fn regenerate_keeps_the_old_answer_as_a_version() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "first");
    let job = s.regenerate().expect("regenerates");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    assert_eq!(
        body["messages"].as_array().unwrap().len(),
        1,
        "the old answer is not sent"
    );
    answer(&mut s, &job, "", "second");
    assert_eq!(texts(&s), vec!["Q", "second"]);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!((reply.versions.position(), reply.versions.count()), (2, 2));
    s.switch_version(&job.reply_id, Step::Previous);
    assert_eq!(texts(&s), vec!["Q", "first"]);
    assert_eq!(
        texts(&w.open()),
        vec!["Q", "first"],
        "the version shown is written"
    );
}

#[test]
fn edit_branches_the_conversation_and_keeps_the_original() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    exchange(&mut s, "Q2", "A2");
    let q1 = s.current().unwrap().messages[0].id.clone();
    let job = s.send_edit(&q1, "Q1 edited").expect("edit sends");
    let body: serde_json::Value = serde_json::from_str(&job.body).unwrap();
    assert_eq!(body["messages"].as_array().unwrap().len(), 1);
    assert_eq!(body["messages"][0]["content"], "Q1 edited");
    answer(&mut s, &job, "", "A1'");
    assert_eq!(texts(&s), vec!["Q1 edited", "A1'"]);
    let edited = s.current().unwrap().messages[0].id.clone();
    s.switch_version(&edited, Step::Previous);
    assert_eq!(texts(&s), vec!["Q1", "A1", "Q2", "A2"]);
}

#[test]
fn an_empty_edit_is_refused_and_changes_nothing() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "A");
    let q = s.current().unwrap().messages[0].id.clone();
    let why = s.send_edit(&q, "   ").unwrap_err();
    assert!(why.contains("empty"));
    assert_eq!(texts(&s), vec!["Q", "A"]);
    assert!(s.send_edit("no-such-id", "x").is_err());
}

#[test]
fn versions_do_not_move_while_a_reply_streams() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "first");
    let job = s.regenerate().unwrap();
    s.switch_version(&job.reply_id, Step::Previous);
    assert_eq!(texts(&s), vec!["Q", ""], "still the streaming version");
    let q = s.current().unwrap().messages[0].id.clone();
    assert!(s.send_edit(&q, "edit").unwrap_err().contains("streaming"));
    assert!(s.regenerate().is_none());
    answer(&mut s, &job, "", "second");
    s.switch_version(&job.reply_id, Step::Previous);
    assert_eq!(texts(&s), vec!["Q", "first"]);
    let shown_id = s.current().unwrap().messages[1].id.clone();
    s.switch_version(&shown_id, Step::Next);
    assert_eq!(texts(&s), vec!["Q", "second"]);
}

#[test]
fn regenerating_after_an_unanswered_question_answers_it() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.stop();
    let _ = job;
    // The stopped reply is the last message: regenerate replaces it.
    let again = s.regenerate().unwrap();
    answer(&mut s, &again, "", "A");
    assert_eq!(texts(&s), vec!["Q", "A"]);
}
