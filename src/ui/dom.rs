//! A few elements built by hand, for small parts of the page that change
//! rarely (an error's buttons, the shortcut list): one plain function
//! instead of a Leptos view type for each, which keeps the wasm small.
//! Text goes in as text nodes, never as markup.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Append a `tag` element holding `text` to `parent`, with `attrs`.
pub fn append(
    parent: &web_sys::Element,
    tag: &str,
    text: &str,
    attrs: &[(&str, &str)],
) -> Option<web_sys::Element> {
    let el = document().create_element(tag).ok()?;
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    el.set_text_content(Some(text));
    parent.append_child(&el).ok()?;
    Some(el)
}

/// The `data-i` of the button an event came from (for a row of buttons
/// with one click listener on their container).
pub fn clicked_index(ev: &web_sys::Event) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest("button[data-i]").ok()??;
    button.get_attribute("data-i")?.parse().ok()
}
