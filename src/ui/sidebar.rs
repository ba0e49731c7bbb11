//! The list of chats, newest first, and the New chat button.

use leptos::prelude::*;

use super::state::AppState;

#[component]
pub fn Sidebar() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Empty chats are not listed: they exist only until their first message.
    let listed = Memo::new(move |_| {
        state.chats.with(|cs| {
            cs.iter()
                .filter(|c| !c.is_empty())
                .map(|c| (c.id.clone(), c.display_title()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <aside class="sidebar">
            <div class="sidebar-head">
                <span class="brand">"MiniMax Chat"</span>
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| {
                        state.new_chat();
                        state.sidebar_open.set(false);
                    }
                >
                    "New chat"
                </button>
            </div>
            <nav aria-label="Conversations">
                <ul class="chat-list">
                    <For each=move || listed.get() key=|item| item.clone() let:item>
                        {
                            let id = item.0.clone();
                            let id_for_current = item.0.clone();
                            let current = move || state.open_id.with(|o| *o == id_for_current);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="chat-item"
                                        class:active=current.clone()
                                        aria-current=move || if current() { Some("page") } else { None }
                                        on:click=move |_| {
                                            state.open_chat(&id);
                                            state.sidebar_open.set(false);
                                        }
                                    >
                                        {item.1.clone()}
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </nav>
        </aside>
    }
}
