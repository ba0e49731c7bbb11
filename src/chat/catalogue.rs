//! What the user can pick: MiniMax model ids and endpoint presets. Prices and
//! limits live here, in one table, not in code paths.

// Settings and Send read the base URL checks from here with the presets.
pub use super::base_url::{chat_url, check_base_url, destination_note};

use super::base_url::{Target, target};

/// When the prices below were last compared with a published list: MiniMax's
/// prices as third-party clients list them (MiniMax's own price page could
/// not be reached from where this was written). Shown next to every cost.
pub const PRICES_CHECKED: &str = "2026-12-04";

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
    /// Published prices per 1M tokens, in millionths of a US dollar (no
    /// floats: the app formats money from integers, see `cost.rs`).
    pub price: Price,
}

/// USD per 1M tokens, in micro-dollars: input, cached input (a prompt read
/// from MiniMax's cache), and output (thinking tokens are output tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub input: u32,
    pub cached: u32,
    pub output: u32,
}

/// M2.x: $0.30 in, $0.03 cached, $1.20 out per 1M tokens.
const STANDARD: Price = Price {
    input: 300_000,
    cached: 30_000,
    output: 1_200_000,
};

/// M3 and the highspeed variants: $0.60 in, $0.06 cached, $2.40 out.
const FAST: Price = Price {
    input: 600_000,
    cached: 60_000,
    output: 2_400_000,
};

const fn m2(id: &'static str, price: Price) -> ModelInfo {
    ModelInfo {
        id,
        context: 204_800,
        max_output: 204_800,
        thinking_switchable: false,
        vision: false,
        price,
    }
}

pub const MODELS: &[ModelInfo] = &[
    ModelInfo {
        id: "MiniMax-M3",
        // Published as 1,000,000, but inputs above about 512K have been
        // refused (2013): the meter counts to what has worked. Settings can
        // raise it.
        context: 524_288,
        max_output: 524_288,
        thinking_switchable: true,
        vision: true,
        price: FAST,
    },
    m2("MiniMax-M2.7", STANDARD),
    m2("MiniMax-M2.7-highspeed", FAST),
    m2("MiniMax-M2.5", STANDARD),
    m2("MiniMax-M2.5-highspeed", FAST),
    m2("MiniMax-M2.1", STANDARD),
    m2("MiniMax-M2.1-highspeed", FAST),
    m2("MiniMax-M2", STANDARD),
    ModelInfo {
        id: "M2-her",
        context: 64_000,
        max_output: 32_000,
        thinking_switchable: false,
        vision: false,
        // No cache price is published for it: cached input at the input price.
        price: Price {
            cached: 300_000,
            ..STANDARD
        },
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

/// For each way into a MiniMax region (direct, and this site's proxy as
/// the preset writes it or from the site's root), the other region's
/// preset: a key works only in its own region.
const REGION_TWINS: [(&str, &str); 6] = [
    ("https://api.minimax.io/v1", "https://api.minimaxi.com/v1"),
    ("https://api.minimaxi.com/v1", "https://api.minimax.io/v1"),
    ("./api/minimax/v1", "./api/minimax-cn/v1"),
    ("./api/minimax-cn/v1", "./api/minimax/v1"),
    ("/api/minimax/v1", "./api/minimax-cn/v1"),
    ("/api/minimax-cn/v1", "./api/minimax/v1"),
];

/// The other region's preset for a MiniMax base URL, `None` for any other.
pub fn other_region(base_url: &str) -> Option<&'static Endpoint> {
    let base = base_url.trim().trim_end_matches('/');
    let (_, twin) = REGION_TWINS.iter().find(|(from, _)| *from == base)?;
    ENDPOINTS.iter().find(|e| e.base_url == *twin)
}

/// Whether the base URL is MiniMax's own API (either region, or a path on
/// this site, which is how this app reaches MiniMax and its demo): only
/// those get MiniMax's own request fields (`reasoning_split`, `thinking`,
/// `reasoning_details`). OpenRouter, LM Studio or LiteLLM get a plain
/// OpenAI request.
pub fn is_minimax_endpoint(base_url: &str) -> bool {
    match target(base_url) {
        Ok(Target::ThisSite) => true,
        Ok(Target::OtherSite { host, .. }) => {
            let name = host
                .rsplit_once(':')
                .map_or(host.as_str(), |(name, _)| name);
            ["minimax.io", "minimaxi.com"].iter().any(|d| {
                name.strip_suffix(d)
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
            })
        }
        Err(_) => false,
    }
}

/// Whether the base URL is MiniMax's China region (for the account link).
pub fn is_china(base_url: &str) -> bool {
    let base = base_url.trim().to_ascii_lowercase();
    base.contains("minimaxi.com") || base.contains("/api/minimax-cn/")
}

/// The model list URL (`GET {base}/models`), beside the chat URL.
pub fn models_url(base_url: &str) -> String {
    let chat = chat_url(base_url);
    let base = chat.strip_suffix("/chat/completions").unwrap_or(&chat);
    format!("{base}/models")
}

/// The ids in a `GET /models` answer (`{"data":[{"id":…},…]}`), in order,
/// without repeats or blanks; at most [`MAX_LISTED_MODELS`], each at most
/// 200 characters (an endpoint's list is shown in a select).
pub fn parse_model_list(body: &str) -> Vec<String> {
    let Ok(value) = crate::json::parse_value(body) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = Vec::new();
    let entries = value.get("data").and_then(|d| d.as_array());
    for id in entries
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("id")?.as_str())
    {
        let id = id.trim();
        if !id.is_empty()
            && id.chars().count() <= 200
            && !id.chars().any(char::is_control)
            && !ids.iter().any(|have| have == id)
            && ids.len() < MAX_LISTED_MODELS
        {
            ids.push(id.to_string());
        }
    }
    ids
}

