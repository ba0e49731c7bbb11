//! `When`: Leptos' `<Show>` with the same props, compiled once. `<Show>` is
//! generic over its condition and its children's view type, so each use
//! compiled its own copy of the show/hide machinery; here the condition is
//! a `Signal<bool>` and the children a `ChildrenFn`, one type for every use.
//! clippy.toml disallows `Show` in app code so the saving stays.

use leptos::prelude::*;

#[component]
pub fn When(
    /// The children are shown while this is true.
    #[prop(into)]
    when: Signal<bool>,
    children: ChildrenFn,
    /// What is shown while `when` is false (nothing by default).
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    let shown = Memo::new(move |_| when.get());
    move || {
        if shown.get() {
            children()
        } else {
            fallback.run()
        }
    }
}
