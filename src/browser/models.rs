//! `GET {base}/models`: the endpoint's own list of models, for the Model
//! select (read by `chat::catalogue::parse_model_list`). Plain `fetch`, not
//! gloo's request builder: a GET through the builder cost 1 KB of wasm.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// The answer's body, or `None` when the endpoint did not answer with a
/// success (many do not offer the list; that is no error for the user).
pub async fn fetch_models(url: &str, api_key: &str) -> Option<String> {
    let init = RequestInit::new();
    if !api_key.is_empty() {
        let headers = Headers::new().ok()?;
        headers
            .set("Authorization", &format!("Bearer {api_key}"))
            .ok()?;
        init.set_headers(&headers);
    }
    let pending = web_sys::window()?.fetch_with_str_and_init(url, &init);
    let response: Response = JsFuture::from(pending).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}
