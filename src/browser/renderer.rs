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
use crate::browser::plain_text::PlainText;
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

    #[wasm_bindgen(method, catch, js_name = moveTo)]
    fn move_to(this: &JsMarkdown, container: &Element) -> Result<(), JsValue>;

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

/// How many answers' views are kept built after they leave the page, and
/// how much text they may hold in all.
const PARKED_VIEWS: usize = 8;
const PARKED_BYTES: usize = 4 * 1024 * 1024;

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// Views of answers no longer on the page, by key, oldest first.
    static PARKED: RefCell<Vec<(String, MarkdownView)>> = const { RefCell::new(Vec::new()) };
}

/// Keeps the view of an answer that leaves the page (its chat was left),
/// built as it is, under `key` (the answer's message id): [`unpark`] gives
/// it back when the answer is shown again, so switching back and forth
/// between long chats rebuilds nothing. The oldest views go first beyond
/// [`PARKED_VIEWS`] or [`PARKED_BYTES`] of text.
pub fn park(key: String, view: MarkdownView) {
    PARKED.with(|parked| {
        let mut parked = parked.borrow_mut();
        parked.retain(|(k, _)| *k != key);
        parked.push((key, view));
        let mut bytes: usize = parked.iter().map(|(_, v)| v.relay.sent()).sum();
        while parked.len() > PARKED_VIEWS || (bytes > PARKED_BYTES && parked.len() > 1) {
            let (_, dropped) = parked.remove(0);
            bytes -= dropped.relay.sent();
        }
    });
}

/// The view kept under `key`, moved into `container` (empty), if any.
pub fn unpark(key: &str, container: &Element) -> Option<MarkdownView> {
    let mut view = PARKED.with(|parked| {
        let mut parked = parked.borrow_mut();
        let at = parked.iter().position(|(k, _)| k == key)?;
        Some(parked.remove(at).1)
    })?;
    view.move_to(container);
    Some(view)
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
    /// Into the container as plain text, in blocks (see `plain_text`).
    Plain(Option<PlainText>),
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
            target: Target::Plain(None),
            relay: Relay::new(),
            broken: false,
        }
    }

    /// Shows `text` (`done`: the answer is complete). Renders markdown when
    /// the module is loaded, plain text until then.
    pub fn show(&mut self, text: &str, done: bool) {
        if matches!(self.target, Target::Plain(_)) && !self.broken {
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
            self.retarget(Target::Plain(None));
            if let Some(call) = self.relay.next(text, done) {
                let _ = self.send(call);
            }
        }
    }

    /// Moves this view, with all it shows, into `container` (a new element
    /// for the same answer, cleared first: its chat was left and opened
    /// again).
    /// Nothing is built again: the next `show` of the same text does
    /// nothing at all, and more text is added to what is there.
    pub fn move_to(&mut self, container: &Element) {
        let moved = match &self.target {
            Target::Module(renderer) => renderer.move_to(container).is_ok(),
            Target::Plain(_) => {
                let plain = self.container.class_list().contains(PLAIN_CLASS);
                container.set_text_content(None);
                while let Some(child) = self.container.first_child() {
                    let _ = container.append_child(&child);
                }
                !plain || container.class_list().add_1(PLAIN_CLASS).is_ok()
            }
        };
        self.container = container.clone();
        if !moved {
            // Start again in the new place rather than show half of it.
            self.retarget(Target::Plain(None));
        }
    }

    /// A new target holds nothing yet: the next call sends the whole text.
    fn retarget(&mut self, target: Target) {
        if let Target::Module(old) = std::mem::replace(&mut self.target, target) {
            old.free();
        }
        self.relay = Relay::new();
    }

    fn send(&mut self, call: Call) -> Result<(), JsValue> {
        match (&mut self.target, call) {
            (Target::Module(renderer), Call::Append { text, done }) => renderer.append(text, done),
            (Target::Module(renderer), Call::Replace { text, done }) => {
                renderer.replace(text, done)
            }
            (Target::Plain(plain), call) => {
                let shown = match plain {
                    Some(shown) => shown,
                    None => {
                        self.container.class_list().add_1(PLAIN_CLASS)?;
                        let fresh = PlainText::new(&self.container)
                            .ok_or_else(|| JsValue::from_str("the answer has no document"))?;
                        plain.insert(fresh)
                    }
                };
                match call {
                    Call::Append { text, .. } => shown.append(text),
                    Call::Replace { text, .. } => shown.replace(text),
                }
            }
        }
    }
}

impl Drop for MarkdownView {
    fn drop(&mut self) {
        self.retarget(Target::Plain(None));
    }
}
