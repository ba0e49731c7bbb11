//! Telling the user when a streaming reply has gone quiet.
//!
//! A server can keep the connection open and send nothing (a stalled
//! upstream, a proxy that buffers, a model slow to start): the reply still
//! says "streaming" and the user cannot tell a pause from a hang. A ticker
//! looks at how much text the reply holds once a second; nothing is done per
//! chunk, so the stream pays nothing for it.

/// Seconds without new text before the reply says so.
pub const QUIET_AFTER_S: u32 = 20;

/// How long a streaming reply has gone without new text, one tick a second.
#[derive(Debug, Default)]
pub struct Quiet {
    seen: usize,
    seconds: u32,
}

impl Quiet {
    /// One tick: `len` is how much text (thinking and answer) the reply holds
    /// now. Returns the quiet time to show, in steps of ten seconds so the
    /// sentence does not change every second, or `None` while text flows.
    pub fn tick(&mut self, len: usize) -> Option<u32> {
        if len != self.seen {
            self.seen = len;
            self.seconds = 0;
        } else {
            self.seconds = self.seconds.saturating_add(1);
        }
        (self.seconds >= QUIET_AFTER_S).then_some(self.seconds / 10 * 10)
    }
}

/// The sentence shown under a quiet reply; `started` is whether any text
/// has arrived yet.
pub fn quiet_note(seconds: u32, started: bool) -> String {
    let what = if started {
        "No new text"
    } else {
        "No reply yet"
    };
    format!(
        "{what} for {seconds} s. The server may still be working; Stop ends the reply and keeps what has arrived."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowing_text_is_never_quiet() {
        let mut q = Quiet::default();
        for len in 1..200 {
            assert_eq!(q.tick(len), None);
        }
    }

    #[test]
    fn quiet_from_twenty_seconds_in_steps_of_ten() {
        let mut q = Quiet::default();
        let shown: Vec<_> = (0..45).map(|_| q.tick(0)).collect();
        assert!(shown[..19].iter().all(Option::is_none), "{shown:?}");
        assert_eq!(shown[19], Some(20));
        assert_eq!(shown[28], Some(20));
        assert_eq!(shown[29], Some(30));
        assert_eq!(shown[44], Some(40));
    }

    #[test]
    fn new_text_resets_the_count() {
        let mut q = Quiet::default();
        for _ in 0..25 {
            q.tick(10);
        }
        assert_eq!(q.tick(10), Some(20));
        assert_eq!(q.tick(11), None);
        for _ in 0..19 {
            assert_eq!(q.tick(11), None);
        }
        assert_eq!(q.tick(11), Some(20));
    }

    #[test]
    fn the_note_says_whether_anything_arrived() {
        assert!(quiet_note(20, false).starts_with("No reply yet for 20 s."));
        assert!(quiet_note(30, true).starts_with("No new text for 30 s."));
        assert!(quiet_note(30, true).contains("Stop"));
    }
}
