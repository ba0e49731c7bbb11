//! Finding chats by words: every word of the query must appear, ignoring
//! case, in the chat's title or in some message's answer or thinking (on
//! screen or kept as another version). Case is folded by `fold`, one
//! character to one character.

use super::conversation::Conversation;
use super::fold::{fold, fold_char};
use super::message::Message;
use super::plain::plain_with_mark;
use super::versions;

/// Characters of message text shown around a match.
const SNIPPET_CHARS: usize = 80;
/// How many of those come before the match.
const SNIPPET_LEAD: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub id: String,
    /// Message text around the first match, when the title alone did not
    /// explain why the chat was found.
    pub snippet: Option<Snippet>,
}

/// A few words of a message around a match, as plain text (markdown
/// syntax left out), and where the match is in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Snippet {
    pub text: String,
    /// The match: a byte range of `text`, on character boundaries.
    pub mark: (usize, usize),
}

impl Snippet {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text before the match, the match, and the text after it.
    pub fn parts(&self) -> (&str, &str, &str) {
        let (a, b) = self.mark;
        let ok = a <= b && self.text.is_char_boundary(a) && self.text.get(b..).is_some();
        if !ok {
            return (&self.text, "", "");
        }
        (&self.text[..a], &self.text[a..b], &self.text[b..])
    }
}

/// The chats that match `query`, in the order given. An empty query matches
/// every chat.
pub fn search(chats: &[Conversation], query: &str) -> Vec<SearchHit> {
    let query = Query::new(query);
    chats
        .iter()
        .filter_map(|chat| query.matches(chat))
        .collect()
}

/// A query folded once, to match against many chats one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: String,
}

impl Query {
    pub fn new(query: &str) -> Self {
        Query {
            folded: fold(query),
        }
    }

    fn words(&self) -> Vec<&str> {
        self.folded.split_whitespace().collect()
    }

    /// No words: every chat matches.
    pub fn is_empty(&self) -> bool {
        self.folded.trim().is_empty()
    }

    /// Whether `title` holds every word (for a chat not read yet, whose
    /// messages are not known).
    pub fn matches_title(&self, title: &str) -> bool {
        let title = fold(title);
        self.words().iter().all(|w| title.contains(w))
    }

    /// Whether `chat` matches, and where.
    pub fn matches(&self, chat: &Conversation) -> Option<SearchHit> {
        match_chat(chat, &self.words())
    }
}

fn match_chat(chat: &Conversation, words: &[&str]) -> Option<SearchHit> {
    let hit = |snippet| {
        Some(SearchHit {
            id: chat.id.clone(),
            snippet,
        })
    };
    if words.is_empty() {
        return hit(None);
    }
    let title = fold(&chat.display_title());
    let mut matcher = Matcher {
        missing: words
            .iter()
            .copied()
            .filter(|w| !title.contains(w))
            .collect(),
        snippet: None,
    };
    if matcher.missing.is_empty() {
        return hit(None);
    }
    // The messages on screen first, so a snippet shows text the chat opens
    // on; then answers and edits kept as other versions, which a person
    // searching for "that answer before I regenerated it" means too.
    for m in &chat.messages {
        if matcher.found_all_in(m) {
            return hit(matcher.snippet);
        }
    }
    let mut done = false;
    for m in &chat.messages {
        for tail in m.versions.earlier.iter().chain(&m.versions.later) {
            versions::for_each(tail, &mut |kept| {
                done = done || matcher.found_all_in(kept);
            });
        }
    }
    if done { hit(matcher.snippet) } else { None }
}

/// The query words not found yet, and the snippet around the first one.
struct Matcher<'q> {
    missing: Vec<&'q str>,
    snippet: Option<Snippet>,
}

impl Matcher<'_> {
    /// Looks through a message's answer and thinking; true once every word
    /// has been found somewhere.
    fn found_all_in(&mut self, m: &Message) -> bool {
        for text in [m.content.as_str(), m.thinking.as_str()] {
            if text.is_empty() {
                continue;
            }
            // One lowercase copy per text is the only allocation per message.
            let lower = fold(text);
            if self.snippet.is_none()
                && let Some(first) = self.missing.first()
                && let Some(at) = lower.find(first)
            {
                self.snippet = Some(snippet_around(text, at, first.len()));
            }
            self.missing.retain(|w| !lower.contains(w));
            if self.missing.is_empty() {
                return true;
            }
        }
        false
    }
}

/// About [`SNIPPET_CHARS`] characters of `text` around the match found at
/// `at..at + len` in its lowercase copy, as plain text with "…" where text
/// was cut, and the match marked.
fn snippet_around(text: &str, at: usize, len: usize) -> Snippet {
    let start = original_offset(text, at);
    let end = original_offset(text, at + len);
    let from = text[..start]
        .char_indices()
        .rev()
        .nth(SNIPPET_LEAD - 1)
        .map_or(0, |(i, _)| i);
    let budget = SNIPPET_CHARS.max(text[from..end].chars().count());
    let to = text[from..]
        .char_indices()
        .nth(budget)
        .map_or(text.len(), |(i, _)| from + i);
    let (plain, (a, b)) = plain_with_mark(&text[from..to], (start - from, end - from));
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    Snippet {
        text: format!("{lead}{plain}{tail}"),
        mark: (a + lead.len(), b + lead.len()),
    }
}

/// The byte offset in `text` matching `lower_at` in its folded copy. Folding
/// can change a character's length in bytes ("ẞ" is three, "ß" two), so
/// offsets are walked, not copied.
fn original_offset(text: &str, lower_at: usize) -> usize {
    let mut walked = 0;
    for (i, c) in text.char_indices() {
        if walked >= lower_at {
            return i;
        }
        walked += fold_char(c).len_utf8();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_characters_that_grow_when_lowercased() {
        let text = "ẞİẞ rust";
        let lower = fold(text);
        let at = lower.find("rust").unwrap_or_default();
        assert_eq!(&text[original_offset(text, at)..], "rust");
    }

    #[test]
    fn snippet_is_cut_at_char_boundaries_with_ellipses() {
        let text = format!("{}needle{}", "ü".repeat(100), "🦀".repeat(100));
        let lower = fold(&text);
        let at = lower.find("needle").unwrap_or_default();
        let s = snippet_around(&text, at, 6);
        assert_eq!(s.parts().1, "needle");
        let s = s.text;
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(s.chars().count(), SNIPPET_CHARS + 2);
    }
}
