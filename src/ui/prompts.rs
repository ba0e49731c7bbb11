//! The prompt library on the page: the list that opens when the message
//! starts with `/` (a listbox filtered as the user types: arrow keys move,
//! Enter or Tab picks, Escape closes), the small form that asks for a
//! prompt's `{{variables}}`, and the Prompts dialog that adds, edits and
//! deletes prompts.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::state::AppState;
use super::when::When;
use crate::chat::Prompt;
use crate::chat::prompts::{fill, matching, slash_query, variables};

/// The slash list's state, shared by the message box (keys) and the list.
#[derive(Clone, Copy)]
pub struct Slash {
    /// The prompts that match what follows the `/`; empty when closed.
    pub shown: Memo<Vec<Prompt>>,
    /// Which of them is highlighted.
    active: RwSignal<usize>,
    /// Escape closed the list (until the message stops starting with `/`).
    dismissed: RwSignal<bool>,
    /// The prompt whose variables are being asked for.
    filling: RwSignal<Option<Prompt>>,
}

impl Slash {
    pub fn new(state: AppState) -> Self {
        let dismissed = RwSignal::new(false);
        let active = RwSignal::new(0);
        let shown = Memo::new(move |_| {
            if dismissed.get() {
                return Vec::new();
            }
            state.draft.with(|d| match slash_query(d) {
                Some(query) => state
                    .prompts
                    .with(|all| matching(all, query).into_iter().cloned().collect()),
                None => Vec::new(),
            })
        });
        // Closed with Escape until the message no longer starts with `/`.
        Effect::new(move |_| {
            if state.draft.with(|d| slash_query(d).is_none()) {
                dismissed.set(false);
            }
        });
        // A new filter starts at the top.
        Effect::new(move |_| {
            shown.track();
            active.set(0);
        });
        Slash {
            shown,
            active,
            dismissed,
            filling: RwSignal::new(None),
        }
    }

    /// The id of the highlighted option, for `aria-activedescendant`.
    pub fn active_id(self) -> Option<String> {
        (!self.shown.with(Vec::is_empty)).then(|| format!("slash-{}", self.active.get()))
    }

    /// Handle a key of the message box; true when it was the list's.
    pub fn key(self, state: AppState, ev: &leptos::ev::KeyboardEvent) -> bool {
        let count = self.shown.with(Vec::len);
        if count == 0 || ev.is_composing() {
            return false;
        }
        match ev.key().as_str() {
            "ArrowDown" => self.active.update(|a| *a = (*a + 1) % count),
            "ArrowUp" => self.active.update(|a| *a = (*a + count - 1) % count),
            "Enter" | "Tab" if !ev.shift_key() => {
                let at = self.active.get_untracked().min(count - 1);
                if let Some(p) = self.shown.with_untracked(|s| s.get(at).cloned()) {
                    self.pick(state, p);
                }
            }
            "Escape" => self.dismissed.set(true),
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    /// Use prompt `p`: its text fills the message box, after asking for
    /// its variables if it has any.
    fn pick(self, state: AppState, p: Prompt) {
        if variables(&p.text).is_empty() {
            state.draft.set(p.text);
            focus_message();
        } else {
            self.dismissed.set(true);
            self.filling.set(Some(p));
        }
    }
}

/// Put the cursor back in the message box.
fn focus_message() {
    use wasm_bindgen::JsCast;
    if let Some(el) = document()
        .get_element_by_id("message")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The list of matching prompts above the message box, and the form for
/// a picked prompt's variables. The list is small: it is drawn again as a
/// whole when the highlight moves (less code than a reactive attribute per
/// option).
pub fn slash_menu(state: AppState, slash: Slash) -> impl IntoView {
    view! {
        <When when=move || !slash.shown.with(Vec::is_empty)>
            <ul class="slash-list" id="slash-list" role="listbox" aria-label="Prompts">
                {move || {
                    let active = slash.active.get();
                    slash
                        .shown
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let text: String = p.text.chars().take(90).collect();
                            view! {
                                <li
                                    role="option"
                                    id=format!("slash-{i}")
                                    aria-selected=(i == active).to_string()
                                    class=if i == active { "active" } else { "" }
                                    // Keep the focus in the message box.
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=move |_| slash.pick(state, p.clone())
                                >
                                    <span class="slash-name">{p.name.clone()}</span>
                                    <span class="slash-text">{text}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </When>
        {move || slash.filling.get().map(|p| fill_form(state, slash, p))}
    }
}

/// Asks for each variable of `prompt`, then fills the message box. The
/// values are read from the fields when the form is sent.
fn fill_form(state: AppState, slash: Slash, prompt: Prompt) -> impl IntoView {
    let names = variables(&prompt.text);
    let text = StoredValue::new(prompt.text.clone());
    let cancel = move || {
        slash.filling.set(None);
        focus_message();
    };
    let insert = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let names = text.with_value(|t| variables(t));
        let values: Vec<(String, String)> = names
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name, field_value(&format!("prompt-var-{i}"))))
            .collect();
        state.draft.set(text.with_value(|t| fill(t, &values)));
        cancel();
    };
    let fields = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let id = format!("prompt-var-{i}");
            view! {
                <label for=id.clone()>{name}</label>
                <input id=id type="text" autofocus=i == 0 />
            }
        })
        .collect_view();
    view! {
        <form
            class="fill-prompt"
            aria-label=format!("Fill in {}", prompt.name)
            on:submit=insert
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    cancel();
                }
            }
        >
            <p class="fill-title">{prompt.name.clone()}</p>
            <div class="fill-fields">{fields}</div>
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| cancel()>
                    "Cancel"
                </button>
                <button type="submit" class="button primary">
                    "Insert"
                </button>
            </div>
        </form>
    }
}

