//! What the open chat has cost, and this calendar month across all chats,
//! at the catalogue's prices: every reply counts, the other versions of
//! regenerated answers included (they were paid for too). Chats deleted
//! since are no longer counted. The month's total waits until every chat
//! has been read from storage (a few moments after the page opens), so it
//! is never shown short.

use super::{Env, Session};
use crate::chat::cost::Spent;
use crate::chat::versions::for_each;
use crate::chat::{Message, Role};
use crate::store::KeyValue;

impl<K: KeyValue, E: Env> Session<K, E> {
    /// "This chat $0.0123 · This month $0.4567", or as much as is known;
    /// `None` before any reply reported its usage.
    pub fn spending(&self) -> Option<String> {
        let month_start = self.env.month_start_ms();
        let mut chat = Spent::default();
        let mut month = Spent::default();
        for conv in self.chats.read_chats() {
            let open = conv.id == self.open;
            for_each(&conv.messages, &mut |m: &Message| {
                if m.role != Role::Assistant {
                    return;
                }
                if open {
                    chat.add(m);
                }
                if m.timing.started_ms >= month_start {
                    month.add(m);
                }
            });
        }
        if !self.all_read() {
            month = Spent::default();
        }
        let parts: Vec<String> = [("This chat", chat), ("This month", month)]
            .iter()
            .filter_map(|(what, spent)| Some(format!("{what} {}", spent.label()?)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}
