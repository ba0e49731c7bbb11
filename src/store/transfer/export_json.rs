//! The JSON export: a versioned document holding whole conversations, so an
//! import gives back exactly what was exported.

use std::borrow::Cow;

use crate::chat::Conversation;
use crate::json::record::json_record;
use crate::json::write::to_json_pretty;
use crate::store::finite::finite;
use crate::store::layout::SCHEMA_VERSION;

/// The `format` field that marks our exports.
pub const EXPORT_FORMAT: &str = "minimax-chat";

json_record! {
    /// `version` is the chat schema version: the chats inside have that
    /// shape, so importing runs them through the same migration chain as
    /// stored records.
    struct Export<'a> {
        format: &'static str,
        version: u32,
        exported_ms: f64,
        chats: Vec<Cow<'a, Conversation>>,
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
