//! The Settings dialog: key, endpoint, model, theme, and this chat's
//! generation settings. Changes apply and save as they are made.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::state::AppState;
use crate::browser::probe;
use crate::browser::storage::{forget_api_key, save_api_key};
use crate::chat::ThinkingMode;
use crate::chat::catalogue::{ENDPOINTS, MODELS, check_base_url, model_info};
use crate::chat::same_origin::is_same_origin;
use crate::store::{KeyPersistence, Theme};

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

#[component]
fn ConnectionSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let persistence = Memo::new(move |_| state.settings.with(|s| s.key_persistence));
    let save_key = move |key: String| {
        state.api_key.set(key.clone());
        if let Err(e) = save_api_key(&key, state.settings.get_untracked().key_persistence) {
            state.storage_error.set(Some(e.to_string()));
        }
    };
    let set_persistence = move |p: KeyPersistence| {
        state.settings.update(|s| s.key_persistence = p);
        state.save_settings();
        save_key(state.api_key.get_untracked());
    };
    let answered = answered_presets();
    let base_problem = Memo::new(move |_| state.settings.with(|s| check_base_url(&s.base_url)));
    let preset_note = Memo::new(move |_| {
        state.settings.with(|s| {
            ENDPOINTS
                .iter()
                .find(|e| e.base_url == s.base_url.trim())
                .map(|e| e.note)
                .unwrap_or("A custom OpenAI-compatible endpoint (OpenRouter, LM Studio, a LiteLLM proxy…).")
        })
    });
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
                    on:input=move |ev| save_key(event_target_value(&ev).trim().to_string())
                />
                <div class="radio-row" role="radiogroup" aria-label="Remember the key">
                    <label>
                        <input
                            type="radio"
                            name="key-persistence"
                            prop:checked=move || persistence.get() == KeyPersistence::Device
                            on:change=move |_| set_persistence(KeyPersistence::Device)
                        />
                        "Remember on this device"
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="key-persistence"
                            prop:checked=move || persistence.get() == KeyPersistence::Tab
                            on:change=move |_| set_persistence(KeyPersistence::Tab)
                        />
                        "This tab only"
                    </label>
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| {
                            forget_api_key();
                            state.api_key.set(String::new());
                        }
                    >
                        "Forget key"
                    </button>
                </div>
                <p class="hint">
                    "The key stays in this browser and is sent only to the Base URL below."
                </p>
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
                        state.settings.update(|s| s.base_url = event_target_value(&ev).trim().to_string());
                        state.save_settings();
                    }
                />
                <div class="presets" role="group" aria-label="Endpoint presets">
                    {ENDPOINTS
                        .iter()
                        .map(|e| {
                            let url = e.base_url;
                            let offered = move || !is_same_origin(url) || answered.with(|a| a.contains(&url));
                            view! {
                                <Show when=offered>
                                    <button
                                        type="button"
                                        class="chip"
                                        class:active=move || state.settings.with(|s| s.base_url == url)
                                        on:click=move |_| {
                                            state.settings.update(|s| s.base_url = url.to_string());
                                            state.save_settings();
                                        }
                                    >
                                        {e.name}
                                    </button>
                                </Show>
                            }
                        })
                        .collect_view()}
                </div>
                <p class="hint">{move || preset_note.get()}</p>
                <Show when=move || base_problem.with(|p| p.is_some())>
                    <p class="field-error">{move || base_problem.get().unwrap_or_default()}</p>
                </Show>
            </div>
            <div class="field">
                <label for="model">"Model"</label>
                <select
                    id="model"
                    prop:value=move || state.settings.with(|s| s.model.clone())
                    on:change=move |ev| {
                        state.settings.update(|s| s.model = event_target_value(&ev));
                        state.save_settings();
                    }
                >
                    {MODELS
                        .iter()
                        .map(|m| {
                            let id = m.id;
                            view! {
                                <option
                                    value=id
                                    selected=move || state.settings.with(|s| s.model == id)
                                >
                                    {id}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </section>
    }
}

#[component]
fn ChatSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let switchable = Memo::new(move |_| {
        state
            .settings
            .with(|s| model_info(&s.model).is_some_and(|m| m.thinking_switchable))
    });
    let save = move || state.save_open();
    view! {
        <section class="settings-section">
            <h3>"This chat"</h3>
            <div class="field">
                <label for="system-prompt">"System prompt"</label>
                <textarea
                    id="system-prompt"
                    rows="3"
                    placeholder="Optional instructions for the model"
                    prop:value=move || state.params.with(|p| p.system_prompt.clone())
                    on:change=move |ev| {
                        state.params.update(|p| p.system_prompt = event_target_value(&ev));
                        save();
                    }
                ></textarea>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="temperature">"Temperature"</label>
                    <input
                        id="temperature"
                        type="number"
                        min="0.01"
                        max="1"
                        step="0.05"
                        prop:valueAsNumber=move || state.params.with(|p| p.temperature)
                        on:change=move |ev| {
                            if let Some(v) = number_value(&ev) {
                                state.params.update(|p| p.temperature = v.clamp(0.01, 1.0));
                                save();
                            }
                        }
                    />
                </div>
                <div class="field">
                    <label for="top-p">"Top P"</label>
                    <input
                        id="top-p"
                        type="number"
                        min="0"
                        max="1"
                        step="0.05"
                        prop:valueAsNumber=move || state.params.with(|p| p.top_p)
                        on:change=move |ev| {
                            if let Some(v) = number_value(&ev) {
                                state.params.update(|p| p.top_p = v.clamp(0.0, 1.0));
                                save();
                            }
                        }
                    />
                </div>
                <div class="field">
                    <label for="max-tokens">"Max output tokens"</label>
                    <input
                        id="max-tokens"
                        type="number"
                        min="1"
                        step="1024"
                        prop:value=move || state.params.with(|p| p.max_output_tokens.to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                                state.params.update(|p| p.max_output_tokens = v.max(1));
                                save();
                            }
                        }
                    />
                </div>
            </div>
            <Show when=move || switchable.get()>
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
                            state.params.update(|p| p.thinking = mode);
                            save();
                        }
                    >
                        <option
                            value="adaptive"
                            selected=move || state.params.with(|p| p.thinking == ThinkingMode::Adaptive)
                        >
                            "Adaptive"
                        </option>
                        <option
                            value="off"
                            selected=move || state.params.with(|p| p.thinking == ThinkingMode::Off)
                        >
                            "Off"
                        </option>
                    </select>
                </div>
            </Show>
        </section>
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
                        state.settings.update(|s| s.theme = theme);
                        state.save_settings();
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

/// The same-origin presets this page's server was seen to answer (see
/// `browser::probe`); the others are not offered.
fn answered_presets() -> RwSignal<Vec<&'static str>> {
    let answered = RwSignal::new(Vec::new());
    for url in ENDPOINTS
        .iter()
        .map(|e| e.base_url)
        .filter(|u| is_same_origin(u))
    {
        probe::answers(url, move |ok| {
            if ok {
                // The dialog may have closed meanwhile: nothing to update then.
                answered.try_update(|a| a.push(url));
            }
        });
    }
    answered
}

/// A number field's value as the browser read it (`valueAsNumber`), so the
/// app needs no float parser of its own; `None` when the field holds no number.
fn number_value(ev: &leptos::ev::Event) -> Option<f64> {
    Some(event_target::<web_sys::HtmlInputElement>(ev).value_as_number()).filter(|v| v.is_finite())
}
