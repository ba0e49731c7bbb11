//! The message box: Enter sends, Shift+Enter breaks the line; Send becomes
//! Stop while a reply streams. Images come by Attach image, pasting or
//! dropping. Under it, the model, the Thinking switch and the chip of an
//! active system prompt; then the context meter and what the chat has cost.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::prompts::{Slash, slash_menu};
use super::remedy::{fill, on_click, shrink_items};
use super::reply;
use super::settings::{choose_model, model_options};
use super::state::AppState;
use super::welcome::{key_button, open_settings_at};
use super::when::When;
use crate::browser::images::prepare;
use crate::chat::ThinkingMode;
use crate::chat::catalogue::model_info;
use crate::chat::connection::points_to_key;
use crate::chat::images::check_file;
use crate::session::ContextView;

/// Attach the images the user picked in `input`, each checked, scaled and
/// re-encoded; a file that cannot be attached says why and the rest go on.
fn attach_from(state: AppState, input: web_sys::HtmlInputElement) {
    let Some(files) = input.files() else { return };
    let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.item(i)).collect();
    // Cleared, so picking the same file again is a change too.
    input.set_value("");
    attach(state, picked);
}

/// The files pasted or dropped, if any (`None` for text alone: the box
/// takes it as usual).
fn files_of(transfer: Option<web_sys::DataTransfer>) -> Option<Vec<web_sys::File>> {
    let files = transfer?.files()?;
    let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.item(i)).collect();
    (!picked.is_empty()).then_some(picked)
}

/// Attach `picked`, each checked, scaled and re-encoded.
fn attach(state: AppState, picked: Vec<web_sys::File>) {
    leptos::task::spawn_local(async move {
        let mut problems = Vec::new();
        for file in picked {
            let have = state.attachments.with_untracked(Vec::len);
            if let Some(problem) = check_file(&file.name(), &file.type_(), file.size(), have) {
                problems.push(problem);
                continue;
            }
            match prepare(&file).await {
                Ok(url) => state.attachments.update(|a| a.push(url)),
                Err(problem) => problems.push(problem),
            }
        }
        state.act(|s| s.set_problem((!problems.is_empty()).then(|| problems.join(" "))));
    });
}

/// One attached image in the composer, with its Remove button.
fn thumbnail(state: AppState, index: usize, url: String) -> impl IntoView {
    view! {
        <li>
            <img src=url alt=format!("Attached image {}", index + 1) />
            <button
                type="button"
                class="remove-attachment"
                aria-label=format!("Remove image {}", index + 1)
                on:click=move |_| {
                    state
                        .attachments
                        .update(|a| {
                            if index < a.len() {
                                a.remove(index);
                            }
                        })
                }
            >
                "×"
            </button>
        </li>
    }
}

#[component]
pub fn Composer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let streaming_here = Memo::new(move |_| {
        let open = state.open_id.get();
        state
            .streaming_chat
            .with(|s| s.as_deref() == Some(open.as_str()))
    });
    let slash = Slash::new(state);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if slash.key(state, &ev) {
            return;
        }
        // Enter while an IME is composing confirms the composition, not the message.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            reply::send(state);
        }
    };
    view! {
        <form
            class="composer"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                reply::send(state);
            }
            // Dropping files here attaches them (dragover must be refused
            // for a drop to happen).
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(files) = files_of(ev.data_transfer()) {
                    attach(state, files);
                }
            }
        >
            <When when=move || state.problem.with(Option::is_some)>
                // A message too long to send: the meter below says so too,
                // with the ways on.
                <div class="composer-error" role="alert">
                    <span>{move || state.problem.get().unwrap_or_default()}</span>
                    {key_button(
                        state,
                        Signal::derive(move || {
                            state.problem.with(|p| p.as_deref().is_some_and(points_to_key))
                        }),
                    )}
                </div>
            </When>
            <When when=move || state.attachments.with(|a| !a.is_empty())>
                <ul class="attachments" aria-label="Attached images">
                    // Not a keyed <For>: a second instance of its list diffing
                    // costs more wasm than redrawing up to four thumbnails.
                    {move || {
                        state
                            .attachments
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, url)| thumbnail(state, i, url))
                            .collect_view()
                    }}
                </ul>
            </When>
            {slash_menu(state, slash)}
            <div class="composer-box">
                <label class="attach" title="Attach image">
                    <input
                        type="file"
                        accept="image/jpeg,image/png,image/webp,image/gif"
                        multiple
                        class="visually-hidden"
                        on:change=move |ev| attach_from(state, event_target(&ev))
                    />
                    <span class="attach-icon" aria-hidden="true"></span>
                    <span class="visually-hidden">"Attach image"</span>
                </label>
                <label for="message" class="visually-hidden">
                    "Message"
                </label>
                // The box opens with the chat above it: once the renderer
                // module is in (or after a moment's wait without it).
                <When
                    when=move || state.renderer.get().is_settled()
                    fallback=|| view! { <div class="composer-wait"></div> }
                >
                    <textarea
                        id="message"
                        rows="1"
                        placeholder="Message MiniMax"
                        bind:value=state.draft
                        on:keydown=on_keydown
                        on:paste=move |ev: leptos::ev::ClipboardEvent| {
                            if let Some(files) = files_of(ev.clipboard_data()) {
                                ev.prevent_default();
                                attach(state, files);
                            }
                        }
                        aria-controls=move || slash.active_id().map(|_| "slash-list")
                        aria-activedescendant=move || slash.active_id()
                    ></textarea>
                </When>
                <When
                    when=move || streaming_here.get()
                    fallback=move || {
                        view! {
                            <button type="submit" class="button primary send">
                                "Send"
                            </button>
                        }
                    }
                >
                    <button
                        type="button"
                        class="button stop"
                        on:click=move |_| reply::stop(state)
                    >
                        "Stop"
                    </button>
                </When>
            </div>
            <ComposerTools />
            <ContextLine />
        </form>
    }
}

