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

use crate::browser::fetch::js_error_text;
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

    /// A page being written by the module (`markdown/src/export_html.rs`).
    pub type HtmlPage;

    #[wasm_bindgen(catch, js_name = newHtmlPage)]
    fn new_html_page(module: &JsValue) -> Result<HtmlPage, JsValue>;

    #[wasm_bindgen(method)]
    pub fn chat(this: &HtmlPage, title: &str, about: &str);

    #[wasm_bindgen(method)]
    pub fn image(this: &HtmlPage, url: &str);

    #[wasm_bindgen(method)]
    pub fn user(this: &HtmlPage, who: &str, about: &str, text: &str);

    #[wasm_bindgen(method)]
    pub fn assistant(
        this: &HtmlPage,
        who: &str,
        about: &str,
        label: &str,
        thinking: &str,
        answer: &str,
        note: &str,
    );

    #[wasm_bindgen(method, catch)]
    pub fn finish(this: &HtmlPage, title: &str, footer: &str) -> Result<String, JsValue>;
}

/// A new HTML page from the renderer module, which must be loaded.
pub fn html_page() -> Result<HtmlPage, String> {
    MODULE.with(|slot| {
        let module = slot.borrow();
        let module = module
            .as_ref()
            .ok_or("the renderer module has not loaded, so HTML cannot be made; try again in a moment, or choose JSON or Markdown")?;
        new_html_page(module).map_err(|e| js_error_text(&e))
    })
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

impl RendererState {
    /// The module is in, or will not come, or was waited for long enough:
    /// the chat can show (answers as plain text until the module is in).
    pub fn is_settled(self) -> bool {
        self != Self::Loading
    }
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
    let promise = load_renderer(&url).map_err(|e| js_error_text(&e))?;
    let module = JsFuture::from(promise)
        .await
        .map_err(|e| js_error_text(&e))?;
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

/// Where an answer's text goes.
enum Target {
    /// Straight into the container, as text.
    Plain,
    Module(JsMarkdown),
}

/// One answer's container, shown through the renderer once it is loaded.
/// Both targets are fed through the same [`Relay`], so a streaming answer
/// costs each chunk its new text only, formatted or not.
pub struct MarkdownView {
    container: Element,
    target: Target,
    relay: Relay,
    /// The renderer failed on this answer: plain text from now on.
    broken: bool,
}

impl MarkdownView {
    pub fn new(container: &Element) -> Self {
        Self {
            container: container.clone(),
            target: Target::Plain,
            relay: Relay::new(),
            broken: false,
        }
    }

    /// Shows `text` (`done`: the answer is complete). Renders markdown when
    /// the module is loaded, plain text until then.
    pub fn show(&mut self, text: &str, done: bool) {
        if matches!(self.target, Target::Plain) && !self.broken {
            let renderer = MODULE.with(|slot| {
                let module = slot.borrow();
                new_renderer(module.as_ref()?, &self.container).ok()
            });
            if let Some(renderer) = renderer {
                let _ = self.container.class_list().remove_1(PLAIN_CLASS);
                self.retarget(Target::Module(renderer));
            }
        }
        let Some(call) = self.relay.next(text, done) else {
            return;
        };
        if self.send(call).is_err() {
            // The renderer trapped: nothing it holds can be trusted now.
            self.broken = true;
            self.retarget(Target::Plain);
            if let Some(call) = self.relay.next(text, done) {
                let _ = self.send(call);
            }
        }
    }

    /// A new target holds nothing yet: the next call sends the whole text.
    fn retarget(&mut self, target: Target) {
        if let Target::Module(old) = std::mem::replace(&mut self.target, target) {
            old.free();
        }
        self.relay = Relay::new();
    }

    fn send(&self, call: Call) -> Result<(), JsValue> {
        match (&self.target, call) {
            (Target::Module(renderer), Call::Append { text, done }) => renderer.append(text, done),
            (Target::Module(renderer), Call::Replace { text, done }) => {
                renderer.replace(text, done)
            }
            (Target::Plain, Call::Append { text: "", .. }) => Ok(()),
            (Target::Plain, Call::Append { text, .. }) => self.container.append_with_str_1(text),
            (Target::Plain, Call::Replace { text, .. }) => {
                self.container.class_list().add_1(PLAIN_CLASS)?;
                self.container.set_text_content(Some(text));
                Ok(())
            }
        }
    }
}

impl Drop for MarkdownView {
    fn drop(&mut self) {
        self.retarget(Target::Plain);
    }
}
