//! Export, import and the storage meter: the ways out when storage is the
//! limit, and the way back in.

use leptos::prelude::*;

use super::when::When;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::dialog::Dialog;
use super::share::{html_export, when};
use super::state::AppState;
use crate::browser::clock::{next_frame, next_task, now_ms, yield_now};
use crate::browser::files::{download, read_text};
use crate::decimal::tenths;
use crate::session::ExportScope as Scope;
use crate::store::transfer::{export_json_with, export_markdown_all};
use crate::store::{TYPICAL_QUOTA_BYTES, UsageLevel};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Markdown,
    Html,
}

/// Choose what to export and how, then download it.
#[component]
pub fn ExportDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scope = RwSignal::new(Scope::All);
    let format = RwSignal::new(Format::Json);
    let thinking = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);
    // A problem from last time is not news when the dialog opens again.
    Effect::new(move |_| {
        if state.export_open.get() {
            problem.set(None);
        }
    });
    let close = move || state.export_open.set(false);
    let run = move |_| {
        spawn_local(async move {
            let scope = scope.get_untracked();
            let format = format.get_untracked();
            // Chats not read yet are read first (the page reads them all in
            // the background after the first screen, so this is seldom work).
            let chats = state.act(|s| s.chats_to_export(scope)).unwrap_or_default();
            if chats.is_empty() {
                problem.set(Some("There is no chat to export yet.".into()));
                return;
            }
            if format != Format::Markdown {
                // Their images, read from the image store.
                let ids: Vec<String> = chats.iter().map(|c| c.id.clone()).collect();
                state.act(|s| s.load_images_of(&ids));
                state.images_settled().await;
            }
            // Each step of a large export in a task of its own (copying
            // hundreds of chats, writing megabytes of JSON, the download).
            next_task().await;
            let extras = state
                .read(|s| s.export_extras(scope, &chats))
                .unwrap_or_default();
            let now = now_ms();
            let stamp = when(now).chars().take(10).collect::<String>();
            let with_thinking = thinking.get_untracked();
            let made = match format {
                Format::Json => Ok((
                    "json",
                    "application/json",
                    export_json_with(&chats, &extras, now),
                )),
                Format::Markdown => Ok((
                    "md",
                    "text/markdown",
                    export_markdown_all(&chats, with_thinking),
                )),
                Format::Html => html_export(&chats, &extras.images, with_thinking, now)
                    .map(|page| ("html", "text/html", page)),
            };
            state.act(|s| s.forget_loaded_images());
            next_task().await;
            let done = made.and_then(|(ext, mime, text)| {
                download(&format!("minimax-chat-{stamp}.{ext}"), mime, &text)
                    .map_err(|e| format!("The download could not start ({e})."))
            });
            match done {
                Ok(()) => close(),
                Err(e) => problem.set(Some(e)),
            }
        })
    };

    view! {
        <Dialog open=state.export_open title="Export chats" title_id="export-title" class="export">
                <fieldset class="field">
                    <legend>"Which chats"</legend>
                    <Choice name="export-scope" label="This chat" value=Scope::Open signal=scope />
                    <Choice name="export-scope" label="All chats" value=Scope::All signal=scope />
                </fieldset>
                <fieldset class="field">
                    <legend>"Format"</legend>
                    <Choice
                        name="export-format"
                        label="JSON: everything, can be imported again"
                        value=Format::Json
                        signal=format
                    />
                    <Choice
                        name="export-format"
                        label="Markdown: for reading"
                        value=Format::Markdown
                        signal=format
                    />
                    <Choice
                        name="export-format"
                        label="HTML: one page to open in any browser or share"
                        value=Format::Html
                        signal=format
                    />
                    <label class="check" class:disabled=move || format.get() == Format::Json>
                        <input
                            type="checkbox"
                            bind:checked=thinking
                            prop:disabled=move || format.get() == Format::Json
                        />
                        "Include thinking"
                    </label>
                </fieldset>
                <p class="hint">"Exports never contain your API key."</p>
                <When when=move || problem.with(Option::is_some)>
                    <p class="error" role="alert">{move || problem.get().unwrap_or_default()}</p>
                </When>
                <div class="dialog-actions">
                    <button type="button" class="button primary" on:click=run>
                        "Download"
                    </button>
                </div>
        </Dialog>
    }
}

/// One radio button bound to a signal.
#[component]
fn Choice<T: Copy + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    label: &'static str,
    value: T,
    signal: RwSignal<T>,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="radio"
                name=name
                prop:checked=move || signal.get() == value
                on:change=move |_| signal.set(value)
            />
            {label}
        </label>
    }
}

/// The Import button and its file picker; the outcome is announced below it.
#[component]
pub fn ImportButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let picker = NodeRef::<leptos::html::Input>::new();
    // One import at a time: the button waits for the one under way.
    let busy = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Picking the same file again must fire `change` again.
        input.set_value("");
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let outcome = match read_text(&file).await {
                Ok(text) => import_in_slices(state, text).await,
                Err(e) => Err(format!(
                    "The file could not be read ({e}). Nothing was changed."
                )),
            };
            state.transfer_result.set(Some(outcome));
            busy.set(false);
        });
    };
    view! {
        <button
            type="button"
            class="button"
            prop:disabled=move || busy.get()
            on:click=move |_| {
                if let Some(el) = picker.get_untracked() {
                    el.click();
                }
            }
        >
            "Import"
        </button>
        <input
            class="visually-hidden"
            type="file"
            accept=".json,application/json"
            aria-label="Import file"
            tabindex="-1"
            node_ref=picker
            on:change=on_pick
        />
    }
}

