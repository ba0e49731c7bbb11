//! The JSON export: a versioned document holding whole conversations, so an
//! import gives back exactly what was exported.

use std::borrow::Cow;

use crate::chat::Conversation;
use crate::json::write::{JsonWriter, ToJson, to_json_pretty};
use crate::store::finite::finite;
use crate::store::layout::SCHEMA_VERSION;

/// The `format` field that marks our exports.
pub const EXPORT_FORMAT: &str = "minimax-chat";

/// `version` is the chat schema version: the chats inside have that shape,
/// so importing runs them through the same migration chain as stored records.
#[cfg_attr(test, derive(serde::Serialize))]
struct Export<'a> {
    format: &'static str,
    version: u32,
    exported_ms: f64,
    chats: Vec<Cow<'a, Conversation>>,
}

impl ToJson for Export<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.string_field("format", self.format);
        out.integer_field("version", u64::from(self.version));
        out.number_field("exported_ms", self.exported_ms);
        out.field("chats", &self.chats);
        out.end_object();
    }
}

/// `{"format":"minimax-chat","version":1,"exported_ms":…,"chats":[…]}`,
/// pretty-printed so it can be read and diffed.
pub fn export_json(chats: &[Conversation], now_ms: f64) -> String {
    let doc = Export {
        format: EXPORT_FORMAT,
        version: SCHEMA_VERSION,
        exported_ms: if now_ms.is_finite() { now_ms } else { 0.0 },
        chats: chats.iter().map(finite).collect(),
    };
    to_json_pretty(&doc)
}
