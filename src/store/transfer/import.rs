//! Reading conversations from a file: our export of any version, one stored
//! record (`{"v":1,"chat":{…}}`), or bare conversation objects (alone or in
//! an array), all through the same migration chain as stored records.

use std::ops::Range;

use serde_json::{Map, Value};

use super::export_json::{EXPORT_FORMAT, Extras};
use super::library::{folders_in, image_in, prompts_in};
use super::normalise::{bound_times, normal_id, normal_refs};
use super::outline::{self, Member};
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

/// The conversations in `text`, upgraded to the current schema, read in
/// one go (see [`ImportFile`] for what is done to them).
pub fn import_json(
    text: &str,
    now_ms: f64,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<Conversation>, ImportError> {
    let mut file = ImportFile::open(text.to_string(), now_ms)?;
    file.read_some(new_id, &mut || true)?;
    file.finish().map(|(chats, _)| chats)
}

/// How the chats of a file are upgraded.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// Our export of this format version: bare conversations.
    Export(u32),
    /// An array of stored records or bare conversations.
    Items,
    /// The file is one stored record or one bare conversation.
    One,
}

/// A file being imported, read a chat at a time so that a large one never
/// blocks the page: [`ImportFile::open`] finds where each chat is without
/// parsing it (`outline.rs`), [`ImportFile::read_some`] parses chats until
/// told to stop, and [`ImportFile::finish`] gives them with the export's
/// folders, prompts and images.
///
/// What is done to each chat: ids are made safe (see `normalise`); chats
/// or messages without a usable id (or repeating one) get one from
/// `new_id`; times after "now" become "now"; replies left streaming become
/// interrupted; conversations without messages are dropped, as the app
/// never keeps those.
pub struct ImportFile {
    text: String,
    now_ms: f64,
    shape: Shape,
    chats: Vec<Range<usize>>,
    images: Vec<Member>,
    folders: Option<Range<usize>>,
    prompts: Option<Range<usize>>,
    /// Chats and images read so far (chats first).
    next: usize,
    read: Vec<Conversation>,
    /// 1-based positions of chats that could not be read, and why the
    /// first could not.
    bad: Vec<usize>,
    reason: String,
    chat_ids: Vec<String>,
    image_list: Vec<(String, String)>,
}

