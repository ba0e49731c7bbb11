//! The list of chats: pinned first, then the folders (open or closed),
//! then the rest, newest first; search, open, pin, move (by menu or by
//! dragging onto a folder), rename, delete; New chat and New folder above
//! it, Export, Import, Prompts and the storage meter below.

use leptos::prelude::*;

use super::state::AppState;
use super::transfer::{ImportButton, StorageMeter};
use super::when::When;
use crate::browser::clock::next_task;
use crate::chat::Folder;
use crate::session::{ListItem as Item, ListRow as Row, SearchRun};

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

/// The chat being dragged, for the folder it is dropped on.
#[derive(Clone, Copy)]
struct Dragging(RwSignal<Option<String>>);

/// Handlers that make an element a place to drop a dragged chat: into
/// `folder`, or (`None`) out of any folder.
fn drop_target(
    state: AppState,
    folder: Option<String>,
) -> (
    impl Fn(leptos::ev::DragEvent) + 'static,
    impl Fn(leptos::ev::DragEvent) + 'static,
) {
    let Dragging(dragging) = expect_context::<Dragging>();
    let over = move |ev: leptos::ev::DragEvent| {
        if dragging.with_untracked(Option::is_some) {
            // Allows the drop.
            ev.prevent_default();
        }
    };
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(chat) = dragging.get_untracked() {
            dragging.set(None);
            state.act(|s| s.move_chat(&chat, folder.as_deref()));
        }
    };
    (over, drop)
}

#[component]
pub fn Sidebar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let (listed, searching) = listed(state, query);
    let renaming = RwSignal::new(None::<String>);
    provide_context(Dragging(RwSignal::new(None)));
    // Pinned first, then the folders, then the rest (session::folders).
    let rows = Memo::new(move |_| {
        state.list.track();
        let filtering = query.with(|q| !q.trim().is_empty());
        listed
            .with(|hits| state.read(|s| s.arrange(hits).rows(filtering)))
            .unwrap_or_default()
    });

    view! {
        <aside class="sidebar">
            <div class="sidebar-head">
                <span class="brand">"MiniMax Chat"</span>
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| {
                        state.act(|s| s.new_chat());
                        state.sidebar_open.set(false);
                    }
                >
                    "New chat"
                </button>
            </div>
            <div class="sidebar-search">
                <input
                    type="search"
                    aria-label="Search chats"
                    placeholder="Search chats"
                    bind:value=query
                />
                <button
                    type="button"
                    class="icon-button small"
                    aria-label="New folder"
                    title="New folder"
                    on:click=move |_| {
                        if let Some(id) = state.act(|s| s.create_folder("")) {
                            state.edit_folder(id);
                        }
                    }
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M2 4.5h4l1.5 1.5H14v6.5H2zM8 7.5v4M6 9.5h4" />
                    </svg>
                </button>
            </div>
            <nav aria-label="Conversations">
                <ul class="chat-list">
                    <For
                        each=move || rows.get()
                        key=|row| row.clone()
                        children=move |row| match row {
                            Row::Chat { item, nested } => {
                                view! { <ChatItem item nested renaming /> }.into_any()
                            }
                            Row::Folder { folder, count, open } => {
                                view! { <FolderItem folder count open /> }.into_any()
                            }
                            Row::PinnedHeading => {
                                view! { <li class="list-head">"Pinned"</li> }.into_any()
                            }
                            Row::LooseHeading => {
                                let (over, drop) = drop_target(state, None);
                                view! {
                                    <li class="list-head" on:dragover=over on:drop=drop>
                                        "Chats"
                                    </li>
                                }
                                    .into_any()
                            }
                        }
                    />
                </ul>
                <When when=move || {
                    listed.with(Vec::is_empty) && !searching.get() && !query.with(String::is_empty)
                }>
                    <p class="list-empty">"No chat matches your search."</p>
                </When>
            </nav>
            <div class="sidebar-foot">
                <div class="sidebar-actions">
                    <button type="button" class="button" on:click=move |_| state.export_open.set(true)>
                        "Export"
                    </button>
                    <ImportButton />
                    <button type="button" class="button" on:click=move |_| state.prompts_open.set(true)>
                        "Prompts"
                    </button>
                </div>
                <StorageMeter />
            </div>
        </aside>
    }
}

