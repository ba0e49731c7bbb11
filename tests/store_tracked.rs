//! The app's tracked writer: the meter follows its writes without reading
//! storage, and a save skips merging only when the stored copy is its own.

use minimax_chat::api::StreamPart;
use minimax_chat::chat::{Conversation, Message};
use minimax_chat::store::layout::{CHAT_PREFIX, INDEX_KEY};
use minimax_chat::store::{
    KeyValue, MemoryKv, SaveOutcome, Store, Tracked, UsageTally, WriteMemory,
};

fn chat_with(id: &str, replies: &[&str]) -> Conversation {
    let mut c = Conversation::new(id.into(), "MiniMax-M3".into(), 100.0);
    for (i, text) in replies.iter().enumerate() {
        let at = 100.0 + 10.0 * i as f64;
        c.messages
            .push(Message::user(format!("u{i}"), format!("question {i}"), at));
        let mut r = Message::pending_reply(format!("a{i}"), "MiniMax-M3".into(), at + 1.0);
        r.apply(StreamPart::Answer((*text).into()), at + 2.0);
        r.end_of_stream(false, at + 3.0);
        c.messages.push(r);
        c.updated_ms = at;
    }
    c
}

/// One save through a tracked writer, as the app makes it.
fn tracked_save(
    kv: &MemoryKv,
    memory: WriteMemory,
    tally: &mut UsageTally,
    chat: &Conversation,
) -> (SaveOutcome, WriteMemory) {
    let store = Store::new(Tracked::new(kv, memory));
    let outcome = store
        .save_chat_checked(chat, std::slice::from_ref(chat), Some(&chat.id))
        .expect("saved");
    let memory = store.kv.finish(tally);
    (outcome, memory)
}

fn measured(kv: &MemoryKv) -> UsageTally {
    Store::new(kv).usage_tally().expect("measured")
}

#[test]
fn the_tally_follows_writes_and_removals_without_reading() {
    let kv = MemoryKv::new();
    let mut tally = measured(&kv);
    let (_, memory) = tracked_save(
        &kv,
        WriteMemory::default(),
        &mut tally,
        &chat_with("c", &["one"]),
    );
    assert_eq!(tally, measured(&kv));
    assert!(tally.contains(&format!("{CHAT_PREFIX}c")) && tally.contains(INDEX_KEY));

    let (_, memory) = tracked_save(&kv, memory, &mut tally, &chat_with("c", &["one", "two"]));
    assert_eq!(tally, measured(&kv));

    let store = Store::new(Tracked::new(&kv, memory));
    store
        .delete_chat::<Conversation>("c", &[], None)
        .expect("deleted");
    store.kv.finish(&mut tally);
    assert_eq!(tally, measured(&kv));
    assert!(!tally.contains(&format!("{CHAT_PREFIX}c")));
}

#[test]
fn its_own_copy_is_not_merged_back_so_a_removed_reply_stays_removed() {
    let kv = MemoryKv::new();
    let mut tally = UsageTally::default();
    let two = chat_with("c", &["one", "two"]);
    let (_, memory) = tracked_save(&kv, WriteMemory::default(), &mut tally, &two);

    // The same tab drops the last turn (e.g. the user deleted it): its own
    // earlier write must not bring it back.
    let one = chat_with("c", &["one"]);
    let (outcome, _) = tracked_save(&kv, memory, &mut tally, &one);
    assert_eq!(outcome, SaveOutcome::Saved);
    assert_eq!(Store::new(&kv).load(1e9).conversations, vec![one]);
}

#[test]
fn another_tabs_write_in_between_is_still_merged() {
    let kv = MemoryKv::new();
    let mut tally = UsageTally::default();
    let start = chat_with("c", &["one"]);
    let (_, memory) = tracked_save(&kv, WriteMemory::default(), &mut tally, &start);

    // Another tab (an untracked writer) adds a turn to the same chat.
    let theirs = chat_with("c", &["one", "two"]);
    Store::new(&kv)
        .save_chat_checked(&theirs, std::slice::from_ref(&theirs), Some("c"))
        .expect("saved");

    let (outcome, _) = tracked_save(&kv, memory, &mut tally, &start);
    assert_eq!(outcome, SaveOutcome::Merged(Box::new(theirs.clone())));
    assert_eq!(Store::new(&kv).load(1e9).conversations, vec![theirs]);
}

#[test]
fn it_only_vouches_for_the_exact_value_it_wrote() {
    let kv = MemoryKv::new();
    let tracked = Tracked::new(&kv, WriteMemory::default());
    let key = format!("{CHAT_PREFIX}x");
    tracked.set(&key, "{\"v\":1}").expect("set");
    assert!(tracked.is_own_last_write(&key, "{\"v\":1}"));
    assert!(!tracked.is_own_last_write(&key, "{\"v\":1} "));
    assert!(!tracked.is_own_last_write(&format!("{CHAT_PREFIX}y"), "{\"v\":1}"));
    tracked.remove(&key).expect("removed");
    assert!(!tracked.is_own_last_write(&key, "{\"v\":1}"));
}
