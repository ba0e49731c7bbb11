//! The migration chain for stored chat records. Step `n` turns a record of
//! version `n` into version `n + 1`; running the steps in order brings a record
//! of any older version up to [`SCHEMA_VERSION`]. Steps work on JSON values,
//! not on Rust types, because the old shapes no longer have types.
//!
//! Versions:
//! * 0: a bare `Conversation` object with no envelope (hand-written records,
//!   very early builds).
//! * 1: `{"v":1,"chat":Conversation}`, the first shipped layout.
//! * 2: the same envelope; a message may carry `versions` (the other answers
//!   of a regenerated reply, the other versions of an edited message) and
//!   `images` (attached by the user). No v1 record has them, so the step
//!   only renumbers; the bump is what stops an older app from rewriting a
//!   chat and dropping them.
//! * 3: the same envelope; a chat may be pinned (`pinned_ms`) and in a
//!   folder (`folder`), its `params` may name a `model`, and a message's
//!   `images` may hold references `img:<id>` to the image store instead of
//!   `data:` URLs. No v2 record has any of these, so the step renumbers;
//!   the `data:` URLs a v2 chat holds stay valid, and the session moves
//!   them into the image store afterwards, one chat at a time, writing the
//!   chat with references only once the images are stored
//!   (`session/images.rs`).
//!
//! Exports carry the same number: the chats inside an export of version `n`
//! have the shape of schema `n`, so this one chain serves both.

use serde_json::{Map, Value};

use super::layout::SCHEMA_VERSION;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    #[error("saved by a newer version of this app (version {0}; this one knows {SCHEMA_VERSION})")]
    Newer(u64),
    #[error("{0}")]
    Invalid(&'static str),
}

type Step = fn(Value) -> Result<Value, MigrateError>;

/// `STEPS[n]` turns version `n` into `n + 1`. The array length makes the
/// compiler insist on one step for every version bump.
const STEPS: [Step; SCHEMA_VERSION as usize] = [v0_to_v1, v1_to_v2, v2_to_v3];

/// Bring a record of version `from` up to the current version.
pub fn migrate_chat(value: Value, from: u32) -> Result<Value, MigrateError> {
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    let Some(steps) = STEPS.get(start..) else {
        return Err(MigrateError::Newer(u64::from(from)));
    };
    steps.iter().try_fold(value, |value, step| step(value))
}

/// A stored record of any version in, the current `Conversation` JSON out.
pub fn upgrade_record(value: Value) -> Result<Value, MigrateError> {
    let version = match value.get("v") {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or(MigrateError::Invalid("its version is not a whole number"))?,
    };
    let from = u32::try_from(version).map_err(|_| MigrateError::Newer(version))?;
    into_chat(migrate_chat(value, from)?)
}

/// A bare conversation in the shape of schema `from` (as found inside an
/// export of that version) in, the current `Conversation` JSON out.
pub fn upgrade_bare(chat: Value, from: u32) -> Result<Value, MigrateError> {
    let record = if from == 0 {
        chat
    } else {
        Value::Object(envelope(from, chat))
    };
    into_chat(migrate_chat(record, from)?)
}

fn envelope(version: u32, chat: Value) -> Map<String, Value> {
    let mut record = Map::new();
    record.insert("v".into(), Value::from(version));
    record.insert("chat".into(), chat);
    record
}

fn into_chat(record: Value) -> Result<Value, MigrateError> {
    match record {
        Value::Object(mut map) => map
            .remove("chat")
            .filter(Value::is_object)
            .ok_or(MigrateError::Invalid("it has no conversation inside")),
        _ => Err(MigrateError::Invalid("it is not a JSON object")),
    }
}

/// v0 → v1: wrap the bare conversation in the versioned envelope.
fn v0_to_v1(value: Value) -> Result<Value, MigrateError> {
    if !value.is_object() {
        return Err(MigrateError::Invalid("it is not a JSON object"));
    }
    Ok(Value::Object(envelope(1, value)))
}

/// v1 → v2: same shape, new number (see the version list above).
fn v1_to_v2(value: Value) -> Result<Value, MigrateError> {
    renumber(value, 2)
}

/// v2 → v3: same shape, new number (see the version list above).
fn v2_to_v3(value: Value) -> Result<Value, MigrateError> {
    renumber(value, 3)
}

fn renumber(value: Value, version: u32) -> Result<Value, MigrateError> {
    match value {
        Value::Object(mut map) => {
            map.insert("v".into(), Value::from(version));
            Ok(Value::Object(map))
        }
        _ => Err(MigrateError::Invalid("it is not a JSON object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bare_conversation_is_wrapped() {
        let bare = json!({"id": "c1", "messages": []});
        assert_eq!(
            migrate_chat(bare.clone(), 0),
            Ok(json!({"v": 3, "chat": bare.clone()}))
        );
        assert_eq!(upgrade_record(bare.clone()), Ok(bare));
    }

    #[test]
    fn current_version_passes_through() {
        let record = json!({"v": 3, "chat": {"id": "c1"}});
        assert_eq!(migrate_chat(record.clone(), 3), Ok(record));
        assert_eq!(
            upgrade_bare(json!({"id": "c1"}), 3),
            Ok(json!({"id": "c1"}))
        );
    }

    #[test]
    fn v1_is_renumbered_and_keeps_its_chat() {
        let chat = json!({"id": "c1", "messages": [{"id": "m", "role": "user"}]});
        assert_eq!(
            migrate_chat(json!({"v": 1, "chat": chat.clone()}), 1),
            Ok(json!({"v": 3, "chat": chat.clone()}))
        );
        assert_eq!(upgrade_bare(chat.clone(), 1), Ok(chat));
    }

    #[test]
    fn v2_is_renumbered_and_keeps_its_images_inline() {
        let chat = json!({"id": "c1", "messages": [{"id": "m", "role": "user",
            "images": ["data:image/png;base64,iVBORw0KGgo="]}]});
        assert_eq!(
            migrate_chat(json!({"v": 2, "chat": chat.clone()}), 2),
            Ok(json!({"v": 3, "chat": chat.clone()}))
        );
        assert_eq!(upgrade_bare(chat.clone(), 2), Ok(chat));
    }

    #[test]
    fn newer_and_malformed_records_are_refused() {
        assert_eq!(
            upgrade_record(json!({"v": 7, "chat": {}})),
            Err(MigrateError::Newer(7))
        );
        assert_eq!(
            upgrade_record(json!({"v": u64::MAX, "chat": {}})),
            Err(MigrateError::Newer(u64::MAX))
        );
        assert!(matches!(
            upgrade_record(json!({"v": "one", "chat": {}})),
            Err(MigrateError::Invalid(_))
        ));
        assert!(matches!(
            upgrade_record(json!({"v": 1, "chat": "text"})),
            Err(MigrateError::Invalid(_))
        ));
        assert!(matches!(
            upgrade_record(json!([1, 2])),
            Err(MigrateError::Invalid(_))
        ));
    }
}
