//! The chats the session holds, newest first: each one either read from
//! storage (a whole conversation) or, until it is needed, only its entry
//! in the index. Start-up reads the index and the open chat; the rest are
//! read when something needs them, or a few at a time in the background.

use crate::chat::{Conversation, newest_first};
use crate::store::layout::{IndexEntry, Listed};

pub(super) enum Entry {
    Read(Conversation),
    Unread(IndexEntry),
}

impl Entry {
    pub fn id(&self) -> &str {
        match self {
            Entry::Read(c) => &c.id,
            Entry::Unread(e) => &e.id,
        }
    }

    pub fn updated_ms(&self) -> f64 {
        match self {
            Entry::Read(c) => c.updated_ms,
            Entry::Unread(e) => e.updated_ms,
        }
    }

    /// A chat with no messages yet (one the index lists has some).
    pub fn is_empty(&self) -> bool {
        matches!(self, Entry::Read(c) if c.is_empty())
    }

    pub fn read(&self) -> Option<&Conversation> {
        match self {
            Entry::Read(c) => Some(c),
            Entry::Unread(_) => None,
        }
    }

    pub fn title(&self) -> String {
        match self {
            Entry::Read(c) => c.display_title(),
            Entry::Unread(e) => e.title.clone(),
        }
    }
}

impl Listed for Entry {
    fn id(&self) -> &str {
        Entry::id(self)
    }

    fn index_entry(&self) -> Option<IndexEntry> {
        match self {
            Entry::Read(c) => c.index_entry(),
            Entry::Unread(e) => Some(e.clone()),
        }
    }
}

/// The list, with the one way each lookup is done.
#[derive(Default)]
pub(super) struct Entries(Vec<Entry>);

impl Entries {
    pub fn new(read: Vec<Conversation>, unread: Vec<IndexEntry>) -> Self {
        let mut all = Entries(
            read.into_iter()
                .map(Entry::Read)
                .chain(unread.into_iter().map(Entry::Unread))
                .collect(),
        );
        all.sort();
        all
    }

    pub fn all(&self) -> &[Entry] {
        &self.0
    }

    pub fn find(&self, id: &str) -> Option<&Entry> {
        self.0.iter().find(|e| e.id() == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_some()
    }

    /// The chat `id`, if it has been read.
    pub fn get(&self, id: &str) -> Option<&Conversation> {
        self.find(id)?.read()
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        match self.0.iter_mut().find(|e| e.id() == id)? {
            Entry::Read(c) => Some(c),
            Entry::Unread(_) => None,
        }
    }

    /// Whether `id` is listed but not read yet.
    pub fn is_unread(&self, id: &str) -> bool {
        matches!(self.find(id), Some(Entry::Unread(_)))
    }

    /// The next chats to read, in list order.
    pub fn unread_ids(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|e| match e {
            Entry::Unread(i) => Some(i.id.as_str()),
            Entry::Read(_) => None,
        })
    }

    /// Every chat read so far.
    pub fn read_chats(&self) -> impl Iterator<Item = &Conversation> {
        self.0.iter().filter_map(Entry::read)
    }

    /// Put `conv` in place of its old self, or first when it is new.
    pub fn put(&mut self, conv: Conversation) {
        match self.0.iter_mut().find(|e| e.id() == conv.id) {
            Some(slot) => *slot = Entry::Read(conv),
            None => self.0.insert(0, Entry::Read(conv)),
        }
    }

    pub fn insert_first(&mut self, conv: Conversation) {
        self.0.insert(0, Entry::Read(conv));
    }

    pub fn remove(&mut self, id: &str) -> Option<Entry> {
        let at = self.0.iter().position(|e| e.id() == id)?;
        Some(self.0.remove(at))
    }

    pub fn retain(&mut self, keep: impl FnMut(&Entry) -> bool) {
        self.0.retain(keep);
    }

    /// Newest first, as the list shows them.
    pub fn sort(&mut self) {
        newest_first(&mut self.0, Entry::updated_ms);
    }
}
