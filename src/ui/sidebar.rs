//! The list of chats: pinned first, then the folders (open or closed),
//! then the rest, newest first under date headings; search, open, pin, move
//! (by menu or by dragging onto a folder), rename, delete (with an Undo
//! toast); New chat and New folder above it, Export, Import, Prompts and the
//! storage meter below. On phones it is a drawer.

use leptos::prelude::*;

use super::app::close_drawer;
use super::per_frame::build_per_frame;
use super::state::AppState;
use super::transfer::{ImportButton, StorageMeter};
use super::undo::UndoToast;
use super::when::When;
use crate::browser::clock::next_task;
use crate::chat::search::Snippet;
use crate::session::{ListItem as Item, ListRow as Row, SearchRun};

/// Search work per task, well inside a frame.
const SEARCH_SLICE_MS: f64 = 6.0;

/// List rows built per frame (about 5 ms of DOM and layout), leaving the
/// frame room for the open chat's own work.
const ROWS_PER_FRAME: usize = 20;

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

/// The chat being dragged, for the place it is dropped on.
#[derive(Clone, Copy)]
struct Dragging(RwSignal<Option<String>>);

/// Where a dragged chat can be dropped, and what that does.
#[derive(Clone)]
enum Drop {
    /// Onto "Pinned": pin it.
    Pin,
    /// Onto a folder (`Some`), or onto "Chats" (`None`): move it there.
    Into(Option<String>),
}

/// What an icon button of a row does. One view serves them all: a button
/// per use would be compiled once each (first-load size).
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Pin,
    Unpin,
    Rename,
    Delete,
    NewChatIn,
    EditFolder,
}

impl Action {
    /// Its accessible name (`name`: the folder's, for folder actions).
    fn label(self, name: &str) -> String {
        match self {
            Action::Pin => "Pin".into(),
            Action::Unpin => "Unpin".into(),
            Action::Rename => "Rename".into(),
            Action::Delete => "Delete".into(),
            Action::NewChatIn => format!("New chat in {name}"),
            Action::EditFolder => format!("Edit folder {name}"),
        }
    }

    /// Its icon, an SVG path on a 16 × 16 grid.
    fn icon(self) -> &'static str {
        match self {
            Action::Pin | Action::Unpin => "M6 2.5h4M7 2.5v4L4.5 9h7L9 6.5v-4M8 9v4.5",
            Action::Rename => "M11 2.5l2.5 2.5L6 12.5H3.5V10z",
            Action::Delete => "M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5M7 7v4M9 7v4",
            Action::NewChatIn => "M8 3v10M3 8h10",
            Action::EditFolder => "M3 5h10M3 8h10M3 11h10",
        }
    }

    fn run(self, state: AppState, id: &str, renaming: RwSignal<Option<String>>) {
        match self {
            Action::Pin | Action::Unpin => {
                state.act(|s| s.set_pinned(id, self == Action::Pin));
            }
            Action::Rename => renaming.set(Some(id.to_string())),
            Action::Delete => {
                state.act(|s| s.delete_chat(id));
            }
            Action::NewChatIn => {
                state.act(|s| s.new_chat_in(id));
                state.sidebar_open.set(false);
            }
            Action::EditFolder => state.edit_folder(id.to_string()),
        }
    }
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

    // The list is built a batch of rows per frame, the first with the open
    // chat, in the task that shows it: no frame lays out the whole list,
    // and none of it stands between the page and the open chat. Built
    // first, all 300 rows held the open chat back by a tenth of a second;
    // the first 40, built in the task after the page's own, still by 20 ms
    // (they ran before the renderer module could be compiled).
    let shown = RwSignal::new(0);
    build_per_frame(
        state,
        shown,
        Signal::derive(move || rows.with(Vec::len)),
        ROWS_PER_FRAME,
    );

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
                        each=move || rows.with(|r| r.iter().take(shown.get()).cloned().collect::<Vec<_>>())
                        key=|row| row.clone()
                        children=move |row| row_view(state, row, renaming)
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
                    <button type="button" class="button" on:click=move |_| state.prompts_open.set(true)>
                        "Prompts"
                    </button>
                </div>
                <StorageMeter />
            </div>
        </aside>
    }
}

