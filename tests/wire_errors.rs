//! Error mapping: every body form a failing request has been seen to return,
//! the kind and code read from it, and a user message that says what
//! happened and what to do without HTML or anything key-like.

use minimax_chat::api::{ApiError, ErrorKind};
use proptest::prelude::*;

const JWT_KEY: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJHcm91cE5hbWUiOiJ0ZXN0In0.Qm9ndXNTaWduYXR1cmUxMjM0NTY3ODkw";
const SK_KEY: &str = "sk-api-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";

/// Properties every user message must have.
fn assert_safe(error: &ApiError) {
    let message = error.user_message();
    assert!(!message.is_empty());
    assert!(
        !message.contains('<') && !message.contains('>'),
        "HTML in {message:?}"
    );
    assert!(
        !message.contains("eyJ") && !message.contains("sk-api"),
        "secret in {message:?}"
    );
    assert!(error.detail.chars().count() <= 300);
    assert_eq!(error.to_string(), message, "Display is the user message");
}

#[test]
fn unauthorized_1004() {
    let body = r#"{"type":"error","error":{"type":"authentication_error","message":"login fail: Please carry the API secret key in the 'Authorization' field of the request header (1004)","http_code":"401"},"request_id":"0535f0c9f1b0a1d2e3f4a5b6c7d8e9f0"}"#;
    let error = ApiError::from_http(401, "application/json", body, None);
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_eq!((error.status, error.code), (Some(401), Some(1004)));
    assert!(error.detail.starts_with("login fail"));
    let message = error.user_message();
    assert!(message.contains("API key") && message.contains("Global") && message.contains("China"));
    assert!(message.contains("HTTP 401, code 1004"));
    assert_safe(&error);
}

#[test]
fn forbidden_is_auth_too() {
    let error = ApiError::from_http(403, "", "", None);
    assert_eq!(error.kind, ErrorKind::Auth);
    assert_safe(&error);
}

#[test]
fn insufficient_balance_402_and_1008() {
    let body = r#"{"type":"error","error":{"type":"insufficient_balance_error","message":"insufficient balance (1008)","http_code":"402"},"request_id":"x"}"#;
    let error = ApiError::from_http(402, "application/json", body, None);
    assert_eq!(
        (error.kind.clone(), error.code),
        (ErrorKind::Balance, Some(1008))
    );
    assert!(error.user_message().contains("Top up"));
    assert_safe(&error);
    // 1008 wins over a generic status.
    let body = r#"{"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}"#;
    assert_eq!(
        ApiError::from_http(400, "", body, None).kind,
        ErrorKind::Balance
    );
}

#[test]
fn rate_limit_with_retry_after() {
    let body = r#"{"type":"error","error":{"type":"rate_limit_error","message":"rate limit exceeded (1002)","http_code":"429"}}"#;
    let error = ApiError::from_http(429, "application/json", body, Some(" 20 "));
    assert_eq!(error.kind, ErrorKind::RateLimit);
    assert_eq!(error.retry_after_secs, Some(20));
    assert!(
        error.user_message().contains("Wait 20 seconds"),
        "{}",
        error.user_message()
    );
    assert_safe(&error);
    // An HTTP-date Retry-After cannot be turned into seconds without a clock.
    let error = ApiError::from_http(429, "", "", Some("Wed, 21 Oct 2025 07:28:00 GMT"));
    assert_eq!(error.retry_after_secs, None);
    assert!(error.user_message().contains("Wait a moment"));
}

#[test]
fn bad_request_2013_names_the_problem() {
    let body = r#"{"type":"error","error":{"type":"bad_request_error","message":"invalid params, unknown model 'MiniMax-M9' (2013)","http_code":"400"},"request_id":"abc"}"#;
    let error = ApiError::from_http(400, "application/json; charset=utf-8", body, None);
    assert_eq!(
        (error.kind.clone(), error.code),
        (ErrorKind::BadRequest, Some(2013))
    );
    assert!(error.user_message().contains("unknown model 'MiniMax-M9'"));
    assert_safe(&error);
    let body = r#"{"type":"error","error":{"type":"bad_request_error","message":"invalid params, context window exceeds limit (2013)"}}"#;
    let message = ApiError::from_http(400, "", body, None).user_message();
    assert!(message.contains("context window exceeds limit") && message.contains("new chat"));
}

#[test]
fn server_errors() {
    let body = r#"{"type":"error","error":{"type":"api_error","message":"unknown error (1000)","http_code":"500"}}"#;
    let error = ApiError::from_http(500, "application/json", body, None);
    assert_eq!(
        (error.kind.clone(), error.code),
        (ErrorKind::Server, Some(1000))
    );
    assert!(error.user_message().contains("Try again"));
    assert_safe(&error);
    let body = r#"{"base_resp":{"status_code":1033,"status_msg":"system error"}}"#;
    let error = ApiError::from_http(500, "", body, None);
    assert_eq!(
        (error.kind.clone(), error.code),
        (ErrorKind::Server, Some(1033))
    );
    for status in [502, 503] {
        assert_eq!(
            ApiError::from_http(status, "", "", None).kind,
            ErrorKind::Server
        );
    }
    let error = ApiError::from_http(
        502,
        "text/plain",
        "upstream connect error or disconnect/reset before headers",
        None,
    );
    assert_eq!(error.kind, ErrorKind::Server);
    assert!(error.user_message().contains("upstream connect error"));
}

