//! A container that shows a streaming markdown message: frozen blocks are
//! appended once, only the open tail's nodes are replaced on each chunk.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::dom::append_nodes;
use super::handlers::{ClickHandlers, install_handlers};
use super::node::MdNode;
use super::stream::{MarkdownStream, StreamUpdate};

/// Owns `container`'s children: do not add other nodes to it.
pub struct LiveMarkdown {
    doc: Document,
    container: Element,
    stream: MarkdownStream,
    /// The top-level DOM nodes of the current tail, in order.
    tail: Vec<Node>,
    /// The tail last rendered, to skip DOM work when a chunk changed nothing
    /// visible (e.g. whitespace inside a paragraph).
    tail_nodes: Vec<MdNode>,
    _handlers: ClickHandlers,
}

impl LiveMarkdown {
    /// Takes over `container` (clearing it) and wires its click handlers.
    pub fn new(doc: &Document, container: &Element) -> Result<Self, JsValue> {
        container.set_text_content(None);
        Ok(Self {
            doc: doc.clone(),
            container: container.clone(),
            stream: MarkdownStream::new(),
            tail: Vec::new(),
            tail_nodes: Vec::new(),
            _handlers: install_handlers(container)?,
        })
    }

    /// Shows `full_text`, the whole message so far.
    pub fn update(&mut self, full_text: &str) -> Result<(), JsValue> {
        if cfg!(feature = "naive-render") {
            return self.render_whole(full_text);
        }
        let update = self.stream.update(full_text);
        self.apply(update)
    }

    /// The benchmark's baseline (feature `naive-render`, never shipped): what
    /// clients that freeze on long answers do, parsing and rebuilding the
    /// whole message for every chunk.
    fn render_whole(&mut self, full_text: &str) -> Result<(), JsValue> {
        self.container.set_text_content(None);
        append_nodes(&self.doc, &self.container, &super::render(full_text))?;
        Ok(())
    }

    /// Shows the complete message; later updates are ignored.
    pub fn finish(&mut self, full_text: &str) -> Result<(), JsValue> {
        if cfg!(feature = "naive-render") {
            return self.render_whole(full_text);
        }
        let update = self.stream.finish(full_text);
        self.apply(update)
    }

    fn apply(&mut self, update: StreamUpdate) -> Result<(), JsValue> {
        if update.reset {
            self.container.set_text_content(None);
            self.tail.clear();
            self.tail_nodes.clear();
        }
        if update.new_frozen.is_empty() && update.tail == self.tail_nodes {
            return Ok(());
        }
        for node in self.tail.drain(..) {
            if let Some(parent) = node.parent_node() {
                parent.remove_child(&node)?;
            }
        }
        let parent: &Node = &self.container;
        for block in &update.new_frozen {
            append_nodes(&self.doc, parent, block)?;
        }
        self.tail = append_nodes(&self.doc, parent, &update.tail)?;
        self.tail_nodes = update.tail;
        Ok(())
    }
}