/// One row of the list: a heading, a folder or a chat.
fn row_view(state: AppState, row: Row, renaming: RwSignal<Option<String>>) -> AnyView {
    let Dragging(dragging) = expect_context::<Dragging>();
    let (id, title, detail, snippet, heading, nested, folder, actions, drop, in_folder) = match row
    {
        Row::PinnedHeading | Row::LooseHeading => {
            let (text, drop) = match row {
                Row::PinnedHeading => ("Pinned", Drop::Pin),
                _ => ("Chats", Drop::Into(None)),
            };
            let (over, dropped) = drop_handlers(state, dragging, drop);
            return view! {
                <li class="list-head" on:dragover=over on:drop=dropped>
                    {text}
                </li>
            }
            .into_any();
        }
        Row::Folder {
            folder,
            count,
            open,
        } => (
            folder.id.clone(),
            folder.name,
            count.to_string(),
            None,
            None,
            false,
            Some(open),
            vec![Action::NewChatIn, Action::EditFolder],
            Some(Drop::Into(Some(folder.id))),
            None,
        ),
        Row::Chat { item, nested } => (
            item.id,
            item.title,
            String::new(),
            item.snippet,
            item.heading,
            nested,
            None,
            vec![
                if item.pinned {
                    Action::Unpin
                } else {
                    Action::Pin
                },
                Action::Rename,
                Action::Delete,
            ],
            None,
            item.folder,
        ),
    };
    let is_folder = folder.is_some();
    let heading = heading.map(|g| view! { <h2 class="chat-group">{g.label()}</h2> });
    let id = StoredValue::new(id);
    let in_folder = StoredValue::new(in_folder.unwrap_or_default());
    let is_current = move || !is_folder && state.open_id.with(|o| id.with_value(|id| o == id));
    let is_renaming = move || renaming.with(|r| id.with_value(|id| r.as_deref() == Some(id)));
    let drops = drop.is_some();
    let (over, dropped) = drop_handlers(state, dragging, drop.unwrap_or(Drop::Pin));
    let name = StoredValue::new(title.clone());
    let open = move |_| {
        id.with_value(|id| match folder {
            Some(open) => {
                state.act(|s| s.set_folder_collapsed(id, open));
            }
            None => {
                state.act(|s| s.open_chat(id));
                close_drawer(state);
            }
        });
    };
    let finish_rename = move |value: String| {
        if is_renaming() {
            renaming.set(None);
            id.with_value(|id| state.act(|s| s.rename_chat(id, &value)));
        }
    };
    let title_for_input = title.clone();
    let main = move || {
        let title = title.clone();
        let detail = detail.clone();
        let snippet = snippet.clone();
        view! {
            <button
                type="button"
                class="chat-item"
                class:folder-toggle=is_folder
                aria-expanded=folder.map(|open| open.to_string())
                aria-current=move || is_current().then_some("page")
                on:click=open
            >
                <span class="chat-title-text">{title}</span>
                {is_folder.then(|| view! { <span class="folder-count">{detail}</span> })}
                {snippet.map(snippet_view)}
            </button>
            <div class="chat-row-actions">
                {actions
                    .iter()
                    .map(|&action| {
                        let label = name.with_value(|n| action.label(n));
                        view! {
                            <button
                                type="button"
                                class="icon-button small"
                                class:on=action == Action::Unpin
                                aria-label=label.clone()
                                title=label
                                on:click=move |_| id.with_value(|id| action.run(state, id, renaming))
                            >
                                <svg viewBox="0 0 16 16" aria-hidden="true">
                                    <path d=action.icon() />
                                </svg>
                            </button>
                        }
                    })
                    .collect_view()}
                {(!is_folder).then(|| move_menu(state, id, in_folder))}
            </div>
        }
    };
    view! {
        // The first chat of a date group carries its heading: the list's
        // items stay one per chat.
        <li
            class="chat-entry"
            class:nested=nested
            class:folder-row=is_folder
            draggable=if is_folder { "false" } else { "true" }
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(data) = ev.data_transfer() {
                    // Firefox starts a drag only with some data set.
                    let _ = data.set_data("text/plain", &id.get_value());
                }
                dragging.set(Some(id.get_value()));
            }
            on:dragend=move |_| dragging.set(None)
            on:dragover=move |ev| {
                if drops {
                    over(ev);
                }
            }
            on:drop=move |ev| {
                if drops {
                    dropped(ev);
                }
            }
        >
            {heading}
            <div class="chat-row" class:active=is_current>
                <When when=is_renaming fallback=main>
                    <RenameField initial=title_for_input.clone() on_done=finish_rename renaming />
                </When>
            </div>
        </li>
    }
    .into_any()
}

/// The drag-over and drop handlers of a place chats are dropped on.
fn drop_handlers(
    state: AppState,
    dragging: RwSignal<Option<String>>,
    drop: Drop,
) -> (
    impl Fn(leptos::ev::DragEvent) + Copy + 'static,
    impl Fn(leptos::ev::DragEvent) + Copy + 'static,
) {
    let drop = StoredValue::new(drop);
    let over = move |ev: leptos::ev::DragEvent| {
        if dragging.with_untracked(Option::is_some) {
            // Allows the drop.
            ev.prevent_default();
        }
    };
    let dropped = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let Some(chat) = dragging.get_untracked() else {
            return;
        };
        dragging.set(None);
        state.act(|s| match drop.get_value() {
            Drop::Pin => s.set_pinned(&chat, true),
            Drop::Into(folder) => s.move_chat(&chat, folder.as_deref()),
        });
    };
    (over, dropped)
}

/// Move to folder: a menu of the folders, for a chat (shown when there are
/// folders).
fn move_menu(
    state: AppState,
    id: StoredValue<String>,
    current: StoredValue<String>,
) -> impl IntoView {
    let folders = move || {
        state.list.track();
        state.read(|s| s.folders().to_vec()).unwrap_or_default()
    };
    view! {
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
                <option value="" selected=current.with_value(String::is_empty)>
                    "No folder"
                </option>
                {folders()
                    .into_iter()
                    .map(|f| {
                        let here = current.with_value(|c| *c == f.id);
                        view! {
                            <option value=f.id selected=here>
                                {f.name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </When>
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
