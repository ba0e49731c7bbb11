//! Import and export: the chats to write out (with their folders, the
//! prompt library and their images), and merging an export back in
//! without duplicates.

use super::{Env, Session};
use crate::chat::Conversation;
use crate::store::KeyValue;
use crate::store::transfer::{Extras, import_extras, import_json, merge};

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

    /// What goes with `chats` into an export of `scope`: the folders they
    /// are in (every folder, for all chats), the prompt library (for all
    /// chats), and the images they name that are in memory (read them
    /// first with [`Session::load_images_of`]).
    pub fn export_extras(&self, scope: ExportScope, chats: &[Conversation]) -> Extras {
        let all = scope == ExportScope::All;
        Extras {
            folders: self
                .folders
                .iter()
                .filter(|f| all || chats.iter().any(|c| c.folder.as_ref() == Some(&f.id)))
                .cloned()
                .collect(),
            prompts: if all {
                self.prompts.clone()
            } else {
                Vec::new()
            },
            images: self.images_of(chats),
        }
    }

    /// Merge an export into the chats here and write what changed. `Ok`
    /// says what happened; `Err` why nothing was changed.
    pub fn import(&mut self, text: &str) -> Result<String, String> {
        let now = self.env.now_ms();
        let incoming = import_json(text, now, &mut || self.env.new_id("c"))
            .map_err(|e| format!("{e} Nothing was changed."))?;
        let extras = import_extras(text);
        self.save_open();
        // Every chat here must be seen, so nothing is imported twice.
        self.read_all();
        let existing: Vec<Conversation> = self.chats.read_chats().cloned().collect();
        let outcome = merge(&existing, incoming, &mut || self.env.new_id("c"));
        let written: Vec<Conversation> = outcome
            .added
            .iter()
            .chain(&outcome.updated)
            // A reply streaming into a chat here is not overwritten.
            .filter(|c| self.streaming_chat() != Some(c.id.as_str()))
            .cloned()
            .collect();
        self.import_images(extras.images, &written);
        let ids: Vec<String> = written.iter().map(|c| c.id.clone()).collect();
        for conv in written {
            self.put(conv);
        }
        self.save_chats(&ids);
        for id in &ids {
            self.look_after_images(id);
        }
        let library = self.import_library(extras.folders, extras.prompts);
        // The meter already follows each write made above.
        self.chats.sort();
        self.changes.list = true;
        Ok(match library {
            Some(more) => format!("{} {more}", outcome.summary()),
            None => outcome.summary(),
        })
    }

    /// Add the folders and prompts of an import that are not here (by id;
    /// a prompt with the same name and text as one here is not added
    /// again). A sentence saying what was added, if anything.
    fn import_library(
        &mut self,
        folders: Vec<crate::chat::Folder>,
        prompts: Vec<crate::chat::Prompt>,
    ) -> Option<String> {
        let before = (self.folders.len(), self.prompts.len());
        for folder in folders {
            if !self.folders.iter().any(|f| f.id == folder.id) {
                self.folders.push(folder);
            }
        }
        for prompt in prompts {
            let here = self
                .prompts
                .iter()
                .any(|p| p.id == prompt.id || (p.name == prompt.name && p.text == prompt.text));
            if !here {
                self.prompts.push(prompt);
            }
        }
        let added = (self.folders.len() - before.0, self.prompts.len() - before.1);
        if added.0 > 0 {
            self.save_folders();
        }
        if added.1 > 0 {
            self.save_prompts();
        }
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(added.0, "folder", "folders"),
            count(added.1, "prompt", "prompts"),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| format!("Added {}.", parts.join(" and ")))
    }
}
