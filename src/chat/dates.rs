//! The chat list's date headings: Today, Yesterday, Previous 7 days and
//! Earlier, by when a chat last changed, in the reader's own days (local
//! midnights, which the caller knows: the browser's clock and time zone).

const DAY_MS: f64 = 86_400_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateGroup {
    Today,
    Yesterday,
    PreviousWeek,
    Earlier,
}

impl DateGroup {
    /// The heading shown above the group.
    pub fn label(self) -> &'static str {
        match self {
            DateGroup::Today => "Today",
            DateGroup::Yesterday => "Yesterday",
            DateGroup::PreviousWeek => "Previous 7 days",
            DateGroup::Earlier => "Earlier",
        }
    }
}

/// Where each group starts, in milliseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayBounds {
    today: f64,
    yesterday: f64,
    week: f64,
}

impl DayBounds {
    /// The groups as of `now_ms`; `midnight(t)` is the start of the local
    /// day that holds `t` (days are 23 or 25 hours long when clocks change,
    /// so each start is asked for, not counted).
    pub fn new(now_ms: f64, midnight: impl Fn(f64) -> f64) -> Self {
        let today = midnight(now_ms);
        let yesterday = midnight(today - 1.0);
        // Noon seven days back lies inside that day whatever the clocks did.
        let week = midnight(today - 7.0 * DAY_MS + DAY_MS / 2.0);
        DayBounds {
            today,
            yesterday,
            week,
        }
    }

    /// The group of a chat last changed at `ms` (a time ahead of the
    /// clock, from another device, counts as today).
    pub fn group(&self, ms: f64) -> DateGroup {
        if ms >= self.today {
            DateGroup::Today
        } else if ms >= self.yesterday {
            DateGroup::Yesterday
        } else if ms >= self.week {
            DateGroup::PreviousWeek
        } else {
            DateGroup::Earlier
        }
    }
}

/// The start of the UTC day holding `ms`: the days of a reader in UTC, and
/// of the host tests.
pub fn utc_midnight(ms: f64) -> f64 {
    (ms / DAY_MS).floor() * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn groups_follow_calendar_days_not_24_hour_spans() {
        // 00:30 on day 100: 45 minutes earlier was yesterday.
        let now = 100.0 * DAY_MS + HOUR / 2.0;
        let days = DayBounds::new(now, utc_midnight);
        assert_eq!(days.group(now), DateGroup::Today);
        assert_eq!(days.group(100.0 * DAY_MS), DateGroup::Today);
        assert_eq!(days.group(now - 45.0 * 60_000.0), DateGroup::Yesterday);
        assert_eq!(days.group(99.0 * DAY_MS), DateGroup::Yesterday);
        assert_eq!(days.group(99.0 * DAY_MS - 1.0), DateGroup::PreviousWeek);
        assert_eq!(days.group(93.0 * DAY_MS), DateGroup::PreviousWeek);
        assert_eq!(days.group(93.0 * DAY_MS - 1.0), DateGroup::Earlier);
        assert_eq!(days.group(0.0), DateGroup::Earlier);
        assert_eq!(
            days.group(now + DAY_MS),
            DateGroup::Today,
            "ahead of the clock"
        );
    }

    #[test]
    fn a_time_zone_moves_the_midnights() {
        // A reader at UTC+2: their day starts at 22:00 UTC the day before.
        let local = |ms: f64| utc_midnight(ms + 2.0 * HOUR) - 2.0 * HOUR;
        let now = 100.0 * DAY_MS + 23.0 * HOUR; // 01:00 on day 101 for them
        let days = DayBounds::new(now, local);
        assert_eq!(days.group(100.0 * DAY_MS + 22.0 * HOUR), DateGroup::Today);
        assert_eq!(
            days.group(100.0 * DAY_MS + 21.0 * HOUR),
            DateGroup::Yesterday
        );
    }

    #[test]
    fn a_23_hour_day_does_not_shift_the_groups() {
        // Clocks go forward at the start of day 99 (that day has 23 hours).
        let midnight = |ms: f64| {
            let switch = 99.0 * DAY_MS;
            if ms >= switch + 23.0 * HOUR {
                switch + 23.0 * HOUR + utc_midnight(ms - switch - 23.0 * HOUR)
            } else {
                utc_midnight(ms)
            }
        };
        let today = 99.0 * DAY_MS + 23.0 * HOUR;
        let days = DayBounds::new(today + HOUR, midnight);
        assert_eq!(days.group(today), DateGroup::Today);
        assert_eq!(days.group(today - 1.0), DateGroup::Yesterday);
        assert_eq!(days.group(99.0 * DAY_MS), DateGroup::Yesterday);
    }

    #[test]
    fn labels() {
        let all = [
            DateGroup::Today,
            DateGroup::Yesterday,
            DateGroup::PreviousWeek,
            DateGroup::Earlier,
        ];
        let labels: Vec<&str> = all.iter().map(|g| g.label()).collect();
        assert_eq!(labels, ["Today", "Yesterday", "Previous 7 days", "Earlier"]);
    }
}
