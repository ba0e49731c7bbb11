//! Making server text safe to show: error details come from servers and
//! proxies we do not control, so they may be whole HTML pages, echo the
//! `Authorization` header, or run on for kilobytes. This module owns turning
//! such text into one short plain line with anything key-like hidden.

/// The longest detail kept, in characters.
pub const MAX_DETAIL_CHARS: usize = 300;

const HIDDEN: &str = "[hidden]";

/// One plain line: HTML reduced to its title, whitespace collapsed, secrets
/// (key-like tokens, a URL's `user:password@`) hidden, at most
/// [`MAX_DETAIL_CHARS`] characters.
pub fn clean_detail(text: &str) -> String {
    let plain = if looks_like_html(text) {
        html_summary(text).unwrap_or_default()
    } else {
        text.to_owned()
    };
    truncate(
        &scrub_secrets(&hide_credentials(&collapse_whitespace(&plain))),
        MAX_DETAIL_CHARS,
    )
}

/// Every `scheme://user:password@host` in `text` without its `user:password@`.
/// Browsers quote the URL in some errors (Chromium: "Request cannot be
/// constructed from a URL that includes credentials: …"), and a Base URL may
/// carry them. The authority ends where the browser ends it: at `/`, `\`,
/// `?`, `#`, or where the URL itself ends (whitespace, a quote, a bracket).
pub fn hide_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("//") {
        let (head, tail) = rest.split_at(at + 2);
        out.push_str(head);
        let end = tail
            .bytes()
            .position(|b| {
                matches!(
                    b,
                    b'/' | b'\\' | b'?' | b'#' | b'"' | b'\'' | b'<' | b'>' | b'(' | b')'
                ) || b.is_ascii_whitespace()
            })
            .unwrap_or(tail.len());
        let (authority, after) = tail.split_at(end);
        match authority.bytes().rposition(|b| b == b'@') {
            Some(user_end) => out.push_str(authority.get(user_end + 1..).unwrap_or_default()),
            None => out.push_str(authority),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// True for a body that is an HTML page (or a fragment of one) rather than text.
pub fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start();
    if start.starts_with('<') {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    ["<html", "<!doctype", "<body", "<head"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// The text of an HTML page's `<title>` (or first `<h1>`), as plain text
/// without any angle brackets, or None when there is neither.
pub fn html_summary(html: &str) -> Option<String> {
    ["title", "h1"]
        .iter()
        .find_map(|tag| element_text(html, tag))
}

fn element_text(html: &str, tag: &str) -> Option<String> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower`
    // are valid in `html`.
    let lower = html.to_ascii_lowercase();
    let open = lower.find(&format!("<{tag}"))?;
    let content_start = open + lower.get(open..)?.find('>')? + 1;
    let content_len = lower.get(content_start..)?.find(&format!("</{tag}"))?;
    let raw = html.get(content_start..content_start + content_len)?;
    let text = collapse_whitespace(&decode_entities(&strip_tags(raw)));
    let text = text.replace(['<', '>'], "");
    let text = text.trim();
    (!text.is_empty()).then(|| truncate(text, 120))
}

/// Drops anything between `<` and `>` (an `<h1>` may hold `<span>`s).
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Runs of whitespace (newlines included) become one space; ends are trimmed.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters, marking the cut with `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Hides the token after `Bearer` and any token that looks like an API key:
/// `sk-…`, a JWT (`eyJ…`), or a long run mixing upper case, lower case and
/// digits. Lower-case hex (request ids) and words are kept.
pub fn scrub_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let mut after_bearer = false;
    for c in text.chars().chain(std::iter::once('\0')) {
        if is_token_char(c) {
            token.push(c);
            continue;
        }
        if !token.is_empty() {
            if after_bearer || is_key_like(&token) {
                out.push_str(HIDDEN);
            } else {
                out.push_str(&token);
            }
            after_bearer = token.eq_ignore_ascii_case("bearer");
            token.clear();
        }
        // Only whitespace may separate `Bearer` from its token; this also
        // keeps an already hidden `[hidden]` as it is.
        if !c.is_whitespace() {
            after_bearer = false;
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/' | '=')
}

fn is_key_like(token: &str) -> bool {
    let len = token.chars().count();
    if token.contains("//") {
        // A URL path, not a key.
        return false;
    }
    if (token.starts_with("sk-") && len >= 12) || (token.starts_with("eyJ") && len >= 20) {
        return true;
    }
    len >= 20
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().any(|c| c.is_ascii_uppercase())
        && token.chars().any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hidden_words_and_urls_kept() {
        let text = "Bearer abc123 bad key sk-api-AbCdEf0123456789xyz for https://api.minimax.io/v1 id 0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        let once = scrub_secrets(text);
        assert_eq!(scrub_secrets(&once), once, "idempotent");
        assert_eq!(
            once,
            "Bearer [hidden] bad key [hidden] for https://api.minimax.io/v1 id 0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        );
    }

    #[test]
    fn credentials_in_urls_are_taken_out() {
        let text = "Failed to construct 'Request': Request cannot be constructed from a URL that includes credentials: http://user:hunter2@127.0.0.1:8787/v1/chat/completions; Base URL //me:pw@evil.example\\@good.example/v1";
        let clean = clean_detail(text);
        assert!(
            !clean.contains("hunter2") && !clean.contains("me:pw"),
            "{clean}"
        );
        assert!(
            clean.contains("http://127.0.0.1:8787/v1/chat/completions"),
            "{clean}"
        );
        assert!(
            clean.contains("//evil.example\\@good.example/v1"),
            "{clean}"
        );
        // An @ in a path or an e-mail address is not a credential.
        let kept = "write to team@example.com or see https://example.com/@team";
        assert_eq!(hide_credentials(kept), kept);
        assert_eq!(hide_credentials("a // b@c"), "a // b@c");
    }

    #[test]
    fn html_becomes_its_title() {
        let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; &lt;more&gt;</title></head><body><h1>x</h1></body></html>";
        assert_eq!(clean_detail(page), "502 Bad Gateway & more");
        assert_eq!(clean_detail("<html><body>oops</body></html>"), "");
    }

    #[test]
    fn long_text_is_truncated_on_a_char_boundary() {
        let long = "é".repeat(400);
        let cut = clean_detail(&long);
        assert_eq!(cut.chars().count(), MAX_DETAIL_CHARS);
        assert!(cut.ends_with('…'));
    }
}
