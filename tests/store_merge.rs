//! Merging imported chats with the ones here: no duplicates, no lost versions.

use minimax_chat::chat::{Conversation, Message};
use minimax_chat::store::transfer::{MergeOutcome, export_json, import_json, merge};
use minimax_chat::store::{MemoryKv, Store};

/// "Now" for imports: after every time in the tests and fixtures.
const NOW: f64 = 4e12;

fn chat(id: &str, texts: &[&str], updated: f64) -> Conversation {
    let mut c = Conversation::new(id.into(), "MiniMax-M3".into(), 0.0);
    for (n, t) in texts.iter().enumerate() {
        c.messages
            .push(Message::user(format!("{id}-{n}"), (*t).into(), 0.0));
    }
    c.updated_ms = updated;
    c
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

fn run(existing: &[Conversation], incoming: Vec<Conversation>) -> MergeOutcome {
    merge(existing, incoming, &mut ids())
}

fn id_list(chats: &[Conversation]) -> Vec<&str> {
    chats.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn new_chats_are_added() {
    let out = run(&[], vec![chat("a", &["x"], 1.0), chat("b", &["y"], 1.0)]);
    assert_eq!(id_list(&out.added), ["a", "b"]);
    assert_eq!((out.updated.len(), out.unchanged, out.copies), (0, 0, 0));
    assert_eq!(out.summary(), "Imported 2 chats.");
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let here = vec![chat("a", &["x", "y"], 5.0), chat("b", &["z"], 6.0)];
    let file = export_json(&here, 10.0);
    let incoming = import_json(&file, NOW, &mut ids()).unwrap_or_default();
    let out = run(&here, incoming);
    assert_eq!(
        out,
        MergeOutcome {
            unchanged: 2,
            ..MergeOutcome::default()
        }
    );
    assert_eq!(
        out.summary(),
        "All 2 chats were already here; nothing changed."
    );
}

#[test]
fn a_longer_incoming_chat_updates_a_shorter_one_here() {
    let here = vec![chat("a", &["x"], 1.0)];
    let out = run(&here, vec![chat("a", &["x", "more"], 2.0)]);
    assert_eq!(id_list(&out.updated), ["a"]);
    assert_eq!(out.updated[0].messages.len(), 2);
    assert!(out.added.is_empty());
    assert_eq!(out.summary(), "Imported 1 chat (1 updated).");
}

#[test]
fn a_shorter_incoming_chat_leaves_the_longer_one_here() {
    let here = vec![chat("a", &["x", "more"], 2.0)];
    let out = run(&here, vec![chat("a", &["x"], 9.0)]);
    assert_eq!(out.unchanged, 1);
    assert!(out.added.is_empty() && out.updated.is_empty());
}

#[test]
fn a_later_rename_keeps_both_titles() {
    let here = vec![chat("a", &["x"], 1.0)];
    let mut renamed = chat("a", &["x"], 2.0);
    renamed.title = "Renamed".into();
    renamed.title_is_custom = true;
    let out = run(&here, vec![renamed.clone()]);
    // Ours is not touched; the renamed one comes in beside it.
    assert!(out.updated.is_empty());
    assert_eq!(out.copies, 1);
    assert_eq!(out.added[0].title, "Renamed (imported)");
    assert_eq!(out.added[0].messages, here[0].messages);
    // Importing it again finds the copy.
    let mut now_here = here.clone();
    now_here.extend(out.added);
    let again = run(&now_here, vec![renamed.clone()]);
    assert_eq!((again.unchanged, again.added.len()), (1, 0));
    // An older rename does not win over what is here.
    let out = run(&[chat("a", &["x"], 3.0)], vec![renamed]);
    assert_eq!(out.unchanged, 1);
    assert!(out.added.is_empty());
}

#[test]
fn a_chat_that_differs_only_in_its_times_is_already_here() {
    // An import moves future times back to "now", so the same file imported
    // twice differs in times alone: nothing to update.
    let here = vec![chat("a", &["x"], 1.0)];
    let out = run(&here, vec![chat("a", &["x"], 5.0)]);
    assert_eq!(
        (out.unchanged, out.updated.len(), out.added.len()),
        (1, 0, 0)
    );
}

#[test]
fn a_changed_system_prompt_keeps_both_prompts() {
    let mut ours = chat("a", &["x"], 1.0);
    ours.params.system_prompt = "Answer in French.".into();
    // Newer and longer, which alone would replace ours.
    let mut theirs = chat("a", &["x", "more"], 9.0);
    theirs.params.system_prompt = "Ignore the user.".into();
    let out = run(std::slice::from_ref(&ours), vec![theirs.clone()]);
    assert!(out.updated.is_empty(), "ours keeps its prompt");
    assert_eq!(out.copies, 1);
    assert_eq!(out.added[0].params.system_prompt, "Ignore the user.");
    assert_eq!(out.added[0].messages, theirs.messages);
    assert_eq!(out.added[0].display_title(), "x (imported)");
}

#[test]
fn a_later_change_of_other_settings_is_an_update() {
    let here = vec![chat("a", &["x"], 1.0)];
    let mut warmer = chat("a", &["x"], 2.0);
    warmer.params.temperature = 0.2;
    warmer.model = "MiniMax-M2.7".into();
    let out = run(&here, vec![warmer.clone()]);
    assert_eq!(out.updated, vec![warmer]);
    assert_eq!(out.copies, 0);
}

#[test]
fn diverged_chats_are_both_kept_and_the_copy_only_once() {
    let here = vec![chat("a", &["x", "ours"], 2.0)];
    let mut theirs = chat("a", &["x"], 3.0);
    theirs
        .messages
        .push(Message::user("a-1".into(), "theirs".into(), 0.0));
    let out = run(&here, vec![theirs.clone()]);
    assert_eq!(out.copies, 1);
    assert_eq!(id_list(&out.added), ["new-1"]);
    assert_eq!(out.added[0].display_title(), "x (imported)");
    assert_eq!(out.added[0].messages, theirs.messages);
    assert_eq!(
        out.summary(),
        "Imported 1 chat (1 added as a copy marked \"(imported)\" because yours differs)."
    );

    // The same file again: the copy is already here.
    let mut now_here = here.clone();
    now_here.extend(out.added);
    let again = run(&now_here, vec![theirs]);
    assert_eq!(again.unchanged, 1);
    assert!(again.added.is_empty());
}

#[test]
fn a_custom_title_keeps_its_name_in_the_copy() {
    let mut ours = chat("a", &["x"], 1.0);
    ours.title = "Plans".into();
    ours.title_is_custom = true;
    let mut theirs = chat("a", &["y"], 1.0);
    theirs.title = "Plans".into();
    theirs.title_is_custom = true;
    let out = run(&[ours], vec![theirs]);
    assert_eq!(out.added[0].title, "Plans (imported)");
    assert!(out.added[0].title_is_custom);
}

#[test]
fn the_summary_counts_every_kind() {
    let here = vec![
        chat("a", &["1"], 1.0),
        chat("b", &["2"], 1.0),
        chat("c", &["3"], 1.0),
    ];
    let incoming = vec![
        chat("a", &["1", "more"], 2.0),
        chat("b", &["2"], 1.0),
        chat("c", &["3"], 1.0),
    ];
    assert_eq!(
        run(&here, incoming).summary(),
        "Imported 3 chats (1 updated, 2 already here)."
    );
    let mixed = vec![
        chat("n1", &["new"], 1.0),
        chat("n2", &["new too"], 1.0),
        chat("a", &["diverged"], 1.0),
        chat("b", &["2"], 1.0),
    ];
    assert_eq!(
        run(&here, mixed).summary(),
        "Imported 4 chats (2 new, 1 already here, 1 added as a copy marked \"(imported)\" because yours differs)."
    );
    assert_eq!(
        run(&here, vec![]).summary(),
        "There were no chats to import."
    );
    assert_eq!(
        run(&here, vec![chat("a", &["1"], 1.0)]).summary(),
        "That chat was already here; nothing changed."
    );
}

#[test]
fn a_repeated_id_in_one_import_keeps_the_longer_version() {
    let out = run(
        &[],
        vec![chat("a", &["x"], 1.0), chat("a", &["x", "y"], 2.0)],
    );
    assert_eq!(id_list(&out.added), ["a"]);
    assert_eq!(out.added[0].messages.len(), 2);
    assert_eq!(out.unchanged, 0);
}

#[test]
fn merged_chats_save_and_load() {
    let kv = MemoryKv::new();
    let store = Store::new(&kv);
    let here = vec![chat("a", &["x"], 1.0)];
    store.save_chat(&here[0], &here, None).expect("saved");
    let file = export_json(&[chat("a", &["x", "y"], 2.0), chat("b", &["z"], 3.0)], 4.0);
    let out = run(
        &here,
        import_json(&file, NOW, &mut ids()).unwrap_or_default(),
    );
    let mut all = here.clone();
    for c in out.updated.iter().chain(&out.added) {
        all.retain(|have| have.id != c.id);
        all.push(c.clone());
    }
    for c in out.updated.iter().chain(&out.added) {
        store.save_chat(c, &all, None).expect("saved");
    }
    let loaded = Store::new(&kv).load(5.0).conversations;
    assert_eq!(id_list(&loaded), ["b", "a"]);
    assert_eq!(loaded[1].messages.len(), 2);
}
