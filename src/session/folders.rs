//! Pinned chats and folders. A chat's pin and folder live in the chat (and
//! its index entry); the folders themselves are one small record. Each
//! change is written at once: the chat for a pin or a move, the folder
//! record for a folder. Deleting a folder first moves its chats out, one
//! written chat at a time, and only then forgets the folder, so a fault
//! half-way leaves chats in a folder that still exists, never in a gap.

use super::{Env, ListItem, Session};
use crate::chat::Conversation;
use crate::chat::folders::{Folder, Place, folder_name, place};
use crate::store::KeyValue;

/// The list as the sidebar shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arranged {
    /// Pinned chats, in the order they were pinned.
    pub pinned: Vec<ListItem>,
    /// Every folder with its chats (those not pinned), newest first.
    pub folders: Vec<(Folder, Vec<ListItem>)>,
    /// Chats in no folder, newest first.
    pub loose: Vec<ListItem>,
}

/// One row of the sidebar's list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListRow {
    /// Above the pinned chats.
    PinnedHeading,
    /// Above the chats in no folder (where a chat is dropped to take it
    /// out of its folder); only when there are folders or pins.
    LooseHeading,
    /// A folder, with how many chats it holds (that match a search), and
    /// whether they are shown below it.
    Folder {
        folder: Folder,
        count: usize,
        open: bool,
    },
    /// A chat; `nested` inside an open folder.
    Chat { item: ListItem, nested: bool },
}

impl Arranged {
    /// The rows to show. While `searching`, folders without a match are
    /// left out and the others are shown open, collapsed or not, so a
    /// search finds chats in every folder.
    pub fn rows(&self, searching: bool) -> Vec<ListRow> {
        let chat = |item: &ListItem, nested| ListRow::Chat {
            item: item.clone(),
            nested,
        };
        let mut rows = Vec::new();
        if !self.pinned.is_empty() {
            rows.push(ListRow::PinnedHeading);
            rows.extend(self.pinned.iter().map(|i| chat(i, false)));
        }
        for (folder, items) in &self.folders {
            if searching && items.is_empty() {
                continue;
            }
            let open = searching || !folder.collapsed;
            rows.push(ListRow::Folder {
                folder: folder.clone(),
                count: items.len(),
                open,
            });
            if open {
                rows.extend(items.iter().map(|i| chat(i, true)));
            }
        }
        let drop_target = !searching && !self.folders.is_empty();
        if !rows.is_empty() && (!self.loose.is_empty() || drop_target) {
            rows.push(ListRow::LooseHeading);
        }
        rows.extend(self.loose.iter().map(|i| chat(i, false)));
        rows
    }
}

impl<K: KeyValue, E: Env> Session<K, E> {
    pub fn folders(&self) -> &[Folder] {
        &self.folders
    }

    /// `items` (rows of the list, newest first) arranged: pinned first,
    /// then by folder, then the rest.
    pub fn arrange(&self, items: &[ListItem]) -> Arranged {
        let mut out = Arranged {
            folders: self
                .folders
                .iter()
                .map(|f| (f.clone(), Vec::new()))
                .collect(),
            ..Arranged::default()
        };
        let mut pinned: Vec<(f64, ListItem)> = Vec::new();
        for item in items {
            let (pinned_ms, folder) = self.placement(&item.id);
            match place(pinned_ms, folder.as_deref(), &self.folders) {
                Place::Pinned => pinned.push((pinned_ms.unwrap_or_default(), item.clone())),
                Place::Folder(i) => out.folders[i].1.push(item.clone()),
                Place::Loose => out.loose.push(item.clone()),
            }
        }
        // Oldest pin first: the order they were pinned in.
        crate::chat::newest_first(&mut pinned, |(ms, _)| -ms);
        out.pinned = pinned.into_iter().map(|(_, item)| item).collect();
        // Date headings only among the chats in no folder: pinned chats
        // keep their pin order and a folder's chats its heading.
        for item in out
            .pinned
            .iter_mut()
            .chain(out.folders.iter_mut().flat_map(|(_, items)| items))
        {
            item.heading = None;
        }
        let mut last = None;
        for item in &mut out.loose {
            item.heading = (item.group != last).then_some(item.group).flatten();
            last = item.group;
        }
        out
    }

    /// Where chat `id` is kept: when it was pinned, and its folder.
    fn placement(&self, id: &str) -> (Option<f64>, Option<String>) {
        match self.chats.find(id) {
            Some(super::entries::Entry::Read(c)) => (c.pinned_ms, c.folder.clone()),
            Some(super::entries::Entry::Unread(e)) => (e.pinned_ms, e.folder.clone()),
            None => (None, None),
        }
    }

