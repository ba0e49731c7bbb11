//! The first minute: the empty chat's welcome (an Add API key button and
//! where to get a key, or starter prompts once a key is there), Test
//! connection, and the buttons that take an alert about the key straight
//! to the key field.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::reply;
use super::state::AppState;
use crate::api::{ApiError, StreamPart};
use crate::browser::fetch::{ReplyEvent, ReplyRequest, abort_controller, stream_reply};
use crate::session::ConnectionTest;

/// Where keys are made: MiniMax Global, MiniMax China (separate accounts).
const KEY_PAGES: [&str; 2] = [
    "https://platform.minimax.io/user-center/basic-information/interface-key",
    "https://platform.minimaxi.com/user-center/basic-information/interface-key",
];

/// A first message, one press away.
const STARTERS: [&str; 4] = [
    "Explain how a transformer model reads a sentence, in plain words.",
    "Write a Rust function that checks whether a string is a palindrome.",
    "What is the integral of x² from 0 to 3? Show the steps.",
    "Plan a three-day trip to Kyoto in autumn.",
];

/// Focus the element `id` once the views now being drawn are in the page.
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    });
}

/// Open Settings with the field `id` focused.
pub fn open_settings_at(state: AppState, id: &'static str) {
    state.settings_open.set(true);
    focus_soon(id);
}

/// The button beside an alert about the key: opens Settings at the key.
/// Always there, hidden unless `shown` (cheaper in the wasm than a `Show`).
pub fn key_button(state: AppState, shown: Signal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button small"
            hidden=move || !shown.get()
            on:click=move |_| open_settings_at(state, "api-key")
        >
            {move || if state.api_key.with(String::is_empty) { "Add API key" } else { "Check API key" }}
        </button>
    }
}

/// Test connection and its verdict, a sentence in a live region.
#[component]
pub fn KeyTest() -> impl IntoView {
    let state = expect_context::<AppState>();
    let testing = move || state.key_check_state.with(|s| s == "testing");
    view! {
        <div class="key-test">
            <button
                type="button"
                class="button"
                disabled=testing
                on:click=move |_| test_connection(state)
            >
                "Test connection"
            </button>
            <p class="key-check" role="status" data-state=move || state.key_check_state.get()>
                {move || state.key_check.get()}
            </p>
        </div>
    }
}

/// Run a connection test and report its outcome to the session.
fn test_connection(state: AppState) {
    let Some(Some(test)) = state.act(|s| s.test_connection()) else {
        return;
    };
    spawn_local(async move {
        let outcome = run(&test).await;
        state.act(|s| s.connection_tested(&test, outcome));
    });
}

/// The test request's outcome: its first error, if any.
async fn run(test: &ConnectionTest) -> Result<(), ApiError> {
    let Some(controller) = abort_controller() else {
        return Err(ApiError::network(&test.base_url, "no AbortController"));
    };
    let request = ReplyRequest {
        url: &test.url,
        base_url: &test.base_url,
        api_key: &test.api_key,
        body: test.body.clone(),
    };
    let mut failure = None;
    let mut on_event = |event: ReplyEvent| match event {
        ReplyEvent::Failed(error) => {
            failure.get_or_insert(error);
        }
        ReplyEvent::Parts(parts) => {
            for part in parts {
                if let StreamPart::Error(error) = part {
                    failure.get_or_insert(error);
                }
            }
        }
        ReplyEvent::End { .. } | ReplyEvent::Aborted => {}
    };
    stream_reply(request, &controller.signal(), &mut on_event).await;
    failure.map_or(Ok(()), Err)
}

/// What an empty chat shows: how to get going without a key, starter
/// prompts with one. Both are drawn and one is hidden, which costs the
/// wasm less than a `Show`.
#[component]
pub fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    let needs_key = move || {
        state.api_key.track();
        state.settings.track();
        state.read(|s| s.needs_key()).unwrap_or(true)
    };
    let start = move |text: &'static str| {
        state.draft.set(text.to_owned());
        reply::send(state);
    };
    view! {
        <div class="empty-state">
            <h2>"Chat with MiniMax"</h2>
            <div hidden=move || !needs_key()>
                <p>
                    "Add a MiniMax API key to begin. It stays in this browser and goes only to MiniMax. The model's thinking shows apart from its answer, live."
                </p>
                <button
                    type="button"
                    class="button primary"
                    on:click=move |_| open_settings_at(state, "api-key")
                >
                    "Add API key"
                </button>
                <p class="key-pages">
                    "No key yet? Get one for "
                    <a href=KEY_PAGES[0] target="_blank" rel="noopener noreferrer">
                        "MiniMax Global"
                    </a>
                    " or "
                    <a href=KEY_PAGES[1] target="_blank" rel="noopener noreferrer">
                        "MiniMax China"
                    </a>
                    " (separate accounts: a key works only in its own region)."
                </p>
            </div>
            <div hidden=needs_key>
                <p>"Ask anything, or start with one of these:"</p>
                <ul class="starters">
                    {STARTERS
                        .iter()
                        .map(|text| {
                            view! {
                                <li>
                                    <button type="button" class="starter" on:click=move |_| start(text)>
                                        {*text}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <KeyTest />
        </div>
    }
}
