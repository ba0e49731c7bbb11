//! The page frame: sidebar, the open chat, settings, and app-wide listeners.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::backups::BackupNotice;
use super::composer::Composer;
use super::folders::FolderDialog;
use super::prompts::PromptsDialog;
use super::settings::SettingsDialog;
use super::shortcuts::{self, ShortcutsDialog};
use super::sidebar::Sidebar;
use super::state::AppState;
use super::summary::SummaryDialog;
use super::thread::Thread;
use super::transfer::ExportDialog;
use super::undo::UndoToast;
use super::update::UpdateNotice;
use super::welcome::focus_soon;
use super::when::When;
use crate::browser::renderer::{self, RendererState};
use crate::store::Theme;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    load_renderer(state);
    listen_to_other_tabs(state);
    save_before_unload(state);
    shortcuts::listen(state);
    drawer_gestures(state);

    // The theme is an attribute on <html>, so CSS can follow it or the system.
    Effect::new(move |_| {
        let theme = state.settings.with(|s| s.theme);
        if let Some(root) = document().document_element() {
            let value = match theme {
                Theme::System => "system",
                Theme::Light => "light",
                Theme::Dark => "dark",
            };
            let _ = root.set_attribute("data-theme", value);
        }
    });

    view! {
        <div class="app" class:sidebar-open=move || state.sidebar_open.get()>
            <Sidebar />
            // On phones the list is a drawer over the chat: this backdrop
            // closes it, and the chat behind takes no taps or focus.
            <div class="backdrop" aria-hidden="true" on:click=move |_| close_drawer(state)></div>
            <main class="main" inert=move || state.sidebar_open.get()>
                <header class="topbar">
                    <button
                        type="button"
                        id="drawer-toggle"
                        class="icon-button only-narrow"
                        aria-label="Chats"
                        on:click=move |_| {
                            state.sidebar_open.set(true);
                            focus_soon("drawer-close");
                        }
                    >
                        "☰"
                    </button>
                    <h1 class="chat-title">{move || state.title.get()}</h1>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Keyboard shortcuts"
                        title="Keyboard shortcuts (?)"
                        on:click=move |_| state.shortcuts_open.set(true)
                    >
                        "?"
                    </button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| state.settings_open.set(true)
                    >
                        "Settings"
                    </button>
                </header>
                <UpdateNotice />
                <Notices />
                <Thread />
                <UndoToast chats=false />
                <Composer />
                // A finished reply is read out once, whole, not as it streams.
                <div class="visually-hidden" role="status" aria-live="polite">
                    {move || state.announcement.get()}
                </div>
            </main>
            <SettingsDialog />
            <ExportDialog />
            <ShortcutsDialog />
            <SummaryDialog />
            <FolderDialog />
            <PromptsDialog />
        </div>
    }
}

/// The widest window with the phone layout (the media queries in
/// style/layout.css and style/chat.css).
const PHONE_MAX_PX: f64 = 760.0;

/// Whether the page has the phone layout, where the chat list is a drawer.
pub fn is_phone_width() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w <= PHONE_MAX_PX)
}

/// Close the phone drawer and give focus back to the button that opened it.
pub fn close_drawer(state: AppState) {
    if state.sidebar_open.get_untracked() {
        state.sidebar_open.set(false);
        focus_soon("drawer-toggle");
    }
}

/// How far (px) a swipe must go towards the edge to close the drawer.
const SWIPE_PX: i32 = 60;

/// Escape closes the drawer (unless something in it used the key, such as
/// a dialog or the rename field), and so does a swipe towards the edge.
/// One untyped window listener for the three events: cheaper in the wasm
/// than typed handlers on the drawer. A window grown past the phone layout
/// closes it too (`thread.rs`, which watches the size), or the chat would
/// stay inert behind nothing.
fn drawer_gestures(state: AppState) {
    let swipe_from = StoredValue::new(0);
    let on_event = move |ev: web_sys::Event| {
        if !state.sidebar_open.get_untracked() {
            return;
        }
        let x = ev.dyn_ref::<web_sys::MouseEvent>().map(|p| p.client_x());
        match (ev.type_().as_str(), x) {
            ("pointerdown", Some(x)) => swipe_from.set_value(x),
            ("pointerup", Some(x)) if swipe_from.get_value() - x > SWIPE_PX => close_drawer(state),
            ("keydown", _) => {
                let escape = ev
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape");
                if escape && !ev.default_prevented() {
                    close_drawer(state);
                }
            }
            _ => {}
        }
    };
    for name in ["keydown", "pointerdown", "pointerup"] {
        let _ = window_event_listener_untyped(name, on_event);
    }
}

/// Load-time notices and storage failures, above the chat.
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <When when=move || state.storage_error.with(|e| e.is_some())>
            <div class="banner banner-error" role="alert">
                <span>{move || state.storage_error.get().unwrap_or_default()}</span>
                <button type="button" class="link-button" on:click=move |_| state.export_open.set(true)>
                    "Export chats"
                </button>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        state.act(|s| s.save_open());
                    }
                >
                    "Try again"
                </button>
            </div>
        </When>
        <BackupNotice />
        // Not a keyed <For>: notices are few and rare, and another instance
        // of its list diffing costs more wasm than redrawing them.
        {move || {
            state
                .notices
                .get()
                .into_iter()
                .map(|notice| {
                    let text = notice.clone();
                    view! {
                        <div class="banner" role="status">
                            <span>{notice}</span>
                            <button
                                type="button"
                                class="link-button"
                                on:click=move |_| {
                                    state.act(|s| s.dismiss_notice(&text));
                                }
                            >
                                "Dismiss"
                            </button>
                        </div>
                    }
                })
                .collect_view()
        }}
    }
}

/// How long answers wait for the renderer before showing as plain text.
const RENDERER_PATIENCE: Duration = Duration::from_millis(1500);

/// Fetches the markdown renderer module as the page first paints.
fn load_renderer(state: AppState) {
    leptos::task::spawn_local(async move {
        let next = match renderer::load().await {
            Ok(()) => RendererState::Ready,
            Err(why) => {
                state.act(|s| {
                    s.add_notice(format!(
                        "Answers are shown as plain text: the markdown renderer could not load ({why}). Reload the page to try again."
                    ))
                });
                RendererState::Failed
            }
        };
        let _ = state.renderer.try_set(next);
        // The first screen is up: the other chats are read in the background.
        state.read_everything().await;
    });
    set_timeout(
        move || {
            if state.renderer.try_get_untracked() == Some(RendererState::Loading) {
                state.renderer.set(RendererState::Slow);
            }
        },
        RENDERER_PATIENCE,
    );
}

/// A second tab's writes arrive as `storage` events: pick up its chats.
fn listen_to_other_tabs(state: AppState) {
    // The listener lives as long as the page (the app is never unmounted).
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key.as_deref().is_none_or(|k| k.starts_with("mmchat:")) {
            let value = ev.new_value();
            state.act(|s| s.changed_in_other_tab(key.as_deref(), value.as_deref()));
        }
    });
}

/// A tab closed mid-reply keeps what had arrived.
fn save_before_unload(state: AppState) {
    let _ = window_event_listener(leptos::ev::pagehide, move |_| {
        state.act(|s| s.page_hidden());
    });
}
