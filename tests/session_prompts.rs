//! The prompt library: the starters, saving and deleting prompts (kept
//! across a reload), and prompts going out and in with an export.

mod session_support;

use minimax_chat::chat::prompts::{fill, matching, starters, variables};
use minimax_chat::session::ExportScope;
use minimax_chat::store::KeyValue;
use minimax_chat::store::library::PROMPTS_KEY;
use minimax_chat::store::transfer::export_json_with;
use session_support::*;

fn names(s: &Tab<'_>) -> Vec<String> {
    s.prompts().iter().map(|p| p.name.clone()).collect()
}

#[test]
fn a_new_library_is_the_starters_and_nothing_is_stored_until_a_change() {
    let w = World::new();
    let s = w.open();
    assert_eq!(s.prompts(), starters().as_slice());
    assert_eq!(w.local.get(PROMPTS_KEY).ok().flatten(), None);
}

#[test]
fn prompts_are_saved_changed_and_deleted_and_a_deleted_starter_stays_deleted() {
    let w = World::new();
    let mut s = w.open();
    let id = s.save_prompt(None, " Standup\n", "Yesterday: {{done}}\nToday: {{plan}}");
    assert_eq!(names(&s).last().map(String::as_str), Some("Standup"));
    let same = s.save_prompt(Some(&id), "Standup notes", "Yesterday: {{done}}");
    assert_eq!(same, id);
    s.delete_prompt("starter-proofread");
    let again = w.open();
    assert!(!names(&again).contains(&"Proofread".to_string()));
    let mine = again
        .prompts()
        .iter()
        .find(|p| p.id == id)
        .expect("kept after a reload");
    assert_eq!(
        (mine.name.as_str(), mine.text.as_str()),
        ("Standup notes", "Yesterday: {{done}}")
    );
    assert_eq!(again.prompts().len(), starters().len());
}

#[test]
fn a_slash_prompt_with_variables_fills_the_message() {
    let w = World::new();
    let s = w.open();
    let found = matching(s.prompts(), "tra");
    assert_eq!(found[0].name, "Translate");
    let vars = variables(&found[0].text);
    assert_eq!(vars, ["language", "text"]);
    let text = fill(
        &found[0].text,
        &[
            ("language".into(), "French".into()),
            ("text".into(), "Good morning".into()),
        ],
    );
    assert!(
        text.starts_with("Translate the text below into French."),
        "{text}"
    );
    assert!(text.ends_with("Good morning"));
}

#[test]
fn prompts_go_out_with_all_chats_and_come_back_once() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "q", "a");
    s.save_prompt(None, "Mine", "My {{x}}");
    let chats = s.chats_to_export(ExportScope::All);
    let extras = s.export_extras(ExportScope::All, &chats);
    assert_eq!(extras.prompts.len(), starters().len() + 1);
    assert!(
        s.export_extras(ExportScope::Open, &chats)
            .prompts
            .is_empty()
    );
    let file = export_json_with(&chats, &extras, 1.0);

    let other = World::new();
    let mut t = other.open();
    t.delete_prompt("starter-summarize");
    let said = t.import(&file).expect("imported");
    // "Mine", and the starter deleted here, which the file still has.
    assert!(said.ends_with("Added 2 prompts."), "{said}");
    assert!(names(&t).contains(&"Mine".to_string()));
    let said = t.import(&file).expect("imported again");
    assert!(!said.contains("Added"), "{said}");
    assert_eq!(other.open().prompts().len(), starters().len() + 1);
}

#[test]
fn a_damaged_prompt_in_a_file_is_skipped_and_the_chats_still_come_in() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "q", "a");
    let chats = s.chats_to_export(ExportScope::All);
    let file = export_json_with(&chats, &Default::default(), 1.0).replacen(
        "\"chats\"",
        "\"prompts\": [{\"name\": \"no id\"}, 7, {\"id\": \"ok\", \"name\": \"Fine\", \"text\": \"t\"}],\n  \"chats\"",
        1,
    );
    let other = World::new();
    let mut t = other.open();
    let said = t.import(&file).expect("imported");
    assert!(said.starts_with("Imported 1 chat"), "{said}");
    assert!(said.ends_with("Added 1 prompt."), "{said}");
}
