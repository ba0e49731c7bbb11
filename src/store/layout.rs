//! The storage layout, schema version 3:
//!
//! | key | value |
//! | --- | --- |
//! | `mmchat:schema` | `"3"` |
//! | `mmchat:index` | `{"v":3,"open":id,"chats":[{"id","title","updated_ms","pinned_ms"?,"folder"?}]}` |
//! | `mmchat:chat:<id>` | `{"v":3,"chat":Conversation}` |
//! | `mmchat:settings` | `Settings` |
//! | `mmchat:folders` | `{"v":3,"folders":[Folder]}` (`library.rs`) |
//! | `mmchat:prompts` | `{"v":3,"prompts":[Prompt]}` (`library.rs`) |
//! | `mmchat:backup:<key>:<ms>` | a verbatim copy of a value we could not read |
//!
//! Attached images are not here but in IndexedDB, one record per image,
//! named from their message by `img:<id>` (`chat/images.rs`,
//! `session/images.rs`).
//!
//! A chat's pin and folder are kept in the chat and copied into its index
//! entry, so the list is arranged (pinned first, folders) before any chat
//! is read.
//!
//! A conversation is written before the index, so a crash between the two
//! leaves a chat the index does not list; loading finds such orphans.
//!
//! Every chat record is read through the migration chain in `migrate.rs`, so
//! older records (a record with no `"v"` is version 0, a bare conversation)
//! load without being rewritten; the next save writes the current version.
//!
//! Two tabs editing one chat (the two sentences below suit the README):
//! When two tabs edit the same chat, saving never overwrites blindly: if the
//! stored copy was updated later and holds messages this tab's copy lacks,
//! the two are merged by message id, so no tab silently drops another tab's
//! messages. A tab whose copy is the newer one writes it as it is, so
//! deliberate changes stick (a regenerated reply keeps the old one as a
//! version inside the chat, see `chat/versions.rs`).
//!
//! To add schema version N:
//! 1. Write `fn v<N-1>_to_v<N>(Value) -> Result<Value, MigrateError>` in
//!    `migrate.rs`, append it to `STEPS`, and bump [`SCHEMA_VERSION`] (the
//!    array length will not compile until both are done).
//! 2. Change the Rust types; records are written as version N from then on.
//!    Each record carries its own `"v"`, so an older app that meets a
//!    version N record shows it read-only instead of writing over it.
//! 3. Add sample records to `tests/fixtures/store/v<N>/` and extend
//!    `tests/store_fixtures.rs`; keep the older samples, they must still
//!    load. Exports use the same version number (see `migrate.rs`).

use super::finite::finite;
use super::kv::{KeyValue, StoreError};
use super::migrate::{self, MigrateError};
use super::reconcile::reconcile;
use super::settings::Settings;
use super::usage::{KEY_PREFIX, UsageTally};
use crate::chat::{Conversation, Folder, Prompt, newest_first, sort_newest_first};
use crate::json::FromJson;
use crate::json::record::json_record;
use crate::json::write::to_json;

pub const SCHEMA_VERSION: u32 = 3;
pub const SCHEMA_KEY: &str = "mmchat:schema";
pub const INDEX_KEY: &str = "mmchat:index";
pub const SETTINGS_KEY: &str = "mmchat:settings";
pub const CHAT_PREFIX: &str = "mmchat:chat:";
pub const BACKUP_PREFIX: &str = "mmchat:backup:";
/// The API key, in localStorage or sessionStorage; never in an export.
pub const API_KEY_KEY: &str = "mmchat:api-key";

json_record! {
    /// One chat in the list, so the list shows without reading every chat.
    #[derive(Debug, Clone, PartialEq)]
    pub struct IndexEntry {
        pub id: String,
        pub title: String = default,
        pub updated_ms: f64 = default,
        /// The chat's `pinned_ms` and `folder`, so the list can be arranged
        /// before the chat is read.
        pub pinned_ms: Option<f64> = omit_empty,
        pub folder: Option<String> = omit_empty,
    }
}

/// What the index needs to know of a chat: a whole conversation, or
/// (for a chat not read yet) its entry in the index.
pub trait Listed {
    fn id(&self) -> &str;
    /// The entry to write; `None` for a chat with no messages (not listed).
    fn index_entry(&self) -> Option<IndexEntry>;
}

