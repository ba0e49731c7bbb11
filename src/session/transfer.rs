//! Import and export: the chats to write out, and merging an export back
//! in without duplicates.

use super::{Env, Session};
use crate::chat::Conversation;
use crate::store::KeyValue;
use crate::store::transfer::{import_json, merge};

/// Which chats to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    Open,
    All,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// The chats to export, as they are now; chats with no messages are
    /// left out. All of them are read first, if they are not yet (the page
    /// reads them in slices before it asks, so this does not block it).
    pub fn chats_to_export(&mut self, scope: ExportScope) -> Vec<Conversation> {
        if scope == ExportScope::All {
            self.read_all();
        }
        self.chats
            .read_chats()
            .filter(|c| scope == ExportScope::All || c.id == self.open)
            .filter(|c| !c.is_empty())
            .cloned()
            .collect()
    }

    /// Merge an export into the chats here and write what changed. `Ok`
    /// says what happened; `Err` why nothing was changed.
    pub fn import(&mut self, text: &str) -> Result<String, String> {
        let now = self.env.now_ms();
        let incoming = import_json(text, now, &mut || self.env.new_id("c"))
            .map_err(|e| format!("{e} Nothing was changed."))?;
        self.save_open();
        // Every chat here must be seen, so nothing is imported twice.
        self.read_all();
        let existing: Vec<Conversation> = self.chats.read_chats().cloned().collect();
        let outcome = merge(&existing, incoming, &mut || self.env.new_id("c"));
        for conv in outcome.added.iter().chain(&outcome.updated) {
            // A reply streaming into a chat here is not overwritten.
            if self.streaming_chat() == Some(conv.id.as_str()) {
                continue;
            }
            let id = conv.id.clone();
            self.put(conv.clone());
            self.save_chat(&id);
        }
        // The meter already follows each write made above.
        self.chats.sort();
        self.changes.list = true;
        Ok(outcome.summary())
    }
}
