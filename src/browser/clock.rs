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
/// messages in one task and starts the request in the next: each is first-run
/// code the browser compiles as it goes, and together they made one task long
/// enough to delay input (over 50 ms on a slow machine).
pub async fn next_task() {
    sleep_ms(0).await;
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
