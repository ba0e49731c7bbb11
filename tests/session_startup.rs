//! The session controller's start-up: it reads the index and the open
//! chat, not every stored chat; the rest are read when needed (opening,
//! search, export, import, delete) or a few at a time, with the same fault
//! handling as a full load.

mod session_support;

use minimax_chat::chat::search::Snippet;

use std::cell::RefCell;

use minimax_chat::session::{ExportScope, ManualEnv, Session};
use minimax_chat::store::layout::CHAT_PREFIX;
use minimax_chat::store::{KeyValue, MemoryKv, Store, StoreError};
use session_support::*;

/// Storage that notes every chat record read.
struct Counting<'a> {
    inner: &'a MemoryKv,
    chat_reads: RefCell<Vec<String>>,
}

impl KeyValue for Counting<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if let Some(id) = key.strip_prefix(CHAT_PREFIX) {
            self.chat_reads.borrow_mut().push(id.to_string());
        }
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
}

/// `n` chats "chat 0" … "chat n-1" (the last one open), written by a tab.
fn history(w: &World, n: usize) -> Vec<String> {
    let mut s = w.open();
    let mut ids = Vec::new();
    for i in 0..n {
        s.new_chat();
        w.tick(10.0);
        ids.push(
            exchange(
                &mut s,
                &format!("chat {i}"),
                &format!("answer {i} with pepper"),
            )
            .chat_id,
        );
    }
    ids
}

fn counting(w: &World) -> Counting<'_> {
    counting_over(&w.local)
}

fn counting_over(kv: &MemoryKv) -> Counting<'_> {
    Counting {
        inner: kv,
        chat_reads: RefCell::new(Vec::new()),
    }
}

#[test]
fn start_up_reads_only_the_open_chat_and_lists_them_all() {
    let w = World::new();
    let ids = history(&w, 30);
    let (kv, tab_kv, env) = (counting(&w), MemoryKv::new(), ManualEnv::at(2e6));
    let tab = counting_over(&tab_kv);
    let s = Session::load(&kv, &tab, &env, "example.org");
    assert_eq!(
        *kv.chat_reads.borrow(),
        vec![ids[29].clone()],
        "only the open chat is read"
    );
    assert_eq!(s.open_id(), ids[29]);
    let listed = s.list("");
    assert_eq!(listed.len(), 30);
    assert_eq!(listed[0].title, "chat 29");
    assert_eq!(listed[29].title, "chat 0");
    assert!(!s.all_read());
}

#[test]
fn opening_a_chat_reads_it_then() {
    let w = World::new();
    let ids = history(&w, 5);
    let (kv, tab_kv, env) = (counting(&w), MemoryKv::new(), ManualEnv::at(2e6));
    let tab = counting_over(&tab_kv);
    let mut s = Session::load(&kv, &tab, &env, "example.org");
    s.open_chat(&ids[1]);
    assert!(kv.chat_reads.borrow().contains(&ids[1]));
    assert_eq!(s.current().unwrap().messages[0].content, "chat 1");
}

#[test]
fn search_matches_titles_first_and_contents_once_read() {
    let w = World::new();
    history(&w, 6);
    let mut s = w.open();
    assert_eq!(s.list("chat 3").len(), 1, "titles are in the index");
    assert_eq!(
        s.list("pepper").len(),
        1,
        "only the open chat's text is known yet"
    );
    while s.read_more(0.0) {}
    assert!(s.all_read());
    assert_eq!(
        s.list("pepper").len(),
        6,
        "the search refines as chats are read"
    );
}

#[test]
fn storage_use_is_a_floor_until_every_chat_is_read() {
    let w = World::new();
    history(&w, 5);
    let full = w.open();
    let mut s = w.open();
    let at_start = s.usage();
    assert!(at_start.partial, "four chats are not measured yet");
    while s.read_more(0.0) {
        assert!(s.usage().partial);
    }
    let read = s.usage();
    assert!(!read.partial);
    assert!(
        read.chats > at_start.chats,
        "the chats read since are counted"
    );
    // What a session that has read everything measures.
    let mut all = full;
    while all.read_more(0.0) {}
    assert_eq!(read, all.usage());
    assert_eq!(
        read.total(),
        Store::new(&w.local).usage().expect("readable").total()
    );
}

