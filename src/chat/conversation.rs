//! A conversation: its messages, its own generation settings, and its title.

use super::catalogue::DEFAULT_MODEL;
use super::message::{Message, Role, Status};
use super::versions::normalize;
use crate::json::record::{json_enum, json_record};

json_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum ThinkingMode {
        #[default]
        Adaptive = "adaptive",
        Off = "off",
    }
}

json_record! {
    /// Generation settings kept per conversation. Each field defaults on its
    /// own: a chat saved before a setting existed gets today's default for it.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ChatParams {
        /// The model this chat uses instead of the one in Settings (a new
        /// chat in a folder starts with the folder's default model); `None`
        /// follows Settings.
        pub model: Option<String> = omit_empty,
        pub system_prompt: String = struct_default,
        pub temperature: f64 = struct_default,
        pub top_p: f64 = struct_default,
        pub max_output_tokens: u32 = struct_default,
        pub thinking: ThinkingMode = struct_default,
    }
}

impl Default for ChatParams {
    fn default() -> Self {
        // MiniMax's recommended values.
        ChatParams {
            model: None,
            system_prompt: String::new(),
            temperature: 1.0,
            top_p: 0.95,
            max_output_tokens: 8192,
            thinking: ThinkingMode::Adaptive,
        }
    }
}

json_record! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct Conversation {
        pub id: String,
        pub title: String = default,
        /// Once the user renames a chat, its first message no longer names it.
        pub title_is_custom: bool = default,
        pub created_ms: f64 = default,
        pub updated_ms: f64 = default,
        pub model: String = default(DEFAULT_MODEL.to_string()),
        pub params: ChatParams = default,
        /// Versions are put in their one canonical shape as they load.
        pub messages: Vec<Message> = default then normalize,
        /// When the user pinned it (pinned chats are listed first, in the
        /// order pinned); `None` when not pinned.
        pub pinned_ms: Option<f64> = omit_empty,
        /// The id of the folder it is in (see `folders.rs`); `None`: in none.
        pub folder: Option<String> = omit_empty,
    }
}

/// Orders chats as the list shows them: the most recently changed first.
/// One function for every caller, so the sort is compiled once.
pub fn sort_newest_first(chats: &mut [Conversation]) {
    newest_first(chats, |c| c.updated_ms);
}

/// A stable insertion sort, newest (largest `updated_ms`) first, ties in
/// their old order. Not `slice::sort_by`: std's sort is about 4 KB of wasm
/// per element type, and the lists sorted here are short and nearly in
/// order already (one chat moves to the top), where insertion is linear.
pub fn newest_first<T>(items: &mut [T], updated_ms: fn(&T) -> f64) {
    for i in 1..items.len() {
        let key = updated_ms(&items[i]);
        let mut j = i;
        while j > 0 && updated_ms(&items[j - 1]).total_cmp(&key).is_lt() {
            j -= 1;
        }
        items[j..=i].rotate_right(1);
    }
}

/// How many characters of the first message name an untitled chat.
const TITLE_CHARS: usize = 48;

impl Conversation {
    pub fn new(id: String, model: String, now_ms: f64) -> Self {
        Conversation {
            id,
            title: String::new(),
            title_is_custom: false,
            created_ms: now_ms,
            updated_ms: now_ms,
            model,
            params: ChatParams::default(),
            messages: Vec::new(),
            pinned_ms: None,
            folder: None,
        }
    }

    /// The title shown in the list: the custom one, else the start of the first message.
    pub fn display_title(&self) -> String {
        if self.title_is_custom && !self.title.trim().is_empty() {
            return self.title.trim().to_string();
        }
        self.messages
            .iter()
            .find(|m| m.role == Role::User)
            .map(|m| match title_from_text(&m.content) {
                t if t.is_empty() && !m.images.is_empty() => "Image".to_string(),
                t => t,
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "New chat".to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The reply still streaming, if any.
    pub fn streaming_reply(&self) -> Option<&Message> {
        self.messages
            .last()
            .filter(|m| m.role == Role::Assistant && m.status == Status::Streaming)
    }

    pub fn message_mut(&mut self, id: &str) -> Option<&mut Message> {
        self.messages.iter_mut().find(|m| m.id == id)
    }

    /// Replies left `streaming` by a tab that closed mid-reply: on load they are
    /// interrupted, with their text kept.
    pub fn settle_after_load(&mut self) -> bool {
        let mut changed = false;
        super::versions::for_each_mut(&mut self.messages, &mut |m| {
            if m.status == Status::Streaming {
                m.status = Status::Interrupted;
                changed = true;
            }
        });
        changed
    }
}

/// The first line-ish of a message, whitespace collapsed, cut at a char boundary.
pub fn title_from_text(text: &str) -> String {
    let collapsed: Vec<&str> = text.split_whitespace().collect();
    let joined = collapsed.join(" ");
    let mut out: String = joined.chars().take(TITLE_CHARS).collect();
    if joined.chars().count() > TITLE_CHARS {
        out = out.trim_end().to_string();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The hand-written sort orders exactly as std's stable sort would,
        /// ties (and NaNs) included.
        #[test]
        fn newest_first_is_a_stable_sort(
            keys in proptest::collection::vec(
                prop_oneof![0.0..5.0f64, Just(f64::NAN), Just(-0.0), Just(f64::INFINITY)],
                0..40,
            )
        ) {
            // Whole-number keys give many ties; the index shows stability.
            let mut ours: Vec<(f64, usize)> =
                keys.iter().map(|k| k.floor()).zip(0..).collect();
            let mut std_sorted = ours.clone();
            std_sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
            newest_first(&mut ours, |e| e.0);
            let ids = |v: &[(f64, usize)]| v.iter().map(|e| e.1).collect::<Vec<_>>();
            prop_assert_eq!(ids(&ours), ids(&std_sorted));
        }
    }

    #[test]
    fn title_comes_from_first_user_message() {
        let mut c = Conversation::new("c1".into(), "MiniMax-M3".into(), 0.0);
        assert_eq!(c.display_title(), "New chat");
        c.messages.push(Message::user(
            "m1".into(),
            "  Explain\nthe   borrow checker to a Python programmer who has never used Rust".into(),
            0.0,
        ));
        let t = c.display_title();
        assert!(t.starts_with("Explain the borrow checker"), "{t}");
        assert!(t.ends_with('…'));
        assert!(t.chars().count() <= TITLE_CHARS + 1);
        let mut picture = Message::user("m0".into(), " ".into(), 0.0);
        picture.images.push("data:image/png;base64,AAAA".into());
        c.messages.insert(0, picture);
        assert_eq!(c.display_title(), "Image");
        c.title = "Renamed".into();
        c.title_is_custom = true;
        assert_eq!(c.display_title(), "Renamed");
    }

    #[test]
    fn streaming_left_by_a_closed_tab_becomes_interrupted() {
        let mut c = Conversation::new("c1".into(), "MiniMax-M3".into(), 0.0);
        let mut r = Message::pending_reply("a".into(), "MiniMax-M3".into(), 0.0);
        r.content = "kept".into();
        c.messages.push(r);
        assert!(c.settle_after_load());
        assert_eq!(c.messages[0].status, Status::Interrupted);
        assert_eq!(c.messages[0].content, "kept");
    }

    #[test]
    fn old_json_without_new_fields_loads() {
        let c: Conversation = crate::json::parse(r#"{"id":"x","messages":[]}"#).unwrap();
        assert_eq!(c.model, super::super::catalogue::DEFAULT_MODEL);
        assert_eq!(c.params, ChatParams::default());
    }
}