/// How many of an endpoint's models the Model select lists.
pub const MAX_LISTED_MODELS: usize = 300;

/// The Model select's ids: the catalogue's, then the endpoint's others, then
/// `chosen` when it is in neither (a model typed for a custom endpoint).
pub fn model_choices(endpoint: &[String], chosen: &str) -> Vec<String> {
    let mut ids: Vec<String> = MODELS.iter().map(|m| m.id.to_string()).collect();
    for id in endpoint.iter().map(String::as_str).chain([chosen]) {
        if !id.is_empty() && !ids.iter().any(|have| have == id) {
            ids.push(id.to_string());
        }
    }
    ids
}

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
    #[test]
    fn models_url_sits_beside_chat_url() {
        assert_eq!(
            models_url("https://api.minimax.io/v1/"),
            "https://api.minimax.io/v1/models"
        );
        assert_eq!(
            models_url("http://127.0.0.1:1234/v1/chat/completions"),
            "http://127.0.0.1:1234/v1/models"
        );
    }

    #[test]
    fn regions_are_twins() {
        assert_eq!(
            other_region("https://api.minimax.io/v1").map(|e| e.name),
            Some("MiniMax China")
        );
        assert_eq!(
            other_region("https://api.minimaxi.com/v1/").map(|e| e.name),
            Some("MiniMax Global")
        );
        assert_eq!(
            other_region(" ./api/minimax/v1").map(|e| e.name),
            Some("Local proxy (China)")
        );
        assert_eq!(
            other_region("./api/minimax-cn/v1/").map(|e| e.name),
            Some("Local proxy")
        );
        // A proxy written from the site's root (settings of an older build).
        assert_eq!(
            other_region("/api/minimax/v1").map(|e| e.name),
            Some("Local proxy (China)")
        );
        assert_eq!(other_region("./api/demo/v1"), None);
        assert_eq!(other_region("https://openrouter.ai/api/v1"), None);
    }

    #[test]
    fn minimax_endpoints_are_told_from_others() {
        for yes in [
            "https://api.minimax.io/v1",
            "https://API.MINIMAXI.COM/v1",
            "./api/minimax/v1",
            "/api/demo/v1",
            "https://eu.api.minimax.io:443/v1",
        ] {
            assert!(is_minimax_endpoint(yes), "{yes}");
        }
        for no in [
            "https://openrouter.ai/api/v1",
            "http://127.0.0.1:1234/v1",
            "https://minimax.io.evil.example/v1",
            "https://notminimax.io/v1",
            "https://evil.example/minimax.io/v1",
        ] {
            assert!(!is_minimax_endpoint(no), "{no}");
        }
        assert!(is_china("https://api.minimaxi.com/v1") && is_china("./api/minimax-cn/v1"));
        assert!(!is_china("https://api.minimax.io/v1"));
    }

    #[test]
    fn model_lists_are_read_leniently_and_merged() {
        let body = r#"{"object":"list","data":[{"id":"MiniMax-M3"},{"id":" local-7b "},{"id":""},{"id":5},{"nope":1},{"id":"local-7b"},{"id":"bad\u0000id"}]}"#;
        let ids = parse_model_list(body);
        assert_eq!(ids, vec!["MiniMax-M3", "local-7b"]);
        assert!(parse_model_list("<html>").is_empty());
        assert!(parse_model_list(r#"{"data":{"id":"x"}}"#).is_empty());
        let many = format!(
            r#"{{"data":[{}]}}"#,
            (0..400)
                .map(|i| format!(r#"{{"id":"m{i}"}}"#))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(parse_model_list(&many).len(), MAX_LISTED_MODELS);
        let choices = model_choices(&ids, "typed-model");
        assert_eq!(choices.len(), MODELS.len() + 2);
        assert_eq!(choices[0], MODELS[0].id);
        assert_eq!(&choices[MODELS.len()..], ["local-7b", "typed-model"]);
        assert_eq!(model_choices(&[], "MiniMax-M3").len(), MODELS.len());
    }
}
