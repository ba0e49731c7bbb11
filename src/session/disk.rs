//! The controller's side of storage: the store over localStorage, seen
//! through [`Tracked`] so the storage meter follows every write without
//! reading storage again, and the tab's own storage, which holds nothing
//! but the API key when the user keeps it for this tab only.

use crate::store::layout::API_KEY_KEY;
use crate::store::{KeyPersistence, KeyValue, Store, StoreError, Tracked, UsageTally, WriteMemory};

pub(super) struct Disk<K> {
    /// localStorage: chats, the index, settings, and the key when remembered.
    pub local: K,
    /// sessionStorage: the key when kept for this tab only.
    pub tab: K,
    /// What the last save wrote, so the next can skip re-reading it.
    memory: WriteMemory,
    /// The size of every key of ours, for the storage meter.
    pub tally: UsageTally,
    /// The data on disk is from a newer version of the app: never written.
    pub read_only: bool,
}

impl<K: KeyValue> Disk<K> {
    pub fn new(local: K, tab: K) -> Self {
        Disk {
            local,
            tab,
            memory: WriteMemory::default(),
            tally: UsageTally::default(),
            read_only: false,
        }
    }

    /// Run `f` on the store. Whatever it writes or removes updates the
    /// tally.
    pub fn with<R>(&mut self, f: impl FnOnce(&mut Store<Tracked<&K>>) -> R) -> R {
        let memory = std::mem::take(&mut self.memory);
        let mut store = Store::new(Tracked::new(&self.local, memory));
        store.read_only = self.read_only;
        let result = f(&mut store);
        self.read_only = store.read_only;
        self.memory = store.kv.finish(&mut self.tally);
        result
    }

    /// The saved API key: this tab's copy first, then the device's.
    pub fn api_key(&self) -> String {
        [&self.tab, &self.local]
            .into_iter()
            .find_map(|kv| kv.get(API_KEY_KEY).ok().flatten().filter(|k| !k.is_empty()))
            .unwrap_or_default()
    }

    /// Keep the key where the user chose, and only there.
    pub fn save_api_key(&mut self, key: &str, keep: KeyPersistence) -> Result<(), StoreError> {
        let (keep, drop) = match keep {
            KeyPersistence::Device => (&self.local, &self.tab),
            KeyPersistence::Tab => (&self.tab, &self.local),
        };
        let _ = drop.remove(API_KEY_KEY);
        let result = if key.is_empty() {
            keep.remove(API_KEY_KEY)
        } else {
            keep.set(API_KEY_KEY, key)
        };
        // The meter counts localStorage only.
        let stored = self.local.get(API_KEY_KEY).ok().flatten();
        self.tally.set(API_KEY_KEY, stored.as_deref());
        result
    }
}
