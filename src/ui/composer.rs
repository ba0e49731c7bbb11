//! The message box: Enter sends, Shift+Enter breaks the line; Send becomes
//! Stop while a reply streams.

use leptos::prelude::*;

use super::actions;
use super::state::AppState;

#[component]
pub fn Composer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let streaming_here = Memo::new(move |_| {
        let open = state.open_id.get();
        state
            .streaming_chat
            .with(|s| s.as_deref() == Some(open.as_str()))
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Enter while an IME is composing confirms the composition, not the message.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            actions::send(state);
        }
    };
    view! {
        <form
            class="composer"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                actions::send(state);
            }
        >
            <Show when=move || state.composer_error.with(|e| e.is_some())>
                <div class="composer-error" role="alert">
                    {move || state.composer_error.get().unwrap_or_default()}
                </div>
            </Show>
            <div class="composer-box">
                <label for="message" class="visually-hidden">
                    "Message"
                </label>
                // The box opens with the chat above it: once the renderer
                // module is in (or after a moment's wait without it).
                <Show
                    when=move || state.renderer.get().is_settled()
                    fallback=|| view! { <div class="composer-wait"></div> }
                >
                    <textarea
                        id="message"
                        rows="1"
                        placeholder="Message MiniMax (Enter to send, Shift+Enter for a new line)"
                        prop:value=move || state.draft.get()
                        on:input=move |ev| state.draft.set(event_target_value(&ev))
                        on:keydown=on_keydown
                    ></textarea>
                </Show>
                <Show
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
                        on:click=move |_| actions::stop(state)
                    >
                        "Stop"
                    </button>
                </Show>
            </div>
        </form>
    }
}
