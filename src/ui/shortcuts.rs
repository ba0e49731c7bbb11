//! Keyboard shortcuts: the page-wide listener (which key means what is
//! decided in `crate::shortcuts`) and the dialog that lists them.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::is_phone_width;
use super::dialog::Dialog;
use super::dom::append;
use super::reply;
use super::state::AppState;
use crate::shortcuts::{Place, Press, SHORTCUTS, Shortcut, shortcut};

/// Listen for shortcuts on the whole page (for as long as the page lives).
pub fn listen(state: AppState) {
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        let key = ev.key();
        let press = Press {
            key: &key,
            command: ev.ctrl_key() || ev.meta_key(),
            shift: ev.shift_key(),
            alt: ev.alt_key(),
        };
        let Some(action) = shortcut(press, place(state, &ev)) else {
            return;
        };
        // Escape with nothing streaming is left to whatever else uses it
        // (the phone drawer closes on it).
        if action == Shortcut::Stop && state.streaming_chat.with_untracked(Option::is_none) {
            return;
        }
        ev.prevent_default();
        match action {
            Shortcut::NewChat => {
                state.act(|s| s.new_chat());
                focus("message");
            }
            Shortcut::FocusComposer => focus("message"),
            Shortcut::Stop => reply::stop(state),
            Shortcut::SearchChats => {
                // On a phone the list is in the drawer; elsewhere it is
                // always shown (and an open drawer would make the chat inert).
                if is_phone_width() {
                    state.sidebar_open.set(true);
                }
                focus("search-chats");
            }
            Shortcut::ShowShortcuts => state.shortcuts_open.set(true),
        }
    });
}

/// Where the key was pressed: in a dialog, the Message box, another field,
/// or elsewhere on the page.
fn place(state: AppState, ev: &web_sys::KeyboardEvent) -> Place {
    let dialog = [
        state.settings_open,
        state.export_open,
        state.shortcuts_open,
        state.summary_open,
        state.prompts_open,
        state.folder_open,
    ];
    if dialog.iter().any(|open| open.get_untracked()) {
        return Place::Dialog;
    }
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return Place::Page;
    };
    if el.id() == "message" {
        return Place::Composer;
    }
    let tag = el.tag_name();
    let typing = matches!(tag.as_str(), "TEXTAREA" | "SELECT")
        || el.is_content_editable()
        || (tag == "INPUT"
            && !matches!(
                el.get_attribute("type").as_deref(),
                Some("button" | "checkbox" | "radio" | "file" | "submit")
            ));
    if typing {
        Place::OtherField
    } else {
        Place::Page
    }
}

/// Focus the element with `id`, if it is on the page.
fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The list of shortcuts.
#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A fixed list, written once the table is on the page (`dom.rs`).
    let table = NodeRef::<leptos::html::Table>::new();
    Effect::new(move |_| {
        let Some(el) = table.get() else { return };
        for (keys, what) in SHORTCUTS {
            let Some(row) = append(&el, "tr", "", &[]) else {
                return;
            };
            if let Some(th) = append(&row, "th", "", &[("scope", "row")]) {
                append(&th, "kbd", keys, &[]);
            }
            append(&row, "td", what, &[]);
        }
    });
    view! {
        <Dialog open=state.shortcuts_open title="Keyboard shortcuts" title_id="shortcuts-title" class="shortcuts">
            <table class="shortcut-list" node_ref=table></table>
        </Dialog>
    }
}
