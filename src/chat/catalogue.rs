//! What the user can pick: MiniMax model ids and endpoint presets. Prices and
//! limits live here, in one table, not in code paths.

// Settings and Send read the base URL checks from here with the presets.
pub use super::base_url::{chat_url, check_base_url, destination_note};

/// One model the Model select offers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInfo {
    pub id: &'static str,
    /// Context window in tokens.
    pub context: u32,
    /// Largest `max_completion_tokens` the model accepts.
    pub max_output: u32,
    /// Whether thinking can be switched off (`thinking: {"type":"disabled"}`); M2.x always think.
    pub thinking_switchable: bool,
    /// Accepts image parts in user messages.
    pub vision: bool,
    /// Published USD per 1M tokens (input, output); subject to change.
    pub price_in: f32,
    pub price_out: f32,
}

const fn m2(id: &'static str, price_in: f32, price_out: f32) -> ModelInfo {
    ModelInfo {
        id,
        context: 204_800,
        max_output: 204_800,
        thinking_switchable: false,
        vision: false,
        price_in,
        price_out,
    }
}

pub const MODELS: &[ModelInfo] = &[
    ModelInfo {
        id: "MiniMax-M3",
        context: 1_000_000,
        max_output: 524_288,
        thinking_switchable: true,
        vision: true,
        price_in: 0.60,
        price_out: 2.40,
    },
    m2("MiniMax-M2.7", 0.30, 1.20),
    m2("MiniMax-M2.7-highspeed", 0.60, 2.40),
    m2("MiniMax-M2.5", 0.30, 1.20),
    m2("MiniMax-M2.5-highspeed", 0.60, 2.40),
    m2("MiniMax-M2.1", 0.30, 1.20),
    m2("MiniMax-M2.1-highspeed", 0.60, 2.40),
    m2("MiniMax-M2", 0.30, 1.20),
    ModelInfo {
        id: "M2-her",
        context: 64_000,
        max_output: 32_000,
        thinking_switchable: false,
        vision: false,
        price_in: 0.30,
        price_out: 1.20,
    },
];

pub const DEFAULT_MODEL: &str = "MiniMax-M3";

/// Facts about a model id; `None` for ids we do not know (custom endpoints).
pub fn model_info(id: &str) -> Option<&'static ModelInfo> {
    MODELS.iter().find(|m| m.id == id)
}

/// Whether images may be sent to `id`: a catalogue model that takes them,
/// or one we do not know (a custom endpoint decides for itself).
pub fn sees_images(id: &str) -> bool {
    model_info(id).is_none_or(|i| i.vision)
}

/// A base URL preset in Settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    pub name: &'static str,
    pub base_url: &'static str,
    pub note: &'static str,
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "MiniMax Global",
        base_url: "https://api.minimax.io/v1",
        note: "Direct to MiniMax (international accounts). Needs CORS from MiniMax.",
    },
    Endpoint {
        name: "MiniMax China",
        base_url: "https://api.minimaxi.com/v1",
        note: "Direct to MiniMax mainland China (separate accounts and keys).",
    },
    // The local presets are relative to the page, not to the site's root:
    // a copy of the app in a folder (`https://host/chat/`) finds its proxy in
    // that folder (`/chat/api/minimax/`), next to itself, and a reverse proxy
    // that adds a prefix forwards both alike. At a site's root it is
    // `/api/minimax/`, as before.
    Endpoint {
        name: "Local proxy",
        base_url: "./api/minimax/v1",
        note: "This site's own proxy to MiniMax Global, next to this page (trunk serve, or a host set up from the deploy/ recipes).",
    },
    Endpoint {
        name: "Local proxy (China)",
        base_url: "./api/minimax-cn/v1",
        note: "This site's own proxy to MiniMax mainland China, next to this page (separate accounts and keys).",
    },
    Endpoint {
        name: "Local demo",
        base_url: "./api/demo/v1",
        note: "The project's mock server: canned replies, no key or network needed.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_presets_are_relative_to_the_page() {
        for name in ["Local proxy", "Local proxy (China)", "Local demo"] {
            let preset = ENDPOINTS.iter().find(|e| e.name == name);
            assert!(
                preset.is_some_and(|e| e.base_url.starts_with("./api/")),
                "{name}"
            );
        }
    }

    #[test]
    fn catalogue_is_consistent() {
        assert!(model_info(DEFAULT_MODEL).is_some());
        for m in MODELS {
            assert!(m.max_output <= m.context, "{}", m.id);
        }
    }
}
