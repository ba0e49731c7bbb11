//! The app's reactive state and the operations on it that touch storage.
//! Components read signals from here and call these methods; nothing else
//! writes to storage.

use leptos::prelude::*;

use crate::browser::clock::{new_id, now_ms};
use crate::browser::renderer::RendererState;
use crate::browser::storage::{BrowserKv, load_api_key};
use crate::chat::{ChatParams, Conversation, Message};
use crate::store::{
    SaveOutcome, Settings, StorageUsage, Store, StoreError, Tracked, UsageTally, WriteMemory,
};

/// One message on screen. Its own signal, so streaming into it re-renders it alone.
///
/// The signal is reference-counted rather than owned by whichever component
/// happened to be running when it was made: a reply started from a message's
/// own Regenerate button outlives that message's view, and must not be
/// disposed with it.
#[derive(Clone)]
pub struct MsgRow {
    pub id: String,
    pub data: ArcRwSignal<Message>,
}

impl MsgRow {
    pub fn new(m: Message) -> Self {
        MsgRow {
            id: m.id.clone(),
            data: ArcRwSignal::new(m),
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub settings: RwSignal<Settings>,
    pub api_key: RwSignal<String>,
    /// Every chat. The open one's messages here may lag behind `rows` while a
    /// reply streams; `snapshot` gives the current whole.
    pub chats: RwSignal<Vec<Conversation>>,
    pub open_id: RwSignal<String>,
    /// The open chat's messages, oldest first.
    pub rows: RwSignal<Vec<MsgRow>>,
    /// The open chat's generation settings.
    pub params: RwSignal<ChatParams>,
    /// The chat whose reply is streaming, if any.
    pub streaming_chat: RwSignal<Option<String>>,
    pub abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// A problem with what the user just tried to send (shown by the composer).
    pub composer_error: RwSignal<Option<String>>,
    /// Storage could not be written: shown until a save succeeds.
    pub storage_error: RwSignal<Option<String>>,
    /// Things found while loading (backups made, chats recovered).
    pub notices: RwSignal<Vec<String>>,
    pub read_only: RwSignal<bool>,
    pub settings_open: RwSignal<bool>,
    pub sidebar_open: RwSignal<bool>,
    pub draft: RwSignal<String>,
    /// Images attached to the draft (`data:` URLs), sent with it.
    pub attachments: RwSignal<Vec<String>>,
    /// The chat deleted last, until the user undoes it or moves on.
    pub deleted: RwSignal<Option<Conversation>>,
    pub export_open: RwSignal<bool>,
    /// How much of the browser's storage the app uses; refreshed after saves.
    pub usage: RwSignal<Option<StorageUsage>>,
    tally: StoredValue<UsageTally>,
    /// What the last save wrote, so the next can skip re-reading it.
    write_memory: StoredValue<WriteMemory>,
    /// What the last import did, or why it failed.
    pub transfer_result: RwSignal<Option<Result<String, String>>>,
    /// Whether answers can be rendered as markdown yet.
    pub renderer: RwSignal<RendererState>,
    last_save_ms: StoredValue<f64>,
}

/// While streaming, save at most this often; always once at the end.
const SAVE_INTERVAL_MS: f64 = 500.0;

fn host_name() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

impl AppState {
    /// Load everything from storage and pick the chat to show.
    pub fn load() -> Self {
        let mut store = Store::new(BrowserKv::local());
        let report = store.load(now_ms());
        let settings = report
            .settings
            .clone()
            .unwrap_or_else(|| Settings::defaults_for_host(&host_name()));
        let mut chats = report.conversations;
        let open = report
            .open_id
            .filter(|id| chats.iter().any(|c| &c.id == id))
            .or_else(|| chats.first().map(|c| c.id.clone()));
        let open_id = match open {
            Some(id) => id,
            None => {
                let c = Conversation::new(new_id("c"), settings.model.clone(), now_ms());
                let id = c.id.clone();
                chats.insert(0, c);
                id
            }
        };
        let (rows, params) = chats
            .iter()
            .find(|c| c.id == open_id)
            .map(|c| {
                (
                    c.messages.iter().cloned().map(MsgRow::new).collect(),
                    c.params.clone(),
                )
            })
            .unwrap_or_default();
        AppState {
            settings: RwSignal::new(settings),
            api_key: RwSignal::new(load_api_key()),
            chats: RwSignal::new(chats),
            open_id: RwSignal::new(open_id),
            rows: RwSignal::new(rows),
            params: RwSignal::new(params),
            streaming_chat: RwSignal::new(None),
            abort: StoredValue::new_local(None),
            composer_error: RwSignal::new(None),
            storage_error: RwSignal::new(None),
            notices: RwSignal::new(report.notices),
            read_only: RwSignal::new(report.read_only),
            settings_open: RwSignal::new(false),
            sidebar_open: RwSignal::new(false),
            draft: RwSignal::new(String::new()),
            attachments: RwSignal::new(Vec::new()),
            deleted: RwSignal::new(None),
            export_open: RwSignal::new(false),
            usage: RwSignal::new(Some(report.tally.usage())),
            tally: StoredValue::new(report.tally.clone()),
            write_memory: StoredValue::new(WriteMemory::default()),
            transfer_result: RwSignal::new(None),
            renderer: RwSignal::new(RendererState::Loading),
            last_save_ms: StoredValue::new(0.0),
        }
    }

    /// Run `f` on the store. Whatever it writes or removes updates the
    /// storage meter without reading storage again.
    pub(super) fn with_store<R>(&self, f: impl FnOnce(&mut Store<Tracked<BrowserKv>>) -> R) -> R {
        let memory = self
            .write_memory
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let mut store = Store::new(Tracked::new(BrowserKv::local(), memory));
        store.read_only = self.read_only.get_untracked();
        let result = f(&mut store);
        let memory = self
            .tally
            .try_update_value(|t| store.kv.finish(t))
            .unwrap_or_default();
        self.write_memory.set_value(memory);
        self.publish_usage();
        result
    }

    /// The open chat as it is now, messages from the rows on screen.
    pub fn snapshot_open(&self) -> Option<Conversation> {
        let id = self.open_id.get_untracked();
        let mut conv = self
            .chats
            .with_untracked(|cs| cs.iter().find(|c| c.id == id).cloned())?;
        conv.messages = self.shown_messages();
        conv.params = self.params.get_untracked();
        Some(conv)
    }

    /// The open chat's messages as they are on screen now.
    pub fn shown_messages(&self) -> Vec<Message> {
        self.rows
            .with_untracked(|rows| rows.iter().map(|r| r.data.get_untracked()).collect())
    }

    /// Put `conv` into the list (replacing its old self) and write it to storage.
    pub fn commit(&self, conv: Conversation) {
        let open = self.open_id.get_untracked();
        self.chats
            .update(|cs| match cs.iter_mut().find(|c| c.id == conv.id) {
                Some(slot) => *slot = conv.clone(),
                None => cs.insert(0, conv.clone()),
            });
        if conv.is_empty() {
            return;
        }
        let result = self.chats.with_untracked(|cs| {
            self.with_store(|store| store.save_chat_checked(&conv, cs, Some(&open)))
        });
        match result {
            Ok(SaveOutcome::Merged(merged)) => {
                self.show_merged(merged);
                self.note_save(Ok(()));
            }
            Ok(SaveOutcome::Saved) => self.note_save(Ok(())),
            Err(e) => self.note_save(Err(e)),
        }
    }

    /// Another tab had added messages to this chat; the store merged them in.
    /// Rows already on screen keep their signals, so a reply streaming into
    /// one of them goes on streaming.
    fn show_merged(&self, merged: Conversation) {
        if merged.id == self.open_id.get_untracked() {
            self.set_rows_keeping(&merged.messages);
        }
        self.chats
            .update(|cs| match cs.iter_mut().find(|c| c.id == merged.id) {
                Some(slot) => *slot = merged,
                None => cs.insert(0, merged),
            });
    }

    /// Show `messages` in the open chat, reusing the rows it already has.
    pub(super) fn set_rows_keeping(&self, messages: &[Message]) {
        let streaming_here =
            self.streaming_chat.get_untracked() == Some(self.open_id.get_untracked());
        let old = self.rows.get_untracked();
        let rows = messages
            .iter()
            .map(|m| match old.iter().find(|r| r.id == m.id) {
                Some(row) => {
                    let live = streaming_here
                        && row
                            .data
                            .with_untracked(|d| d.status == crate::chat::Status::Streaming);
                    if !live && row.data.with_untracked(|d| d != m) {
                        row.data.set(m.clone());
                    }
                    row.clone()
                }
                None => MsgRow::new(m.clone()),
            })
            .collect();
        self.rows.set(rows);
    }

    /// Measure all of storage again. It reads every stored value (megabytes
    /// with hundreds of chats): at load and after an import, not per save.
    pub fn refresh_usage(&self) {
        if let Ok(tally) = self.with_store(|store| store.usage_tally()) {
            self.replace_tally(tally);
        }
    }

    /// A fresh measurement of all our keys.
    pub(super) fn replace_tally(&self, tally: UsageTally) {
        self.tally.set_value(tally);
        self.publish_usage();
    }

    /// `key` now holds `value` (None: removed); the meter follows.
    pub fn measure_key(&self, key: &str, value: Option<&str>) {
        self.tally.update_value(|t| t.set(key, value));
        self.publish_usage();
    }

    fn publish_usage(&self) {
        let usage = self.tally.with_value(|t| t.usage());
        if self.usage.with_untracked(|u| u.as_ref() != Some(&usage)) {
            self.usage.set(Some(usage));
        }
    }

    pub(super) fn note_save(&self, result: Result<(), StoreError>) {
        self.last_save_ms.set_value(now_ms());
        match result {
            Ok(()) => {
                if self.storage_error.get_untracked().is_some() {
                    self.storage_error.set(None);
                }
            }
            Err(e) => self.storage_error.set(Some(e.to_string())),
        }
    }

    /// Save the open chat now.
    pub fn save_open(&self) {
        if let Some(conv) = self.snapshot_open() {
            self.commit(conv);
        }
    }

    /// Save the chat `chat_id` with the reply `row` as it is now; at most every
    /// 500 ms unless `now` is set.
    pub fn save_reply(&self, chat_id: &str, row: &MsgRow, now: bool) {
        if !now && now_ms() - self.last_save_ms.get_value() < SAVE_INTERVAL_MS {
            return;
        }
        if self.open_id.get_untracked() == chat_id {
            self.save_open();
            return;
        }
        // The user moved to another chat while this one streamed.
        let reply = row.data.get_untracked();
        let conv = self.chats.with_untracked(|cs| {
            cs.iter().find(|c| c.id == chat_id).cloned().map(|mut c| {
                match c.messages.iter_mut().find(|m| m.id == reply.id) {
                    Some(slot) => *slot = reply.clone(),
                    None => c.messages.push(reply.clone()),
                }
                c
            })
        });
        if let Some(conv) = conv {
            self.commit(conv);
        }
    }

    /// Show another chat. The current one is saved first.
    pub fn open_chat(&self, id: &str) {
        if self.open_id.get_untracked() == id {
            return;
        }
        self.save_open();
        let Some(conv) = self
            .chats
            .with_untracked(|cs| cs.iter().find(|c| c.id == id).cloned())
        else {
            return;
        };
        // Drop an empty chat we are leaving: it was never saved.
        let leaving = self.open_id.get_untracked();
        self.chats
            .update(|cs| cs.retain(|c| c.id != leaving || !c.is_empty() || c.id == id));
        self.rows
            .set(conv.messages.iter().cloned().map(MsgRow::new).collect());
        self.params.set(conv.params.clone());
        self.open_id.set(conv.id.clone());
        self.composer_error.set(None);
        self.remember_open();
    }

    /// Start a new, empty chat (kept in memory until its first message).
    pub fn new_chat(&self) {
        let current_empty = self.rows.with_untracked(|r| r.is_empty());
        if current_empty {
            self.composer_error.set(None);
            return;
        }
        self.save_open();
        let conv = Conversation::new(new_id("c"), self.settings.get_untracked().model, now_ms());
        let params = self.params.get_untracked();
        self.chats.update(|cs| cs.insert(0, conv.clone()));
        self.rows.set(Vec::new());
        // A new chat keeps the generation settings the user chose last.
        self.params.set(ChatParams {
            system_prompt: params.system_prompt,
            ..params
        });
        self.open_id.set(conv.id);
        self.composer_error.set(None);
    }

    pub(super) fn remember_open(&self) {
        let open = self.open_id.get_untracked();
        let result = self
            .chats
            .with_untracked(|cs| self.with_store(|store| store.save_index(cs, Some(&open))));
        self.note_save(result);
    }

    pub fn save_settings(&self) {
        let settings = self.settings.get_untracked();
        let result = self.with_store(|store| store.save_settings(&settings));
        if let Err(e) = result {
            self.storage_error.set(Some(e.to_string()));
        }
    }
}
