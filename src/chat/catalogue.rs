//! What the user can pick: MiniMax model ids and endpoint presets. Prices and
//! limits live here, in one table, not in code paths.

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
    Endpoint {
        name: "Local proxy",
        base_url: "/api/minimax/v1",
        note: "This site's own proxy to MiniMax Global (trunk serve, or a host set up from the deploy/ recipes).",
    },
    Endpoint {
        name: "Local proxy (China)",
        base_url: "/api/minimax-cn/v1",
        note: "This site's own proxy to MiniMax mainland China (separate accounts and keys).",
    },
    Endpoint {
        name: "Local demo",
        base_url: "/api/demo/v1",
        note: "The project's mock server: canned replies, no key or network needed.",
    },
];

/// The chat completions URL for a base URL as the user typed it.
pub fn chat_url(base_url: &str) -> String {
    let base = base_url.trim().trim_end_matches('/');
    if base.ends_with("/chat/completions") {
        base.to_string()
    } else {
        format!("{base}/chat/completions")
    }
}

/// Why a base URL cannot be used, as a sentence, or `None` when it can.
pub fn check_base_url(base_url: &str) -> Option<String> {
    let base = base_url.trim();
    if base.is_empty() {
        return Some("Set a Base URL in Settings, or pick one of the presets.".into());
    }
    let lower = base.to_ascii_lowercase();
    if base.starts_with('/') || lower.starts_with("https://") || lower.starts_with("http://") {
        None
    } else {
        Some(format!(
            "The Base URL \"{base}\" should start with https://, http:// or / (same-origin proxy)."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_url_appends_path_once() {
        assert_eq!(
            chat_url("https://api.minimax.io/v1/"),
            "https://api.minimax.io/v1/chat/completions"
        );
        assert_eq!(
            chat_url("http://127.0.0.1:1234/v1/chat/completions"),
            "http://127.0.0.1:1234/v1/chat/completions"
        );
        assert_eq!(
            chat_url(" /api/minimax/v1 "),
            "/api/minimax/v1/chat/completions"
        );
    }

    #[test]
    fn base_url_checks() {
        assert!(check_base_url("https://openrouter.ai/api/v1").is_none());
        assert!(check_base_url("/api/demo/v1").is_none());
        assert!(check_base_url("").is_some());
        assert!(check_base_url("api.minimax.io").is_some());
        assert!(check_base_url("javascript:alert(1)").is_some());
    }

    #[test]
    fn catalogue_is_consistent() {
        assert!(model_info(DEFAULT_MODEL).is_some());
        for m in MODELS {
            assert!(m.max_output <= m.context, "{}", m.id);
        }
    }
}
