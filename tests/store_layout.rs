//! Host tests for the storage layout over an in-memory key-value store.

use minimax_chat::api::StreamPart;
use minimax_chat::chat::{Conversation, Message, Status};
use minimax_chat::json::write::to_json;
use minimax_chat::store::layout::{BACKUP_PREFIX, CHAT_PREFIX, INDEX_KEY, SCHEMA_KEY};
use minimax_chat::store::{KeyValue, MemoryKv, Settings, Store, StoreError};

fn chat(id: &str, text: &str, updated: f64) -> Conversation {
    let mut c = Conversation::new(id.into(), "MiniMax-M3".into(), updated);
    c.updated_ms = updated;
    c.messages
        .push(Message::user(format!("{id}-u"), text.into(), updated));
    let mut r = Message::pending_reply(format!("{id}-a"), "MiniMax-M3".into(), updated);
    r.apply(StreamPart::Thinking("thinking ✓".into()), updated + 1.0);
    r.apply(StreamPart::Answer("answer 🦀".into()), updated + 2.0);
    r.end_of_stream(false, updated + 3.0);
    c.messages.push(r);
    c
}

#[test]
fn round_trip_keeps_every_field_and_orders_newest_first() {
    let store = Store::new(MemoryKv::new());
    let a = chat("a", "first", 10.0);
    let b = chat("b", "second", 20.0);
    let all = vec![a.clone(), b.clone()];
    store.save_chat(&a, &all, Some("a")).unwrap();
    store.save_chat(&b, &all, Some("a")).unwrap();
    let mut again = Store::new(store.kv);
    let report = again.load(100.0);
    assert_eq!(report.conversations, vec![b, a]);
    assert_eq!(report.open_id.as_deref(), Some("a"));
    assert!(report.notices.is_empty());
}