#[test]
fn reading_in_slices_reads_at_least_one_each_time_and_keeps_the_order() {
    let w = World::new();
    history(&w, 4);
    let mut s = w.open();
    let before: Vec<String> = s.list("").into_iter().map(|i| i.id).collect();
    let mut slices = 0;
    while s.read_more(0.0) {
        slices += 1;
    }
    assert_eq!(slices, 2, "three unread chats, one per slice");
    let after: Vec<String> = s.list("").into_iter().map(|i| i.id).collect();
    assert_eq!(before, after);
}

#[test]
fn a_damaged_chat_is_found_when_read_kept_aside_and_announced() {
    let w = World::new();
    let ids = history(&w, 3);
    w.local
        .set(&format!("{CHAT_PREFIX}{}", ids[0]), "{not json")
        .unwrap();
    let mut s = w.open();
    assert_eq!(s.list("").len(), 3, "listed from the index until read");
    assert!(s.notices().is_empty());
    s.read_all();
    assert_eq!(s.list("").len(), 2);
    assert!(
        !s.usage().partial,
        "a chat that cannot be read is not left to count"
    );
    assert!(s.notices().iter().any(|n| n.contains("could not be read")));
    assert_eq!(s.backup_keys().len(), 1);
    assert_eq!(
        w.local
            .get(&format!("{CHAT_PREFIX}{}", ids[0]))
            .unwrap()
            .as_deref(),
        Some("{not json"),
        "the original stays"
    );
}

#[test]
fn a_chat_the_index_lost_is_recovered_at_start() {
    let w = World::new();
    let ids = history(&w, 2);
    // The index is written after the chat; a crash between leaves an orphan.
    w.local
        .set("mmchat:index", "{\"v\":2,\"chats\":[]}")
        .unwrap();
    let s = w.open();
    let listed: Vec<String> = s.list("").into_iter().map(|i| i.id).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&ids[0]) && listed.contains(&ids[1]));
    assert!(s.notices().iter().any(|n| n.contains("Recovered 2")));
}

#[test]
fn delete_undo_rename_and_export_reach_chats_not_read_yet() {
    let w = World::new();
    let ids = history(&w, 4);
    let mut s = w.open();
    s.rename_chat(&ids[0], "Oldest");
    assert!(s.list("").iter().any(|i| i.title == "Oldest"));
    s.delete_chat(&ids[1]);
    s.undo_delete();
    let mut again = w.open();
    assert!(again.list("").iter().any(|i| i.title == "Oldest"));
    again.open_chat(&ids[1]);
    assert_eq!(
        texts(&again),
        vec!["chat 1", "answer 1 with pepper"],
        "undo brought it back whole"
    );
    let exported = w.open().chats_to_export(ExportScope::All);
    assert_eq!(exported.len(), 4);
    assert!(exported.iter().all(|c| c.messages.len() == 2));
}

#[test]
fn import_sees_every_chat_so_nothing_is_duplicated() {
    let w = World::new();
    history(&w, 3);
    let file = minimax_chat::store::transfer::export_json(
        &w.open().chats_to_export(ExportScope::All),
        0.0,
    );
    let mut s = w.open();
    let said = s.import(&file).unwrap();
    assert!(said.contains("already here"), "{said}");
    assert_eq!(w.open().list("").len(), 3);
}

#[test]
fn a_search_in_slices_finds_what_a_whole_search_finds_in_list_order() {
    use minimax_chat::session::SearchRun;
    let w = World::new();
    history(&w, 7);
    let mut s = w.open();
    s.read_all();
    let whole = s.list("pepper 3");
    let mut run = SearchRun::new("pepper 3");
    let mut slices = 1;
    while s.search_some(&mut run, 0.0) {
        slices += 1;
    }
    assert_eq!(slices, 7, "one chat per slice with no time to spare");
    assert_eq!(run.hits(), whole.as_slice());
    assert_eq!(whole.len(), 1);
    assert!(
        whole[0]
            .snippet
            .as_ref()
            .map(Snippet::as_str)
            .unwrap()
            .contains("answer 3")
    );
}
