//! What an export holds besides its chats (see `export_json.rs`): folders,
//! prompts and images. Read leniently, apart from the chats: a folder or
//! prompt that cannot be read is skipped, and only images this app would
//! show are taken, so a damaged extra never stops the chats coming in.

use serde_json::Value;

use super::export_json::Extras;
use super::normalise::normal_id;
use crate::chat::images::is_safe_image_url;
use crate::chat::{Folder, Prompt, prompts::tidy};
use crate::json::FromJson;

/// The extras of an export `text` (none when it has none, or is not an
/// export: `import_json` says why).
pub fn import_extras(text: &str) -> Extras {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(Value::Object(doc)) = crate::json::parse_value(text) else {
        return Extras::default();
    };
    let list = |key: &str| match doc.get(key) {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let folders = list("folders")
        .iter()
        .filter_map(|v| Folder::from_json(v).ok())
        .filter_map(|mut f| {
            // Made safe the way the chats' references to it are.
            f.id = normal_id(&f.id)?;
            f.name = crate::chat::folders::folder_name(&f.name);
            Some(f)
        })
        .collect();
    let prompts = list("prompts")
        .iter()
        .filter_map(|v| Prompt::from_json(v).ok())
        .filter_map(|mut p| {
            p.id = normal_id(&p.id)?;
            Some(tidy(p))
        })
        .collect();
    let images = match doc.get("images") {
        Some(Value::Object(map)) => map
            .iter()
            .filter_map(|(id, url)| Some((normal_id(id)?, url.as_str()?.to_string())))
            .filter(|(_, url)| is_safe_image_url(url))
            .collect(),
        _ => Vec::new(),
    };
    Extras {
        folders,
        prompts,
        images,
    }
}
