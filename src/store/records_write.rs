//! How stored chats and settings are written: one `ToJson` per stored type,
//! giving exactly the text serde's derive gave (field order, which empty
//! fields are left out, how enums are spelled), so records written before
//! and after read the same. `records.rs` reads them back; the tests below
//! compare with serde's derive, which the types keep under `cfg(test)`.

use crate::api::{FinishReason, ReasoningMeta, Usage};
use crate::chat::message::{Message, Role, Status, Timing};
use crate::chat::versions::Versions;
use crate::chat::{ChatParams, Conversation, ThinkingMode};
use crate::json::write::{JsonWriter, ToJson};
use crate::store::settings::{KeyPersistence, Settings, Theme};

impl ToJson for Conversation {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.string_field("id", &self.id);
        out.string_field("title", &self.title);
        out.key("title_is_custom");
        out.boolean(self.title_is_custom);
        out.number_field("created_ms", self.created_ms);
        out.number_field("updated_ms", self.updated_ms);
        out.string_field("model", &self.model);
        out.field("params", &self.params);
        out.field("messages", &self.messages);
        if let Some(ms) = self.pinned_ms {
            out.number_field("pinned_ms", ms);
        }
        if let Some(folder) = &self.folder {
            out.string_field("folder", folder);
        }
        out.end_object();
    }
}

impl ToJson for ChatParams {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        if let Some(model) = &self.model {
            out.string_field("model", model);
        }
        out.string_field("system_prompt", &self.system_prompt);
        out.number_field("temperature", self.temperature);
        out.number_field("top_p", self.top_p);
        out.integer_field("max_output_tokens", u64::from(self.max_output_tokens));
        out.field("thinking", &self.thinking);
        out.end_object();
    }
}

impl ToJson for ThinkingMode {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(match self {
            ThinkingMode::Adaptive => "adaptive",
            ThinkingMode::Off => "off",
        });
    }
}

impl ToJson for Message {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.string_field("id", &self.id);
        out.field("role", &self.role);
        out.string_field("content", &self.content);
        if !self.images.is_empty() {
            out.field("images", &self.images);
        }
        if !self.thinking.is_empty() {
            out.string_field("thinking", &self.thinking);
        }
        if let Some(meta) = &self.reasoning_meta {
            out.field("reasoning_meta", meta);
        }
        out.field("status", &self.status);
        if let Some(finish) = &self.finish {
            out.field("finish", finish);
        }
        if let Some(error) = &self.error {
            out.string_field("error", error);
        }
        if let Some(model) = &self.model {
            out.string_field("model", model);
        }
        if let Some(usage) = &self.usage {
            out.field("usage", usage);
        }
        out.field("timing", &self.timing);
        if !self.versions.is_empty() {
            out.field("versions", &self.versions);
        }
        out.end_object();
    }
}

impl ToJson for Role {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(match self {
            Role::User => "user",
            Role::Assistant => "assistant",
        });
    }
}

impl ToJson for Status {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(match self {
            Status::Streaming => "streaming",
            Status::Done => "done",
            Status::Stopped => "stopped",
            Status::Interrupted => "interrupted",
            Status::Error => "error",
        });
    }
}

impl ToJson for Timing {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.number_field("started_ms", self.started_ms);
        for (key, value) in [
            ("first_token_ms", self.first_token_ms),
            ("answer_started_ms", self.answer_started_ms),
            ("ended_ms", self.ended_ms),
        ] {
            if let Some(ms) = value {
                out.number_field(key, ms);
            }
        }
        out.end_object();
    }
}

impl ToJson for Versions {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        if !self.earlier.is_empty() {
            out.field("earlier", &self.earlier);
        }
        if !self.later.is_empty() {
            out.field("later", &self.later);
        }
        out.end_object();
    }
}

