//! The language tables. Word lists cover what answers usually contain, not
//! every reserved word: a missed keyword only costs a colour.

use super::grammar::{BASE, BareKeys, Grammar, Quote};

const fn quote(delim: &'static str, multiline: bool, escapes: bool) -> Quote {
    Quote {
        delim,
        multiline,
        escapes,
    }
}

pub(crate) const C_QUOTES: &[Quote] = &[quote("\"", false, true), quote("'", false, true)];

pub(crate) const RUST: Grammar = Grammar {
    keywords: "as async await break const continue crate dyn else enum extern fn for if impl in \
               let loop match mod move mut pub ref return self Self static struct super trait \
               type unsafe use where while yield union macro_rules",
    types: "bool char str u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64",
    // Strings may span lines; `'` is handled as char or lifetime.
    quotes: &[quote("\"", true, true)],
    caps_types: true,
    attributes: true,
    rust_marks: true,
    ..BASE
};

pub(crate) const PYTHON: Grammar = Grammar {
    keywords: "and as assert async await break class continue def del elif else except finally \
               for from global if import in is lambda nonlocal not or pass raise return try \
               while with yield match case",
    types: "int float str bool list dict set tuple bytes object type complex frozenset",
    literals: "True False None self cls",
    line_comment: "#",
    block_comment: None,
    quotes: &[
        quote("\"\"\"", true, true),
        quote("'''", true, true),
        quote("\"", false, true),
        quote("'", false, true),
    ],
    caps_types: true,
    at_names: true,
    ..BASE
};

/// JavaScript and TypeScript share one table: TypeScript's extra words are
/// rarely plain names in JavaScript.
pub(crate) const JS: Grammar = Grammar {
    keywords: "async await break case catch class const continue debugger default delete do \
               else export extends finally for from function if import in instanceof let new \
               of return static super switch this throw try typeof var void while with yield \
               as interface type enum implements declare namespace abstract private protected \
               public readonly keyof infer satisfies is",
    types: "string number boolean any unknown never object symbol bigint",
    literals: "true false null undefined NaN Infinity",
    quotes: &[
        quote("\"", false, true),
        quote("'", false, true),
        quote("`", true, true),
    ],
    name_extra: b"$",
    caps_types: true,
    at_names: true,
    ..BASE
};

pub(crate) const JSON: Grammar = Grammar {
    literals: "true false null",
    quotes: &[quote("\"", false, true)],
    key_sep: Some(b':'),
    ..BASE
};

pub(crate) const SHELL: Grammar = Grammar {
    keywords: "if then else elif fi for while until do done case esac in function select \
               return exit break continue local export readonly declare unset shift source \
               alias eval exec set trap time sudo",
    literals: "true false",
    line_comment: "#",
    block_comment: None,
    quotes: &[quote("\"", true, true), quote("'", true, false)],
    name_extra: b"-",
    dollar_vars: true,
    ..BASE
};

pub(crate) const CSS: Grammar = Grammar {
    keywords: "important and not only from to",
    literals: "inherit initial unset none auto",
    line_comment: "",
    name_extra: b"-",
    at_names: true,
    key_sep: Some(b':'),
    bare_keys: BareKeys::InBraces,
    ..BASE
};

pub(crate) const GO: Grammar = Grammar {
    keywords: "break case chan const continue default defer else fallthrough for func go goto \
               if import interface map package range return select struct switch type var",
    types: "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 \
            rune string uint uint8 uint16 uint32 uint64 uintptr any",
    literals: "true false nil iota",
    quotes: &[
        quote("\"", false, true),
        quote("'", false, true),
        quote("`", true, false),
    ],
    ..BASE
};

pub(crate) const JAVA: Grammar = Grammar {
    keywords: "abstract assert break case catch class const continue default do else enum \
               extends final finally for goto if implements import instanceof interface native \
               new package private protected public return static strictfp super switch \
               synchronized this throw throws transient try volatile while var record sealed \
               permits yield",
    types: "boolean byte char double float int long short void",
    literals: "true false null",
    quotes: &[
        quote("\"\"\"", true, true),
        quote("\"", false, true),
        quote("'", false, true),
    ],
    caps_types: true,
    at_names: true,
    ..BASE
};

/// C and C++ share one table.
pub(crate) const C: Grammar = Grammar {
    keywords: "auto break case catch class const constexpr consteval continue default delete \
               do else enum explicit export extern for friend goto if inline mutable namespace \
               new noexcept operator private protected public register return sizeof static \
               static_assert static_cast dynamic_cast reinterpret_cast const_cast struct switch \
               template this throw try typedef typename union using virtual volatile while \
               co_await co_return co_yield concept requires override final decltype",
    types: "bool char double float int long short signed unsigned void wchar_t size_t \
            ssize_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t",
    literals: "true false nullptr NULL",
    caps_types: true,
    directives: true,
    ..BASE
};

pub(crate) const SQL: Grammar = Grammar {
    keywords: "select from where and or not insert into values update set delete create table \
               drop alter add column index view as join inner left right outer full cross on \
               group by order having limit offset union all distinct case when then else end \
               is in between like exists primary key foreign references constraint default \
               unique check begin commit rollback transaction with returning if asc desc over \
               partition grant revoke truncate",
    types: "int integer bigint smallint decimal numeric real float double varchar char text \
            boolean date time timestamp timestamptz interval serial blob json jsonb uuid",
    literals: "null true false",
    ignore_case: true,
    line_comment: "--",
    quotes: &[
        quote("'", true, false),
        quote("\"", false, false),
        quote("`", false, false),
    ],
    ..BASE
};

pub(crate) const YAML: Grammar = Grammar {
    literals: "true false null yes no on off True False Null",
    line_comment: "#",
    block_comment: None,
    quotes: &[quote("\"", false, true), quote("'", false, false)],
    apostrophes: true,
    name_extra: b"-",
    key_sep: Some(b':'),
    bare_keys: BareKeys::LineStart,
    ..BASE
};

pub(crate) const TOML: Grammar = Grammar {
    line_comment: "#",
    block_comment: None,
    quotes: &[
        quote("\"\"\"", true, true),
        quote("'''", true, false),
        quote("\"", false, true),
        quote("'", false, false),
    ],
    name_extra: b"-",
    section_headers: true,
    key_sep: Some(b'='),
    bare_keys: BareKeys::LineStart,
    ..BASE
};
