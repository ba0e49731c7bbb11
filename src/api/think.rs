//! Inline thinking in `content`: a state machine that splits content deltas
//! into thinking and answer text when the model writes
//! `<think>…</think>answer` into the answer channel (no `reasoning_split`, or
//! a gateway that drops it). Tags may be split at any byte between deltas, so
//! only the shortest possible-tag prefix at the end is ever held back.
//!
//! Rules, all seen in the wild:
//! - `<think>` opens a block only at the very start of content (after
//!   whitespace); anywhere else it is answer text.
//! - `</think>` or `</mm:think>` closes it; whitespace right after the close is
//!   dropped before the answer begins. Later tags are answer text.
//! - A closing tag with no opening tag means the answer so far was thinking:
//!   [`Piece::AnswerWasThinking`] asks the consumer to move it, once, unless
//!   the tag sits inside an open code fence or right after a backtick (a model
//!   writing about the tag). A closing tag at the very start (reasoning came on
//!   its own field) is simply dropped.
//! - A block never closed stays thinking; `flush` releases held-back bytes as
//!   the kind they belong to.

use super::tags::{self, ALL, CLOSERS, OPEN};

/// One piece of classified content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Thinking(String),
    Answer(String),
    /// All answer text emitted so far was really thinking.
    AnswerWasThinking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Only whitespace (or part of a tag) so far.
    #[default]
    Start,
    /// Inside `<think>`; `lead` while the whitespace after the tag is dropped.
    Thinking { lead: bool },
    /// Right after a closing tag: dropping whitespace.
    AfterClose,
    /// Answer text with no opening tag seen: a closing tag may still show it
    /// was thinking.
    Answer,
    /// Everything else is answer text, tags included.
    Plain,
}

/// Splits content deltas into thinking and answer.
#[derive(Debug, Clone, Default)]
pub struct ThinkSplitter {
    state: State,
    /// Text received but not yet classified (whitespace or a partial tag).
    held: String,
    /// Whether any answer text went out in the `Answer` state.
    answer_sent: bool,
    /// The last answer character sent, to spot a tag quoted in backticks.
    last_answer_char: Option<char>,
    fences: Fences,
}

impl ThinkSplitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Classifies one content delta.
    pub fn push(&mut self, delta: &str) -> Vec<Piece> {
        self.held.push_str(delta);
        let mut out = Vec::new();
        self.run(false, &mut out);
        out
    }

    /// End of content (or of the reply): nothing more can complete a tag, so
    /// held-back text goes out as the kind it belongs to. The splitter keeps
    /// its state and may be pushed again.
    pub fn flush(&mut self) -> Vec<Piece> {
        let mut out = Vec::new();
        self.run(true, &mut out);
        out
    }

    /// True once a `<think>` block was opened or a closing tag classified text.
    pub fn saw_tags(&self) -> bool {
        !matches!(self.state, State::Start | State::Answer)
    }

    fn run(&mut self, at_end: bool, out: &mut Vec<Piece>) {
        loop {
            let next = match self.state {
                State::Start => self.start(at_end),
                State::Thinking { lead } => self.thinking(lead, at_end, out),
                State::AfterClose => self.after_close(),
                State::Answer => self.answer(at_end, out),
                State::Plain => {
                    let text = std::mem::take(&mut self.held);
                    emit(out, Piece::Answer(text));
                    None
                }
            };
            match next {
                Some(state) => self.state = state,
                None => return,
            }
        }
    }

    /// Returns the next state, or None to wait for more text.
    fn start(&mut self, at_end: bool) -> Option<State> {
        let trimmed = self.held.trim_start();
        if trimmed.is_empty() {
            if at_end {
                self.held.clear();
            }
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix(OPEN) {
            self.held = rest.to_owned();
            return Some(State::Thinking { lead: true });
        }
        if let Some(len) = tags::starts_with_closer(trimmed) {
            // Nothing was sent yet, so there is nothing to reclassify.
            self.held = trimmed.get(len..).unwrap_or_default().to_owned();
            return Some(State::AfterClose);
        }
        if !at_end && tags::is_partial_tag(trimmed, &ALL) {
            return None;
        }
        // Leading whitespace of the answer is dropped, like after a close.
        self.held = trimmed.to_owned();
        Some(State::Answer)
    }

    fn thinking(&mut self, lead: bool, at_end: bool, out: &mut Vec<Piece>) -> Option<State> {
        if lead {
            let trimmed = self.held.trim_start();
            if trimmed.is_empty() {
                self.held.clear();
                return None;
            }
            self.held = trimmed.to_owned();
            return Some(State::Thinking { lead: false });
        }
        if let Some((at, len)) = tags::find_closer(&self.held, 0) {
            let rest = self.held.split_off(at);
            emit(out, Piece::Thinking(trimmed_end(&self.held)));
            self.held = rest.get(len..).unwrap_or_default().to_owned();
            return Some(State::AfterClose);
        }
        let keep = if at_end { 0 } else { held_back_len(&self.held) };
        let tail = self.held.split_off(self.held.len() - keep);
        emit(
            out,
            Piece::Thinking(std::mem::replace(&mut self.held, tail)),
        );
        None
    }

    fn after_close(&mut self) -> Option<State> {
        let trimmed = self.held.trim_start();
        if trimmed.is_empty() {
            self.held.clear();
            return None;
        }
        self.held = trimmed.to_owned();
        Some(State::Plain)
    }

    fn answer(&mut self, at_end: bool, out: &mut Vec<Piece>) -> Option<State> {
        let mut from = 0;
        while let Some((at, len)) = tags::find_closer(&self.held, from) {
            let before = self.held.get(..at).unwrap_or_default();
            if self.closes_thinking(before) {
                let rest = self.held.split_off(at);
                if self.answer_sent {
                    out.push(Piece::AnswerWasThinking);
                }
                emit(out, Piece::Thinking(trimmed_end(&self.held)));
                self.held = rest.get(len..).unwrap_or_default().to_owned();
                return Some(State::AfterClose);
            }
            from = at + len;
        }
        let keep = if at_end { 0 } else { held_back_len(&self.held) };
        let tail = self.held.split_off(self.held.len() - keep);
        let text = std::mem::replace(&mut self.held, tail);
        if !text.is_empty() {
            self.fences.feed(&text);
            self.last_answer_char = text.chars().last();
            self.answer_sent = true;
            out.push(Piece::Answer(text));
        }
        None
    }

    /// Whether a closing tag after the unsent answer text `before` really
    /// ends thinking, rather than being a tag the answer talks about.
    fn closes_thinking(&self, before: &str) -> bool {
        let previous = before.chars().last().or(self.last_answer_char);
        if previous == Some('`') {
            return false;
        }
        let mut fences = self.fences.clone();
        fences.feed(before);
        !fences.inside()
    }
}

