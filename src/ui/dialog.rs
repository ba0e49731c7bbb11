//! A modal dialog: an overlay that closes it, a titled header with Close,
//! and Escape to close.

use leptos::prelude::*;

use super::when::When;

#[component]
pub fn Dialog(
    /// Whether the dialog is shown; Close, Escape and the overlay clear it.
    open: RwSignal<bool>,
    /// The heading, which is also the dialog's accessible name.
    title: &'static str,
    /// The element id of the heading (unique on the page).
    title_id: &'static str,
    /// Extra class for the dialog box.
    class: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let close = move || open.set(false);
    let children = StoredValue::new(children);
    view! {
        <When when=move || open.get()>
            <div class="overlay" on:click=move |_| close()></div>
            <div
                class=format!("dialog {class}")
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <header class="dialog-head">
                    <h2 id=title_id>{title}</h2>
                    <button type="button" class="button" on:click=move |_| close()>
                        "Close"
                    </button>
                </header>
                {children.with_value(|c| c())}
            </div>
        </When>
    }
}
