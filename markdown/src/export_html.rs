//! One self-contained HTML page of chats, to keep or send to anyone: the
//! answers rendered by this crate's renderer (the same allow-listed nodes
//! the app shows, serialised here with every text and attribute escaped),
//! code highlighted by the app's own stylesheet inlined, the thinking in a
//! `<details>`, attached images inlined as `data:` URLs. There is no script
//! in it, and its Content-Security-Policy forbids any (`default-src
//! 'none'`), so it opens safely with scripts on or off, offline.
//!
//! The app builds a page through the renderer module (`main.rs`, class
//! `HtmlPage`) after its first paint, so none of this weighs on the first
//! load. The app gives the words around the messages (who, when, notes).

use crate::html::{VOID_TAGS, close_tag, escape_into, open_tag};
use crate::node::MdNode;
use crate::node::code_language;
use crate::render;

/// The page's policy: inline styles and `data:` images, nothing else.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The page's own look; the answers use the app's `style/markdown.css`.
const PAGE_CSS: &str = "\
:root{--bg:#fff;--bg-soft:#f6f7f9;--fg:#1d2127;--fg-soft:#5b6472;--border:#dde1e7;\
--accent:#e0445b;--code-bg:#f3f4f6;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color-scheme:light dark}\
@media (prefers-color-scheme:dark){:root{--bg:#15171b;--bg-soft:#1c1f24;--fg:#e7e9ec;\
--fg-soft:#9aa3b0;--border:#30353d;--accent:#f06277;--code-bg:#1f2329}}\
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\
main{max-width:820px;margin:0 auto;padding:24px 16px 48px}\
article.chat{border-bottom:1px solid var(--border);padding-bottom:16px;margin-bottom:24px}\
h1{font-size:1.5em;margin:0 0 4px}.about{color:var(--fg-soft);font-size:13px;margin:0 0 16px}\
section{margin:16px 0}h2.turn{font-size:13px;margin:0 0 6px;color:var(--fg-soft)}\
h2.turn .who{color:var(--fg);font-weight:700;margin-right:8px}\
.user .text{white-space:pre-wrap;background:var(--bg-soft);border:1px solid var(--border);border-radius:10px;padding:10px 14px}\
.images{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}.images img{max-width:100%;max-height:360px;border-radius:8px}\
details{border-left:3px solid var(--border);padding:2px 10px;margin:6px 0 10px;color:var(--fg-soft)}\
summary{cursor:pointer}.thinking{white-space:pre-wrap;font-size:14px}\
.note{color:var(--fg-soft);font-style:italic;font-size:13px}\
.markdown pre{background:var(--code-bg);margin:0;padding:10px 12px;overflow-x:auto;font-family:var(--mono);font-size:13px}\
.markdown code{font-family:var(--mono)}\
footer{color:var(--fg-soft);font-size:12px}";

/// The app's stylesheet for rendered answers (highlighting included).
const MARKDOWN_CSS: &str = include_str!("../../style/markdown.css");

/// A page being written: one `<article>` per chat.
#[derive(Debug, Default)]
pub struct HtmlExport {
    body: String,
    in_chat: bool,
    /// Images for the next user message.
    images: Vec<String>,
}

