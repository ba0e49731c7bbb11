//! Pinned chats and folders: the order of the list, what is kept across a
//! reload (from the index alone, before any chat is read), folder defaults
//! for new chats, search across folders, and export and import.

mod session_support;

use std::cell::Cell;

use minimax_chat::chat::ChatParams;
use minimax_chat::session::{Arranged, ExportScope, ManualEnv, Session};
use minimax_chat::store::transfer::export_json_with;
use minimax_chat::store::{KeyValue, MemoryKv, StoreError};
use serde_json::Value;
use session_support::*;

/// Chats "one", "two", "three" (made in that order, so listed three, two,
/// one); their ids.
fn three(w: &World) -> Vec<String> {
    let mut s = w.open();
    let mut ids = Vec::new();
    for text in ["one", "two", "three"] {
        s.new_chat();
        w.tick(10.0);
        ids.push(exchange(&mut s, text, &format!("{text}!")).chat_id);
    }
    ids
}

fn titles(items: &[minimax_chat::session::ListItem]) -> Vec<String> {
    items.iter().map(|i| i.title.clone()).collect()
}

fn arranged<K: KeyValue>(s: &Session<K, &ManualEnv>, query: &str) -> Arranged {
    s.arrange(&s.list(query))
}

/// The folders as (name, titles of their chats).
fn folder_titles(a: &Arranged) -> Vec<(String, Vec<String>)> {
    a.folders
        .iter()
        .map(|(f, items)| (f.name.clone(), titles(items)))
        .collect()
}

#[test]
fn pinned_chats_come_first_in_the_order_pinned_and_stay_so_after_a_reload() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    s.set_pinned(&ids[0], true);
    w.tick(5.0);
    s.set_pinned(&ids[2], true);
    let a = arranged(&s, "");
    assert_eq!(titles(&a.pinned), ["one", "three"]);
    assert_eq!(titles(&a.loose), ["two"]);
    assert!(
        s.list("")
            .iter()
            .find(|i| i.id == ids[0])
            .is_some_and(|i| i.pinned)
    );

    // A new tab reads the index and the open chat only: the pins come
    // from the index entries.
    let again = w.open();
    assert!(!again.all_read(), "start-up read every chat");
    let a = arranged(&again, "");
    assert_eq!(titles(&a.pinned), ["one", "three"]);
    assert_eq!(titles(&a.loose), ["two"]);
}

#[test]
fn pinning_does_not_make_a_chat_newer_and_unpinning_puts_it_back() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    s.set_pinned(&ids[0], true);
    s.set_pinned(&ids[0], true);
    assert_eq!(titles(&arranged(&s, "").loose), ["three", "two"]);
    s.set_pinned(&ids[0], false);
    let a = arranged(&s, "");
    assert!(a.pinned.is_empty());
    assert_eq!(titles(&a.loose), ["three", "two", "one"]);
    assert_eq!(
        titles(&arranged(&w.open(), "").loose),
        ["three", "two", "one"]
    );
}

#[test]
fn folders_are_made_renamed_collapsed_and_kept() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    let work = s.create_folder("  Work ");
    let home = s.create_folder("");
    s.rename_folder(&home, "Home\nstuff");
    s.move_chat(&ids[0], Some(&work));
    s.move_chat(&ids[1], Some(&work));
    s.move_chat(&ids[2], Some(&home));
    s.set_folder_collapsed(&work, true);
    let a = arranged(&s, "");
    assert_eq!(
        folder_titles(&a),
        [
            (
                "Work".to_string(),
                vec!["two".to_string(), "one".to_string()]
            ),
            ("Home stuff".to_string(), vec!["three".to_string()]),
        ]
    );
    assert!(a.loose.is_empty());

    let again = w.open();
    assert!(!again.all_read());
    let a = arranged(&again, "");
    assert_eq!(folder_titles(&a)[0].1, ["two", "one"]);
    assert!(a.folders[0].0.collapsed);
    assert!(!a.folders[1].0.collapsed);
}

#[test]
fn a_chat_moves_between_folders_and_out_and_a_pinned_one_stays_first() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    let a_folder = s.create_folder("A");
    let b_folder = s.create_folder("B");
    s.move_chat(&ids[1], Some(&a_folder));
    s.move_chat(&ids[1], Some(&b_folder));
    assert_eq!(folder_titles(&arranged(&s, ""))[1].1, ["two"]);
    s.move_chat(&ids[1], Some("no such folder"));
    assert_eq!(titles(&arranged(&s, "").loose), ["three", "two", "one"]);
    // Pinned wins over its folder; unpinned, it is back in the folder.
    s.move_chat(&ids[2], Some(&a_folder));
    s.set_pinned(&ids[2], true);
    let a = arranged(&s, "");
    assert_eq!(titles(&a.pinned), ["three"]);
    assert!(a.folders[0].1.is_empty());
    s.set_pinned(&ids[2], false);
    assert_eq!(folder_titles(&arranged(&s, ""))[0].1, ["three"]);
}

