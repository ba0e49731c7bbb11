//! Shows a long answer on an empty container (a chat opened at its end, or
//! a first read of tens of kilobytes) end first, in slices:
//!
//! 1. at once, the end rendered on its own from a block start near it
//!    (`preview::end_start`), and above it the rest as raw text in pieces,
//!    so the reader sees the end formatted within one slice and never a
//!    blank stretch when scrolling up;
//! 2. the exact parse from the start, in slices, without DOM work;
//! 3. the exact DOM from the last node back to the first, each group
//!    filled from its end: what is next to the end is formatted first,
//!    and every raw piece that built nodes cover goes. When the end
//!    rendered on its own is what the exact parse gives for that stretch
//!    (the usual case) its DOM is moved into place, not built again.
//!
//! Once done the container holds exactly what rendering the text at once
//! gives, and the view carries on from there.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::budget::{Budget, PARSE_UNIT};
use super::builder::Builder;
use super::dom::build;
use super::groups::Groups;
use super::node::MdNode;
use super::preview::{end_start, piece_starts};
use super::slicer::{SLICE_BYTES, Slicer};

/// An empty view given at least this much text at once fills from its end.
pub(crate) const FILL_BYTES: usize = 32 * 1024;
/// How much of the end is rendered on its own first: about a screenful.
const END_BYTES: usize = 4 * 1024;
/// Class of the raw text shown until the exact DOM replaces it.
const PENDING_CLASS: &str = "md-pending";
/// Class of the end rendered on its own.
const PREVIEW_CLASS: &str = "md-preview";

/// What a finished fill leaves: how many nodes are frozen, and the DOM and
/// view nodes of the open tail after them.
pub(crate) struct Filled {
    pub frozen: usize,
    pub tail: Vec<Node>,
    pub tail_nodes: Vec<MdNode>,
}

pub(crate) struct Fill {
    doc: Document,
    /// The text length this fill shows, and whether it was complete; text
    /// that arrives meanwhile is shown after it, by the view.
    upto: usize,
    done: bool,
    /// The raw text above the preview: a `div` per piece and where it starts.
    pending: Element,
    pieces: Vec<(usize, Element)>,
    /// The end rendered on its own: where it starts, its view nodes, their
    /// DOM, and the element holding it.
    preview: Option<(Vec<MdNode>, Vec<Node>, Element)>,
    /// Frozen nodes of the exact parse and where each one's block starts.
    nodes: Vec<MdNode>,
    starts: Vec<usize>,
    /// The exact parse's open tail and where it starts.
    tail: Vec<MdNode>,
    tail_start: usize,
    /// Building: nodes below this index are still to build.
    next: Option<usize>,
    building: Option<Builder>,
    /// DOM of the tail's nodes as they are built (last first).
    tail_dom: Vec<Node>,
}

impl Fill {
    /// Shows the preview of `text` in `container` (empty).
    pub(crate) fn start(
        doc: &Document,
        container: &Element,
        text: &str,
        done: bool,
    ) -> Result<Self, JsValue> {
        let end = end_start(text, END_BYTES);
        let raw_end = end.unwrap_or(text.len());
        let pending = doc.create_element("div")?;
        pending.set_class_name(PENDING_CLASS);
        let starts = piece_starts(&text[..raw_end]);
        let mut pieces = Vec::with_capacity(starts.len());
        for (i, &start) in starts.iter().enumerate() {
            let stop = starts.get(i + 1).copied().unwrap_or(raw_end);
            let piece = doc.create_element("div")?;
            piece.set_text_content(Some(&text[start..stop]));
            pending.append_child(&piece)?;
            pieces.push((start, piece));
        }
        container.append_child(&pending)?;
        let preview = match end {
            Some(start) => Some(preview(doc, container, &text[start..])?),
            None => None,
        };
        Ok(Self {
            doc: doc.clone(),
            upto: text.len(),
            done,
            pending,
            pieces,
            preview,
            nodes: Vec::new(),
            starts: Vec::new(),
            tail: Vec::new(),
            tail_start: 0,
            next: None,
            building: None,
            tail_dom: Vec::new(),
        })
    }

    /// One step: a slice of parsing, or part of a node built. `Some` once
    /// everything is in place.
    pub(crate) fn step(
        &mut self,
        groups: &mut Groups,
        slicer: &mut Slicer,
        text: &str,
        budget: &mut dyn Budget,
        now: f64,
    ) -> Result<Option<Filled>, JsValue> {
        let Some(next) = self.next else {
            self.parse_step(groups, slicer, text, budget, now)?;
            return Ok(None);
        };
        let builder = match self.building.take() {
            Some(builder) => builder,
            None if next == 0 => return self.finish().map(Some),
            None => Builder::new(self.take_node(next - 1)),
        };
        let mut builder = builder;
        match builder.step(&self.doc, budget)? {
            Some(dom) => self.put(groups, next - 1, dom)?,
            None => self.building = Some(builder),
        }
        Ok(None)
    }

