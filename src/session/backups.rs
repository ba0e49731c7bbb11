//! Data the app could not read is kept under backup keys, never
//! overwritten: the user can download those copies (to recover them by
//! hand or send them in a bug report) or discard them.

use super::{Env, Session};
use crate::json::write::{JsonWriter, ToJson, to_json_pretty};
use crate::store::KeyValue;
use crate::store::layout::BACKUP_PREFIX;

impl<K: KeyValue, E: Env> Session<K, E> {
    /// The backup keys in storage now.
    pub fn backup_keys(&self) -> Vec<String> {
        self.disk
            .local
            .keys()
            .unwrap_or_default()
            .into_iter()
            .filter(|k| k.starts_with(BACKUP_PREFIX))
            .collect()
    }

    /// Every backup as one JSON object: key → the verbatim stored text.
    pub fn backups_json(&self) -> String {
        let keys = self.backup_keys();
        let stored: Vec<(&String, String)> = keys
            .iter()
            .filter_map(|k| Some((k, self.disk.local.get(k).ok().flatten()?)))
            .collect();
        to_json_pretty(&Backups(&stored))
    }

    /// Remove every backup copy.
    pub fn discard_backups(&mut self) {
        for key in self.backup_keys() {
            if self.disk.local.remove(&key).is_ok() {
                self.disk.tally.set(&key, None);
            }
        }
        self.changes.status = true;
    }
}

/// The backups as one object, in the order storage lists the keys.
struct Backups<'a>(&'a [(&'a String, String)]);

impl ToJson for Backups<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        for (key, text) in self.0 {
            out.string_field(key, text);
        }
        out.end_object();
    }
}
