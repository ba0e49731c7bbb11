//! The session controller when storage fails: full, read-only data from a
//! newer app, and the way out. Nothing on screen is ever lost.

mod session_support;

use minimax_chat::api::StreamPart;
use minimax_chat::chat::Status;
use minimax_chat::store::KeyValue;
use minimax_chat::store::layout::SCHEMA_KEY;
use session_support::*;

fn big(n: usize) -> String {
    "x".repeat(n)
}

#[test]
fn a_full_storage_mid_stream_keeps_the_reply_and_says_so() {
    let w = World::with_limit(6_000);
    let mut s = w.open();
    let job = send(&mut s, "Q");
    w.tick(600.0);
    s.reply_parts(&job, vec![StreamPart::Answer(big(5_000))]);
    assert!(s.storage_error().is_some_and(|e| e.contains("full")));
    w.tick(600.0);
    s.reply_parts(&job, vec![StreamPart::Answer("and more".into())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    let reply = s.message(&job.reply_id).unwrap();
    assert_eq!(reply.status, Status::Done);
    assert!(reply.content.ends_with("and more"));
    assert_eq!(reply.content.len(), 5_008);
    assert!(s.storage_error().is_some(), "still not saved");
    assert_eq!(s.streaming_chat(), None);
}

/// Storage of 14,000 bytes holding an old chat of 3,000, and a new chat
/// whose reply of 4,500 did not fit: (the old chat's id, the reply's).
fn full_after_a_long_reply(w: &World, s: &mut Tab<'_>) -> (String, String) {
    let old = exchange(s, "old", &big(3_000)).chat_id;
    s.new_chat();
    let job = send(s, "new");
    s.reply_parts(&job, vec![StreamPart::Answer(big(4_500))]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    assert!(s.storage_error().is_some());
    assert!(
        w.open_second()
            .message(&job.reply_id)
            .is_none_or(|m| m.content.is_empty())
    );
    (old, job.reply_id)
}

#[test]
fn deleting_an_old_chat_makes_room_and_the_open_chat_is_written() {
    let w = World::with_limit(14_000);
    let mut s = w.open();
    let (old, reply) = full_after_a_long_reply(&w, &mut s);
    s.delete_chat(&old);
    assert_eq!(
        s.storage_error(),
        None,
        "the retry after the delete went through"
    );
    let again = w.open();
    assert_eq!(again.message(&reply).unwrap().content.len(), 4_500);
}

#[test]
fn a_write_that_failed_is_tried_again_when_the_page_is_hidden() {
    let w = World::with_limit(14_000);
    let mut s = w.open();
    let (old, reply) = full_after_a_long_reply(&w, &mut s);
    // Another tab makes room; this one is closed without a word.
    w.open_second().delete_chat(&old);
    s.page_hidden();
    drop(s);
    let again = w.open();
    assert_eq!(again.message(&reply).unwrap().content.len(), 4_500);
}

#[test]
fn try_again_after_a_failed_write_clears_the_error_once_it_fits() {
    let w = World::with_limit(5_000);
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Answer(big(6_000))]);
    s.reply_closed(&job);
    assert!(s.storage_error().is_some());
    // The user trims nothing; the write still does not fit.
    s.save_open();
    assert!(s.storage_error().is_some());
    assert_eq!(s.message(&job.reply_id).unwrap().content.len(), 6_000);
}

#[test]
fn data_from_a_newer_app_is_shown_and_never_written() {
    let w = World::new();
    let mut s = w.open();
    let id = exchange(&mut s, "Q", "A").chat_id;
    w.local.set(SCHEMA_KEY, "99").unwrap();
    let before = w.local.get(&format!("mmchat:chat:{id}")).unwrap();
    let mut s = w.open();
    assert!(s.read_only());
    assert!(s.notices().iter().any(|n| n.contains("newer version")));
    s.rename_chat(&id, "changed here");
    s.delete_chat(&id);
    assert_eq!(w.local.get(&format!("mmchat:chat:{id}")).unwrap(), before);
}

#[test]
fn the_storage_meter_follows_writes_without_rescans() {
    let w = World::new();
    let mut s = w.open();
    let empty = s.usage().total();
    let id = exchange(&mut s, "Q", &big(2_000)).chat_id;
    let after = s.usage();
    assert!(
        after.total() > empty + 4_000,
        "UTF-16: two bytes a character"
    );
    s.delete_chat(&id);
    assert!(s.usage().chats < after.chats);
    s.refresh_usage();
    assert_eq!(s.usage().chats, 0);
}

#[test]
fn the_key_is_kept_where_the_user_chose() {
    use minimax_chat::store::KeyPersistence;
    use minimax_chat::store::layout::API_KEY_KEY;
    let w = World::new();
    let mut s = w.open();
    s.set_api_key("  sk-abc  ");
    assert_eq!(s.api_key(), "sk-abc");
    assert_eq!(w.local.get(API_KEY_KEY).unwrap().as_deref(), Some("sk-abc"));
    s.update_settings(|st| st.key_persistence = KeyPersistence::Tab);
    assert_eq!(w.local.get(API_KEY_KEY).unwrap(), None);
    assert_eq!(w.tab.get(API_KEY_KEY).unwrap().as_deref(), Some("sk-abc"));
    assert_eq!(w.open().api_key(), "sk-abc");
    s.forget_api_key();
    assert_eq!(s.api_key(), "");
    assert_eq!(w.tab.get(API_KEY_KEY).unwrap(), None);
    assert_eq!(w.local.get(API_KEY_KEY).unwrap(), None);
}