    fn parse_step(
        &mut self,
        groups: &mut Groups,
        slicer: &mut Slicer,
        text: &str,
        budget: &mut dyn Budget,
        now: f64,
    ) -> Result<(), JsValue> {
        let text = text.get(..self.upto).unwrap_or(text);
        let before = slicer.fed();
        let Some(update) = slicer.next(text, self.done, SLICE_BYTES, now) else {
            return self.start_building(groups);
        };
        budget.spend(slicer.fed().saturating_sub(before) / PARSE_UNIT + 1);
        for (block, start) in update.new_frozen.into_iter().zip(update.starts) {
            self.starts.extend(std::iter::repeat_n(start, block.len()));
            self.nodes.extend(block);
        }
        self.tail = update.tail;
        self.tail_start = slicer.frozen_len();
        Ok(())
    }

    /// The parse is complete: make every group, and move the preview's DOM
    /// into place when it shows exactly what the parse gives.
    fn start_building(&mut self, groups: &mut Groups) -> Result<(), JsValue> {
        let total = self.nodes.len() + self.tail.len();
        let before = self
            .preview
            .as_ref()
            .map(|(_, _, holder)| holder.clone().into());
        groups.reserve(total, before.as_ref())?;
        let mut next = total;
        if let Some((nodes, doms, holder)) = self.preview.take() {
            let from = total.saturating_sub(nodes.len());
            if nodes.len() <= total && (from..total).all(|i| *self.node(i) == nodes[i - from]) {
                for (i, dom) in (from..total).zip(doms).rev() {
                    self.put(groups, i, dom)?;
                }
                next = from;
            }
            holder.remove();
        }
        self.next = Some(next);
        Ok(())
    }

    /// Node `index` of the exact render (frozen nodes, then the tail).
    fn node(&self, index: usize) -> &MdNode {
        match index.checked_sub(self.nodes.len()) {
            Some(t) => &self.tail[t],
            None => &self.nodes[index],
        }
    }

    /// Node `index` to build: frozen nodes are not needed after, the tail's
    /// are (the view patches them as the answer grows).
    fn take_node(&mut self, index: usize) -> MdNode {
        match index.checked_sub(self.nodes.len()) {
            Some(t) => self.tail[t].clone(),
            None => std::mem::replace(&mut self.nodes[index], MdNode::Text(String::new())),
        }
    }

    /// Places built node `index` and drops the raw pieces it now covers.
    fn put(&mut self, groups: &mut Groups, index: usize, dom: Node) -> Result<(), JsValue> {
        groups.place_front(index, &dom)?;
        if index >= self.nodes.len() {
            self.tail_dom.push(dom);
        }
        let start = self.starts.get(index).copied().unwrap_or(self.tail_start);
        while let Some((_, piece)) = self.pieces.last().filter(|(from, _)| *from >= start) {
            piece.remove();
            self.pieces.pop();
        }
        self.next = Some(index);
        Ok(())
    }

    fn finish(&mut self) -> Result<Filled, JsValue> {
        self.pending.remove();
        let mut tail = std::mem::take(&mut self.tail_dom);
        tail.reverse();
        Ok(Filled {
            frozen: self.nodes.len(),
            tail,
            tail_nodes: std::mem::take(&mut self.tail),
        })
    }
}

impl Drop for Fill {
    /// A fill given up (the text was replaced) takes its previews along.
    fn drop(&mut self) {
        self.pending.remove();
        if let Some((_, _, holder)) = &self.preview {
            holder.remove();
        }
    }
}

/// Renders `text` on its own at the end of `container`: view nodes, their
/// DOM and the element holding them.
fn preview(
    doc: &Document,
    container: &Element,
    text: &str,
) -> Result<(Vec<MdNode>, Vec<Node>, Element), JsValue> {
    let holder = doc.create_element("div")?;
    holder.set_class_name(PREVIEW_CLASS);
    let nodes = super::render(text);
    let mut doms = Vec::with_capacity(nodes.len());
    for node in &nodes {
        let dom = build(doc, node)?;
        holder.append_child(&dom)?;
        doms.push(dom);
    }
    container.append_child(&holder)?;
    Ok((nodes, doms, holder))
}
