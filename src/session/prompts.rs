//! The prompt library: saved prompts the user picks by typing `/` in the
//! message box. Written whole on each change (it is small); until the
//! first change the library is the starters, and nothing is stored.

use super::{Env, Session};
use crate::chat::prompts::{Prompt, tidy};
use crate::store::KeyValue;

impl<K: KeyValue, E: Env> Session<K, E> {
    pub fn prompts(&self) -> &[Prompt] {
        &self.prompts
    }

    /// Save a prompt: the one with `id` changed, or (`None`) a new one at
    /// the end. Its id.
    pub fn save_prompt(&mut self, id: Option<&str>, name: &str, text: &str) -> String {
        let existing = id.and_then(|id| self.prompts.iter().position(|p| p.id == id));
        let prompt = tidy(Prompt {
            id: match existing {
                Some(at) => self.prompts[at].id.clone(),
                None => self.env.new_id("p"),
            },
            name: name.to_string(),
            text: text.to_string(),
        });
        let id = prompt.id.clone();
        match existing {
            Some(at) if self.prompts[at] == prompt => return id,
            Some(at) => self.prompts[at] = prompt,
            None => self.prompts.push(prompt),
        }
        self.save_prompts();
        id
    }

    pub fn delete_prompt(&mut self, id: &str) {
        let before = self.prompts.len();
        self.prompts.retain(|p| p.id != id);
        if self.prompts.len() != before {
            self.save_prompts();
        }
    }

    pub(super) fn save_prompts(&mut self) {
        self.changes.library = true;
        let prompts = &self.prompts;
        let result = self.disk.with(|store| store.save_prompts(prompts));
        self.note_save(result);
    }
}
