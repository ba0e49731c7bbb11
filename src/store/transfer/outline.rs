//! The outline of a JSON document: where each member of an object and each
//! element of an array starts and ends, found without parsing them. An
//! import parses a large file one chat at a time from these ranges (a 5 MB
//! export parsed whole was one task of a tenth of a second and more).
//!
//! Only the outline is checked here (brackets, commas, colons, keys); a
//! value is skipped by matching its brackets outside strings. Whoever uses
//! an outline parses every range it gets, so a value this let through
//! badly formed is still refused there, and an error in either place sends
//! the import back to parsing the whole file, which says where the problem
//! is (`import.rs`).

use std::ops::Range;

/// The document is not JSON (where, the whole file's parse says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// One member of an object: its key (still quoted, escapes and all) and
/// its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// Where the document's one value starts (after any white space).
pub fn start(text: &str) -> usize {
    skip_space(text.as_bytes(), 0)
}

/// Nothing but white space follows `end`.
pub fn ends_at(text: &str, end: usize) -> Result<(), Malformed> {
    if skip_space(text.as_bytes(), end) == text.len() {
        Ok(())
    } else {
        Err(Malformed)
    }
}

/// The value at `at`: the offset after it.
pub fn value_end(text: &str, at: usize) -> Result<usize, Malformed> {
    skip_value(text.as_bytes(), at)
}

/// The members of the object at `at` (its `{`), in order, and the offset
/// after its `}`.
pub fn members(text: &str, at: usize) -> Result<(Vec<Member>, usize), Malformed> {
    let bytes = text.as_bytes();
    items(bytes, at, b'{', b'}', |key| {
        if bytes.get(key) != Some(&b'"') {
            return Err(Malformed);
        }
        let key_end = skip_string(bytes, key)?;
        let value = skip_space(bytes, expect(bytes, skip_space(bytes, key_end), b':')?);
        let end = skip_value(bytes, value)?;
        let member = Member {
            key: key..key_end,
            value: value..end,
        };
        Ok((member, end))
    })
}

/// The elements of the array at `at` (its `[`), in order, and the offset
/// after its `]`.
pub fn elements(text: &str, at: usize) -> Result<(Vec<Range<usize>>, usize), Malformed> {
    let bytes = text.as_bytes();
    items(bytes, at, b'[', b']', |start| {
        let end = skip_value(bytes, start)?;
        Ok((start..end, end))
    })
}

/// The comma-separated items between `open` (at `at`) and `close`, each
/// read by `item` from where it starts to the offset after it; and the
/// offset after `close`.
fn items<T>(
    bytes: &[u8],
    at: usize,
    open: u8,
    close: u8,
    mut item: impl FnMut(usize) -> Result<(T, usize), Malformed>,
) -> Result<(Vec<T>, usize), Malformed> {
    let mut out = Vec::new();
    let mut at = skip_space(bytes, expect(bytes, at, open)?);
    if bytes.get(at) == Some(&close) {
        return Ok((out, at + 1));
    }
    loop {
        let (found, end) = item(skip_space(bytes, at))?;
        out.push(found);
        at = skip_space(bytes, end);
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(&b) if b == close => return Ok((out, at + 1)),
            _ => return Err(Malformed),
        }
    }
}

/// `at` holds `byte`: the offset after it.
fn expect(bytes: &[u8], at: usize, byte: u8) -> Result<usize, Malformed> {
    match bytes.get(at) {
        Some(&b) if b == byte => Ok(at + 1),
        _ => Err(Malformed),
    }
}

/// JSON's white space: space, tab, line feed, carriage return.
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The string starting at `at` (its `"`): the offset after its closing
/// `"`. Most of an export is text in strings: memchr finds the next quote
/// or backslash a word at a time (serde_json's parser links the same).
fn skip_string(bytes: &[u8], at: usize) -> Result<usize, Malformed> {
    let mut i = at + 1;
    while let Some(rest) = bytes.get(i..) {
        match memchr::memchr2(b'"', b'\\', rest) {
            Some(k) if rest[k] == b'"' => return Ok(i + k + 1),
            // A backslash: the byte after it is escaped.
            Some(k) => i += k + 2,
            None => break,
        }
    }
    Err(Malformed)
}

