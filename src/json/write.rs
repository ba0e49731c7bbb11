//! Writing records as JSON by hand, byte for byte as serde_json writes them
//! (`to_string` and `to_string_pretty`), so stored chats and exports keep
//! their exact shape.
//!
//! Why not `#[derive(Serialize)]`: the derived code (a serializer per type,
//! `collect_seq` and `serialize_entry` per field type) was about 5 KB
//! gzipped of the first load. This writer is one small non-generic type;
//! each record type adds only its list of fields (`record.rs`). The tests
//! below check it against serde_json on any `Value`; the records' own
//! bytes are pinned by fixtures (`store/records.rs`).

use std::fmt::Write as _;

use serde_json::{Number, Value};

/// A value that writes itself as JSON.
pub trait ToJson {
    fn write_json(&self, out: &mut JsonWriter);
}

/// `value` as compact JSON, as `serde_json::to_string` writes it.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::new(false);
    value.write_json(&mut out);
    out.text
}

/// `value` as JSON indented by two spaces, as `serde_json::to_string_pretty`
/// writes it.
pub fn to_json_pretty<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::new(true);
    value.write_json(&mut out);
    out.text
}

/// The text so far and where in it we are. Containers are opened and closed
/// by calls rather than closures, so that no code is generated per caller.
pub struct JsonWriter {
    text: String,
    pretty: bool,
    depth: usize,
    /// Whether the innermost open container has a value yet (serde_json's
    /// pretty formatter keeps the same single flag): decides the comma, and
    /// whether a closing bracket goes on its own line.
    has_value: bool,
}

impl JsonWriter {
    fn new(pretty: bool) -> Self {
        Self {
            text: String::new(),
            pretty,
            depth: 0,
            has_value: false,
        }
    }

    pub fn begin_object(&mut self) {
        self.open('{');
    }

    pub fn end_object(&mut self) {
        self.close('}');
    }

    pub fn begin_array(&mut self) {
        self.open('[');
    }

    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// Starts the member `key` of the open object; its value comes next.
    pub fn key(&mut self, key: &str) {
        self.before_item();
        self.string(key);
        self.text.push_str(if self.pretty { ": " } else { ":" });
    }

    /// The member `key` of the open object with a value that writes itself.
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    pub fn string_field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    pub fn number_field(&mut self, key: &str, value: f64) {
        self.key(key);
        self.number(value);
    }

    pub fn integer_field(&mut self, key: &str, value: u64) {
        self.key(key);
        self.integer(value);
    }

    /// Starts the next element of the open array; its value comes next.
    pub fn element(&mut self) {
        self.before_item();
    }

    pub fn string(&mut self, s: &str) {
        self.text.reserve(s.len() + 2);
        self.text.push('"');
        let mut plain_from = 0;
        for (i, byte) in s.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.text.push_str(&s[plain_from..i]);
            if escape.is_empty() {
                // serde_json's form for the other control characters.
                let _ = write!(self.text, "\\u{byte:04x}");
            } else {
                self.text.push_str(escape);
            }
            plain_from = i + 1;
        }
        self.text.push_str(&s[plain_from..]);
        self.text.push('"');
        self.has_value = true;
    }

    /// serde_json's shortest round-trip form ("1.0", "1e16"); NaN and the
    /// infinities have no JSON form and become `null`, as serde_json does.
    pub fn number(&mut self, x: f64) {
        match Number::from_f64(x) {
            Some(n) => {
                let _ = write!(self.text, "{n}");
            }
            None => self.text.push_str("null"),
        }
        self.has_value = true;
    }

    pub fn integer(&mut self, n: u64) {
        let _ = write!(self.text, "{n}");
        self.has_value = true;
    }

    pub fn boolean(&mut self, b: bool) {
        self.text.push_str(if b { "true" } else { "false" });
        self.has_value = true;
    }

    pub fn null(&mut self) {
        self.text.push_str("null");
        self.has_value = true;
    }

    fn open(&mut self, bracket: char) {
        self.text.push(bracket);
        self.depth += 1;
        self.has_value = false;
    }

    fn close(&mut self, bracket: char) {
        self.depth = self.depth.saturating_sub(1);
        if self.pretty && self.has_value {
            self.newline();
        }
        self.text.push(bracket);
        self.has_value = true;
    }

    fn before_item(&mut self) {
        if self.has_value {
            self.text.push(',');
        }
        if self.pretty {
            self.newline();
        }
    }

    fn newline(&mut self) {
        self.text.push('\n');
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
    }
}

/// Request bodies are built as `Value`s (`chat/request.rs`). Writing them
/// here rather than with `Value`'s `Display` keeps serde_json's serializer,
/// and the `std::io` error text it brings, out of the wasm.
impl ToJson for Value {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Value::Null => out.null(),
            Value::Bool(b) => out.boolean(*b),
            Value::Number(n) => {
                // `Number`'s Display is the serializer's own form.
                let _ = write!(out.text, "{n}");
                out.has_value = true;
            }
            Value::String(s) => out.string(s),
            Value::Array(items) => items.write_json(out),
            Value::Object(map) => {
                out.begin_object();
                for (key, value) in map {
                    out.key(key);
                    value.write_json(out);
                }
                out.end_object();
            }
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.number(*self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.integer(*self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.integer(u64::from(*self));
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonWriter) {
        out.boolean(*self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(out),
            None => out.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_array();
        for item in self {
            out.element();
            item.write_json(out);
        }
        out.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }
}

impl<T: ToJson + Clone> ToJson for std::borrow::Cow<'_, T> {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_ref().write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::any_json;
    use proptest::prelude::*;
    use serde_json::json;

    /// Our writer and serde_json give the same text, compact and pretty.
    fn same_as_serde(value: &Value) {
        assert_eq!(
            to_json(value),
            serde_json::to_string(value).unwrap_or_default()
        );
        assert_eq!(
            to_json_pretty(value),
            serde_json::to_string_pretty(value).unwrap_or_default()
        );
    }

    #[test]
    fn nesting_and_empty_containers_match_serde() {
        same_as_serde(&json!({}));
        same_as_serde(&json!([]));
        same_as_serde(&json!({"a": [], "b": {}, "c": [[], [{}], {"d": [1, 2.5, null]}]}));
        same_as_serde(&json!([{"x": {"y": {"z": []}}}, true, false, "s"]));
    }

    #[test]
    fn strings_escape_as_serde_does() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        same_as_serde(&json!([
            all_controls,
            "quote \" back \\ slash / del \u{7f}",
            "é 中 😀"
        ]));
    }

    #[test]
    fn numbers_print_as_serde_does() {
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e16,
            1.5e-7,
            1_700_000_000_123.0,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let mut out = JsonWriter::new(false);
            out.number(x);
            assert_eq!(
                out.text,
                serde_json::to_string(&x).unwrap_or_default(),
                "{x}"
            );
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut out = JsonWriter::new(false);
            out.number(x);
            assert_eq!(out.text, "null");
        }
        same_as_serde(&json!([0, 7, u64::MAX, -1, i64::MIN, 2.5, -0.0]));
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_serde_writes_it(value in any_json()) {
            prop_assert_eq!(to_json(&value), serde_json::to_string(&value).unwrap_or_default());
            prop_assert_eq!(
                to_json_pretty(&value),
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
}