/// Under the box: how much of the model's context window the chat takes
/// (a warning and the ways on from 80%), and what it has cost. The meter's
/// attributes are set in one effect, not bound one by one: a smaller wasm.
#[component]
fn ContextLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let meter = NodeRef::<leptos::html::Div>::new();
    let warning = NodeRef::<leptos::html::Div>::new();
    let acts = StoredValue::new(Vec::new());
    // The warning as shown, so it is redrawn only when it changes.
    let shown = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        state.rows.with(|rows| {
            if let Some(last) = rows.last() {
                last.track();
            }
        });
        state.settings.track();
        state.params.track();
        let images = state.attachments.with(Vec::len);
        let context = state
            .draft
            .with(|draft| state.read(|s| s.context(draft, images)))
            .flatten();
        let (Some(el), Some(warn_el)) = (meter.get(), warning.get()) else {
            return;
        };
        let (text, warn) = show_meter(&el, context.as_ref());
        el.set_text_content(Some(&text));
        if shown.with_value(|s| *s != warn) {
            match &warn {
                Some(w) => {
                    fill(&warn_el, acts, Some(w), None, shrink_items());
                    let _ = warn_el.remove_attribute("hidden");
                }
                None => {
                    warn_el.set_text_content(None);
                    let _ = warn_el.set_attribute("hidden", "");
                }
            }
            shown.set_value(warn);
        }
    });
    view! {
        <div class="composer-foot">
            <div class="context-meter" role="meter" aria-label="Context used" node_ref=meter></div>
            <span class="spending">{move || state.spending.get()}</span>
        </div>
        <div
            class="context-warning"
            role="status"
            hidden
            node_ref=warning
            on:click=move |ev| on_click(state, acts, &ev)
        ></div>
    }
}

/// Put `context` on the meter element: its ARIA values, hidden when the
/// window is not known. Returns the text to show in it and the warning.
fn show_meter(el: &web_sys::Element, context: Option<&ContextView>) -> (String, Option<String>) {
    let Some(c) = context else {
        let _ = el.set_attribute("hidden", "");
        return (String::new(), None);
    };
    for (name, value) in [
        ("aria-valuemin", "0".to_string()),
        ("aria-valuemax", c.window.to_string()),
        ("aria-valuenow", c.used.to_string()),
        ("aria-valuetext", c.text.clone()),
        ("data-fill", c.fill.as_str().to_string()),
    ] {
        let _ = el.set_attribute(name, &value);
    }
    // The bar's length, through the CSSOM (the page's CSP refuses style
    // attributes).
    let _ = el
        .unchecked_ref::<web_sys::HtmlElement>()
        .style()
        .set_property("--used", &format!("{}%", c.percent.min(100)));
    let _ = el.remove_attribute("hidden");
    (c.text.clone(), c.warning.clone())
}

/// Under the box: the model, M3's Thinking switch and the open chat's
/// system prompt (when it has one), each a press away; on a keyboard, how
/// Enter works.
#[component]
fn ComposerTools() -> impl IntoView {
    let state = expect_context::<AppState>();
    let switchable = move || model_info(&state.model()).is_some_and(|m| m.thinking_switchable);
    let thinking_on = move || state.params.with(|p| p.thinking != ThinkingMode::Off);
    let prompt = move || state.params.with(|p| p.system_prompt.trim().to_owned());
    view! {
        <div class="composer-tools">
            <select
                class="model-picker"
                aria-label="Answer with"
                title="The model that answers"
                prop:value=move || state.model()
                on:change=move |ev| choose_model(state, &ev)
            >
                {model_options(state)}
            </select>
            <button
                    type="button"
                    hidden=move || !switchable()
                    class="chip toggle"
                    aria-pressed=move || if thinking_on() { "true" } else { "false" }
                    title="Let the model think before it answers (MiniMax-M3)"
                    on:click=move |_| {
                        let mode = if thinking_on() { ThinkingMode::Off } else { ThinkingMode::Adaptive };
                        state.act(|s| s.update_params(|p| p.thinking = mode));
                    }
                >
                    "Thinking"
                </button>
            <button
                    type="button"
                    hidden=move || prompt().is_empty()
                    class="chip system-chip"
                    title=prompt
                    on:click=move |_| open_settings_at(state, "system-prompt")
                >
                    <span class="chip-label">"System prompt: "</span>
                    <span class="chip-text">{prompt}</span>
                </button>
            <span class="composer-hint">"Enter to send, Shift+Enter for a new line"</span>
        </div>
    }
}
