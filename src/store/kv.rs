//! The narrow storage interface the store needs, and an in-memory version for tests.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::usage::entry_bytes;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(
        "The browser's storage for this site is full, so the latest changes are not saved yet. Export your chats or delete old ones to make room; nothing on screen is lost."
    )]
    Quota,
    #[error("The browser refused to use storage ({0}). Chats stay on screen but are not saved.")]
    Unavailable(String),
    #[error(
        "Another tab with a newer version of this app saved this chat, so this tab will not overwrite it. Reload the page to use the newer version."
    )]
    NewerElsewhere,
}

pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;

    /// Whether `value`, just read from `key`, is exactly what this writer
    /// last put there (so no other tab has touched it since). Unknown: no.
    fn is_own_last_write(&self, _key: &str, _value: &str) -> bool {
        false
    }
}

/// A shared reference works too, so two `Store`s (two "tabs" in a test) can
/// sit on one backend.
impl<K: KeyValue + ?Sized> KeyValue for &K {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set(key, value)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        (**self).remove(key)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        (**self).keys()
    }

    fn is_own_last_write(&self, key: &str, value: &str) -> bool {
        (**self).is_own_last_write(key, value)
    }
}

/// A map with an optional size limit, to test quota handling on the host.
#[derive(Debug, Default)]
pub struct MemoryKv {
    map: RefCell<BTreeMap<String, String>>,
    /// Bytes of keys and values allowed, counted as browsers count them
    /// (`usage::entry_bytes`); `None` is unlimited.
    pub limit: Option<u64>,
    /// Writes and removals made, refused ones too (tests count them).
    changes: Cell<usize>,
}

impl MemoryKv {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_limit(limit: u64) -> Self {
        MemoryKv {
            limit: Some(limit),
            ..Self::default()
        }
    }

    /// How many writes and removals were asked of this storage.
    pub fn changes(&self) -> usize {
        self.changes.get()
    }

    fn used_without(&self, key: &str) -> u64 {
        self.map
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| entry_bytes(k, v))
            .sum()
    }
}

impl KeyValue for MemoryKv {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.changes.set(self.changes.get() + 1);
        if let Some(limit) = self.limit
            && self.used_without(key) + entry_bytes(key, value) > limit
        {
            return Err(StoreError::Quota);
        }
        self.map.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.changes.set(self.changes.get() + 1);
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map.borrow().keys().cloned().collect())
    }
}
