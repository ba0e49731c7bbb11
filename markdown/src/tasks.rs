//! Waiting for the browser between slices, and its clock.
//!
//! `next_task` resolves in a new task: `scheduler.yield()` where the
//! browser has it (the continuation keeps its place ahead of other queued
//! work, after input and rendering), else a `MessageChannel` message
//! (unlike a zero timer, never clamped to 4 ms). Plain `js_sys`/`web_sys`
//! calls rather than a JS snippet: the build renames the module's imports
//! (`scripts/short-names.mjs`) and expects them from one JS module.

use std::cell::RefCell;
use std::collections::VecDeque;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageChannel, MessageEvent, Performance, Window};

thread_local! {
    static PERFORMANCE: Option<Performance> =
        web_sys::window().and_then(|window| window.performance());
    static CHANNEL: RefCell<Option<Channel>> = const { RefCell::new(None) };
}

/// One channel for every wait: each message wakes the oldest waiter.
struct Channel {
    channel: MessageChannel,
    waiting: std::rc::Rc<RefCell<VecDeque<Function>>>,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

/// Milliseconds on the page's clock (`performance.now()`).
pub(crate) fn now() -> f64 {
    PERFORMANCE.with(|performance| performance.as_ref().map_or(0.0, Performance::now))
}

/// Resolves in a later task.
pub(crate) fn next_task() -> Promise {
    scheduler_yield().unwrap_or_else(message_task)
}

/// Resolves in a task after the browser's next frame, so that each slice
/// of DOM work is laid out and painted before the next one starts (a hidden
/// page has no frames: then in the next task). Yielding alone let slices run
/// back to back for a hundred milliseconds between frames, and the frame
/// then laid out all of their DOM at once.
pub(crate) fn after_frame() -> Promise {
    let window = web_sys::window();
    let visible = window
        .as_ref()
        .and_then(Window::document)
        .is_some_and(|doc| !doc.hidden());
    let Some(window) = window.filter(|_| visible) else {
        return next_task();
    };
    Promise::new(&mut |resolve, _| {
        // Resolved with a promise: settles when that one does.
        let after_it = resolve.clone();
        let then = Closure::once_into_js(move || {
            let _ = after_it.call1(&JsValue::NULL, &message_task());
        });
        if window
            .request_animation_frame(then.unchecked_ref())
            .is_err()
        {
            let _ = resolve.call1(&JsValue::NULL, &next_task());
        }
    })
}

/// Resolves after about `ms` milliseconds.
pub(crate) fn after(ms: f64) -> Promise {
    Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.ceil() as i32)
        });
        if !matches!(scheduled, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::NULL);
        }
    })
}

fn scheduler_yield() -> Option<Promise> {
    let scheduler = Reflect::get(&js_sys::global(), &JsValue::from_str("scheduler")).ok()?;
    let yield_fn = Reflect::get(&scheduler, &JsValue::from_str("yield"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    yield_fn.call0(&scheduler).ok()?.dyn_into::<Promise>().ok()
}

fn message_task() -> Promise {
    Promise::new(&mut |resolve, _| {
        let posted = CHANNEL.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.is_none() {
                *slot = open_channel();
            }
            let channel = slot.as_ref()?;
            channel.waiting.borrow_mut().push_back(resolve.clone());
            channel
                .channel
                .port2()
                .post_message(&JsValue::from_f64(0.0))
                .ok()
        });
        if posted.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    })
}

fn open_channel() -> Option<Channel> {
    let channel = MessageChannel::new().ok()?;
    let waiting = std::rc::Rc::new(RefCell::new(VecDeque::<Function>::new()));
    let queue = waiting.clone();
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
        if let Some(resolve) = queue.borrow_mut().pop_front() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    channel
        .port1()
        .set_onmessage(Some(listener.as_ref().unchecked_ref()));
    Some(Channel {
        channel,
        waiting,
        _listener: listener,
    })
}
