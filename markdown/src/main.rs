//! The markdown renderer as a wasm module of its own.
//!
//! pulldown-cmark, the highlighter and the TeX reader are over a fifth of
//! the app's code, and nothing needs them to paint the page: the app loads
//! this module right after its first paint (the app's
//! `src/browser/renderer.rs`) and hands it one container per answer.
//! `scripts/renderer-module.mjs` builds it during every trunk build.

#[cfg(target_arch = "wasm32")]
mod exports {
    use mmchat_markdown::SlicedMarkdown;
    use wasm_bindgen::prelude::*;
    use web_sys::Element;

    /// Renders one answer into its container, incrementally while it
    /// streams, in slices that leave the page free between them.
    #[wasm_bindgen]
    pub struct Markdown {
        view: SlicedMarkdown,
    }

    /// One self-contained HTML page of chats (`export_html.rs`), for the
    /// app's Export; built here so that the first load does not carry it.
    #[wasm_bindgen]
    pub struct HtmlPage(mmchat_markdown::HtmlExport);

    #[wasm_bindgen]
    impl HtmlPage {
        #[wasm_bindgen(constructor)]
        pub fn new() -> HtmlPage {
            HtmlPage(mmchat_markdown::HtmlExport::new())
        }

        pub fn chat(&mut self, title: &str, about: &str) {
            self.0.chat(title, about);
        }

        pub fn image(&mut self, url: &str) {
            self.0.image(url);
        }

        pub fn user(&mut self, who: &str, about: &str, text: &str) {
            self.0.user(who, about, text);
        }

        pub fn assistant(
            &mut self,
            who: &str,
            about: &str,
            label: &str,
            thinking: &str,
            answer: &str,
            note: &str,
        ) {
            self.0.assistant(who, about, label, thinking, answer, note);
        }

        pub fn finish(self, title: &str, footer: &str) -> String {
            self.0.finish(title, footer)
        }
    }

    #[wasm_bindgen]
    impl Markdown {
        /// Takes over `container` (clearing it) and its click handling.
        #[wasm_bindgen(constructor)]
        pub fn new(container: &Element) -> Result<Markdown, JsValue> {
            let doc = container
                .owner_document()
                .ok_or_else(|| JsValue::from_str("the container has no document"))?;
            Ok(Markdown {
                view: SlicedMarkdown::new(&doc, container)?,
            })
        }

        /// Adds `text` to the answer; `done` when the answer is complete.
        pub fn append(&self, text: &str, done: bool) -> Result<(), JsValue> {
            self.view.append(text, done)
        }

        /// Shows `text` in place of everything so far.
        pub fn replace(&self, text: &str, done: bool) -> Result<(), JsValue> {
            self.view.replace(text, done)
        }

        /// Moves the answer, as it is, into `container` (cleared first): a built
        /// answer kept while its chat was not shown comes back at once.
        #[wasm_bindgen(js_name = moveTo)]
        pub fn move_to(&self, container: &Element) -> Result<(), JsValue> {
            self.view.move_to(container)
        }

        /// True when the container shows all the text given so far.
        pub fn idle(&self) -> bool {
            self.view.idle()
        }
    }
}

/// talc instead of std's dlmalloc, as in the app: less wasm code.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    console_error_panic_hook::set_once();
}
