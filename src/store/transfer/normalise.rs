//! What an imported file may not bring in as it is: ids become storage keys
//! (`mmchat:chat:<id>`) and DOM keys, so they are held to the characters and
//! length this app makes them with; times order the chat list and decide
//! which copy of a chat is newer, so none may lie in the future.

use crate::chat::Conversation;
use crate::chat::images::{image_ref, ref_id};
use crate::chat::message::Timing;
use crate::chat::versions::for_each_mut;
use crate::decimal::base36;

/// The longest id kept as it is. The app's own are about 20 characters.
pub const MAX_ID_CHARS: usize = 64;

/// How much of a too-long or unusual id is kept before its hash.
const KEPT_CHARS: usize = 40;

/// `raw` as an id this app can store: unchanged when it is made only of
/// ASCII letters, digits, `-` and `_` and is at most [`MAX_ID_CHARS`] long;
/// otherwise its allowed characters (at most 40) and a hash of the whole,
/// so the same file imported twice gives the same ids and two ids that
/// differ only in what was dropped stay apart. `None` when nothing usable is
/// left: the caller gives the item a fresh id.
pub fn normal_id(raw: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let usable = |id: &str| id.chars().any(|c| c.is_ascii_alphanumeric());
    if raw.len() <= MAX_ID_CHARS && raw.chars().all(allowed) && usable(raw) {
        return Some(raw.to_owned());
    }
    let kept: String = raw
        .chars()
        .filter(|&c| allowed(c))
        .take(KEPT_CHARS)
        .collect();
    if !usable(&kept) {
        return None;
    }
    Some(format!("{kept}-{}", base36(fnv1a(raw.as_bytes()))))
}

/// The references in `chat` made the way [`normal_id`] makes the ids they
/// point at (folders, image records), so an imported folder or picture whose
/// id had to be made safe is still found; a reference with nothing usable
/// left points at nothing (no folder, a missing image).
pub fn normal_refs(chat: &mut Conversation) {
    chat.folder = chat.folder.as_deref().and_then(normal_id);
    for_each_mut(&mut chat.messages, &mut |m| {
        for entry in &mut m.images {
            if let Some(id) = ref_id(entry) {
                *entry = image_ref(&normal_id(id).unwrap_or_default());
            }
        }
    });
}

/// Every time in `chat` between 0 and `now_ms` (a future time would keep a
/// chat at the top of the list and make it win every later merge), and the
/// chat changed no earlier than it was made.
pub fn bound_times(chat: &mut Conversation, now_ms: f64) {
    let bound = |x: f64| if x >= 0.0 { x.min(now_ms) } else { 0.0 };
    chat.created_ms = bound(chat.created_ms);
    chat.updated_ms = bound(chat.updated_ms).max(chat.created_ms);
    for_each_mut(&mut chat.messages, &mut |m| {
        bound_timing(&mut m.timing, &bound)
    });
}

fn bound_timing(t: &mut Timing, bound: &dyn Fn(f64) -> f64) {
    t.started_ms = bound(t.started_ms);
    for slot in [
        &mut t.first_token_ms,
        &mut t.answer_started_ms,
        &mut t.ended_ms,
    ] {
        *slot = slot.map(bound);
    }
}

/// 64-bit FNV-1a: small, stable across versions and platforms, and enough
/// to tell ids apart (this is not a defence against a chosen collision,
/// which would only make two imported chats merge as one).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Message;
    use proptest::prelude::*;

    #[test]
    fn references_follow_the_ids_they_point_at() {
        let mut chat = Conversation::new("c".into(), "m".into(), 0.0);
        chat.folder = Some("../../mmchat:index".into());
        let mut m = crate::chat::Message::user("u".into(), "hi".into(), 0.0);
        m.images = vec![
            image_ref("img/1"),
            image_ref("ok_1"),
            "data:image/png;base64,AAAA".into(),
        ];
        chat.messages.push(m);
        normal_refs(&mut chat);
        assert_eq!(chat.folder, normal_id("../../mmchat:index"));
        let images = &chat.messages[0].images;
        assert_eq!(
            images[0],
            image_ref(&normal_id("img/1").unwrap_or_default())
        );
        assert_eq!(images[1], image_ref("ok_1"));
        assert_eq!(images[2], "data:image/png;base64,AAAA");
    }

    #[test]
    fn good_ids_are_kept_and_odd_ones_made_safe() {
        assert_eq!(
            normal_id("cmd3k2x9a1b2c3").as_deref(),
            Some("cmd3k2x9a1b2c3")
        );
        assert_eq!(normal_id("new-1").as_deref(), Some("new-1"));
        let path = normal_id("../../mmchat:index").unwrap_or_default();
        assert!(path.starts_with("mmchatindex-"), "{path}");
        let long = normal_id(&"a".repeat(200_000)).unwrap_or_default();
        assert!(long.len() <= MAX_ID_CHARS, "{}", long.len());
        assert_eq!(normal_id("../.."), None);
        assert_eq!(normal_id(""), None);
        assert_eq!(normal_id("--"), None);
        assert_eq!(normal_id("\u{1F980}"), None);
        // Different ids stay different, the same id gives the same result.
        assert_ne!(normal_id("a/b"), normal_id("a:b"));
        assert_eq!(normal_id("a/b"), normal_id("a/b"));
    }

    #[test]
    fn times_are_bounded_by_now() {
        let mut c = Conversation::new("c".into(), "m".into(), 9e15);
        c.created_ms = -5.0;
        let mut m = Message::user("u".into(), "hi".into(), 9e15);
        m.timing.first_token_ms = Some(-1.0);
        c.messages.push(m);
        bound_times(&mut c, 1_000.0);
        assert_eq!((c.created_ms, c.updated_ms), (0.0, 1_000.0));
        assert_eq!(c.messages[0].timing.started_ms, 1_000.0);
        assert_eq!(c.messages[0].timing.ended_ms, Some(1_000.0));
        assert_eq!(c.messages[0].timing.first_token_ms, Some(0.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the id, the result is short, of allowed characters, and
        /// the same every time; an id that was already fine is untouched.
        #[test]
        fn normal_ids_are_safe_and_stable(raw in any::<String>()) {
            if let Some(id) = normal_id(&raw) {
                prop_assert!(!id.is_empty() && id.len() <= MAX_ID_CHARS);
                prop_assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
                prop_assert_eq!(normal_id(&id), Some(id.clone()));
                prop_assert_eq!(normal_id(&raw), Some(id));
            }
        }

        #[test]
        fn app_ids_are_untouched(id in "[a-z0-9][a-z0-9_-]{0,63}") {
            prop_assert_eq!(normal_id(&id), Some(id));
        }
    }
}
