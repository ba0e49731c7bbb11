//! Time and ids from the browser.

use crate::decimal::base36;

/// Wall-clock milliseconds (`Date.now()`), comparable across reloads.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A fresh id: time in base 36 plus random digits, unique enough across tabs.
pub fn new_id(prefix: &str) -> String {
    let time = now_ms() as u64;
    let rand = (js_sys::Math::random() * 2f64.powi(40)) as u64;
    format!("{prefix}{}{}", base36(time), base36(rand))
}

/// Resolves in a later task (a zero-delay timer), so that the work after it
/// is not part of the task that is running now. Send renders the new
/// messages in one task and starts the request in the next: each is
/// first-run code the browser compiles as it goes, and together they made
/// one task long enough to delay input (over 50 ms on a slow machine).
pub async fn next_task() {
    sleep_ms(0).await;
}

/// Like [`next_task`], without the wait: `scheduler.yield()` where the
/// browser has it (Chromium), else a timer. For slices that do not change
/// the page (an import's): timers called from timers are held back 4 ms
/// each after the fifth, so 6 ms slices on timers idle 40% of the time.
/// Yielded slices run back to back ahead of the frames: a long run of
/// them waits for [`next_frame`] now and then, so the page is drawn. Not
/// for slices that add to the page: the frames then lay out all they
/// added at once (a big read decoded this way made 50–75 ms frames).
pub async fn yield_now() {
    match scheduler_yield() {
        Some(promise) => {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
        None => next_task().await,
    }
}

/// `scheduler.yield()`'s promise, if the browser has it.
fn scheduler_yield() -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    let yield_now = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    yield_now.call0(&scheduler).ok()?.dyn_into().ok()
}

/// Resolves at the next frame, before it is laid out (or after 100 ms, in
/// a tab the browser draws no frames for): views added then are laid out
/// in that frame. Work that adds many elements batch by batch waits for
/// this between batches, so that each frame lays out one batch: with tasks
/// alone, the batches all ran before the next frame, which then laid out
/// all of them at once (300 chat rows, a 60 ms frame).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let _ = window.request_animation_frame(&resolve);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves after about `ms` milliseconds (a timer; no timer, at once).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(scheduled, Some(Ok(_))) {
            // No timer: go on at once rather than never.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The session controller's clock and ids, from the browser.
pub struct BrowserEnv;

impl crate::session::Env for BrowserEnv {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn new_id(&self, prefix: &str) -> String {
        new_id(prefix)
    }

    fn midnight_ms(&self, ms: f64) -> f64 {
        let day = js_sys::Date::new(&ms.into());
        day.set_hours(0);
        day.set_minutes(0);
        day.set_seconds(0);
        day.set_milliseconds(0)
    }
}
