//! Shows a long answer on an empty container (a chat opened at its end, or
//! a first read of tens of kilobytes) end first, in slices:
//!
//! 1. at once, the end rendered on its own from a block start near it
//!    (`preview::end_start`), and above it the rest as raw text in pieces,
//!    so the reader sees the end formatted within one slice and never a
//!    blank stretch when scrolling up;
//! 2. the exact parse from the start, in slices, without DOM work;
//! 3. the last nodes that the end rendered on its own shows exactly as the
//!    exact parse gives them (usually all of them) are moved, as they are,
//!    into their groups, which sit where the preview was, below the raw
//!    text: the reader's view does not change, and from then on it is
//!    anchored to DOM that stays put;
//! 4. the exact DOM from the first node on, in groups above the raw text,
//!    each raw piece going once built nodes cover it.
//!
//! Built from the start rather than from the end: whatever is inserted
//! above built content moves it, and the browser then revisits every
//! moved box (pre-paint) in the next frame. Building from the end moved
//! everything built on every slice, frames of hundreds of milliseconds at
//! 200 KB; from the start only the raw text below moves, whose blocks out
//! of view the browser skips.
//!
//! Once done the container holds exactly what rendering the text at once
//! gives, and the view carries on from there.

use std::collections::VecDeque;

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::budget::{Budget, PARSE_UNIT};
use super::builder::Builder;
use super::dom::build;
use super::groups::{GROUP, Groups};
use super::node::MdNode;
use super::preview::{end_start, piece_starts};
use super::slicer::{SLICE_BYTES, Slicer};

/// An empty view given at least this much text at once fills from its end.
pub(crate) const FILL_BYTES: usize = 32 * 1024;
/// How much of the end is rendered on its own first: about a screenful.
const END_BYTES: usize = 4 * 1024;
/// Class of the raw text shown until the exact DOM replaces it, and of
/// each of its pieces (laid out only when in view: style/base.css).
const PENDING_CLASS: &str = "md-pending";
const PIECE_CLASS: &str = "text-block";
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
    /// The raw text above the preview: a `div` per piece and where it ends.
    pending: Element,
    pieces: VecDeque<(usize, Element)>,
    /// The end rendered on its own: its view nodes, their DOM, and the
    /// element holding them.
    preview: Option<(Vec<MdNode>, Vec<Node>, Element)>,
    /// Frozen nodes of the exact parse and where each one's block starts.
    nodes: Vec<MdNode>,
    starts: Vec<usize>,
    /// The exact parse's open tail and where it starts.
    tail: Vec<MdNode>,
    tail_start: usize,
    /// Building: the next node to build, the first that is the preview's
    /// (moved, not built), and the first node of the group they share.
    next: Option<usize>,
    adopt_from: usize,
    shared: Option<usize>,
    building: Option<Builder>,
    /// DOM of the tail's nodes as they are placed.
    tail_dom: Vec<Node>,
}

impl Fill {
    /// Shows the preview of `text` in `container` (empty), and makes the
    /// groups go above the raw text.
    pub(crate) fn start(
        doc: &Document,
        container: &Element,
        groups: &mut Groups,
        text: &str,
        done: bool,
    ) -> Result<Self, JsValue> {
        let end = end_start(text, END_BYTES);
        let raw_end = end.unwrap_or(text.len());
        let pending = doc.create_element("div")?;
        pending.set_class_name(PENDING_CLASS);
        let starts = piece_starts(&text[..raw_end]);
        let mut pieces = VecDeque::with_capacity(starts.len());
        for (i, &start) in starts.iter().enumerate() {
            let stop = starts.get(i + 1).copied().unwrap_or(raw_end);
            let piece = doc.create_element("div")?;
            piece.set_class_name(PIECE_CLASS);
            piece.set_text_content(Some(&text[start..stop]));
            pending.append_child(&piece)?;
            pieces.push_back((stop, piece));
        }
        container.append_child(&pending)?;
        groups.place_before(Some(pending.clone().into()));
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
            adopt_from: 0,
            shared: None,
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
        if next == self.adopt_from {
            return self.finish(groups).map(Some);
        }
        let mut builder = match self.building.take() {
            Some(builder) => builder,
            None => Builder::new(self.take_node(next)),
        };
        match builder.step(&self.doc, budget)? {
            Some(dom) => self.put(groups, next, dom)?,
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

    /// The parse is complete: the preview's last nodes that are what the
    /// parse gives (all of them, unless say a reference defined further up
    /// resolves in the exact render and not in the preview) move into their
    /// groups, made below the raw text where the preview was; the rest is
    /// built from the first node, in groups above the raw text.
    fn start_building(&mut self, groups: &mut Groups) -> Result<(), JsValue> {
        let total = self.nodes.len() + self.tail.len();
        let same = self.preview.as_ref().map_or(0, |(nodes, _, _)| {
            nodes
                .iter()
                .rev()
                .zip((0..total).rev())
                .take_while(|(shown, index)| self.node(*index) == *shown)
                .count()
        });
        self.adopt_from = total - same;
        self.next = Some(0);
        let Some((_, doms, holder)) = self.preview.as_ref().filter(|_| same > 0) else {
            return Ok(());
        };
        // The group of the first moved node also gets the nodes built before
        // it; the raw text and what is left of the preview (nodes the exact
        // render shows otherwise, until they are built) move into it, in
        // between.
        let shared = first_of_group(self.adopt_from);
        groups.reserve(shared, Some(&self.pending))?;
        groups.reserve(total, Some(holder))?;
        groups.place(shared, &self.pending)?;
        groups.place(shared, holder)?;
        let moved = doms.len() - same;
        for (index, dom) in (self.adopt_from..total).zip(&doms[moved..]) {
            groups.place(index, dom)?;
            if index >= self.nodes.len() {
                self.tail_dom.push(dom.clone());
            }
        }
        self.shared = Some(shared);
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

    /// Places node `index` (above the raw text in the group it shares with
    /// the preview's nodes) and drops the raw pieces that built nodes cover.
    fn put(&mut self, groups: &mut Groups, index: usize, dom: Node) -> Result<(), JsValue> {
        if self.shared == Some(first_of_group(index)) {
            groups.insert(index, &dom, &self.pending)?;
        } else {
            groups.place(index, &dom)?;
        }
        if index >= self.nodes.len() {
            self.tail_dom.push(dom);
        }
        let covered = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.tail_start);
        while let Some((_, piece)) = self.pieces.front().filter(|(end, _)| *end <= covered) {
            piece.remove();
            self.pieces.pop_front();
        }
        self.next = Some(index + 1);
        Ok(())
    }

    /// Takes the raw text and what is left of the preview away, and hands
    /// the view what it shows.
    fn finish(&mut self, groups: &mut Groups) -> Result<Filled, JsValue> {
        self.pending.remove();
        groups.place_before(None);
        if let Some((_, _, holder)) = self.preview.take() {
            holder.remove();
        }
        // The tail's nodes, built last or moved first, in index order.
        let frozen = self.nodes.len();
        let mut tail = std::mem::take(&mut self.tail_dom);
        let moved = (self.adopt_from.max(frozen)..frozen + self.tail.len()).len();
        let moved = moved.min(tail.len());
        tail.rotate_left(moved);
        Ok(Filled {
            frozen,
            tail,
            tail_nodes: std::mem::take(&mut self.tail),
        })
    }
}

/// The index of the first node in the group of node `index`.
fn first_of_group(index: usize) -> usize {
    index - index % GROUP
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
