//! How stored chats and settings are read back: one `FromJson` per stored
//! type, with the same rules the stored format has always had (which fields
//! are required, which default when missing, how enums are spelled). Writing
//! is `records_write.rs`; the round-trip tests here keep the two in step.

use serde_json::Value;

use super::settings::{KeyPersistence, Settings, Theme};
use crate::api::{FinishReason, ReasoningMeta, Usage};
use crate::chat::message::{Message, Role, Status, Timing};
use crate::chat::versions::{Versions, normalize};
use crate::chat::{ChatParams, Conversation, ThinkingMode};
use crate::json::{FromJson, ReadError, field, field_or, field_or_default, object, variant};

impl FromJson for Conversation {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Conversation")?;
        Ok(Conversation {
            id: field(o, "id")?,
            title: field_or_default(o, "title")?,
            title_is_custom: field_or_default(o, "title_is_custom")?,
            created_ms: field_or_default(o, "created_ms")?,
            updated_ms: field_or_default(o, "updated_ms")?,
            model: field_or(o, "model", || {
                crate::chat::catalogue::DEFAULT_MODEL.to_string()
            })?,
            params: field_or(o, "params", ChatParams::default)?,
            messages: {
                let mut messages: Vec<Message> = field_or_default(o, "messages")?;
                normalize(&mut messages);
                messages
            },
            pinned_ms: field_or_default(o, "pinned_ms")?,
            folder: field_or_default(o, "folder")?,
        })
    }
}

impl FromJson for Versions {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Versions")?;
        Ok(Versions {
            earlier: field_or_default(o, "earlier")?,
            later: field_or_default(o, "later")?,
        })
    }
}

/// Every field defaults on its own: a chat saved before a setting existed
/// gets today's default for it.
impl FromJson for ChatParams {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "ChatParams")?;
        let d = ChatParams::default();
        Ok(ChatParams {
            model: field_or_default(o, "model")?,
            system_prompt: field_or(o, "system_prompt", || d.system_prompt)?,
            temperature: field_or(o, "temperature", || d.temperature)?,
            top_p: field_or(o, "top_p", || d.top_p)?,
            max_output_tokens: field_or(o, "max_output_tokens", || d.max_output_tokens)?,
            thinking: field_or(o, "thinking", || d.thinking)?,
        })
    }
}

impl FromJson for ThinkingMode {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        Ok([ThinkingMode::Adaptive, ThinkingMode::Off][variant(value, &["adaptive", "off"])?])
    }
}

impl FromJson for Message {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Message")?;
        Ok(Message {
            id: field(o, "id")?,
            role: field(o, "role")?,
            content: field_or_default(o, "content")?,
            images: field_or_default(o, "images")?,
            thinking: field_or_default(o, "thinking")?,
            reasoning_meta: field_or_default(o, "reasoning_meta")?,
            status: field_or_default(o, "status")?,
            finish: field_or_default(o, "finish")?,
            error: field_or_default(o, "error")?,
            model: field_or_default(o, "model")?,
            usage: field_or_default(o, "usage")?,
            timing: field_or_default(o, "timing")?,
            versions: field_or_default(o, "versions")?,
        })
    }
}

impl FromJson for Role {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        Ok([Role::User, Role::Assistant][variant(value, &["user", "assistant"])?])
    }
}

impl FromJson for Status {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        const ALL: [Status; 5] = [
            Status::Streaming,
            Status::Done,
            Status::Stopped,
            Status::Interrupted,
            Status::Error,
        ];
        Ok(ALL[variant(value, &ALL.map(Status::as_str))?])
    }
}

impl FromJson for Timing {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Timing")?;
        Ok(Timing {
            started_ms: field(o, "started_ms")?,
            first_token_ms: field_or_default(o, "first_token_ms")?,
            answer_started_ms: field_or_default(o, "answer_started_ms")?,
            ended_ms: field_or_default(o, "ended_ms")?,
        })
    }
}

/// Stored as serde writes an enum: `"Stop"`, or `{"Other": "reason"}`.
impl FromJson for FinishReason {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        const NAMES: [&str; 5] = ["Stop", "Length", "ContentFilter", "ToolCalls", "Other"];
        if let Some(o) = value.as_object()
            && let (Some((name, inner)), 1) = (o.iter().next(), o.len())
        {
            return match name.as_str() {
                "Other" => String::from_json(inner).map(FinishReason::Other),
                other => Err(ReadError::unknown_variant(other, &NAMES)),
            };
        }
        match variant(value, &NAMES)? {
            0 => Ok(FinishReason::Stop),
            1 => Ok(FinishReason::Length),
            2 => Ok(FinishReason::ContentFilter),
            3 => Ok(FinishReason::ToolCalls),
            // "Other" carries its reason, so a bare name cannot be it.
            _ => Err(ReadError::invalid(value, "newtype variant")),
        }
    }
}

impl FromJson for Usage {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Usage")?;
        Ok(Usage {
            prompt_tokens: field(o, "prompt_tokens")?,
            completion_tokens: field(o, "completion_tokens")?,
            total_tokens: field(o, "total_tokens")?,
            reasoning_tokens: field_or_default(o, "reasoning_tokens")?,
            cached_tokens: field_or_default(o, "cached_tokens")?,
        })
    }
}

