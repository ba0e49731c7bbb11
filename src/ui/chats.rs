//! Managing the list of chats: rename, delete and undo. Each change goes to
//! storage at once; a delete can be undone until the next one.

use leptos::prelude::*;

use super::actions;
use super::state::{AppState, MsgRow};
use crate::browser::clock::{new_id, now_ms};
use crate::browser::storage::BrowserKv;
use crate::chat::{Conversation, sort_newest_first};
use crate::store::KeyValue;
use crate::store::layout::{CHAT_PREFIX, SETTINGS_KEY};

impl AppState {
    /// Give a chat its own title; an empty title goes back to the automatic one.
    pub fn rename_chat(&self, id: &str, title: &str) {
        let title = title.trim();
        let conv = if self.open_id.get_untracked() == id {
            self.snapshot_open()
        } else {
            self.chats
                .with_untracked(|cs| cs.iter().find(|c| c.id == id).cloned())
        };
        let Some(mut conv) = conv else { return };
        if conv.title_is_custom && conv.title == title || !conv.title_is_custom && title.is_empty()
        {
            return;
        }
        conv.title = title.to_string();
        conv.title_is_custom = !title.is_empty();
        self.commit(conv);
    }

    /// Delete a chat; it can be brought back with [`AppState::undo_delete`].
    pub fn delete_chat(&self, id: &str) {
        if self.streaming_chat.get_untracked().as_deref() == Some(id) {
            actions::stop(*self);
        }
        let open = self.open_id.get_untracked();
        let conv = if open == id {
            self.snapshot_open()
        } else {
            self.chats
                .with_untracked(|cs| cs.iter().find(|c| c.id == id).cloned())
        };
        let Some(conv) = conv else { return };
        self.chats.update(|cs| cs.retain(|c| c.id != id));
        if open == id {
            self.show_next_after_delete();
        }
        let open = self.open_id.get_untracked();
        let result = self
            .chats
            .with_untracked(|cs| self.with_store(|store| store.delete_chat(id, cs, Some(&open))));
        self.note_save(result);
        if !conv.is_empty() {
            self.deleted.set(Some(conv));
        }
        // Deleting may have made room for a save that failed before.
        if self.storage_error.get_untracked().is_some() {
            self.save_open();
        }
    }

    /// Bring back the chat deleted last, as it was.
    pub fn undo_delete(&self) {
        let Some(conv) = self.deleted.get_untracked() else {
            return;
        };
        self.deleted.set(None);
        self.commit(conv);
        self.chats.update(|cs| sort_newest_first(cs));
    }

    /// Another tab wrote `key` (None: it cleared storage). Chats it changed are
    /// picked up; the open chat is refreshed too unless a reply streams into it
    /// here, in which case this tab's next save merges both.
    pub fn changed_in_other_tab(&self, key: Option<&str>) {
        let Some(key) = key else {
            self.reload_list();
            return;
        };
        if key == SETTINGS_KEY {
            let stored = BrowserKv::local().get(SETTINGS_KEY).ok().flatten();
            if let Some(settings) = stored.and_then(|raw| crate::json::parse(&raw).ok()) {
                self.settings.set(settings);
            }
            return;
        }
        let Some(id) = key.strip_prefix(CHAT_PREFIX) else {
            return;
        };
        let streaming = self.streaming_chat.get_untracked();
        if streaming.as_deref() == Some(id) {
            return;
        }
        let open = self.open_id.get_untracked();
        match self.with_store(|store| store.read_chat_quiet(id)) {
            Some(other) => {
                let newer = self.chats.with_untracked(|cs| {
                    cs.iter()
                        .find(|c| c.id == id)
                        .is_none_or(|c| other.updated_ms > c.updated_ms)
                });
                if !newer {
                    return;
                }
                if other.id == open {
                    self.set_rows_keeping(&other.messages);
                    self.params.set(other.params.clone());
                }
                self.chats.update(|cs| {
                    match cs.iter_mut().find(|c| c.id == other.id) {
                        Some(slot) => *slot = other,
                        None => cs.push(other),
                    }
                    sort_newest_first(cs);
                });
            }
            // Deleted there. The open chat stays on screen (and is saved
            // again if it changes here); others leave the list.
            None if id != open => self.chats.update(|cs| cs.retain(|c| c.id != id)),
            None => {}
        }
    }

    /// Read the whole list again (another tab cleared or replaced storage).
    fn reload_list(&self) {
        let report = self.with_store(|store| store.load(now_ms()));
        self.replace_tally(report.tally);
        let open = self.open_id.get_untracked();
        self.chats.update(|cs| {
            let kept = cs.iter().find(|c| c.id == open).cloned();
            *cs = report.conversations;
            if let Some(k) = kept
                && !cs.iter().any(|c| c.id == k.id)
            {
                cs.insert(0, k);
            }
        });
    }

    /// After the open chat is deleted: show the newest remaining one, or a
    /// fresh chat when none is left.
    fn show_next_after_delete(&self) {
        let next = self
            .chats
            .with_untracked(|cs| cs.iter().find(|c| !c.is_empty()).cloned());
        let conv = next.unwrap_or_else(|| {
            let c = Conversation::new(new_id("c"), self.settings.get_untracked().model, now_ms());
            self.chats.update(|cs| cs.insert(0, c.clone()));
            c
        });
        self.rows
            .set(conv.messages.iter().cloned().map(MsgRow::new).collect());
        self.params.set(conv.params.clone());
        self.open_id.set(conv.id);
        self.composer_error.set(None);
    }
}
