//! What the controller needs from the world besides storage: the time and
//! fresh ids. The browser gives `Date.now()` and random ids; tests give a
//! clock they move by hand and ids they can predict.

use std::cell::Cell;

pub trait Env {
    /// Wall-clock milliseconds, comparable across reloads.
    fn now_ms(&self) -> f64;
    /// A fresh id starting with `prefix` (`c` for chats, `m` for messages).
    fn new_id(&self, prefix: &str) -> String;
    /// When this calendar month began, in the same milliseconds. Here in
    /// UTC; the browser says it in the user's own time zone.
    fn month_start_ms(&self) -> f64 {
        utc_month_start(self.now_ms())
    }
    /// The start of the reader's day that holds `ms` (local midnight), for
    /// the list's date headings. UTC days unless the environment knows the
    /// time zone.
    fn midnight_ms(&self, ms: f64) -> f64 {
        crate::chat::dates::utc_midnight(ms)
    }
}

const DAY_MS: f64 = 86_400_000.0;

/// The first instant of the UTC month holding `ms` (days from the civil
/// calendar, Howard Hinnant's `days_from_civil` read backwards).
pub fn utc_month_start(ms: f64) -> f64 {
    let days = (ms / DAY_MS).floor() as i64;
    // Shift to a year that starts in March, so leap days come last.
    let z = days + 719_468;
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day_of_month = doy - (153 * mp + 2) / 5; // 0-based
    (days - day_of_month) as f64 * DAY_MS
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

    fn month_start_ms(&self) -> f64 {
        (**self).month_start_ms()
    }

    fn midnight_ms(&self, ms: f64) -> f64 {
        (**self).midnight_ms(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_start_on_the_first_at_midnight_utc() {
        // 2026-12-04T07:19:47Z → 2026-12-01T00:00:00Z.
        assert_eq!(utc_month_start(1_796_368_787_000.0), 1_796_083_200_000.0);
        // 2024-02-29T23:59:59.999Z → 2024-02-01.
        assert_eq!(utc_month_start(1_709_251_199_999.0), 1_706_745_600_000.0);
        // 2024-03-01T00:00:00Z is its own month's start.
        assert_eq!(utc_month_start(1_709_251_200_000.0), 1_709_251_200_000.0);
        // 1969-12-31T12:00:00Z → 1969-12-01.
        assert_eq!(utc_month_start(-43_200_000.0), -2_678_400_000.0);
        assert_eq!(utc_month_start(0.0), 0.0);
    }
}
