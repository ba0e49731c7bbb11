//! The app's side of the markdown renderer module.
//!
//! Rendering lives in a second wasm module (`markdown/src/main.rs`)
//! so that the first load carries only what paints the page. The build
//! names that module in `<meta name="mmchat-renderer">`; [`load`] imports
//! it once, and each answer gets a [`MarkdownView`] that feeds it only the
//! text added since the last chunk. Until the module is there, or if it
//! never comes, an answer shows as plain text: nothing is ever lost.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::markdown::{Call, Relay};

#[wasm_bindgen(module = "/src/browser/renderer.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = loadRenderer)]
    fn load_renderer(url: &str) -> Result<js_sys::Promise, JsValue>;

    type JsMarkdown;

    #[wasm_bindgen(catch, js_name = newRenderer)]
    fn new_renderer(module: &JsValue, container: &Element) -> Result<JsMarkdown, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn append(this: &JsMarkdown, text: &str, done: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn replace(this: &JsMarkdown, text: &str, done: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn free(this: &JsMarkdown);
}

/// Where the renderer module is, as far as the page knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RendererState {
    /// Being fetched; answers wait a moment rather than flash as plain text.
    Loading,
    /// Still being fetched after a while: answers show as plain text.
    Slow,
    Ready,
    /// It could not load: answers stay plain text.
    Failed,
}

/// Class on an answer shown as plain text (style/markdown.css).
const PLAIN_CLASS: &str = "plain";

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Imports the renderer module; on success, views can render markdown.
pub async fn load() -> Result<(), String> {
    let url = meta_content("mmchat-renderer")
        .ok_or_else(|| "this build does not name a renderer module".to_string())?;
    let promise = load_renderer(&url).map_err(describe)?;
    let module = JsFuture::from(promise).await.map_err(describe)?;
    MODULE.with(|slot| *slot.borrow_mut() = Some(module));
    Ok(())
}

fn meta_content(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??
        .get_attribute("content")
        .filter(|url| !url.is_empty())
}

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// One answer's container, shown through the renderer once it is loaded.
pub struct MarkdownView {
    container: Element,
    renderer: Option<JsMarkdown>,
    relay: Relay,
    /// The renderer failed on this answer: plain text from now on.
    broken: bool,
}

impl MarkdownView {
    pub fn new(container: &Element) -> Self {
        Self {
            container: container.clone(),
            renderer: None,
            relay: Relay::new(),
            broken: false,
        }
    }

    /// Shows `text` (`done`: the answer is complete). Renders markdown when
    /// the module is loaded, plain text until then.
    pub fn show(&mut self, text: &str, done: bool) {
        if self.renderer.is_none() && !self.broken {
            self.renderer = MODULE.with(|slot| {
                let module = slot.borrow();
                let renderer = new_renderer(module.as_ref()?, &self.container).ok()?;
                let _ = self.container.class_list().remove_1(PLAIN_CLASS);
                Some(renderer)
            });
        }
        let Some(renderer) = &self.renderer else {
            return self.show_plain(text);
        };
        let sent = match self.relay.next(text, done) {
            None => return,
            Some(Call::Append { text, done }) => renderer.append(text, done),
            Some(Call::Replace { text, done }) => renderer.replace(text, done),
        };
        if sent.is_err() {
            // The renderer trapped: nothing it holds can be trusted now.
            if let Some(renderer) = self.renderer.take() {
                renderer.free();
            }
            self.broken = true;
            self.show_plain(text);
        }
    }

    fn show_plain(&self, text: &str) {
        let _ = self.container.class_list().add_1(PLAIN_CLASS);
        if self.container.text_content().as_deref() != Some(text) {
            self.container.set_text_content(Some(text));
        }
    }
}

impl Drop for MarkdownView {
    fn drop(&mut self) {
        if let Some(renderer) = self.renderer.take() {
            renderer.free();
        }
    }
}
