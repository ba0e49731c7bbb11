//! A container that shows a streaming markdown message: frozen blocks are
//! appended once, only the open tail's nodes are replaced on each chunk.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::dom::append_nodes;
use super::handlers::{ClickHandlers, install_handlers};
use super::node::MdNode;
use super::patch::patch_node;
use super::stream::{MarkdownStream, StreamUpdate};

/// Marks the block that ends a streaming answer (style/chat.css).
const CURSOR_CLASS: &str = "md-cursor";

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
    /// The last block while streaming, which draws the cursor. A class on it
    /// rather than a state on an ancestor: changing an ancestor's state would
    /// restyle every block of a long answer.
    cursor: Option<Element>,
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
            cursor: None,
            _handlers: install_handlers(container)?,
        })
    }

    /// Shows `full_text`, the whole message so far.
    pub fn update(&mut self, full_text: &str) -> Result<(), JsValue> {
        if cfg!(feature = "naive-render") {
            self.render_whole(full_text)?;
        } else {
            let update = self.stream.update(full_text);
            self.apply(update)?;
        }
        self.move_cursor(self.container.last_element_child())
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
            self.render_whole(full_text)?;
        } else {
            let update = self.stream.finish(full_text);
            self.apply(update)?;
        }
        self.move_cursor(None)
    }

    fn move_cursor(&mut self, to: Option<Element>) -> Result<(), JsValue> {
        if self.cursor == to {
            return Ok(());
        }
        if let Some(old) = self.cursor.take() {
            let classes = old.class_list();
            classes.remove_1(CURSOR_CLASS)?;
            if classes.length() == 0 {
                // Leave it exactly as it was built.
                old.remove_attribute("class")?;
            }
        }
        if let Some(new) = &to {
            new.class_list().add_1(CURSOR_CLASS)?;
        }
        self.cursor = to;
        Ok(())
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
        if update.new_frozen.is_empty() && !update.reset {
            // The usual chunk: the open tail grew. Patch it in place.
            return self.patch_tail(update.tail);
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

    fn patch_tail(&mut self, tail: Vec<MdNode>) -> Result<(), JsValue> {
        let mut nodes = Vec::with_capacity(tail.len());
        for (i, new) in tail.iter().enumerate() {
            match (self.tail.get(i), self.tail_nodes.get(i)) {
                (Some(dom), Some(old)) => nodes.push(patch_node(&self.doc, dom, old, new)?),
                _ => nodes.extend(append_nodes(
                    &self.doc,
                    &self.container,
                    std::slice::from_ref(new),
                )?),
            }
        }
        for dom in self.tail.iter().skip(tail.len()) {
            if let Some(parent) = dom.parent_node() {
                parent.remove_child(dom)?;
            }
        }
        self.tail = nodes;
        self.tail_nodes = tail;
        Ok(())
    }
}