impl Listed for Conversation {
    fn id(&self) -> &str {
        &self.id
    }

    fn index_entry(&self) -> Option<IndexEntry> {
        (!self.is_empty()).then(|| IndexEntry {
            id: self.id.clone(),
            title: self.display_title(),
            updated_ms: if self.updated_ms.is_finite() {
                self.updated_ms
            } else {
                0.0
            },
            pinned_ms: self.pinned_ms.filter(|ms| ms.is_finite()),
            folder: self.folder.clone(),
        })
    }
}

impl Listed for IndexEntry {
    fn id(&self) -> &str {
        &self.id
    }

    fn index_entry(&self) -> Option<IndexEntry> {
        Some(self.clone())
    }
}

json_record! {
    #[derive(Debug, Clone, Default, PartialEq)]
    struct Index {
        v: u32 = default,
        open: Option<String> = default,
        chats: Vec<IndexEntry> = default,
    }
}

json_record! {
    /// A chat as saved; read back through the migration chain (`migrate.rs`).
    struct ChatRecordOut<'a> {
        v: u32,
        chat: &'a Conversation,
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    /// The conversation was written as given.
    Saved,
    /// Another tab had added messages to the stored copy; this merged
    /// conversation was written instead. Show it in place of the old copy.
    Merged(Box<Conversation>),
}

/// What loading found: the chats (newest first), which was open, and anything
/// the user must be told.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub conversations: Vec<Conversation>,
    /// Chats listed in the index and not read yet ([`Store::load_start`]),
    /// newest first.
    pub unread: Vec<IndexEntry>,
    pub open_id: Option<String>,
    pub settings: Option<Settings>,
    /// The folders, in list order (`library.rs`).
    pub folders: Vec<Folder>,
    /// The prompt library; `None` when there is none yet (the starters).
    pub prompts: Option<Vec<Prompt>>,
    /// Sentences for the user: backups made, chats recovered.
    pub notices: Vec<String>,
    /// Data from a newer version of the app: shown, never written over.
    pub read_only: bool,
    /// The size of every key read (and of our few others), so the storage
    /// meter needs no second pass over megabytes of chats.
    pub tally: UsageTally,
}

/// The store over any key-value backend.
pub struct Store<K: KeyValue> {
    pub kv: K,
    /// Set when the data on disk is from a newer schema: we refuse to write.
    pub read_only: bool,
}

impl<K: KeyValue> Store<K> {
    pub fn new(kv: K) -> Self {
        Store {
            kv,
            read_only: false,
        }
    }

    /// Read everything. Never writes, except backup copies of unreadable values
    /// and the schema key of a fresh store.
    pub fn load(&mut self, now_ms: f64) -> LoadReport {
        let mut report = self.load_start(None, now_ms);
        for entry in std::mem::take(&mut report.unread) {
            if let Some(c) = self.read_chat(&entry.id, now_ms, &mut report) {
                report.conversations.push(c);
            }
        }
        sort_newest_first(&mut report.conversations);
        report
    }

