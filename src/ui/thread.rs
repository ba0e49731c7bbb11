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

    // Where the last scroll left the view: moving up from there is the
    // reader's doing (our own scrolls only ever go down).
    let last_top = StoredValue::new(0);
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let top = el.scroll_top();
            let gap = el.scroll_height() - top - el.client_height();
            if gap <= FOLLOW_SLACK {
                following.set(true);
            } else if top < last_top.get_value() {
                following.set(false);
            }
            last_top.set_value(top);
        }
    };
    let to_bottom = move || {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(el.scroll_height());
            last_top.set_value(el.scroll_top());
        }
    };
    let jump = move |_| {
        following.set(true);
        to_bottom();
    };
    // Follow new rows and the streaming reply's growth. The answer's DOM is
    // updated by the message's own effects, so the scroll waits for the next
    // frame, once per frame however many chunks arrive.
    let frame_pending = StoredValue::new(false);
    Effect::new(move |_| {
        state.rows.with(|rows| {
            if let Some(last) = rows.last() {
                last.data.track();
            }
        });
        state.open_id.track();
        if following.get_untracked() && !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(move || {
                // The thread may be gone by the next frame.
                let _ = frame_pending.try_set_value(false);
                if following.try_get_untracked().unwrap_or(false) {
                    to_bottom();
                }
            });
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
