//! Web URLs as the browser itself reads them (the WHATWG URL standard).
//!
//! What a link or image shows must be what the browser will contact. A
//! hand-written reading gets that wrong: `https://evil.example\@github.com/`
//! is a request to evil.example (a backslash is a slash in web URLs), and a
//! look-alike host such as `gіthub.com` (Cyrillic і) goes out as
//! `xn--gthub-n2e.com`. So the URL is parsed by the standard's own parser:
//! in the browser its `URL` class (free, and by definition what the browser
//! does), on the host the `url` crate, which implements the same standard
//! and keeps every renderer test possible there.

/// An absolute web URL as the standard parses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WebUrl {
    /// The serialised URL, which the browser reads back unchanged.
    pub href: String,
    /// The host (ASCII: punycode for international names) and any port
    /// that is not the scheme's default.
    pub host: String,
}

/// The standard's reading of `url` when it is an absolute `http(s)` URL with
/// a host and no credentials (`user:password@`, which only ever serves to
/// make one host look like another); `None` otherwise.
pub(crate) fn web_url(url: &str) -> Option<WebUrl> {
    let parts = parse(url)?;
    let web = matches!(parts.scheme.as_str(), "http:" | "https:");
    (web && !parts.credentials && !parts.host.is_empty()).then_some(WebUrl {
        href: parts.href,
        host: parts.host,
    })
}

/// The pieces of a parsed URL this module looks at.
struct Parts {
    href: String,
    /// With its colon, as the browser's `URL.protocol` gives it.
    scheme: String,
    host: String,
    credentials: bool,
}

#[cfg(target_arch = "wasm32")]
fn parse(url: &str) -> Option<Parts> {
    let parsed = web_sys::Url::new(url).ok()?;
    Some(Parts {
        href: parsed.href(),
        scheme: parsed.protocol(),
        host: parsed.host(),
        credentials: !parsed.username().is_empty() || !parsed.password().is_empty(),
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn parse(url: &str) -> Option<Parts> {
    let parsed = url::Url::parse(url).ok()?;
    let host = match (parsed.host_str(), parsed.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => String::new(),
    };
    Some(Parts {
        href: parsed.as_str().to_owned(),
        scheme: format!("{}:", parsed.scheme()),
        host,
        credentials: !parsed.username().is_empty() || parsed.password().is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> Option<String> {
        web_url(url).map(|web| web.host)
    }

    #[test]
    fn a_backslash_ends_the_host_as_in_the_browser() {
        let web = web_url("https://evil.example\\@github.com/logo.png");
        assert_eq!(
            web,
            Some(WebUrl {
                href: "https://evil.example/@github.com/logo.png".into(),
                host: "evil.example".into(),
            })
        );
    }

    #[test]
    fn international_hosts_are_shown_as_requested() {
        assert_eq!(
            host("https://g\u{456}thub.com/logo.png").as_deref(),
            Some("xn--gthub-n2e.com")
        );
        assert_eq!(host("https://GitHub.COM/").as_deref(), Some("github.com"));
    }

    #[test]
    fn credentials_are_refused() {
        for url in [
            "https://github.com@evil.example/",
            "https://github.com:x@evil.example/",
            "https://github.com%2F@evil.example/",
            "https://:pw@evil.example/",
        ] {
            assert_eq!(web_url(url), None, "{url}");
        }
    }

    #[test]
    fn ports_and_addresses() {
        assert_eq!(host("https://a.example:443/").as_deref(), Some("a.example"));
        assert_eq!(
            host("http://a.example:8080/").as_deref(),
            Some("a.example:8080")
        );
        assert_eq!(host("http://[::1]:3000/x").as_deref(), Some("[::1]:3000"));
        assert_eq!(host("http://0x7f.1/").as_deref(), Some("127.0.0.1"));
    }

    #[test]
    fn only_web_urls_with_a_host() {
        assert_eq!(web_url("mailto:a@b.example"), None);
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("https://"), None);
        assert_eq!(web_url("relative/path"), None);
    }
}