#[test]
fn overloaded_529_and_timeout_504() {
    let body = r#"{"type":"error","error":{"type":"overloaded_error","message":"The server cluster is currently under high load. Please retry after a short wait.","http_code":"529"}}"#;
    let error = ApiError::from_http(529, "application/json", body, None);
    assert_eq!(error.kind, ErrorKind::Overloaded);
    assert!(error.user_message().contains("overloaded"));
    assert_safe(&error);
    let error = ApiError::from_http(504, "", "", None);
    assert_eq!(error.kind, ErrorKind::Timeout);
    assert_safe(&error);
}

#[test]
fn openai_style_body_with_key_echoed() {
    let body = format!(
        r#"{{"error":{{"message":"Incorrect API key provided: {SK_KEY}. You can find your API key at https://platform.minimax.io/user-center/basic-information/interface-key.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}}}"#
    );
    let error = ApiError::from_http(401, "application/json", &body, None);
    assert_eq!(error.kind, ErrorKind::Auth);
    assert!(!error.detail.contains(SK_KEY));
    assert!(
        error
            .detail
            .contains("https://platform.minimax.io/user-center")
    );
    assert_safe(&error);
}

#[test]
fn bearer_token_in_body_is_hidden() {
    let body = format!("Invalid header Authorization: Bearer {JWT_KEY} for host api.minimax.io");
    let error = ApiError::from_http(401, "text/plain", &body, None);
    assert!(!error.user_message().contains(JWT_KEY));
    assert!(error.user_message().contains("Bearer [hidden]"));
    assert_safe(&error);
    // Set by hand, the detail is still cleaned when shown.
    let mut error = ApiError::from_http(500, "", "", None);
    error.detail = format!("<html><title>t</title></html> key={SK_KEY}");
    assert_safe(&error);
}

#[test]
fn html_proxy_pages() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let error = ApiError::from_http(502, "text/html", page, None);
    assert_eq!(error.kind, ErrorKind::ProxyHtml);
    assert_eq!(error.status, Some(502));
    assert_eq!(error.detail, "502 Bad Gateway");
    let message = error.user_message();
    assert!(
        message.contains("HTTP 502") && message.contains("502 Bad Gateway"),
        "{message}"
    );
    assert!(!message.contains("nginx") && !message.contains("center"));
    assert_safe(&error);

    // No content type, no title: still recognised, still no HTML shown.
    let error = ApiError::from_http(
        404,
        "",
        "  <!DOCTYPE html><html><body><p>Cannot POST /v1/chat/completions</p></body></html>",
        None,
    );
    assert_eq!(error.kind, ErrorKind::ProxyHtml);
    assert_eq!(error.detail, "");
    assert!(error.user_message().contains("Base URL"));
    assert_safe(&error);

    // Cloudflare-style title with entities and markup inside.
    let page = "<!DOCTYPE html><title>api.minimax.io | 524: A timeout occurred &amp; <b>more</b></title><script>x<y</script>";
    let error = ApiError::from_http(524, "text/html; charset=UTF-8", page, None);
    assert_eq!(
        error.detail,
        "api.minimax.io | 524: A timeout occurred & more"
    );
    assert_safe(&error);
}

#[test]
fn empty_bodies() {
    for status in [400, 401, 402, 404, 429, 500, 529, 418, 302] {
        let error = ApiError::from_http(status, "", "", None);
        assert_eq!(error.detail, "");
        assert_eq!(error.status, Some(status));
        assert!(error.user_message().contains(&format!("HTTP {status}")));
        assert_safe(&error);
    }
    assert_eq!(
        ApiError::from_http(418, "", "", None).kind,
        ErrorKind::BadRequest
    );
    assert_eq!(
        ApiError::from_http(302, "", "", None).kind,
        ErrorKind::Other
    );
    let not_found = ApiError::from_http(404, "", "", None).user_message();
    assert!(not_found.contains("Base URL") && not_found.contains("/v1"));
}

