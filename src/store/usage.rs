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
    /// Some stored chats are not measured yet (chats are measured as they
    /// are read, and start-up reads only the open one): the figures are a
    /// floor until they are.
    pub partial: bool,
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
    (utf16_len(key) + utf16_len(value)) as u64 * 2
}

/// `text.encode_utf16().count()`, from the bytes alone: one unit for each
/// byte that starts a character, and one more for each four-byte
/// character (a surrogate pair). The app measures every stored chat as it
/// reads it; decoding 4.5 MB of chats character by character took 14 ms
/// of the reads after start-up with 300 chats, this loop a fraction.
fn utf16_len(text: &str) -> usize {
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl StorageUsage {
    /// Count `bytes` under the kind of `key`.
    fn add(&mut self, key: &str, bytes: u64) {
        let slot = if key.starts_with(CHAT_PREFIX) {
            &mut self.chats
        } else if key.starts_with(BACKUP_PREFIX) {
            &mut self.backups
        } else if key == INDEX_KEY {
            &mut self.index
        } else if key == SETTINGS_KEY {
            &mut self.settings
        } else {
            &mut self.other
        };
        *slot += bytes;
    }
}

impl<K: KeyValue> Store<K> {
    /// Add up our keys. Reads every value, so call it now and then (after a
    /// save, on opening settings), not on every streamed token.
    pub fn usage(&self) -> Result<StorageUsage, StoreError> {
        Ok(self.usage_tally()?.usage())
    }

    /// Every one of our keys with its size, to keep up to date cheaply.
    pub fn usage_tally(&self) -> Result<UsageTally, StoreError> {
        let mut tally = UsageTally::default();
        for key in self.kv.keys()? {
            if !key.starts_with(KEY_PREFIX) {
                continue;
            }
            if let Some(value) = self.kv.get(&key)? {
                tally.set(&key, Some(&value));
            }
        }
        Ok(tally)
    }
}

/// Sizes by key. Measuring everything reads every stored value (megabytes
/// with hundreds of chats); after a save only the keys written change, so
/// the app measures once and then updates those.
///
/// A list, not a `HashMap`: one entry per chat is a short list to scan on
/// a save, and std's hashing would add its own code to the first load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageTally {
    sizes: Vec<(String, u64)>,
}

impl UsageTally {
    /// `key` now holds `value`, or nothing.
    pub fn set(&mut self, key: &str, value: Option<&str>) {
        self.set_size(key, value.map(|v| entry_bytes(key, v)));
    }

    /// `key` now holds a value of `bytes` (from [`entry_bytes`]), or nothing.
    pub fn set_size(&mut self, key: &str, bytes: Option<u64>) {
        if !key.starts_with(KEY_PREFIX) {
            return;
        }
        let at = self.sizes.iter().position(|(k, _)| k == key);
        match (bytes, at) {
            (Some(b), Some(i)) => self.sizes[i].1 = b,
            (Some(b), None) => self.sizes.push((key.to_string(), b)),
            (None, Some(i)) => {
                self.sizes.swap_remove(i);
            }
            (None, None) => {}
        }
    }

    /// Take in every size `other` measured.
    pub fn absorb(&mut self, other: &UsageTally) {
        for (key, bytes) in &other.sizes {
            self.set_size(key, Some(*bytes));
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.sizes.iter().any(|(k, _)| k == key)
    }

    pub fn usage(&self) -> StorageUsage {
        let mut usage = StorageUsage::default();
        for (key, bytes) in &self.sizes {
            usage.add(key, *bytes);
        }
        usage
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn utf16_len_counts_as_encode_utf16_does(text in any::<String>()) {
            prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }
    }

    #[test]
    fn utf16_len_of_each_width() {
        for (text, units) in [
            ("", 0),
            ("a", 1),
            ("é", 1),
            ("你", 1),
            ("🦀", 2),
            ("a🦀é你", 5),
        ] {
            assert_eq!(utf16_len(text), units, "{text}");
        }
    }

    #[test]
    fn tally_follows_writes_and_removals() {
        let mut tally = UsageTally::default();
        tally.set("mmchat:chat:a", Some("abcd"));
        tally.set("mmchat:index", Some("{}"));
        tally.set("other:key", Some("ignored"));
        let u = tally.usage();
        assert_eq!(u.chats, entry_bytes("mmchat:chat:a", "abcd"));
        assert_eq!(u.index, entry_bytes("mmchat:index", "{}"));
        assert_eq!(u.total(), u.chats + u.index);
        tally.set("mmchat:chat:a", Some("ab"));
        assert_eq!(tally.usage().chats, entry_bytes("mmchat:chat:a", "ab"));
        tally.set("mmchat:chat:a", None);
        assert_eq!(tally.usage().chats, 0);
    }
}
