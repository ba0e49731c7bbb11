//! Forgiving field deserializers for the wire types. Servers and gateways in
//! front of MiniMax disagree on small things (a number sent as a string, a
//! `null` where a list was expected, content as an array of parts); one odd
//! field must not make a whole chunk unreadable, so these read what they can
//! and fall back to "absent".

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A list that may be missing, `null`, or not a list at all: anything but a
/// list of readable items reads as empty.
pub fn list<'de, D, T>(de: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(de)?;
    Ok(match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// An unsigned count sent as a number (integer or float) or a numeric string.
pub fn count<'de, D: Deserializer<'de>>(de: D) -> Result<Option<u64>, D::Error> {
    Ok(to_i64(&Value::deserialize(de)?).and_then(|n| u64::try_from(n).ok()))
}

/// A signed code sent as a number or a numeric string.
pub fn code<'de, D: Deserializer<'de>>(de: D) -> Result<Option<i64>, D::Error> {
    Ok(to_i64(&Value::deserialize(de)?))
}

/// A string field that may arrive as a number, `null`, or anything else.
pub fn string<'de, D: Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(de)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// Message text: a string, or (some gateways) an array of parts whose `text`
/// fields are concatenated.
pub fn text<'de, D: Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(de)? {
        Value::String(s) => Some(s),
        Value::Array(parts) => {
            let joined: String = parts
                .iter()
                .filter_map(|part| match part {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(map) => map.get("text").and_then(Value::as_str),
                    _ => None,
                })
                .collect();
            Some(joined)
        }
        _ => None,
    })
}

/// Reads a JSON value as an integer if it plainly is one.
pub fn to_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A nested object that may be missing, `null`, or of an unexpected shape:
/// anything unreadable reads as absent instead of failing the whole chunk.
pub fn object<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(serde_json::from_value(Value::deserialize(de)?).ok())
}