    /// Read what the first screen needs: the schema, the settings, the
    /// index, the open chat (`open`, or the one the index names), and any
    /// chat the index lost. The other chats are left in
    /// [`LoadReport::unread`], to read with [`Store::read_listed`] when
    /// needed, so start-up does not grow with history. The same faults are
    /// found either way, when each chat is read.
    pub fn load_start(&mut self, open: Option<&str>, now_ms: f64) -> LoadReport {
        let mut report = LoadReport::default();
        let version = match self.kv.get(SCHEMA_KEY) {
            Ok(v) => v,
            Err(e) => {
                report.notices.push(e.to_string());
                self.read_only = true;
                report.read_only = true;
                return report;
            }
        };
        match version.as_deref().map(str::trim) {
            None => {
                let _ = self.kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string());
            }
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n == SCHEMA_VERSION => {}
                // Records are upgraded as they are next saved; from now on an
                // older app must not write over them (it would drop what it
                // does not know, such as the versions of an answer).
                Ok(n) if n < SCHEMA_VERSION => {
                    let _ = self.kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string());
                }
                Ok(n) => {
                    self.read_only = true;
                    report.read_only = true;
                    report.notices.push(format!(
                        "These chats were saved by a newer version of this app (storage version {n}; this one knows {SCHEMA_VERSION}). They are shown but will not be changed. Open the newer version to keep working on them."
                    ));
                }
                Err(_) => {
                    self.backup(SCHEMA_KEY, v, now_ms, &mut report);
                    let _ = self.kv.set(SCHEMA_KEY, &SCHEMA_VERSION.to_string());
                }
            },
        }

        report.settings = self.load_settings(now_ms, &mut report);
        report.folders = self.load_folders(now_ms, &mut report);
        report.prompts = self.load_prompts(now_ms, &mut report);

        let index = self.read_index(now_ms, &mut report);
        report.open_id = index.open.clone();
        let keys = self.kv.keys().unwrap_or_default();
        // Ids sorted, to be looked up by binary search: every chat is
        // looked up here, and a scan per look-up grew with the square of
        // the history (a few ms at 300 chats, ten times that at 1,000).
        let stored = sorted(keys.iter().filter_map(|k| k.strip_prefix(CHAT_PREFIX)));
        let listed = sorted(index.chats.iter().map(|e| e.id.as_str()));
        // Chats the index lost (a crash between the two writes, or another
        // tab): read now, since only reading them gives a title.
        let mut recovered = 0;
        for id in &stored {
            if listed.binary_search(id).is_err()
                && let Some(c) = self.read_chat(id, now_ms, &mut report)
            {
                report.conversations.push(c);
                recovered += 1;
            }
        }
        if recovered > 0 {
            report.notices.push(format!(
                "Recovered {recovered} chat(s) that the chat list had lost."
            ));
        }
        let open = open.or(index.open.as_deref());
        // Which stored chats the index has named so far: an id listed
        // twice counts once.
        let mut taken = vec![false; stored.len()];
        for entry in index.chats {
            let Ok(at) = stored.binary_search(&entry.id.as_str()) else {
                continue;
            };
            if std::mem::replace(&mut taken[at], true) {
                continue;
            }
            if Some(entry.id.as_str()) == open {
                if let Some(c) = self.read_chat(&entry.id, now_ms, &mut report) {
                    report.conversations.push(c);
                }
            } else {
                report.unread.push(entry);
            }
        }
        sort_newest_first(&mut report.conversations);
        newest_first(&mut report.unread, |e| e.updated_ms);
        // The schema, the key, backups: small, and not read above. Chats
        // are measured as they are read.
        for key in keys {
            if key.starts_with(KEY_PREFIX)
                && !key.starts_with(CHAT_PREFIX)
                && !report.tally.contains(&key)
            {
                let value = self.kv.get(&key).ok().flatten();
                report.tally.set(&key, value.as_deref());
            }
        }
        report
    }

    /// Read a chat the index lists, as loading would: unreadable data is
    /// backed up and announced in `report`, and its size is measured.
    pub fn read_listed(
        &mut self,
        id: &str,
        now_ms: f64,
        report: &mut LoadReport,
    ) -> Option<Conversation> {
        self.read_chat(id, now_ms, report)
    }

    fn load_settings(&self, now_ms: f64, report: &mut LoadReport) -> Option<Settings> {
        let raw = self.kv.get(SETTINGS_KEY).ok().flatten()?;
        report.tally.set(SETTINGS_KEY, Some(&raw));
        match crate::json::parse::<Settings>(&raw) {
            Ok(s) => Some(s),
            Err(_) => {
                self.backup(SETTINGS_KEY, &raw, now_ms, report);
                None
            }
        }
    }

    fn read_index(&self, now_ms: f64, report: &mut LoadReport) -> Index {
        let Some(raw) = self.kv.get(INDEX_KEY).ok().flatten() else {
            return Index::default();
        };
        report.tally.set(INDEX_KEY, Some(&raw));
        match crate::json::parse::<Index>(&raw) {
            Ok(i) => i,
            Err(_) => {
                // The chats themselves are separate keys, so they are still found.
                self.backup(INDEX_KEY, &raw, now_ms, report);
                Index::default()
            }
        }
    }

    fn read_chat(
        &mut self,
        id: &str,
        now_ms: f64,
        report: &mut LoadReport,
    ) -> Option<Conversation> {
        let key = format!("{CHAT_PREFIX}{id}");
        let raw = self.kv.get(&key).ok().flatten()?;
        report.tally.set(&key, Some(&raw));
        match parse_chat_record(&raw) {
            Ok(mut c) => {
                c.settle_after_load();
                // The key names the chat: saves go back under it. A record
                // copied to another key would otherwise load as a second
                // chat with the same id, and each save would touch only one.
                if c.id != id {
                    c.id = id.to_owned();
                }
                Some(c)
            }
            Err(RecordError::Newer(v)) => {
                self.read_only = true;
                report.read_only = true;
                report.notices.push(format!(
                    "A chat was saved by a newer version of this app (version {v}); it is left untouched."
                ));
                None
            }
            Err(RecordError::Unreadable) => {
                self.backup(&key, &raw, now_ms, report);
                None
            }
        }
    }

    /// Copy an unreadable value aside and tell the user. The original stays too:
    /// nothing is overwritten with defaults.
    pub(super) fn backup(&self, key: &str, raw: &str, now_ms: f64, report: &mut LoadReport) {
        // The original stays in place, so the next load finds it again: one
        // copy of each unreadable value is enough, and was announced then.
        let prefix = format!("{BACKUP_PREFIX}{key}:");
        let already_kept = self.kv.keys().unwrap_or_default().iter().any(|k| {
            k.starts_with(&prefix) && self.kv.get(k).ok().flatten().as_deref() == Some(raw)
        });
        if already_kept {
            return;
        }
        let backup_key = format!("{prefix}{}", now_ms as u64);
        let saved = self.kv.set(&backup_key, raw).is_ok();
        report.notices.push(if saved {
            format!(
                "Some saved data could not be read ({key}). A copy was kept under \"{backup_key}\" and the rest of your chats loaded normally."
            )
        } else {
            format!(
                "Some saved data could not be read ({key}) and left as it was; the rest of your chats loaded normally."
            )
        });
    }

    /// Save one conversation, then the index. `all` is the list in memory,
    /// merged with the index on disk so another tab's chats stay listed.
    pub fn save_chat<T: Listed>(
        &self,
        chat: &Conversation,
        all: &[T],
        open: Option<&str>,
    ) -> Result<(), StoreError> {
        self.save_chat_checked(chat, all, open).map(|_| ())
    }

    /// Like [`Store::save_chat`], and says whether another tab's messages
    /// were merged in (see the module doc).
    pub fn save_chat_checked<T: Listed>(
        &self,
        chat: &Conversation,
        all: &[T],
        open: Option<&str>,
    ) -> Result<SaveOutcome, StoreError> {
        self.write_chat(chat, Some(all), open)
    }

    /// Write `chat`'s record (merged with another tab's changes as
    /// [`Store::save_chat_checked`] does) and, given the list, the index:
    /// many chats written at once (an import) rewrite the index once, after.
    pub fn write_chat<T: Listed>(
        &self,
        chat: &Conversation,
        all: Option<&[T]>,
        open: Option<&str>,
    ) -> Result<SaveOutcome, StoreError> {
        if self.read_only {
            return Ok(SaveOutcome::Saved);
        }
        let key = format!("{CHAT_PREFIX}{}", chat.id);
        let stored = match self.kv.get(&key)? {
            // Still exactly what this tab wrote last: nothing to merge, and
            // no need to parse a record that may be hundreds of KB.
            Some(raw) if self.kv.is_own_last_write(&key, &raw) => None,
            None => None,
            Some(raw) => match parse_chat_record(&raw) {
                Ok(stored) => Some(stored),
                Err(RecordError::Newer(_)) => return Err(StoreError::NewerElsewhere),
                // Loading already kept a backup of it; ours is the good copy.
                Err(RecordError::Unreadable) => None,
            },
        };
        let merged = stored.and_then(|stored| reconcile(chat, &stored));
        let to_write = finite(merged.as_ref().unwrap_or(chat));
        let record = ChatRecordOut {
            v: SCHEMA_VERSION,
            chat: &to_write,
        };
        let json = to_json(&record);
        self.kv.set(&key, &json)?;
        if let Some(all) = all {
            self.write_index(all, open, merged.as_ref())?;
        }
        Ok(merged.map_or(SaveOutcome::Saved, |m| SaveOutcome::Merged(Box::new(m))))
    }

    /// Rewrite the index from memory, keeping entries another tab added.
    pub fn save_index<T: Listed>(&self, all: &[T], open: Option<&str>) -> Result<(), StoreError> {
        self.write_index(all, open, None)
    }

    /// The index from `all`, with `fresher` standing in for its older self.
    fn write_index<T: Listed>(
        &self,
        all: &[T],
        open: Option<&str>,
        fresher: Option<&Conversation>,
    ) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        let on_disk: Index = self
            .kv
            .get(INDEX_KEY)?
            .and_then(|raw| crate::json::parse(&raw).ok())
            .unwrap_or_default();
        let mut chats: Vec<IndexEntry> = all
            .iter()
            .filter_map(|c| match fresher {
                Some(f) if f.id == c.id() => f.index_entry(),
                _ => c.index_entry(),
            })
            .collect();
        for entry in on_disk.chats {
            // Only an entry this tab does not list (another tab's new chat)
            // is looked up, and kept while its record is still stored.
            // Reading back every listed chat made each save read the whole
            // history: an import of 300 chats took seconds.
            if chats.iter().any(|c| c.id == entry.id) {
                continue;
            }
            let still_stored = self
                .kv
                .get(&format!("{CHAT_PREFIX}{}", entry.id))
                .ok()
                .flatten()
                .is_some();
            if still_stored {
                chats.push(entry);
            }
        }
        newest_first(&mut chats, |e| e.updated_ms);
        let index = Index {
            v: SCHEMA_VERSION,
            open: open.map(str::to_string),
            chats,
        };
        let json = to_json(&index);
        self.kv.set(INDEX_KEY, &json)
    }

    pub fn delete_chat<T: Listed>(
        &self,
        id: &str,
        all: &[T],
        open: Option<&str>,
    ) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        self.kv.remove(&format!("{CHAT_PREFIX}{id}"))?;
        self.save_index(all, open)
    }

    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        let json = to_json(settings);
        self.kv.set(SETTINGS_KEY, &json)
    }

    /// Read one chat by id, as another tab may have just written it.
    pub fn read_chat_quiet(&self, id: &str) -> Option<Conversation> {
        let raw = self.kv.get(&format!("{CHAT_PREFIX}{id}")).ok().flatten()?;
        parse_chat_record(&raw).ok()
    }
}

