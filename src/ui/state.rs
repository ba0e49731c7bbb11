//! Where the views meet the session controller (`crate::session`): the
//! session itself, which is not reactive, and signals that mirror what it
//! shows. Every change goes through [`AppState::act`], which runs a session
//! method and then updates just the signals its [`Changes`] name: a reply
//! streaming into a message notifies that message's row alone.

use leptos::prelude::*;

use std::cell::Cell;

use super::thread::FIRST_MESSAGES;
use crate::browser::clock::{BrowserEnv, sleep_ms};
use crate::browser::image_store::IdbImages;
use crate::browser::renderer::RendererState;
use crate::browser::storage::BrowserKv;
use crate::chat::{ChatParams, Message, Prompt, Role};
use crate::session::{Changes, ImageStore, ImageUsage, Session, SummaryView};
use crate::store::{Settings, StorageUsage};

pub type AppSession = Session<BrowserKv, BrowserEnv>;

/// One message of the open chat on screen. Its content stays in the
/// session; the row is how its view hears that it changed.
#[derive(Clone)]
pub struct MsgRow {
    pub id: String,
    pub role: Role,
    changed: ArcTrigger,
}

impl MsgRow {
    /// Read the message, and re-run the caller when it changes. `None`
    /// once the message is no longer shown.
    pub fn with<R>(&self, state: AppState, f: impl FnOnce(&Message) -> R) -> Option<R> {
        self.changed.track();
        self.with_untracked(state, f)
    }

    /// Read the message without subscribing to it.
    pub fn with_untracked<R>(&self, state: AppState, f: impl FnOnce(&Message) -> R) -> Option<R> {
        state.read(|s| s.message(&self.id).map(f)).flatten()
    }

    /// Subscribe to the message's changes without reading it.
    pub fn track(&self) {
        self.changed.track();
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    session: StoredValue<AppSession, LocalStorage>,
    /// The list of chats changed (titles, order, which there are).
    pub list: Trigger,
    pub open_id: RwSignal<String>,
    /// The open chat's messages, oldest first.
    pub rows: RwSignal<Vec<MsgRow>>,
    /// How many of the open chat's newest messages the thread has built:
    /// a long chat's older ones are built a batch per frame after it opens.
    pub built: RwSignal<usize>,
    /// The open chat's generation settings.
    pub params: RwSignal<ChatParams>,
    /// The open chat's title.
    pub title: RwSignal<String>,
    pub settings: RwSignal<Settings>,
    pub api_key: RwSignal<String>,
    /// The chat whose reply is streaming, if any: the one "busy" signal.
    pub streaming_chat: RwSignal<Option<String>>,
    /// Why the last thing the user tried to send did not go.
    pub problem: RwSignal<Option<String>>,
    /// The last Test connection's sentence, and where it stands: "testing",
    /// "works" or "fails" (a plain string, which costs no new signal type).
    pub key_check: RwSignal<Option<String>>,
    pub key_check_state: RwSignal<String>,
    /// Storage could not be written: shown until a write succeeds.
    pub storage_error: RwSignal<Option<String>>,
    /// Things found while loading (backups made, chats recovered).
    pub notices: RwSignal<Vec<String>>,
    /// What Undo would bring back, said in a sentence; true for a chat.
    pub deleted: RwSignal<Option<(bool, String)>>,
    /// What the open chat and this month cost.
    pub spending: RwSignal<Option<String>>,
    /// The summary being written for a new chat.
    pub summary: RwSignal<Option<SummaryView>>,
    /// The Model select's choices.
    pub models: RwSignal<Vec<String>>,
    /// What a screen reader hears when a reply ends.
    pub announcement: RwSignal<String>,
    /// How much of the browser's storage the app uses.
    pub usage: RwSignal<StorageUsage>,
    /// How much the image store holds, and whether it had no room.
    pub image_usage: RwSignal<(Option<ImageUsage>, bool)>,
    /// The prompt library.
    pub prompts: RwSignal<Vec<Prompt>>,
    pub read_only: RwSignal<bool>,
    /// The request of the streaming reply, to cancel it.
    pub abort: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    // What only the page holds: which panels are open, the draft.
    pub settings_open: RwSignal<bool>,
    pub sidebar_open: RwSignal<bool>,
    pub export_open: RwSignal<bool>,
    pub shortcuts_open: RwSignal<bool>,
    pub summary_open: RwSignal<bool>,
    pub prompts_open: RwSignal<bool>,
    /// The folder settings dialog, and which folder it edits.
    pub folder_open: RwSignal<bool>,
    pub folder_edited: RwSignal<String>,
    pub draft: RwSignal<String>,
    /// Images attached to the draft (`data:` URLs), sent with it.
    pub attachments: RwSignal<Vec<String>>,
    /// What the last import did, or why it failed.
    pub transfer_result: RwSignal<Option<Result<String, String>>>,
    /// Whether answers can be rendered as markdown yet.
    pub renderer: RwSignal<RendererState>,
}

fn host_name() -> String {
    web_sys::window()
        .and_then(|w| w.location().hostname().ok())
        .unwrap_or_default()
}

impl AppState {
    /// Load the session from storage and mirror it.
    pub fn load() -> Self {
        let session = Session::load(
            BrowserKv::local(),
            BrowserKv::session(),
            BrowserEnv,
            &host_name(),
        );
        let state = AppState {
            open_id: RwSignal::new(session.open_id().to_string()),
            rows: RwSignal::new(Vec::new()),
            built: RwSignal::new(FIRST_MESSAGES),
            params: RwSignal::new(session.params()),
            title: RwSignal::new(session.open_title()),
            settings: RwSignal::new(session.settings().clone()),
            api_key: RwSignal::new(session.api_key().to_string()),
            streaming_chat: RwSignal::new(None),
            problem: RwSignal::new(None),
            key_check: RwSignal::new(None),
            key_check_state: RwSignal::new(String::new()),
            storage_error: RwSignal::new(None),
            notices: RwSignal::new(session.notices().to_vec()),
            deleted: RwSignal::new(None),
            spending: RwSignal::new(session.spending()),
            summary: RwSignal::new(None),
            models: RwSignal::new(session.model_choices()),
            announcement: RwSignal::new(String::new()),
            usage: RwSignal::new(session.usage()),
            image_usage: RwSignal::new((None, false)),
            prompts: RwSignal::new(session.prompts().to_vec()),
            read_only: RwSignal::new(session.read_only()),
            session: StoredValue::new_local(session),
            list: Trigger::new(),
            abort: StoredValue::new_local(None),
            settings_open: RwSignal::new(false),
            sidebar_open: RwSignal::new(false),
            export_open: RwSignal::new(false),
            shortcuts_open: RwSignal::new(false),
            summary_open: RwSignal::new(false),
            prompts_open: RwSignal::new(false),
            folder_open: RwSignal::new(false),
            folder_edited: RwSignal::new(String::new()),
            draft: RwSignal::new(String::new()),
            attachments: RwSignal::new(Vec::new()),
            transfer_result: RwSignal::new(None),
            renderer: RwSignal::new(RendererState::Loading),
        };
        state.show_rows();
        state.pump_images();
        state
    }

