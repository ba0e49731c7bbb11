//! A container that shows a streaming markdown message: frozen blocks are
//! built once, only the open tail's nodes are patched on each chunk. All
//! top-level nodes sit in groups of 32 (`groups`), which keeps the browser's
//! per-frame work flat as the answer grows.
//!
//! The work is done in slices ([`LiveMarkdown::run`] with a [`Budget`]):
//! parse a slice of new text (`slicer`), build the blocks it froze one DOM
//! node at a time (`builder`), then patch the open tail. Whatever the
//! budget, the DOM once the work is done is the one rendering the text at
//! once gives. A long answer shown on an empty container (a chat opened)
//! is built from its end instead (`fill`).

use std::collections::VecDeque;

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::budget::{Budget, PARSE_UNIT, Unlimited};
use super::builder::Builder;
use super::dom::build;
use super::fill::{FILL_BYTES, Fill, Filled};
use super::groups::Groups;
use super::handlers::{ClickHandlers, install_handlers};
use super::node::MdNode;
use super::patch::patch_node;
use super::slicer::{Pace, SLICE_BYTES, Slicer};
use super::stream::StreamUpdate;

/// Marks the block that ends a streaming answer (style/chat.css).
const CURSOR_CLASS: &str = "md-cursor";

/// Owns `container`'s children: do not add other nodes to it.
pub struct LiveMarkdown {
    doc: Document,
    container: Element,
    groups: Groups,
    slicer: Slicer,
    /// How many top-level nodes are frozen and built; the tail's come after.
    frozen: usize,
    /// The top-level DOM nodes of the tail shown, in order.
    tail: Vec<Node>,
    /// What they show, to skip DOM work when a chunk changed nothing visible
    /// (e.g. whitespace inside a paragraph).
    tail_nodes: Vec<MdNode>,
    /// Frozen nodes parsed but not built yet, in order.
    queue: VecDeque<MdNode>,
    /// The last parse's open tail, shown once `queue` is built.
    next_tail: Option<Vec<MdNode>>,
    /// Nodes of the new tail past the old one, still to build.
    tail_todo: VecDeque<MdNode>,
    /// A node built over several slices, and whether it is frozen.
    building: Option<(Builder, bool)>,
    /// A long answer being built from its end.
    fill: Option<Fill>,
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
            groups: Groups::new(doc, container),
            slicer: Slicer::new(),
            frozen: 0,
            tail: Vec::new(),
            tail_nodes: Vec::new(),
            queue: VecDeque::new(),
            next_tail: None,
            tail_todo: VecDeque::new(),
            building: None,
            fill: None,
            cursor: None,
            _handlers: install_handlers(container)?,
        })
    }

    /// Shows `full_text`, the whole message so far, at once.
    pub fn update(&mut self, full_text: &str) -> Result<(), JsValue> {
        self.run(full_text, false, &mut Unlimited, 0.0).map(drop)
    }

    /// Shows the complete message at once.
    pub fn finish(&mut self, full_text: &str) -> Result<(), JsValue> {
        self.run(full_text, true, &mut Unlimited, 0.0).map(drop)
    }

    /// Moves what is shown, as it is, into `container` (empty), which the
    /// view owns from now on, click handling included: a built answer can
    /// leave the page and come back without being built again.
    pub fn move_to(&mut self, container: &Element) -> Result<(), JsValue> {
        self.groups.move_to(container)?;
        self._handlers = install_handlers(container)?;
        self.container = container.clone();
        Ok(())
    }

    /// Forgets what is shown: the next run starts from an empty container
    /// (the text was replaced by another one).
    pub fn restart(&mut self) {
        self.clear();
        self.slicer = Slicer::new();
    }

    /// Does what `budget` allows of the work that shows `text` (`done`: the
    /// message is complete) at time `now` (milliseconds, for the slicer's
    /// pace); says when there is more. With [`Unlimited`] it does it all.
    pub fn run(
        &mut self,
        text: &str,
        done: bool,
        budget: &mut dyn Budget,
        now: f64,
    ) -> Result<Pace, JsValue> {
        if cfg!(feature = "naive-render") {
            self.render_whole(text)?;
            self.end_cursor(done)?;
            return Ok(Pace::Idle);
        }
        let sliced = budget.sliced();
        loop {
            if self.fill.is_some() {
                if budget.spent() {
                    return Ok(Pace::Now);
                }
                self.fill_step(text, budget, now)?;
            } else if self.building_pending() {
                if budget.spent() {
                    return Ok(Pace::Now);
                }
                self.build_step(budget)?;
            } else {
                match self.slicer.pace(text.len(), done, now) {
                    Pace::Idle => {
                        self.end_cursor(done)?;
                        return Ok(Pace::Idle);
                    }
                    Pace::After(ms) if sliced => {
                        self.end_cursor(false)?;
                        return Ok(Pace::After(ms));
                    }
                    _ => {}
                }
                if budget.spent() {
                    return Ok(Pace::Now);
                }
                if sliced && self.is_empty() && text.len() - self.slicer.fed() >= FILL_BYTES {
                    self.fill = Some(Fill::start(
                        &self.doc,
                        &self.container,
                        &mut self.groups,
                        text,
                        done,
                    )?);
                    continue;
                }
                let before = self.slicer.fed();
                if let Some(update) = self.slicer.next(text, done, SLICE_BYTES, now) {
                    budget.spend(self.slicer.fed().saturating_sub(before) / PARSE_UNIT + 1);
                    self.accept(update)?;
                }
            }
        }
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

    fn is_empty(&self) -> bool {
        self.frozen == 0 && self.tail.is_empty() && self.slicer.fed() == 0
    }

    fn building_pending(&self) -> bool {
        self.building.is_some()
            || !self.queue.is_empty()
            || self.next_tail.is_some()
            || !self.tail_todo.is_empty()
    }

    fn clear(&mut self) {
        self.groups.clear();
        self.groups.place_before(None);
        self.frozen = 0;
        self.tail.clear();
        self.tail_nodes.clear();
        self.queue.clear();
        self.next_tail = None;
        self.tail_todo.clear();
        self.building = None;
        self.fill = None;
        self.cursor = None;
    }

    /// Takes in a parse: frozen blocks to build, then the new tail.
    fn accept(&mut self, update: StreamUpdate) -> Result<(), JsValue> {
        if update.reset {
            self.clear();
        }
        self.queue.extend(update.new_frozen.into_iter().flatten());
        self.next_tail = Some(update.tail);
        Ok(())
    }

    /// One piece of DOM work: part of a node, a frozen node, or the tail.
    fn build_step(&mut self, budget: &mut dyn Budget) -> Result<(), JsValue> {
        if let Some((mut builder, frozen)) = self.building.take() {
            match builder.step(&self.doc, budget)? {
                Some(dom) => self.place(dom, builder.into_node(), frozen)?,
                None => self.building = Some((builder, frozen)),
            }
        } else if let Some(node) = self.queue.pop_front() {
            self.settle(node, budget)?;
        } else if let Some(tail) = self.next_tail.take() {
            self.show_tail(tail, budget)?;
        } else if let Some(node) = self.tail_todo.pop_front() {
            self.building = Some((Builder::new(node), false));
        }
        Ok(())
    }

    /// Shows frozen node number `self.frozen`. The tail's first node most
    /// likely showed it while it streamed: patched in place (`patch_node`
    /// skips what did not change), it keeps its DOM instead of being built
    /// a second time. Otherwise it is built.
    fn settle(&mut self, node: MdNode, budget: &mut dyn Budget) -> Result<(), JsValue> {
        if self.tail.is_empty() {
            self.building = Some((Builder::new(node), true));
            return Ok(());
        }
        let dom = self.tail.remove(0);
        let old = self.tail_nodes.remove(0);
        patch_node(&self.doc, &dom, &old, &node)?;
        budget.spend(1);
        self.frozen += 1;
        Ok(())
    }

    /// Puts a built node in place: the next frozen one, or the tail's next.
    fn place(&mut self, dom: Node, node: MdNode, frozen: bool) -> Result<(), JsValue> {
        self.groups.place(self.frozen + self.tail.len(), &dom)?;
        if frozen {
            self.frozen += 1;
        } else {
            self.tail.push(dom);
            self.tail_nodes.push(node);
        }
        Ok(())
    }

    /// Makes the tail's DOM show `tail`: nodes patched in place where they
    /// line up, the rest removed, or queued to be built.
    fn show_tail(&mut self, tail: Vec<MdNode>, budget: &mut dyn Budget) -> Result<(), JsValue> {
        let kept = tail.len().min(self.tail.len());
        for ((dom, old), new) in self.tail.iter_mut().zip(&self.tail_nodes).zip(&tail) {
            *dom = patch_node(&self.doc, dom, old, new)?;
        }
        budget.spend(kept);
        let removed = self.remove_tail_from(kept)?;
        let mut tail = tail;
        self.tail_todo = tail.split_off(kept).into();
        self.tail_nodes = tail;
        if removed {
            self.groups.trim();
        }
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
        self.tail_nodes.truncate(from);
        Ok(true)
    }

    /// One step of building a long answer from its end; once it is all
    /// built, the view goes on as if it had been shown at once.
    fn fill_step(&mut self, text: &str, budget: &mut dyn Budget, now: f64) -> Result<(), JsValue> {
        let Some(fill) = self.fill.as_mut() else {
            return Ok(());
        };
        let Some(Filled {
            frozen,
            tail,
            tail_nodes,
        }) = fill.step(&mut self.groups, &mut self.slicer, text, budget, now)?
        else {
            return Ok(());
        };
        self.fill = None;
        self.frozen = frozen;
        self.tail = tail;
        self.tail_nodes = tail_nodes;
        Ok(())
    }

    /// The DOM shows the text parsed so far: the cursor goes on its last
    /// block, or away once the message is `done`.
    fn end_cursor(&mut self, done: bool) -> Result<(), JsValue> {
        let last = if done {
            None
        } else {
            self.groups.last_element()
        };
        self.move_cursor(last)
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
}
