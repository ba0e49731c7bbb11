//! Writing chats. A chat is written whole (one key), then the index. A
//! streaming reply is written at most every [`SAVE_INTERVAL_MS`] and once
//! when it ends. A write that fails (storage full, or switched off) leaves
//! everything on screen and says so until a later write goes through.

use super::entries::Entry;
use super::{Env, Session};
use crate::store::{KeyValue, SaveOutcome, StoreError};

/// While a reply streams, save at most this often; always once at the end.
pub const SAVE_INTERVAL_MS: f64 = 500.0;

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Write the chat `id` as it is now. A chat with no messages is not
    /// written (it exists only until its first message).
    pub(super) fn save_chat(&mut self, id: &str) {
        self.last_save_ms = self.env.now_ms();
        self.unsaved.retain(|u| u != id);
        let Some(conv) = self.chat(id) else { return };
        if conv.is_empty() {
            return;
        }
        let open = self.open.as_str();
        let chats = &self.chats;
        let result = self.disk.with(|store| {
            let conv = chats.get(id)?;
            Some(store.save_chat_checked(conv, chats.all(), Some(open)))
        });
        match result {
            None => {}
            Some(Ok(SaveOutcome::Saved)) => self.note_save(Ok(())),
            Some(Ok(SaveOutcome::Merged(merged))) => {
                // Another tab had added messages: show them too. The reply
                // streaming here is this tab's copy, the freshest there is.
                self.put(*merged);
                self.note_save(Ok(()));
            }
            Some(Err(e)) => {
                self.unsaved.push(id.to_owned());
                self.note_save(Err(e));
            }
        }
        self.changes.status = true;
    }

    /// Write the chat `id`, not the index: an import writes the index once
    /// at its end (it rewrote, and re-read, the whole index per chat).
    /// False when the write failed (the page then says so, as for any save).
    pub(super) fn write_chat_only(&mut self, id: &str) -> bool {
        self.last_save_ms = self.env.now_ms();
        let chats = &self.chats;
        let result = self.disk.with(|store| {
            let conv = chats.get(id).filter(|c| !c.is_empty())?;
            Some(store.write_chat::<Entry>(conv, None, None))
        });
        match result {
            None | Some(Ok(SaveOutcome::Saved)) => true,
            Some(Ok(SaveOutcome::Merged(merged))) => {
                self.put(*merged);
                true
            }
            Some(Err(e)) => {
                self.note_save(Err(e));
                false
            }
        }
    }

    /// Write the streaming reply's chat, unless it was written less than
    /// [`SAVE_INTERVAL_MS`] ago.
    pub(super) fn save_chat_throttled(&mut self, id: &str) {
        if self.env.now_ms() - self.last_save_ms >= SAVE_INTERVAL_MS {
            self.save_chat(id);
        } else if !self.unsaved.iter().any(|u| u == id) {
            self.unsaved.push(id.to_owned());
        }
    }

    /// The page is being hidden or closed: write what is not written yet
    /// (the last moments of a streaming reply, in whichever chat it
    /// streams, and a write that failed), and nothing else. Writing the
    /// open chat instead missed a reply streaming in another chat, and
    /// rewrote the chat and the index on every reload for nothing.
    pub fn page_hidden(&mut self) {
        for id in std::mem::take(&mut self.unsaved) {
            self.save_chat(&id);
        }
    }

    /// Write the open chat now (the page is being hidden or closed, or the
    /// user asked to try again after a failed write).
    pub fn save_open(&mut self) {
        let id = self.open.clone();
        self.save_chat(&id);
    }

    /// Write the index alone: which chat is open, after opening another.
    pub(super) fn save_index(&mut self) {
        let open = self.open.as_str();
        let chats = self.chats.all();
        let result = self.disk.with(|store| store.save_index(chats, Some(open)));
        self.note_save(result);
    }

    pub(super) fn note_save(&mut self, result: Result<(), StoreError>) {
        let error = result.err().map(|e| e.to_string());
        if self.storage_error != error {
            self.storage_error = error;
            self.changes.status = true;
        }
    }

    /// Measure all of storage again. It reads every stored value
    /// (megabytes with hundreds of chats): after an import, not per save.
    pub fn refresh_usage(&mut self) {
        if let Ok(tally) = Store::new(&self.disk.local).usage_tally() {
            self.disk.tally = tally;
            self.changes.status = true;
        }
    }
}

use crate::store::Store;
