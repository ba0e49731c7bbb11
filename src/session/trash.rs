//! Deleting one message, and Undo for it and for a deleted chat: the last
//! thing deleted can be brought back until the next delete, or until its
//! chat changes (a message comes back into the chat as it was).

use super::{Env, Session};
use crate::chat::versions;
use crate::chat::{Conversation, Message, Role};
use crate::store::KeyValue;

/// What Undo would bring back.
#[derive(Debug, Clone)]
pub(super) enum Deleted {
    Chat(Conversation),
    /// The chat's messages as they were before the delete (the message may
    /// have carried versions, which moved).
    Message {
        chat_id: String,
        role: Role,
        before: Vec<Message>,
    },
}

impl Deleted {
    /// The messages Undo would bring back (with their images).
    pub(super) fn messages(&self) -> &[Message] {
        match self {
            Deleted::Chat(conv) => &conv.messages,
            Deleted::Message { before, .. } => before,
        }
    }
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Delete one message of the open chat; [`Session::undo_delete`] brings
    /// it back. Not while a reply streams in this chat.
    pub fn delete_message(&mut self, id: &str) {
        if self.streaming_chat() == Some(self.open.as_str()) {
            return self.set_problem(Some(
                "A reply is still streaming. Stop it or wait for it to finish, then delete.".into(),
            ));
        }
        let chat_id = self.open.clone();
        let Some(conv) = self.chat_mut(&chat_id) else {
            return;
        };
        let Some(at) = conv.messages.iter().position(|m| m.id == id) else {
            return;
        };
        let before = conv.messages.clone();
        let role = before[at].role;
        if !versions::remove(&mut conv.messages, at) {
            return self.set_problem(Some(
                "This message and the one after it both have other versions. Show another version of the one after it, then delete."
                    .into(),
            ));
        }
        // Images only the deleted message named go from the image store
        // (the chat, still listed, keeps the rest); Undo writes them back.
        self.delete_images_of(&before);
        self.deleted = Some(Deleted::Message {
            chat_id: chat_id.clone(),
            role,
            before,
        });
        self.remedies.retain(|(reply, _)| reply != id);
        self.set_problem(None);
        self.changes.thread = true;
        self.changes.list = true;
        self.changes.status = true;
        self.save_chat(&chat_id);
    }

    /// Bring back what was deleted last, as it was.
    pub fn undo_delete(&mut self) {
        match self.deleted.take() {
            Some(Deleted::Chat(conv)) => {
                let id = conv.id.clone();
                self.restore_images_of(&conv.messages);
                self.put(conv);
                self.chats.sort();
                self.changes.status = true;
                self.save_chat(&id);
                self.look_after_images(&id);
            }
            Some(Deleted::Message {
                chat_id, before, ..
            }) => {
                let Some(conv) = self.chat_mut(&chat_id) else {
                    return;
                };
                conv.messages = before;
                let messages = conv.messages.clone();
                self.restore_images_of(&messages);
                if chat_id == self.open {
                    self.changes.thread = true;
                }
                self.changes.list = true;
                self.changes.status = true;
                self.save_chat(&chat_id);
            }
            None => {}
        }
    }

    /// Forget what Undo would bring back.
    pub fn dismiss_deleted(&mut self) {
        if self.deleted.take().is_some() {
            self.changes.status = true;
            self.forget_loaded_images();
        }
    }

    /// The chat's messages changed: a deleted message can no longer be put
    /// back as it was.
    pub(super) fn forget_deleted_message(&mut self, chat_id: &str) {
        if matches!(&self.deleted, Some(Deleted::Message { chat_id: c, .. }) if c == chat_id) {
            self.deleted = None;
            self.changes.status = true;
        }
    }

    /// The title of the chat that Undo would bring back.
    pub fn deleted_title(&self) -> Option<String> {
        match &self.deleted {
            Some(Deleted::Chat(conv)) => Some(conv.display_title()),
            _ => None,
        }
    }

    /// What the Undo banner says, when there is something to undo.
    /// Whether what Undo would bring back is a whole chat.
    pub fn deleted_a_chat(&self) -> bool {
        matches!(self.deleted, Some(Deleted::Chat(_)))
    }

    pub fn deleted_note(&self) -> Option<String> {
        Some(match self.deleted.as_ref()? {
            Deleted::Chat(conv) => format!("Deleted \u{201c}{}\u{201d}.", conv.display_title()),
            Deleted::Message {
                role: Role::User, ..
            } => "Deleted your message.".into(),
            Deleted::Message { .. } => "Deleted a reply.".into(),
        })
    }
}
