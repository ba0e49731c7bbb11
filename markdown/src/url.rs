//! Decides which link and image destinations may reach the DOM.
//!
//! Only absolute `http(s)://` and `mailto:` survive. Relative URLs and
//! `#fragments` are refused too: the app has no pages for them to point at,
//! and refusing everything without a scheme removes a whole class of tricks.

/// Schemes a link may use.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
/// Schemes a click-to-load image may use.
const IMAGE_SCHEMES: &[&str] = &["http", "https"];
/// Decoding rounds for entities the parser left behind (double encoding).
const DECODE_ROUNDS: usize = 4;

use super::standard::{WebUrl, web_url};

/// The `href` to use for a link destination, or `None` when it must not be
/// a link. Web URLs come back as the URL standard serialises them (see
/// `standard`), so the browser follows exactly the URL that was checked;
/// `mailto:` ones with control characters and whitespace removed and a
/// lower-case scheme.
pub fn safe_link_url(dest: &str) -> Option<String> {
    let (scheme, url) = checked(dest, LINK_SCHEMES)?;
    if scheme == "mailto" {
        Some(url)
    } else {
        web_url(&url).map(|web| web.href)
    }
}

/// The `src` to use for an image destination (http or https only).
pub fn safe_image_url(dest: &str) -> Option<String> {
    image_url(dest).map(|web| web.href)
}

/// An image destination as the browser will request it, host included.
pub(crate) fn image_url(dest: &str) -> Option<WebUrl> {
    let (_, url) = checked(dest, IMAGE_SCHEMES)?;
    web_url(&url)
}

/// The scheme and the cleaned URL, if `dest` passes the checks that do not
/// need the URL standard.
fn checked(dest: &str, allowed: &[&str]) -> Option<(String, String)> {
    let cleaned = strip_invisible(dest);
    let (scheme, rest) = split_scheme(&cleaned)?;
    if !allowed.contains(&scheme.as_str()) {
        return None;
    }
    // pulldown-cmark already decoded entities once; anything still encoded
    // (double encoding, `&#106` without `;`) must not spell a different
    // scheme than the one we approved.
    let decoded = strip_invisible(&decode_entities(&cleaned));
    let (decoded_scheme, _) = split_scheme(&decoded)?;
    if decoded_scheme != scheme {
        return None;
    }
    // `http:foo` is legal but odd; requiring `//` keeps every href obvious.
    if scheme != "mailto" && !rest.starts_with("//") {
        return None;
    }
    let url = format!("{scheme}:{rest}");
    Some((scheme, url))
}

/// Browsers drop tabs and newlines anywhere in a URL and trim controls and
/// spaces at the ends; dropping all of them everywhere is stricter.
fn strip_invisible(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_ascii_control() && !c.is_ascii_whitespace())
        .collect()
}

/// Splits `scheme:rest`, lower-casing the scheme. `None` when there is no
/// syntactically valid scheme, i.e. the URL is relative.
fn split_scheme(url: &str) -> Option<(String, &str)> {
    let colon = url.find(':')?;
    let (scheme, rest) = (&url[..colon], &url[colon + 1..]);
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if first_ok && rest_ok {
        Some((scheme.to_ascii_lowercase(), rest))
    } else {
        None
    }
}

/// Decodes numeric character references (with or without `;`) and the named
/// ones that matter for hiding a scheme, repeatedly, to undo double encoding.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut current = s.to_owned();
    for _ in 0..DECODE_ROUNDS {
        let next = decode_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match decode_reference(after) {
            Some((ch, used)) => {
                out.push(ch);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (just after `&`); returns the
/// character and the number of bytes consumed.
fn decode_reference(s: &str) -> Option<(char, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (radix, digits_at) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = s[digits_at..]
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if digits == 0 {
            return None;
        }
        let value = s[digits_at..digits_at + digits]
            .chars()
            .try_fold(0u32, |acc, c| {
                acc.checked_mul(radix)?.checked_add(c.to_digit(radix)?)
            });
        let ch = value
            .and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}');
        let mut used = digits_at + digits;
        if s[used..].starts_with(';') {
            used += 1;
        }
        return Some((ch, used));
    }
    let name_len = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if !s[name_len..].starts_with(';') {
        return None;
    }
    let ch = named(&s[..name_len].to_ascii_lowercase())?;
    Some((ch, name_len + 1))
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "colon" => ':',
        "tab" => '\t',
        "newline" => '\n',
        "sol" => '/',
        "bsol" => '\\',
        "lpar" => '(',
        "rpar" => ')',
        "period" => '.',
        "comma" => ',',
        "semi" => ';',
        "excl" => '!',
        "quest" => '?',
        "equals" => '=',
        "plus" => '+',
        "num" => '#',
        "percnt" => '%',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "grave" => '`',
        "nbsp" => '\u{a0}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_plain_web_links() {
        assert_eq!(
            safe_link_url("https://example.com/a?b=1&c=2#d").as_deref(),
            Some("https://example.com/a?b=1&c=2#d")
        );
        assert_eq!(
            safe_link_url("HTTP://x.org").as_deref(),
            Some("http://x.org/")
        );
        assert_eq!(
            safe_link_url("mailto:a@b.c").as_deref(),
            Some("mailto:a@b.c")
        );
    }

    #[test]
    fn refuses_scripts_and_relatives() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "data:text/html,x",
            "/relative",
            "#frag",
            "https:no-slashes",
            "",
        ] {
            assert_eq!(safe_link_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn images_are_web_only() {
        assert!(safe_image_url("https://x/y.png").is_some());
        assert!(safe_image_url("mailto:a@b").is_none());
    }

    #[test]
    fn decodes_numeric_without_semicolon_and_bad_numbers() {
        assert_eq!(decode_entities("&#106&#x61;"), "ja");
        assert_eq!(decode_entities("&#99999999999;"), "\u{FFFD}");
        assert_eq!(decode_entities("&amp;colon;"), ":");
        assert_eq!(decode_entities("a&b"), "a&b");
    }
}
