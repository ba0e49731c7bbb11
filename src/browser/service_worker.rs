//! The service worker that lets the app open offline and hears of new
//! deployments. The worker itself is `sw.js` (template `sw.js` here, filled
//! in by `scripts/service-worker.mjs`); this registers it and offers the
//! switch to a new build, through `service_worker.js`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/browser/service_worker.js")]
extern "C" {
    #[wasm_bindgen(js_name = watchServiceWorker)]
    fn watch_service_worker(on_update_ready: &Closure<dyn Fn()>);

    #[wasm_bindgen(js_name = applyUpdate)]
    fn apply_update_js() -> js_sys::Promise;
}

/// Registers the worker after the page has loaded, in release builds only:
/// a dev build (`trunk serve`) changes its files at every save and is not
/// worth caching. `on_update_ready` runs when a newer build is installed.
pub fn watch(on_update_ready: impl Fn() + 'static) {
    if cfg!(debug_assertions) {
        return;
    }
    let callback = Closure::<dyn Fn()>::new(on_update_ready);
    watch_service_worker(&callback);
    // Called whenever a new build arrives, for as long as the page lives.
    callback.forget();
}

/// Lets the waiting worker take over; the page reloads once it has.
pub fn apply_update() {
    let _ = apply_update_js();
}
