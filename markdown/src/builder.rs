//! Builds the DOM for one view-node tree a few nodes at a time, so that a
//! block with tens of thousands of nodes (a long code block, a big table)
//! never takes one long task: `step` builds until the budget is spent and
//! picks up where it stopped on the next call. The result is the same DOM
//! as `dom::build` gives. The tree is built detached and handed over whole.

use wasm_bindgen::JsValue;
use web_sys::{Document, Node};

use super::budget::Budget;
use super::dom::shell;
use super::node::MdNode;

pub(crate) struct Builder {
    node: MdNode,
    /// The DOM built for `node`, once started.
    root: Option<Node>,
    /// Child indices from `node` down to the next child to build.
    path: Vec<usize>,
    /// The element receiving children at each level of `path`.
    parents: Vec<Node>,
}

impl Builder {
    pub(crate) fn new(node: MdNode) -> Self {
        Self {
            node,
            root: None,
            path: Vec::new(),
            parents: Vec::new(),
        }
    }

    /// Builds until done or `budget` is spent; the DOM node once done.
    pub(crate) fn step(
        &mut self,
        doc: &Document,
        budget: &mut dyn Budget,
    ) -> Result<Option<Node>, JsValue> {
        if self.root.is_none() {
            let (root, holder) = shell(doc, &self.node)?;
            budget.spend(1);
            self.root = Some(root);
            if let Some(holder) = holder.filter(|_| !children(&self.node).is_empty()) {
                self.parents.push(holder);
                self.path.push(0);
            }
        }
        while let Some((&index, above)) = self.path.split_last() {
            if budget.spent() {
                return Ok(None);
            }
            let siblings = above
                .iter()
                .fold(children(&self.node), |kids, &i| children(&kids[i]));
            let Some(child) = siblings.get(index) else {
                self.path.pop();
                self.parents.pop();
                if let Some(next) = self.path.last_mut() {
                    *next += 1;
                }
                continue;
            };
            let (built, holder) = shell(doc, child)?;
            let descend = !children(child).is_empty();
            if let Some(parent) = self.parents.last() {
                parent.append_child(&built)?;
            }
            budget.spend(1);
            match holder.filter(|_| descend) {
                Some(holder) => {
                    self.parents.push(holder);
                    self.path.push(0);
                }
                None => {
                    if let Some(next) = self.path.last_mut() {
                        *next += 1;
                    }
                }
            }
        }
        Ok(self.root.clone())
    }

    pub(crate) fn into_node(self) -> MdNode {
        self.node
    }
}

fn children(node: &MdNode) -> &[MdNode] {
    match node {
        MdNode::Element { children, .. } => children,
        MdNode::Text(_) => &[],
    }
}
