//! App-wide settings (not per conversation). The API key is stored apart from
//! these, so settings can be shown or exported without it.

use crate::chat::catalogue::{DEFAULT_MODEL, ENDPOINTS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "lowercase"))]
pub enum KeyPersistence {
    /// localStorage: survives restarts on this device.
    #[default]
    Device,
    /// sessionStorage: gone when the tab closes.
    Tab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "lowercase"))]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// A context window the user set for a model, in place of the catalogue's
/// (an endpoint whose limit differs, or a model the catalogue lacks).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ContextWindow {
    pub model: String,
    pub tokens: u32,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Settings {
    pub base_url: String,
    pub model: String,
    pub key_persistence: KeyPersistence,
    pub theme: Theme,
    pub context_windows: Vec<ContextWindow>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: ENDPOINTS[0].base_url.to_string(),
            model: DEFAULT_MODEL.to_string(),
            key_persistence: KeyPersistence::Device,
            theme: Theme::System,
            context_windows: Vec::new(),
        }
    }
}

impl Settings {
    /// Defaults for a page served from `host`: on a local dev server the
    /// same-origin proxy is the endpoint most likely to work (no CORS needed).
    pub fn defaults_for_host(host: &str) -> Self {
        let mut s = Settings::default();
        if matches!(host, "127.0.0.1" | "localhost" | "[::1]")
            && let Some(proxy) = ENDPOINTS.iter().find(|e| e.name == "Local proxy")
        {
            s.base_url = proxy.base_url.to_string();
        }
        s
    }
}
