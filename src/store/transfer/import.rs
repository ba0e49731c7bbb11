//! Reading conversations from a file: our export of any version, one stored
//! record (`{"v":1,"chat":{…}}`), or bare conversation objects (alone or in
//! an array), all through the same migration chain as stored records.

use serde_json::{Map, Value};

use super::export_json::EXPORT_FORMAT;
use super::normalise::{bound_times, normal_id, normal_refs};
use crate::chat::Conversation;
use crate::json::FromJson;
use crate::store::layout::SCHEMA_VERSION;
use crate::store::migrate::{self, MigrateError};

/// Files above this are refused before parsing: localStorage holds about
/// 10 MB, so a larger file cannot be a real export of this app.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;

/// Why a file could not be imported, as a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "This file is {} MB; files up to {} MB can be imported.",
        megabytes(*.0),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )]
    TooLarge(usize),
    #[error(
        "This file is not JSON (the problem starts at line {line}, column {column}), so it is not a MiniMax Chat export. Choose the .json file that Export saved."
    )]
    NotJson { line: usize, column: usize },
    #[error("This file is JSON, but not a MiniMax Chat export or a saved conversation.")]
    NotAnExport,
    #[error("This file is a \"{0}\" file, not a MiniMax Chat export.")]
    OtherFormat(String),
    #[error("This MiniMax Chat export has no valid version number, so it cannot be read safely.")]
    BadVersion,
    #[error(
        "This file is a MiniMax Chat export from a newer version (format {0}); this version reads up to format {SCHEMA_VERSION}. Update the app, then import it again."
    )]
    Newer(u64),
    #[error("This file contains no conversations.")]
    Empty,
    #[error("{}", invalid_sentence(positions, *total, reason))]
    InvalidChats {
        /// 1-based positions in the file.
        positions: Vec<usize>,
        total: usize,
        /// What was wrong with the first of them.
        reason: String,
    },
}

fn megabytes(bytes: usize) -> String {
    crate::decimal::tenths(bytes as f64 / (1024.0 * 1024.0))
}

fn invalid_sentence(positions: &[usize], total: usize, reason: &str) -> String {
    const LISTED: usize = 5;
    let first = positions.first().copied().unwrap_or(1);
    let what = match positions {
        _ if total == 1 => "The conversation in this file could not be read".to_string(),
        [one] => format!("Chat {one} of {total} in this file could not be read"),
        _ => {
            let mut listed: Vec<String> = positions
                .iter()
                .take(LISTED)
                .map(ToString::to_string)
                .collect();
            if positions.len() > LISTED {
                listed.push(format!("{} more", positions.len() - LISTED));
            }
            let last = listed.pop().unwrap_or_default();
            format!(
                "Chats {} and {last} of {total} in this file could not be read",
                listed.join(", ")
            )
        }
    };
    let whose = if positions.len() > 1 {
        format!("chat {first}: ")
    } else {
        String::new()
    };
    format!("{what} ({whose}{reason}). Nothing was imported.")
}

/// The conversations in `text`, upgraded to the current schema. Ids are
/// made safe (see `normalise`); chats or messages without a usable id (or
/// repeating one) get one from `new_id`; times after `now_ms` become
/// `now_ms`; replies left streaming become interrupted; conversations
/// without messages are dropped, as the app never keeps those.
pub fn import_json(
    text: &str,
    now_ms: f64,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<Conversation>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
    // Editors on Windows like to start files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = crate::json::parse_value(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    let upgraded = upgrade_all(value)?;
    let total = upgraded.len();
    let mut chats = Vec::new();
    let mut bad = Vec::new();
    let mut reason = String::new();
    let mut chat_ids = Vec::new();
    for (n, result) in upgraded.into_iter().enumerate() {
        let parsed = result.and_then(|mut chat| {
            give_ids(&mut chat, &mut chat_ids, new_id);
            Conversation::from_json(&chat).map_err(|e| e.to_string())
        });
        match parsed {
            Ok(mut chat) => {
                chat.settle_after_load();
                bound_times(&mut chat, now_ms);
                normal_refs(&mut chat);
                chats.push(chat);
            }
            Err(why) => {
                if bad.is_empty() {
                    reason = why;
                }
                bad.push(n + 1);
            }
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::InvalidChats {
            positions: bad,
            total,
            reason,
        });
    }
    chats.retain(|c| !c.is_empty());
    if chats.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(chats)
}

