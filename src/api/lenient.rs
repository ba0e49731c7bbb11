//! Forgiving field readers for the wire types. Servers and gateways in front
//! of MiniMax disagree on small things (a number sent as a string, a `null`
//! where a list was expected, content as an array of parts); one odd field
//! must not make a whole chunk unreadable, so these read what they can and
//! fall back to "absent".
//!
//! They read `serde_json::Value`s by hand rather than through serde's derive:
//! every field is optional and forgiving anyway, and a derived `Deserialize`
//! per wire type cost about 10 KB gzipped of wasm for no behaviour of its own.

use serde_json::Value;

pub use crate::json::Object;

/// Parses `text` as JSON and returns it if it is an object.
pub fn parse_object(text: &str) -> Option<Object> {
    match crate::json::parse_value(text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A list that may be missing, `null`, or not a list at all: anything but a
/// list reads as empty, and items that are not objects are skipped.
pub fn list<T>(value: Option<&Value>, read: fn(&Object) -> T) -> Vec<T> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(read)
            .collect(),
        _ => Vec::new(),
    }
}

/// A nested object that may be missing, `null`, or of an unexpected shape:
/// anything but an object reads as absent.
pub fn object<T>(value: Option<&Value>, read: fn(&Object) -> T) -> Option<T> {
    value.and_then(Value::as_object).map(read)
}

/// An unsigned count sent as a number (integer or float) or a numeric string.
pub fn count(value: Option<&Value>) -> Option<u64> {
    value.and_then(to_i64).and_then(|n| u64::try_from(n).ok())
}

/// A signed code sent as a number or a numeric string.
pub fn code(value: Option<&Value>) -> Option<i64> {
    value.and_then(to_i64)
}

/// A string field that may arrive as a number, `null`, or anything else.
pub fn string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Message text: a string, or (some gateways) an array of parts whose `text`
/// fields are concatenated.
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => Some(
            parts
                .iter()
                .filter_map(|part| match part {
                    Value::String(s) => Some(s.as_str()),
                    Value::Object(map) => map.get("text").and_then(Value::as_str),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_shapes_read_as_absent() {
        let v =
            json!({"n": "12", "f": 3.0, "neg": -1, "s": 7, "b": true, "o": [1, {"a": 1}], "x": {}});
        let get = |k: &str| v.get(k);
        assert_eq!(count(get("n")), Some(12));
        assert_eq!(count(get("f")), Some(3));
        assert_eq!(count(get("neg")), None);
        assert_eq!(code(get("neg")), Some(-1));
        assert_eq!(string(get("s")).as_deref(), Some("7"));
        assert_eq!(string(get("b")).as_deref(), Some("true"));
        assert_eq!(string(get("x")), None);
        assert_eq!(string(get("missing")), None);
        assert_eq!(list(get("o"), Object::len), vec![1]);
        assert_eq!(list(get("n"), Object::len), Vec::<usize>::new());
        assert_eq!(object(get("x"), Object::len), Some(0));
        assert_eq!(object(get("o"), Object::len), None);
        assert_eq!(
            text(Some(&json!(["a", {"text": "b"}, 3]))).as_deref(),
            Some("ab")
        );
        assert_eq!(parse_object("[1]"), None);
        assert_eq!(parse_object("{\"a\":1}").map(|m| m.len()), Some(1));
    }
}
