//! A [`LiveMarkdown`] that never holds the page for more than a few
//! milliseconds: each call does one slice of the work ([`SLICE_MS`]) and
//! the rest goes on in later tasks, one after each frame the browser
//! paints (`tasks::after_frame`), so that input, layout and painting come
//! between slices and each frame lays out one slice's DOM. Text that
//! arrives while slices are pending is taken in by them.
//!
//! While work is pending the container carries `aria-busy="true"`.
//! Built with the `unsliced` feature (the benchmark's baseline of the
//! renderer before slicing; never shipped) every call does all its work.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element};

use super::budget::{Budget, Unlimited};
use super::live::LiveMarkdown;
use super::slicer::Pace;
use super::tasks::{after, after_frame, now};

/// Milliseconds of work per slice: well inside a 16 ms frame, with room
/// for the app's own work in the same task and the browser's after it.
pub const SLICE_MS: f64 = 5.0;
/// Work units between two looks at the clock.
const UNITS_PER_LOOK: usize = 8;

/// Ends a slice when its time is up (and stays spent from then on).
struct Deadline {
    end: f64,
    units: usize,
    over: bool,
}

impl Budget for Deadline {
    fn spend(&mut self, units: usize) {
        self.units += units;
    }

    fn spent(&mut self) -> bool {
        if !self.over && self.units >= UNITS_PER_LOOK {
            self.units = 0;
            self.over = now() >= self.end;
        }
        self.over
    }
}

struct State {
    live: LiveMarkdown,
    container: Element,
    /// The whole text so far, and whether it is complete.
    text: String,
    done: bool,
    /// Slices are scheduled in later tasks.
    scheduled: bool,
    /// ...after a timer: text waits behind a long open block (`slicer`).
    timer: bool,
    /// A slice failed: the DOM cannot be trusted, and calls say so.
    failed: Option<JsValue>,
}

impl State {
    fn slice(&mut self) -> Result<Pace, JsValue> {
        let start = now();
        if cfg!(feature = "unsliced") {
            return self.live.run(&self.text, self.done, &mut Unlimited, start);
        }
        let mut budget = Deadline {
            end: start + SLICE_MS,
            units: 0,
            over: false,
        };
        self.live.run(&self.text, self.done, &mut budget, start)
    }

    fn set_busy(&self, busy: bool) {
        let _ = if busy {
            self.container.set_attribute("aria-busy", "true")
        } else {
            self.container.remove_attribute("aria-busy")
        };
    }
}

/// Renders one answer into its container, a slice at a time.
pub struct SlicedMarkdown {
    state: Rc<RefCell<State>>,
}

impl SlicedMarkdown {
    /// Takes over `container` (clearing it) and its click handling.
    pub fn new(doc: &Document, container: &Element) -> Result<Self, JsValue> {
        let state = State {
            live: LiveMarkdown::new(doc, container)?,
            container: container.clone(),
            text: String::new(),
            done: false,
            scheduled: false,
            timer: false,
            failed: None,
        };
        Ok(Self {
            state: Rc::new(RefCell::new(state)),
        })
    }

    /// Adds `text` to the answer; `done` when the answer is complete.
    pub fn append(&self, text: &str, done: bool) -> Result<(), JsValue> {
        {
            let mut state = self.state.borrow_mut();
            state.text.push_str(text);
            state.done = done;
        }
        self.work()
    }

    /// Shows `text` in place of everything so far.
    pub fn replace(&self, text: &str, done: bool) -> Result<(), JsValue> {
        {
            let mut state = self.state.borrow_mut();
            state.text.clear();
            state.text.push_str(text);
            state.done = done;
            state.live.restart();
        }
        self.work()
    }

    /// Moves the answer as it is into `container` (empty); slices still
    /// pending go on there.
    pub fn move_to(&self, container: &Element) -> Result<(), JsValue> {
        let mut state = self.state.borrow_mut();
        let busy = state.scheduled;
        state.set_busy(false);
        state.live.move_to(container)?;
        state.container = container.clone();
        state.set_busy(busy);
        Ok(())
    }

    /// True when the container shows all the text given so far.
    pub fn idle(&self) -> bool {
        let state = self.state.borrow();
        !state.scheduled && state.failed.is_none()
    }

    /// Does a slice now, unless slices are already scheduled (they will
    /// take the new text in); schedules the rest.
    fn work(&self) -> Result<(), JsValue> {
        let pace = {
            let mut state = self.state.borrow_mut();
            if let Some(failed) = &state.failed {
                return Err(failed.clone());
            }
            // Scheduled slices take the new text in, unless they wait for a
            // timer: then this text may be enough to go on now.
            if state.scheduled && !state.timer {
                return Ok(());
            }
            state.slice()
        };
        match pace {
            Ok(Pace::Idle) => Ok(()),
            Ok(_) if self.state.borrow().scheduled => Ok(()),
            Ok(pace) => {
                schedule(&self.state, pace);
                Ok(())
            }
            Err(e) => {
                self.state.borrow_mut().failed = Some(e.clone());
                Err(e)
            }
        }
    }
}

/// Runs slices in later tasks until the work is done; stops if the view
/// is dropped meanwhile.
fn schedule(state: &Rc<RefCell<State>>, first: Pace) {
    {
        let mut state = state.borrow_mut();
        state.scheduled = true;
        state.set_busy(true);
    }
    let weak: Weak<RefCell<State>> = Rc::downgrade(state);
    wasm_bindgen_futures::spawn_local(async move {
        let mut pace = first;
        loop {
            let timer = matches!(pace, Pace::After(_));
            let wait = match pace {
                Pace::After(ms) => after(ms),
                _ => after_frame(),
            };
            if let Some(state) = weak.upgrade() {
                state.borrow_mut().timer = timer;
            }
            let _ = JsFuture::from(wait).await;
            let Some(state) = weak.upgrade() else {
                return;
            };
            let mut state = state.borrow_mut();
            state.timer = false;
            match state.slice() {
                Ok(Pace::Idle) => {
                    state.scheduled = false;
                    state.set_busy(false);
                    return;
                }
                Ok(next) => pace = next,
                Err(e) => {
                    state.failed = Some(e);
                    state.scheduled = false;
                    state.set_busy(false);
                    return;
                }
            }
        }
    });
}
