//! The session controller: export and import, merging without duplicates,
//! and never overwriting a reply that streams.

mod session_support;

use minimax_chat::api::StreamPart;
use minimax_chat::session::ExportScope;
use minimax_chat::store::transfer::{export_json, export_json_with};
use session_support::*;

#[test]
fn export_then_import_into_another_browser_brings_every_chat() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "one", "1");
    s.new_chat();
    exchange(&mut s, "two", "2");
    s.new_chat();
    assert_eq!(
        s.chats_to_export(ExportScope::All).len(),
        2,
        "the empty chat is left out"
    );
    assert_eq!(s.chats_to_export(ExportScope::Open).len(), 0);
    let file = export_json(&s.chats_to_export(ExportScope::All), 0.0);

    let other = World::new();
    let mut t = other.open();
    let said = t.import(&file).unwrap();
    assert!(said.contains('2'), "{said}");
    assert_eq!(t.list("").len(), 2);
    assert_eq!(other.open().list("").len(), 2);
    let again = t.import(&file).unwrap();
    assert!(again.contains("already here"), "{again}");
    assert_eq!(t.list("").len(), 2);
}

#[test]
fn a_bad_file_changes_nothing_and_says_so() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "one", "1");
    let why = s.import("{not json").unwrap_err();
    assert!(why.contains("Nothing was changed"), "{why}");
    assert_eq!(s.list("").len(), 1);
}

#[test]
fn importing_the_open_chat_updates_what_is_shown() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "A");
    let mut longer = s.chats_to_export(ExportScope::Open);
    let mut extra = longer[0].messages[0].clone();
    extra.id = "later".into();
    extra.content = "a later question".into();
    longer[0].messages.push(extra);
    longer[0].updated_ms += 10.0;
    s.take_changes();
    s.import(&export_json(&longer, 0.0)).unwrap();
    assert!(s.take_changes().thread);
    assert_eq!(texts(&s), vec!["Q", "A", "a later question"]);
}

#[test]
fn an_import_never_overwrites_the_reply_that_streams() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    let mut copy = s.chats_to_export(ExportScope::Open);
    copy[0].messages[1].content = "imported text".into();
    copy[0].messages[1].status = minimax_chat::chat::Status::Done;
    copy[0].updated_ms += 10.0;
    s.import(&export_json(&copy, 0.0)).unwrap();
    s.reply_parts(&job, vec![StreamPart::Answer("live".into())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    assert_eq!(texts(&s), vec!["Q", "live"]);
}

#[test]
fn a_folder_with_an_unsafe_id_arrives_made_safe_and_keeps_its_chats() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "filed", "ok");
    let folder = s.create_folder("Work");
    let id = s.open_id().to_string();
    s.move_chat(&id, Some(&folder));
    let chats = s.chats_to_export(ExportScope::All);
    let extras = s.export_extras(ExportScope::All, &chats);
    let file = export_json_with(&chats, &extras, 0.0)
        .replace(&format!("\"{folder}\""), "\"../../mmchat:index\"");
    assert!(file.contains("../../mmchat:index"), "{file}");

    let other = World::new();
    let mut t = other.open();
    t.import(&file).expect("imported");
    let safe = t.folders()[0].id.clone();
    assert!(
        safe.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{safe}"
    );
    let arranged = t.arrange(&t.list(""));
    assert_eq!(arranged.folders[0].1.len(), 1, "the chat is still in it");
}

/// localStorage that counts how many characters of stored chats are read.
struct CountingKv {
    inner: minimax_chat::store::MemoryKv,
    chat_chars_read: std::cell::Cell<usize>,
    index_writes: std::cell::Cell<usize>,
}

impl minimax_chat::store::KeyValue for CountingKv {
    fn get(&self, key: &str) -> Result<Option<String>, minimax_chat::store::StoreError> {
        let value = self.inner.get(key)?;
        if key.starts_with("mmchat:chat:") {
            let read = value.as_ref().map_or(0, String::len);
            self.chat_chars_read.set(self.chat_chars_read.get() + read);
        }
        Ok(value)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), minimax_chat::store::StoreError> {
        if key == "mmchat:index" {
            self.index_writes.set(self.index_writes.get() + 1);
        }
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), minimax_chat::store::StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, minimax_chat::store::StoreError> {
        self.inner.keys()
    }
}

#[test]
fn an_import_reads_back_no_more_than_it_writes() {
    // A file of 120 chats of about 2 KB each.
    let w = World::new();
    let mut s = w.open();
    for n in 0..120 {
        exchange(
            &mut s,
            &format!("question {n} {}", "x".repeat(2_000)),
            "answer",
        );
        s.new_chat();
    }
    let file = export_json(&s.chats_to_export(ExportScope::All), 0.0);

    let local = CountingKv {
        inner: minimax_chat::store::MemoryKv::new(),
        chat_chars_read: std::cell::Cell::new(0),
        index_writes: std::cell::Cell::new(0),
    };
    let tab = CountingKv {
        inner: minimax_chat::store::MemoryKv::new(),
        chat_chars_read: std::cell::Cell::new(0),
        index_writes: std::cell::Cell::new(0),
    };
    let mut t = minimax_chat::session::Session::load(&local, &tab, &w.env, "example.org");
    let index_writes = local.index_writes.get();
    t.import(&file).expect("imported");
    // The index is written once for the whole import, not once per chat.
    assert!(
        local.index_writes.get() - index_writes <= 2,
        "{} index writes",
        local.index_writes.get() - index_writes
    );
    assert_eq!(t.list("").len(), 120);
    // Each save once checked every listed chat was still stored, reading
    // the whole history back per chat written (120 × 120 records here).
    let read = local.chat_chars_read.get();
    assert!(
        read <= file.len(),
        "read {read} characters of chats for a {}-character file",
        file.len()
    );
}
