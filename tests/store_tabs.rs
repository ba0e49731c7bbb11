//! Two tabs over one storage: two `Store`s sharing one `MemoryKv`.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

use minimax_chat::api::StreamPart;
use minimax_chat::chat::{Conversation, Message, Status};
use minimax_chat::store::layout::{CHAT_PREFIX, INDEX_KEY};
use minimax_chat::store::{KeyValue, MemoryKv, SaveOutcome, Store, StoreError};

fn turn(chat: &mut Conversation, n: &str, at: f64) {
    chat.messages
        .push(Message::user(format!("u{n}"), format!("question {n}"), at));
    let mut r = Message::pending_reply(format!("a{n}"), "MiniMax-M3".into(), at + 1.0);
    r.apply(StreamPart::Answer(format!("answer {n}")), at + 2.0);
    r.end_of_stream(false, at + 3.0);
    chat.messages.push(r);
    chat.updated_ms = at;
}

fn ids(chat: &Conversation) -> Vec<&str> {
    chat.messages.iter().map(|m| m.id.as_str()).collect()
}

/// Save `chat` as a tab would: each `Store` is one tab (they hold no state
/// of their own, so a fresh one per save is the same tab).
fn save(kv: &MemoryKv, chat: &Conversation) -> SaveOutcome {
    Store::new(kv)
        .save_chat_checked(chat, std::slice::from_ref(chat), Some(&chat.id))
        .expect("saved")
}

fn load(kv: &MemoryKv) -> Vec<Conversation> {
    Store::new(kv).load(1e9).conversations
}

/// A chat both tabs loaded after its first turn.
fn shared_start(kv: &MemoryKv) -> Conversation {
    let mut c = Conversation::new("c".into(), "MiniMax-M3".into(), 100.0);
    turn(&mut c, "1", 100.0);
    save(kv, &c);
    c
}

#[test]
fn a_stale_tab_does_not_drop_messages_another_tab_added() {
    let kv = MemoryKv::new();
    let start = shared_start(&kv);

    let mut in_a = start.clone();
    turn(&mut in_a, "2", 200.0);
    save(&kv, &in_a);

    // Tab B still shows the first turn and saves it (e.g. switching chats).
    let outcome = save(&kv, &start);
    assert_eq!(outcome, SaveOutcome::Merged(Box::new(in_a.clone())));
    assert_eq!(load(&kv), vec![in_a]);
}

#[test]
fn both_tabs_messages_are_kept_in_the_order_they_were_written() {
    let kv = MemoryKv::new();
    let start = shared_start(&kv);

    let mut in_b = start.clone();
    turn(&mut in_b, "b", 150.0);
    let mut in_a = start.clone();
    turn(&mut in_a, "a", 200.0);
    save(&kv, &in_a);
    let SaveOutcome::Merged(merged) = save(&kv, &in_b) else {
        panic!("expected a merge");
    };
    assert_eq!(ids(&merged), ["u1", "a1", "ub", "ab", "ua", "aa"]);
    assert_eq!(merged.updated_ms, 200.0);
    assert_eq!(load(&kv), vec![*merged]);
}

#[test]
fn regenerate_in_the_newer_tab_really_replaces_the_reply() {
    let kv = MemoryKv::new();
    let mut c = shared_start(&kv);
    c.messages.pop();
    let mut again = Message::pending_reply("a1-new".into(), "MiniMax-M3".into(), 300.0);
    again.apply(StreamPart::Answer("better".into()), 301.0);
    c.messages.push(again);
    c.updated_ms = 300.0;
    let outcome = save(&kv, &c);
    assert_eq!(outcome, SaveOutcome::Saved);
    assert_eq!(ids(&load(&kv)[0]), ["u1", "a1-new"]);
}

#[test]
fn a_finished_reply_from_another_tab_beats_a_stale_partial_copy() {
    let kv = MemoryKv::new();
    let mut streaming = Conversation::new("c".into(), "MiniMax-M3".into(), 100.0);
    streaming
        .messages
        .push(Message::user("u1".into(), "q".into(), 100.0));
    let mut partial = Message::pending_reply("a1".into(), "MiniMax-M3".into(), 101.0);
    partial.apply(StreamPart::Answer("half".into()), 102.0);
    streaming.messages.push(partial.clone());
    save(&kv, &streaming);
    // Tab B loaded the half-written reply, then tab A finished it and went on.
    let in_b = load(&kv).remove(0);
    assert_eq!(in_b.messages[1].status, Status::Interrupted);
    let mut done = streaming.clone();
    done.messages[1].apply(StreamPart::Answer(" and whole".into()), 103.0);
    done.messages[1].end_of_stream(false, 104.0);
    turn(&mut done, "2", 200.0);
    save(&kv, &done);

    save(&kv, &in_b);
    let stored = load(&kv).remove(0);
    assert_eq!(stored.messages[1].content, "half and whole");
    assert_eq!(stored.messages[1].status, Status::Done);
    assert_eq!(ids(&stored), ["u1", "a1", "u2", "a2"]);
}

