//! Which chat is open, and managing the list: new, open, rename, delete.
//! Each change goes to storage at once; a delete can be undone until the
//! next one (`trash.rs`).

use super::entries::Entry;
use super::trash::Deleted;
use super::{Env, Session};
use crate::chat::Conversation;
use crate::store::KeyValue;

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Show another chat. The one left is saved first, or dropped if it
    /// never got a message.
    pub fn open_chat(&mut self, id: &str) {
        if self.open == id || !self.read_chat(id) {
            return;
        }
        self.save_open();
        self.drop_open_if_empty();
        self.open = id.to_string();
        self.set_problem(None);
        self.retry = None;
        self.changes.thread = true;
        self.changes.status = true;
        self.save_index();
        self.forget_loaded_images();
        self.look_after_images(id);
    }

    /// Start a new, empty chat (kept in memory until its first message). It
    /// starts from the defaults, never from the last chat's system prompt
    /// or parameters.
    pub fn new_chat(&mut self) {
        if self.current().is_some_and(Conversation::is_empty) {
            self.leave_folder_if_empty();
            self.set_problem(None);
            return;
        }
        self.save_open();
        self.open_new_chat();
        self.set_problem(None);
        self.retry = None;
        self.changes.status = true;
    }

    /// Open a fresh chat with the default model and parameters.
    pub(super) fn open_new_chat(&mut self) {
        let mut conv = Conversation::new(
            self.env.new_id("c"),
            self.settings.model.clone(),
            self.env.now_ms(),
        );
        conv.params = self.settings.chat_defaults.clone();
        self.open = conv.id.clone();
        self.chats.insert_first(conv);
        self.changes.thread = true;
    }

    pub(super) fn drop_open_if_empty(&mut self) {
        let open = self.open.clone();
        self.chats.retain(|e| e.id() != open || !e.is_empty());
    }

    /// Give a chat its own title; an empty title goes back to the automatic
    /// one.
    pub fn rename_chat(&mut self, id: &str, title: &str) {
        let title = title.trim();
        let Some(conv) = self.chat_mut(id) else {
            return;
        };
        if conv.title_is_custom && conv.title == title || !conv.title_is_custom && title.is_empty()
        {
            return;
        }
        conv.title = title.to_string();
        conv.title_is_custom = !title.is_empty();
        self.changes.list = true;
        self.changes.status = true;
        self.save_chat(id);
    }

    /// Delete a chat; [`Session::undo_delete`] brings it back. A reply
    /// streaming into it is stopped first.
    pub fn delete_chat(&mut self, id: &str) {
        if self.streaming_chat() == Some(id) {
            self.stop();
        }
        // Read first, so that Undo can bring it back whole.
        self.read_chat(id);
        let Some(entry) = self.chats.remove(id) else {
            return;
        };
        let failed_before = self.storage_error.is_some();
        if self.open == id {
            self.open_next_after_delete();
        }
        let open = self.open.as_str();
        let chats = self.chats.all();
        let result = self
            .disk
            .with(|store| store.delete_chat(id, chats, Some(open)));
        self.note_save(result);
        if let Entry::Read(conv) = entry
            && !conv.is_empty()
        {
            self.delete_images_of(&conv.messages);
            self.deleted = Some(Deleted::Chat(conv));
        }
        self.forget_loaded_images();
        let open = self.open.clone();
        self.look_after_images(&open);
        self.changes.list = true;
        self.changes.status = true;
        // Deleting may have made room for a write that failed before.
        if failed_before {
            self.save_open();
        }
    }

    /// After the open chat is deleted: the newest remaining one, or a
    /// fresh chat when none is left.
    fn open_next_after_delete(&mut self) {
        self.set_problem(None);
        self.changes.thread = true;
        // A chat that cannot be read leaves the list, so this ends.
        while let Some(next) = self
            .chats
            .all()
            .iter()
            .find(|e| !e.is_empty())
            .map(|e| e.id().to_string())
        {
            if self.read_chat(&next) {
                self.open = next;
                return;
            }
        }
        self.open_new_chat();
    }
}
