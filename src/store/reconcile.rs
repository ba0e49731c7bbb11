//! Two tabs, one conversation: before a tab overwrites a chat, its copy is
//! compared with the stored one so that messages another tab added are not
//! dropped silently.
//!
//! The rule: when the stored copy was updated later than this tab's copy and
//! holds messages (by id) that this tab's copy lacks, the two are merged by
//! message id. Otherwise this tab's copy is written as it is, because a newer
//! copy that lacks a message lacks it on purpose (Regenerate replaces the
//! last reply).

use crate::chat::{Conversation, Message, versions};

/// The conversation to write in place of `mine`, or `None` to write `mine`.
pub fn reconcile(mine: &Conversation, stored: &Conversation) -> Option<Conversation> {
    if stored.updated_ms <= mine.updated_ms {
        return None;
    }
    // Lists, not hash sets: a chat's messages are few, this runs only when
    // another tab wrote the chat, and std's hashing would add to the wasm.
    let mine_ids: Vec<&str> = mine.messages.iter().map(|m| m.id.as_str()).collect();
    // Messages this tab moved into a version (Regenerate, Edit) are not missing.
    let mut kept: Vec<String> = Vec::new();
    versions::for_each(&mine.messages, &mut |m| {
        if !mine_ids.contains(&m.id.as_str()) && !kept.contains(&m.id) {
            kept.push(m.id.clone());
        }
    });
    let missing = |m: &Message| !mine_ids.contains(&m.id.as_str()) && !kept.contains(&m.id);
    if !stored.messages.iter().any(missing) {
        return None;
    }
    let stored_shown: Vec<Message> = stored
        .messages
        .iter()
        .filter(|m| !kept.contains(&m.id))
        .cloned()
        .collect();
    Some(Conversation {
        messages: union(&mine.messages, &stored_shown, &mine_ids),
        // The stored copy is the newer one, so its title and settings win.
        ..stored.clone()
    })
}

/// Every message of both lists once, in the stored order, with this tab's
/// own messages placed after the message they followed here and, between
/// two shared messages, in the order they were started.
fn union(mine: &[Message], stored: &[Message], mine_ids: &[&str]) -> Vec<Message> {
    let mut out = stored.to_vec();
    let mut cursor = 0;
    for m in mine {
        if let Some(pos) = out.iter().position(|x| x.id == m.id) {
            if fresher(m, &out[pos]) {
                out[pos] = m.clone();
            }
            cursor = pos + 1;
            continue;
        }
        while out.get(cursor).is_some_and(|x| {
            !mine_ids.contains(&x.id.as_str()) && x.timing.started_ms <= m.timing.started_ms
        }) {
            cursor += 1;
        }
        out.insert(cursor, m.clone());
        cursor += 1;
    }
    out
}

/// Whether `a` is a later version of the same message than `b`: a finished
/// reply beats an unfinished one, a later end beats an earlier one, then
/// more text beats less.
fn fresher(a: &Message, b: &Message) -> bool {
    let done = |m: &Message| m.timing.ended_ms.is_some();
    let end = |m: &Message| m.timing.ended_ms.unwrap_or(f64::NEG_INFINITY);
    let len = |m: &Message| m.content.len() + m.thinking.len();
    done(a)
        .cmp(&done(b))
        .then(end(a).total_cmp(&end(b)))
        .then(len(a).cmp(&len(b)))
        .is_gt()
}