#[test]
fn two_tabs_writing_different_chats_keep_both() {
    let kv = MemoryKv::new();
    let mut a = Conversation::new("a".into(), "MiniMax-M3".into(), 1.0);
    turn(&mut a, "1", 1.0);
    let mut b = Conversation::new("b".into(), "MiniMax-M3".into(), 2.0);
    turn(&mut b, "1", 2.0);
    save(&kv, &a);
    save(&kv, &b);
    save(&kv, &a);
    assert_eq!(load(&kv), vec![b, a]);
}

#[test]
fn the_index_lists_the_merged_copy() {
    let kv = MemoryKv::new();
    let start = shared_start(&kv);
    let mut renamed = start.clone();
    renamed.title = "Renamed in tab A".into();
    renamed.title_is_custom = true;
    turn(&mut renamed, "2", 500.0);
    save(&kv, &renamed);
    save(&kv, &start);
    let index = kv.get(INDEX_KEY).ok().flatten().unwrap_or_default();
    assert!(index.contains("Renamed in tab A"), "{index}");
    assert!(index.contains("500"), "{index}");
}

#[test]
fn a_chat_saved_by_a_newer_app_version_is_not_overwritten() {
    let kv = MemoryKv::new();
    let start = shared_start(&kv);
    let future = r#"{"v":9,"chat":{"id":"c","shape":"unknown"}}"#;
    kv.set(&format!("{CHAT_PREFIX}c"), future).expect("set");
    let result = Store::new(&kv).save_chat(&start, std::slice::from_ref(&start), Some("c"));
    assert_eq!(result, Err(StoreError::NewerElsewhere));
    assert_eq!(
        kv.get(&format!("{CHAT_PREFIX}c")).ok().flatten().as_deref(),
        Some(future)
    );
}

#[test]
fn an_unreadable_stored_copy_is_replaced_by_the_good_one() {
    let kv = MemoryKv::new();
    let start = shared_start(&kv);
    kv.set(&format!("{CHAT_PREFIX}c"), "{ torn").expect("set");
    save(&kv, &start);
    assert_eq!(load(&kv), vec![start]);
}

#[test]
fn a_nan_setting_never_makes_a_chat_unreadable() {
    let kv = MemoryKv::new();
    let mut c = shared_start(&kv);
    c.params.temperature = f64::NAN;
    c.messages[1].timing.ended_ms = Some(f64::INFINITY);
    c.updated_ms = 400.0;
    save(&kv, &c);
    let loaded = load(&kv);
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].params.temperature, 1.0);
    assert_eq!(loaded[0].messages[1].timing.ended_ms, None);
    assert_eq!(loaded[0].messages[1].content, "answer 1");
}

#[test]
fn a_regenerated_reply_kept_as_a_version_is_not_brought_back_by_a_newer_tab() {
    use minimax_chat::chat::versions::branch;
    let kv = MemoryKv::new();
    let start = shared_start(&kv);
    // Tab A regenerates at 150: the old reply a1 moves into a version.
    let mut in_a = start.clone();
    let mut again = Message::pending_reply("a1-new".into(), "MiniMax-M3".into(), 150.0);
    again.apply(StreamPart::Answer("better".into()), 151.0);
    branch(&mut in_a.messages, 1, vec![again]);
    in_a.updated_ms = 150.0;
    // Tab B, newer, added a turn after the old reply in the meantime.
    let mut in_b = start.clone();
    turn(&mut in_b, "2", 200.0);
    save(&kv, &in_b);
    let SaveOutcome::Merged(merged) = save(&kv, &in_a) else {
        panic!("expected a merge");
    };
    // B's new turn is kept; a1 is not shown twice (it is A's version 1).
    assert_eq!(ids(&merged), ["u1", "a1-new", "u2", "a2"]);
    let mut all = Vec::new();
    minimax_chat::chat::versions::for_each(&merged.messages, &mut |m| all.push(m.id.clone()));
    all.sort();
    assert_eq!(all, ["a1", "a1-new", "a2", "u1", "u2"]);
}
