//! What the controller needs from the world besides storage: the time and
//! fresh ids. The browser gives `Date.now()` and random ids; tests give a
//! clock they move by hand and ids they can predict.

use std::cell::Cell;

pub trait Env {
    /// Wall-clock milliseconds, comparable across reloads.
    fn now_ms(&self) -> f64;
    /// A fresh id starting with `prefix` (`c` for chats, `m` for messages).
    fn new_id(&self, prefix: &str) -> String;
    /// The start of the reader's day that holds `ms` (local midnight), for
    /// the list's date headings. UTC days unless the environment knows the
    /// time zone.
    fn midnight_ms(&self, ms: f64) -> f64 {
        crate::chat::dates::utc_midnight(ms)
    }
}

/// A clock that moves only when told, and ids counted up from 1: for tests
/// on the host, where every run must be the same.
#[derive(Debug, Default)]
pub struct ManualEnv {
    now: Cell<f64>,
    next_id: Cell<u64>,
}

impl ManualEnv {
    pub fn at(now_ms: f64) -> Self {
        ManualEnv {
            now: Cell::new(now_ms),
            next_id: Cell::new(0),
        }
    }

    /// Move the clock forward by `ms`.
    pub fn advance(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }
}

impl Env for ManualEnv {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn new_id(&self, prefix: &str) -> String {
        let n = self.next_id.get() + 1;
        self.next_id.set(n);
        format!("{prefix}{n}")
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }

    fn new_id(&self, prefix: &str) -> String {
        (**self).new_id(prefix)
    }

    fn midnight_ms(&self, ms: f64) -> f64 {
        (**self).midnight_ms(ms)
    }
}
