//! The message box: Enter sends, Shift+Enter breaks the line; Send becomes
//! Stop while a reply streams.

use leptos::prelude::*;

use super::prompts::{Slash, slash_menu};
use super::reply;
use super::state::AppState;
use super::when::When;
use crate::browser::images::prepare;
use crate::chat::images::check_file;

/// Attach the images the user picked in `input`, each checked, scaled and
/// re-encoded; a file that cannot be attached says why and the rest go on.
fn attach_from(state: AppState, input: web_sys::HtmlInputElement) {
    let Some(files) = input.files() else { return };
    let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.item(i)).collect();
    // Cleared, so picking the same file again is a change too.
    input.set_value("");
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
        >
            <When when=move || state.problem.with(Option::is_some)>
                <div class="composer-error" role="alert">
                    {move || state.problem.get().unwrap_or_default()}
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
                        placeholder="Message MiniMax (Enter to send, Shift+Enter for a new line)"
                        bind:value=state.draft
                        on:keydown=on_keydown
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
        </form>
    }
}