/// Import `text` a few milliseconds at a time (a file of hundreds of chats
/// was one task of over half a second), saying how far it is meanwhile.
async fn import_in_slices(state: AppState, text: String) -> Result<String, String> {
    /// Work per task, well inside a frame.
    const SLICE_MS: f64 = 6.0;
    const CLOSING: &str = "The page is closing.";
    /// How often the progress line changes (it is a live region).
    const PROGRESS_EVERY_MS: f64 = 250.0;
    /// The longest the page goes without a frame.
    const FRAME_EVERY_MS: f64 = 50.0;
    // Reading the file (into the wasm's memory), finding its chats and
    // each slice after them: a task each.
    yield_now().await;
    let mut job = state
        .act(|s| s.start_import(text))
        .unwrap_or_else(|| Err(CLOSING.into()))?;
    yield_now().await;
    let mut said_at = f64::NEG_INFINITY;
    let mut frame_at = now_ms();
    loop {
        match state.act(|s| s.import_step(&mut job, SLICE_MS)) {
            None => return Err(CLOSING.into()),
            Some(Some(outcome)) => return outcome,
            Some(None) => {
                if now_ms() - said_at >= PROGRESS_EVERY_MS {
                    said_at = now_ms();
                    state.transfer_result.set(Some(Ok(job.progress())));
                }
                // Yielded slices run ahead of the frames: every so often
                // wait for one, so the progress and anything else on the
                // page is drawn while a large file is read.
                if now_ms() - frame_at >= FRAME_EVERY_MS {
                    next_frame().await;
                    frame_at = now_ms();
                } else {
                    yield_now().await;
                }
            }
        }
    }
}

/// How much of the browser's two storages the app uses: the chats (in
/// localStorage, about 5 MB) and the images (in IndexedDB, as much as the
/// browser gives the site), with a warning that says which is full.
#[component]
pub fn StorageMeter() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The usage signal changes only when the figure does: no memo needed.
    let used = move || state.usage.with(|u| u.total());
    // Until every chat is read the figure is a floor (a warning it reaches
    // holds). "over", not "at least": the line must fit the sidebar's
    // width on one line.
    let over = move || state.usage.with(|u| if u.partial { "over " } else { "" });
    let text = move || {
        format!(
            "Chats use {}{} of about {}",
            over(),
            human_size(used()),
            human_size(TYPICAL_QUOTA_BYTES)
        )
    };
    // Empty until the browser says how much the image store holds.
    let images = move || {
        state.image_usage.with(|(usage, _)| {
            usage
                .filter(|u| u.quota > 0)
                .map(|u| {
                    format!(
                        "Images use {} of {}",
                        human_size(u.used),
                        human_size(u.quota)
                    )
                })
                .unwrap_or_default()
        })
    };
    let warning = move || {
        if state.image_usage.with(|(_, full)| *full) {
            return Some(
                "Image storage is full: new images stay inside their chats. Delete chats with images you no longer need.",
            );
        }
        match state.usage.with(|u| u.level(TYPICAL_QUOTA_BYTES)) {
            UsageLevel::Warn => {
                Some("Chat storage is nearly full: export your chats and delete old ones.")
            }
            UsageLevel::Full => Some(
                "Chat storage is full: new messages may not be saved. Export, then delete old chats.",
            ),
            UsageLevel::Ok => None,
        }
    };
    view! {
        <div class="storage-meter" class:warn=move || warning().is_some()>
            <meter
                aria-label="Storage used"
                min="0"
                max=TYPICAL_QUOTA_BYTES.to_string()
                low=(TYPICAL_QUOTA_BYTES * 8 / 10).to_string()
                high=(TYPICAL_QUOTA_BYTES * 95 / 100).to_string()
                optimum="0"
                value=move || used().to_string()
            ></meter>
            <span class="meter-text">{text}</span>
            <span class="meter-text">{images}</span>
            <When when=move || warning().is_some()>
                <p class="meter-warning" role="status">{move || warning().unwrap_or_default()}</p>
            </When>
            <When when=move || state.transfer_result.with(Option::is_some)>
                {move || {
                    state
                        .transfer_result
                        .get()
                        .map(|outcome| match outcome {
                            Ok(msg) => view! { <p class="transfer-ok" role="status">{msg}</p> }.into_any(),
                            Err(msg) => view! { <p class="transfer-error" role="alert">{msg}</p> }.into_any(),
                        })
                }}
            </When>
        </div>
    }
}

/// "1.2 MB", "640 KB", "900 B" (binary multiples, so the quota reads 10 MB).
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    const GB: u64 = 1024 * MB;
    match bytes {
        b if b >= GB => format!("{} GB", tenths(b as f64 / GB as f64)).replace(".0 GB", " GB"),
        b if b >= MB => format!("{} MB", tenths(b as f64 / MB as f64)).replace(".0 MB", " MB"),
        b if b >= KB => format!("{} KB", b / KB),
        b => format!("{b} B"),
    }
}
