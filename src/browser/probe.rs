//! One look per page load at whether the page's own server answers a
//! same-origin preset (rules in `chat::same_origin`): a keyless GET of its
//! `models` path. Every caller asking about the same preset shares that look.

use std::cell::RefCell;

use gloo_net::http::Request;
use wasm_bindgen_futures::spawn_local;

use crate::chat::same_origin::{looks_like_api, probe_url};

type Waiter = Box<dyn FnOnce(bool)>;

enum Probe {
    Pending(Vec<Waiter>),
    Done(bool),
}

thread_local! {
    /// By base URL; a handful at most, so a list.
    static PROBES: RefCell<Vec<(String, Probe)>> = const { RefCell::new(Vec::new()) };
}

/// Calls `then` with whether the page's origin answers `base_url` like an
/// API: at once when that is known, else when the one look at it ends.
pub fn answers(base_url: &str, then: impl FnOnce(bool) + 'static) {
    let mut waiter: Option<Waiter> = Some(Box::new(then));
    let (known, first) = PROBES.with_borrow_mut(|probes| {
        let at = match probes.iter().position(|(url, _)| url == base_url) {
            Some(at) => at,
            None => {
                probes.push((base_url.to_owned(), Probe::Pending(Vec::new())));
                probes.len() - 1
            }
        };
        match &mut probes[at].1 {
            Probe::Done(ok) => (Some(*ok), false),
            Probe::Pending(waiting) => {
                waiting.extend(waiter.take());
                (None, waiting.len() == 1)
            }
        }
    });
    if let (Some(ok), Some(then)) = (known, waiter) {
        then(ok);
    } else if first {
        spawn_local(look(base_url.to_owned()));
    }
}

async fn look(base_url: String) {
    let ok = match Request::get(&probe_url(&base_url))
        .header("Accept", "application/json")
        .send()
        .await
    {
        Ok(response) => {
            let content_type = response.headers().get("content-type").unwrap_or_default();
            let body = response.text().await.unwrap_or_default();
            looks_like_api(&content_type, &body)
        }
        // No answer at all: nothing there to offer.
        Err(_) => false,
    };
    let waiting = PROBES.with_borrow_mut(|probes| {
        let entry = probes.iter_mut().find(|(url, _)| *url == base_url);
        match entry.map(|(_, probe)| std::mem::replace(probe, Probe::Done(ok))) {
            Some(Probe::Pending(waiting)) => waiting,
            _ => Vec::new(),
        }
    });
    for then in waiting {
        then(ok);
    }
}
