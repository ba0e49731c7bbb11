//! A folder's settings: its name, and the model and system prompt new
//! chats in it start with; Delete folder (its chats stay, out of it).

use leptos::prelude::*;

use super::dialog::Dialog;
use super::state::AppState;
use crate::chat::catalogue::model_choices;

#[component]
pub fn FolderDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let model = RwSignal::new(String::new());
    let prompt = RwSignal::new(String::new());
    // The fields start from the folder each time the dialog opens.
    Effect::new(move |_| {
        if !state.folder_open.get() {
            return;
        }
        let id = state.folder_edited.get_untracked();
        let folder = state
            .read(|s| s.folders().iter().find(|f| f.id == id).cloned())
            .flatten();
        if let Some(f) = folder {
            name.set(f.name);
            model.set(f.model.unwrap_or_default());
            prompt.set(f.system_prompt);
        }
    });
    let close = move || state.folder_open.set(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = state.folder_edited.get_untracked();
        let chosen = model.get_untracked();
        state.act(|s| {
            s.rename_folder(&id, &name.get_untracked());
            s.set_folder_defaults(&id, Some(chosen), &prompt.get_untracked());
        });
        close();
    };
    let delete = move |_| {
        let id = state.folder_edited.get_untracked();
        state.act(|s| s.delete_folder(&id));
        close();
    };
    view! {
        <Dialog open=state.folder_open title="Folder" title_id="folder-title" class="folder-dialog">
            <form on:submit=save>
                <div class="field">
                    <label for="folder-name">"Folder name"</label>
                    <input id="folder-name" type="text" maxlength="80" bind:value=name />
                </div>
                <div class="field">
                    <label for="folder-model">"Model for new chats"</label>
                    <select id="folder-model" bind:value=model>
                        <option value="">"As in Settings"</option>
                        // What Settings offers, and the folder's own model
                        // when that lacks it (an endpoint since changed, an
                        // import): else the select shows "As in Settings"
                        // and Save drops the model.
                        {move || {
                            model_choices(&state.models.get(), &model.get())
                                .into_iter()
                                .map(|id| {
                                    let chosen = model.with_untracked(|m| *m == id);
                                    view! {
                                        <option value=id.clone() selected=chosen>
                                            {id.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="folder-prompt">"System prompt for new chats"</label>
                    <textarea id="folder-prompt" rows="3" bind:value=prompt></textarea>
                </div>
                <p class="hint">
                    "New chats started in this folder begin with these; chats already in it keep their own."
                </p>
                <div class="dialog-actions">
                    <button type="button" class="button danger" on:click=delete>
                        "Delete folder"
                    </button>
                    <button type="submit" class="button primary">
                        "Save"
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
