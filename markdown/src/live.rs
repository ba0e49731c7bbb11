//! A container that shows a streaming markdown message: frozen blocks are
//! built once, only the open tail's nodes are patched on each chunk. All
//! top-level nodes sit in groups of 32 (`groups`), which keeps the browser's
//! per-frame work flat as the answer grows.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::dom::build;
use super::groups::Groups;
use super::handlers::{ClickHandlers, install_handlers};
use super::node::MdNode;
use super::patch::patch_node;
use super::stream::{MarkdownStream, StreamUpdate};

/// Marks the block that ends a streaming answer (style/chat.css).
const CURSOR_CLASS: &str = "md-cursor";

/// Owns `container`'s children: do not add other nodes to it.
pub struct LiveMarkdown {
    doc: Document,
    groups: Groups,
    stream: MarkdownStream,
    /// How many top-level nodes are frozen; the tail's come after them.
    frozen: usize,
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
            groups: Groups::new(doc, container),
            stream: MarkdownStream::new(),
            frozen: 0,
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
        self.move_cursor(self.groups.last_element())
    }

    /// The benchmark's baseline (feature `naive-render`, never shipped): what
    /// clients that freeze on long answers do, parsing and rebuilding the
    /// whole message for every chunk. Into the same groups, so that the two
    /// differ only in that.
    fn render_whole(&mut self, full_text: &str) -> Result<(), JsValue> {
        self.groups.clear();
        for (i, node) in super::render(full_text).iter().enumerate() {
            self.groups.place(i, &build(&self.doc, node)?)?;
        }
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
            self.groups.clear();
            self.frozen = 0;
            self.tail.clear();
            self.tail_nodes.clear();
        }
        let frozen: Vec<MdNode> = update.new_frozen.into_iter().flatten().collect();
        let newly_frozen = frozen.len();
        // What the old tail's DOM must now show: the blocks that froze, then
        // the new tail. Patched in place (`patch_node` skips what did not
        // change), so a block that froze as it last streamed keeps its DOM
        // instead of being built a second time.
        let shown = if newly_frozen == 0 {
            update.tail
        } else {
            frozen.into_iter().chain(update.tail).collect()
        };
        self.patch_tail(shown)?;
        self.tail.drain(..newly_frozen);
        self.tail_nodes.drain(..newly_frozen);
        self.frozen += newly_frozen;
        Ok(())
    }

    /// Makes the tail's DOM show `tail`: nodes patched in place where they
    /// line up, the rest removed or built.
    fn patch_tail(&mut self, tail: Vec<MdNode>) -> Result<(), JsValue> {
        let kept = tail.len().min(self.tail.len());
        for ((dom, old), new) in self.tail.iter_mut().zip(&self.tail_nodes).zip(&tail) {
            *dom = patch_node(&self.doc, dom, old, new)?;
        }
        let removed = self.remove_tail_from(kept)?;
        for node in &tail[kept..] {
            self.push_tail(node)?;
        }
        self.tail_nodes = tail;
        if removed {
            self.groups.trim();
        }
        Ok(())
    }

    /// Builds `node` as the tail's next top-level node.
    fn push_tail(&mut self, node: &MdNode) -> Result<(), JsValue> {
        let built = build(&self.doc, node)?;
        self.groups.place(self.frozen + self.tail.len(), &built)?;
        self.tail.push(built);
        Ok(())
    }

    /// Removes the tail's DOM nodes from index `from` on; true if it removed
    /// any. The usual chunk removes none, and then costs no DOM call here.
    ///
    /// Groups this leaves empty stay until the caller has placed what
    /// replaces those nodes, then [`Groups::trim`] drops any still empty.
    /// Taking the last group out and putting a new one in (as this did when
    /// a block froze at the start of a group) made Chromium recount every
    /// list item of the answer: a frame every few hundred milliseconds whose
    /// layout and pre-paint grew with the answer, to 18 ms at 200 KB.
    fn remove_tail_from(&mut self, from: usize) -> Result<bool, JsValue> {
        if from >= self.tail.len() {
            return Ok(false);
        }
        for node in self.tail.drain(from..) {
            if let Some(parent) = node.parent_node() {
                parent.remove_child(&node)?;
            }
        }
        Ok(true)
    }
}
