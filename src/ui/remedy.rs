//! The way out shown with an error (`chat::remedy` decides which): a
//! sentence and a button (or the account page's link), a retry counting
//! down, or the two ways on from a chat grown too long. The rows are
//! built by hand (`dom.rs`) with one click listener each: these rarely
//! seen buttons cost little wasm that way.

use leptos::prelude::*;

use super::dom::{append, clicked_index};
use super::reply;
use super::state::AppState;
use crate::browser::clock::sleep_ms;
use crate::chat::remedy::{Remedy, countdown};

/// What an action button does.
#[derive(Clone)]
pub enum Act {
    /// The remedy of the failed reply with this id (switch region, reset a
    /// setting, retry).
    Apply(String),
    CancelRetry,
    Summarize,
    Recent,
    Settings,
}

fn perform(state: AppState, act: &Act) {
    match act {
        Act::Apply(id) => reply::start(state, |s| s.apply_remedy(id)),
        Act::CancelRetry => {
            state.act(|s| s.cancel_retry());
        }
        Act::Summarize => reply::summarize(state),
        Act::Recent => reply::start(state, |s| s.continue_recent()),
        Act::Settings => state.settings_open.set(true),
    }
}

/// A row of actions in `host`: a sentence, a link (label, url), buttons.
/// What the buttons do is kept in `acts`, read by [`on_click`].
pub fn fill(
    host: &web_sys::Element,
    acts: StoredValue<Vec<Act>>,
    note: Option<&str>,
    link: Option<(&str, &str)>,
    items: Vec<(String, Act)>,
) {
    host.set_text_content(None);
    if let Some(note) = note {
        append(host, "span", note, &[]);
    }
    if let Some((label, url)) = link {
        let attrs = [
            ("class", "button"),
            ("href", url),
            ("target", "_blank"),
            ("rel", "noopener noreferrer"),
        ];
        append(host, "a", label, &attrs);
    }
    let mut done = Vec::new();
    for (i, (label, act)) in items.into_iter().enumerate() {
        let index = i.to_string();
        let attrs = [("type", "button"), ("class", "button"), ("data-i", &index)];
        append(host, "button", &label, &attrs);
        done.push(act);
    }
    acts.set_value(done);
}

/// A click in a row [`fill`] built: do what its button says.
pub fn on_click(state: AppState, acts: StoredValue<Vec<Act>>, ev: &web_sys::Event) {
    if let Some(act) = clicked_index(ev).and_then(|i| acts.with_value(|a| a.get(i).cloned())) {
        perform(state, &act);
    }
}

/// The two ways on from a chat too long for the model.
pub fn shrink_items() -> Vec<(String, Act)> {
    vec![
        ("New chat with a summary".into(), Act::Summarize),
        ("New chat with recent turns".into(), Act::Recent),
    ]
}

/// The note and buttons for `remedy` of the reply `id`; `left` is a
/// waiting retry's seconds.
fn items(remedy: Remedy, id: &str, left: Option<u64>) -> (Option<String>, Vec<(String, Act)>) {
    let buttons = match remedy {
        Remedy::Account { .. } => Vec::new(),
        Remedy::Shrink => shrink_items(),
        Remedy::Settings => vec![(remedy.action(), Act::Settings)],
        Remedy::RetryAfter(_) if left.is_some() => vec![("Cancel retry".into(), Act::CancelRetry)],
        _ => vec![(remedy.action(), Act::Apply(id.to_string()))],
    };
    (left.map(countdown).or_else(|| remedy.note()), buttons)
}

/// The remedy for the failed reply `id`, if the session has one: a row
/// inside the error's alert, with a retry counting down when one waits.
pub fn remedy_actions(state: AppState, id: String) -> impl IntoView {
    let remedy = state.read(|s| s.remedy(&id)).flatten()?;
    let host = NodeRef::<leptos::html::Div>::new();
    let acts = StoredValue::new(Vec::new());
    let id = StoredValue::new(id);
    let link = match remedy {
        Remedy::Account { url, .. } => Some(url),
        _ => None,
    };
    // Draw the row for a retry `left` seconds away (`was` before); false
    // once it is gone. While it counts, only the count changes, and it is
    // not read out: the alert would be read again every second.
    let draw = move |left: Option<u64>, was: Option<u64>| {
        let Some(el) = host.get_untracked() else {
            return false;
        };
        if let (Some(n), Some(_), Some(span)) = (left, was, el.first_element_child()) {
            span.set_text_content(Some(&countdown(n)));
            return true;
        }
        let Some((note, buttons)) = id.try_with_value(|id| items(remedy, id, left)) else {
            return false;
        };
        let action = remedy.action();
        let link = link.map(|url| (action.as_str(), url));
        fill(&el, acts, note.as_deref(), link, buttons);
        if let (Some(_), Some(span)) = (left, el.first_element_child()) {
            let _ = span.set_attribute("aria-live", "off");
        }
        true
    };
    let seconds = move || {
        id.try_with_value(|id| state.read(|s| s.retry_seconds(id)).flatten())
            .flatten()
    };
    Effect::new(move |_| {
        if host.get().is_none() {
            return;
        }
        let mut shown = seconds();
        draw(shown, None);
        if shown.is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                sleep_ms(250).await;
                let now = seconds();
                if now != shown {
                    if !draw(now, shown) {
                        break;
                    }
                    shown = now;
                }
                match now {
                    None => break,
                    Some(0) => {
                        reply::start(state, |s| s.retry_tick());
                        break;
                    }
                    Some(_) => {}
                }
            }
        });
    });
    Some(view! {
        <div class="remedy" node_ref=host on:click=move |ev| on_click(state, acts, &ev)></div>
    })
}
