//! Storage usage: what our keys cost, counted as browsers count it.

use minimax_chat::chat::{Conversation, Message};
use minimax_chat::store::layout::{API_KEY_KEY, BACKUP_PREFIX, CHAT_PREFIX, INDEX_KEY};
use minimax_chat::store::usage::{StorageUsage, TYPICAL_QUOTA_BYTES, UsageLevel, entry_bytes};
use minimax_chat::store::{KeyValue, MemoryKv, Settings, Store};

#[test]
fn entries_cost_two_bytes_per_utf16_unit() {
    assert_eq!(entry_bytes("ab", "cd"), 8);
    // "é" is one unit, "🦀" two (a surrogate pair), though 2 and 4 UTF-8 bytes.
    assert_eq!(entry_bytes("k", "é🦀"), (1 + 1 + 2) * 2);
    assert_eq!(entry_bytes("", ""), 0);
}

#[test]
fn usage_counts_only_our_keys_by_kind() {
    let kv = MemoryKv::new();
    let store = Store::new(&kv);
    let mut c = Conversation::new("c1".into(), "MiniMax-M3".into(), 1.0);
    c.messages
        .push(Message::user("u".into(), "héllo 🦀".into(), 1.0));
    store
        .save_chat(&c, std::slice::from_ref(&c), Some("c1"))
        .expect("saved");
    store.save_settings(&Settings::default()).expect("saved");
    kv.set(&format!("{BACKUP_PREFIX}{INDEX_KEY}:5"), "garbage")
        .expect("set");
    kv.set(API_KEY_KEY, "sk-secret").expect("set");
    kv.set("someone-else:big", &"x".repeat(10_000))
        .expect("set");

    let cost = |key: &str| {
        let value = kv.get(key).ok().flatten().unwrap_or_default();
        entry_bytes(key, &value)
    };
    let usage = store.usage().expect("readable");
    assert_eq!(usage.chats, cost(&format!("{CHAT_PREFIX}c1")));
    assert_eq!(usage.index, cost(INDEX_KEY));
    assert_eq!(usage.settings, cost("mmchat:settings"));
    assert_eq!(
        usage.backups,
        cost(&format!("{BACKUP_PREFIX}{INDEX_KEY}:5"))
    );
    assert_eq!(usage.other, cost(API_KEY_KEY));
    assert_eq!(
        usage.total(),
        usage.chats + usage.index + usage.settings + usage.backups + usage.other
    );
    assert!(usage.total() < 10_000, "another app's key was counted");

    // Loading measures as it reads: the same figures without a second pass.
    // (Loading a store without a schema key writes one, hence measuring after.)
    let report = Store::new(&kv).load(2.0);
    assert_eq!(report.tally.usage(), store.usage().expect("readable"));
}

#[test]
fn empty_storage_uses_nothing() {
    let usage = Store::new(MemoryKv::new()).usage().expect("readable");
    assert_eq!(usage, StorageUsage::default());
    assert_eq!(usage.level(TYPICAL_QUOTA_BYTES), UsageLevel::Ok);
}

#[test]
fn levels_start_at_80_and_95_percent() {
    let at = |chats| StorageUsage {
        chats,
        ..StorageUsage::default()
    };
    assert_eq!(at(799).level(1000), UsageLevel::Ok);
    assert_eq!(at(800).level(1000), UsageLevel::Warn);
    assert_eq!(at(949).level(1000), UsageLevel::Warn);
    assert_eq!(at(950).level(1000), UsageLevel::Full);
    assert_eq!(at(2000).level(1000), UsageLevel::Full);
    assert_eq!(at(0).level(0), UsageLevel::Full);
    assert_eq!(at(u64::MAX).level(u64::MAX), UsageLevel::Full);
    assert_eq!(
        at(TYPICAL_QUOTA_BYTES / 2).level(TYPICAL_QUOTA_BYTES),
        UsageLevel::Ok
    );
}

#[test]
fn typical_quota_is_chromiums_five_mebi_units() {
    assert_eq!(TYPICAL_QUOTA_BYTES / 2, 5_242_880);
}

#[test]
fn full_level_comes_before_the_save_that_fails() {
    let limit = 4_000;
    let store = Store::new(MemoryKv::with_limit(limit));
    let mut c = Conversation::new("c".into(), "MiniMax-M3".into(), 1.0);
    let mut last = UsageLevel::Ok;
    for n in 0..100 {
        c.messages
            .push(Message::user(format!("m{n}"), "ten chars.".repeat(5), 1.0));
        if store.save_chat(&c, std::slice::from_ref(&c), None).is_err() {
            assert_ne!(last, UsageLevel::Ok, "no warning before the quota error");
            return;
        }
        last = store.usage().expect("readable").level(limit);
    }
    panic!("the quota was never reached");
}
