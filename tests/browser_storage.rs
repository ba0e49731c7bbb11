//! Browser tests for the storage adapter: real localStorage in headless Chromium.
#![cfg(target_arch = "wasm32")]

use minimax_chat::browser::clock::BrowserEnv;
use minimax_chat::browser::storage::BrowserKv;
use minimax_chat::chat::{Conversation, Message};
use minimax_chat::session::Session;
use minimax_chat::store::layout::{API_KEY_KEY, BACKUP_PREFIX, CHAT_PREFIX, SCHEMA_KEY};
use minimax_chat::store::{KeyPersistence, KeyValue, Store, StoreError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear() {
    let w = web_sys::window().unwrap();
    w.local_storage().unwrap().unwrap().clear().unwrap();
    w.session_storage().unwrap().unwrap().clear().unwrap();
}

fn chat(id: &str, text: &str) -> Conversation {
    let mut c = Conversation::new(id.into(), "MiniMax-M3".into(), 1.0);
    c.messages
        .push(Message::user(format!("{id}-m"), text.into(), 1.0));
    c
}

#[wasm_bindgen_test]
fn saves_and_loads_through_local_storage() {
    clear();
    let store = Store::new(BrowserKv::local());
    let c = chat("c1", "hello");
    store
        .save_chat(&c, std::slice::from_ref(&c), Some("c1"))
        .unwrap();
    let mut again = Store::new(BrowserKv::local());
    let report = again.load(2.0);
    assert_eq!(report.conversations, vec![c]);
    assert_eq!(report.open_id.as_deref(), Some("c1"));
}

#[wasm_bindgen_test]
fn corrupt_chat_is_backed_up_not_overwritten() {
    clear();
    let kv = BrowserKv::local();
    kv.set(SCHEMA_KEY, "1").unwrap();
    kv.set(&format!("{CHAT_PREFIX}bad"), "{not json").unwrap();
    let mut store = Store::new(BrowserKv::local());
    let report = store.load(5.0);
    assert!(report.conversations.is_empty());
    assert_eq!(report.notices.len(), 1);
    let keys = BrowserKv::local().keys().unwrap();
    assert!(keys.iter().any(|k| k.starts_with(BACKUP_PREFIX)));
    assert_eq!(
        BrowserKv::local()
            .get(&format!("{CHAT_PREFIX}bad"))
            .unwrap()
            .as_deref(),
        Some("{not json")
    );
}

#[wasm_bindgen_test]
fn quota_error_is_reported_as_quota() {
    clear();
    let kv = BrowserKv::local();
    // localStorage holds ~5 MiB of UTF-16; 6 MiB of text must fail.
    let big = "x".repeat(6 * 1024 * 1024);
    assert_eq!(kv.set("mmchat:huge", &big), Err(StoreError::Quota));
    clear();
}

#[wasm_bindgen_test]
fn api_key_lives_where_the_user_chose() {
    clear();
    let open = || {
        Session::load(
            BrowserKv::local(),
            BrowserKv::session(),
            BrowserEnv,
            "localhost",
        )
    };
    let mut s = open();
    s.set_api_key("k-device");
    assert_eq!(
        BrowserKv::local().get(API_KEY_KEY).unwrap().as_deref(),
        Some("k-device")
    );
    s.update_settings(|st| st.key_persistence = KeyPersistence::Tab);
    s.set_api_key("k-tab");
    assert_eq!(BrowserKv::local().get(API_KEY_KEY).unwrap(), None);
    assert_eq!(
        BrowserKv::session().get(API_KEY_KEY).unwrap().as_deref(),
        Some("k-tab")
    );
    assert_eq!(open().api_key(), "k-tab");
    s.forget_api_key();
    assert_eq!(open().api_key(), "");
    clear();
}
