//! Test connection through the session: the request it makes, the verdict
//! it keeps, and when that verdict no longer holds.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: serde_json costs nothing here (clippy.toml)"
)]

mod session_support;

use minimax_chat::api::ApiError;
use minimax_chat::chat::ENDPOINTS;
use minimax_chat::session::KeyCheck;
use session_support::*;

#[test]
fn the_test_is_one_small_request_to_the_chosen_endpoint() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.base_url = "https://api.minimax.io/v1".into());
    let test = s.test_connection().expect("a request to run");
    assert_eq!(test.url, "https://api.minimax.io/v1/chat/completions");
    assert_eq!(test.api_key, "test-key");
    let body: serde_json::Value = serde_json::from_str(&test.body).expect("JSON");
    assert_eq!(body["max_completion_tokens"], 1);
    assert_eq!(body["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["thinking"]["type"], "disabled");
    let running = s.key_check().cloned();
    assert_eq!(running.as_ref().and_then(|c| c.works), None, "running");
    assert!(running.is_some_and(|c| c.sentence.contains("MiniMax Global")));
    assert!(s.list("").is_empty(), "no chat is made by a test");

    s.connection_tested(&test, Ok(()));
    let done = s.key_check().cloned();
    assert_eq!(done.as_ref().and_then(|c| c.works), Some(true));
    assert!(done.is_some_and(|c| c.sentence.starts_with("Connection works")));
}

#[test]
fn a_refused_key_is_said_and_a_new_key_forgets_the_verdict() {
    let w = World::new();
    let mut s = w.open();
    s.update_settings(|st| st.base_url = "https://api.minimaxi.com/v1".into());
    let test = s.test_connection().expect("a request");
    let refused = ApiError::from_http(
        401,
        "application/json",
        r#"{"base_resp":{"status_code":1004,"status_msg":"invalid api key"}}"#,
        None,
    );
    s.connection_tested(&test, Err(refused));
    let check = s.key_check().cloned().expect("a verdict");
    assert_eq!(check.works, Some(false));
    assert!(
        check.sentence.contains("MiniMax China refused the key"),
        "{}",
        check.sentence
    );
    s.take_changes();
    s.set_api_key("another-key");
    assert!(s.take_changes().status);
    assert_eq!(s.key_check(), None, "the verdict was about the old key");
}

#[test]
fn an_answer_to_an_older_test_is_ignored() {
    let w = World::new();
    let mut s = w.open();
    let old = s.test_connection().expect("a request");
    s.update_settings(|st| st.base_url = "/api/minimax/v1".into());
    let new = s.test_connection().expect("a request");
    s.connection_tested(&old, Err(ApiError::network("x", "")));
    assert_eq!(
        s.key_check().and_then(|c| c.works),
        None,
        "still waiting for the new one"
    );
    s.connection_tested(&new, Ok(()));
    assert!(
        s.key_check()
            .is_some_and(|c| c.sentence.contains("through this site's proxy"))
    );
}

#[test]
fn no_key_means_no_request_and_says_why() {
    let w = World::new();
    let mut s = w.open();
    s.forget_api_key();
    s.update_settings(|st| st.base_url = "https://api.minimax.io/v1".into());
    assert!(s.needs_key());
    assert_eq!(s.test_connection(), None);
    assert_eq!(
        s.key_check(),
        Some(&KeyCheck {
            works: Some(false),
            sentence: "Add your MiniMax API key in Settings first.".into()
        })
    );
    // The local demo needs none.
    let demo = ENDPOINTS
        .iter()
        .find(|e| e.name == "Local demo")
        .map(|e| e.base_url);
    s.update_settings(|st| st.base_url = demo.unwrap_or_default().into());
    assert!(!s.needs_key());
    assert!(s.test_connection().is_some_and(|t| !t.api_key.is_empty()));
}