impl HtmlExport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Start a chat: its title, and a line about it (model, date).
    pub fn chat(&mut self, title: &str, about: &str) {
        self.end_chat();
        self.body.push_str("<article class=\"chat\"><h1>");
        escape_into(&mut self.body, title);
        self.body.push_str("</h1><p class=\"about\">");
        escape_into(&mut self.body, about);
        self.body.push_str("</p>");
        self.in_chat = true;
    }

    /// An image of the next user message: a `data:` URL of a raster image,
    /// else nothing (no other URL may load from the page).
    pub fn image(&mut self, url: &str) {
        if is_inline_raster(url) {
            self.images.push(url.to_string());
        }
    }

    /// A message of the user, as the text it is.
    pub fn user(&mut self, who: &str, about: &str, text: &str) {
        self.open_section("user", who, about);
        let images = std::mem::take(&mut self.images);
        if !images.is_empty() {
            self.body.push_str("<div class=\"images\">");
            for (i, url) in images.iter().enumerate() {
                self.body.push_str("<img src=\"");
                escape_into(&mut self.body, url);
                self.body.push_str(&format!(
                    "\" alt=\"Image {} sent with this message\">",
                    i + 1
                ));
            }
            self.body.push_str("</div>");
        }
        if !text.trim().is_empty() {
            self.body.push_str("<div class=\"text\">");
            escape_into(&mut self.body, text);
            self.body.push_str("</div>");
        }
        self.body.push_str("</section>");
    }

    /// A reply: its thinking (shown closed, `thinking_label` on it; none
    /// when empty), its answer rendered from markdown, and a note (how it
    /// ended, its usage; none when empty).
    pub fn assistant(
        &mut self,
        who: &str,
        about: &str,
        thinking_label: &str,
        thinking: &str,
        answer: &str,
        note: &str,
    ) {
        self.open_section("assistant", who, about);
        if !thinking.trim().is_empty() {
            self.body.push_str("<details><summary>");
            escape_into(&mut self.body, thinking_label);
            self.body.push_str("</summary><div class=\"thinking\">");
            escape_into(&mut self.body, thinking);
            self.body.push_str("</div></details>");
        }
        self.body
            .push_str("<div class=\"markdown\"><div class=\"md-group\">");
        for node in render(answer) {
            write_node(&mut self.body, &node);
        }
        self.body.push_str("</div></div>");
        for line in note.lines().filter(|l| !l.trim().is_empty()) {
            self.body.push_str("<p class=\"note\">");
            escape_into(&mut self.body, line);
            self.body.push_str("</p>");
        }
        self.body.push_str("</section>");
    }

    /// The whole page, titled `title`, with `footer` at its end.
    pub fn finish(mut self, title: &str, footer: &str) -> String {
        self.end_chat();
        let mut page = String::with_capacity(self.body.len() + MARKDOWN_CSS.len() + 2048);
        page.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        page.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        page.push_str(PAGE_CSP);
        page.push_str("\"><meta name=\"referrer\" content=\"no-referrer\">");
        page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.push_str("<title>");
        escape_into(&mut page, title);
        page.push_str("</title><style>");
        page.push_str(PAGE_CSS);
        page.push_str(&style_text(MARKDOWN_CSS));
        page.push_str("</style></head><body><main>");
        page.push_str(&self.body);
        page.push_str("<footer>");
        escape_into(&mut page, footer);
        page.push_str("</footer></main></body></html>\n");
        page
    }

    fn open_section(&mut self, role: &str, who: &str, about: &str) {
        self.body.push_str("<section class=\"");
        self.body.push_str(role);
        self.body
            .push_str("\"><h2 class=\"turn\"><span class=\"who\">");
        escape_into(&mut self.body, who);
        self.body.push_str("</span>");
        escape_into(&mut self.body, about);
        self.body.push_str("</h2>");
    }

    fn end_chat(&mut self) {
        if std::mem::take(&mut self.in_chat) {
            self.body.push_str("</article>");
        }
    }
}

/// CSS as the inside of a `<style>` element: `</` cannot end it early.
fn style_text(css: &str) -> String {
    css.replace("</", "<\\/")
}

/// Whether `url` is a base64 `data:` URL of a raster image type.
fn is_inline_raster(url: &str) -> bool {
    ["jpeg", "png", "webp", "gif"].iter().any(|kind| {
        url.strip_prefix("data:image/")
            .and_then(|rest| rest.strip_prefix(kind))
            .and_then(|rest| rest.strip_prefix(";base64,"))
            .is_some_and(|data| {
                !data.is_empty()
                    && data
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            })
    })
}

