//! JSON has no NaN or infinity: serde_json writes them as `null`, and a `null`
//! where a number belongs makes the whole chat unreadable on the next load.
//! So every float is made finite before a conversation is written anywhere.

use std::borrow::Cow;

use crate::chat::versions::{for_each, for_each_mut};
use crate::chat::{ChatParams, Conversation, Timing};

/// `chat` itself when every number in it is finite, else a repaired copy.
pub fn finite(chat: &Conversation) -> Cow<'_, Conversation> {
    if all_finite(chat) {
        return Cow::Borrowed(chat);
    }
    let mut copy = chat.clone();
    let defaults = ChatParams::default();
    fix(&mut copy.created_ms, 0.0);
    fix(&mut copy.updated_ms, copy.created_ms);
    fix(&mut copy.params.temperature, defaults.temperature);
    fix(&mut copy.params.top_p, defaults.top_p);
    for_each_mut(&mut copy.messages, &mut |m| fix_timing(&mut m.timing));
    Cow::Owned(copy)
}

fn all_finite(chat: &Conversation) -> bool {
    [
        chat.created_ms,
        chat.updated_ms,
        chat.params.temperature,
        chat.params.top_p,
    ]
    .iter()
    .all(|x| x.is_finite())
        && {
            let mut all = true;
            for_each(&chat.messages, &mut |m| all &= timing_finite(&m.timing));
            all
        }
}

fn timing_finite(t: &Timing) -> bool {
    t.started_ms.is_finite()
        && [t.first_token_ms, t.answer_started_ms, t.ended_ms]
            .iter()
            .flatten()
            .all(|x| x.is_finite())
}

fn fix(x: &mut f64, fallback: f64) {
    if !x.is_finite() {
        *x = fallback;
    }
}

fn fix_timing(t: &mut Timing) {
    fix(&mut t.started_ms, 0.0);
    // An optional time we cannot trust is better unknown than made up.
    for slot in [
        &mut t.first_token_ms,
        &mut t.answer_started_ms,
        &mut t.ended_ms,
    ] {
        if slot.is_some_and(|x| !x.is_finite()) {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Message;

    #[test]
    fn finite_chat_is_borrowed_and_nan_is_repaired() {
        let mut c = Conversation::new("c".into(), "m".into(), 5.0);
        c.messages.push(Message::user("u".into(), "hi".into(), 5.0));
        assert!(matches!(finite(&c), Cow::Borrowed(_)));

        c.params.temperature = f64::NAN;
        c.updated_ms = f64::INFINITY;
        c.messages[0].timing.ended_ms = Some(f64::NAN);
        let fixed = finite(&c);
        assert_eq!(fixed.params.temperature, ChatParams::default().temperature);
        assert_eq!(fixed.updated_ms, 5.0);
        assert_eq!(fixed.messages[0].timing.ended_ms, None);
        let json = crate::json::write::to_json(&*fixed);
        assert!(crate::json::parse::<Conversation>(&json).is_ok(), "{json}");
    }
}