impl ImportFile {
    /// Check the file's size, outline and version. The chats are not
    /// parsed yet.
    pub fn open(text: String, now_ms: f64) -> Result<Self, ImportError> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err(ImportError::TooLarge(text.len()));
        }
        // Editors on Windows like to start files with a byte order mark.
        let mut text = text;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut file = ImportFile {
            text,
            now_ms,
            shape: Shape::One,
            chats: Vec::new(),
            images: Vec::new(),
            folders: None,
            prompts: None,
            next: 0,
            read: Vec::new(),
            bad: Vec::new(),
            reason: String::new(),
            chat_ids: Vec::new(),
            image_list: Vec::new(),
        };
        match file.find_parts() {
            Ok(()) => Ok(file),
            Err(Found::Malformed) => Err(file.syntax_error()),
            Err(Found::Refused(e)) => Err(e),
        }
    }

    /// How many chats the file holds (some may turn out unreadable).
    pub fn total(&self) -> usize {
        self.chats.len()
    }

    /// How many chats have been read.
    pub fn done(&self) -> usize {
        self.next.min(self.chats.len())
    }

    /// Read chats, then the images, one at a time while `more()` says go
    /// on (at least one). True when everything is read.
    pub fn read_some(
        &mut self,
        new_id: &mut dyn FnMut() -> String,
        more: &mut dyn FnMut() -> bool,
    ) -> Result<bool, ImportError> {
        let units = self.chats.len() + self.images.len();
        while self.next < units {
            let at = self.next;
            self.next += 1;
            let outcome = match self.chats.get(at) {
                Some(range) => self.read_chat(at, range.clone(), new_id),
                None => self.read_image(at - self.chats.len()),
            };
            match outcome {
                Ok(()) => {}
                Err(Found::Malformed) => return Err(self.syntax_error()),
                Err(Found::Refused(e)) => return Err(e),
            }
            if !more() {
                break;
            }
        }
        Ok(self.next >= units)
    }

    /// The chats read, with the export's extras; an error if any chat
    /// could not be read, or none has messages.
    pub fn finish(mut self) -> Result<(Vec<Conversation>, Extras), ImportError> {
        if !self.bad.is_empty() {
            return Err(ImportError::InvalidChats {
                positions: self.bad,
                total: self.chats.len(),
                reason: self.reason,
            });
        }
        self.read.retain(|c| !c.is_empty());
        if self.read.is_empty() {
            return Err(ImportError::Empty);
        }
        let list = |range: &Option<Range<usize>>| -> Result<Value, ImportError> {
            match range {
                Some(r) => self.parse(r.clone()).map_err(|_| self.syntax_error()),
                None => Ok(Value::Null),
            }
        };
        let extras = Extras {
            folders: folders_in(&list(&self.folders)?),
            prompts: prompts_in(&list(&self.prompts)?),
            images: std::mem::take(&mut self.image_list),
        };
        Ok((self.read, extras))
    }

    /// Where the chats (and the extras) are, and whether this is a file
    /// that can be imported at all.
    fn find_parts(&mut self) -> Result<(), Found> {
        let text = self.text.as_str();
        let start = outline::start(text);
        let members = match text.as_bytes().get(start) {
            Some(b'[') => {
                let (chats, end) = outline::elements(text, start)?;
                outline::ends_at(text, end)?;
                self.shape = Shape::Items;
                self.chats = chats;
                return Ok(());
            }
            Some(b'{') => {
                let (members, end) = outline::members(text, start)?;
                outline::ends_at(text, end)?;
                // The whole file, in case it is one chat.
                let whole: Range<usize> = start..end;
                self.chats = vec![whole];
                members
            }
            _ => {
                outline::ends_at(text, outline::value_end(text, start)?)?;
                return Err(Found::Refused(ImportError::NotAnExport));
            }
        };
        // Each member by its key; the last of a repeated key counts, as
        // it would with the file parsed whole.
        let mut named: Vec<(String, Range<usize>)> = Vec::new();
        for member in members {
            let Value::String(key) = self.parse(member.key)? else {
                return Err(Found::Malformed);
            };
            named.retain(|(k, _)| *k != key);
            named.push((key, member.value));
        }
        let get = |key: &str| named.iter().find(|(k, _)| k == key).map(|(_, r)| r.clone());
        let Some(format) = get("format") else {
            if get("chat").is_some() || get("messages").is_some() {
                // The whole file is one chat (`self.chats` says where).
                return Ok(());
            }
            return Err(Found::Refused(ImportError::NotAnExport));
        };
        // Everything this does not read is still checked to be JSON.
        for (key, range) in &named {
            if !["chats", "images", "folders", "prompts"].contains(&key.as_str()) {
                self.parse(range.clone())?;
            }
        }
        let refused = |e| Err(Found::Refused(e));
        match self.parse(format)? {
            Value::String(f) if f == EXPORT_FORMAT => {}
            Value::String(other) => {
                return refused(ImportError::OtherFormat(other.chars().take(40).collect()));
            }
            _ => return refused(ImportError::NotAnExport),
        }
        let version = match get("version") {
            Some(range) => self.parse(range)?.as_u64().filter(|&v| v >= 1),
            None => None,
        };
        let Some(version) = version else {
            return refused(ImportError::BadVersion);
        };
        let Some(version) = u32::try_from(version).ok().filter(|&v| v <= SCHEMA_VERSION) else {
            return refused(ImportError::Newer(version));
        };
        self.shape = Shape::Export(version);
        match get("chats") {
            Some(range) if text.as_bytes().get(range.start) == Some(&b'[') => {
                self.chats = outline::elements(text, range.start)?.0;
            }
            Some(range) => {
                // Not a list of chats: still JSON, but nothing to import.
                self.parse(range)?;
                return refused(ImportError::Empty);
            }
            None => return refused(ImportError::Empty),
        }
        if let Some(range) = get("images") {
            if text.as_bytes().get(range.start) == Some(&b'{') {
                self.images = outline::members(text, range.start)?.0;
            } else {
                self.parse(range)?;
            }
        }
        self.folders = get("folders");
        self.prompts = get("prompts");
        Ok(())
    }

    /// Parse, upgrade and read chat `at`.
    fn read_chat(
        &mut self,
        at: usize,
        range: Range<usize>,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<(), Found> {
        let value = self.parse(range)?;
        let upgraded = settle_migration(match self.shape {
            Shape::Export(version) => migrate::upgrade_bare(value, version),
            Shape::Items => upgrade_item(value),
            Shape::One => migrate::upgrade_record(value),
        })
        .map_err(Found::Refused)?;
        let parsed = upgraded.and_then(|mut chat| {
            give_ids(&mut chat, &mut self.chat_ids, new_id);
            Conversation::from_json(&chat).map_err(|e| e.to_string())
        });
        match parsed {
            Ok(mut chat) => {
                chat.settle_after_load();
                bound_times(&mut chat, self.now_ms);
                normal_refs(&mut chat);
                self.read.push(chat);
            }
            Err(why) => {
                if self.bad.is_empty() {
                    self.reason = why;
                }
                self.bad.push(at + 1);
            }
        }
        Ok(())
    }

    /// Parse image `at`: kept when its id can be made safe and it is an
    /// image this app would show.
    fn read_image(&mut self, at: usize) -> Result<(), Found> {
        let Some(member) = self.images.get(at).cloned() else {
            return Ok(());
        };
        let (Value::String(id), url) = (self.parse(member.key)?, self.parse(member.value)?) else {
            return Err(Found::Malformed);
        };
        if let Some(image) = image_in(&id, &url) {
            self.image_list.push(image);
        }
        Ok(())
    }

    fn parse(&self, range: Range<usize>) -> Result<Value, Found> {
        let part = self.text.get(range).ok_or(Found::Malformed)?;
        crate::json::parse_value(part).map_err(|_| Found::Malformed)
    }

    /// The file is not JSON: parsed whole, to say where.
    fn syntax_error(&self) -> ImportError {
        match crate::json::parse_value(&self.text) {
            Err(e) => ImportError::NotJson {
                line: e.line(),
                column: e.column(),
            },
            // A part was malformed, so the whole cannot parse; were it to,
            // the file is at least not one this app wrote.
            Ok(_) => ImportError::NotAnExport,
        }
    }
}

/// Why reading a part stopped.
enum Found {
    /// Not JSON somewhere: the whole file is parsed to say where.
    Malformed,
    Refused(ImportError),
}

impl From<outline::Malformed> for Found {
    fn from(_: outline::Malformed) -> Self {
        Found::Malformed
    }
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