#[test]
fn deleting_a_folder_moves_its_chats_out_and_deletes_none() {
    let w = World::new();
    let ids = three(&w);
    let folder = {
        let mut s = w.open();
        let f = s.create_folder("Old");
        s.move_chat(&ids[0], Some(&f));
        s.move_chat(&ids[1], Some(&f));
        f
    };
    // A fresh tab: the chats in the folder are not read yet.
    let mut s = w.open();
    assert!(!s.all_read());
    s.delete_folder(&folder);
    let a = arranged(&s, "");
    assert!(a.folders.is_empty());
    assert_eq!(titles(&a.loose), ["three", "two", "one"]);
    assert_eq!(s.storage_error(), None);
    let again = w.open();
    assert!(again.folders().is_empty());
    assert_eq!(titles(&arranged(&again, "").loose), ["three", "two", "one"]);
}

/// Storage whose writes can be switched off.
struct Refusing<'a> {
    inner: &'a MemoryKv,
    refuse: Cell<bool>,
}

impl KeyValue for Refusing<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.refuse.get() {
            return Err(StoreError::Quota);
        }
        self.inner.set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }
}

#[test]
fn a_folder_that_cannot_empty_itself_is_kept() {
    let w = World::new();
    let ids = three(&w);
    let f = {
        let mut s = w.open();
        let f = s.create_folder("Keep");
        s.move_chat(&ids[1], Some(&f));
        f
    };
    let kv = Refusing {
        inner: &w.local,
        refuse: Cell::new(false),
    };
    let tab = Refusing {
        inner: &w.tab,
        refuse: Cell::new(false),
    };
    let mut s = Session::load(&kv, &tab, &w.env, "example.org");
    kv.refuse.set(true);
    s.delete_folder(&f);
    assert!(s.storage_error().is_some());
    assert_eq!(
        s.folders().len(),
        1,
        "the folder stays while a chat is in it"
    );
    assert_eq!(folder_titles(&arranged(&w.open(), ""))[0].1, ["two"]);
}

#[test]
fn a_new_chat_in_a_folder_starts_with_its_model_and_system_prompt() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "first", "ok");
    let f = s.create_folder("Code");
    s.set_folder_defaults(&f, Some("MiniMax-M2.5".into()), "Answer in Rust.");
    s.new_chat_in(&f);
    assert_eq!(s.model(), "MiniMax-M2.5");
    assert_eq!(s.params().system_prompt, "Answer in Rust.");
    let job = send(&mut s, "sort a vec");
    let body: Value = minimax_chat::json::parse_value(&job.body).expect("json body");
    assert_eq!(body["model"], "MiniMax-M2.5");
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][0]["content"], "Answer in Rust.");
    answer(&mut s, &job, "t", "use sort()");
    let a = arranged(&s, "");
    assert_eq!(folder_titles(&a)[0].1, ["sort a vec"]);

    // After a reload it still uses the folder's model; a plain New chat
    // starts from the defaults.
    let mut again = w.open();
    assert_eq!(again.model(), "MiniMax-M2.5");
    again.new_chat();
    assert_eq!(again.params(), ChatParams::default());
    assert_eq!(again.model(), again.settings().model);
}

#[test]
fn new_chat_in_a_folder_reuses_an_empty_chat_and_new_chat_takes_it_out() {
    let w = World::new();
    let mut s = w.open();
    let f = s.create_folder("F");
    s.set_folder_defaults(&f, None, "Be brief.");
    let empty = s.open_id().to_string();
    s.new_chat_in(&f);
    assert_eq!(s.open_id(), empty);
    assert_eq!(s.params().system_prompt, "Be brief.");
    s.new_chat();
    assert_eq!(s.open_id(), empty);
    assert_eq!(s.params(), ChatParams::default());
    let job = send(&mut s, "loose");
    answer(&mut s, &job, "", "ok");
    assert_eq!(titles(&arranged(&s, "").loose), ["loose"]);
}

#[test]
fn a_new_chat_in_a_folder_keeps_the_defaults_for_what_the_folder_does_not_set() {
    let w = World::new();
    let mut s = w.open();
    s.update_defaults(|p| {
        p.temperature = 0.3;
        p.system_prompt = "Be brief.".into();
    });
    let with_prompt = s.create_folder("Code");
    s.set_folder_defaults(&with_prompt, None, "Answer in Rust.");
    s.new_chat_in(&with_prompt);
    assert_eq!(s.params().temperature, 0.3);
    assert_eq!(s.params().system_prompt, "Answer in Rust.");
    let plain = s.create_folder("Plain");
    s.new_chat_in(&plain);
    assert_eq!(s.params().system_prompt, "Be brief.");
    // Taken out again by New chat: the defaults, not MiniMax's.
    s.new_chat();
    assert_eq!(s.params(), s.settings().chat_defaults);
}

#[test]
fn choosing_a_model_in_settings_replaces_the_folder_model_of_the_open_chat() {
    let w = World::new();
    let mut s = w.open();
    let f = s.create_folder("F");
    s.set_folder_defaults(&f, Some("MiniMax-M2.5".into()), "");
    s.new_chat_in(&f);
    exchange(&mut s, "q", "a");
    s.update_settings(|st| st.model = "MiniMax-M2.7".into());
    assert_eq!(s.model(), "MiniMax-M2.7");
    assert_eq!(w.open().model(), "MiniMax-M2.7");
}

