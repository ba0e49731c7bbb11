//! App-wide settings (not per conversation). The API key is stored apart from
//! these, so settings can be shown or exported without it.

use crate::chat::catalogue::{DEFAULT_MODEL, ENDPOINTS};
use crate::json::record::{json_enum, json_record};

json_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum KeyPersistence {
        /// localStorage: survives restarts on this device.
        #[default]
        Device = "device",
        /// sessionStorage: gone when the tab closes.
        Tab = "tab",
    }
}

json_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Theme {
        #[default]
        System = "system",
        Light = "light",
        Dark = "dark",
    }
}

json_record! {
    /// Each field defaults on its own, to today's default.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Settings {
        pub base_url: String = struct_default,
        pub model: String = struct_default,
        pub key_persistence: KeyPersistence = struct_default,
        pub theme: Theme = struct_default,
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: ENDPOINTS[0].base_url.to_string(),
            model: DEFAULT_MODEL.to_string(),
            key_persistence: KeyPersistence::Device,
            theme: Theme::System,
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
