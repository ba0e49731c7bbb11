//! Merging imported chats with the ones already here, so importing the same
//! file twice adds nothing and no version of a conversation is thrown away.
//!
//! For each incoming chat, by id:
//! * not here: added;
//! * here with the same messages: unchanged, or updated when the incoming
//!   copy was changed later (its model or settings);
//! * one's messages a prefix of the other's: the longer one is kept
//!   (updated when it is the incoming one);
//! * diverged: both are kept, the incoming one as a copy with a new id and
//!   " (imported)" after its title, unless such a copy is already here.
//!
//! An import never changes a chat's title or system prompt: an incoming chat
//! that would (being newer or longer, with another title or system prompt)
//! counts as diverged, so ours stays as it is and the incoming one comes in
//! beside it as a copy with its own title and prompt. Both versions are
//! kept, and importing the same file again finds the copy and adds nothing.

use crate::chat::Conversation;

/// Put after the title of an imported copy of a chat that differs from ours.
pub const IMPORTED_SUFFIX: &str = " (imported)";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeOutcome {
    /// New chats to save, including copies.
    pub added: Vec<Conversation>,
    /// Chats to save in place of the ones with the same id.
    pub updated: Vec<Conversation>,
    /// Incoming chats already here.
    pub unchanged: usize,
    /// How many of `added` are copies of diverged chats.
    pub copies: usize,
}

enum Slot {
    Existing(usize),
    Added(usize),
    Updated(usize),
}

enum Verdict {
    Same,
    IncomingNewer,
    OursNewer,
    Diverged,
}

pub fn merge(
    existing: &[Conversation],
    incoming: Vec<Conversation>,
    new_id: &mut dyn FnMut() -> String,
) -> MergeOutcome {
    let mut out = MergeOutcome::default();
    for chat in incoming {
        let Some(slot) = out.find(existing, &chat.id) else {
            if out.has_copy(existing, &chat) {
                out.unchanged += 1;
            } else {
                out.added.push(chat);
            }
            continue;
        };
        let verdict = out
            .get(existing, &slot)
            .map_or(Verdict::Diverged, |ours| compare(ours, &chat));
        match verdict {
            Verdict::Same | Verdict::OursNewer => out.unchanged += 1,
            Verdict::IncomingNewer => out.put(slot, chat),
            Verdict::Diverged if out.has_copy(existing, &chat) => out.unchanged += 1,
            Verdict::Diverged => {
                out.added.push(as_copy(chat, new_id()));
                out.copies += 1;
            }
        }
    }
    out
}

impl MergeOutcome {
    /// Where the chat with `id` stands now: what this merge already took in
    /// wins over what was here before.
    fn find(&self, existing: &[Conversation], id: &str) -> Option<Slot> {
        let at = |list: &[Conversation]| list.iter().position(|c| c.id == id);
        at(&self.updated)
            .map(Slot::Updated)
            .or_else(|| at(&self.added).map(Slot::Added))
            .or_else(|| at(existing).map(Slot::Existing))
    }

    /// The chat at `slot`; `find` made it from these very lists, so it is there.
    fn get<'a>(&'a self, existing: &'a [Conversation], slot: &Slot) -> Option<&'a Conversation> {
        match *slot {
            Slot::Existing(i) => existing.get(i),
            Slot::Added(i) => self.added.get(i),
            Slot::Updated(i) => self.updated.get(i),
        }
    }

    /// `chat` in place of the one at `slot`.
    fn put(&mut self, slot: Slot, chat: Conversation) {
        let place = match slot {
            Slot::Existing(_) => return self.updated.push(chat),
            Slot::Added(i) => self.added.get_mut(i),
            Slot::Updated(i) => self.updated.get_mut(i),
        };
        if let Some(place) = place {
            *place = chat;
        }
    }

    /// A chat with exactly these messages, title and system prompt is here
    /// already (an earlier import made a copy of it).
    fn has_copy(&self, existing: &[Conversation], chat: &Conversation) -> bool {
        let title = chat.display_title();
        let copy_title = format!("{title}{IMPORTED_SUFFIX}");
        !chat.messages.is_empty()
            && existing.iter().chain(&self.added).any(|c| {
                c.messages == chat.messages
                    && c.params.system_prompt == chat.params.system_prompt
                    && [&title, &copy_title].contains(&&c.display_title())
            })
    }

    /// A sentence for the user, e.g. "Imported 3 chats (1 updated, 2 already here)."
    pub fn summary(&self) -> String {
        let total = self.added.len() + self.updated.len() + self.unchanged;
        if total == 0 {
            return "There were no chats to import.".into();
        }
        if self.added.is_empty() && self.updated.is_empty() {
            return match total {
                1 => "That chat was already here; nothing changed.".into(),
                n => format!("All {n} chats were already here; nothing changed."),
            };
        }
        let new = self.added.len() - self.copies;
        let mut parts = Vec::new();
        if new > 0 && new < total {
            parts.push(format!("{new} new"));
        }
        if !self.updated.is_empty() {
            parts.push(format!("{} updated", self.updated.len()));
        }
        if self.unchanged > 0 {
            parts.push(format!("{} already here", self.unchanged));
        }
        match self.copies {
            0 => {}
            1 => parts.push(format!(
                "1 added as a copy marked \"{}\" because yours differs",
                IMPORTED_SUFFIX.trim()
            )),
            n => parts.push(format!(
                "{n} added as copies marked \"{}\" because yours differ",
                IMPORTED_SUFFIX.trim()
            )),
        }
        let chats = if total == 1 { "chat" } else { "chats" };
        if parts.is_empty() {
            format!("Imported {total} {chats}.")
        } else {
            format!("Imported {total} {chats} ({}).", parts.join(", "))
        }
    }
}

fn compare(ours: &Conversation, incoming: &Conversation) -> Verdict {
    let (a, b) = (&ours.messages, &incoming.messages);
    // Taking the incoming chat in place of ours must not rename it or change
    // its instructions: such a chat is kept beside ours instead.
    let newer = || {
        let renames = ours.display_title() != incoming.display_title()
            || ours.params.system_prompt != incoming.params.system_prompt;
        if renames {
            Verdict::Diverged
        } else {
            Verdict::IncomingNewer
        }
    };
    if a == b {
        if same_but_times(ours, incoming) {
            Verdict::Same
        } else if incoming.updated_ms > ours.updated_ms {
            newer()
        } else {
            Verdict::OursNewer
        }
    } else if b.starts_with(a) {
        newer()
    } else if a.starts_with(b) {
        Verdict::OursNewer
    } else {
        Verdict::Diverged
    }
}

/// Equal in everything but when they were made and changed: an import of
/// the same chat again, whose times may have been moved back to "now".
fn same_but_times(ours: &Conversation, incoming: &Conversation) -> bool {
    ours.id == incoming.id
        && ours.title == incoming.title
        && ours.title_is_custom == incoming.title_is_custom
        && ours.model == incoming.model
        && ours.params == incoming.params
        && ours.messages == incoming.messages
}

fn as_copy(mut chat: Conversation, id: String) -> Conversation {
    chat.title = format!("{}{IMPORTED_SUFFIX}", chat.display_title());
    chat.title_is_custom = true;
    chat.id = id;
    chat
}
