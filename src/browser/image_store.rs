//! The image store in the browser: IndexedDB, through one promise-based
//! call in `image_store.js` (hand-written JS is a fraction of the size of
//! web-sys's IndexedDB bindings in the first load). The session decides
//! what to store, read and delete (`session/images.rs`); this only does it.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::storage::to_store_error;
use crate::session::images::{ImageDone, ImageError, ImageJob, ImageStore, ImageUsage};
use crate::store::StoreError;

#[wasm_bindgen(module = "/src/browser/image_store.js")]
extern "C" {
    #[wasm_bindgen(js_name = imageJob)]
    fn image_job(kind: u32, id: &str, url: &str, keep: bool) -> js_sys::Promise;
}

/// IndexedDB, as the session's [`ImageStore`].
pub struct IdbImages;

impl ImageStore for IdbImages {
    async fn run(&self, job: ImageJob) -> ImageDone {
        let (kind, id, url, keep) = match &job {
            ImageJob::Put {
                id,
                url,
                keep_existing,
            } => (0, id.as_str(), url.as_str(), *keep_existing),
            ImageJob::Get { id } => (1, id.as_str(), "", false),
            ImageJob::Delete { id } => (2, id.as_str(), "", false),
            ImageJob::Measure => (3, "", "", false),
        };
        let result = JsFuture::from(image_job(kind, id, url, keep))
            .await
            .map_err(|e| match to_store_error(e) {
                StoreError::Quota => ImageError::Full,
                StoreError::Unavailable(why) => ImageError::Unavailable(why),
                other => ImageError::Unavailable(other.to_string()),
            });
        job.done(result.map(|value| {
            let pair: Option<js_sys::Array> = value.dyn_ref().cloned();
            let number = |i| {
                pair.as_ref()
                    .and_then(|p| p.get(i).as_f64())
                    .filter(|n| n.is_finite() && *n >= 0.0)
            };
            let usage = number(0).zip(number(1)).map(|(used, quota)| ImageUsage {
                used: used as u64,
                quota: quota as u64,
            });
            (value.as_string(), usage)
        }))
    }
}
