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
//! Files: `entries.rs` (the chats, read or known by their index entry),
//! `chats.rs` (open, new, rename, delete, undo), `reply.rs` (send,
//! regenerate, edit, versions, the stream, stop), `save.rs` (writes, and
//! what a failed write leaves), `search.rs` (the list, searched a slice at
//! a time), `tabs.rs` (another tab's writes), `transfer.rs` (import,
//! export), `prefs.rs` (settings, the key, per-chat parameters and the
//! defaults), `connection.rs` (Test connection), `backups.rs` (copies of
//! unreadable data), `disk.rs` (the storages), `context.rs` (the context
//! meter, and moving on to a new chat with a summary or the recent turns),
//! `remedy.rs` (the action offered with an error, and retrying after a rate
//! limit), `spending.rs` (what the chat and the month cost), `trash.rs`
//! (deleting a message, and undo for it and for chats),
//! `folders.rs` (pinned chats, folders, how the list is arranged),
//! `prompts.rs` (the prompt library), `images.rs` (attached images, kept
//! in the image store).

mod backups;
mod chats;
mod connection;
mod context;
mod disk;
mod entries;
pub mod env;
mod folders;
pub mod images;
mod prefs;
mod prompts;
mod remedy;
mod reply;
mod save;
mod search;
mod spending;
mod tabs;
mod transfer;
mod trash;

pub use connection::{ConnectionTest, KeyCheck};
pub use context::{ContextView, SummaryView};
pub use env::{Env, ManualEnv};
pub use folders::{Arranged, ListRow};
pub use images::{ImageDone, ImageJob, ImageStore, ImageUsage, ShownImage};
pub use reply::ReplyJob;
pub use search::SearchRun;
pub use transfer::{ExportScope, ImportJob};

use crate::chat::dates::DateGroup;
use crate::chat::prompts::starters;
use crate::chat::remedy::Remedy;
use crate::chat::search::Snippet;
use crate::chat::{ChatParams, Conversation, Folder, Message, Prompt};
use crate::store::{KeyValue, LoadReport, Settings, StorageUsage, Store};
use disk::Disk;
use entries::Entries;
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
    /// The prompt library changed (the folders are part of `list`).
    pub library: bool,
    /// There are jobs for the image store ([`Session::next_image_job`]).
    pub images: bool,
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
    pub snippet: Option<Snippet>,
    /// When it was last changed, as the list's date headings say it
    /// (Today, Yesterday…).
    pub group: Option<DateGroup>,
    /// The date heading shown above this chat, when it is the first of
    /// its group in its part of the list.
    pub heading: Option<DateGroup>,
    pub pinned: bool,
    /// The folder it is in (its id).
    pub folder: Option<String>,
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
    /// Every chat, newest first, read or known by its index entry. The open
    /// one is here too (always read); a new chat lives here unsaved (and
    /// unlisted) until its first message.
    chats: Entries,
    open: String,
    /// The folders, in list order.
    folders: Vec<Folder>,
    prompts: Vec<Prompt>,
    images: images::Images,
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
    /// Chats changed since they were last written: a save the throttle
    /// skipped, or one that failed. Written when the page is hidden.
    unsaved: Vec<String>,
    /// The last Test connection's verdict, and which test is the latest.
    key_check: Option<KeyCheck>,
    key_serial: u32,
    changes: Changes,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Read what the first screen needs (settings, the index, the chat that
    /// was open) and open that chat, or a new one. The other chats are read
    /// when needed, or by [`Session::read_more`]: start-up does not grow
    /// with history. `host` is the page's host name, for the default
    /// endpoint.
    pub fn load(local: K, tab: K, env: E, host: &str) -> Self {
        let mut disk = Disk::new(local, tab);
        let report = Store::new(&disk.local).load_start(None, env.now_ms());
        disk.read_only = report.read_only;
        disk.tally = report.tally;
        let api_key = disk.api_key();
        let settings = report
            .settings
            .unwrap_or_else(|| Settings::defaults_for_host(host));
        let read: Vec<String> = report.conversations.iter().map(|c| c.id.clone()).collect();
        let chats = Entries::new(report.conversations, report.unread);
        let open = report
            .open_id
            .filter(|id| chats.get(id).is_some())
            .or_else(|| chats.all().first().map(|e| e.id().to_string()))
            .unwrap_or_default();
        let mut session = Session {
            env,
            disk,
            settings,
            api_key,
            chats,
            open,
            folders: report.folders,
            prompts: report.prompts.unwrap_or_else(starters),
            images: images::Images::default(),
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
            unsaved: Vec::new(),
            key_check: None,
            key_serial: 0,
            changes: Changes::default(),
        };
        // The index named no chat that could be read: the newest is opened.
        let open = session.open.clone();
        if open.is_empty() || !session.read_chat(&open) {
            session.open = String::new();
            match session.chats.all().first().map(|e| e.id().to_string()) {
                Some(first) if session.read_chat(&first) => session.open = first,
                _ => session.open_new_chat(),
            }
        }
        for id in read.iter().chain([&session.open.clone()]) {
            session.look_after_images(id);
        }
        session.measure_images();
        session.take_changes();
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

    /// How much of the browser's storage the app uses; `partial` until
    /// every listed chat has been read (and so measured).
    pub fn usage(&self) -> StorageUsage {
        StorageUsage {
            partial: !self.all_read(),
            ..self.disk.tally.usage()
        }
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

    /// Whether every listed chat has been read (search then looks in all
    /// of them, and an export holds all).
    pub fn all_read(&self) -> bool {
        self.chats.unread_ids().next().is_none()
    }

    /// Read chats not read yet, for about `budget_ms` (at least one), in
    /// list order. True while more are left.
    pub fn read_more(&mut self, budget_ms: f64) -> bool {
        let start = self.env.now_ms();
        loop {
            let Some(id) = self.chats.unread_ids().next().map(str::to_owned) else {
                break;
            };
            self.read_chat(&id);
            if self.env.now_ms() - start >= budget_ms {
                break;
            }
        }
        self.chats.sort();
        self.changes.list = true;
        self.changes.status = true;
        !self.all_read()
    }

    /// Read every chat now (before an import, which must see them all).
    pub fn read_all(&mut self) {
        while self.read_more(f64::INFINITY) {}
    }

    /// Make sure chat `id` is read. False when it is not listed, or could
    /// not be read (then it leaves the list, and a backup of it is kept
    /// and announced, as at load).
    fn read_chat(&mut self, id: &str) -> bool {
        if !self.chats.is_unread(id) {
            return self.chats.get(id).is_some();
        }
        let mut report = LoadReport::default();
        let now = self.env.now_ms();
        let conv = self
            .disk
            .with(|store| store.read_listed(id, now, &mut report));
        self.disk.tally.absorb(&report.tally);
        for notice in report.notices {
            self.add_notice(notice);
        }
        self.changes.list = true;
        match conv {
            Some(conv) => {
                self.chats.put(conv);
                self.look_after_images(id);
                true
            }
            None => {
                self.chats.remove(id);
                false
            }
        }
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

    /// The chat `id` if it has been read.
    fn chat(&self, id: &str) -> Option<&Conversation> {
        self.chats.get(id)
    }

    /// The chat `id`, read from storage first if need be.
    fn chat_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.read_chat(id);
        self.chats.get_mut(id)
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
        self.chats.put(conv);
        self.changes.list = true;
    }
}
