//! Versions of a conversation: Regenerate and Edit never throw words away.
//!
//! A conversation's `messages` are the path on screen. When the user
//! regenerates a reply or edits a message at position `i`, the messages from
//! `i` on (the "tail") are kept as a version, and a new tail starts there.
//! The versions live on the first message of the tail on screen: the ones
//! before it in `earlier` (oldest first), the ones after it in `later`. Each
//! kept tail is a whole path with its own later messages, and those may hold
//! versions of their own, so the tree of every answer ever given is stored
//! once, without copies, inside the linear list the request is built from.
//!
//! Invariant: the first message of a kept tail carries no versions (they
//! belong to whichever tail is on screen), and no kept tail is empty.

use super::message::Message;
use crate::json::record::{Absent, json_record};

json_record! {
    /// The other versions of the tail that starts at a message.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Versions {
        /// Tails shown before this one, oldest first.
        pub earlier: Vec<Vec<Message>> = omit_empty,
        /// Tails shown after this one, in order.
        pub later: Vec<Vec<Message>> = omit_empty,
    }
}

/// A message with no other versions stores none (`omit_empty`).
impl Absent for Versions {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Versions {
    pub fn is_empty(&self) -> bool {
        self.earlier.is_empty() && self.later.is_empty()
    }

    /// How many versions there are, this one included.
    pub fn count(&self) -> usize {
        self.earlier.len() + 1 + self.later.len()
    }

    /// Which one is on screen, counting from 1.
    pub fn position(&self) -> usize {
        self.earlier.len() + 1
    }
}

/// Which way to move between versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Previous,
    Next,
}

/// Replace `messages[at..]` by `new_tail`, keeping the old tail as a version;
/// the new one becomes the last version. With `at` past the end (nothing to
/// replace) the new tail is simply appended.
pub fn branch(messages: &mut Vec<Message>, at: usize, mut new_tail: Vec<Message>) {
    if new_tail.is_empty() {
        return;
    }
    if at < messages.len() {
        let mut old = messages.split_off(at);
        let mut versions = std::mem::take(&mut old[0].versions);
        versions.earlier.push(old);
        let later = std::mem::take(&mut versions.later);
        versions.earlier.extend(later);
        new_tail[0].versions = versions;
    }
    messages.append(&mut new_tail);
}

/// Show the previous or next version of the tail at `at`. Returns false (and
/// changes nothing) when there is none that way.
pub fn switch(messages: &mut Vec<Message>, at: usize, step: Step) -> bool {
    let Some(Versions { earlier, later }) = messages.get_mut(at).map(|m| &mut m.versions) else {
        return false;
    };
    let target = match step {
        Step::Previous => earlier.pop(),
        Step::Next if !later.is_empty() => Some(later.remove(0)),
        Step::Next => None,
    };
    // An empty tail holds nothing (`normalize` drops them on load anyway).
    let Some(mut target) = target.filter(|t| !t.is_empty()) else {
        return false;
    };
    let mut shown = messages.split_off(at);
    let mut versions = std::mem::take(&mut shown[0].versions);
    match step {
        Step::Previous => versions.later.insert(0, shown),
        Step::Next => versions.earlier.push(shown),
    }
    target[0].versions = versions;
    messages.append(&mut target);
    true
}

/// Visit every message, on screen or kept in a version, depth first.
pub fn for_each_mut(messages: &mut [Message], f: &mut dyn FnMut(&mut Message)) {
    for m in messages {
        f(m);
        let Versions { earlier, later } = &mut m.versions;
        for tail in earlier.iter_mut().chain(later.iter_mut()) {
            for_each_mut(tail, f);
        }
    }
}

/// Visit every message, on screen or kept in a version.
pub fn for_each(messages: &[Message], f: &mut dyn FnMut(&Message)) {
    for m in messages {
        f(m);
        for tail in m.versions.earlier.iter().chain(&m.versions.later) {
            for_each(tail, f);
        }
    }
}

