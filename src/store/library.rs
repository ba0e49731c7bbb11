//! The folders and the prompt library, one key each:
//! `mmchat:folders` = `{"v":3,"folders":[Folder…]}` and
//! `mmchat:prompts` = `{"v":3,"prompts":[Prompt…]}`. Small, so they are
//! read with the settings at start-up and written whole on each change.
//! With no prompts key the library is the starters (`chat::prompts`): the
//! key is written at the first change, so a starter the user deleted stays
//! deleted.

use serde_json::Value;

use super::kv::{KeyValue, StoreError};
use super::layout::{LoadReport, SCHEMA_VERSION, Store};
use crate::chat::{Folder, Prompt};
use crate::json::record::json_record;
use crate::json::write::to_json;
use crate::json::{FromJson, field, object, parse_value};

pub const FOLDERS_KEY: &str = "mmchat:folders";
pub const PROMPTS_KEY: &str = "mmchat:prompts";

json_record! {
    /// `mmchat:folders` as written.
    struct FoldersOut<'a> {
        v: u32,
        folders: &'a [Folder],
    }
}

json_record! {
    /// `mmchat:prompts` as written.
    struct PromptsOut<'a> {
        v: u32,
        prompts: &'a [Prompt],
    }
}

impl<K: KeyValue> Store<K> {
    /// The folders, in the order the list shows them (none when the key is
    /// missing or unreadable; an unreadable one is backed up).
    pub(super) fn load_folders(&mut self, now_ms: f64, report: &mut LoadReport) -> Vec<Folder> {
        self.read_list(FOLDERS_KEY, "folders", now_ms, report)
            .unwrap_or_default()
    }

    /// The prompt library; `None` when there is none yet (the starters).
    pub(super) fn load_prompts(
        &mut self,
        now_ms: f64,
        report: &mut LoadReport,
    ) -> Option<Vec<Prompt>> {
        self.read_list(PROMPTS_KEY, "prompts", now_ms, report)
    }

    pub fn save_folders(&self, folders: &[Folder]) -> Result<(), StoreError> {
        let v = SCHEMA_VERSION;
        self.write(FOLDERS_KEY, || to_json(&FoldersOut { v, folders }))
    }

    pub fn save_prompts(&self, prompts: &[Prompt]) -> Result<(), StoreError> {
        let v = SCHEMA_VERSION;
        self.write(PROMPTS_KEY, || to_json(&PromptsOut { v, prompts }))
    }

    fn read_list<T: FromJson>(
        &mut self,
        key: &str,
        name: &str,
        now_ms: f64,
        report: &mut LoadReport,
    ) -> Option<Vec<T>> {
        let raw = self.kv.get(key).ok().flatten()?;
        report.tally.set(key, Some(&raw));
        let value: Option<Value> = parse_value(&raw).ok();
        let version = value
            .as_ref()
            .and_then(|v| v.get("v"))
            .and_then(Value::as_u64);
        if let Some(v) = version.filter(|&v| v > u64::from(SCHEMA_VERSION)) {
            // Written by a newer app: shown as far as it reads, never written.
            self.read_only = true;
            report.read_only = true;
            report.notices.push(format!(
                "Your {name} were saved by a newer version of this app (version {v}); they are left untouched."
            ));
        }
        let items = value
            .as_ref()
            .and_then(|v| object(v, name).ok())
            .map(|o| field::<Vec<T>>(o, name));
        match items {
            Some(Ok(items)) => Some(items),
            _ => {
                self.backup(key, &raw, now_ms, report);
                None
            }
        }
    }

    fn write(&self, key: &str, json: impl FnOnce() -> String) -> Result<(), StoreError> {
        if self.read_only {
            return Ok(());
        }
        self.kv.set(key, &json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryKv;

    #[test]
    fn folders_and_prompts_are_written_and_read_back() {
        let kv = MemoryKv::new();
        let store = Store::new(&kv);
        let mut f = Folder::new("f1".into(), "Work");
        f.model = Some("MiniMax-M2.5".into());
        f.collapsed = true;
        f.system_prompt = "Be \"brief\".".into();
        let folders = vec![f, Folder::new("f2".into(), "Home")];
        store.save_folders(&folders).expect("saved");
        let prompts = crate::chat::prompts::starters();
        store.save_prompts(&prompts).expect("saved");
        assert!(
            kv.get(FOLDERS_KEY)
                .ok()
                .flatten()
                .is_some_and(|raw| raw.starts_with("{\"v\":3,\"folders\":[{\"id\":\"f1\""))
        );
        let report = Store::new(&kv).load_start(None, 1.0);
        assert_eq!(report.folders, folders);
        assert_eq!(report.prompts, Some(prompts));
        assert!(report.notices.is_empty());
    }

    #[test]
    fn no_prompts_key_means_the_starters_and_bad_data_is_kept_aside() {
        let kv = MemoryKv::new();
        assert_eq!(Store::new(&kv).load_start(None, 1.0).prompts, None);
        kv.set(FOLDERS_KEY, "{\"v\":3,\"folders\":[{\"name\":\"no id\"}]}")
            .expect("set");
        kv.set(PROMPTS_KEY, "not json").expect("set");
        let report = Store::new(&kv).load_start(None, 5.0);
        assert!(report.folders.is_empty());
        assert_eq!(report.prompts, None);
        assert_eq!(report.notices.len(), 2, "{:?}", report.notices);
        let keys = kv.keys().expect("keys");
        assert!(
            keys.iter()
                .any(|k| k.starts_with("mmchat:backup:mmchat:prompts:"))
        );
        assert!(
            keys.iter()
                .any(|k| k.starts_with("mmchat:backup:mmchat:folders:"))
        );
        assert_eq!(
            kv.get(PROMPTS_KEY).ok().flatten().as_deref(),
            Some("not json")
        );
    }

    #[test]
    fn a_newer_library_is_read_but_never_written() {
        let kv = MemoryKv::new();
        let newer =
            "{\"v\":9,\"prompts\":[{\"id\":\"p\",\"name\":\"N\",\"text\":\"T\",\"more\":1}]}";
        kv.set(PROMPTS_KEY, newer).expect("set");
        let mut store = Store::new(&kv);
        let report = store.load_start(None, 1.0);
        assert!(report.read_only);
        assert_eq!(report.prompts.map(|p| p.len()), Some(1));
        store
            .save_prompts(&[])
            .expect("a refused write is not an error");
        assert_eq!(kv.get(PROMPTS_KEY).ok().flatten().as_deref(), Some(newer));
    }
}
