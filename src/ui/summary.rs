//! The summary the model writes of a chat that has grown too long, shown
//! as it arrives and editable once it is complete, before a new chat
//! carries it. Closing the dialog drops it (and stops it if it is still
//! being written).

use leptos::prelude::*;

use super::dialog::Dialog;
use super::reply;
use super::state::AppState;
use crate::chat::Status;

#[component]
pub fn SummaryDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    // What the box holds: the summary as it streams (read-only until it
    // ends), then what the user makes of it.
    let text = RwSignal::new(String::new());
    let status = Memo::new(move |_| state.summary.with(|s| s.as_ref().map(|s| s.status)));
    Effect::new(move |_| {
        text.set(
            state
                .summary
                .with(|s| s.as_ref().map(|s| s.text.clone()).unwrap_or_default()),
        );
    });
    let note = move || {
        match status.get() {
        Some(Status::Streaming) => "The model is writing a summary of this chat…".to_string(),
        Some(Status::Error) => state
            .summary
            .with(|s| s.as_ref().and_then(|s| s.error.clone()))
            .unwrap_or_default(),
        _ => "Read it and change what you like: the new chat starts with it. This chat stays as it is.".to_string(),
    }
    };
    let writing = move || status.get() == Some(Status::Streaming);
    let start = move |_| {
        let summary = text.get_untracked();
        reply::start(state, |s| s.start_from_summary(&summary));
        if state.summary.with_untracked(Option::is_none) {
            state.summary_open.set(false);
        }
    };
    view! {
        // Closed (Close, Escape, the overlay): the summary is dropped.
        <Dialog
            open=state.summary_open
            title="Summary for a new chat"
            title_id="summary-title"
            class="summary"
            on_close=|state| {
                state.act(|s| s.discard_summary());
            }
        >
            <p class="hint" role="status">{note}</p>
            <div class="field">
                <label for="summary-text">"Summary"</label>
                <textarea
                    id="summary-text"
                    rows="12"
                    readonly=writing
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div class="dialog-actions">
                <button
                    type="button"
                    class="button primary"
                    disabled=move || writing() || text.with(|t| t.trim().is_empty())
                    on:click=start
                >
                    "Start the new chat"
                </button>
            </div>
        </Dialog>
    }
}