#[test]
fn chat_written_but_missing_from_index_is_recovered() {
    let kv = MemoryKv::new();
    let a = chat("a", "first", 10.0);
    let json = format!(r#"{{"v":1,"chat":{}}}"#, to_json(&a));
    kv.set(&format!("{CHAT_PREFIX}a"), &json).unwrap();
    let mut store = Store::new(kv);
    let report = store.load(1.0);
    assert_eq!(report.conversations, vec![a]);
    assert!(report.notices.iter().any(|n| n.contains("Recovered")));
}

#[test]
fn a_record_under_another_key_loads_once_under_that_key() {
    // A record copied to another key (by hand, or by a tool) names another
    // chat inside: it loads as the chat its key names, so saving it writes
    // back to the same key instead of making a twin.
    let kv = MemoryKv::new();
    let a = chat("a", "first", 10.0);
    let json = format!(r#"{{"v":2,"chat":{}}}"#, to_json(&a));
    kv.set(&format!("{CHAT_PREFIX}copy"), &json).unwrap();
    let mut store = Store::new(&kv);
    let loaded = store.load(1.0).conversations;
    assert_eq!(loaded.len(), 1);
    assert_eq!(loaded[0].id, "copy");
    store.save_chat(&loaded[0], &loaded, None).unwrap();
    let again = Store::new(&kv).load(1.0).conversations;
    assert_eq!(again, loaded);
}

#[test]
fn a_chat_listed_twice_in_the_index_loads_once() {
    let kv = MemoryKv::new();
    let a = chat("a", "first", 10.0);
    let json = format!(r#"{{"v":2,"chat":{}}}"#, to_json(&a));
    kv.set(&format!("{CHAT_PREFIX}a"), &json).unwrap();
    kv.set(
        INDEX_KEY,
        r#"{"v":2,"open":"a","chats":[{"id":"a","title":"x","updated_ms":1},{"id":"a","title":"y","updated_ms":2}]}"#,
    )
    .unwrap();
    let report = Store::new(&kv).load(1.0);
    assert_eq!(report.conversations, vec![a]);
}

#[test]
fn unreadable_values_are_backed_up_and_left_in_place() {
    let kv = MemoryKv::new();
    kv.set(SCHEMA_KEY, "1").unwrap();
    kv.set(INDEX_KEY, "not json").unwrap();
    kv.set(
        &format!("{CHAT_PREFIX}x"),
        r#"{"v":1,"chat":{"messages":"oops"}}"#,
    )
    .unwrap();
    let good = chat("g", "fine", 5.0);
    kv.set(
        &format!("{CHAT_PREFIX}g"),
        &format!(r#"{{"v":1,"chat":{}}}"#, to_json(&good)),
    )
    .unwrap();
    let mut store = Store::new(kv);
    let report = store.load(42.0);
    assert_eq!(report.conversations, vec![good]);
    assert_eq!(report.notices.len(), 2 + 1, "{:?}", report.notices);
    let keys = store.kv.keys().unwrap();
    assert_eq!(
        keys.iter().filter(|k| k.starts_with(BACKUP_PREFIX)).count(),
        2
    );
    assert_eq!(
        store.kv.get(&format!("{CHAT_PREFIX}x")).unwrap().as_deref(),
        Some(r#"{"v":1,"chat":{"messages":"oops"}}"#)
    );
}

#[test]
fn newer_schema_is_refused_and_never_written() {
    let kv = MemoryKv::new();
    kv.set(SCHEMA_KEY, "99").unwrap();
    kv.set(INDEX_KEY, r#"{"future":true}"#).unwrap();
    let mut store = Store::new(kv);
    let report = store.load(1.0);
    assert!(report.read_only);
    assert!(report.notices[0].contains("newer version"));
    let c = chat("n", "new", 1.0);
    store.save_chat(&c, std::slice::from_ref(&c), None).unwrap();
    store.save_settings(&Settings::default()).unwrap();
    assert_eq!(
        store.kv.get(INDEX_KEY).unwrap().as_deref(),
        Some(r#"{"future":true}"#)
    );
    assert_eq!(store.kv.get(&format!("{CHAT_PREFIX}n")).unwrap(), None);
}

#[test]
fn quota_error_is_returned_and_nothing_half_written_breaks_loading() {
    let store = Store::new(MemoryKv::with_limit(600));
    let mut big = chat("big", "x", 1.0);
    big.messages[1].content = "y".repeat(2_000);
    let err = store.save_chat(&big, std::slice::from_ref(&big), Some("big"));
    assert_eq!(err, Err(StoreError::Quota));
    let mut again = Store::new(store.kv);
    let report = again.load(2.0);
    assert!(report.conversations.is_empty());
}

#[test]
fn another_tabs_chat_stays_in_the_index() {
    let kv = MemoryKv::new();
    let tab_a = Store::new(kv);
    let a = chat("a", "from tab A", 10.0);
    tab_a
        .save_chat(&a, std::slice::from_ref(&a), Some("a"))
        .unwrap();
    // Tab B knows only its own chat, yet A's stays listed.
    let b = chat("b", "from tab B", 20.0);
    tab_a
        .save_chat(&b, std::slice::from_ref(&b), Some("b"))
        .unwrap();
    let mut again = Store::new(tab_a.kv);
    let ids: Vec<_> = again
        .load(30.0)
        .conversations
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec!["b", "a"]);
}

#[test]
fn reply_left_streaming_loads_as_interrupted() {
    let store = Store::new(MemoryKv::new());
    let mut c = chat("s", "q", 1.0);
    c.messages[1].status = Status::Streaming;
    store
        .save_chat(&c, std::slice::from_ref(&c), Some("s"))
        .unwrap();
    let mut again = Store::new(store.kv);
    let loaded = again.load(2.0).conversations.remove(0);
    assert_eq!(loaded.messages[1].status, Status::Interrupted);
    assert_eq!(loaded.messages[1].content, "answer 🦀");
}

#[test]
fn deleting_removes_chat_and_index_entry() {
    let store = Store::new(MemoryKv::new());
    let a = chat("a", "one", 1.0);
    let b = chat("b", "two", 2.0);
    store.save_chat(&a, &[a.clone(), b.clone()], None).unwrap();
    store.save_chat(&b, &[a.clone(), b.clone()], None).unwrap();
    store
        .delete_chat("a", std::slice::from_ref(&b), None)
        .unwrap();
    let mut again = Store::new(store.kv);
    let ids: Vec<_> = again
        .load(3.0)
        .conversations
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec!["b"]);
}

#[test]
fn start_up_takes_each_listed_chat_once_and_recovers_the_unlisted() {
    // An index that lists a chat twice and one that is not stored, with a
    // stored chat it does not list: each stored chat comes back once.
    let store = Store::new(MemoryKv::new());
    let all: Vec<Conversation> = (0..5)
        .map(|i| chat(&format!("c{i}"), "text", f64::from(i) * 10.0))
        .collect();
    for c in &all[..4] {
        store.save_chat(c, &all[..4], Some("c1")).unwrap();
    }
    let raw = store.kv.get(INDEX_KEY).unwrap().unwrap();
    let mut index = minimax_chat::json::parse_value(&raw).unwrap();
    let chats = index["chats"].as_array_mut().unwrap();
    let twice = chats[2].clone();
    let mut gone = chats[0].clone();
    gone["id"] = "gone".into();
    chats.push(twice);
    chats.push(gone);
    store.kv.set(INDEX_KEY, &index.to_string()).unwrap();
    let unlisted = format!(r#"{{"v":2,"chat":{}}}"#, to_json(&all[4]));
    store
        .kv
        .set(&format!("{CHAT_PREFIX}c4"), &unlisted)
        .unwrap();

    let mut again = Store::new(store.kv);
    let report = again.load_start(None, 100.0);
    let ids: Vec<&str> = report
        .conversations
        .iter()
        .map(|c| c.id.as_str())
        .chain(report.unread.iter().map(|e| e.id.as_str()))
        .collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    for id in ["c0", "c1", "c2", "c3", "c4"] {
        assert_eq!(
            ids.iter().filter(|x| **x == id).count(),
            1,
            "{id} in {ids:?}"
        );
    }
    let read: Vec<&str> = report.conversations.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(read, ["c4", "c1"], "the recovered chat and the open one");
    assert!(
        report
            .notices
            .iter()
            .any(|n| n.contains("Recovered 1 chat"))
    );
}
