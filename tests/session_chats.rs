//! The session controller: opening, new chats, rename, delete and undo, and
//! how they meet a reply that is streaming.

mod session_support;

use minimax_chat::chat::search::Snippet;

use minimax_chat::api::StreamPart;
use minimax_chat::chat::{ChatParams, Status};
use session_support::*;

#[test]
fn a_fresh_store_opens_one_empty_unlisted_chat() {
    let w = World::new();
    let s = w.open();
    assert!(s.current().is_some_and(|c| c.messages.is_empty()));
    assert!(s.list("").is_empty());
    assert_eq!(s.open_title(), "New chat");
}

#[test]
fn new_chat_starts_from_the_defaults_not_the_last_chat() {
    let w = World::new();
    let mut s = w.open();
    s.update_params(|p| {
        p.system_prompt = "Be terse.".into();
        p.temperature = 0.3;
    });
    exchange(&mut s, "Q", "A");
    assert_eq!(s.params().system_prompt, "Be terse.");
    s.new_chat();
    assert_eq!(s.params(), ChatParams::default());
    assert!(s.current().unwrap().messages.is_empty());
    assert_eq!(s.list("").len(), 1, "the empty new chat is not listed");
}

#[test]
fn new_chat_starts_from_the_defaults_set_in_settings_and_they_are_kept() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Q", "A");
    s.update_defaults(|p| {
        p.system_prompt = "Answer in French.".into();
        p.temperature = 0.4;
    });
    assert_eq!(
        s.params(),
        ChatParams::default(),
        "a started chat keeps its own"
    );
    s.update_params(|p| p.top_p = 0.5);
    s.new_chat();
    let p = s.params();
    assert_eq!(
        (p.system_prompt.as_str(), p.temperature),
        ("Answer in French.", 0.4)
    );
    assert_eq!(
        p.top_p,
        ChatParams::default().top_p,
        "not the last chat's value"
    );
    // Kept with the settings: a reload starts new chats from them too.
    let mut again = w.open();
    again.new_chat();
    assert_eq!(
        again.settings().chat_defaults.system_prompt,
        "Answer in French."
    );
    assert_eq!(again.params().temperature, 0.4);
}

#[test]
fn an_empty_new_chat_follows_the_defaults_unless_changed_by_hand() {
    let w = World::new();
    let mut s = w.open();
    s.take_changes();
    s.update_defaults(|p| p.temperature = 0.6);
    assert!(
        s.take_changes().thread,
        "the open empty chat shows the new value"
    );
    assert_eq!(s.params().temperature, 0.6);
    s.update_params(|p| p.temperature = 0.2);
    s.update_defaults(|p| p.temperature = 0.8);
    assert_eq!(
        s.params().temperature,
        0.2,
        "a value chosen for this chat stays"
    );
}

#[test]
fn new_chat_on_an_empty_chat_stays_there() {
    let w = World::new();
    let mut s = w.open();
    let id = s.open_id().to_string();
    s.new_chat();
    assert_eq!(s.open_id(), id);
}

#[test]
fn opening_another_chat_drops_an_empty_one_and_remembers_which_is_open() {
    let w = World::new();
    let mut s = w.open();
    let first = exchange(&mut s, "first", "1").chat_id;
    s.new_chat();
    let empty = s.open_id().to_string();
    s.open_chat(&first);
    assert_eq!(texts(&s), vec!["first", "1"]);
    s.open_chat(&empty);
    assert_eq!(s.open_id(), first, "the empty chat is gone");
    s.new_chat();
    let second = exchange(&mut s, "second", "2").chat_id;
    s.open_chat(&first);
    assert_eq!(w.open().open_id(), first);
    assert_eq!(
        s.list("").iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        vec![second, first],
        "newest first"
    );
}

#[test]
fn rename_sets_and_clears_a_custom_title() {
    let w = World::new();
    let mut s = w.open();
    let id = exchange(&mut s, "What is Rust?", "A language").chat_id;
    s.take_changes();
    s.rename_chat(&id, "  Rust notes ");
    assert!(s.take_changes().list);
    assert_eq!(s.list("")[0].title, "Rust notes");
    assert_eq!(w.open().list("")[0].title, "Rust notes");
    s.rename_chat(&id, "");
    assert_eq!(s.list("")[0].title, "What is Rust?");
}

#[test]
fn renaming_while_a_reply_streams_keeps_both() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Question");
    s.reply_parts(&job, vec![StreamPart::Answer("part one ".into())]);
    s.rename_chat(&job.chat_id, "Renamed");
    s.reply_parts(&job, vec![StreamPart::Answer("part two".into())]);
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    let again = w.open();
    assert_eq!(again.list("")[0].title, "Renamed");
    assert_eq!(texts(&again), vec!["Question", "part one part two"]);
}

#[test]
fn delete_and_undo_bring_the_chat_back_whole() {
    let w = World::new();
    let mut s = w.open();
    let a = exchange(&mut s, "alpha", "1").chat_id;
    s.new_chat();
    let b = exchange(&mut s, "beta", "2").chat_id;
    s.delete_chat(&b);
    assert_eq!(s.open_id(), a, "the next chat opens");
    assert_eq!(s.deleted_title().as_deref(), Some("beta"));
    assert_eq!(w.open().list("").len(), 1);
    s.undo_delete();
    assert_eq!(s.deleted_title(), None);
    let again = w.open();
    let ids: Vec<String> = again.list("").into_iter().map(|i| i.id).collect();
    assert!(ids.contains(&a) && ids.contains(&b));
}

