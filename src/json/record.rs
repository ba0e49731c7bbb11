//! One declaration per stored type. `json_record!` wraps a struct and
//! `json_enum!` a unit enum; each gives back the type as written, plus its
//! reader (`FromJson`) and its writer (`ToJson`) from the same lines, so a
//! field's name, whether it is required or defaulted, whether it is left out
//! when empty, and an enum's spellings exist once.
//!
//! A field's JSON name is its Rust name, and fields are written in the order
//! they are declared: the shape serde's derive gave these records, which
//! the stored data keeps (`tests/fixtures/store/`). The generated code is
//! what was written by hand before: one call per field into the small
//! non-generic reader and writer (`json.rs`, `write.rs`), no derive.
//!
//! A field's rule follows its type (`name: Type = rule`); with none, the
//! field is required:
//!
//! | rule | reading when missing | writing |
//! | --- | --- | --- |
//! | (none) | an error: "missing field `name`" | always |
//! | `default` | the type's `Default` | always |
//! | `default(expr)` | `expr` | always |
//! | `struct_default` | that field of the struct's own `Default` | always |
//! | `omit_empty` | the type's `Default` | left out when empty or `None` ([`Absent`]) |
//!
//! and `then f` after the rule passes the value read to `f(&mut value)`
//! (a conversation's messages are normalized as they load).
//!
//! A struct that borrows (`struct Name<'a>`) is only written: it is a
//! document put together for saving, read back as plain `Value`s.

/// A value left out of a record when empty (`omit_empty`), as serde's
/// `skip_serializing_if` left it out.
pub trait Absent {
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl Absent for String {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// A struct and its reader and writer; see the module's table of rules.
macro_rules! json_record {
    (@read $o:ident, $key:expr, $field:ident, ) => {
        $crate::json::field($o, $key)
    };
    (@read $o:ident, $key:expr, $field:ident, default) => {
        $crate::json::field_or_default($o, $key)
    };
    (@read $o:ident, $key:expr, $field:ident, default($default:expr)) => {
        $crate::json::field_or($o, $key, || $default)
    };
    (@read $o:ident, $key:expr, $field:ident, struct_default) => {
        $crate::json::field_or($o, $key, || <Self as Default>::default().$field)
    };
    (@read $o:ident, $key:expr, $field:ident, omit_empty) => {
        $crate::json::field_or_default($o, $key)
    };

    (@write $out:ident, $value:expr, $key:expr, omit_empty) => {
        if !$crate::json::record::Absent::is_absent(&$value) {
            $out.field($key, &$value);
        }
    };
    (@write $out:ident, $value:expr, $key:expr, $($rule:ident)?) => {
        $out.field($key, &$value);
    };

    // A borrowed document is only written.
    (@reader [$lt:lifetime] $($rest:tt)*) => {};
    (@reader [] $name:ident {
        $( $field:ident : $fty:ty $(= $rule:ident $(($arg:expr))? $(then $hook:path)?)? ),*
    }) => {
        impl $crate::json::FromJson for $name {
            fn from_json(
                value: &::serde_json::Value,
            ) -> Result<Self, $crate::json::ReadError> {
                let o = $crate::json::object(value, stringify!($name))?;
                Ok($name {
                    $( $field: {
                        let value: $fty = $crate::json::record::json_record!(
                            @read o, stringify!($field), $field, $($rule $(($arg))?)?
                        )?;
                        $($( let mut value = value; $hook(&mut value); )?)?
                        value
                    }, )*
                })
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$lt:lifetime>)? {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $fty:ty
                    $(= $rule:ident $(($arg:expr))? $(then $hook:path)?)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name $(<$lt>)? {
            $( $(#[$fmeta])* $fvis $field: $fty, )*
        }

        $crate::json::record::json_record!(@reader [$($lt)?] $name {
            $( $field : $fty $(= $rule $(($arg))? $(then $hook)?)? ),*
        });

        impl $(<$lt>)? $crate::json::write::ToJson for $name $(<$lt>)? {
            fn write_json(&self, out: &mut $crate::json::write::JsonWriter) {
                out.begin_object();
                $( $crate::json::record::json_record!(
                    @write out, self.$field, stringify!($field), $($rule)?
                ); )*
                out.end_object();
            }
        }
    };
}

/// A unit enum stored as one string per variant (`Variant = "spelling"`):
/// the enum, `as_str` giving the spelling, its reader (an unknown spelling
/// is an error naming the known ones) and its writer.
macro_rules! json_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $json:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in the order of [`Self::NAMES`].
            const ALL: &[Self] = &[$(Self::$variant),+];
            /// How each variant is stored.
            const NAMES: &[&str] = &[$($json),+];

            /// How this variant is stored (and shown in the page's data attributes).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $json, )+
                }
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(
                value: &::serde_json::Value,
            ) -> Result<Self, $crate::json::ReadError> {
                Ok(Self::ALL[$crate::json::variant(value, Self::NAMES)?])
            }
        }

        impl $crate::json::write::ToJson for $name {
            fn write_json(&self, out: &mut $crate::json::write::JsonWriter) {
                out.string(self.as_str());
            }
        }
    };
}

pub(crate) use {json_enum, json_record};

#[cfg(test)]
mod tests {
    use crate::json::write::{to_json, to_json_pretty};
    use crate::json::{ReadError, parse};

    json_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        enum Shade {
            #[default]
            Pale = "pale",
            Deep = "deep-ish",
        }
    }

    fn normalize(tags: &mut Vec<String>) {
        tags.retain(|t| !t.is_empty());
    }

    json_record! {
        #[derive(Debug, PartialEq)]
        struct Sample {
            id: String,
            count: u32 = default,
            label: String = default("untitled".to_string()),
            shade: Shade = struct_default,
            note: Option<String> = omit_empty,
            tags: Vec<String> = omit_empty then normalize,
            seen: Option<bool> = default,
        }
    }

    impl Default for Sample {
        fn default() -> Self {
            Sample {
                id: String::new(),
                count: 0,
                label: String::new(),
                shade: Shade::Deep,
                note: None,
                tags: Vec::new(),
                seen: None,
            }
        }
    }

    json_record! {
        struct Wrapper<'a> {
            v: u32,
            inner: &'a Sample,
            name: &'a str,
        }
    }