/// As serde writes an enum: `"Stop"`, or `{"Other": "reason"}`.
impl ToJson for FinishReason {
    fn write_json(&self, out: &mut JsonWriter) {
        let name = match self {
            FinishReason::Stop => "Stop",
            FinishReason::Length => "Length",
            FinishReason::ContentFilter => "ContentFilter",
            FinishReason::ToolCalls => "ToolCalls",
            FinishReason::Other(reason) => {
                out.begin_object();
                out.string_field("Other", reason);
                out.end_object();
                return;
            }
        };
        out.string(name);
    }
}

impl ToJson for Usage {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.integer_field("prompt_tokens", self.prompt_tokens);
        out.integer_field("completion_tokens", self.completion_tokens);
        out.integer_field("total_tokens", self.total_tokens);
        out.field("reasoning_tokens", &self.reasoning_tokens);
        out.field("cached_tokens", &self.cached_tokens);
        out.end_object();
    }
}

impl ToJson for ReasoningMeta {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("kind", &self.kind);
        out.field("id", &self.id);
        out.field("format", &self.format);
        out.field("index", &self.index);
        out.end_object();
    }
}

impl ToJson for Settings {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.string_field("base_url", &self.base_url);
        out.string_field("model", &self.model);
        out.string_field(
            "key_persistence",
            match self.key_persistence {
                KeyPersistence::Device => "device",
                KeyPersistence::Tab => "tab",
            },
        );
        out.string_field(
            "theme",
            match self.theme {
                Theme::System => "system",
                Theme::Light => "light",
                Theme::Dark => "dark",
            },
        );
        out.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::write::tests::same_as_serde;

    /// A reply with every optional field set, control characters included.
    fn full_reply(id: &str) -> Message {
        let mut m = crate::store::records::tests::full_reply();
        m.id = id.into();
        m.thinking = "plan \"quoted\"\n\t\u{1}".into();
        m.content = "answer \\ 中 😀".into();
        m.reasoning_meta = Some(ReasoningMeta {
            format: Some("f".into()),
            ..m.reasoning_meta.unwrap_or_default()
        });
        m
    }

    #[test]
    fn chats_are_written_as_serde_wrote_them() {
        let mut c = Conversation::new("c1".into(), "MiniMax-M2".into(), 1_700_000_000_000.5);
        same_as_serde(&c);
        c.title = "Renamed".into();
        c.title_is_custom = true;
        c.params.system_prompt = "Be brief.\r\n".into();
        c.params.thinking = ThinkingMode::Off;
        c.params.temperature = 0.7;
        same_as_serde(&c);
        c.params.model = Some("MiniMax-M2.5".into());
        c.pinned_ms = Some(1_700_000_000_500.0);
        c.folder = Some("f-1".into());
        let mut user = Message::user("u1".into(), "look".into(), 5.0);
        user.images = vec!["data:image/png;base64,AAAA".into(), "data:,".into()];
        c.messages.push(user);
        let mut reply = full_reply("a1");
        reply.versions.earlier.push(vec![full_reply("a0")]);
        reply.versions.later.push(vec![]);
        reply
            .versions
            .later
            .push(vec![Message::user("u2".into(), "".into(), 6.0)]);
        c.messages.push(reply);
        for (i, finish) in [
            FinishReason::Stop,
            FinishReason::Length,
            FinishReason::ContentFilter,
            FinishReason::ToolCalls,
        ]
        .into_iter()
        .enumerate()
        {
            let mut m = Message::pending_reply(format!("f{i}"), "m".into(), 20.0);
            m.finish = Some(finish);
            m.status = [
                Status::Done,
                Status::Stopped,
                Status::Interrupted,
                Status::Error,
            ][i];
            m.timing.ended_ms = Some(f64::NAN);
            c.messages.push(m);
        }
        same_as_serde(&c);
    }

    #[test]
    fn settings_are_written_as_serde_wrote_them() {
        for (key_persistence, theme) in [
            (KeyPersistence::Device, Theme::System),
            (KeyPersistence::Tab, Theme::Light),
            (KeyPersistence::Device, Theme::Dark),
        ] {
            same_as_serde(&Settings {
                base_url: "https://api.example/v1".into(),
                model: "m".into(),
                key_persistence,
                theme,
            });
        }
    }
}
