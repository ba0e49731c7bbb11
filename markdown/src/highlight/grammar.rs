//! What the generic tokenizer needs to know about a language, and which
//! fence names pick which language.

use super::tables;

/// A string delimiter; strings close with the same delimiter.
pub(crate) struct Quote {
    pub delim: &'static str,
    /// May run over line ends; otherwise a line end closes it, so one stray
    /// quote colours one line, not the rest of the block.
    pub multiline: bool,
    /// A backslash escapes the next character.
    pub escapes: bool,
}

/// How unquoted keys (`key:` / `key =`) are recognised.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BareKeys {
    None,
    /// The first word of a line (YAML, TOML).
    LineStart,
    /// A name followed by the separator inside `{}` (CSS properties).
    InBraces,
}

/// Per-language tables for the generic tokenizer. Word lists are single
/// space-separated strings: smaller in the wasm than slices of `&str`.
pub(crate) struct Grammar {
    pub keywords: &'static str,
    pub types: &'static str,
    pub literals: &'static str,
    pub ignore_case: bool,
    /// Line comment marker, empty for none. A `#` marker only counts at the
    /// start of a word, so `${#x}` or `url#frag` stay code.
    pub line_comment: &'static str,
    pub block_comment: Option<(&'static str, &'static str)>,
    /// Longest delimiters first (`"""` before `"`).
    pub quotes: &'static [Quote],
    /// A quote right after a letter is an apostrophe (`Don't` in YAML).
    pub apostrophes: bool,
    /// Bytes that may continue a name besides `[A-Za-z0-9_]`.
    pub name_extra: &'static [u8],
    /// `Capitalised` names are types, `ALL_CAPS` ones constants.
    pub caps_types: bool,
    /// `#` first on a line starts a preprocessor line (C).
    pub directives: bool,
    /// `#[..]` and `#![..]` are attributes (Rust).
    pub attributes: bool,
    /// `name!` is a macro call, `'a` a lifetime (Rust).
    pub rust_marks: bool,
    /// `@name` is a decorator, annotation or at-rule.
    pub at_names: bool,
    /// `$name`, `${..}`, `$1` are variables (shell).
    pub dollar_vars: bool,
    /// A line starting with `[` is a table header (TOML).
    pub section_headers: bool,
    /// What follows a key; a quoted string before it is a key too.
    pub key_sep: Option<u8>,
    pub bare_keys: BareKeys,
}

/// Defaults for a C-shaped language; each table overrides what differs.
pub(crate) const BASE: Grammar = Grammar {
    keywords: "",
    types: "",
    literals: "true false",
    ignore_case: false,
    line_comment: "//",
    block_comment: Some(("/*", "*/")),
    quotes: tables::C_QUOTES,
    apostrophes: false,
    name_extra: b"",
    caps_types: false,
    directives: false,
    attributes: false,
    rust_marks: false,
    at_names: false,
    dollar_vars: false,
    section_headers: false,
    key_sep: None,
    bare_keys: BareKeys::None,
};

/// A language we can highlight.
#[derive(Clone, Copy)]
pub(crate) enum Language {
    Code(&'static Grammar),
    /// HTML, XML, SVG.
    Markup,
    Markdown,
    Diff,
}

/// Longest fence name worth comparing (`shellsession`, `postgresql`).
const MAX_NAME: usize = 16;

impl Language {
    /// The language for a fence name, ignoring case; `None` when unknown.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.len() > MAX_NAME {
            return None;
        }
        let lower = name.to_ascii_lowercase();
        let grammar =
            match lower.as_str() {
                "rust" | "rs" => &tables::RUST,
                "python" | "py" | "python3" | "py3" | "pyi" | "gyp" => &tables::PYTHON,
                "javascript" | "js" | "jsx" | "mjs" | "cjs" | "node" | "typescript" | "ts"
                | "tsx" | "mts" | "cts" => &tables::JS,
                "json" | "jsonc" | "json5" | "jsonl" | "ndjson" | "geojson" => &tables::JSON,
                "sh" | "bash" | "zsh" | "ksh" | "shell" | "console" | "shellsession"
                | "terminal" => &tables::SHELL,
                "css" | "scss" | "less" => &tables::CSS,
                "go" | "golang" => &tables::GO,
                "java" => &tables::JAVA,
                "c" | "h" | "cpp" | "c++" | "cc" | "cxx" | "hpp" | "hh" | "hxx" | "h++"
                | "objc" => &tables::C,
                "sql" | "mysql" | "postgresql" | "postgres" | "psql" | "sqlite" | "plsql"
                | "tsql" => &tables::SQL,
                "yaml" | "yml" => &tables::YAML,
                "toml" => &tables::TOML,
                "html" | "htm" | "xhtml" | "xml" | "svg" | "xsl" | "xslt" | "plist" | "rss"
                | "atom" | "vue" => return Some(Self::Markup),
                "markdown" | "md" | "mdown" | "mkd" | "gfm" => return Some(Self::Markdown),
                "diff" | "patch" | "udiff" => return Some(Self::Diff),
                _ => return None,
            };
        Some(Self::Code(grammar))
    }
}