#[test]
fn search_finds_chats_in_every_folder_collapsed_or_not() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    let f = s.create_folder("Hidden");
    s.move_chat(&ids[0], Some(&f));
    s.set_folder_collapsed(&f, true);
    let a = arranged(&s, "one!");
    assert_eq!(
        folder_titles(&a),
        [("Hidden".to_string(), vec!["one".to_string()])]
    );
    assert!(a.loose.is_empty() && a.pinned.is_empty());
}

#[test]
fn export_and_import_keep_pins_and_folders() {
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    let f = s.create_folder("Trip");
    s.set_folder_defaults(&f, Some("MiniMax-M2.5".into()), "Plan.");
    s.move_chat(&ids[1], Some(&f));
    s.set_pinned(&ids[2], true);
    let chats = s.chats_to_export(ExportScope::All);
    let extras = s.export_extras(ExportScope::All, &chats);
    assert_eq!(extras.folders.len(), 1);
    let file = export_json_with(&chats, &extras, 1.0);

    let other = World::new();
    let mut t = other.open();
    let said = t.import(&file).expect("imported");
    assert!(said.contains("Added 1 folder"), "{said}");
    let a = arranged(&t, "");
    assert_eq!(titles(&a.pinned), ["three"]);
    assert_eq!(
        folder_titles(&a),
        [("Trip".to_string(), vec!["two".to_string()])]
    );
    assert_eq!(a.folders[0].0.model.as_deref(), Some("MiniMax-M2.5"));
    // Twice: nothing more.
    let said = t.import(&file).expect("imported again");
    assert!(!said.contains("Added"), "{said}");
    assert_eq!(other.open().folders().len(), 1);

    // One chat alone carries its folder only.
    s.open_chat(&ids[0]);
    let one = s.chats_to_export(ExportScope::Open);
    assert!(s.export_extras(ExportScope::Open, &one).folders.is_empty());
    s.open_chat(&ids[1]);
    let one = s.chats_to_export(ExportScope::Open);
    assert_eq!(s.export_extras(ExportScope::Open, &one).folders.len(), 1);
}

#[test]
fn rows_hide_a_collapsed_folder_and_a_search_opens_the_folders_it_matches() {
    use minimax_chat::session::ListRow;
    let w = World::new();
    let ids = three(&w);
    let mut s = w.open();
    // No folders, no pins: the plain list.
    assert!(
        arranged(&s, "")
            .rows(false)
            .iter()
            .all(|r| matches!(r, ListRow::Chat { nested: false, .. }))
    );
    let f = s.create_folder("F");
    let g = s.create_folder("G");
    s.move_chat(&ids[0], Some(&f));
    s.set_pinned(&ids[2], true);
    s.set_folder_collapsed(&f, true);
    let shape = |rows: Vec<ListRow>| -> Vec<String> {
        rows.into_iter()
            .map(|r| match r {
                ListRow::PinnedHeading => "Pinned".to_string(),
                ListRow::LooseHeading => "Chats".to_string(),
                ListRow::Folder {
                    folder,
                    count,
                    open,
                } => {
                    format!(
                        "{} {count} {}",
                        folder.name,
                        if open { "open" } else { "closed" }
                    )
                }
                ListRow::Chat { item, nested } => {
                    format!("{}{}", if nested { "  " } else { "" }, item.title)
                }
            })
            .collect()
    };
    assert_eq!(
        shape(arranged(&s, "").rows(false)),
        ["Pinned", "three", "F 1 closed", "G 0 open", "Chats", "two"]
    );
    assert_eq!(shape(arranged(&s, "one").rows(true)), ["F 1 open", "  one"]);
    s.set_folder_collapsed(&f, false);
    s.delete_folder(&g);
    assert_eq!(
        shape(arranged(&s, "").rows(false)),
        ["Pinned", "three", "F 1 open", "  one", "Chats", "two"]
    );
}

#[test]
fn picking_the_model_settings_already_has_takes_a_folder_chat_off_its_folder_model() {
    let w = World::new();
    let mut s = w.open();
    let settings_model = s.settings().model.clone();
    let f = s.create_folder("F");
    s.set_folder_defaults(&f, Some("MiniMax-M2.5".into()), "");
    s.new_chat_in(&f);
    assert_eq!(s.model(), "MiniMax-M2.5");
    s.choose_model(settings_model.clone());
    assert_eq!(s.model(), settings_model);
}

#[test]
fn the_context_meter_follows_the_model_the_chat_sends_to() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.model = "MiniMax-M3".into());
    let f = s.create_folder("F");
    s.set_folder_defaults(&f, Some("MiniMax-M2.7".into()), "");
    s.new_chat_in(&f);
    let m3 = minimax_chat::chat::catalogue::model_info("MiniMax-M3").map(|m| m.context);
    let m27 = minimax_chat::chat::catalogue::model_info("MiniMax-M2.7").map(|m| m.context);
    assert_ne!(m3, m27, "the test needs two windows");
    assert_eq!(s.context_window(), m27);
}
