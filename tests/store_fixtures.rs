//! Sample records of every schema version, loaded through `Store::load` the
//! way a browser with old data would load them. When the schema changes, add
//! a `tests/fixtures/store/v<N>/` folder; the old samples must keep loading.

use std::fs;
use std::path::{Path, PathBuf};

use minimax_chat::api::{FinishReason, ReasoningMeta, Usage};
use minimax_chat::chat::{ChatParams, Conversation, Message, Role, Status, ThinkingMode, Timing};
use minimax_chat::store::layout::{CHAT_PREFIX, SCHEMA_VERSION};
use minimax_chat::store::{KeyValue, MemoryKv, Store};

fn fixture_dir(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/store/v{version}"))
}

fn read(version: u32, name: &str) -> String {
    let path = fixture_dir(version).join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Store one raw record under `id` and load everything back.
fn load_record(id: &str, raw: &str) -> (Vec<Conversation>, Vec<String>) {
    let kv = MemoryKv::new();
    kv.set(&format!("{CHAT_PREFIX}{id}"), raw)
        .expect("memory store accepts");
    let report = Store::new(kv).load(1_718_200_000_000.0);
    (report.conversations, report.notices)
}

fn load_one(version: u32, name: &str, id: &str) -> Conversation {
    let (mut chats, notices) = load_record(id, &read(version, name));
    assert_eq!(chats.len(), 1, "v{version}/{name}: {notices:?}");
    assert!(
        notices.iter().all(|n| n.starts_with("Recovered")),
        "v{version}/{name}: {notices:?}"
    );
    chats.remove(0)
}

fn user(id: &str, text: &str, at: f64) -> Message {
    Message::user(id.into(), text.into(), at)
}

fn reply(id: &str, status: Status, timing: Timing) -> Message {
    let mut m = Message::pending_reply(id.into(), "MiniMax-M3".into(), 0.0);
    m.status = status;
    m.timing = timing;
    m
}

/// The timing of a reply that thought, answered and ended.
fn timing(started: f64, first_token: f64, answer_started: f64, ended: f64) -> Timing {
    Timing {
        started_ms: started,
        first_token_ms: Some(first_token),
        answer_started_ms: Some(answer_started),
        ended_ms: Some(ended),
    }
}

/// What `v1/full.json` holds (and `v0/full.json`, under another id).
fn full_chat(id: &str) -> Conversation {
    let t0 = 1_718_000_000_000.0;
    let mut a1 = reply(
        "m-a1",
        Status::Done,
        timing(t0 + 100.0, t0 + 900.0, t0 + 3_200.0, t0 + 6_000.0),
    );
    a1.content = "Because `s` was **moved** into `t`.\n\n```rust\nlet t = s.clone();\n```\n\nCloning keeps both — ✓ 🦀".into();
    a1.thinking =
        "The user moves a String.\nExplain move semantics; suggest clone or a borrow.".into();
    a1.reasoning_meta = Some(ReasoningMeta {
        kind: Some("reasoning.text".into()),
        id: Some("rs-1".into()),
        format: Some("MiniMax-response-v1".into()),
        index: Some(0),
    });
    a1.finish = Some(FinishReason::Stop);
    a1.usage = Some(Usage {
        prompt_tokens: 61,
        completion_tokens: 148,
        total_tokens: 209,
        reasoning_tokens: Some(52),
        cached_tokens: Some(0),
    });
    let mut a2 = reply(
        "m-a2",
        Status::Stopped,
        timing(t0 + 60_100.0, t0 + 60_700.0, t0 + 61_000.0, t0 + 62_000.0),
    );
    a2.content = "Borrow it instead: `let t = &s;` and both".into();
    a2.thinking = "Short answer.".into();
    let mut a3 = reply(
        "m-a3",
        Status::Error,
        Timing {
            started_ms: t0 + 90_100.0,
            ended_ms: Some(t0 + 95_000.0),
            ..Timing::default()
        },
    );
    a3.error =
        Some("MiniMax is busy right now (HTTP 529). Wait a moment and press Regenerate.".into());
    Conversation {
        id: id.into(),
        title: "Borrow checker, explained".into(),
        title_is_custom: true,
        created_ms: t0,
        updated_ms: t0 + 95_000.0,
        model: "MiniMax-M3".into(),
        params: ChatParams {
            model: None,
            system_prompt: "You are a patient Rust teacher.".into(),
            temperature: 0.7,
            top_p: 0.9,
            max_output_tokens: 4096,
            thinking: ThinkingMode::Adaptive,
        },
        messages: vec![
            user(
                "m-u1",
                "Why does this not compile?\n\n```rust\nlet s = String::new();\nlet t = s;\nprintln!(\"{s}\");\n```",
                t0,
            ),
            a1,
            user("m-u2", "And with a reference?", t0 + 60_000.0),
            a2,
            user("m-u3", "Continue, please.", t0 + 90_000.0),
            a3,
        ],
        pinned_ms: None,
        folder: None,
    }
}

#[test]
fn v1_full_record_keeps_every_field() {
    let loaded = load_one(1, "full.json", "c-1718000000000-a1b2");
    assert_eq!(loaded, full_chat("c-1718000000000-a1b2"));
    // Spelled out for the fields most likely to be lost by a careless change.
    assert_eq!(loaded.display_title(), "Borrow checker, explained");
    assert_eq!(loaded.messages[1].thought_seconds(), Some(3));
    assert_eq!(loaded.messages[3].status, Status::Stopped);
    assert!(loaded.messages[5].error.is_some());
}

#[test]
fn v0_bare_conversation_loads_like_v1() {
    let loaded = load_one(0, "full.json", "c-early-build");
    assert_eq!(loaded, full_chat("c-early-build"));
}

#[test]
fn v0_hand_written_record_gets_defaults() {
    let loaded = load_one(0, "hand_written.json", "hand");
    assert_eq!(loaded.display_title(), "Hello");
    assert_eq!(loaded.params, ChatParams::default());
    assert_eq!(loaded.model, "MiniMax-M3");
    assert_eq!(loaded.messages[1].role, Role::Assistant);
    assert_eq!(loaded.messages[1].status, Status::Done);
    assert_eq!(loaded.messages[1].content, "Hi! How can I help?");
}

#[test]
fn v1_reply_left_streaming_loads_interrupted_with_its_text() {
    let loaded = load_one(1, "left_streaming.json", "c-stream");
    let a = &loaded.messages[1];
    assert_eq!(a.status, Status::Interrupted);
    assert_eq!(a.content, "Red bloom on iron");
    assert_eq!(a.finish, Some(FinishReason::Other("abort".into())));
    assert_eq!(a.timing.ended_ms, None);
    assert_eq!(loaded.params.thinking, ThinkingMode::Off);
    assert_eq!(loaded.model, "MiniMax-M2.5");
}

#[test]
fn every_sample_of_every_version_loads() {
    for version in 0..=SCHEMA_VERSION {
        let dir = fixture_dir(version);
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut count = 0;
        for entry in entries {
            let path = entry.expect("readable folder").path();
            let raw = fs::read_to_string(&path).expect("readable sample");
            let (chats, notices) = load_record("sample", &raw);
            assert_eq!(chats.len(), 1, "{}: {notices:?}", path.display());
            count += 1;
        }
        assert!(count > 0, "no samples for version {version}");
    }
}

#[test]
fn a_migrated_record_is_saved_back_as_the_current_version() {
    let kv = MemoryKv::new();
    kv.set(
        &format!("{CHAT_PREFIX}c-early-build"),
        &read(0, "full.json"),
    )
    .expect("memory store accepts");
    let mut store = Store::new(&kv);
    let chats = store.load(1.0).conversations;
    store
        .save_chat(&chats[0], &chats, None)
        .expect("saving works");
    let raw = kv
        .get(&format!("{CHAT_PREFIX}c-early-build"))
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(
        raw.starts_with(&format!("{{\"v\":{SCHEMA_VERSION},")),
        "{raw}"
    );
    let again = Store::new(&kv).load(2.0).conversations;
    assert_eq!(again, vec![full_chat("c-early-build")]);
}

#[test]
fn v2_versions_of_an_edit_and_a_regenerated_answer_load_and_switch() {
    use minimax_chat::chat::versions::{Step, switch};
    let mut chat = load_one(2, "versions.json", "c-versions");
    let shown: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(shown, ["u1b", "a1c"]);
    assert_eq!(
        chat.messages[0].images,
        ["data:image/png;base64,iVBORw0KGgo="]
    );
    assert_eq!(chat.messages[0].versions.count(), 2);
    assert_eq!(chat.messages[0].versions.position(), 2);
    assert!(switch(&mut chat.messages, 0, Step::Previous));
    let shown: Vec<&str> = chat.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(shown, ["u1", "a1", "u2", "a2b"]);
    assert!(switch(&mut chat.messages, 3, Step::Previous));
    assert_eq!(chat.messages[3].content, "Rose.");
    assert_eq!(chat.messages[3].thinking, "One word.");
    // Saved and loaded again, every version is still there.
    let kv = MemoryKv::new();
    let store = Store::new(&kv);
    store
        .save_chat(&chat, std::slice::from_ref(&chat), None)
        .expect("saving works");
    let again = Store::new(&kv).load(2.0).conversations;
    assert_eq!(again, vec![chat]);
}

#[test]
fn v3_pin_folder_model_and_stored_images_load() {
    let chat = load_one(3, "organised.json", "c-organised");
    assert_eq!(chat.pinned_ms, Some(1_718_500_070_000.0));
    assert_eq!(chat.folder.as_deref(), Some("f-design"));
    assert_eq!(chat.params.model.as_deref(), Some("MiniMax-M3"));
    // A reference to the image store, and an image not moved there yet.
    assert_eq!(
        chat.messages[0].images,
        ["img:i-stored-1", "data:image/png;base64,iVBORw0KGgo="]
    );
    // Written back as it was read.
    let kv = MemoryKv::new();
    let store = Store::new(&kv);
    store
        .save_chat(&chat, std::slice::from_ref(&chat), None)
        .expect("saving works");
    assert_eq!(Store::new(&kv).load(2.0).conversations, vec![chat]);
}

#[test]
fn an_older_app_meeting_a_v3_record_keeps_it_read_only() {
    // What an app that knows version 2 would find: a record of version 3.
    let raw = read(3, "organised.json").replace("{\"v\":3,", "{\"v\":4,");
    let (chats, notices) = load_record("c-organised", &raw);
    assert!(chats.is_empty());
    assert!(
        notices.iter().any(|n| n.contains("newer version")),
        "{notices:?}"
    );
}
