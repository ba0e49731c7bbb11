//! Hostile data for the readers of stored and imported chats: arbitrary
//! text, arbitrary JSON, and real exports and records with one value
//! swapped for something arbitrary. Nothing panics; an import either says
//! why it failed or yields chats whose ids are safe and unique and whose
//! times are bounded; a load never changes what it could not read and gives
//! chats that save and load back the same (numbers to one ulp).
//!
//! Case counts keep the whole file to a few seconds in a debug build.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

use std::fs;
use std::path::Path;

use minimax_chat::chat::Conversation;
use minimax_chat::chat::versions::for_each;
use minimax_chat::json::write::to_json;
use minimax_chat::store::layout::{
    API_KEY_KEY, BACKUP_PREFIX, CHAT_PREFIX, INDEX_KEY, SCHEMA_KEY, SETTINGS_KEY,
};
use minimax_chat::store::transfer::{ImportError, MAX_ID_CHARS, import_json, normal_id};
use minimax_chat::store::{KeyValue, MemoryKv, Store};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// "Now" for imports and loads: later than every fixture.
const NOW: f64 = 4e12;

fn fixture(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/store")
        .join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Real documents to mutate: an export, stored records of each version.
fn seeds() -> Vec<Value> {
    [
        "exports/v1.json",
        "v0/full.json",
        "v1/full.json",
        "v2/versions.json",
    ]
    .iter()
    .filter_map(|p| serde_json::from_str(&fixture(p)).ok())
    .collect()
}

/// Field names of the stored and exported shapes, so random objects hit them.
const KEYS: &[&str] = &[
    "format",
    "version",
    "chats",
    "v",
    "chat",
    "id",
    "title",
    "title_is_custom",
    "created_ms",
    "updated_ms",
    "model",
    "params",
    "messages",
    "role",
    "content",
    "thinking",
    "status",
    "timing",
    "started_ms",
    "ended_ms",
    "first_token_ms",
    "answer_started_ms",
    "versions",
    "earlier",
    "later",
    "images",
    "usage",
    "error",
    "finish",
    "reasoning_meta",
    "system_prompt",
    "temperature",
    "top_p",
    "max_output_tokens",
    "open",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            proptest::sample::select(&[0.0, -1.0, 9e15, 1e308, -1e308, 2.5, 1718000000000.0][..])
                .prop_map(Value::from),
        ],
        prop_oneof![
            proptest::sample::select(
                &[
                    "user",
                    "assistant",
                    "system",
                    "streaming",
                    "done",
                    "error",
                    "minimax-chat",
                    "adaptive",
                    "off",
                    "../../mmchat:index",
                    "",
                    "Stop",
                ][..]
            )
            .prop_map(|s| Value::String(s.into())),
            ".{0,24}".prop_map(Value::String),
        ],
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        3 => proptest::sample::select(KEYS).prop_map(str::to_owned),
                        1 => ".{0,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every place in `value`, as a list of steps from the top.
fn paths(value: &Value, here: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(here.clone());
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                here.push(PathStep::Index(i));
                paths(item, here, out);
                here.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                here.push(PathStep::Key(k.clone()));
                paths(item, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Index(usize),
    Key(String),
}

fn at_path<'a>(value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        PathStep::Index(i) => v.get_mut(*i),
        PathStep::Key(k) => v.get_mut(k.as_str()),
    })
}

/// A real document with up to three values replaced by arbitrary ones.
fn mutated_seed() -> impl Strategy<Value = Value> {
    let seeds = seeds();
    assert!(!seeds.is_empty(), "the store fixtures must parse");
    (
        0..seeds.len(),
        proptest::collection::vec((any::<usize>(), json_value()), 1..4),
    )
        .prop_map(move |(which, swaps)| {
            let mut doc = seeds[which].clone();
            for (pick, replacement) in swaps {
                let mut all = Vec::new();
                paths(&doc, &mut Vec::new(), &mut all);
                let path = &all[pick % all.len()];
                if let Some(slot) = at_path(&mut doc, path) {
                    *slot = replacement;
                }
            }
            doc
        })
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("fresh-{n}")
    }
}

