//! Browser test for the notice a panic leaves on the page: the hook itself
//! cannot be run here (a panic ends the test), so this checks what it draws.
#![cfg(target_arch = "wasm32")]

use minimax_chat::browser::panic::{NOTICE_ID, show_crash_notice};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_crash_notice_is_an_alert_with_a_reload_link_shown_once() {
    let document = web_sys::window().unwrap().document().unwrap();
    show_crash_notice();
    show_crash_notice();
    let notices = document
        .query_selector_all(&format!("#{NOTICE_ID}"))
        .unwrap();
    assert_eq!(notices.length(), 1, "one notice, however many panics");
    let notice = document.get_element_by_id(NOTICE_ID).unwrap();
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap_or_default();
    assert!(
        text.contains("stopped after an internal error") && text.contains("Reload"),
        "{text}"
    );
    let link = notice.query_selector("a").unwrap().unwrap();
    assert_eq!(link.text_content().as_deref(), Some("Reload"));
    // An empty href: the page's own address, without any fragment.
    assert_eq!(link.get_attribute("href").as_deref(), Some(""));
    let resolved = link
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .unwrap()
        .href();
    let here = web_sys::window().unwrap().location().href().unwrap();
    assert_eq!(resolved, here.split('#').next().unwrap_or_default());
    // It is the first thing in the page, so it shows above a dead app.
    let first = document.body().unwrap().first_element_child().unwrap();
    assert_eq!(first.id(), NOTICE_ID);
}
