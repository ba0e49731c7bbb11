//! The Settings dialog: the key (and Test connection), the endpoint, the
//! theme, and the generation settings of this chat or the defaults new
//! chats start from, and the model (also picked under the message box).
//! Changes apply and save as they are made.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::state::AppState;
use super::welcome::KeyTest;
use super::when::When;
use crate::api::key::key_problem;
use crate::browser::models::fetch_models;
use crate::browser::probe;
use crate::chat::catalogue::{
    ENDPOINTS, check_base_url, destination_note, model_info, parse_model_list,
};
use crate::chat::cost::price_hint;
use crate::chat::same_origin::is_same_origin;
use crate::chat::{ChatParams, ThinkingMode};
use crate::store::{KeyPersistence, Settings, Theme};

/// Change the settings (the session writes them).
fn set(state: AppState, change: impl FnOnce(&mut Settings)) {
    state.act(|s| s.update_settings(change));
}

/// Change the open chat's parameters, or the defaults new chats start
/// from (the session writes them).
fn set_params(state: AppState, defaults: bool, change: impl FnOnce(&mut ChatParams)) {
    if defaults {
        state.act(|s| s.update_defaults(change));
    } else {
        state.act(|s| s.update_params(change));
    }
}

#[component]
pub fn SettingsDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Dialog open=state.settings_open title="Settings" title_id="settings-title" class="settings">
            // A form, so the password field sits where browsers expect it;
            // every change applies at once, so submitting does nothing.
            <form on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <ConnectionSettings />
                <ChatSettings />
                <AppearanceSettings />
            </form>
        </Dialog>
    }
}

/// Ask the endpoint for its models (`GET /models`) when Settings opens and
/// when the Base URL changes, so the Model select offers them too.
fn list_endpoint_models(state: AppState) {
    Effect::new(move |_| {
        let base = state.settings.with(|s| s.base_url.clone());
        if !state.settings_open.get() {
            return;
        }
        // Asked once per Base URL (the session remembers the answer).
        let Some(Some((url, key))) = state.read(|s| s.models_request()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let ids = fetch_models(&url, &key)
                .await
                .map(|body| parse_model_list(&body))
                .unwrap_or_default();
            state.act(|s| s.set_endpoint_models(&base, ids));
        });
    });
}

/// The options of a model select: the catalogue's models and those the
/// endpoint lists, the chosen one selected. Settings and the composer share
/// them.
pub fn model_options(state: AppState) -> impl IntoView {
    move || {
        state
            .models
            .get()
            .into_iter()
            .map(|id| {
                let chosen = untrack(|| state.model()) == id;
                view! {
                    <option value=id.clone() selected=chosen>
                        {id.clone()}
                    </option>
                }
            })
            .collect_view()
    }
}

/// A model select changed: the one picked becomes the open chat's.
pub fn choose_model(state: AppState, ev: &leptos::ev::Event) {
    let model = event_target_value(ev);
    state.act(|s| s.choose_model(model));
}

