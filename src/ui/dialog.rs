//! A modal dialog: an overlay that closes it, a titled header with Close,
//! and Escape to close. Focus moves into it when it opens, Tab and
//! Shift+Tab stay inside it, and focus goes back where it was on close.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use web_sys::HtmlElement;

use super::state::AppState;
use super::when::When;

/// What Tab can reach inside a dialog.
const FOCUSABLE: &str = "a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex=\"-1\"])";

/// The dialog's focusable elements, in order.
fn focusables(panel: &web_sys::Element) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.tab_index() >= 0)
        .collect()
}

/// Tab from the last element goes to the first, Shift+Tab from the first
/// to the last: focus never leaves for the page behind.
fn keep_focus_inside(panel: &web_sys::Element, ev: &web_sys::KeyboardEvent) {
    let all = focusables(panel);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return;
    };
    let active = document().active_element();
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let outside = active.as_ref().is_none_or(|a| !panel.contains(Some(a)));
    let to = if ev.shift_key() && (at(first) || outside) {
        last
    } else if !ev.shift_key() && (at(last) || outside) {
        first
    } else {
        return;
    };
    ev.prevent_default();
    let _ = to.focus();
}

#[component]
pub fn Dialog(
    /// Whether the dialog is shown; Close, Escape and the overlay clear it.
    open: RwSignal<bool>,
    /// The heading, which is also the dialog's accessible name.
    title: &'static str,
    /// The element id of the heading (unique on the page).
    title_id: &'static str,
    /// Extra class for the dialog box.
    class: &'static str,
    /// Called when the dialog is closed by Close, Escape or the overlay (a
    /// plain function: one compiled Dialog for all).
    #[prop(optional)]
    on_close: Option<fn(AppState)>,
    children: ChildrenFn,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let close = move || {
        open.set(false);
        if let Some(f) = on_close {
            f(state);
        }
    };
    let children = StoredValue::new(children);
    let panel = NodeRef::<leptos::html::Div>::new();
    // Where focus was before the dialog took it, to give it back on close.
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = panel.get() else { return };
        let before = document()
            .active_element()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        opener.set_value(before);
        // The first control after the header, else Close.
        let all = focusables(&el);
        if let Some(target) = all.get(1).or(all.first()) {
            let _ = target.focus();
        }
    });
    view! {
        <When when=move || open.get()>
            {
                on_cleanup(move || {
                    if let Some(Some(el)) = opener.try_update_value(Option::take) {
                        let _ = el.focus();
                    }
                });
            }
            <div class="overlay" on:click=move |_| close()></div>
            <div
                class=format!("dialog {class}")
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id
                node_ref=panel
                on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                    "Escape" => {
                        // Used here: the drawer behind stays open.
                        ev.prevent_default();
                        ev.stop_propagation();
                        close();
                    }
                    "Tab" => {
                        if let Some(el) = panel.get_untracked() {
                            keep_focus_inside(&el, &ev);
                        }
                    }
                    _ => {}
                }
            >
                <header class="dialog-head">
                    <h2 id=title_id>{title}</h2>
                    <button type="button" class="button" on:click=move |_| close()>
                        "Close"
                    </button>
                </header>
                {children.with_value(|c| c())}
            </div>
        </When>
    }
}