/// What every successful import must give.
fn check_imported(chats: &[Conversation]) -> Result<(), TestCaseError> {
    prop_assert!(!chats.is_empty());
    let mut chat_ids = Vec::new();
    for chat in chats {
        prop_assert_eq!(normal_id(&chat.id), Some(chat.id.clone()));
        prop_assert!(chat.id.len() <= MAX_ID_CHARS);
        prop_assert!(!chat_ids.contains(&chat.id), "repeated chat id {}", chat.id);
        chat_ids.push(chat.id.clone());
        prop_assert!(!chat.messages.is_empty());
        prop_assert!((0.0..=NOW).contains(&chat.created_ms));
        prop_assert!((chat.created_ms..=NOW).contains(&chat.updated_ms));
        let mut message_ids = Vec::new();
        let mut bad = None;
        for_each(&chat.messages, &mut |m| {
            let t = &m.timing;
            let times = [
                Some(t.started_ms),
                t.first_token_ms,
                t.answer_started_ms,
                t.ended_ms,
            ];
            if normal_id(&m.id).as_ref() != Some(&m.id)
                || message_ids.contains(&m.id)
                || times.iter().flatten().any(|x| !(0.0..=NOW).contains(x))
            {
                bad = Some(m.id.clone());
            }
            message_ids.push(m.id.clone());
        });
        prop_assert_eq!(bad, None, "a message id or time was not made safe");
    }
    Ok(())
}

fn import_text(text: &str) -> Result<Vec<Conversation>, ImportError> {
    import_json(text, NOW, &mut ids())
}

/// Storage keys a hostile or broken store might hold.
fn store_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(SCHEMA_KEY.to_owned()),
        Just(INDEX_KEY.to_owned()),
        Just(SETTINGS_KEY.to_owned()),
        Just(API_KEY_KEY.to_owned()),
        "[a-c]{1,2}".prop_map(|id| format!("{CHAT_PREFIX}{id}")),
        ".{0,12}".prop_map(|id| format!("{CHAT_PREFIX}{id}")),
        ".{0,12}".prop_map(|k| format!("{BACKUP_PREFIX}{k}")),
        ".{0,12}",
    ]
}

/// Stored values: real records (maybe mutated), arbitrary JSON, garbage.
fn store_value() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => mutated_seed().prop_map(|v| v.to_string()),
        1 => chat_record(),
        1 => json_value().prop_map(|v| v.to_string()),
        1 => proptest::collection::vec((proptest::sample::select(&["a", "b", "c", "../x"][..]), leaf()), 0..4)
            .prop_map(|entries| {
                let chats: Vec<Value> = entries
                    .into_iter()
                    .map(|(id, t)| serde_json::json!({"id": id, "title": "t", "updated_ms": t}))
                    .collect();
                serde_json::json!({"v": 2, "open": "a", "chats": chats}).to_string()
            }),
        1 => ".{0,40}",
        1 => Just("2".to_owned()),
    ]
}

/// A record for a chat: a real one (maybe damaged), stored as the app does.
fn chat_record() -> impl Strategy<Value = String> {
    let seeds = seeds();
    let whole = (0..seeds.len()).prop_map(move |i| seeds[i].clone());
    prop_oneof![whole, mutated_seed()].prop_map(|v| {
        // A stored record wraps one chat: `{"v":N,"chat":{…}}`.
        let chat = v.get("chats").and_then(|c| c.get(0)).cloned().unwrap_or(v);
        serde_json::json!({"v": 2, "chat": chat}).to_string()
    })
}

