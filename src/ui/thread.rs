//! The open chat's messages, oldest first, following the stream unless the
//! user scrolled up.

use leptos::prelude::*;

use super::message::MessageView;
use super::state::AppState;

/// How close to the bottom (px) still counts as "following".
const FOLLOW_SLACK: i32 = 80;

#[component]
pub fn Thread() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scroller = NodeRef::<leptos::html::Div>::new();
    let following = RwSignal::new(true);

    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let gap = el.scroll_height() - el.scroll_top() - el.client_height();
            following.set(gap <= FOLLOW_SLACK);
        }
    };
    let jump = move |_| {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(el.scroll_height());
            following.set(true);
        }
    };
    // Follow new rows and the streaming reply's growth.
    Effect::new(move |_| {
        state.rows.with(|rows| {
            if let Some(last) = rows.last() {
                last.data.track();
            }
        });
        state.open_id.track();
        if following.get_untracked()
            && let Some(el) = scroller.get_untracked()
        {
            el.set_scroll_top(el.scroll_height());
        }
    });

    view! {
        <div class="thread" node_ref=scroller on:scroll=on_scroll>
            <Show when=move || state.rows.with(|r| r.is_empty())>
                <div class="empty-state">
                    <h2>"Chat with MiniMax"</h2>
                    <p>
                        "Add your API key in Settings, then ask anything. The model's thinking shows apart from its answer, live."
                    </p>
                </div>
            </Show>
            <div class="messages">
                <For each=move || state.rows.get() key=|row| row.id.clone() let:row>
                    <MessageView row=row />
                </For>
            </div>
            <Show when=move || !following.get()>
                <button type="button" class="jump-latest" on:click=jump>
                    "Jump to latest"
                </button>
            </Show>
        </div>
    }
}
