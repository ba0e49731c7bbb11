//! The groups that hold a message's top-level nodes: node `k` (frozen or in
//! the open tail) lives in `<div class="md-group">` number `k / GROUP`.
//!
//! Why: when a chunk changes the tail, the browser lays out, pre-paints and
//! paints the changed block's ancestors again, walking their children. With
//! every block a child of the container, that walk grew with the answer
//! (about 1,000 blocks at 200 KB) until it was most of each frame. In groups
//! it is about n / GROUP + GROUP children: each group is contained
//! (style/markdown.css), so an unchanged one is a single cache hit.
//!
//! Placement depends only on a node's index, so the DOM for a text is the
//! same however it arrived in chunks.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

/// Class of a group (style/markdown.css, style/chat.css).
const GROUP_CLASS: &str = "md-group";

/// Top-level nodes per group: near the square root of a long answer's block
/// count, which keeps both walks short.
pub(crate) const GROUP: usize = 32;

pub(crate) struct Groups {
    doc: Document,
    container: Element,
    groups: Vec<Element>,
    /// New groups go before this node (something shown below them for a
    /// while), or at the end of the container.
    before: Option<Node>,
}

impl Groups {
    /// Groups inside `container`, which must be empty and stay ours.
    pub(crate) fn new(doc: &Document, container: &Element) -> Self {
        Self {
            doc: doc.clone(),
            container: container.clone(),
            groups: Vec::new(),
            before: None,
        }
    }

    /// Moves everything shown into `container` (cleared first), which
    /// becomes ours.
    pub(crate) fn move_to(&mut self, container: &Element) -> Result<(), JsValue> {
        container.set_text_content(None);
        while let Some(child) = self.container.first_child() {
            container.append_child(&child)?;
        }
        self.container = container.clone();
        Ok(())
    }

    /// Drops every group (and everything in them).
    pub(crate) fn clear(&mut self) {
        self.container.set_text_content(None);
        self.groups.clear();
    }

    /// Appends `node` as top-level node number `index`: nodes must arrive in
    /// index order, after any with a higher index were removed.
    pub(crate) fn place(&mut self, index: usize, node: &Node) -> Result<(), JsValue> {
        self.make_groups(index + 1)?;
        self.groups[index / GROUP].append_child(node)?;
        Ok(())
    }

    /// Inserts `node` as top-level node number `index` before `next`, a node
    /// of the same group placed earlier (see `fill`).
    pub(crate) fn insert(&mut self, index: usize, node: &Node, next: &Node) -> Result<(), JsValue> {
        match self.groups.get(index / GROUP) {
            Some(group) => group.insert_before(node, Some(next)).map(drop),
            None => self.place(index, node),
        }
    }

    /// Makes the groups for top-level nodes `0..count` that do not exist
    /// yet, empty, before `before`.
    pub(crate) fn reserve(&mut self, count: usize, before: Option<&Node>) -> Result<(), JsValue> {
        let saved = std::mem::replace(&mut self.before, before.cloned());
        let made = self.make_groups(count);
        self.before = saved;
        made
    }

    fn make_groups(&mut self, count: usize) -> Result<(), JsValue> {
        while self.groups.len() * GROUP < count {
            let group = self.doc.create_element("div")?;
            group.set_class_name(GROUP_CLASS);
            self.container.insert_before(&group, self.before.as_ref())?;
            self.groups.push(group);
        }
        Ok(())
    }

    /// Makes new groups go before `node` (in the container), or at the end.
    pub(crate) fn place_before(&mut self, node: Option<Node>) {
        self.before = node;
    }

    /// Removes the groups at the end that removals left empty (after a
    /// removal only: it asks the DOM).
    pub(crate) fn trim(&mut self) {
        while let Some(last) = self.groups.last() {
            if last.has_child_nodes() {
                break;
            }
            last.remove();
            self.groups.pop();
        }
    }

    /// The last top-level element shown.
    pub(crate) fn last_element(&self) -> Option<Element> {
        self.groups.last()?.last_element_child()
    }
}
