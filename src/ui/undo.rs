//! Undo after a delete, in its own space, never over a chat or a message:
//! a deleted chat's toast under the chat list, a deleted message's in the
//! chat, above the message box (on a phone the list is in a closed drawer).

use leptos::prelude::*;

use super::state::AppState;
use super::when::When;

/// Shown until Undo, Dismiss or the next delete, where it belongs: `chats`
/// for a deleted chat, otherwise for a deleted message.
#[component]
pub fn UndoToast(chats: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine = move || {
        state
            .deleted
            .with(|d| d.as_ref().is_some_and(|(chat, _)| *chat == chats))
    };
    view! {
        <When when=mine>
            <div class="toast" role="status">
                <span>{move || state.deleted.get().map(|(_, note)| note)}</span>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        state.act(|s| s.undo_delete());
                    }
                >
                    "Undo"
                </button>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        state.act(|s| s.dismiss_deleted());
                    }
                >
                    "Dismiss"
                </button>
            </div>
        </When>
    }
}
