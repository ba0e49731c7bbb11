//! How much of a model's context window the next request takes: the last
//! reply's reported tokens (its prompt plus what it wrote, which goes back
//! with the next request), and an estimate for everything since (messages,
//! the draft, attached images). Also which recent turns fit when older ones
//! are left out.

use super::message::{Message, Role};

/// A rough token count for images: a 1568 px picture is about 1,600–2,200
/// tokens in the vision models that publish their rule. Rounded up, so the
/// meter errs towards warning early.
pub const IMAGE_TOKENS: u64 = 2_000;

/// Per message: the role and the separators around it.
const MESSAGE_OVERHEAD: u64 = 4;

/// The meter warns from this share of the window (percent).
pub const WARN_PERCENT: u64 = 80;

/// A rough token count for text: about four characters a token in English
/// and code, about one a token for CJK and other scripts outside ASCII.
/// Errs high rather than low.
pub fn estimate_text(text: &str) -> u64 {
    let (ascii, other) = text.chars().fold((0u64, 0u64), |(a, o), c| {
        if c.is_ascii() { (a + 1, o) } else { (a, o + 1) }
    });
    ascii.div_ceil(4) + other
}

/// One message as the next request carries it: its text, its thinking
/// (sent back whole), and its images.
pub fn estimate_message(m: &Message) -> u64 {
    MESSAGE_OVERHEAD
        + estimate_text(&m.content)
        + estimate_text(&m.thinking)
        + IMAGE_TOKENS * m.images.len() as u64
}

/// Tokens the chat takes now, before anything new is sent: from the last
/// reply that reported usage on, the server's count; before it (or with no
/// such reply), estimates.
pub fn chat_tokens(system_prompt: &str, messages: &[Message]) -> u64 {
    let counted = messages
        .iter()
        .rposition(|m| m.role == Role::Assistant && m.usage.is_some());
    let (base, rest) = match counted {
        Some(at) => {
            let u = messages[at]
                .usage
                .as_ref()
                .map_or(0, |u| u.prompt_tokens.saturating_add(u.completion_tokens));
            (u, &messages[at + 1..])
        }
        None => (
            if system_prompt.trim().is_empty() {
                0
            } else {
                MESSAGE_OVERHEAD + estimate_text(system_prompt)
            },
            messages,
        ),
    };
    rest.iter()
        .fold(base, |sum, m| sum.saturating_add(estimate_message(m)))
}

/// What is being written: the draft and the images attached to it.
pub fn draft_tokens(draft: &str, images: usize) -> u64 {
    if draft.trim().is_empty() && images == 0 {
        return 0;
    }
    MESSAGE_OVERHEAD + estimate_text(draft) + IMAGE_TOKENS * images as u64
}

/// How full the window is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Fine,
    /// From [`WARN_PERCENT`] of the window.
    Warn,
    /// More than the window: the request would be refused.
    Over,
}

impl Fill {
    /// The name the page styles it by (`data-fill`).
    pub fn as_str(self) -> &'static str {
        match self {
            Fill::Fine => "fine",
            Fill::Warn => "warn",
            Fill::Over => "over",
        }
    }
}

/// The context meter: tokens the next request takes, of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    pub used: u64,
    pub window: u64,
}

impl Meter {
    pub fn fill(&self) -> Fill {
        if self.used > self.window {
            Fill::Over
        } else if self.used * 100 >= self.window * WARN_PERCENT {
            Fill::Warn
        } else {
            Fill::Fine
        }
    }

    /// Whole percent used, at most 999.
    pub fn percent(&self) -> u64 {
        (self.used.saturating_mul(100) / self.window.max(1)).min(999)
    }
}

