//! Saved data the app could not read is kept under backup keys, never
//! overwritten. This notice says so and lets the user download those copies
//! (to recover them by hand or send them in a bug report) or discard them.

use leptos::prelude::*;

use super::state::AppState;
use super::when::When;
use crate::browser::files::download;

#[component]
pub fn BackupNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Backups are made as chats are read (some after the first screen), and
    // each one comes with a notice: the list follows the notices.
    let discarded = Trigger::new();
    let keys = Memo::new(move |_| {
        state.notices.track();
        discarded.track();
        state.read(|s| s.backup_keys()).unwrap_or_default()
    });
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let text = state.read(|s| s.backups_json()).unwrap_or_default();
        if let Err(e) = download(
            "minimax-chat-unreadable-data.json",
            "application/json",
            &text,
        ) {
            problem.set(Some(format!("The download could not start ({e}).")));
        }
    };
    let discard = move |_| {
        state.act(|s| s.discard_backups());
        discarded.notify();
    };
    view! {
        <When when=move || keys.with(|k| !k.is_empty())>
            <div class="banner" role="status">
                <span>
                    {move || {
                        let n = keys.with(Vec::len);
                        format!(
                            "{n} piece{} of saved data could not be read and {} kept aside unchanged.",
                            if n == 1 { "" } else { "s" },
                            if n == 1 { "is" } else { "are" },
                        )
                    }}
                    {move || problem.get().map(|p| format!(" {p}"))}
                </span>
                <button type="button" class="link-button" on:click=save>
                    "Download unreadable data"
                </button>
                <button type="button" class="link-button" on:click=discard>
                    "Discard it"
                </button>
            </div>
        </When>
    }
}