impl FromJson for ReasoningMeta {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "ReasoningMeta")?;
        Ok(ReasoningMeta {
            kind: field_or_default(o, "kind")?,
            id: field_or_default(o, "id")?,
            format: field_or_default(o, "format")?,
            index: field_or_default(o, "index")?,
        })
    }
}

impl FromJson for Settings {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        let o = object(value, "Settings")?;
        let d = Settings::default();
        Ok(Settings {
            base_url: field_or(o, "base_url", || d.base_url)?,
            model: field_or(o, "model", || d.model)?,
            key_persistence: field_or(o, "key_persistence", || d.key_persistence)?,
            theme: field_or(o, "theme", || d.theme)?,
        })
    }
}

impl FromJson for KeyPersistence {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        Ok([KeyPersistence::Device, KeyPersistence::Tab][variant(value, &["device", "tab"])?])
    }
}

impl FromJson for Theme {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        Ok([Theme::System, Theme::Light, Theme::Dark]
            [variant(value, &["system", "light", "dark"])?])
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::api::StreamPart;
    use crate::json::parse;

    /// A message with every optional field set, so each one is written and read.
    pub(in crate::store) fn full_reply() -> Message {
        let mut m = Message::pending_reply("m1".into(), "MiniMax-M2".into(), 10.0);
        m.apply(StreamPart::Thinking("plan".into()), 11.0);
        m.apply(StreamPart::Answer("hi".into()), 12.0);
        m.apply(
            StreamPart::ReasoningMeta(ReasoningMeta {
                kind: Some("reasoning.text".into()),
                id: Some("r".into()),
                format: None,
                index: Some(0),
            }),
            12.0,
        );
        m.apply(
            StreamPart::Usage(Usage {
                prompt_tokens: 3,
                completion_tokens: 4,
                total_tokens: 7,
                reasoning_tokens: Some(2),
                cached_tokens: None,
            }),
            12.0,
        );
        m.apply(StreamPart::Finish(FinishReason::Other("odd".into())), 13.0);
        m.end_of_stream(false, 14.0);
        m.error = Some("why".into());
        m
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut c = Conversation::new("c1".into(), "MiniMax-M2".into(), 5.0);
        c.title = "T".into();
        c.params.thinking = ThinkingMode::Off;
        c.params.max_output_tokens = 100;
        c.params.model = Some("MiniMax-M2.5".into());
        c.pinned_ms = Some(7.5);
        c.folder = Some("f1".into());
        c.messages
            .push(Message::user("u1".into(), "hello".into(), 9.0));
        c.messages.push(full_reply());
        for finish in [
            FinishReason::Stop,
            FinishReason::Length,
            FinishReason::ContentFilter,
            FinishReason::ToolCalls,
        ] {
            let mut m = full_reply();
            m.finish = Some(finish);
            m.status = Status::Stopped;
            c.messages.push(m);
        }
        let json = crate::json::write::to_json(&c);
        assert_eq!(parse::<Conversation>(&json), Ok(c));

        let s = Settings {
            base_url: "http://x/v1".into(),
            model: "m".into(),
            key_persistence: KeyPersistence::Tab,
            theme: Theme::Dark,
        };
        let json = crate::json::write::to_json(&s);
        assert_eq!(parse::<Settings>(&json), Ok(s));
    }

    #[test]
    fn missing_fields_default_and_wrong_ones_fail() {
        let c: Conversation =
            parse(r#"{"id":"x","messages":[{"id":"m","role":"user"}]}"#).expect("minimal chat");
        assert_eq!(c.params, ChatParams::default());
        assert_eq!(c.model, crate::chat::catalogue::DEFAULT_MODEL);
        assert_eq!(c.messages[0].status, Status::Done);
        let p: ChatParams = parse(r#"{"top_p": 0.5}"#).expect("partial params");
        assert_eq!(
            (p.top_p, p.temperature),
            (0.5, ChatParams::default().temperature)
        );
        let s: Settings = parse(r#"{"theme":"light"}"#).expect("partial settings");
        assert_eq!(
            (s.theme, s.model),
            (Theme::Light, Settings::default().model)
        );

        let err = |text: &str| parse::<Conversation>(text).err().map(|e| e.to_string());
        assert_eq!(
            err(r#"{"title":"no id"}"#).as_deref(),
            Some("missing field `id`")
        );
        assert_eq!(
            err(r#"{"id":"x","messages":[{"id":"m","role":"robot"}]}"#).as_deref(),
            Some("unknown variant `robot`, expected `user` or `assistant`")
        );
        assert_eq!(
            err(r#"{"id":"x","messages":[{"id":"m","role":"user","status":"gone"}]}"#).as_deref(),
            Some(
                "unknown variant `gone`, expected one of `streaming`, `done`, `stopped`, `interrupted`, `error`"
            )
        );
        assert_eq!(
            err(r#"{"id":"x","messages":[{"id":"m","role":"user","timing":{}}]}"#).as_deref(),
            Some("missing field `started_ms`")
        );
        assert_eq!(
            err(r#"{"id":"x","title":null}"#).as_deref(),
            Some("invalid type: null, expected a string")
        );
        assert!(parse::<FinishReason>(r#""Other""#).is_err());
        assert!(parse::<FinishReason>(r#"{"Stop": 1}"#).is_err());
        assert_eq!(
            parse::<FinishReason>(r#"{"Other": "x"}"#),
            Ok(FinishReason::Other("x".into()))
        );
    }
}
