//! The reasoning channel (`reasoning_details`, `reasoning_content`,
//! `reasoning`): turning each chunk's fragment into new thinking text.
//!
//! Fragments are incremental in every live capture, but some servers send
//! cumulative snapshots, so a fragment that starts with everything so far only
//! adds its tail, and an exact repeat adds nothing. M3 has been seen ending its
//! reasoning with a literal `</think>` split across chunks; closing tags are
//! removed, holding back only an end that could be the start of one.

use super::tags::{self, CLOSERS};

#[derive(Debug, Clone, Default)]
pub struct ReasoningChannel {
    /// Every fragment's new text so far, as received (tags included), for the
    /// snapshot check.
    so_far: String,
    /// New text not yet emitted because it may end in part of a tag.
    held: String,
}

impl ReasoningChannel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one chunk's fragment; returns the thinking text to append.
    pub fn push(&mut self, fragment: &str) -> String {
        let new = match fragment.strip_prefix(self.so_far.as_str()) {
            Some(tail) if !self.so_far.is_empty() => tail,
            _ => fragment,
        };
        self.so_far.push_str(new);
        self.held.push_str(new);
        self.release(false)
    }

    /// No more reasoning can follow (the answer began, or the reply ended):
    /// releases a held-back partial tag as text.
    pub fn flush(&mut self) -> String {
        self.release(true)
    }

    /// Whether any reasoning fragment has arrived.
    pub fn has_text(&self) -> bool {
        !self.so_far.is_empty()
    }

    fn release(&mut self, at_end: bool) -> String {
        let mut text = std::mem::take(&mut self.held);
        while let Some((at, len)) = tags::find_closer(&text, 0) {
            text.replace_range(at..at + len, "");
        }
        let keep = if at_end {
            0
        } else {
            tags::partial_tag_len(&text, &CLOSERS)
        };
        self.held = text.split_off(text.len() - keep);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::ReasoningChannel;

    fn run(fragments: &[&str]) -> String {
        let mut channel = ReasoningChannel::new();
        let mut text: String = fragments.iter().map(|f| channel.push(f)).collect();
        text.push_str(&channel.flush());
        text
    }

    #[test]
    fn incremental_snapshot_and_repeat() {
        assert_eq!(run(&["The", " user", " wants"]), "The user wants");
        assert_eq!(
            run(&["The", "The user", "The user", "The user wants"]),
            "The user wants"
        );
    }

    #[test]
    fn split_closing_tag_is_removed() {
        assert_eq!(run(&["done.\n</thi", "nk>"]), "done.\n");
        assert_eq!(run(&["a</mm:think>b<", "/x"]), "ab</x");
        assert_eq!(run(&["ends with </th"]), "ends with </th");
    }
}
