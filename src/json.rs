//! Reading stored JSON (chats, settings, the index, exports) into typed values
//! by hand, strictly: a field of the wrong type makes the record unreadable,
//! as it would with serde's derive, so a damaged record is backed up rather
//! than half-read. Missing fields take their defaults where the type says so.
//!
//! Why not `#[derive(Deserialize)]`: the derived code (a visitor and error
//! paths per type and per field type) was about 18 KB gzipped of wasm. These
//! readers are small, non-generic code over `serde_json::Value`, which is
//! parsed once anyway (migrations work on it). Writing is by hand too
//! (`write`), and each stored type declares its fields once for both
//! (`record`).

use std::fmt;

pub mod record;
pub mod write;

use serde_json::{Map, Number, Value};

/// A JSON object: what every record and wire type is read from.
pub type Object = Map<String, Value>;

/// Why a value could not be read, worded like serde's errors
/// ("missing field `id`", "invalid type: null, expected a string").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// `value` is not what `expected` describes.
    pub fn invalid(value: &Value, expected: &str) -> Self {
        let found = match value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if n.is_f64() => format!("floating point `{}`", float_text(n)),
            Value::Number(n) => format!("integer `{n}`"),
            // Quoted as serde would, without its escaping (str Debug costs
            // about 2 KB of wasm): a stored string is shown as it is.
            Value::String(s) => format!("string \"{s}\""),
            Value::Array(_) => "sequence".to_string(),
            Value::Object(_) => "map".to_string(),
        };
        ReadError(format!("invalid type: {found}, expected {expected}"))
    }

    fn missing(key: &str) -> Self {
        ReadError(format!("missing field `{key}`"))
    }

    /// A string that names none of an enum's `variants`.
    pub fn unknown_variant(found: &str, variants: &[&str]) -> Self {
        let names: Vec<String> = variants.iter().map(|v| format!("`{v}`")).collect();
        let expected = match names.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} or {b}"),
            many => format!("one of {}", many.join(", ")),
        };
        ReadError(format!("unknown variant `{found}`, expected {expected}"))
    }
}

/// serde_json prints a whole float with no point ("5"); serde's errors say "5.0".
fn float_text(n: &Number) -> String {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Result<Self, ReadError>;
}

/// Parses `text` as a JSON `Value`: the app's one call into serde_json's
/// parser, so its `Deserialize` is compiled for `Value` alone (clippy.toml
/// forbids `from_str` elsewhere).
#[allow(
    clippy::disallowed_methods,
    reason = "the one parse, into Value; typed reading is FromJson's"
)]
pub fn parse_value(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

/// Parses `text` as JSON and reads it as a `T`.
pub fn parse<T: FromJson>(text: &str) -> Result<T, ReadError> {
    let value = parse_value(text).map_err(|e| ReadError(e.to_string()))?;
    T::from_json(&value)
}

/// `value` as an object, or an error naming the struct that was expected.
pub fn object<'a>(value: &'a Value, name: &str) -> Result<&'a Object, ReadError> {
    value
        .as_object()
        .ok_or_else(|| ReadError::invalid(value, &format!("struct {name}")))
}

/// A field that must be present.
pub fn field<T: FromJson>(o: &Object, key: &str) -> Result<T, ReadError> {
    o.get(key)
        .ok_or_else(|| ReadError::missing(key))
        .and_then(T::from_json)
}

/// A field that may be missing (then `T::default()`), but not of a wrong type.
pub fn field_or_default<T: FromJson + Default>(o: &Object, key: &str) -> Result<T, ReadError> {
    field_or(o, key, T::default)
}

/// A field that may be missing (then `default()`), but not of a wrong type.
pub fn field_or<T: FromJson>(
    o: &Object,
    key: &str,
    default: impl FnOnce() -> T,
) -> Result<T, ReadError> {
    o.get(key).map_or_else(|| Ok(default()), T::from_json)
}

/// A unit-variant enum stored as one of the `names`: the index of the match.
pub fn variant(value: &Value, names: &[&str]) -> Result<usize, ReadError> {
    let s = value
        .as_str()
        .ok_or_else(|| ReadError::invalid(value, "a string"))?;
    names
        .iter()
        .position(|n| *n == s)
        .ok_or_else(|| ReadError::unknown_variant(s, names))
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        value
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ReadError::invalid(value, "a string"))
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        value
            .as_bool()
            .ok_or_else(|| ReadError::invalid(value, "a boolean"))
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        value
            .as_f64()
            .ok_or_else(|| ReadError::invalid(value, "f64"))
    }
}