/// The value of the text field `id` on the page (empty if there is none).
fn field_value(id: &str) -> String {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

/// The Prompts dialog: the library, and a form to add or change a prompt.
#[component]
pub fn PromptsDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The prompt being changed (`None`: a new one).
    let editing = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let reset = move || {
        editing.set(None);
        name.set(String::new());
        text.set(String::new());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if text.with_untracked(|t| t.trim().is_empty()) {
            return;
        }
        let id = editing.get_untracked();
        state.act(|s| s.save_prompt(id.as_deref(), &name.get_untracked(), &text.get_untracked()));
        reset();
    };
    view! {
        <Dialog open=state.prompts_open title="Prompts" title_id="prompts-title" class="prompts-dialog">
            <p class="hint">
                "Type / at the start of a message to use one. Write {{name}} where a value should be asked for."
            </p>
            <ul class="prompt-list">
                // Not a keyed <For>: a second instance of its list diffing
                // costs more wasm than redrawing a short list.
                {move || {
                    state
                        .prompts
                        .get()
                        .into_iter()
                        .map(|p| {
                            let id = StoredValue::new(p.id.clone());
                            let edit = p.clone();
                            view! {
                                <li>
                                    <span class="prompt-name">{p.name.clone()}</span>
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=format!("Edit {}", p.name)
                                        on:click=move |_| {
                                            editing.set(Some(edit.id.clone()));
                                            name.set(edit.name.clone());
                                            text.set(edit.text.clone());
                                        }
                                    >
                                        "Edit"
                                    </button>
                                    <button
                                        type="button"
                                        class="link-button"
                                        aria-label=format!("Delete {}", p.name)
                                        on:click=move |_| {
                                            id.with_value(|id| state.act(|s| s.delete_prompt(id)));
                                        }
                                    >
                                        "Delete"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <form class="prompt-form" on:submit=save>
                <div class="field">
                    <label for="prompt-name">"Prompt name"</label>
                    <input id="prompt-name" type="text" maxlength="80" bind:value=name />
                </div>
                <div class="field">
                    <label for="prompt-text">"Prompt text"</label>
                    <textarea id="prompt-text" rows="4" bind:value=text></textarea>
                </div>
                <div class="dialog-actions">
                    <When when=move || editing.with(Option::is_some)>
                        <button type="button" class="button" on:click=move |_| reset()>
                            "Cancel edit"
                        </button>
                    </When>
                    <button type="submit" class="button primary">
                        {move || if editing.with(Option::is_some) { "Save prompt" } else { "Add prompt" }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
