//! The Base URL the user typed: whether it can be used, where it sends the
//! key, and the request URL made from it. The key goes wherever this URL
//! points, so it is read the way the browser's URL parser reads it, not the
//! way it looks: a backslash is a slash, `//host/v1` is another site over
//! the page's own scheme (not a path on this one), and tabs or line breaks
//! inside it would be silently dropped. A URL with a user name or password
//! is refused, and never repeated back.

/// Where requests made from a base URL go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path on the page's own site (a same-origin proxy).
    ThisSite,
    /// Another site. `scheme` is `None` for a protocol-relative URL, which
    /// uses the page's; `host` includes the port.
    OtherSite {
        scheme: Option<&'static str>,
        host: String,
    },
}

/// Where `base_url` sends requests, or the sentence that says why it cannot
/// be used. The sentence never repeats a user name or password.
pub fn target(base_url: &str) -> Result<Target, String> {
    let base = base_url.trim();
    if base.is_empty() {
        return Err("Set a Base URL in Settings, or pick one of the presets.".into());
    }
    if base.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("The Base URL has a space, tab or line break in it: remove it.".into());
    }
    let url = as_parsed(base);
    // Byte tests throughout: char patterns and lower-cased copies each add
    // code of their own to the first load.
    let has_prefix = |p: &str| {
        url.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    let (scheme, skip) = if url.starts_with("//") {
        (None, 2)
    } else if url.starts_with('/') || url.starts_with("./") {
        return Ok(Target::ThisSite);
    } else if has_prefix("https://") {
        (Some("https"), 8)
    } else if has_prefix("http://") {
        (Some("http"), 7)
    } else {
        return Err(
            "The Base URL should be a full address (https://\u{2026} or http://\u{2026}) or a path to a proxy on this site (/\u{2026} or ./\u{2026})."
                .into(),
        );
    };
    let rest = url.get(skip..).unwrap_or_default();
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let host = rest.get(..end).unwrap_or_default();
    if host.contains('@') {
        return Err("The Base URL holds a user name or password (before \u{201c}@\u{201d}): remove it. Browsers refuse such addresses, and the key belongs in the API key field.".into());
    }
    let name = match host.bytes().rposition(|b| b == b':') {
        Some(colon) => host.get(..colon).unwrap_or_default(),
        None => host,
    };
    if name.bytes().all(|b| b == b'.') {
        return Err("The Base URL names no server: write it as https://host/v1.".into());
    }
    let host = host.to_ascii_lowercase();
    Ok(Target::OtherSite { scheme, host })
}

/// Why a base URL cannot be used, as a sentence, or `None` when it can.
pub fn check_base_url(base_url: &str) -> Option<String> {
    target(base_url).err()
}

/// The chat completions URL for a base URL as the user typed it (backslashes
/// as the slashes the browser takes them for). A protocol-relative base
/// stays protocol-relative: the browser resolves it over the page's scheme,
/// as [`Target::OtherSite`] with no scheme says.
pub fn chat_url(base_url: &str) -> String {
    let url = as_parsed(base_url.trim());
    let base = url.trim_end_matches('/');
    if base.ends_with("/chat/completions") {
        base.to_string()
    } else {
        format!("{base}/chat/completions")
    }
}

/// A sentence for Settings saying where the key goes with a custom base URL.
pub fn destination_note(base_url: &str) -> String {
    let site = match target(base_url) {
        Ok(Target::OtherSite { scheme: None, host }) => format!(
            "another site, {host}, over this page\u{2019}s scheme: the address starts with //"
        ),
        Ok(Target::OtherSite { host, .. }) => host,
        Ok(Target::ThisSite) => "this site, which must pass them on".into(),
        Err(_) => return CUSTOM_ENDPOINT.into(),
    };
    format!("{CUSTOM_ENDPOINT} Requests and your key go to {site}.")
}

const CUSTOM_ENDPOINT: &str =
    "A custom OpenAI-compatible endpoint (OpenRouter, LM Studio, a LiteLLM proxy\u{2026}).";

/// The URL as the browser's parser sees it: for http(s) and for addresses
/// relative to an http(s) page, a backslash is a slash.
fn as_parsed(url: &str) -> String {
    url.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(scheme: Option<&'static str>, host: &str) -> Result<Target, String> {
        Ok(Target::OtherSite {
            scheme,
            host: host.into(),
        })
    }

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
        assert_eq!(
            chat_url("./api/minimax/v1"),
            "./api/minimax/v1/chat/completions"
        );
    }

    #[test]
    fn base_url_checks() {
        assert!(check_base_url("https://openrouter.ai/api/v1").is_none());
        assert!(check_base_url("/api/demo/v1").is_none());
        assert!(check_base_url("./api/demo/v1").is_none());
        assert_eq!(target(".\\api/demo/v1"), Ok(Target::ThisSite));
        assert!(check_base_url("api/demo/v1").is_some());
        assert!(check_base_url("").is_some());
        assert!(check_base_url("api.minimax.io").is_some());
        assert!(check_base_url("javascript:alert(1)").is_some());
    }

    #[test]
    fn a_protocol_relative_url_is_another_site() {
        assert_eq!(target("//evil.example/v1"), other(None, "evil.example"));
        // The browser reads these the same way: a backslash is a slash.
        assert_eq!(target("/\\evil.example/v1"), other(None, "evil.example"));
        assert_eq!(target("\\\\evil.example/v1"), other(None, "evil.example"));
        assert_eq!(
            target("HTTPS://Api.MiniMax.io:8443/v1"),
            other(Some("https"), "api.minimax.io:8443")
        );
        assert_eq!(target("/api/minimax/v1"), Ok(Target::ThisSite));
        let note = destination_note("//evil.example/v1");
        assert!(note.contains("another site, evil.example"), "{note}");
        assert_eq!(
            chat_url("/\\evil.example/v1"),
            "//evil.example/v1/chat/completions"
        );
    }

    #[test]
    fn hidden_slashes_are_refused() {
        // The URL parser drops tabs and line breaks: "/\t/host" is "//host".
        for url in ["/\t/evil.example/v1", "/\n/evil.example", "https://a b/v1"] {
            let problem = check_base_url(url).unwrap_or_default();
            assert!(
                problem.contains("space, tab or line break"),
                "{url}: {problem}"
            );
        }
    }

    #[test]
    fn credentials_are_refused_and_never_repeated() {
        for url in [
            "https://user:hunter2@api.minimax.io/v1",
            "//user:hunter2@api.minimax.io/v1",
            "http://hunter2@127.0.0.1:8787/v1",
            "https:\\\\user:hunter2@api.minimax.io/v1",
        ] {
            let problem = check_base_url(url).unwrap_or_default();
            assert!(
                problem.contains("user name or password"),
                "{url}: {problem}"
            );
            assert!(!problem.contains("hunter2"), "{problem}");
        }
        // An @ in the path is not a credential.
        assert!(check_base_url("https://example.com/@team/v1").is_none());
        let other = check_base_url("ftp://user:hunter2@example.com").unwrap_or_default();
        assert!(!other.contains("hunter2"), "{other}");
    }

    #[test]
    fn a_url_without_a_host_is_refused() {
        for url in ["https:///v1", "//", "http://:8080/v1", "https://./v1"] {
            assert!(check_base_url(url).is_some(), "{url}");
        }
    }
}
