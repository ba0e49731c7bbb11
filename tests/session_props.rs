//! The session controller under random sequences of user actions and
//! stream events. After every step:
//! - nothing the user typed or received is lost, unless its chat was
//!   deleted for good (deleted, and another delete took the undo);
//! - when no reply streams, what is stored reloads to what is on screen;
//! - versions stay well formed, and message ids are unique in each chat.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::{FinishReason, StreamPart};
use minimax_chat::chat::versions::{self, Step};
use minimax_chat::chat::{Conversation, Message};
use minimax_chat::session::{ReplyJob, Session};
use proptest::prelude::*;
use session_support::*;

#[derive(Debug, Clone)]
enum Action {
    Send(String),
    Regenerate,
    Edit(usize, String),
    Switch(usize, bool),
    Stop,
    NewChat,
    Open(usize),
    Rename(usize, String),
    Delete(usize),
    Undo,
    Think(String),
    Answer(String),
    End(bool),
    Close,
    Tick(u16),
    PageHidden,
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{1,6}( [a-z]{1,6})?"
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => word().prop_map(Action::Send),
        1 => Just(Action::Regenerate),
        1 => (0..6usize, word()).prop_map(|(i, t)| Action::Edit(i, t)),
        1 => (0..6usize, any::<bool>()).prop_map(|(i, p)| Action::Switch(i, p)),
        1 => Just(Action::Stop),
        1 => Just(Action::NewChat),
        1 => (0..4usize).prop_map(Action::Open),
        1 => (0..4usize, word()).prop_map(|(i, t)| Action::Rename(i, t)),
        1 => (0..4usize).prop_map(Action::Delete),
        1 => Just(Action::Undo),
        2 => word().prop_map(Action::Think),
        4 => word().prop_map(Action::Answer),
        2 => any::<bool>().prop_map(Action::End),
        2 => Just(Action::Close),
        2 => (0..1200u16).prop_map(Action::Tick),
        1 => Just(Action::PageHidden),
    ]
}

/// What the test expects to find: every message's text, by chat.
#[derive(Default)]
struct Model {
    /// (chat id, message id, text) of every message sent or received.
    expected: Vec<(String, String, String)>,
    /// Chats deleted for good.
    gone: Vec<String>,
    /// The chat Undo would bring back.
    undoable: Option<String>,
    /// The request running, as the browser layer holds it.
    job: Option<ReplyJob>,
}

impl Model {
    fn expect_new(&mut self, s: &Tab<'_>, job: &ReplyJob) {
        // The message before the reply is the user's (sent or edited).
        let conv = s.current().unwrap();
        let at = conv
            .messages
            .iter()
            .position(|m| m.id == job.reply_id)
            .unwrap();
        if at > 0 {
            let user = &conv.messages[at - 1];
            if !self.expected.iter().any(|e| e.1 == user.id) {
                self.expected
                    .push((job.chat_id.clone(), user.id.clone(), user.content.clone()));
            }
        }
        self.expected
            .push((job.chat_id.clone(), job.reply_id.clone(), String::new()));
        self.job = Some(job.clone());
    }

    fn grow(&mut self, s: &Tab<'_>, text: &str) {
        // Parts count only while the reply is still the live one.
        if let Some(job) = &self.job
            && s.streaming_chat() == Some(job.chat_id.as_str())
            && let Some(e) = self.expected.iter_mut().find(|e| e.1 == job.reply_id)
        {
            e.2.push_str(text);
        }
    }

    fn deleted(&mut self, id: &str) {
        if let Some(previous) = self.undoable.replace(id.to_string()) {
            self.gone.push(previous);
        }
    }
}

fn all_messages(c: &Conversation) -> Vec<Message> {
    let mut out = Vec::new();
    versions::for_each(&c.messages, &mut |m| out.push(m.clone()));
    out
}

fn chat_ids(s: &Tab<'_>) -> Vec<String> {
    s.list("").into_iter().map(|i| i.id).collect()
}

fn nth_message_id(s: &Tab<'_>, i: usize) -> Option<String> {
    let ids = s.message_ids();
    (!ids.is_empty()).then(|| ids[i % ids.len()].clone())
}

