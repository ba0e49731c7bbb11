//! The JSON export: a versioned document holding whole conversations, so an
//! import gives back exactly what was exported. Since version 3 it may also
//! hold the folders the chats are in, the prompt library, and the images
//! the chats name (`"images": {"<record id>": "data:…"}`), so an import
//! restores them too (`library.rs`).

use std::borrow::Cow;

use crate::chat::{Conversation, Folder, Prompt};
use crate::json::write::{JsonWriter, ToJson, to_json_pretty};
use crate::store::finite::finite;
use crate::store::layout::SCHEMA_VERSION;

/// The `format` field that marks our exports.
pub const EXPORT_FORMAT: &str = "minimax-chat";

/// What an export carries besides the chats.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    pub folders: Vec<Folder>,
    pub prompts: Vec<Prompt>,
    /// The images the chats name: (record id, `data:` URL).
    pub images: Vec<(String, String)>,
}

/// `version` is the chat schema version: the chats inside have that shape,
/// so importing runs them through the same migration chain as stored records.
struct Export<'a> {
    format: &'static str,
    version: u32,
    exported_ms: f64,
    chats: Vec<Cow<'a, Conversation>>,
    extras: &'a Extras,
}

impl ToJson for Export<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.string_field("format", self.format);
        out.integer_field("version", u64::from(self.version));
        out.number_field("exported_ms", self.exported_ms);
        out.field("chats", &self.chats);
        let extras = self.extras;
        if !extras.folders.is_empty() {
            out.field("folders", &extras.folders);
        }
        if !extras.prompts.is_empty() {
            out.field("prompts", &extras.prompts);
        }
        if !extras.images.is_empty() {
            out.key("images");
            out.begin_object();
            for (id, url) in &extras.images {
                out.string_field(id, url);
            }
            out.end_object();
        }
        out.end_object();
    }
}

/// `{"format":"minimax-chat","version":3,"exported_ms":…,"chats":[…]}`,
/// pretty-printed so it can be read and diffed.
pub fn export_json(chats: &[Conversation], now_ms: f64) -> String {
    export_json_with(chats, &Extras::default(), now_ms)
}

/// Like [`export_json`], with the folders, prompts and images in `extras`.
pub fn export_json_with(chats: &[Conversation], extras: &Extras, now_ms: f64) -> String {
    let doc = Export {
        format: EXPORT_FORMAT,
        version: SCHEMA_VERSION,
        exported_ms: if now_ms.is_finite() { now_ms } else { 0.0 },
        chats: chats.iter().map(finite).collect(),
        extras,
    };
    to_json_pretty(&doc)
}