    fn read(text: &str) -> Result<Sample, String> {
        parse::<Sample>(text).map_err(|e: ReadError| e.to_string())
    }

    #[test]
    fn each_rule_reads_as_declared() {
        assert_eq!(
            read(r#"{"id":"a"}"#),
            Ok(Sample {
                id: "a".into(),
                label: "untitled".into(),
                ..Sample::default()
            })
        );
        let full = read(
            r#"{"id":"b","count":2,"label":"L","shade":"pale","note":"n","tags":["x",""],"seen":true}"#,
        );
        assert_eq!(
            full,
            Ok(Sample {
                id: "b".into(),
                count: 2,
                label: "L".into(),
                shade: Shade::Pale,
                note: Some("n".into()),
                tags: vec!["x".into()],
                seen: Some(true),
            })
        );
    }

    #[test]
    fn errors_name_the_field_the_struct_and_the_spellings() {
        assert_eq!(read(r#"{"count":1}"#), Err("missing field `id`".into()));
        assert_eq!(
            read("[]"),
            Err("invalid type: sequence, expected struct Sample".into())
        );
        assert_eq!(
            read(r#"{"id":"a","shade":"dark"}"#),
            Err("unknown variant `dark`, expected `pale` or `deep-ish`".into())
        );
        assert_eq!(
            read(r#"{"id":"a","label":null}"#),
            Err("invalid type: null, expected a string".into())
        );
    }

    #[test]
    fn fields_are_written_in_order_and_empty_ones_left_out() {
        let mut s = Sample {
            id: "a".into(),
            ..Sample::default()
        };
        assert_eq!(
            to_json(&s),
            r#"{"id":"a","count":0,"label":"","shade":"deep-ish","seen":null}"#
        );
        s.note = Some("n".into());
        s.tags = vec!["t".into()];
        s.seen = Some(false);
        assert_eq!(
            to_json(&s),
            r#"{"id":"a","count":0,"label":"","shade":"deep-ish","note":"n","tags":["t"],"seen":false}"#
        );
        assert_eq!(
            to_json_pretty(&Wrapper {
                v: 2,
                inner: &s,
                name: "w"
            }),
            "{\n  \"v\": 2,\n  \"inner\": {\n    \"id\": \"a\",\n    \"count\": 0,\n    \"label\": \"\",\n    \"shade\": \"deep-ish\",\n    \"note\": \"n\",\n    \"tags\": [\n      \"t\"\n    ],\n    \"seen\": false\n  },\n  \"name\": \"w\"\n}"
        );
        assert_eq!(parse::<Sample>(&to_json(&s)), Ok(s));
        assert_eq!(Shade::Deep.as_str(), "deep-ish");
    }
}