/// Every chat in the document, each upgraded to the current shape or with
/// the reason it could not be.
fn upgrade_all(value: Value) -> Result<Vec<Result<Value, String>>, ImportError> {
    let upgraded = match value {
        Value::Object(doc) if doc.contains_key("format") => return upgrade_export(doc),
        Value::Object(ref one) if looks_like_chat(one) => vec![migrate::upgrade_record(value)],
        Value::Array(items) => items.into_iter().map(upgrade_item).collect(),
        _ => return Err(ImportError::NotAnExport),
    };
    upgraded.into_iter().map(settle_migration).collect()
}

fn upgrade_export(mut doc: Map<String, Value>) -> Result<Vec<Result<Value, String>>, ImportError> {
    match doc.get("format").and_then(Value::as_str) {
        Some(EXPORT_FORMAT) => {}
        Some(other) => return Err(ImportError::OtherFormat(other.chars().take(40).collect())),
        None => return Err(ImportError::NotAnExport),
    }
    let version = doc
        .get("version")
        .and_then(Value::as_u64)
        .filter(|&v| v >= 1)
        .ok_or(ImportError::BadVersion)?;
    let version = u32::try_from(version)
        .ok()
        .filter(|&v| v <= SCHEMA_VERSION)
        .ok_or(ImportError::Newer(version))?;
    let Some(Value::Array(chats)) = doc.remove("chats") else {
        return Err(ImportError::Empty);
    };
    chats
        .into_iter()
        .map(|chat| settle_migration(migrate::upgrade_bare(chat, version)))
        .collect()
}

/// One element of a bare array: a stored record or a bare conversation.
fn upgrade_item(item: Value) -> Result<Value, MigrateError> {
    match &item {
        Value::Object(map) if looks_like_chat(map) => migrate::upgrade_record(item),
        _ => Err(MigrateError::Invalid("it is not a conversation")),
    }
}

/// A record has `chat`; a bare conversation has `messages`. Anything else is
/// refused rather than imported as an empty chat.
fn looks_like_chat(map: &Map<String, Value>) -> bool {
    map.contains_key("chat") || map.contains_key("messages")
}

/// A chat from a newer version stops the whole import; other problems are
/// reported per chat.
fn settle_migration(
    result: Result<Value, MigrateError>,
) -> Result<Result<Value, String>, ImportError> {
    match result {
        Err(MigrateError::Newer(v)) => Err(ImportError::Newer(v)),
        Err(MigrateError::Invalid(why)) => Ok(Err(why.to_string())),
        Ok(chat) => Ok(Ok(chat)),
    }
}

/// Safe ids everywhere, and fresh ones where a chat or a message has none
/// usable, or repeats one seen before (messages are merged by id, so ids
/// must be unique within their chat).
/// The ids seen are a list, not a hash set: an import is a one-off, and
/// std's hashing would add its own code to the first load.
fn give_ids(chat: &mut Value, chat_ids: &mut Vec<String>, new_id: &mut dyn FnMut() -> String) {
    let Value::Object(map) = chat else {
        return;
    };
    ensure_id(map, chat_ids, new_id);
    if let Some(Value::Array(messages)) = map.get_mut("messages") {
        give_message_ids(messages, &mut Vec::new(), new_id);
    }
}

/// Messages kept in versions (see `chat/versions.rs`) share the chat's ids.
fn give_message_ids(
    messages: &mut [Value],
    seen: &mut Vec<String>,
    new_id: &mut dyn FnMut() -> String,
) {
    for m in messages {
        let Value::Object(m) = m else { continue };
        ensure_id(m, seen, new_id);
        let Some(Value::Object(versions)) = m.get_mut("versions") else {
            continue;
        };
        for side in ["earlier", "later"] {
            if let Some(Value::Array(tails)) = versions.get_mut(side) {
                for tail in tails {
                    if let Value::Array(tail) = tail {
                        give_message_ids(tail, seen, new_id);
                    }
                }
            }
        }
    }
}

fn ensure_id(
    map: &mut Map<String, Value>,
    seen: &mut Vec<String>,
    new_id: &mut dyn FnMut() -> String,
) {
    let current = map
        .get("id")
        .and_then(Value::as_str)
        .and_then(normal_id)
        .filter(|id| !seen.contains(id));
    let id = current.unwrap_or_else(new_id);
    map.insert("id".into(), Value::String(id.clone()));
    seen.push(id);
}
