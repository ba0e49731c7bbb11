//! One delegated click listener per rendered container: copy buttons on code
//! blocks and click-to-load images. Delegation means re-rendered tails need
//! no re-wiring and there is one closure per container, not per button.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event};

use super::url::safe_image_url;

/// How long the copy button says "Copied" before it resets.
const COPIED_MS: i32 = 1500;
/// The button's text is "Load image: ALT"; the alt is what follows this.
const LOAD_PREFIX: &str = "Load image: ";

/// Keeps the listener alive; dropping it removes the listener.
pub struct ClickHandlers {
    target: Element,
    callback: Closure<dyn FnMut(Event)>,
}

impl Drop for ClickHandlers {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback("click", self.callback.as_ref().unchecked_ref());
    }
}

/// Installs the delegated click listener on `container`.
pub fn install_handlers(container: &Element) -> Result<ClickHandlers, JsValue> {
    let scope = container.clone();
    let callback = Closure::<dyn FnMut(Event)>::new(move |event: Event| on_click(&scope, &event));
    container.add_event_listener_with_callback("click", callback.as_ref().unchecked_ref())?;
    Ok(ClickHandlers {
        target: container.clone(),
        callback,
    })
}

fn on_click(container: &Element, event: &Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let Ok(Some(button)) = target.closest("button.copy-code, button.load-image") else {
        return;
    };
    // Only buttons rendered inside this container, never the page around it.
    if !container.contains(Some(&button)) {
        return;
    }
    if button.class_list().contains("copy-code") {
        copy_code(button);
    } else {
        load_image(&button);
        // A button inside a link must not also follow the link.
        event.prevent_default();
    }
}

/// Copies the exact text of the block's `<code>` element.
fn copy_code(button: Element) {
    let code = button
        .closest(".code-block")
        .ok()
        .flatten()
        .and_then(|block| block.query_selector("pre > code").ok().flatten());
    let text = code.and_then(|c| c.text_content()).unwrap_or_default();
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is missing outside secure contexts; calling into
    // `undefined` would throw through the wasm frames.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|value| !value.is_undefined());
    if !has_clipboard {
        button.set_text_content(Some("Copy failed"));
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let label = match JsFuture::from(promise).await {
            Ok(_) => "Copied",
            Err(_) => "Copy failed",
        };
        button.set_text_content(Some(label));
        let reset = Closure::once_into_js(move || button.set_text_content(Some("Copy")));
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            reset.unchecked_ref(),
            COPIED_MS,
        );
    });
}

/// Replaces the button with the image, after re-checking its URL: the DOM
/// may have been touched since we rendered it.
fn load_image(button: &Element) {
    let Some(src) = button
        .get_attribute("data-src")
        .as_deref()
        .and_then(safe_image_url)
    else {
        return;
    };
    let Some(doc) = button.owner_document() else {
        return;
    };
    let Ok(img) = doc.create_element("img") else {
        return;
    };
    let label = button.text_content().unwrap_or_default();
    let alt = label.strip_prefix(LOAD_PREFIX).unwrap_or(&label);
    // `src` last: a detached <img> starts fetching as soon as it has one,
    // and the referrer policy must already apply to that request.
    let attrs = [
        ("referrerpolicy", "no-referrer"),
        ("loading", "lazy"),
        ("alt", alt),
        ("src", src.as_str()),
    ];
    for (name, value) in attrs {
        if img.set_attribute(name, value).is_err() {
            return;
        }
    }
    let _ = button.replace_with_with_node_1(&img);
}