/// A rendered node as HTML. Tags and attribute names come from the
/// renderer's allow-lists; text and values are escaped. A code block gets
/// the header the app gives it (its language), without the Copy button;
/// the click-to-load button of a remote image becomes plain text, since
/// nothing on this page runs.
fn write_node(out: &mut String, node: &MdNode) {
    let MdNode::Element {
        tag,
        attrs,
        children,
    } = node
    else {
        escape_into(out, &node.text_content());
        return;
    };
    if let Some(lang) = code_language(tag, attrs, children) {
        out.push_str(
            "<div class=\"code-block\"><div class=\"code-head\"><span class=\"code-lang\">",
        );
        escape_into(out, lang);
        out.push_str("</span></div>");
    }
    let tag = if *tag == "button" { "span" } else { *tag };
    open_tag(
        out,
        tag,
        attrs.iter().filter(|(n, _)| tag != "span" || *n != "type"),
    );
    if VOID_TAGS.contains(&tag) {
        return;
    }
    for child in children {
        write_node(out, child);
    }
    close_tag(out, tag);
    if code_language(tag, attrs, children).is_some() {
        out.push_str("</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        let mut p = HtmlExport::new();
        p.chat("Rust <b>help</b>", "MiniMax-M3 · 2026-12-04 09:30");
        p.image("data:image/png;base64,iVBORw0KGgo=");
        p.image("https://example.com/track.png");
        p.image("data:image/svg+xml;base64,PHN2Zz4=");
        p.user("You", "09:30", "Why <script>alert(1)</script>?");
        p.assistant(
            "MiniMax-M3",
            "09:31",
            "Thought for 3 s",
            "Think about </details> & more",
            "**Moved**: use `clone`.\n\n```rust\nlet t = s.clone();\n```\n\n<img src=x onerror=alert(1)>\n\n![pic](https://evil.example/x.png)",
            "Stopped by the user.",
        );
        p.finish("Rust <help>", "Exported on 2026-12-04.")
    }

    #[test]
    fn the_page_has_no_script_and_a_policy_that_forbids_any() {
        let html = page();
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains(&format!("content=\"{PAGE_CSP}\"")));
        assert!(PAGE_CSP.starts_with("default-src 'none'"));
        assert!(!PAGE_CSP.contains("script"));
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("<img src=x"), "raw HTML stays text");
        assert!(!lower.contains("<button"));
        assert!(!lower.contains(" src=\"http"), "no remote image loads");
        assert!(lower.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }

    #[test]
    fn answers_are_formatted_code_highlighted_and_thinking_folded() {
        let html = page();
        assert!(html.contains("<strong>Moved</strong>"));
        assert!(html.contains("<code>clone</code>"));
        assert!(html.contains("<span class=\"code-lang\">rust</span>"));
        assert!(html.contains("<span class=\"tok-kw\">let</span>"));
        assert!(
            html.contains(".markdown .tok-kw"),
            "highlighting styles inlined"
        );
        assert!(html.contains(
            "<details><summary>Thought for 3 s</summary><div class=\"thinking\">Think about &lt;/details&gt; &amp; more</div></details>"
        ));
        assert!(html.contains("<p class=\"note\">Stopped by the user.</p>"));
        assert!(html.contains("<title>Rust &lt;help&gt;</title>"));
        assert!(html.contains("<h1>Rust &lt;b&gt;help&lt;/b&gt;</h1>"));
        assert!(html.contains("Why &lt;script&gt;alert(1)&lt;/script&gt;?"));
    }

    #[test]
    fn only_inline_raster_images_are_kept() {
        let html = page();
        assert_eq!(html.matches("<img ").count(), 1);
        assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Image 1 sent with this message\">"));
        assert!(!is_inline_raster("data:image/png;base64,a\"b"));
        assert!(!is_inline_raster("data:image/png;base64,"));
    }

    #[test]
    fn a_style_sheet_cannot_close_its_element() {
        assert_eq!(style_text("a{}</style><script>"), "a{}<\\/style><script>");
    }
}
