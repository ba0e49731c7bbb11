//! Long lists built a batch per frame: the chat list and a long chat's
//! messages. A chat opens with its newest messages built (what a screen
//! shows); the rest, and the whole chat list, come one batch each frame,
//! so that no task builds a whole list and no frame lays it all out.

use leptos::prelude::*;

use super::state::AppState;
use crate::browser::clock::{next_frame, next_task};

/// Raises `built` by `step` each frame until it reaches `total`. It starts
/// once the open chat is shown (the thread waits for the renderer module):
/// what the page shows first is never held back by a list's later rows.
/// A list with nothing built gets its first batch at once, in the task
/// that shows the open chat, so the page never shows its Message box
/// beside an empty chat list. Each later batch is built in a task of its
/// own just after a frame, and laid out in the next: built inside the
/// frame, the first batches of the list and of the thread landed in the
/// frame that first lays out the page (a 50 ms frame after a start-up
/// with 300 chats).
pub fn build_per_frame(state: AppState, built: RwSignal<usize>, total: Signal<usize>, step: usize) {
    Effect::new(move |_| {
        if !state.renderer.get().is_settled() {
            return;
        }
        if built.get() == 0 {
            built.set(step);
        } else if built.get() < total.get() {
            leptos::task::spawn_local(async move {
                next_frame().await;
                next_task().await;
                built.try_update(|n| *n += step);
            });
        }
    });
}
