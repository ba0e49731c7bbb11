//! Settings (endpoint, model, theme, where the key is kept), the API key,
//! and the open chat's generation parameters.

use super::{Env, Session};
use crate::chat::ChatParams;
use crate::store::{KeyPersistence, KeyValue, Settings};

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Change the settings and write them.
    pub fn update_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let before = self.settings.clone();
        change(&mut self.settings);
        if self.settings == before {
            return;
        }
        self.changes.status = true;
        if self.settings.key_persistence != before.key_persistence {
            self.store_key();
        }
        if self.settings.model != before.model {
            // The model chosen now is the one the open chat uses, even if
            // it started with its folder's.
            self.update_params(|p| p.model = None);
        }
        let settings = &self.settings;
        let result = self.disk.with(|store| store.save_settings(settings));
        self.note_save(result);
    }

    /// The key as the user entered it, kept where the settings say.
    pub fn set_api_key(&mut self, key: &str) {
        let key = key.trim();
        if self.api_key == key {
            return;
        }
        self.api_key = key.to_string();
        self.changes.status = true;
        self.store_key();
    }

    /// Forget the key on this device and in this tab.
    pub fn forget_api_key(&mut self) {
        self.api_key.clear();
        self.changes.status = true;
        let tab = self.settings.key_persistence;
        let other = match tab {
            KeyPersistence::Device => KeyPersistence::Tab,
            KeyPersistence::Tab => KeyPersistence::Device,
        };
        // Saving an empty key where it is kept removes it, and removes it
        // from the other storage on the way.
        let _ = self.disk.save_api_key("", other);
        let result = self.disk.save_api_key("", tab);
        self.note_save(result);
    }

    fn store_key(&mut self) {
        let result = self
            .disk
            .save_api_key(&self.api_key, self.settings.key_persistence);
        self.note_save(result);
    }

    /// Change the open chat's parameters (system prompt, temperature…) and
    /// write the chat.
    pub fn update_params(&mut self, change: impl FnOnce(&mut ChatParams)) {
        let Some(conv) = self.open_mut() else { return };
        let before = conv.params.clone();
        change(&mut conv.params);
        if conv.params == before {
            return;
        }
        self.changes.thread = true;
        self.save_open();
    }
}
