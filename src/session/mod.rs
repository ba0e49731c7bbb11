//! The session controller: the one owner of the conversations, the open
//! one, the reply that streams, and every change to them. It is plain Rust
//! over the store's key-value interface, with the clock and ids as inputs
//! ([`Env`]), so every behaviour runs in `cargo test` on the host.
//!
//! The UI reads it and calls its methods; after each call it takes the
//! [`Changes`] the call made and updates only the signals they name (a
//! streaming reply names one message, so only that message re-renders).
//! The browser layer does what Rust on the host cannot: it runs the fetch
//! a [`ReplyJob`] describes and reports the stream back (`reply_*`).
//!
//! Files: `chats.rs` (open, new, rename, delete, undo), `backups.rs`
//! (copies of unreadable data), `reply.rs` (send,
//! regenerate, edit, versions, the stream, stop), `save.rs` (writes and
//! what a failed write leaves), `tabs.rs` (another tab's writes),
//! `transfer.rs` (import, export), `prefs.rs` (settings, the key, per-chat
//! parameters), `context.rs` (the context meter, and moving on to a new
//! chat with a summary or the recent turns), `remedy.rs` (the action
//! offered with an error, and retrying after a rate limit), `spending.rs`
//! (what the chat and the month cost), `trash.rs` (deleting a message, and
//! undo for it and for chats).

mod backups;
mod chats;
mod context;
mod disk;
pub mod env;
mod prefs;
mod remedy;
mod reply;
mod save;
mod spending;
mod tabs;
mod transfer;
mod trash;

pub use context::{ContextView, SummaryView};
pub use env::{Env, ManualEnv};
pub use reply::ReplyJob;
pub use transfer::ExportScope;

use crate::chat::remedy::Remedy;
use crate::chat::search::search;
use crate::chat::{ChatParams, Conversation, Message};
use crate::store::{KeyValue, Settings, StorageUsage, Store};
use disk::Disk;
use trash::Deleted;

/// What a call changed that the page shows, for the UI to update just that.
/// Taken (and reset) with [`Session::take_changes`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// The list of chats: which there are, their titles or their order.
    pub list: bool,
    /// Another chat is open, or the open chat's messages were added,
    /// removed, replaced or reordered (also its parameters).
    pub thread: bool,
    /// Messages of the open chat whose content changed in place.
    pub messages: Vec<String>,
    /// The request of the reply that was streaming must be cancelled.
    pub abort: bool,
    /// Anything else shown: settings, the key, whether a reply streams,
    /// problems, notices, the deleted chat, the storage meter.
    pub status: bool,
}

impl Changes {
    fn message(&mut self, id: &str) {
        if !self.messages.iter().any(|m| m == id) {
            self.messages.push(id.to_string());
        }
    }
}

/// One chat in the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListItem {
    pub id: String,
    pub title: String,
    /// Where a search matched, when not in the title.
    pub snippet: Option<String>,
}

/// The reply that is streaming: which chat, which message.
#[derive(Debug, Clone, PartialEq)]
struct Live {
    chat_id: String,
    reply_id: String,
}

pub struct Session<K: KeyValue, E: Env> {
    env: E,
    disk: Disk<K>,
    settings: Settings,
    api_key: String,
    /// Every chat, newest first. The open one is here too; a new chat lives
    /// here unsaved (and unlisted) until its first message.
    chats: Vec<Conversation>,
    open: String,
    live: Option<Live>,
    /// The chat or message deleted last, until it is brought back or
    /// another goes.
    deleted: Option<Deleted>,
    /// Why the last thing the user tried to send did not go.
    problem: Option<String>,
    /// What would fix that problem (a conversation too long to send).
    problem_remedy: Option<Remedy>,
    /// The action offered with each failed reply of this visit, by reply id
    /// (not stored: after a reload the error's sentence says what to do).
    remedies: Vec<(String, Remedy)>,
    /// A rate-limited reply to try again: which, and when.
    retry: Option<remedy::Retry>,
    /// Retries made in a row without the user sending anything.
    auto_retries: u8,
    /// The summary being written for a new chat (it streams like a reply).
    summary: Option<context::Summary>,
    /// The models the endpoint listed (`GET /models`), and for which Base URL.
    endpoint_models: (String, Vec<String>),
    /// What a screen reader hears when a reply ends (the page puts it in
    /// a polite live region, so the stream is not read token by token).
    announcement: String,
    /// Why storage could not be written; cleared by the next good save.
    storage_error: Option<String>,
    /// Sentences for the user from loading (backups made, chats recovered)
    /// and from the page (the renderer could not load).
    notices: Vec<String>,
    /// When the streaming reply was last written.
    last_save_ms: f64,
    changes: Changes,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Read what is stored and open the chat that was open, or a new one.
    /// `host` is the page's host name, for the default endpoint.
    pub fn load(local: K, tab: K, env: E, host: &str) -> Self {
        let mut disk = Disk::new(local, tab);
        let report = Store::new(&disk.local).load(env.now_ms());
        disk.read_only = report.read_only;
        disk.tally = report.tally;
        let api_key = disk.api_key();
        let settings = report
            .settings
            .unwrap_or_else(|| Settings::defaults_for_host(host));
        let chats = report.conversations;
        let open = report
            .open_id
            .filter(|id| chats.iter().any(|c| &c.id == id))
            .or_else(|| chats.first().map(|c| c.id.clone()))
            .unwrap_or_default();
        let mut session = Session {
            env,
            disk,
            settings,
            api_key,
            chats,
            open,
            live: None,
            deleted: None,
            problem: None,
            problem_remedy: None,
            remedies: Vec::new(),
            retry: None,
            auto_retries: 0,
            summary: None,
            endpoint_models: (String::new(), Vec::new()),
            announcement: String::new(),
            storage_error: None,
            notices: report.notices,
            last_save_ms: f64::NEG_INFINITY,
            changes: Changes::default(),
        };
        if session.open.is_empty() {
            session.open_new_chat();
        }
        session
    }

