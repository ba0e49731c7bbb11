//! Another tab's writes, as the browser's `storage` event reports them.
//! Chats it changed are picked up; the chat a reply streams into here is
//! left alone (this tab's next write merges both, see `store/reconcile.rs`).

use super::entries::Entries;
use super::{Env, Session};
use crate::store::layout::{CHAT_PREFIX, SETTINGS_KEY};
use crate::store::{KeyValue, Settings, Store};

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Another tab wrote `key` (now `value`; `None`: removed), or cleared
    /// storage (`key` is `None`).
    pub fn changed_in_other_tab(&mut self, key: Option<&str>, value: Option<&str>) {
        self.changes.status = true;
        let Some(key) = key else {
            self.reload_list();
            return;
        };
        self.disk.tally.set(key, value);
        if key == SETTINGS_KEY {
            if let Some(settings) = value.and_then(|raw| crate::json::parse::<Settings>(raw).ok()) {
                self.settings = settings;
            }
            return;
        }
        let Some(id) = key.strip_prefix(CHAT_PREFIX) else {
            return;
        };
        if self.streaming_chat() == Some(id) {
            return;
        }
        match Store::new(&self.disk.local).read_chat_quiet(id) {
            Some(other) => {
                let newer = self
                    .chat(id)
                    .is_none_or(|c| other.updated_ms > c.updated_ms);
                if newer {
                    self.put(other);
                    self.chats.sort();
                }
            }
            // Deleted there. The open chat stays on screen (and is saved
            // again if it changes here); others leave the list.
            None if id != self.open => {
                self.chats.retain(|e| e.id() != id);
                self.changes.list = true;
            }
            None => {}
        }
    }

    /// Read the whole list again (another tab cleared or replaced storage).
    /// The open chat stays on screen.
    fn reload_list(&mut self) {
        let now = self.env.now_ms();
        let report = Store::new(&self.disk.local).load_start(Some(&self.open), now);
        self.disk.tally = report.tally;
        let kept = self.chat(&self.open).cloned();
        self.chats = Entries::new(report.conversations, report.unread);
        if let Some(k) = kept
            && !self.chats.contains(&k.id)
        {
            self.chats.insert_first(k);
        }
        self.changes.list = true;
        self.changes.thread = true;
    }
}