/// Empty kept tails (from a damaged or hand-made record) are dropped, and
/// versions found on the first message of a kept tail are moved up to the
/// message that holds them: nothing is lost, and [`switch`] stays simple.
pub fn normalize(messages: &mut [Message]) {
    for m in messages.iter_mut() {
        let mut flat = Versions::default();
        let Versions { earlier, later } = std::mem::take(&mut m.versions);
        for (tails, out) in [(earlier, &mut flat.earlier), (later, &mut flat.later)] {
            for mut tail in tails {
                if tail.is_empty() {
                    continue;
                }
                let nested = std::mem::take(&mut tail[0].versions);
                normalize(&mut tail);
                out.extend(nested.earlier.into_iter().filter(|t| !t.is_empty()));
                out.push(tail);
                out.extend(nested.later.into_iter().filter(|t| !t.is_empty()));
            }
        }
        m.versions = flat;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::Role;

    fn msg(id: &str, role: Role) -> Message {
        let mut m = Message::user(id.into(), format!("text of {id}"), 0.0);
        m.role = role;
        m
    }

    fn ids(messages: &[Message]) -> Vec<&str> {
        messages.iter().map(|m| m.id.as_str()).collect()
    }

    fn all_ids(messages: &[Message]) -> Vec<String> {
        let mut out = Vec::new();
        for_each(messages, &mut |m| out.push(m.id.clone()));
        out.sort();
        out
    }

    /// The first message of each earlier version, oldest first.
    fn earlier_firsts(m: &Message) -> Vec<&str> {
        m.versions
            .earlier
            .iter()
            .map(|t| t[0].id.as_str())
            .collect()
    }

    fn chat() -> Vec<Message> {
        vec![
            msg("u1", Role::User),
            msg("a1", Role::Assistant),
            msg("u2", Role::User),
            msg("a2", Role::Assistant),
        ]
    }

    #[test]
    fn regenerating_keeps_the_old_answer_as_version_one() {
        let mut m = chat();
        branch(&mut m, 3, vec![msg("a2b", Role::Assistant)]);
        assert_eq!(ids(&m), ["u1", "a1", "u2", "a2b"]);
        assert_eq!((m[3].versions.position(), m[3].versions.count()), (2, 2));
        assert!(switch(&mut m, 3, Step::Previous));
        assert_eq!(ids(&m), ["u1", "a1", "u2", "a2"]);
        assert_eq!((m[3].versions.position(), m[3].versions.count()), (1, 2));
        assert!(!switch(&mut m, 3, Step::Previous));
        assert!(switch(&mut m, 3, Step::Next));
        assert_eq!(ids(&m), ["u1", "a1", "u2", "a2b"]);
        assert!(!switch(&mut m, 3, Step::Next));
    }

    #[test]
    fn a_new_version_goes_last_even_when_an_earlier_one_is_shown() {
        let mut m = chat();
        branch(&mut m, 3, vec![msg("b", Role::Assistant)]);
        branch(&mut m, 3, vec![msg("c", Role::Assistant)]);
        switch(&mut m, 3, Step::Previous);
        switch(&mut m, 3, Step::Previous);
        assert_eq!(m[3].id, "a2");
        branch(&mut m, 3, vec![msg("d", Role::Assistant)]);
        assert_eq!((m[3].versions.position(), m[3].versions.count()), (4, 4));
        let order = earlier_firsts(&m[3]);
        assert_eq!(order, ["a2", "b", "c"]);
    }

    #[test]
    fn editing_keeps_the_whole_later_conversation_with_its_own_versions() {
        let mut m = chat();
        branch(&mut m, 3, vec![msg("a2b", Role::Assistant)]);
        // Edit the first question: everything after it is one version.
        branch(
            &mut m,
            0,
            vec![msg("u1b", Role::User), msg("a1b", Role::Assistant)],
        );
        assert_eq!(ids(&m), ["u1b", "a1b"]);
        assert!(switch(&mut m, 0, Step::Previous));
        assert_eq!(ids(&m), ["u1", "a1", "u2", "a2b"]);
        // The inner versions came back with their tail.
        assert_eq!((m[3].versions.position(), m[3].versions.count()), (2, 2));
        assert!(switch(&mut m, 3, Step::Previous));
        assert_eq!(m[3].id, "a2");
    }

    #[test]
    fn nothing_is_lost_by_any_sequence_of_moves() {
        let mut m = chat();
        let mut expected = all_ids(&m);
        let mut fresh = 0;
        // A fixed pseudo-random walk over branch and switch at every position.
        let mut seed = 7u32;
        for _ in 0..400 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let at = (seed >> 8) as usize % m.len().max(1);
            match (seed >> 4) % 4 {
                0 => {
                    fresh += 1;
                    let id = format!("n{fresh}");
                    expected.push(id.clone());
                    expected.sort();
                    branch(&mut m, at, vec![msg(&id, Role::Assistant)]);
                }
                1 => {
                    switch(&mut m, at, Step::Previous);
                }
                _ => {
                    switch(&mut m, at, Step::Next);
                }
            }
            assert_eq!(all_ids(&m), expected);
            for_each(&m, &mut |x| {
                for tail in x.versions.earlier.iter().chain(&x.versions.later) {
                    assert!(!tail.is_empty());
                    assert!(tail[0].versions.is_empty());
                }
            });
        }
    }

    #[test]
    fn branching_past_the_end_appends() {
        let mut m = chat();
        branch(&mut m, 4, vec![msg("a3", Role::Assistant)]);
        assert_eq!(ids(&m), ["u1", "a1", "u2", "a2", "a3"]);
        assert!(m[4].versions.is_empty());
    }

    #[test]
    fn normalize_drops_empty_tails_and_lifts_misplaced_versions() {
        let mut m = chat();
        let mut kept = vec![msg("x", Role::Assistant)];
        kept[0]
            .versions
            .earlier
            .push(vec![msg("y", Role::Assistant)]);
        m[3].versions.earlier = vec![Vec::new(), kept];
        normalize(&mut m);
        let order = earlier_firsts(&m[3]);
        assert_eq!(order, ["y", "x"]);
        assert_eq!(all_ids(&m).len(), 6);
    }
}
