//! Model markdown to safe view nodes, whole or incrementally while streaming.
//!
//! Model text is hostile input. We walk pulldown-cmark's events into a small
//! [`MdNode`] tree whose tag and attribute names come only from allow-lists
//! in this module; raw HTML shows as text, links keep only http(s) and
//! mailto, images load only on click, and nothing goes through `inner_html`.
//! The pure part (everything but `dom`) compiles and is tested on the host.
//! Fenced code is split into token `<span>`s by a small table-driven lexer
//! (`highlight`), and math is typeset as MathML (`mathml`), or shown as
//! Unicode text converted from its TeX (`tex`) when it holds what the
//! MathML reader does not know; the TeX itself is kept in a `title`.
//!
//! The crate is also the app's renderer module (`main.rs`): a wasm module
//! of its own that the app loads after its first paint and feeds through a
//! [`Relay`], so none of this weighs on the first load.
//!
//! Deliberate differences from CommonMark, all so that a streamed render
//! equals the whole-document render:
//! * reference links use only definitions that appear before them; others
//!   render as their bracketed text (so do undefined `[labels]`, which also
//!   means a `[bracket]` inside a link's text stops that outer link);
//! * every `[^label]` is a footnote reference, defined or not, shown as a
//!   superscript label that links nowhere.
//!
//! And two for safety: elements nested more than 64 deep are flattened into
//! their ancestor (deep trees overflow the stack), and a `$…$` span whose
//! closing `$` comes right before a digit is a price, not math.

mod budget;
mod elements;
mod export_html;
mod footnotes;
mod frame;
mod freeze;
mod highlight;
mod html;
mod mathml;
mod node;
mod refs;
mod relay;
mod slicer;
mod source;
mod standard;
mod stream;
mod tex;
mod tex_symbols;
mod url;
mod walk;
mod wide;

#[cfg(target_arch = "wasm32")]
mod builder;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod fill;
#[cfg(target_arch = "wasm32")]
mod groups;
#[cfg(target_arch = "wasm32")]
mod handlers;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod patch;
#[cfg(any(target_arch = "wasm32", test))]
mod preview;
#[cfg(target_arch = "wasm32")]
mod sliced;
#[cfg(target_arch = "wasm32")]
mod tasks;

pub use budget::{Budget, PARSE_UNIT, Units, Unlimited};
pub use export_html::{HtmlExport, PAGE_CSP};
pub use highlight::{TokenClass, highlight, highlight_work};
pub use html::to_html_string;
pub use node::{ALLOWED_ATTRS, ALLOWED_TAGS, MATHML_TAGS, MdNode};
pub use relay::{Call, Relay};
pub use slicer::{MAX_WAIT_MS, Pace, SLICE_BYTES, Slicer};
pub use stream::{MarkdownStream, StreamUpdate};
pub use tex::tex_to_text;
pub use url::{safe_image_url, safe_link_url};

#[cfg(target_arch = "wasm32")]
pub use dom::append_nodes;
#[cfg(target_arch = "wasm32")]
pub use handlers::{ClickHandlers, install_handlers};
#[cfg(target_arch = "wasm32")]
pub use live::LiveMarkdown;
#[cfg(target_arch = "wasm32")]
pub use sliced::SlicedMarkdown;

/// What rendering a document costs, in units that do not depend on the
/// machine (for tests that bound it by the length of the text). Highlighting
/// code counts its own work: [`highlight_work`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Work {
    /// Events the markdown parser produced.
    pub events: usize,
    /// View nodes built: as many DOM nodes as the page will get.
    pub nodes: usize,
}

/// Renders `src` as [`render`] does and says what that cost.
pub fn work(src: &str) -> Work {
    let parsed = source::parse(src, &refs::EarlierDefs::default());
    let nodes = parsed
        .blocks
        .iter()
        .flat_map(|block| &block.nodes)
        .map(MdNode::size)
        .sum();
    Work {
        events: parsed.events,
        nodes,
    }
}

/// Renders a whole markdown document.
pub fn render(src: &str) -> Vec<MdNode> {
    source::parse(src, &refs::EarlierDefs::default())
        .blocks
        .into_iter()
        .flat_map(|block| block.nodes)
        .collect()
}
