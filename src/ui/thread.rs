//! The open chat's messages, oldest first, following the stream unless the
//! user scrolled up.

use leptos::prelude::*;

use super::app::is_phone_width;
use super::message::MessageView;
use super::per_frame::build_per_frame;
use super::state::{AppState, MsgRow};
use super::welcome::Welcome;
use super::when::When;
use crate::browser::resize::SizeWatch;

/// How close to the bottom (px) still counts as "following".
const FOLLOW_SLACK: i32 = 80;

/// A chat opens with its newest messages built (more than a screen of
/// them), the older ones a batch per frame after: each message costs a
/// millisecond or two to build, and a chat of a hundred turns built at
/// once held the page for 150–200 ms. (All at once with the benchmark's
/// `unsliced` feature: its "before".)
pub const FIRST_MESSAGES: usize = if cfg!(feature = "unsliced") {
    usize::MAX
} else {
    6
};
const MESSAGES_PER_FRAME: usize = 8;

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

    // New rows, the streaming reply's growth or another chat arm the next
    // follow; the scroll itself happens when the messages change size, after
    // layout and before paint, so it is never a frame behind and a block that
    // shrinks as it re-renders is never mistaken for the reader scrolling up.
    let armed = StoredValue::new(true);
    // Whether the reader pressed or clicked in the thread since it was last
    // armed. Until they do, every change of size is the page's own (a long
    // answer's blocks laid out as they come into view after a switch, each
    // a new height): the view stays at the end. After, a change that leaves
    // the end out of view is theirs (they opened a thinking panel).
    let touched = StoredValue::new(false);
    let messages = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        state.rows.with(|rows| {
            if let Some(last) = rows.last() {
                last.track();
            }
        });
        armed.set_value(true);
        touched.set_value(false);
    });
    // So does each batch of a long chat's older messages, built above the
    // reader after it opens (browsers without scroll anchoring would leave
    // the view where the content moved to); what the reader did stands.
    Effect::new(move |_| {
        state.built.track();
        armed.set_value(true);
    });
    Effect::new(move |_| {
        state.open_id.track();
        following.set(true);
        armed.set_value(true);
        touched.set_value(false);
    });
    // The renderer module arriving re-renders every answer shown as plain
    // text (a new height that is nobody's scrolling): a reader who was
    // following stays at the end.
    Effect::new(move |_| {
        state.renderer.track();
        armed.set_value(true);
    });
    // A new width (the window resized) re-wraps everything: stay at the end.
    let last_width = StoredValue::new(0);
    let on_resize = move || {
        let (Some(el), Some(list)) = (scroller.get_untracked(), messages.get_untracked()) else {
            return;
        };
        let width = list.client_width();
        let rewrapped = width != last_width.try_get_value().unwrap_or(width);
        last_width.set_value(width);
        if !following.try_get_untracked().unwrap_or(false) {
            return;
        }
        if armed.try_get_value().unwrap_or(false) || rewrapped || !touched.get_value() {
            armed.set_value(false);
            to_bottom();
        } else if el.scroll_height() - el.scroll_top() - el.client_height() > FOLLOW_SLACK {
            // The reader opened something (a thinking panel): the page stays
            // put around it and offers the way back down.
            following.set(false);
        } else {
            last_top.set_value(el.scroll_top());
        }
    };
    // The view itself changes size too (the window, or the composer growing
    // as the user types several lines): a reader at the end stays there.
    let on_view_resize = move || {
        if following.try_get_untracked().unwrap_or(false) {
            to_bottom();
        }
        // Grown past the phone layout, the drawer has no backdrop to close:
        // it closes itself, and the chat is live again.
        if !is_phone_width() && state.sidebar_open.try_get_untracked() == Some(true) {
            state.sidebar_open.set(false);
        }
    };
    // The oldest messages not built yet.
    let skip = Memo::new(move |_| state.rows.with(Vec::len).saturating_sub(state.built.get()));
    build_per_frame(
        state,
        state.built,
        Signal::derive(move || state.rows.with(Vec::len)),
        MESSAGES_PER_FRAME,
    );
    // Every row has its place in the list from the start, and a message
    // not built yet is built there, in place: a keyed list that grows at
    // its top moves every row below in the page (Leptos' `For` does, when
    // more than one row is added above), and the browser then lays out the
    // whole thread again: frames of 50–130 ms, longer with each batch.
    // `index` is where the row was when its place was made: rows are only
    // ever added at the end or taken out, so it can only be too high, and
    // then the message is built a little early.
    let message = move |(index, row): (usize, MsgRow)| {
        // Once built, a message stays built (and stops watching `skip`).
        let built = Memo::new(move |was: Option<&bool>| was == Some(&true) || index >= skip.get());
        view! {
            <When when=built>
                <MessageView row=row.clone() />
            </When>
        }
    };

    let watches = StoredValue::new_local(Vec::<SizeWatch>::new());
    Effect::new(move |_| {
        if let (Some(list), Some(view)) = (messages.get(), scroller.get()) {
            let watching = [
                SizeWatch::new(&list, on_resize),
                SizeWatch::new(&view, on_view_resize),
            ];
            watches.set_value(watching.into_iter().flatten().collect());
        }
    });

    view! {
        <div
            class="thread"
            node_ref=scroller
            on:scroll=on_scroll
            on:pointerdown=move |_| touched.set_value(true)
            on:keydown=move |_| touched.set_value(true)
        >
            <When when=move || state.rows.with(|r| r.is_empty())>
                <Welcome />
            </When>
            <div class="messages" node_ref=messages>
                // A moment's wait for the renderer module, so that a stored
                // chat does not flash as plain text before it is formatted.
                <When when=move || state.renderer.get().is_settled()>
                    <For
                        each=move || state.rows.get().into_iter().enumerate()
                        key=|(_, row)| row.id.clone()
                        children=message
                    />
                </When>
            </div>
            <When when=move || !following.get()>
                <button type="button" class="jump-latest" on:click=jump>
                    "Jump to latest"
                </button>
            </When>
        </div>
    }
}
