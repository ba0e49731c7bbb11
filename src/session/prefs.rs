//! Settings (endpoint, model, theme, where the key is kept), the API key,
//! the open chat's generation parameters and the defaults new chats start
//! from.

use super::{Env, Session};
use crate::api::key::clean_key;
use crate::chat::ChatParams;
use crate::chat::catalogue::{model_choices, models_url};
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
        if self.settings.base_url != before.base_url {
            self.forget_key_check();
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

    /// The model picked (in Settings or under the message box): the one
    /// Settings keeps and the open chat sends to, even when the chat
    /// started with its folder's model and Settings already had this one.
    pub fn choose_model(&mut self, model: String) {
        self.update_settings(|s| s.model = model);
        self.update_params(|p| p.model = None);
    }

    /// The key as the user entered it, without the whitespace and invisible
    /// characters a paste brings along (`api::key`), kept where the settings say.
    pub fn set_api_key(&mut self, key: &str) {
        let key = clean_key(key);
        if self.api_key == key {
            return;
        }
        self.api_key = key;
        self.changes.status = true;
        self.forget_key_check();
        self.store_key();
    }

    /// Forget the key on this device and in this tab.
    pub fn forget_api_key(&mut self) {
        self.api_key.clear();
        self.changes.status = true;
        self.forget_key_check();
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

    /// Where to ask the endpoint for its models, and with which key, when
    /// it is worth asking: the list is not in yet for this Base URL, and
    /// there is a key or the endpoint is this site's own (a proxy or the
    /// demo). `None` otherwise.
    pub fn models_request(&self) -> Option<(String, String)> {
        let base = self.settings.base_url.trim();
        if base.is_empty() || self.endpoint_models.0 == base {
            return None;
        }
        let key = self.api_key.trim();
        (!key.is_empty() || base.starts_with('/')).then(|| (models_url(base), key.to_string()))
    }

    /// The endpoint at `base_url` listed `ids` (`GET /models`): the Model
    /// select offers them too.
    pub fn set_endpoint_models(&mut self, base_url: &str, ids: Vec<String>) {
        self.endpoint_models = (base_url.trim().to_string(), ids);
        self.changes.status = true;
    }

    /// The ids the Model select offers: the catalogue's, the endpoint's
    /// others (when its list is for the Base URL set now), and the one the
    /// open chat sends to (its own, as a folder gave it, else Settings'),
    /// so the select never shows another.
    pub fn model_choices(&self) -> Vec<String> {
        let (base, ids) = &self.endpoint_models;
        let listed = if base == self.settings.base_url.trim() {
            ids.as_slice()
        } else {
            &[]
        };
        model_choices(listed, &self.model())
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

    /// Change what a New chat starts from (Settings' defaults section).
    /// The open chat follows when it has no message yet and was still on
    /// the old defaults: it is the chat those defaults are set for.
    pub fn update_defaults(&mut self, change: impl FnOnce(&mut ChatParams)) {
        let before = self.settings.chat_defaults.clone();
        self.update_settings(|s| change(&mut s.chat_defaults));
        let now = self.settings.chat_defaults.clone();
        if now == before {
            return;
        }
        let open = self.open.clone();
        if let Some(conv) = self.chats.get_mut(&open)
            && conv.is_empty()
            && conv.params == before
        {
            conv.params = now;
            self.changes.thread = true;
        }
    }
}