#[test]
fn deleting_the_last_chat_opens_a_new_empty_one() {
    let w = World::new();
    let mut s = w.open();
    let a = exchange(&mut s, "only", "1").chat_id;
    s.delete_chat(&a);
    assert_ne!(s.open_id(), a);
    assert!(s.current().unwrap().messages.is_empty());
    assert!(s.list("").is_empty());
    s.dismiss_deleted();
    assert_eq!(s.deleted_title(), None);
}

#[test]
fn deleting_the_streaming_chat_stops_its_reply_and_undo_keeps_what_arrived() {
    let w = World::new();
    let mut s = w.open();
    let job = send(&mut s, "Q");
    s.reply_parts(&job, vec![StreamPart::Answer("kept".into())]);
    s.take_changes();
    s.delete_chat(&job.chat_id);
    assert!(s.take_changes().abort, "the request is cancelled");
    assert_eq!(s.streaming_chat(), None);
    s.reply_parts(&job, vec![StreamPart::Answer(" lost".into())]);
    s.reply_closed(&job);
    s.undo_delete();
    s.open_chat(&job.chat_id);
    assert_eq!(
        shown(&s),
        vec![("Q".into(), Status::Done), ("kept".into(), Status::Stopped)]
    );
    assert_eq!(texts(&w.open()), vec!["Q", "kept"]);
}

#[test]
fn switching_chats_while_a_reply_streams_keeps_streaming_into_its_chat() {
    let w = World::new();
    let mut s = w.open();
    let a = exchange(&mut s, "alpha", "1").chat_id;
    s.new_chat();
    let job = send(&mut s, "beta");
    s.reply_parts(&job, vec![StreamPart::Answer("be".into())]);
    s.open_chat(&a);
    s.take_changes();
    s.reply_parts(&job, vec![StreamPart::Answer("ta".into())]);
    assert!(
        s.take_changes().messages.is_empty(),
        "nothing on screen changed"
    );
    s.reply_ended(&job, false);
    s.reply_closed(&job);
    assert_eq!(texts(&s), vec!["alpha", "1"]);
    s.open_chat(&job.chat_id);
    assert_eq!(texts(&s), vec!["beta", "beta"]);
    assert_eq!(texts(&w.open()), vec!["beta", "beta"]);
}

#[test]
fn search_finds_words_in_titles_and_answers() {
    let w = World::new();
    let mut s = w.open();
    exchange(&mut s, "Borrow checker", "Ownership rules");
    s.new_chat();
    exchange(&mut s, "Pasta", "Boil water with salt");
    assert_eq!(s.list("borrow").len(), 1);
    let hits = s.list("SALT");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0]
            .snippet
            .as_ref()
            .map(Snippet::as_str)
            .unwrap()
            .contains("salt")
    );
    assert!(s.list("nothing like this").is_empty());
}

#[test]
fn the_list_is_grouped_under_date_headings() {
    use minimax_chat::chat::dates::DateGroup;
    const DAY: f64 = 86_400_000.0;
    let w = World::new();
    let mut s = w.open();
    for (question, days_later) in [
        ("oldest", 0.0),
        ("last week", 10.0),
        ("yesterday", 5.0),
        ("today", 1.0),
        ("also today", 0.0),
    ] {
        w.tick(days_later * DAY);
        s.new_chat();
        exchange(&mut s, question, "ok");
    }
    w.tick(3_600_000.0);
    let listed: Vec<(String, Option<&str>)> = s
        .list("")
        .into_iter()
        .map(|i| (i.title, i.heading.map(DateGroup::label)))
        .collect();
    let expect = [
        ("also today", Some("Today")),
        ("today", None),
        ("yesterday", Some("Yesterday")),
        ("last week", Some("Previous 7 days")),
        ("oldest", Some("Earlier")),
    ];
    let expect: Vec<(String, Option<&str>)> =
        expect.iter().map(|(t, h)| (t.to_string(), *h)).collect();
    assert_eq!(listed, expect);
    // A search shows the headings of the hits it keeps.
    let found: Vec<Option<&str>> = s
        .list("today")
        .iter()
        .map(|i| i.heading.map(DateGroup::label))
        .collect();
    assert_eq!(found, [Some("Today"), None]);
}

#[test]
fn notices_and_problems_come_and_go() {
    let w = World::new();
    let mut s = w.open();
    s.add_notice("The renderer could not load.".into());
    s.add_notice("The renderer could not load.".into());
    assert_eq!(s.notices().len(), 1);
    s.dismiss_notice("The renderer could not load.");
    assert!(s.notices().is_empty());
    s.set_api_key("");
    assert!(s.send("x", Vec::new()).is_none());
    assert!(s.problem().is_some());
    s.new_chat();
    assert_eq!(s.problem(), None, "a new chat starts clean");
}
