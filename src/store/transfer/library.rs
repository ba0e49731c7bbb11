//! What an export holds besides its chats (see `export_json.rs`): folders,
//! prompts and images. Read leniently, apart from the chats: a folder or
//! prompt that cannot be read is skipped, and only images this app would
//! show are taken, so a damaged extra never stops the chats coming in.

use serde_json::Value;

use super::normalise::normal_id;
use crate::chat::images::is_safe_image_url;
use crate::chat::{Folder, Prompt, prompts::tidy};
use crate::json::FromJson;

/// The folders of an export's `folders` (none when it is not a list).
pub fn folders_in(list: &Value) -> Vec<Folder> {
    items(list)
        .iter()
        .filter_map(|v| Folder::from_json(v).ok())
        .filter_map(|mut f| {
            // Made safe the way the chats' references to it are.
            f.id = normal_id(&f.id)?;
            f.name = crate::chat::folders::folder_name(&f.name);
            Some(f)
        })
        .collect()
}

/// The prompts of an export's `prompts` (none when it is not a list).
pub fn prompts_in(list: &Value) -> Vec<Prompt> {
    items(list)
        .iter()
        .filter_map(|v| Prompt::from_json(v).ok())
        .filter_map(|mut p| {
            p.id = normal_id(&p.id)?;
            Some(tidy(p))
        })
        .collect()
}

/// One member of an export's `images`: (record id, `data:` URL), if the
/// id can be made safe and the URL is an image this app would show.
pub fn image_in(id: &str, url: &Value) -> Option<(String, String)> {
    let url = url.as_str().filter(|url| is_safe_image_url(url))?;
    Some((normal_id(id)?, url.to_string()))
}

fn items(list: &Value) -> &[Value] {
    match list {
        Value::Array(items) => items,
        _ => &[],
    }
}
