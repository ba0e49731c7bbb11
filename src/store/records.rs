//! The stored chats and settings are declared once each, at their types,
//! with `json_record!` and `json_enum!` (`json/record.rs`): field names,
//! which fields are required or defaulted, which are left out when empty,
//! and enum spellings. Here: the one stored type those do not cover,
//! `FinishReason` (serde's externally tagged enum form, reader and writer
//! side by side), and the tests that pin the stored format to the bytes
//! written before (`tests/fixtures/store/written/`) and to its rules.

use serde_json::Value;

use crate::api::FinishReason;
use crate::json::write::{JsonWriter, ToJson};
use crate::json::{FromJson, ReadError, variant};

/// How `FinishReason` is stored: serde's names for its variants.
const FINISH_NAMES: [&str; 5] = ["Stop", "Length", "ContentFilter", "ToolCalls", "Other"];

/// Stored as serde writes an enum: `"Stop"`, or `{"Other": "reason"}`.
impl FromJson for FinishReason {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        if let Some(o) = value.as_object()
            && let (Some((name, inner)), 1) = (o.iter().next(), o.len())
        {
            return match name.as_str() {
                "Other" => String::from_json(inner).map(FinishReason::Other),
                other => Err(ReadError::unknown_variant(other, &FINISH_NAMES)),
            };
        }
        match variant(value, &FINISH_NAMES)? {
            0 => Ok(FinishReason::Stop),
            1 => Ok(FinishReason::Length),
            2 => Ok(FinishReason::ContentFilter),
            3 => Ok(FinishReason::ToolCalls),
            // "Other" carries its reason, so a bare name cannot be it.
            _ => Err(ReadError::invalid(value, "newtype variant")),
        }
    }
}

impl ToJson for FinishReason {
    fn write_json(&self, out: &mut JsonWriter) {
        let name = match self {
            FinishReason::Stop => FINISH_NAMES[0],
            FinishReason::Length => FINISH_NAMES[1],
            FinishReason::ContentFilter => FINISH_NAMES[2],
            FinishReason::ToolCalls => FINISH_NAMES[3],
            FinishReason::Other(reason) => {
                out.begin_object();
                out.string_field(FINISH_NAMES[4], reason);
                out.end_object();
                return;
            }
        };
        out.string(name);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::api::{ReasoningMeta, StreamPart, Usage};
    use crate::chat::message::{Message, Status};
    use crate::chat::{ChatParams, Conversation, ThinkingMode};
    use crate::json::parse;
    use crate::json::write::{to_json, to_json_pretty};
    use crate::store::settings::{KeyPersistence, Settings, Theme};

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

    /// A reply with every optional field set, control characters included.
    fn full_reply_with_id(id: &str) -> Message {
        let mut m = full_reply();
        m.id = id.into();
        m.thinking = "plan \"quoted\"\n\t\u{1}".into();
        m.content = "answer \\ 中 😀".into();
        m.reasoning_meta = Some(ReasoningMeta {
            format: Some("f".into()),
            ..m.reasoning_meta.unwrap_or_default()
        });
        m
    }

    /// A chat with every field of every record set, each status and finish
    /// reason, versions nested (an empty one too), a float that has no JSON
    /// form, and text that needs escaping.
    fn full_chat() -> Conversation {
        let mut c = Conversation::new("c1".into(), "MiniMax-M2".into(), 1_700_000_000_000.5);
        c.title = "Renamed".into();
        c.title_is_custom = true;
        c.params.system_prompt = "Be brief.\r\n".into();
        c.params.thinking = ThinkingMode::Off;
        c.params.temperature = 0.7;
        let mut user = Message::user("u1".into(), "look".into(), 5.0);
        user.images = vec!["data:image/png;base64,AAAA".into(), "data:,".into()];
        c.messages.push(user);
        let mut reply = full_reply_with_id("a1");
        reply.versions.earlier.push(vec![full_reply_with_id("a0")]);
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
        c.messages
            .push(Message::pending_reply("s".into(), "m".into(), 30.0));
        c
    }

    /// The bytes serde's derive wrote for the same values, kept when the
    /// derive was retired: a field renamed, reordered, newly written or
    /// newly left out fails here.
    #[test]
    fn chats_are_written_byte_for_byte_as_before() {
        let new = Conversation::new("c1".into(), "MiniMax-M2".into(), 1_700_000_000_000.5);
        assert_eq!(
            to_json(&new),
            include_str!("../../tests/fixtures/store/written/chat_new.json")
        );
        let full = full_chat();
        assert_eq!(
            to_json(&full),
            include_str!("../../tests/fixtures/store/written/chat_full.json")
        );
        assert_eq!(
            to_json_pretty(&full),
            include_str!("../../tests/fixtures/store/written/chat_full.pretty.json")
        );
    }

    #[test]
    fn settings_are_written_byte_for_byte_as_before() {
        let written: Vec<String> = [
            (KeyPersistence::Device, Theme::System),
            (KeyPersistence::Tab, Theme::Light),
            (KeyPersistence::Device, Theme::Dark),
        ]
        .into_iter()
        .map(|(key_persistence, theme)| {
            to_json(&Settings {
                base_url: "https://api.example/v1".into(),
                model: "m".into(),
                key_persistence,
                theme,
            })
        })
        .collect();
        let golden: Vec<&str> = include_str!("../../tests/fixtures/store/written/settings.jsonl")
            .lines()
            .collect();
        assert_eq!(written, golden);
    }
}
