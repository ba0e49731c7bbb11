//! Saved data the app could not read is kept under backup keys, never
//! overwritten. This notice says so and lets the user download those copies
//! (to recover them by hand or send them in a bug report) or discard them.

use leptos::prelude::*;

use crate::browser::files::download;
use crate::browser::storage::BrowserKv;
use crate::json::write::{JsonWriter, ToJson, to_json_pretty};
use crate::store::KeyValue;
use crate::store::layout::BACKUP_PREFIX;

/// The backup keys in localStorage now.
fn backup_keys() -> Vec<String> {
    BrowserKv::local()
        .keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .collect()
}

/// Every backup as one JSON object: key → the verbatim stored text.
fn backups_json(keys: &[String]) -> String {
    let kv = BrowserKv::local();
    let stored: Vec<(&String, String)> = keys
        .iter()
        .filter_map(|k| Some((k, kv.get(k).ok().flatten()?)))
        .collect();
    to_json_pretty(&Backups(&stored))
}

/// The backups as one object, in the order the browser lists the keys.
struct Backups<'a>(&'a [(&'a String, String)]);

impl ToJson for Backups<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        for (key, text) in self.0 {
            out.string_field(key, text);
        }
        out.end_object();
    }
}

#[component]
pub fn BackupNotice() -> impl IntoView {
    let keys = RwSignal::new(backup_keys());
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let text = keys.with_untracked(|k| backups_json(k));
        if let Err(e) = download(
            "minimax-chat-unreadable-data.json",
            "application/json",
            &text,
        ) {
            problem.set(Some(format!("The download could not start ({e}).")));
        }
    };
    let discard = move |_| {
        let kv = BrowserKv::local();
        for k in keys.get_untracked() {
            let _ = kv.remove(&k);
        }
        keys.set(backup_keys());
    };
    view! {
        <Show when=move || keys.with(|k| !k.is_empty())>
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
        </Show>
    }
}
