//! What the user sees if the app panics anyway. On wasm32 a panic cannot
//! unwind: after the hook runs, the module hits `unreachable`, the current
//! call ends in a `RuntimeError`, and no Rust state can be trusted again.
//! The page would look alive but nothing would answer. So the hook writes a
//! notice straight into the DOM before that happens, and the notice needs no
//! code of ours to work afterwards: Reload is a plain link to this page
//! (the Content-Security-Policy forbids inline handlers and form
//! submissions, and a Rust click handler could not be trusted to run).
//! It is styled through the CSSOM, which the policy allows, so it does not
//! depend on a stylesheet either.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The notice's element id; a second panic does not add a second notice.
pub const NOTICE_ID: &str = "crash-notice";

const MESSAGE: &str = "The app stopped after an internal error. Your chats are kept as last saved. Reload the page to go on.";

/// Log the panic's message and place to the console and show the notice.
/// (console_error_panic_hook added a JavaScript stack, which in a release
/// build names only wasm function numbers: not worth its bytes.)
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show_crash_notice();
    }));
}

/// Put the notice at the top of the page (once). Every step may fail
/// quietly: this runs while the app is already failing.
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(NOTICE_ID).is_some() {
        return;
    }
    let (Some(body), Some(notice)) = (document.body(), build_notice(&document)) else {
        return;
    };
    let _ = body.prepend_with_node_1(&notice);
}

fn build_notice(document: &Document) -> Option<Element> {
    let notice = document.create_element("div").ok()?;
    notice.set_id(NOTICE_ID);
    notice.set_attribute("role", "alert").ok()?;
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(MESSAGE));
    let reload = document.create_element("a").ok()?;
    // An empty href is this page's address without its fragment: following
    // it loads the app afresh.
    reload.set_attribute("href", "").ok()?;
    reload.set_attribute("class", "button primary").ok()?;
    reload.set_text_content(Some("Reload"));
    notice.append_child(&text).ok()?;
    notice.append_child(&reload).ok()?;
    style(&notice);
    Some(notice)
}

fn style(notice: &Element) {
    if let Some(notice) = notice.dyn_ref::<HtmlElement>() {
        notice.style().set_css_text(
            "position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:1rem 1.25rem;\
             background:Canvas;color:CanvasText;border-bottom:3px solid #c0392b;\
             box-shadow:0 4px 16px rgb(0 0 0/.3);font:16px/1.5 system-ui,sans-serif",
        );
    }
}