    /// Run the session's image jobs against IndexedDB, one at a time, until
    /// there are none (one runner at a time; `show` starts it).
    fn pump_images(self) {
        thread_local! {
            static RUNNING: Cell<bool> = const { Cell::new(false) };
        }
        if RUNNING.with(|r| r.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            while let Some(Some(job)) = self.act(|s| s.next_image_job()) {
                let done = IdbImages.run(job).await;
                self.act(|s| s.image_done(done));
            }
            RUNNING.with(|r| r.set(false));
        });
    }

    /// The model the open chat uses: its own (from its folder), else the
    /// one in Settings. Tracked.
    pub fn model(self) -> String {
        self.params
            .with(|p| p.model.clone())
            .unwrap_or_else(|| self.settings.with(|s| s.model.clone()))
    }

    /// Open the settings of folder `id`.
    pub fn edit_folder(self, id: String) {
        self.folder_edited.set(id);
        self.folder_open.set(true);
    }

    /// Wait until the images asked for are read (or found missing).
    pub async fn images_settled(self) {
        while self.read(|s| s.images_busy()) == Some(true) {
            sleep_ms(20).await;
        }
    }

    /// Read every chat not read yet, a few milliseconds at a time so the
    /// page stays responsive (start-up reads only the open chat). Each
    /// slice in a task of its own, the first too: begun in the task that
    /// shows the open chat, a first slice there held it back by 5 ms.
    pub async fn read_everything(self) {
        /// Work per task, well inside a frame.
        const SLICE_MS: f64 = 6.0;
        loop {
            crate::browser::clock::next_task().await;
            if self.act(|s| s.read_more(SLICE_MS)) != Some(true) {
                break;
            }
        }
    }

    /// Read the session (not reactive: views track the signals above).
    pub fn read<R>(self, f: impl FnOnce(&AppSession) -> R) -> Option<R> {
        self.session.try_with_value(f)
    }

    /// Run a session method, then show what it changed.
    pub fn act<R>(self, f: impl FnOnce(&mut AppSession) -> R) -> Option<R> {
        // The work is done by one non-generic function: each of the many
        // callers compiles only this small wrapper (a smaller wasm).
        let mut f = Some(f);
        let mut result = None;
        self.act_dyn(&mut |s| result = f.take().map(|f| f(s)));
        result
    }

    fn act_dyn(self, f: &mut dyn FnMut(&mut AppSession)) {
        let changes = self.session.try_update_value(|s| {
            f(s);
            s.take_changes()
        });
        if let Some(changes) = changes {
            self.show(changes);
        }
    }