    /// What changed since the last call, for the UI to show.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    pub fn open_id(&self) -> &str {
        &self.open
    }

    /// The open chat (a new, empty one when nothing else is open).
    pub fn current(&self) -> Option<&Conversation> {
        self.chat(&self.open)
    }

    /// The open chat's generation settings.
    pub fn params(&self) -> ChatParams {
        self.current().map(|c| c.params.clone()).unwrap_or_default()
    }

    /// A message of the open chat, as shown.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.current()?.messages.iter().find(|m| m.id == id)
    }

    /// The ids of the open chat's messages, oldest first.
    pub fn message_ids(&self) -> Vec<String> {
        self.current()
            .map(|c| c.messages.iter().map(|m| m.id.clone()).collect())
            .unwrap_or_default()
    }

    /// The chat whose reply is streaming, if any. Only one at a time.
    pub fn streaming_chat(&self) -> Option<&str> {
        self.live.as_ref().map(|l| l.chat_id.as_str())
    }

    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn storage_error(&self) -> Option<&str> {
        self.storage_error.as_deref()
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// What the last thing the user tried to send needs to go (see
    /// [`Session::problem`]).
    pub fn problem_remedy(&self) -> Option<Remedy> {
        self.problem_remedy
    }

    /// What a screen reader should hear now (see the field).
    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    pub fn usage(&self) -> StorageUsage {
        self.disk.tally.usage()
    }

    /// Stored data is from a newer version of the app: shown, never written.
    pub fn read_only(&self) -> bool {
        self.disk.read_only
    }

    /// The open chat's title, as the header shows it.
    pub fn open_title(&self) -> String {
        self.current()
            .map(Conversation::display_title)
            .unwrap_or_default()
    }

    /// The chats to list, newest first, that match `query` (every one for
    /// an empty query). Chats with no messages yet are not listed.
    pub fn list(&self, query: &str) -> Vec<ListItem> {
        // Hits come in the chats' own order, so one pass finds each.
        let mut rest = self.chats.iter();
        search(&self.chats, query)
            .into_iter()
            .filter_map(|hit| {
                let c = rest.find(|c| c.id == hit.id).filter(|c| !c.is_empty())?;
                Some(ListItem {
                    title: c.display_title(),
                    id: hit.id,
                    snippet: hit.snippet,
                })
            })
            .collect()
    }

    /// Tell the user something (shown until dismissed).
    pub fn add_notice(&mut self, text: String) {
        if !self.notices.contains(&text) {
            self.notices.push(text);
            self.changes.status = true;
        }
    }

    pub fn dismiss_notice(&mut self, text: &str) {
        let before = self.notices.len();
        self.notices.retain(|n| n != text);
        self.changes.status |= self.notices.len() != before;
    }

    /// Show why something the user tried did not work (or clear it).
    pub fn set_problem(&mut self, problem: Option<String>) {
        self.set_problem_with(problem, None);
    }

    /// A problem, and the remedy to offer with it.
    fn set_problem_with(&mut self, problem: Option<String>, remedy: Option<Remedy>) {
        if self.problem != problem || self.problem_remedy != remedy {
            self.problem = problem;
            self.problem_remedy = remedy;
            self.changes.status = true;
        }
    }

    // The one place chats are found by id.

    fn chat(&self, id: &str) -> Option<&Conversation> {
        self.chats.iter().find(|c| c.id == id)
    }

    fn chat_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.chats.iter_mut().find(|c| c.id == id)
    }

    fn open_mut(&mut self) -> Option<&mut Conversation> {
        let id = self.open.clone();
        self.chat_mut(&id)
    }

    /// Put `conv` in the list in place of its old self, or first when new.
    fn put(&mut self, conv: Conversation) {
        if conv.id == self.open {
            self.changes.thread = true;
        }
        match self.chat_mut(&conv.id) {
            Some(slot) => *slot = conv,
            None => self.chats.insert(0, conv),
        }
        self.changes.list = true;
    }
}