/// A store shaped like the app's (an index, records under the ids it
/// lists, maybe twice, maybe not) with garbage mixed in.
fn structured_store() -> impl Strategy<Value = Vec<(String, String)>> {
    let ids = || proptest::sample::select(&["a", "b", "c"][..]);
    (
        proptest::option::of(store_value()),
        proptest::collection::vec(ids(), 0..6),
        proptest::collection::vec((ids(), chat_record()), 0..4),
        proptest::collection::vec((store_key(), store_value()), 0..3),
    )
        .prop_map(|(index, listed, records, extra)| {
            let listed: Vec<Value> = listed
                .iter()
                .map(|id| serde_json::json!({"id": id, "title": "t", "updated_ms": 1}))
                .collect();
            let index = index.unwrap_or_else(|| {
                serde_json::json!({"v": 2, "open": "a", "chats": listed}).to_string()
            });
            let mut entries = vec![(INDEX_KEY.to_owned(), index)];
            entries.extend(
                records
                    .into_iter()
                    .map(|(id, r)| (format!("{CHAT_PREFIX}{id}"), r)),
            );
            entries.extend(extra);
            entries
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text: an error with a sentence, or chats that are safe.
    #[test]
    fn import_of_any_text_is_safe(text in ".{0,200}") {
        match import_text(&text) {
            Ok(chats) => check_imported(&chats)?,
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Any JSON, shaped like ours or not.
    #[test]
    fn import_of_any_json_is_safe(value in json_value()) {
        match import_text(&value.to_string()) {
            Ok(chats) => check_imported(&chats)?,
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Real exports and records with values swapped for arbitrary ones.
    #[test]
    fn import_of_a_damaged_export_is_safe(doc in mutated_seed()) {
        match import_text(&doc.to_string()) {
            Ok(chats) => check_imported(&chats)?,
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Loading a store full of garbage: no panic, nothing it read is
    /// changed or removed (only backups and the schema key are written),
    /// no chat twice, and what loaded saves and loads back the same.
    #[test]
    fn loading_a_garbage_store_changes_nothing_and_round_trips(
        entries in prop_oneof![
            proptest::collection::vec((store_key(), store_value()), 0..8),
            structured_store(),
        ],
    ) {
        let kv = MemoryKv::new();
        for (key, value) in &entries {
            kv.set(key, value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let before: Vec<(String, Option<String>)> = kv
            .keys()
            .unwrap_or_default()
            .into_iter()
            .map(|k| { let v = kv.get(&k).ok().flatten(); (k, v) })
            .collect();
        let mut store = Store::new(&kv);
        let report = store.load(NOW);
        for (key, value) in &before {
            if key != SCHEMA_KEY {
                prop_assert_eq!(&kv.get(key).ok().flatten(), value, "{} changed", key);
            }
        }
        for key in kv.keys().unwrap_or_default() {
            prop_assert!(
                key == SCHEMA_KEY || key.starts_with(BACKUP_PREFIX) || before.iter().any(|(k, _)| *k == key),
                "load wrote {}", key
            );
        }
        let loaded = report.conversations;
        let mut seen = Vec::new();
        for c in &loaded {
            prop_assert!(!seen.contains(&c.id), "chat {} loaded twice", c.id);
            seen.push(c.id.clone());
        }
        if report.read_only {
            return Ok(());
        }
        for c in &loaded {
            // A chat without messages is not saved by the app; skip it here too.
            if !c.is_empty() {
                store.save_chat(c, &loaded, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
        }
        let again = Store::new(&kv).load(NOW);
        let by_id = |cs: &[Conversation]| {
            let mut v: Vec<(String, Value)> = cs
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| (c.id.clone(), serde_json::from_str(&to_json(c)).unwrap_or(Value::Null)))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let (again, loaded) = (by_id(&again.conversations), by_id(&loaded));
        prop_assert_eq!(again.len(), loaded.len());
        for ((id, a), (_, b)) in again.iter().zip(&loaded) {
            prop_assert!(same_to_an_ulp(a, b), "chat {} changed from {} to {}", id, b, a);
        }
    }
}

/// `a` and `b` are the same JSON, but for numbers one unit in the last
/// place apart. The loader parses numbers with serde_json's fast float
/// reader (its exact one, `float_roundtrip`, costs 8.6 KB gzipped of
/// wasm), which can miss by one ulp when a number needs 17 significant
/// digits: an arbitrary double, or an integer over 2^53. What the app
/// stores (times in ms, token counts, settings like 0.7) never does.
fn same_to_an_ulp(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => {
                x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) == 1)
            }
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_to_an_ulp(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, x)| y.get(k).is_some_and(|y| same_to_an_ulp(x, y)))
        }
        _ => a == b,
    }
}

#[test]
fn numbers_load_back_to_an_ulp_and_no_further() {
    let stored = 991_421_292_900_895_424_f64;
    let next = f64::from_bits(stored.to_bits() + 1);
    // The case proptest found: saved as the app writes numbers and read
    // back one ulp off, which the round trip allows.
    let read: f64 = serde_json::from_str(&to_json(&stored)).unwrap_or(f64::NAN);
    assert_eq!(
        read.to_bits().abs_diff(stored.to_bits()),
        1,
        "{}",
        to_json(&stored)
    );
    assert!(same_to_an_ulp(&Value::from(read), &Value::from(stored)));
    assert!(same_to_an_ulp(&Value::from(next), &Value::from(stored)));
    // Two ulps, a sign or a different value are changes.
    let two = f64::from_bits(stored.to_bits() + 2);
    assert!(!same_to_an_ulp(&Value::from(two), &Value::from(stored)));
    assert!(!same_to_an_ulp(&Value::from(-stored), &Value::from(stored)));
    assert!(!same_to_an_ulp(
        &serde_json::json!([1.5]),
        &serde_json::json!([1.25])
    ));
    assert!(!same_to_an_ulp(
        &serde_json::json!({"a": 1}),
        &serde_json::json!({"a": 1, "b": 2})
    ));
}
