//! Reading JSON text into typed values, always through [`serde_json::Value`].
//!
//! Wire types are read from `Value`s anyway (the lenient fields in
//! `api::lenient` go through them), and stored chats are too (migrations
//! work on the `Value`). Reading every other type the same way means each
//! type's `Deserialize` is compiled for one deserializer rather than two:
//! a few kilobytes of wasm for an allocation per parse that nobody sees.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `text` as JSON and reads it as a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_value(serde_json::from_str::<Value>(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Point {
        x: i64,
        #[serde(default)]
        y: Option<String>,
    }

    #[test]
    fn reads_what_from_str_reads() {
        assert_eq!(
            parse::<Point>(r#" {"x": 3, "y": "up", "z": [1]} "#).ok(),
            Some(Point {
                x: 3,
                y: Some("up".into())
            })
        );
        assert!(parse::<Point>(r#"{"y": "no x"}"#).is_err());
        assert!(parse::<Point>(r#"{"x": 1} trailing"#).is_err());
        assert!(parse::<Point>("").is_err());
    }
}
