//! "A new version is ready": shown when a newer build of the app has been
//! installed in the background, with Reload to switch to it at once (the
//! old files keep serving this page until then, never a mix of the two).

use leptos::prelude::*;

use super::when::When;
use crate::browser::service_worker;

#[component]
pub fn UpdateNotice() -> impl IntoView {
    let ready = RwSignal::new(false);
    service_worker::watch(move || ready.set(true));
    view! {
        <When when=move || ready.get()>
            <div class="banner" role="status">
                <span>"A new version of this app is ready."</span>
                <button type="button" class="link-button" on:click=move |_| service_worker::apply_update()>
                    "Reload"
                </button>
            </div>
        </When>
    }
}
