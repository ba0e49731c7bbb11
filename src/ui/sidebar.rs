//! The list of chats, newest first under date headings: search, open,
//! rename, delete (with an Undo toast); New chat, Export and Import above
//! it and the storage meter below. On phones it is a drawer.

use leptos::prelude::*;

use super::app::close_drawer;
use super::state::AppState;
use super::transfer::{ImportButton, StorageMeter};
use super::undo::UndoToast;
use super::when::When;
use crate::browser::clock::next_task;
use crate::chat::search::Snippet;
use crate::session::{ListItem as Item, SearchRun};

/// Search work per task, well inside a frame.
const SEARCH_SLICE_MS: f64 = 6.0;

/// The chats to list for `query`, kept up to date as the query and the
/// list change. A search over hundreds of long chats runs a slice at a
/// time, showing the hits found so far; `searching` is true until it ends.
fn listed(state: AppState, query: RwSignal<String>) -> (RwSignal<Vec<Item>>, RwSignal<bool>) {
    let hits = RwSignal::new(Vec::new());
    let searching = RwSignal::new(false);
    // Each change starts a new run; a run that is no longer the latest stops.
    let latest = StoredValue::new(0_u64);
    Effect::new(move |_| {
        state.list.track();
        let mut run = SearchRun::new(&query.get());
        let generation = latest.get_value().wrapping_add(1);
        latest.set_value(generation);
        let step = move |run: &mut SearchRun| {
            let more = state
                .read(|s| s.search_some(run, SEARCH_SLICE_MS))
                .unwrap_or(false);
            if hits.with_untracked(|h: &Vec<Item>| h.as_slice() != run.hits()) {
                hits.set(run.hits().to_vec());
            }
            searching.set(more);
            more
        };
        if step(&mut run) {
            leptos::task::spawn_local(async move {
                loop {
                    next_task().await;
                    if latest.try_get_value() != Some(generation) || !step(&mut run) {
                        break;
                    }
                }
            });
        }
    });
    (hits, searching)
}

#[component]
pub fn Sidebar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let (listed, searching) = listed(state, query);
    let renaming = RwSignal::new(None::<String>);

    view! {
        <aside class="sidebar">
            <div class="sidebar-head">
                <span class="brand">"MiniMax Chat"</span>
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| {
                        state.act(|s| s.new_chat());
                        close_drawer(state);
                    }
                >
                    "New chat"
                </button>
                <button
                    type="button"
                    id="drawer-close"
                    class="icon-button only-narrow"
                    aria-label="Close chats"
                    on:click=move |_| close_drawer(state)
                >
                    "×"
                </button>
            </div>
            <div class="sidebar-search">
                <input
                    id="search-chats"
                    type="search"
                    aria-label="Search chats"
                    placeholder="Search chats"
                    bind:value=query
                />
            </div>
            <nav aria-label="Conversations">
                <ul class="chat-list">
                    <For
                        each=move || listed.get()
                        key=|item| item.clone()
                        children=move |item| view! { <ChatItem item renaming /> }
                    />
                </ul>
                <When when=move || {
                    listed.with(Vec::is_empty) && !searching.get() && !query.with(String::is_empty)
                }>
                    <p class="list-empty">"No chat matches your search."</p>
                </When>
            </nav>
            <UndoToast chats=true />
            <div class="sidebar-foot">
                <div class="sidebar-actions">
                    <button type="button" class="button" on:click=move |_| state.export_open.set(true)>
                        "Export"
                    </button>
                    <ImportButton />
                </div>
                <StorageMeter />
            </div>
        </aside>
    }
}

/// A chat in the list: its title opens it; Rename edits the title in place.
#[component]
fn ChatItem(item: Item, renaming: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(item.id.clone());
    let is_current = move || state.open_id.with(|o| id.with_value(|id| o == id));
    let is_renaming = move || renaming.with(|r| id.with_value(|id| r.as_deref() == Some(id)));
    let title = item.title.clone();
    let snippet = item.snippet.clone();
    let heading = item
        .heading
        .map(|g| view! { <h2 class="chat-group">{g.label()}</h2> });

    let open = move |_| {
        id.with_value(|id| state.act(|s| s.open_chat(id)));
        close_drawer(state);
    };
    let finish_rename = move |value: String| {
        if is_renaming() {
            renaming.set(None);
            id.with_value(|id| state.act(|s| s.rename_chat(id, &value)));
        }
    };
    let title_for_input = title.clone();

    view! {
        // The first chat of a date group carries its heading: the list's
        // items stay one per chat.
        <li class="chat-entry">
            {heading}
            <div class="chat-row" class:active=is_current>
                <When
                    when=is_renaming
                    fallback=move || {
                        let title = title.clone();
                        let snippet = snippet.clone();
                        view! {
                            <button
                                type="button"
                                class="chat-item"
                                aria-current=move || is_current().then_some("page")
                                on:click=open
                            >
                                <span class="chat-title-text">{title}</span>
                                {snippet.map(snippet_view)}
                            </button>
                            <div class="chat-row-actions">
                                <button
                                    type="button"
                                    class="icon-button small"
                                    aria-label="Rename"
                                    title="Rename"
                                    on:click=move |_| renaming.set(Some(id.get_value()))
                                >
                                    <svg viewBox="0 0 16 16" aria-hidden="true">
                                        <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z" />
                                    </svg>
                                </button>
                                <button
                                    type="button"
                                    class="icon-button small"
                                    aria-label="Delete"
                                    title="Delete"
                                    on:click=move |_| {
                                        id.with_value(|id| state.act(|s| s.delete_chat(id)));
                                    }
                                >
                                    <svg viewBox="0 0 16 16" aria-hidden="true">
                                        <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4" />
                                    </svg>
                                </button>
                            </div>
                        }
                    }
                >
                    <RenameField initial=title_for_input.clone() on_done=finish_rename renaming />
                </When>
            </div>
        </li>
    }
}

/// Where a search matched: plain text with the match marked.
fn snippet_view(snippet: Snippet) -> impl IntoView {
    let (before, hit, after) = snippet.parts();
    let (before, hit, after) = (before.to_owned(), hit.to_owned(), after.to_owned());
    view! { <span class="chat-snippet">{before}<mark>{hit}</mark>{after}</span> }
}

/// The title being edited: Enter or leaving the field saves, Escape cancels.
#[component]
fn RenameField(
    initial: String,
    on_done: impl Fn(String) + Copy + 'static,
    renaming: RwSignal<Option<String>>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
            el.select();
        }
    });
    view! {
        <input
            class="rename-input"
            type="text"
            aria-label="Chat title"
            maxlength="200"
            value=initial
            node_ref=input
            on:keydown=move |ev| match ev.key().as_str() {
                "Enter" => {
                    ev.prevent_default();
                    on_done(event_target_value(&ev));
                }
                "Escape" => {
                    // Used here: the drawer stays open.
                    ev.prevent_default();
                    renaming.set(None);
                }
                _ => {}
            }
            on:blur=move |ev| on_done(event_target_value(&ev))
        />
    }
}
