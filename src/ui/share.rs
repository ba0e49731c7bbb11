//! Export as one HTML page: the chats' words and images handed to the
//! renderer module, which renders the answers and writes the page
//! (`markdown/src/export_html.rs`), so this costs the first load little.

use crate::browser::renderer::html_page;
use crate::chat::images::ref_id;
use crate::chat::{Conversation, Role};
use crate::store::transfer::reply_notes;

/// The page for `chats`; `images` are the (record id, `data:` URL) of the
/// images they name; `thinking`: include the thinking (folded).
pub fn html_export(
    chats: &[Conversation],
    images: &[(String, String)],
    thinking: bool,
    now_ms: f64,
) -> Result<String, String> {
    let page = html_page()?;
    for chat in chats {
        let model = chat.params.model.as_deref().unwrap_or(&chat.model);
        page.chat(
            &chat.display_title(),
            &format!("{model} · {}", when(chat.updated_ms)),
        );
        for m in &chat.messages {
            let at = when(m.timing.started_ms);
            match m.role {
                Role::User => {
                    for entry in &m.images {
                        let url = match ref_id(entry) {
                            Some(id) => images.iter().find(|(i, _)| i == id).map(|(_, u)| u),
                            None => Some(entry),
                        };
                        if let Some(url) = url {
                            page.image(url);
                        }
                    }
                    page.user("You", &at, &m.content);
                }
                Role::Assistant => {
                    let label = m
                        .thought_seconds()
                        .map_or("Thinking".to_string(), |s| format!("Thought for {s} s"));
                    page.assistant(
                        m.model.as_deref().unwrap_or(&chat.model),
                        &at,
                        &label,
                        if thinking { &m.thinking } else { "" },
                        &m.content,
                        &reply_notes(m),
                    );
                }
            }
        }
    }
    let title = match chats {
        [one] => one.display_title(),
        _ => "MiniMax Chat".to_string(),
    };
    page.finish(
        &title,
        &format!("Exported from MiniMax Chat on {}.", when(now_ms)),
    )
    .map_err(|e| crate::browser::fetch::js_error_text(&e))
}

/// `2026-12-04 09:30`, in the browser's time zone.
pub fn when(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
