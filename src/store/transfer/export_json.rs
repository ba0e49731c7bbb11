//! The JSON export: a versioned document holding whole conversations, so an
//! import gives back exactly what was exported. Since version 3 it may also
//! hold the folders the chats are in, the prompt library, and the images
//! the chats name (`"images": {"<record id>": "data:…"}`), so an import
//! restores them too (`library.rs`).

use std::borrow::Cow;

use crate::chat::{Conversation, Folder, Prompt};
use crate::json::record::json_record;
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

/// The images of an export, as one object: record id → `data:` URL.
struct ImagesOut<'a>(&'a [(String, String)]);

impl ToJson for ImagesOut<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        for (id, url) in self.0 {
            out.string_field(id, url);
        }
        out.end_object();
    }
}

json_record! {
    /// `version` is the chat schema version: the chats inside have that
    /// shape, so importing runs them through the same migration chain as
    /// stored records. What goes with the chats is left out when empty.
    struct Export<'a> {
        format: &'static str,
        version: u32,
        exported_ms: f64,
        chats: Vec<Cow<'a, Conversation>>,
        folders: Option<&'a [Folder]> = omit_empty,
        prompts: Option<&'a [Prompt]> = omit_empty,
        images: Option<ImagesOut<'a>> = omit_empty,
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
        folders: Some(extras.folders.as_slice()).filter(|f| !f.is_empty()),
        prompts: Some(extras.prompts.as_slice()).filter(|p| !p.is_empty()),
        images: Some(ImagesOut(&extras.images)).filter(|i| !i.0.is_empty()),
    };
    to_json_pretty(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The export keeps the shape every importer reads.
    #[test]
    fn the_export_keeps_its_shape() {
        let chat = Conversation::new("c".into(), "m".into(), 1.0);
        let text = export_json(std::slice::from_ref(&chat), 5.0);
        let chat_pretty = to_json_pretty(&chat).replace('\n', "\n    ");
        assert_eq!(
            text,
            format!(
                "{{\n  \"format\": \"minimax-chat\",\n  \"version\": {SCHEMA_VERSION},\n  \"exported_ms\": 5.0,\n  \"chats\": [\n    {chat_pretty}\n  ]\n}}"
            )
        );
    }
}
