//! What the app sends the renderer module as an answer grows.
//!
//! The renderer runs in its own wasm module (see `main.rs`),
//! so every call copies its text across the JS boundary. Sending the whole
//! answer per chunk would make each chunk cost the length of the answer;
//! the relay sends only what was added since the last call, and the whole
//! text only when it no longer extends what was sent.

/// Bytes remembered from the end of what was sent, to notice cheaply that a
/// text of the same or greater length is not a continuation of it.
const SAMPLE_BYTES: usize = 64;

/// One call to make on the renderer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call<'a> {
    /// Append this text to what the renderer holds.
    Append { text: &'a str, done: bool },
    /// Drop what the renderer holds and show this text instead.
    Replace { text: &'a str, done: bool },
}

/// Remembers what the renderer holds.
#[derive(Clone, Debug, Default)]
pub struct Relay {
    sent: usize,
    sample: String,
    done: bool,
    /// False until the first send, so an empty first text is still sent.
    started: bool,
}

impl Relay {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of text the renderer holds.
    pub fn sent(&self) -> usize {
        self.sent
    }

    /// The call that brings the renderer to `text` (`done`: the answer is
    /// complete), or `None` when it already shows exactly that.
    pub fn next<'a>(&mut self, text: &'a str, done: bool) -> Option<Call<'a>> {
        let extends = self.started && self.extends(text);
        let call = if !extends {
            Call::Replace { text, done }
        } else if text.len() == self.sent && done == self.done {
            return None;
        } else if self.done {
            // A finished render restarts on any change; say so plainly.
            Call::Replace { text, done }
        } else {
            Call::Append {
                text: &text[self.sent..],
                done,
            }
        };
        self.remember(text, done);
        Some(call)
    }

    fn extends(&self, text: &str) -> bool {
        text.len() >= self.sent
            && text.is_char_boundary(self.sent)
            && text[..self.sent].ends_with(self.sample.as_str())
    }

    fn remember(&mut self, text: &str, done: bool) {
        let mut start = text.len().saturating_sub(SAMPLE_BYTES);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        self.sample.clear();
        self.sample.push_str(&text[start..]);
        self.sent = text.len();
        self.done = done;
        self.started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_text_replaces_then_growth_appends_only_the_new_part() {
        let mut relay = Relay::new();
        assert_eq!(
            relay.next("", false),
            Some(Call::Replace {
                text: "",
                done: false
            })
        );
        assert_eq!(
            relay.next("Hel", false),
            Some(Call::Append {
                text: "Hel",
                done: false
            })
        );
        assert_eq!(
            relay.next("Hello", false),
            Some(Call::Append {
                text: "lo",
                done: false
            })
        );
        assert_eq!(relay.next("Hello", false), None);
        assert_eq!(
            relay.next("Hello", true),
            Some(Call::Append {
                text: "",
                done: true
            })
        );
        assert_eq!(relay.next("Hello", true), None);
    }

    #[test]
    fn a_text_that_does_not_continue_is_sent_whole() {
        let mut relay = Relay::new();
        relay.next("first answer", false);
        assert_eq!(
            relay.next("other answer, longer", false),
            Some(Call::Replace {
                text: "other answer, longer",
                done: false
            })
        );
        assert_eq!(
            relay.next("short", false),
            Some(Call::Replace {
                text: "short",
                done: false
            })
        );
    }

    #[test]
    fn a_change_after_done_replaces() {
        let mut relay = Relay::new();
        relay.next("done text", true);
        assert_eq!(
            relay.next("done text, more", true),
            Some(Call::Replace {
                text: "done text, more",
                done: true
            })
        );
    }

    #[test]
    fn a_cut_inside_a_character_is_not_a_continuation() {
        let mut relay = Relay::new();
        relay.next("ab", false);
        // "é" is two bytes: a text whose byte 2 falls inside it cannot
        // extend "ab" (its first two bytes differ anyway).
        assert!(matches!(
            relay.next("aé", false),
            Some(Call::Replace { .. })
        ));
    }

    #[test]
    fn appended_pieces_rebuild_the_text_for_any_growth() {
        let text = "Un été à Paris — ✓ 日本語 and more **bold** text\n\n```rust\nfn x() {}\n```";
        for step in 1..=7 {
            let mut relay = Relay::new();
            let mut held = String::new();
            let mut end = 0;
            while end < text.len() {
                end = (end + step).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                match relay.next(&text[..end], false) {
                    Some(Call::Append { text, .. }) => held.push_str(text),
                    Some(Call::Replace { text, .. }) => held = text.to_owned(),
                    None => {}
                }
                assert_eq!(held, &text[..end]);
            }
        }
    }
}