#[component]
fn ConnectionSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    list_endpoint_models(state);
    let persistence = move || state.settings.with(|s| s.key_persistence);
    let set_persistence = move |p: KeyPersistence| set(state, |s| s.key_persistence = p);
    let probed = probe_presets();
    let base_problem = Memo::new(move |_| state.settings.with(|s| check_base_url(&s.base_url)));
    let key_issue = move || state.api_key.with(|k| key_problem(k));
    let preset_note = move || {
        state.settings.with(|s| {
            let base = s.base_url.trim();
            if probed.with(|p| p.contains(&(base, false))) {
                return NO_PROXY_HERE.to_string();
            }
            ENDPOINTS
                .iter()
                .find(|e| e.base_url == base)
                .map(|e| e.note.to_string())
                .unwrap_or_else(|| destination_note(base))
        })
    };
    view! {
        <section class="settings-section">
            <h3>"Connection"</h3>
            <div class="field">
                <label for="api-key">"API key"</label>
                <input
                    id="api-key"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="Paste your MiniMax API key"
                    prop:value=move || state.api_key.get()
                    on:input=move |ev| {
                        let key = event_target_value(&ev);
                        state.act(|s| s.set_api_key(&key));
                    }
                />
                <When when=move || key_issue().is_some()>
                    <p class="field-error" role="alert">{move || key_issue().unwrap_or_default()}</p>
                </When>
                <div class="radio-row" role="radiogroup" aria-label="Remember the key">
                    <label>
                        <input
                            type="radio"
                            name="key-persistence"
                            prop:checked=move || persistence() == KeyPersistence::Device
                            on:change=move |_| set_persistence(KeyPersistence::Device)
                        />
                        "Remember on this device"
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="key-persistence"
                            prop:checked=move || persistence() == KeyPersistence::Tab
                            on:change=move |_| set_persistence(KeyPersistence::Tab)
                        />
                        "This tab only"
                    </label>
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| {
                            state.act(|s| s.forget_api_key());
                        }
                    >
                        "Forget key"
                    </button>
                </div>
                <p class="hint">
                    "The key stays in this browser and is sent only to the Base URL below."
                </p>
                <KeyTest />
            </div>
            <div class="field">
                <label for="base-url">"Base URL"</label>
                <input
                    id="base-url"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || state.settings.with(|s| s.base_url.clone())
                    on:change=move |ev| {
                        let url = event_target_value(&ev).trim().to_string();
                        set(state, |s| s.base_url = url);
                    }
                />
                <div class="presets" role="group" aria-label="Endpoint presets">
                    {ENDPOINTS
                        .iter()
                        .map(|e| {
                            let url = e.base_url;
                            let offered = move || !is_same_origin(url) || probed.with(|p| p.contains(&(url, true)));
                            view! {
                                <When when=offered>
                                    <button
                                        type="button"
                                        class="chip"
                                        class:active=move || state.settings.with(|s| s.base_url == url)
                                        on:click=move |_| set(state, |s| s.base_url = url.to_string())
                                    >
                                        {e.name}
                                    </button>
                                </When>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="hint">{preset_note}</p>
                <When when=move || base_problem.with(|p| p.is_some())>
                    <p class="field-error">{move || base_problem.get().unwrap_or_default()}</p>
                </When>
            </div>
            <div class="field">
                <label for="model">"Model"</label>
                <select
                    id="model"
                    prop:value=move || state.model()
                    on:change=move |ev| choose_model(state, &ev)
                >
                    {model_options(state)}
                </select>
                <p class="hint">{move || price_hint(&state.model())}</p>
            </div>
            <NumberField
                id="context-window"
                label="Context window (tokens)"
                range=(0.0, f64::from(u32::MAX))
                bounds=("0", "")
                range_text="a whole number (0 for the model's default)"
                step="1024"
                whole=true
                value=Signal::derive(move || {
                    state.settings.track();
                    state.read(|s| s.context_window()).flatten().map_or(f64::NAN, f64::from)
                })
                on_set=move |v: f64| {
                    state.act(|s| s.set_context_window(v as u32));
                }
            />
            <p class="hint context-note">
                {move || {
                    state.settings.track();
                    state.read(|s| s.context_note()).unwrap_or_default()
                }}
            </p>
        </section>
    }
}

/// Said of a same-origin Base URL that this page's server does not answer.
const NO_PROXY_HERE: &str = "This site does not answer this path: it has no proxy to MiniMax. Choose MiniMax Global or China, or see docs/hosting.md in the app's source for a proxy.";

/// Whether this page's server answers each same-origin preset, as the one
/// look at it (`browser::probe`) finds out; presets it does not answer are
/// not offered.
fn probe_presets() -> RwSignal<Vec<(&'static str, bool)>> {
    let probed = RwSignal::new(Vec::new());
    for url in ENDPOINTS
        .iter()
        .map(|e| e.base_url)
        .filter(|u| is_same_origin(u))
    {
        probe::answers(url, move |ok| {
            // The dialog may have closed meanwhile: nothing to update then.
            probed.try_update(|p| p.push((url, ok)));
        });
    }
    probed
}

/// The generation settings, for this chat or as the defaults a New chat
/// starts from: one set of fields, and a switch between the two.
#[component]
fn ChatSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let defaults = RwSignal::new(false);
    let switchable =
        Memo::new(move |_| model_info(&state.model()).is_some_and(|m| m.thinking_switchable));
    // What the fields show: the open chat's values, or the defaults.
    let shown = move |read: fn(&ChatParams) -> f64| {
        if defaults.get() {
            state.settings.with(|s| read(&s.chat_defaults))
        } else {
            state.params.with(read)
        }
    };
    let prompt = move || {
        if defaults.get() {
            state
                .settings
                .with(|s| s.chat_defaults.system_prompt.clone())
        } else {
            state.params.with(|p| p.system_prompt.clone())
        }
    };
    let thinking_off = move || {
        if defaults.get() {
            state
                .settings
                .with(|s| s.chat_defaults.thinking == ThinkingMode::Off)
        } else {
            state.params.with(|p| p.thinking == ThinkingMode::Off)
        }
    };
    let set = move |change: fn(&mut ChatParams, f64), v: f64| {
        set_params(state, defaults.get_untracked(), |p| change(p, v));
    };
    view! {
        <section class="settings-section">
            <h3>{move || if defaults.get() { "Defaults for new chats" } else { "This chat" }}</h3>
            <div class="segmented" role="radiogroup" aria-label="Settings for">
                <label>
                    <input
                        type="radio"
                        name="params-target"
                        prop:checked=move || !defaults.get()
                        on:change=move |_| defaults.set(false)
                    />
                    "This chat"
                </label>
                <label>
                    <input
                        type="radio"
                        name="params-target"
                        prop:checked=move || defaults.get()
                        on:change=move |_| defaults.set(true)
                    />
                    "Defaults for new chats"
                </label>
            </div>
            <p class="hint">
                {move || {
                    if defaults.get() {
                        "Every New chat starts from these; a chat already started keeps its own."
                    } else {
                        "For this chat only. A New chat starts from the defaults."
                    }
                }}
            </p>
            <div class="field">
                <label for="system-prompt">"System prompt"</label>
                <textarea
                    id="system-prompt"
                    rows="3"
                    placeholder="Optional instructions for the model"
                    prop:value=prompt
                    on:change=move |ev| {
                        let prompt = event_target_value(&ev);
                        set_params(state, defaults.get_untracked(), |p| p.system_prompt = prompt);
                    }
                ></textarea>
            </div>
            <div class="field-row">
                <NumberField
                    id="temperature"
                    label="Temperature"
                    range=(0.01, 1.0)
                    bounds=("0.01", "1")
                    range_text="between 0.01 and 1"
                    step="0.05"
                    value=Signal::derive(move || shown(|p| p.temperature))
                    on_set=move |v: f64| set(|p, v| p.temperature = v, v)
                />
                <NumberField
                    id="top-p"
                    label="Top P"
                    range=(0.0, 1.0)
                    bounds=("0", "1")
                    range_text="between 0 and 1"
                    step="0.05"
                    value=Signal::derive(move || shown(|p| p.top_p))
                    on_set=move |v: f64| set(|p, v| p.top_p = v, v)
                />
                <NumberField
                    id="max-tokens"
                    label="Max output tokens"
                    range=(1.0, f64::from(u32::MAX))
                    bounds=("1", "")
                    range_text="a whole number from 1"
                    step="1024"
                    whole=true
                    value=Signal::derive(move || shown(|p| f64::from(p.max_output_tokens)))
                    on_set=move |v: f64| set(|p, v| p.max_output_tokens = v as u32, v)
                />
            </div>
            <When when=move || switchable.get()>
                <div class="field">
                    <label for="thinking-mode">"Thinking"</label>
                    <select
                        id="thinking-mode"
                        on:change=move |ev| {
                            let mode = if event_target_value(&ev) == "off" {
                                ThinkingMode::Off
                            } else {
                                ThinkingMode::Adaptive
                            };
                            set_params(state, defaults.get_untracked(), |p| p.thinking = mode);
                        }
                    >
                        <option value="adaptive" selected=move || !thinking_off()>
                            "Adaptive"
                        </option>
                        <option value="off" selected=thinking_off>
                            "Off"
                        </option>
                    </select>
                </div>
            </When>
        </section>
    }
}

/// A number input for one parameter. A value out of `range` (or not a
/// number) is not applied: an inline error next to the field says what
/// fits, and the field keeps what the user typed until they fix it.
#[component]
fn NumberField(
    /// The input's element id.
    id: &'static str,
    /// The visible label, also the field's accessible name.
    label: &'static str,
    /// Inclusive bounds.
    range: (f64, f64),
    /// The bounds as the input's min and max attributes ("" for none);
    /// written out, since the app formats no floats.
    bounds: (&'static str, &'static str),
    /// The bounds in words, for the error ("between 0 and 1").
    range_text: &'static str,
    /// The input's step attribute.
    step: &'static str,
    /// Only whole numbers fit.
    #[prop(optional)]
    whole: bool,
    /// The value now.
    value: Signal<f64>,
    /// Called with a value that fits. A callback, not a generic closure, so
    /// that every field shares one compiled NumberField.
    #[prop(into)]
    on_set: Callback<f64>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    let on_change = move |ev: leptos::ev::Event| {
        let fits = number_value(&ev)
            .filter(|v| (range.0..=range.1).contains(v) && (!whole || v.fract() == 0.0));
        match fits {
            Some(v) => {
                problem.set(None);
                on_set.run(v);
            }
            None => problem.set(Some(format!(
                "{label} must be {range_text}; it was not changed."
            ))),
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="number"
                min=bounds.0
                max=(!bounds.1.is_empty()).then_some(bounds.1)
                step=step
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                prop:valueAsNumber=move || value.get()
                on:change=on_change
            />
            <p class="field-error" id=error_id role="alert" hidden=move || problem.with(Option::is_none)>
                {move || problem.get()}
            </p>
        </div>
    }
}

#[component]
fn AppearanceSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = [
        (Theme::System, "system", "System"),
        (Theme::Light, "light", "Light"),
        (Theme::Dark, "dark", "Dark"),
    ];
    view! {
        <section class="settings-section">
            <h3>"Appearance"</h3>
            <div class="field">
                <label for="theme">"Theme"</label>
                <select
                    id="theme"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let theme = options
                            .iter()
                            .find(|(_, value, _)| *value == v)
                            .map(|(t, _, _)| *t)
                            .unwrap_or_default();
                        set(state, |s| s.theme = theme);
                    }
                >
                    {options
                        .iter()
                        .map(|(theme, value, name)| {
                            let theme = *theme;
                            view! {
                                <option
                                    value=*value
                                    selected=move || state.settings.with(|s| s.theme == theme)
                                >
                                    {*name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </section>
    }
}

/// A number field's value as the browser read it (`valueAsNumber`), so the
/// app needs no float parser of its own; `None` when the field holds no number.
fn number_value(ev: &leptos::ev::Event) -> Option<f64> {
    Some(event_target::<web_sys::HtmlInputElement>(ev).value_as_number()).filter(|v| v.is_finite())
}