#[test]
fn base_resp_in_200_json_body() {
    let body = r#"{"id":"","choices":null,"created":0,"model":"","object":"","usage":null,"input_sensitive":false,"output_sensitive":false,"base_resp":{"status_code":1004,"status_msg":"login fail: Please carry the API secret key in the 'Authorization' field of the request header"}}"#;
    let error = ApiError::from_json_body(200, body).expect("an error");
    assert_eq!(
        (error.kind.clone(), error.code),
        (ErrorKind::Auth, Some(1004))
    );
    assert!(!error.user_message().contains("HTTP 200"));
    assert_safe(&error);
    for (code, kind) in [
        (1000, ErrorKind::Server),
        (1001, ErrorKind::Timeout),
        (1002, ErrorKind::RateLimit),
        (1008, ErrorKind::Balance),
        (1013, ErrorKind::Server),
        (1024, ErrorKind::Server),
        (1027, ErrorKind::ContentBlocked),
        (1033, ErrorKind::Server),
        (1039, ErrorKind::TokenLimit),
        (2013, ErrorKind::BadRequest),
        (9999, ErrorKind::Other),
    ] {
        let body = format!(r#"{{"base_resp":{{"status_code":{code},"status_msg":"m"}}}}"#);
        let error = ApiError::from_json_body(200, &body).expect("an error");
        assert_eq!(error.kind, kind, "code {code}");
        assert_safe(&error);
    }
}

#[test]
fn json_body_without_error_is_none() {
    let ok = r#"{"choices":[{"message":{"content":"hi"}}],"base_resp":{"status_code":0,"status_msg":"success"}}"#;
    assert_eq!(ApiError::from_json_body(200, ok), None);
    assert_eq!(ApiError::from_json_body(200, r#"{"error":null}"#), None);
    let error = ApiError::from_json_body(200, "").expect("empty is not understood");
    assert_eq!(error.kind, ErrorKind::BadResponse);
    let error = ApiError::from_json_body(200, "<html><title>Login</title></html>").expect("html");
    assert_eq!(
        (error.kind.clone(), error.detail.as_str()),
        (ErrorKind::ProxyHtml, "Login")
    );
    assert_safe(&error);
}

#[test]
fn network_failure_names_cors_and_the_proxy() {
    let error = ApiError::network("https://api.minimax.io/v1", "Failed to fetch");
    assert_eq!(error.kind, ErrorKind::Network);
    assert_eq!(error.status, None);
    let message = error.user_message();
    for needle in [
        "CORS",
        "Local proxy",
        "edge proxy",
        "docs/hosting.md",
        "Hosts that cannot proxy",
        "connection",
        "Failed to fetch",
        "https://api.minimax.io/v1",
    ] {
        assert!(message.contains(needle), "{needle} missing from {message}");
    }
    assert_safe(&error);
    let error = ApiError::network(&format!("https://example.com/v1?key={JWT_KEY}"), "");
    assert_safe(&error);
}

/// The guide and section the CORS sentence names exist under those names.
#[test]
fn the_hosting_guide_has_the_named_section() {
    use minimax_chat::api::message::{HOSTING_GUIDE, NO_PROXY_SECTION};
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/hosting.md"))
        .expect("docs/hosting.md is in the repository");
    assert!(HOSTING_GUIDE.ends_with("docs/hosting.md"));
    assert!(
        guide
            .lines()
            .any(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == NO_PROXY_SECTION),
        "docs/hosting.md has no heading \"{NO_PROXY_SECTION}\""
    );
}

#[test]
fn long_details_are_cut() {
    let body = format!(r#"{{"error":{{"message":"{}"}}}}"#, "word ".repeat(200));
    let error = ApiError::from_http(400, "", &body, None);
    assert_eq!(error.detail.chars().count(), 300);
    assert!(error.detail.ends_with('…'));
}

#[test]
fn every_message_says_what_to_do() {
    let kinds = [
        (400, ""),
        (401, ""),
        (402, ""),
        (429, ""),
        (500, ""),
        (529, ""),
        (504, ""),
        (502, "<html></html>"),
        (200, "garbage"),
    ];
    for (status, body) in kinds {
        let error = if status == 200 {
            ApiError::from_json_body(status, body).expect("error")
        } else {
            ApiError::from_http(status, "", body, None)
        };
        let message = error.user_message();
        let sentences = message.matches(". ").count() + 1;
        assert!((2..=3).contains(&sentences), "{message}");
        assert!(message.ends_with('.'), "{message}");
    }
}

proptest! {
    /// Arbitrary bodies never panic, and never leak HTML or an embedded key.
    #[test]
    fn any_body_is_safe(status in 100u16..600, html in any::<bool>(), text in ".{0,400}", retry in proptest::option::of(".{0,12}")) {
        let body = if html {
            format!("<html><head><title>{text}</title></head><body>{text} {JWT_KEY}</body></html>")
        } else {
            format!("{text} Bearer {SK_KEY} {text}")
        };
        let error = ApiError::from_http(status, if html { "text/html" } else { "" }, &body, retry.as_deref());
        let message = error.user_message();
        prop_assert!(!message.contains(JWT_KEY) && !message.contains(SK_KEY));
        if html {
            prop_assert!(!message.contains('<'));
        }
        prop_assert!(error.detail.chars().count() <= 300);
        let _ = ApiError::from_json_body(status, &text);
    }
}
