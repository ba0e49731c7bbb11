//! Folders that hold chats, and pinned chats: how the list is arranged.
//!
//! A chat names its folder by id (`Conversation::folder`) and says when it
//! was pinned (`Conversation::pinned_ms`); both are copied into the index,
//! so the list is arranged before any chat is read. The list shows pinned
//! chats first, in the order they were pinned, then each folder with its
//! other chats, then the chats in no folder. A chat whose folder is gone
//! (deleted in another tab, or named by an imported file) is in no folder.

use super::conversation::{ChatParams, Conversation};
use crate::json::record::json_record;

json_record! {
    /// A folder, as stored in `mmchat:folders` (`store/library.rs`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Folder {
        pub id: String,
        pub name: String = default,
        /// Shown closed in the list (its chats hidden until opened).
        pub collapsed: bool = default,
        /// The model new chats in it start with; `None`: the one in Settings.
        pub model: Option<String> = omit_empty,
        /// The system prompt new chats in it start with.
        pub system_prompt: String = default,
    }
}

/// The name a folder gets when it is given none.
pub const UNNAMED_FOLDER: &str = "New folder";

impl Folder {
    pub fn new(id: String, name: &str) -> Self {
        Folder {
            id,
            name: folder_name(name),
            collapsed: false,
            model: None,
            system_prompt: String::new(),
        }
    }

    /// The settings a new chat in this folder starts with: the defaults
    /// for new chats, with the folder's model and system prompt where it
    /// has them.
    pub fn new_chat_params(&self, defaults: &ChatParams) -> ChatParams {
        let mut params = defaults.clone();
        if self.model.is_some() {
            params.model = self.model.clone();
        }
        if !self.system_prompt.trim().is_empty() {
            params.system_prompt = self.system_prompt.clone();
        }
        params
    }
}

/// A folder name as kept: trimmed, on one line, never empty.
pub fn folder_name(name: &str) -> String {
    one_line_name(name, UNNAMED_FOLDER)
}

/// A name as kept (folders, prompts): one line of at most 80 characters,
/// spaces collapsed, `fallback` when nothing is left.
pub fn one_line_name(name: &str, fallback: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        fallback.to_string()
    } else {
        name.chars().take(80).collect()
    }
}

/// Where a chat goes in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Pinned: first, in pin order.
    Pinned,
    /// In the folder at this position of the folder list.
    Folder(usize),
    Loose,
}

/// The place of a chat pinned at `pinned_ms` in folder `folder`.
pub fn place(pinned_ms: Option<f64>, folder: Option<&str>, folders: &[Folder]) -> Place {
    if pinned_ms.is_some() {
        return Place::Pinned;
    }
    folder
        .and_then(|id| folders.iter().position(|f| f.id == id))
        .map_or(Place::Loose, Place::Folder)
}

/// Whether `conv` sits in the folder `id`.
pub fn is_in(conv: &Conversation, id: &str) -> bool {
    conv.folder.as_deref() == Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_trimmed_line_and_never_empty() {
        assert_eq!(folder_name("  Work\n notes "), "Work notes");
        assert_eq!(folder_name(" \n"), UNNAMED_FOLDER);
        assert_eq!(folder_name(&"x".repeat(200)).len(), 80);
    }

    #[test]
    fn pinned_comes_before_any_folder_and_unknown_folders_are_loose() {
        let folders = vec![Folder::new("f1".into(), "A"), Folder::new("f2".into(), "B")];
        assert_eq!(place(Some(1.0), Some("f2"), &folders), Place::Pinned);
        assert_eq!(place(None, Some("f2"), &folders), Place::Folder(1));
        assert_eq!(place(None, Some("gone"), &folders), Place::Loose);
        assert_eq!(place(None, None, &folders), Place::Loose);
    }

    #[test]
    fn a_folder_gives_new_chats_its_model_and_prompt_only() {
        let mut f = Folder::new("f".into(), "Code");
        f.model = Some("MiniMax-M2.5".into());
        f.system_prompt = "Answer in Rust.".into();
        let defaults = ChatParams {
            temperature: 0.3,
            system_prompt: "Be brief.".into(),
            ..ChatParams::default()
        };
        let p = f.new_chat_params(&defaults);
        assert_eq!(p.model.as_deref(), Some("MiniMax-M2.5"));
        assert_eq!(p.system_prompt, "Answer in Rust.");
        assert_eq!(p.temperature, 0.3);
        // A folder without a prompt or model keeps the defaults'.
        let plain = Folder::new("g".into(), "Plain").new_chat_params(&defaults);
        assert_eq!(plain, defaults);
    }
}
