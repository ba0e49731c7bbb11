//! The session controller: export and import, merging without duplicates,
//! and never overwriting a reply that streams.

mod session_support;

use minimax_chat::api::StreamPart;
use minimax_chat::session::{ExportScope, ImportJob};
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

/// Import `file` the way the page does, with no time to spare: one chat
/// per step. Returns the outcome and the progress lines seen.
fn import_in_slices(s: &mut Tab<'_>, file: &str) -> (Result<String, String>, Vec<String>) {
    match s.start_import(file.to_string()) {
        Ok(mut job) => finish_import(s, &mut job),
        Err(e) => (Err(e), Vec::new()),
    }
}

/// Step `job` to its end, a chat at a time: the outcome and the progress
/// lines seen.
fn finish_import(s: &mut Tab<'_>, job: &mut ImportJob) -> (Result<String, String>, Vec<String>) {
    let mut said = Vec::new();
    loop {
        if let Some(outcome) = s.import_step(job, 0.0) {
            return (outcome, said);
        }
        said.push(job.progress());
        assert!(said.len() < 10_000, "the import never ends");
    }
}

#[test]
fn an_import_in_slices_ends_as_one_in_one_go() {
    // The file: eight chats, two of which the importing browsers hold in
    // other versions (one shorter, one diverged).
    let w = World::new();
    let mut s = w.open();
    for n in 0..8 {
        exchange(&mut s, &format!("question {n}"), &format!("answer {n}"));
        s.new_chat();
    }
    let mut file_chats = s.chats_to_export(ExportScope::All);
    let mut older = file_chats[0].clone();
    older.messages.truncate(1);
    let mut diverged = file_chats[1].clone();
    diverged.messages[1].content = "another answer".into();
    diverged.updated_ms += 5.0;
    file_chats.push(file_chats[0].clone());
    let file = export_json(&file_chats, 0.0);
    let here = export_json(&[older, diverged], 0.0);

    let (one, sliced) = (World::new(), World::new());
    let (mut a, mut b) = (one.open(), sliced.open());
    a.import(&here).expect("imported");
    b.import(&here).expect("imported");
    let in_one_go = a.import(&file);
    let before = b.list("").len();
    let (in_slices, said) = import_in_slices(&mut b, &file);
    assert_eq!(in_slices, in_one_go);
    let said_once = in_one_go.expect("imported");
    assert!(said_once.starts_with("Imported 9 chats"), "{said_once}");
    let titles = |t: &Tab<'_>| {
        t.list("")
            .into_iter()
            .map(|item| item.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&b), titles(&a));
    assert_eq!(titles(&sliced.open()), titles(&one.open()), "as stored");
    assert!(titles(&b).len() > before);
    // Reading the file's nine chats, reading here, saving: a step each.
    assert!(said.len() >= 9 + 8, "{said:?}");
    assert!(
        said.iter()
            .any(|l| l.starts_with("Reading the file: 3 of 9")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|l| l.starts_with("Saving chats: 1 of")),
        "{said:?}"
    );
}

#[test]
fn a_reply_that_ends_while_an_import_saves_is_not_lost() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q1", "A1");
    // The file holds this chat continued elsewhere: it would replace ours.
    let mut longer = s.chats_to_export(ExportScope::Open);
    let mut more = longer[0].messages.clone();
    more[0].id = "q2".into();
    more[0].content = "Q2".into();
    more[1].id = "a2".into();
    more[1].content = "A2".into();
    longer[0].messages.extend(more);
    longer[0].updated_ms += 10.0;
    let mut import = s.start_import(export_json(&longer, 0.0)).expect("a file");
    while !import.progress().starts_with("Saving") {
        assert!(
            s.import_step(&mut import, 0.0).is_none(),
            "ended before saving"
        );
    }
    // After the merge, before the chat is written, a whole reply comes in
    // here (sent just before the dialog opened, or by another tab).
    exchange(&mut s, "Q3", "A3");
    let (outcome, _) = finish_import(&mut s, &mut import);
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(texts(&s), vec!["Q1", "A1", "Q3", "A3"]);
    assert_eq!(texts(&w.open()), vec!["Q1", "A1", "Q3", "A3"], "as stored");
    let titles: Vec<String> = s.list("").into_iter().map(|i| i.title).collect();
    assert_eq!(
        titles.len(),
        2,
        "the file's version kept beside it: {titles:?}"
    );
}

#[test]
fn nothing_changes_until_the_whole_file_is_read() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "one", "1");
    exchange(&mut s, "two", "2");
    let good = s.chats_to_export(ExportScope::All);
    let mut file = export_json(&[good[0].clone(), good[0].clone(), good[0].clone()], 0.0);
    // The last chat is cut short: not JSON.
    let cut = file.rfind("\"messages\"").expect("a chat");
    file.replace_range(cut.., "");
    let other = World::new();
    let mut t = other.open();
    exchange(&mut t, "mine", "kept");
    let before = t.list("").len();
    let (outcome, said) = import_in_slices(&mut t, &file);
    let why = outcome.expect_err("refused");
    assert!(
        why.contains("not JSON") && why.contains("Nothing was changed"),
        "{why}"
    );
    assert!(
        said.iter().all(|l| l.starts_with("Reading the file")),
        "{said:?}"
    );
    assert_eq!(t.list("").len(), before);
    assert_eq!(texts(&t), vec!["mine", "kept"]);
}