impl FromJson for u64 {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        value.as_u64().ok_or_else(|| match value {
            Value::Number(n) if n.is_i64() => {
                ReadError(format!("invalid value: integer `{n}`, expected u64"))
            }
            _ => ReadError::invalid(value, "u64"),
        })
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        match value.as_u64() {
            Some(n) => u32::try_from(n)
                .map_err(|_| ReadError(format!("invalid value: integer `{n}`, expected u32"))),
            None => match value {
                Value::Number(n) if n.is_i64() => Err(ReadError(format!(
                    "invalid value: integer `{n}`, expected u32"
                ))),
                _ => Err(ReadError::invalid(value, "u32")),
            },
        }
    }
}

/// `null` reads as `None`, as with serde.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, ReadError> {
        value
            .as_array()
            .ok_or_else(|| ReadError::invalid(value, "a sequence"))?
            .iter()
            .map(T::from_json)
            .collect()
    }
}

/// Any JSON value, for property tests: quotes, backslashes, brackets and
/// control characters in strings and keys, numbers of every kind.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e20..1e20f64).prop_map(Value::from),
        "[\\x00-\\x7f\u{e9}\u{1F600}]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z\"\\\\{}\\[\\]]{0,4}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Point {
        x: u32,
        y: Option<String>,
        tags: Vec<String>,
    }

    impl FromJson for Point {
        fn from_json(value: &Value) -> Result<Self, ReadError> {
            let o = object(value, "Point")?;
            Ok(Point {
                x: field(o, "x")?,
                y: field_or_default(o, "y")?,
                tags: field_or_default(o, "tags")?,
            })
        }
    }

    fn err<T: FromJson>(text: &str) -> String {
        parse::<T>(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn reads_present_missing_and_null_fields() {
        let p: Point = parse(r#" {"x": 3, "y": "up", "z": [1]} "#).expect("valid");
        assert_eq!((p.x, p.y.as_deref(), p.tags.len()), (3, Some("up"), 0));
        let p: Point = parse(r#"{"x": 0, "y": null, "tags": ["a"]}"#).expect("valid");
        assert_eq!((p.y, p.tags), (None, vec!["a".to_string()]));
    }

    #[test]
    fn errors_read_like_serdes() {
        assert_eq!(err::<Point>(r#"{"y": "no x"}"#), "missing field `x`");
        assert_eq!(
            err::<Point>(r#"{"x": "3"}"#),
            r#"invalid type: string "3", expected u32"#
        );
        assert_eq!(
            err::<Point>(r#"{"x": 1.5}"#),
            "invalid type: floating point `1.5`, expected u32"
        );
        assert_eq!(
            err::<Point>(r#"{"x": -1}"#),
            "invalid value: integer `-1`, expected u32"
        );
        assert_eq!(
            err::<Point>(r#"{"x": 4294967296}"#),
            "invalid value: integer `4294967296`, expected u32"
        );
        assert_eq!(
            err::<Point>(r#"{"x": 1, "tags": "oops"}"#),
            r#"invalid type: string "oops", expected a sequence"#
        );
        assert_eq!(
            err::<Point>(r#"{"x": 1, "tags": [true]}"#),
            "invalid type: boolean `true`, expected a string"
        );
        assert_eq!(
            err::<Point>("[1]"),
            "invalid type: sequence, expected struct Point"
        );
        assert_eq!(
            err::<Point>("null"),
            "invalid type: null, expected struct Point"
        );
        assert!(err::<Point>(r#"{"x": 1} trailing"#).contains("trailing"));
        assert!(!err::<Point>("").is_empty());
        assert_eq!(err::<f64>("{}"), "invalid type: map, expected f64");
        assert_eq!(
            err::<u64>("2.0"),
            "invalid type: floating point `2.0`, expected u64"
        );
    }

    #[test]
    fn variants_are_named_in_errors() {
        let names = ["user", "assistant"];
        assert_eq!(variant(&json!("assistant"), &names), Ok(1));
        assert_eq!(
            variant(&json!("robot"), &names).map_err(|e| e.to_string()),
            Err("unknown variant `robot`, expected `user` or `assistant`".to_string())
        );
        assert_eq!(
            variant(&json!("x"), &["a", "b", "c"]).map_err(|e| e.to_string()),
            Err("unknown variant `x`, expected one of `a`, `b`, `c`".to_string())
        );
        assert_eq!(
            variant(&json!(3), &names).map_err(|e| e.to_string()),
            Err("invalid type: integer `3`, expected a string".to_string())
        );
    }
}