    fn show(self, changes: Changes) {
        if changes.abort
            && let Some(controller) = self.abort.try_update_value(Option::take).flatten()
        {
            controller.abort();
        }
        if changes.thread {
            self.show_rows();
        }
        if !changes.messages.is_empty() {
            self.rows.with_untracked(|rows| {
                for row in rows.iter().filter(|r| changes.messages.contains(&r.id)) {
                    row.changed.notify();
                }
            });
        }
        if changes.list {
            self.list.notify();
        }
        if changes.library
            && let Some(prompts) = self.read(|s| s.prompts().to_vec())
        {
            self.prompts.set(prompts);
        }
        if changes.images {
            self.pump_images();
        }
        if changes.status || changes.list || changes.thread {
            self.show_status();
        }
    }

    /// The open chat's rows: a message still shown keeps its row (and its
    /// view), and hears that it may have changed.
    fn show_rows(self) {
        let Some((open, ids, params)) = self.read(|s| {
            let ids: Vec<(String, Role)> = s
                .current()
                .map(|c| c.messages.iter().map(|m| (m.id.clone(), m.role)).collect())
                .unwrap_or_default();
            (s.open_id().to_string(), ids, s.params())
        }) else {
            return;
        };
        let old = self.rows.get_untracked();
        let rows: Vec<MsgRow> = ids
            .into_iter()
            .map(|(id, role)| match old.iter().find(|r| r.id == id) {
                Some(row) => {
                    row.changed.notify();
                    row.clone()
                }
                None => MsgRow {
                    id,
                    role,
                    changed: ArcTrigger::new(),
                },
            })
            .collect();
        // Another chat starts again from its newest messages (set with the
        // rows, before the thread shows any of them).
        if self.open_id.with_untracked(|id| *id != open) {
            self.built.set(FIRST_MESSAGES);
        }
        let same = rows.len() == old.len() && rows.iter().zip(&old).all(|(a, b)| a.id == b.id);
        if !same {
            self.rows.set(rows);
        }
        set_if_changed(self.open_id, open);
        set_if_changed(self.params, params);
    }

    fn show_status(self) {
        let Some(now) = self.read(|s| Status {
            title: s.open_title(),
            settings: s.settings().clone(),
            api_key: s.api_key().to_string(),
            streaming_chat: s.streaming_chat().map(str::to_owned),
            problem: s.problem().map(str::to_owned),
            key_check: s.key_check().map(|c| c.sentence.clone()),
            key_check_state: match s.key_check().map(|c| c.works) {
                Some(None) => "testing",
                Some(Some(true)) => "works",
                Some(Some(false)) => "fails",
                None => "",
            }
            .to_owned(),
            storage_error: s.storage_error().map(str::to_owned),
            notices: s.notices().to_vec(),
            deleted: s.deleted_note().map(|note| (s.deleted_a_chat(), note)),
            spending: s.spending(),
            summary: s.summary(),
            models: s.model_choices(),
            announcement: s.announcement().to_owned(),
            usage: s.usage(),
            image_usage: (s.image_usage(), s.images_full()),
            read_only: s.read_only(),
        }) else {
            return;
        };
        set_if_changed(self.title, now.title);
        set_if_changed(self.settings, now.settings);
        set_if_changed(self.api_key, now.api_key);
        set_if_changed(self.streaming_chat, now.streaming_chat);
        set_if_changed(self.problem, now.problem);
        set_if_changed(self.key_check, now.key_check);
        set_if_changed(self.key_check_state, now.key_check_state);
        set_if_changed(self.storage_error, now.storage_error);
        set_if_changed(self.notices, now.notices);
        set_if_changed(self.deleted, now.deleted);
        set_if_changed(self.spending, now.spending);
        set_if_changed(self.summary, now.summary);
        set_if_changed(self.models, now.models);
        set_if_changed(self.announcement, now.announcement);
        set_if_changed(self.usage, now.usage);
        set_if_changed(self.image_usage, now.image_usage);
        set_if_changed(self.read_only, now.read_only);
    }
}

/// What the status signals show, read from the session in one go (and set
/// after, so no view runs while the session is being read).
struct Status {
    title: String,
    settings: Settings,
    api_key: String,
    streaming_chat: Option<String>,
    problem: Option<String>,
    key_check: Option<String>,
    key_check_state: String,
    storage_error: Option<String>,
    notices: Vec<String>,
    deleted: Option<(bool, String)>,
    spending: Option<String>,
    summary: Option<SummaryView>,
    models: Vec<String>,
    announcement: String,
    usage: StorageUsage,
    image_usage: (Option<ImageUsage>, bool),
    read_only: bool,
}

/// Set `signal` only when the value differs, so nothing re-renders for an
/// equal value.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}