/// The value starting at `at`: the offset after it. Objects and arrays end
/// where their brackets balance (strings skipped); anything else runs to
/// the next comma, bracket or white space.
fn skip_value(bytes: &[u8], at: usize) -> Result<usize, Malformed> {
    match bytes.get(at) {
        None => Err(Malformed),
        Some(b'"') => skip_string(bytes, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(rest) = bytes.get(i..) {
                // The brackets up to the next string, then the string.
                let quote = memchr::memchr(b'"', rest).unwrap_or(rest.len());
                for (k, &b) in rest[..quote].iter().enumerate() {
                    match b {
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Ok(i + k + 1);
                            }
                        }
                        _ => {}
                    }
                }
                if quote == rest.len() {
                    break;
                }
                i = skip_string(bytes, i + quote)?;
            }
            Err(Malformed)
        }
        Some(b'}' | b']' | b',' | b':') => Err(Malformed),
        Some(_) => {
            let rest = &bytes[at..];
            let len = rest
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(rest.len());
            Ok(at + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn finds_the_elements_of_an_array() {
        let text = r#" [ {"a":"]}\"{"}, [1,[2]] ,3, "x" ,null ] "#;
        let (found, end) = elements(text, start(text)).unwrap();
        assert_eq!(ends_at(text, end), Ok(()));
        assert_eq!(
            texts(text, &found),
            [r#"{"a":"]}\"{"}"#, "[1,[2]]", "3", r#""x""#, "null"]
        );
        assert_eq!(elements("[]", 0).unwrap(), (vec![], 2));
        assert_eq!(elements("[ ]", 0).unwrap(), (vec![], 3));
    }

    #[test]
    fn finds_the_members_of_an_object() {
        let text = r#"{"format":"minimax-chat", "k\"ey" : {"b":[1]},"chats":[]}"#;
        let (found, end) = members(text, start(text)).unwrap();
        assert_eq!(end, text.len());
        let keys: Vec<&str> = found.iter().map(|m| &text[m.key.clone()]).collect();
        let values: Vec<&str> = found.iter().map(|m| &text[m.value.clone()]).collect();
        assert_eq!(keys, [r#""format""#, r#""k\"ey""#, r#""chats""#]);
        assert_eq!(values, [r#""minimax-chat""#, r#"{"b":[1]}"#, "[]"]);
        assert_eq!(members("{}", 0).unwrap(), (vec![], 2));
    }

    #[test]
    fn refuses_a_broken_outline() {
        for bad in [
            "",
            "[",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{a:1}",
            "[1]]",
            "[1] x",
            "{\"a\":1",
            "\"open",
            "[,1]",
            "{\"a\":}",
        ] {
            let at = start(bad);
            let outcome = match bad.as_bytes().get(at) {
                Some(b'{') => members(bad, at).map(|(_, end)| end),
                Some(b'[') => elements(bad, at).map(|(_, end)| end),
                _ => value_end(bad, at),
            }
            .and_then(|end| ends_at(bad, end));
            assert!(outcome.is_err(), "{bad:?} passed");
        }
    }

    use crate::json::any_json;
    use proptest::prelude::*;
    use serde_json::Value;

    proptest! {
        /// Whatever the values hold (brackets and quotes in strings
        /// included), each range parses to the element or member it names,
        /// written compactly or pretty.
        #[test]
        fn ranges_parse_to_the_parts(value in any_json(), pretty in any::<bool>()) {
            let text = if pretty {
                crate::json::write::to_json_pretty(&value)
            } else {
                value.to_string()
            };
            let at = start(&text);
            let end = value_end(&text, at).unwrap();
            prop_assert_eq!(ends_at(&text, end), Ok(()));
            let parse = |r: Range<usize>| crate::json::parse_value(&text[r]).unwrap();
            // Compared with the text parsed whole (floats may not round-trip).
            let value = parse(at..end);
            match &value {
                Value::Array(items) => {
                    let (found, to) = elements(&text, at).unwrap();
                    prop_assert_eq!(to, end);
                    let found: Vec<Value> = found.into_iter().map(parse).collect();
                    prop_assert_eq!(&found, items);
                }
                Value::Object(map) => {
                    let (found, to) = members(&text, at).unwrap();
                    prop_assert_eq!(to, end);
                    prop_assert_eq!(found.len(), map.len());
                    for m in found {
                        let Value::String(key) = parse(m.key) else { panic!("a key") };
                        prop_assert_eq!(Some(&parse(m.value)), map.get(&key));
                    }
                }
                _ => {}
            }
        }
    }
}