    /// Pin chat `id` (it goes after the chats pinned before it) or unpin it.
    pub fn set_pinned(&mut self, id: &str, pinned: bool) {
        let now = self.env.now_ms();
        self.change_chat_place(id, |c| {
            c.pinned_ms = match (pinned, c.pinned_ms) {
                (true, Some(ms)) => Some(ms),
                (true, None) => Some(now),
                (false, _) => None,
            };
        });
    }

    /// Move chat `id` into folder `folder` (`None`: out of any folder).
    pub fn move_chat(&mut self, id: &str, folder: Option<&str>) {
        let folder = folder
            .filter(|f| self.folders.iter().any(|x| x.id == *f))
            .map(str::to_string);
        self.change_chat_place(id, |c| c.folder = folder);
    }

    /// Change where a chat is listed and write it. Not its `updated_ms`: a
    /// pin or a move does not make a chat newer.
    fn change_chat_place(&mut self, id: &str, change: impl FnOnce(&mut Conversation)) {
        let Some(conv) = self.chat_mut(id) else {
            return;
        };
        let before = (conv.pinned_ms, conv.folder.clone());
        change(conv);
        if (conv.pinned_ms, conv.folder.clone()) == before {
            return;
        }
        self.changes.list = true;
        self.save_chat(id);
    }

    /// Make a folder; its id.
    pub fn create_folder(&mut self, name: &str) -> String {
        let folder = Folder::new(self.env.new_id("f"), name);
        let id = folder.id.clone();
        self.folders.push(folder);
        self.save_folders();
        id
    }

    pub fn rename_folder(&mut self, id: &str, name: &str) {
        let name = folder_name(name);
        self.change_folder(id, |f| f.name = name);
    }

    /// Show a folder's chats, or hide them. Kept, so a reload shows the
    /// list as it was left.
    pub fn set_folder_collapsed(&mut self, id: &str, collapsed: bool) {
        self.change_folder(id, |f| f.collapsed = collapsed);
    }

    /// The model (`None`: the one in Settings) and system prompt that new
    /// chats in folder `id` start with.
    pub fn set_folder_defaults(&mut self, id: &str, model: Option<String>, system_prompt: &str) {
        let model = model.filter(|m| !m.trim().is_empty());
        let prompt = system_prompt.to_string();
        self.change_folder(id, |f| {
            f.model = model;
            f.system_prompt = prompt;
        });
    }

    fn change_folder(&mut self, id: &str, change: impl FnOnce(&mut Folder)) {
        let Some(folder) = self.folders.iter_mut().find(|f| f.id == id) else {
            return;
        };
        let before = folder.clone();
        change(folder);
        if *folder != before {
            self.save_folders();
        }
    }

    /// Delete folder `id`. Its chats are kept: they move out of it first.
    pub fn delete_folder(&mut self, id: &str) {
        if !self.folders.iter().any(|f| f.id == id) {
            return;
        }
        let inside: Vec<String> = self
            .chats
            .all()
            .iter()
            .filter(|e| self.placement(e.id()).1.as_deref() == Some(id))
            .map(|e| e.id().to_string())
            .collect();
        let moved_any = !inside.is_empty();
        for chat in inside {
            self.move_chat(&chat, None);
        }
        // An empty new chat started in it is not stored: it just leaves.
        if let Some(open) = self.open_mut()
            && open.folder.as_deref() == Some(id)
        {
            open.folder = None;
        }
        if moved_any && self.storage_error.is_some() {
            // A chat could not be written out of it: the folder stays.
            return;
        }
        self.folders.retain(|f| f.id != id);
        self.save_folders();
    }

    /// Start a new chat in folder `id`, with the folder's model and system
    /// prompt. An empty chat already open is reused.
    pub fn new_chat_in(&mut self, id: &str) {
        let Some(folder) = self.folders.iter().find(|f| f.id == id).cloned() else {
            return;
        };
        self.new_chat();
        let params = folder.new_chat_params(&self.settings.chat_defaults);
        if let Some(conv) = self.open_mut().filter(|c| c.is_empty()) {
            conv.folder = Some(folder.id.clone());
            conv.params = params;
        }
        self.changes.thread = true;
        self.changes.status = true;
    }

    /// The model the open chat sends to: its own, else the one in Settings.
    pub fn model(&self) -> String {
        self.current()
            .and_then(|c| c.params.model.clone())
            .unwrap_or_else(|| self.settings.model.clone())
    }

    /// An empty chat opened in a folder becomes a plain new chat again
    /// (New chat outside any folder).
    pub(super) fn leave_folder_if_empty(&mut self) {
        let defaults = self.settings.chat_defaults.clone();
        if let Some(conv) = self
            .open_mut()
            .filter(|c| c.is_empty() && c.folder.is_some())
        {
            conv.folder = None;
            conv.params = defaults;
            self.changes.thread = true;
        }
    }

    pub(super) fn save_folders(&mut self) {
        self.changes.list = true;
        let folders = &self.folders;
        let result = self.disk.with(|store| store.save_folders(folders));
        self.note_save(result);
    }
}