/// Where the recent turns start when older ones are left out: the earliest
/// user message from which the rest of the chat takes at most `budget`
/// tokens. Always keeps the last turn (from the last user message on), even
/// over the budget: a chat of nothing is no use. `None` when there is no
/// user message to start from, or nothing older to leave out.
pub fn recent_start(messages: &[Message], budget: u64) -> Option<usize> {
    let mut start = None;
    let mut total = 0u64;
    for (i, m) in messages.iter().enumerate().rev() {
        total = total.saturating_add(estimate_message(m));
        if m.role == Role::User {
            if total > budget && start.is_some() {
                break;
            }
            start = Some(i);
        }
    }
    start.filter(|&at| at > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Usage;

    fn user(text: &str) -> Message {
        Message::user("u".into(), text.into(), 0.0)
    }

    fn reply(text: &str, usage: Option<(u64, u64)>) -> Message {
        let mut m = Message::pending_reply("a".into(), "MiniMax-M3".into(), 0.0);
        m.content = text.into();
        m.usage = usage.map(|(p, c)| Usage {
            prompt_tokens: p,
            completion_tokens: c,
            total_tokens: p + c,
            ..Usage::default()
        });
        m
    }

    #[test]
    fn text_estimates_err_high() {
        assert_eq!(estimate_text(""), 0);
        assert_eq!(estimate_text("abcd"), 1);
        assert_eq!(estimate_text("abcde"), 2);
        assert_eq!(estimate_text("你好世界"), 4);
        assert_eq!(estimate_text("héllo"), 2);
    }

    #[test]
    fn the_last_reported_reply_counts_and_the_rest_is_estimated() {
        let mut m = vec![
            user(&"x".repeat(400)),
            reply("y", Some((120, 30))),
            user(&"z".repeat(40)),
        ];
        assert_eq!(chat_tokens("ignored once counted", &m), 150 + 4 + 10);
        m[2].images.push("data:image/jpeg;base64,AA".into());
        assert_eq!(chat_tokens("", &m), 150 + 4 + 10 + IMAGE_TOKENS);
        // No usage anywhere: all estimated, the system prompt included.
        m[1].usage = None;
        let estimated = chat_tokens("Be brief.", &m);
        assert_eq!(
            estimated,
            (4 + 3) + (4 + 100) + (4 + 1) + (4 + 10 + IMAGE_TOKENS)
        );
        assert_eq!(chat_tokens("", &[]), 0);
    }

    #[test]
    fn the_draft_counts_when_there_is_one() {
        assert_eq!(draft_tokens("  ", 0), 0);
        assert_eq!(draft_tokens("abcd", 0), 5);
        assert_eq!(draft_tokens("", 2), 4 + 2 * IMAGE_TOKENS);
    }

    #[test]
    fn the_meter_warns_at_eighty_percent_and_over_the_window() {
        let m = |used| Meter { used, window: 1000 };
        assert_eq!(m(799).fill(), Fill::Fine);
        assert_eq!(m(800).fill(), Fill::Warn);
        assert_eq!(m(1000).fill(), Fill::Warn);
        assert_eq!(m(1001).fill(), Fill::Over);
        assert_eq!(m(805).percent(), 80);
        assert_eq!(m(u64::MAX).percent(), 999);
        assert_eq!(Meter { used: 5, window: 0 }.fill(), Fill::Over);
    }

    #[test]
    fn recent_turns_start_at_a_user_message_within_the_budget() {
        let turn = |n: usize| [user(&"q".repeat(n)), reply(&"a".repeat(n), None)];
        let m: Vec<Message> = [turn(400), turn(400), turn(40)].concat();
        // Each 400-character turn is 2×(4+100) = 208; the last is 2×(4+10) = 28.
        assert_eq!(
            recent_start(&m, 1000),
            None,
            "all fits: nothing to leave out"
        );
        assert_eq!(recent_start(&m, 300), Some(2));
        assert_eq!(recent_start(&m, 100), Some(4));
        assert_eq!(recent_start(&m, 0), Some(4), "the last turn always stays");
        assert_eq!(recent_start(&m[..2], 0), None, "one turn: nothing older");
        assert_eq!(recent_start(&[reply("a", None)], 0), None);
    }
}
