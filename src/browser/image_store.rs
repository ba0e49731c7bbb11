//! The image store in the browser: IndexedDB, through the few promise-based
//! calls in `image_store.js` (hand-written JS is a fraction of the size of
//! web-sys's IndexedDB bindings in the first load). The session decides
//! what to store, read and delete (`session/images.rs`); this only does it.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::storage::to_store_error;
use crate::session::images::{ImageError, ImageStore, ImageUsage};
use crate::store::StoreError;

#[wasm_bindgen(module = "/src/browser/image_store.js")]
extern "C" {
    #[wasm_bindgen(js_name = imagePut)]
    fn image_put(id: &str, url: &str, keep: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = imageGet)]
    fn image_get(id: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = imageDelete)]
    fn image_delete(id: &str) -> js_sys::Promise;
    // `catch` also routes the call through the loader, as the build's
    // import renaming expects (scripts/short-names.mjs): a call with no
    // arguments would be imported from the snippet straight.
    #[wasm_bindgen(catch, js_name = imageMeasure)]
    fn image_measure() -> Result<js_sys::Promise, JsValue>;
}

/// IndexedDB, as the session's [`ImageStore`].
pub struct IdbImages;

async fn wait(promise: js_sys::Promise) -> Result<JsValue, ImageError> {
    JsFuture::from(promise)
        .await
        .map_err(|e| match to_store_error(e) {
            StoreError::Quota => ImageError::Full,
            StoreError::Unavailable(why) => ImageError::Unavailable(why),
            other => ImageError::Unavailable(other.to_string()),
        })
}

impl ImageStore for IdbImages {
    async fn put(&self, id: &str, url: &str, keep_existing: bool) -> Result<(), ImageError> {
        wait(image_put(id, url, keep_existing)).await.map(|_| ())
    }

    async fn get(&self, id: &str) -> Result<Option<String>, ImageError> {
        Ok(wait(image_get(id)).await?.as_string())
    }

    async fn delete(&self, id: &str) -> Result<(), ImageError> {
        wait(image_delete(id)).await.map(|_| ())
    }

    async fn measure(&self) -> Option<ImageUsage> {
        let pair: js_sys::Array = wait(image_measure().ok()?).await.ok()?.dyn_into().ok()?;
        let number = |i| pair.get(i).as_f64().filter(|n| n.is_finite() && *n >= 0.0);
        Some(ImageUsage {
            used: number(0)? as u64,
            quota: number(1)? as u64,
        })
    }
}
