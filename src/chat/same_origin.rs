//! Same-origin presets ("Local proxy", "Local demo") work only where the
//! page's own server answers their path: `trunk serve`, or a host set up with
//! one of the deploy/ recipes. On a plain static host the path is a 404 or
//! the site's HTML fallback page. Settings offers such a preset only after one
//! look at its `models` path (src/browser/probe.rs) found an API there.

/// Whether a base URL is a path on the page's own origin: from the site's
/// root (`/api/…`) or next to the page (`./api/…`).
pub fn is_same_origin(base_url: &str) -> bool {
    (base_url.starts_with('/') && !base_url.starts_with("//")) || base_url.starts_with("./")
}

/// The URL looked at: the preset's model list, which needs no request body.
pub fn probe_url(base_url: &str) -> String {
    format!("{}/models", base_url.trim().trim_end_matches('/'))
}

/// Whether an answer to the probe came from an API, whatever its status: a
/// proxy to MiniMax answers JSON (the model list, or a 401 error without a
/// key); a static host answers an HTML page or plain text.
pub fn looks_like_api(content_type: &str, body: &str) -> bool {
    let html = content_type.to_ascii_lowercase().contains("html");
    !html && crate::json::parse_value(body.trim()).is_ok_and(|v| v.is_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_means_a_path() {
        assert!(is_same_origin("/api/minimax/v1"));
        assert!(is_same_origin("./api/minimax/v1"));
        assert!(!is_same_origin("//evil.example/v1"));
        assert!(!is_same_origin("https://api.minimax.io/v1"));
        assert!(!is_same_origin(""));
    }

    #[test]
    fn probes_the_model_list() {
        assert_eq!(probe_url("/api/minimax/v1"), "/api/minimax/v1/models");
        assert_eq!(probe_url("./api/minimax/v1"), "./api/minimax/v1/models");
        assert_eq!(
            probe_url(" /api/minimax-cn/v1/ "),
            "/api/minimax-cn/v1/models"
        );
    }

    #[test]
    fn an_api_answers_json_a_static_host_does_not() {
        let unauthorised = r#"{"type":"error","error":{"type":"authentication_error","message":"login fail (1004)"}}"#;
        assert!(looks_like_api("application/json", unauthorised));
        assert!(looks_like_api(
            "application/json; charset=utf-8",
            r#"{"object":"list","data":[]}"#
        ));
        // MiniMax's base_resp errors, and JSON sent without its content type.
        assert!(looks_like_api(
            "text/plain",
            r#"{"base_resp":{"status_code":1004}}"#
        ));

        assert!(!looks_like_api(
            "text/html",
            "<!doctype html><title>404 Not Found</title>"
        ));
        assert!(!looks_like_api(
            "text/html; charset=utf-8",
            "<!doctype html><html>the app</html>"
        ));
        assert!(!looks_like_api("text/plain", "Not found"));
        assert!(!looks_like_api("", ""));
        // JSON in an HTML page's clothes is still a page; a bare value is no API answer.
        assert!(!looks_like_api("text/html", "{}"));
        assert!(!looks_like_api("application/json", "[]"));
        assert!(!looks_like_api("application/json", "null"));
    }
}