/// How many bytes at the end of `held` must wait for more text: a possible
/// start of a closing tag, and the whitespace before it, which belongs to the
/// text only if more text follows (thinking is `<think>\n…\n</think>`, and
/// the newline before the closing tag is layout, not thought).
fn held_back_len(held: &str) -> usize {
    let partial = tags::partial_tag_len(held, &CLOSERS);
    let before = held.get(..held.len() - partial).unwrap_or_default();
    partial + (before.len() - before.trim_end().len())
}

fn trimmed_end(text: &str) -> String {
    text.trim_end().to_owned()
}

fn emit(out: &mut Vec<Piece>, piece: Piece) {
    let empty = matches!(&piece, Piece::Thinking(t) | Piece::Answer(t) if t.is_empty());
    if !empty {
        out.push(piece);
    }
}

/// Tracks whether answer text is inside a fenced code block (backticks or tildes).
#[derive(Debug, Clone, Default)]
struct Fences {
    /// The open fence: its character and length.
    open: Option<(char, usize)>,
    /// The start of the current line; only its first characters matter.
    line: String,
}

impl Fences {
    const LINE_KEEP: usize = 64;

    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.end_line();
            } else if self.line.len() < Self::LINE_KEEP {
                self.line.push(c);
            }
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let Some((c, len, rest)) = fence_marker(&line) else {
            return;
        };
        match self.open {
            None => self.open = Some((c, len)),
            Some((open_c, open_len))
                if c == open_c && len >= open_len && rest.trim().is_empty() =>
            {
                self.open = None;
            }
            Some(_) => {}
        }
    }

    /// Inside an open block, or on a fence line (a tag in its info string).
    fn inside(&self) -> bool {
        self.open.is_some() || fence_marker(&self.line).is_some()
    }
}

/// A fence line: up to three spaces, then three or more backticks or tildes.
fn fence_marker(line: &str) -> Option<(char, usize, &str)> {
    let body = line.trim_start_matches(' ');
    if line.len() - body.len() > 3 {
        return None;
    }
    let c = body.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = body.chars().take_while(|&x| x == c).count();
    (len >= 3).then(|| (c, len, body.get(len..).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::{Piece, ThinkSplitter};

    /// (thinking, answer) after applying every piece.
    fn collapse(deltas: &[&str]) -> (String, String) {
        let mut splitter = ThinkSplitter::new();
        let mut pieces = Vec::new();
        for delta in deltas {
            pieces.extend(splitter.push(delta));
        }
        pieces.extend(splitter.flush());
        let (mut thinking, mut answer) = (String::new(), String::new());
        for piece in pieces {
            match piece {
                Piece::Thinking(t) => thinking.push_str(&t),
                Piece::Answer(a) => answer.push_str(&a),
                Piece::AnswerWasThinking => thinking.push_str(&std::mem::take(&mut answer)),
            }
        }
        (thinking, answer)
    }

    #[test]
    fn inline_block() {
        let got = collapse(&["\n<thi", "nk>\nhmm</th", "ink>\n\nHi <think> there"]);
        assert_eq!(got, ("hmm".into(), "Hi <think> there".into()));
    }

    #[test]
    fn newline_before_close_is_layout() {
        let got = collapse(&["<think>\nI should", " answer.\n", "</th", "ink>\n\nHi.\n"]);
        assert_eq!(got, ("I should answer.".into(), "Hi.\n".into()));
        let got = collapse(&["<think>\na\n\nb \n</mm:think>X"]);
        assert_eq!(got, ("a\n\nb".into(), "X".into()));
        let got = collapse(&["no open tag\n", "</think>\nX"]);
        assert_eq!(got, ("no open tag".into(), "X".into()));
    }

    #[test]
    fn missing_open_tag() {
        let got = collapse(&["so the user", " wants x</mm:", "think>\n\nX."]);
        assert_eq!(got, ("so the user wants x".into(), "X.".into()));
    }

    #[test]
    fn tag_in_code_is_answer() {
        let text = "Use:\n```html\n</think>\n```\nand `</think>` too";
        assert_eq!(collapse(&[text]), (String::new(), text.into()));
    }

    #[test]
    fn never_closed_and_partial_tag_at_end() {
        assert_eq!(
            collapse(&["<think>abc</th"]),
            ("abc</th".into(), String::new())
        );
        assert_eq!(collapse(&["<thi"]), (String::new(), "<thi".into()));
    }
}