/// A folder in the list: its name opens or closes it; New chat in it, its
/// settings; chats dragged onto it move into it.
#[component]
fn FolderItem(folder: Folder, count: usize, open: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(folder.id.clone());
    let (over, drop) = drop_target(state, Some(folder.id.clone()));
    let name = folder.name;
    view! {
        <li class="chat-row folder-row" on:dragover=over on:drop=drop>
            <button
                type="button"
                class="chat-item folder-toggle"
                aria-expanded=open.to_string()
                on:click=move |_| {
                    id.with_value(|id| state.act(|s| s.set_folder_collapsed(id, open)));
                }
            >
                <span class="folder-name">{name.clone()}</span>
                <span class="folder-count">{count}</span>
            </button>
            <div class="chat-row-actions">
                <button
                    type="button"
                    class="icon-button small"
                    aria-label=format!("New chat in {name}")
                    title="New chat in this folder"
                    on:click=move |_| {
                        id.with_value(|id| state.act(|s| s.new_chat_in(id)));
                        state.sidebar_open.set(false);
                    }
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M8 3v10M3 8h10" />
                    </svg>
                </button>
                <button
                    type="button"
                    class="icon-button small"
                    aria-label=format!("Edit folder {name}")
                    title="Folder settings"
                    on:click=move |_| state.edit_folder(id.get_value())
                >
                    <svg viewBox="0 0 16 16" aria-hidden="true">
                        <path d="M3 5h10M3 8h10M3 11h10" />
                    </svg>
                </button>
            </div>
        </li>
    }
}

/// A chat in the list: its title opens it; Pin, Move to folder (or drag it
/// onto a folder), Rename in place, Delete.
#[component]
fn ChatItem(item: Item, nested: bool, renaming: RwSignal<Option<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Dragging(dragging) = expect_context::<Dragging>();
    let id = StoredValue::new(item.id.clone());
    let is_current = move || state.open_id.with(|o| id.with_value(|id| o == id));
    let is_renaming = move || renaming.with(|r| id.with_value(|id| r.as_deref() == Some(id)));
    let title = item.title.clone();
    let snippet = item.snippet.clone();
    let pinned = item.pinned;
    let folder = StoredValue::new(item.folder.clone().unwrap_or_default());

    let open = move |_| {
        id.with_value(|id| state.act(|s| s.open_chat(id)));
        state.sidebar_open.set(false);
    };
    let finish_rename = move |value: String| {
        if is_renaming() {
            renaming.set(None);
            id.with_value(|id| state.act(|s| s.rename_chat(id, &value)));
        }
    };
    let title_for_input = title.clone();
    let folders = move || {
        state.list.track();
        state.read(|s| s.folders().to_vec()).unwrap_or_default()
    };

    view! {
        <li
            class="chat-row"
            class:active=is_current
            class:nested=nested
            draggable="true"
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(data) = ev.data_transfer() {
                    // Firefox starts a drag only with some data set.
                    let _ = data.set_data("text/plain", &id.get_value());
                }
                dragging.set(Some(id.get_value()));
            }
            on:dragend=move |_| dragging.set(None)
        >
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
                            {snippet.map(|s| view! { <span class="chat-snippet">{s}</span> })}
                        </button>
                        <div class="chat-row-actions">
                            <button
                                type="button"
                                class="icon-button small"
                                class:on=pinned
                                aria-label=if pinned { "Unpin" } else { "Pin" }
                                title=if pinned { "Unpin" } else { "Pin" }
                                on:click=move |_| {
                                    id.with_value(|id| state.act(|s| s.set_pinned(id, !pinned)));
                                }
                            >
                                <svg viewBox="0 0 16 16" aria-hidden="true">
                                    <path d="M6 2.5h4M7 2.5v4L4.5 9h7L9 6.5v-4M8 9v4.5" />
                                </svg>
                            </button>
                            <When when=move || !folders().is_empty()>
                                <select
                                    class="icon-button small move-to"
                                    aria-label="Move to folder"
                                    title="Move to folder"
                                    on:change=move |ev| {
                                        let to = event_target_value(&ev);
                                        let to = (!to.is_empty()).then_some(to);
                                        id.with_value(|id| state.act(|s| s.move_chat(id, to.as_deref())));
                                    }
                                >
                                    <option value="" selected=folder.with_value(String::is_empty)>
                                        "No folder"
                                    </option>
                                    {folders()
                                        .into_iter()
                                        .map(|f| {
                                            let here = folder.with_value(|mine| *mine == f.id);
                                            view! {
                                                <option value=f.id selected=here>
                                                    {f.name}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </When>
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
        </li>
    }
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
                "Escape" => renaming.set(None),
                _ => {}
            }
            on:blur=move |ev| on_done(event_target_value(&ev))
        />
    }
}
