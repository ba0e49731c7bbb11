//! A key-value wrapper for the app's own writes. It notes the size of every
//! value it writes or removes (so the storage meter never re-reads storage)
//! and remembers the last chat record it wrote, so the next save can tell
//! that the stored copy is still its own and skip parsing it for a merge.

use super::kv::{KeyValue, StoreError};
use super::layout::CHAT_PREFIX;
use super::usage::{UsageTally, entry_bytes};

pub struct Tracked<K> {
    inner: K,
    last_write: std::cell::RefCell<Option<(String, String)>>,
    /// Each key written (with its size as the browser counts it) or removed.
    written: std::cell::RefCell<Vec<(String, Option<u64>)>>,
}

/// What a `Tracked` learned, to hand to the next one.
#[derive(Debug, Default, Clone)]
pub struct WriteMemory {
    /// The last chat record written: key and exact value.
    last_write: Option<(String, String)>,
}

impl<K: KeyValue> Tracked<K> {
    pub fn new(inner: K, memory: WriteMemory) -> Self {
        Self {
            inner,
            last_write: std::cell::RefCell::new(memory.last_write),
            written: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Update `tally` with every write made through this wrapper, and give
    /// back what the next wrapper should remember.
    pub fn finish(self, tally: &mut UsageTally) -> WriteMemory {
        for (key, bytes) in self.written.into_inner() {
            tally.set_size(&key, bytes);
        }
        WriteMemory {
            last_write: self.last_write.into_inner(),
        }
    }
}

impl<K: KeyValue> KeyValue for Tracked<K> {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set(key, value)?;
        if key.starts_with(CHAT_PREFIX) {
            *self.last_write.borrow_mut() = Some((key.to_string(), value.to_string()));
        }
        self.written
            .borrow_mut()
            .push((key.to_string(), Some(entry_bytes(key, value))));
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.inner.remove(key)?;
        let mut last = self.last_write.borrow_mut();
        if last.as_ref().is_some_and(|(k, _)| k == key) {
            *last = None;
        }
        self.written.borrow_mut().push((key.to_string(), None));
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.inner.keys()
    }

    fn is_own_last_write(&self, key: &str, value: &str) -> bool {
        self.last_write
            .borrow()
            .as_ref()
            .is_some_and(|(k, v)| k == key && v == value)
    }
}
