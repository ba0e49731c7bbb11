//! The session controller with two tabs on one storage: the browser's
//! `storage` event is played by hand (`changed_in_other_tab`).

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::StreamPart;
use minimax_chat::chat::Status;
use minimax_chat::store::KeyValue;
use minimax_chat::store::layout::{CHAT_PREFIX, SETTINGS_KEY};
use session_support::*;

/// Tell `tab` that the other tab wrote chat `id`, as the browser would.
fn notify_chat(w: &World, tab: &mut Tab<'_>, id: &str) {
    let key = format!("{CHAT_PREFIX}{id}");
    let value = w.local.get(&key).unwrap();
    tab.changed_in_other_tab(Some(&key), value.as_deref());
}

#[test]
fn a_chat_written_in_another_tab_appears() {
    let w = World::new();
    let mut a = w.open();
    let mut b = w.open_second();
    let id = exchange(&mut a, "from A", "reply").chat_id;
    notify_chat(&w, &mut b, &id);
    assert_eq!(b.list("").len(), 1);
    assert!(b.take_changes().list);
    b.open_chat(&id);
    assert_eq!(texts(&b), vec!["from A", "reply"]);
}

#[test]
fn the_open_chat_follows_another_tabs_edit() {
    let w = World::new();
    let mut a = w.open();
    let id = exchange(&mut a, "Q1", "A1").chat_id;
    let mut b = w.open_second();
    assert_eq!(b.open_id(), id);
    w.tick(1000.0);
    exchange(&mut a, "Q2", "A2");
    notify_chat(&w, &mut b, &id);
    assert_eq!(texts(&b), vec!["Q1", "A1", "Q2", "A2"]);
    assert!(b.take_changes().thread);
}

#[test]
fn another_tabs_edit_mid_stream_is_merged_when_this_tab_writes() {
    let w = World::new();
    let mut a = w.open();
    let id = exchange(&mut a, "Q1", "A1").chat_id;
    let mut b = w.open_second();
    b.set_api_key("k");
    w.tick(1000.0);
    // B starts a reply; while it streams, A adds a turn to the same chat.
    let job = send(&mut b, "from B");
    w.tick(1000.0);
    exchange(&mut a, "from A", "A's answer");
    notify_chat(&w, &mut b, &id);
    assert_eq!(
        b.streaming_chat(),
        Some(id.as_str()),
        "B is not disturbed mid-stream"
    );
    w.tick(1000.0);
    b.reply_parts(&job, vec![StreamPart::Answer("B's answer".into())]);
    b.reply_ended(&job, true);
    b.reply_closed(&job);
    let mut all = texts(&w.open());
    all.sort();
    let mut want = vec!["Q1", "A1", "from B", "B's answer", "from A", "A's answer"];
    want.sort();
    assert_eq!(all, want, "neither tab's messages are lost");
    // B shows the merged chat too.
    assert_eq!(texts(&b).len(), 6);
}

#[test]
fn a_chat_deleted_in_another_tab_leaves_the_list_but_not_the_screen() {
    let w = World::new();
    let mut a = w.open();
    let one = exchange(&mut a, "one", "1").chat_id;
    a.new_chat();
    let two = exchange(&mut a, "two", "2").chat_id;
    let mut b = w.open_second();
    assert_eq!(b.open_id(), two);
    a.delete_chat(&one);
    a.delete_chat(&two);
    b.changed_in_other_tab(Some(&format!("{CHAT_PREFIX}{one}")), None);
    b.changed_in_other_tab(Some(&format!("{CHAT_PREFIX}{two}")), None);
    let listed: Vec<String> = b.list("").into_iter().map(|i| i.id).collect();
    assert_eq!(listed, vec![two.clone()], "the open chat stays");
    assert_eq!(texts(&b), vec!["two", "2"]);
}

#[test]
fn settings_follow_the_other_tab_and_a_cleared_storage_reloads_the_list() {
    let w = World::new();
    let mut a = w.open();
    let mut b = w.open_second();
    a.update_settings(|s| s.model = "MiniMax-M2.7".into());
    let value = w.local.get(SETTINGS_KEY).unwrap();
    b.changed_in_other_tab(Some(SETTINGS_KEY), value.as_deref());
    assert_eq!(b.settings().model, "MiniMax-M2.7");
    let id = exchange(&mut a, "Q", "A").chat_id;
    b.changed_in_other_tab(None, None);
    assert!(b.list("").iter().any(|i| i.id == id));
}

#[test]
fn a_reply_streaming_here_ignores_another_tabs_copy_of_its_chat() {
    let w = World::new();
    let mut a = w.open();
    let job = send(&mut a, "Q");
    let mut b = w.open_second();
    b.set_api_key("k");
    // B wrote an older, shorter copy (e.g. it saved the chat on leaving).
    b.rename_chat(&job.chat_id, "B's name");
    notify_chat(&w, &mut a, &job.chat_id);
    a.reply_parts(&job, vec![StreamPart::Answer("kept".into())]);
    a.reply_ended(&job, false);
    a.reply_closed(&job);
    assert_eq!(shown(&a)[1], ("kept".into(), Status::Done));
}