enum RecordError {
    Newer(u64),
    Unreadable,
}

/// Any version of a stored record, through the migration chain.
fn parse_chat_record(raw: &str) -> Result<Conversation, RecordError> {
    let value = crate::json::parse_value(raw).map_err(|_| RecordError::Unreadable)?;
    let chat = migrate::upgrade_record(value).map_err(|e| match e {
        MigrateError::Newer(v) => RecordError::Newer(v),
        MigrateError::Invalid(_) => RecordError::Unreadable,
    })?;
    Conversation::from_json(&chat).map_err(|_| RecordError::Unreadable)
}

/// `ids` in order, each inserted where a binary search puts it: a few
/// hundred ids move a few kilobytes of pointers in all, and std's sort
/// would add about 4 KB of wasm (clippy.toml).
fn sorted<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        let (Ok(at) | Err(at)) = out.binary_search(&id);
        out.insert(at, id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index and the chat envelope keep the shape stored data has.
    #[test]
    fn index_and_chat_records_keep_their_shape() {
        let index = Index {
            v: 1,
            open: Some("b".into()),
            chats: vec![
                IndexEntry {
                    id: "a".into(),
                    title: "T \"q\"".into(),
                    updated_ms: 2.5,
                    pinned_ms: None,
                    folder: None,
                },
                IndexEntry {
                    id: "b".into(),
                    title: String::new(),
                    updated_ms: 3.0,
                    pinned_ms: Some(4.0),
                    folder: Some("f1".into()),
                },
            ],
        };
        let golden = r#"{"v":1,"open":"b","chats":[{"id":"a","title":"T \"q\"","updated_ms":2.5},{"id":"b","title":"","updated_ms":3.0,"pinned_ms":4.0,"folder":"f1"}]}"#;
        assert_eq!(to_json(&index), golden);
        assert_eq!(crate::json::parse::<Index>(golden), Ok(index.clone()));
        assert_eq!(
            to_json(&Index::default()),
            r#"{"v":0,"open":null,"chats":[]}"#
        );

        let chat = Conversation::new("c".into(), "m".into(), 1.0);
        let record = ChatRecordOut { v: 2, chat: &chat };
        assert_eq!(
            to_json(&record),
            format!(r#"{{"v":2,"chat":{}}}"#, to_json(&chat))
        );
    }
}