fn step(w: &World, s: &mut Tab<'_>, m: &mut Model, action: Action) {
    match action {
        Action::Send(text) => {
            if let Some(job) = s.send(&text, Vec::new()) {
                m.expect_new(s, &job);
            }
        }
        Action::Regenerate => {
            if let Some(job) = s.regenerate() {
                m.expect_new(s, &job);
            }
        }
        Action::Edit(i, text) => {
            if let Some(id) = nth_message_id(s, i)
                && let Ok(job) = s.send_edit(&id, &text)
            {
                m.expect_new(s, &job);
            }
        }
        Action::Switch(i, previous) => {
            if let Some(id) = nth_message_id(s, i) {
                let step = if previous { Step::Previous } else { Step::Next };
                s.switch_version(&id, step);
            }
        }
        Action::Stop => s.stop(),
        Action::NewChat => s.new_chat(),
        Action::Open(i) => {
            let ids = chat_ids(s);
            if !ids.is_empty() {
                s.open_chat(&ids[i % ids.len()]);
            }
        }
        Action::Rename(i, title) => {
            let ids = chat_ids(s);
            if !ids.is_empty() {
                s.rename_chat(&ids[i % ids.len()], &title);
            }
        }
        Action::Delete(i) => {
            let ids = chat_ids(s);
            if !ids.is_empty() {
                let id = ids[i % ids.len()].clone();
                s.delete_chat(&id);
                m.deleted(&id);
            }
        }
        Action::Undo => {
            if s.deleted_title().is_some() {
                s.undo_delete();
                m.undoable = None;
            }
        }
        Action::Think(text) => {
            if let Some(job) = m.job.clone() {
                s.reply_parts(&job, vec![StreamPart::Thinking(text)]);
            }
        }
        Action::Answer(text) => {
            if let Some(job) = m.job.clone() {
                m.grow(s, &text);
                s.reply_parts(&job, vec![StreamPart::Answer(text)]);
            }
        }
        Action::End(cut) => {
            if let Some(job) = m.job.clone() {
                if !cut {
                    s.reply_parts(&job, vec![StreamPart::Finish(FinishReason::Stop)]);
                }
                s.reply_ended(&job, cut);
            }
        }
        Action::Close => {
            if let Some(job) = m.job.take() {
                s.reply_closed(&job);
            }
        }
        Action::Tick(ms) => w.tick(f64::from(ms)),
        Action::PageHidden => s.page_hidden(),
    }
}

fn check(w: &World, s: &mut Tab<'_>, m: &Model) -> Result<(), TestCaseError> {
    // Nothing lost.
    for (chat, id, text) in &m.expected {
        if m.gone.contains(chat) || m.undoable.as_ref() == Some(chat) {
            continue;
        }
        let found = s
            .chats_to_export(minimax_chat::session::ExportScope::All)
            .into_iter()
            .chain(s.current().cloned())
            .find(|c| &c.id == chat)
            .and_then(|c| all_messages(&c).into_iter().find(|x| &x.id == id));
        prop_assert!(found.is_some(), "message {id} of chat {chat} is lost");
        let found = found.unwrap();
        prop_assert_eq!(&found.content, text, "message {} changed", id);
    }
    // Well-formed versions, unique ids.
    for c in s.chats_to_export(minimax_chat::session::ExportScope::All) {
        let all = all_messages(&c);
        let mut ids: Vec<&str> = all.iter().map(|x| x.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), n, "duplicate message ids in {}", c.id);
        versions::for_each(&c.messages, &mut |msg| {
            for tail in msg.versions.earlier.iter().chain(&msg.versions.later) {
                assert!(!tail.is_empty(), "an empty kept tail");
                assert!(
                    tail[0].versions.is_empty(),
                    "versions on a kept tail's head"
                );
            }
        });
    }
    // What is stored reloads to what is on screen.
    if s.streaming_chat().is_none() {
        let mut fresh = Session::load(&w.local, &w.tab2, &w.env, "example.org");
        let mut on_screen = s.chats_to_export(minimax_chat::session::ExportScope::All);
        let mut stored = fresh.chats_to_export(minimax_chat::session::ExportScope::All);
        let key = |c: &Conversation| c.id.clone();
        on_screen.sort_by_key(key);
        stored.sort_by_key(key);
        prop_assert_eq!(
            on_screen.len(),
            stored.len(),
            "a different set of chats is stored"
        );
        for (a, b) in on_screen.iter().zip(&stored) {
            prop_assert_eq!(&a.id, &b.id);
            prop_assert_eq!(a.display_title(), b.display_title());
            prop_assert_eq!(&a.params, &b.params);
            prop_assert_eq!(
                all_messages(a),
                all_messages(b),
                "chat {} differs when reloaded",
                a.id
            );
        }
    }
    Ok(())
}

/// After the page is hidden, what is stored holds every message's text as
/// it is on screen, even mid-reply (a tab closed then loses nothing).
fn check_all_written(w: &World, s: &mut Tab<'_>) -> Result<(), TestCaseError> {
    let texts = |chats: Vec<Conversation>| {
        let mut all: Vec<(String, String, String)> = chats
            .iter()
            .flat_map(|c| {
                all_messages(c)
                    .into_iter()
                    .map(|m| (m.id.clone(), m.content.clone(), m.thinking.clone()))
            })
            .collect();
        all.sort();
        all
    };
    let mut fresh = Session::load(&w.local, &w.tab2, &w.env, "example.org");
    prop_assert_eq!(
        texts(fresh.chats_to_export(minimax_chat::session::ExportScope::All)),
        texts(s.chats_to_export(minimax_chat::session::ExportScope::All)),
        "the page was hidden with something not written"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_use_loses_nothing_and_reloads_to_the_screen(
        actions in proptest::collection::vec(action(), 1..60)
    ) {
        let w = World::new();
        let mut s = w.open();
        let mut m = Model::default();
        for action in actions {
            let hidden = matches!(action, Action::PageHidden);
            step(&w, &mut s, &mut m, action);
            check(&w, &mut s, &m)?;
            if hidden {
                check_all_written(&w, &mut s)?;
            }
        }
    }
}
