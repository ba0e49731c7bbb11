//! How much of the browser's storage our keys take, so the app can warn
//! before a save fails.
//!
//! Browsers count localStorage in UTF-16 code units of key plus value.
//! Chromium charges 2 bytes a unit against a 10 MiB area quota (5,242,880
//! units; blink `StorageAreaMap`, `kPerStorageAreaQuota`), and Firefox allows
//! 5 MiB of units, the same number. We report bytes the way Chromium counts
//! them. Older Safari and Chrome builds stopped near half of that; a save
//! that fails anyway is caught as `StoreError::Quota` and nothing is lost.

use super::kv::{KeyValue, StoreError};
use super::layout::{BACKUP_PREFIX, CHAT_PREFIX, INDEX_KEY, SETTINGS_KEY, Store};

/// Every key this app writes starts with this.
pub const KEY_PREFIX: &str = "mmchat:";

/// The usual localStorage quota in the bytes [`StorageUsage`] reports:
/// 5,242,880 UTF-16 units at 2 bytes each (see the module doc).
pub const TYPICAL_QUOTA_BYTES: u64 = 10 * 1024 * 1024;

/// Bytes used by our keys, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StorageUsage {
    pub chats: u64,
    pub index: u64,
    pub settings: u64,
    pub backups: u64,
    /// The schema key, the API key, anything else of ours.
    pub other: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageLevel {
    Ok,
    /// At least 80% used: time to suggest exporting or deleting old chats.
    Warn,
    /// At least 95% used: the next long reply may not be saved.
    Full,
}

impl StorageUsage {
    pub fn total(&self) -> u64 {
        self.chats + self.index + self.settings + self.backups + self.other
    }

    pub fn level(&self, quota_bytes: u64) -> UsageLevel {
        // Integer percent-free comparison: used / quota >= n / 100.
        let used = u128::from(self.total()) * 100;
        let quota = u128::from(quota_bytes);
        if used >= quota * 95 {
            UsageLevel::Full
        } else if used >= quota * 80 {
            UsageLevel::Warn
        } else {
            UsageLevel::Ok
        }
    }
}

/// What one entry costs, counted as the browser counts it.
pub fn entry_bytes(key: &str, value: &str) -> u64 {
    let units = key.encode_utf16().count() + value.encode_utf16().count();
    units as u64 * 2
}

impl<K: KeyValue> Store<K> {
    /// Add up our keys. Reads every value, so call it now and then (after a
    /// save, on opening settings), not on every streamed token.
    pub fn usage(&self) -> Result<StorageUsage, StoreError> {
        let mut usage = StorageUsage::default();
        for key in self.kv.keys()? {
            if !key.starts_with(KEY_PREFIX) {
                continue;
            }
            let Some(value) = self.kv.get(&key)? else {
                continue;
            };
            let bytes = entry_bytes(&key, &value);
            let slot = if key.starts_with(CHAT_PREFIX) {
                &mut usage.chats
            } else if key.starts_with(BACKUP_PREFIX) {
                &mut usage.backups
            } else if key == INDEX_KEY {
                &mut usage.index
            } else if key == SETTINGS_KEY {
                &mut usage.settings
            } else {
                &mut usage.other
            };
            *slot += bytes;
        }
        Ok(usage)
    }
}
