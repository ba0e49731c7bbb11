//! Syntax highlighting for fenced code, small enough for the wasm budget.
//!
//! No regex engine and no grammar files: one generic tokenizer (`lexer`)
//! driven by per-language tables (`tables`, shaped by `grammar`), plus
//! lexers for the formats that are not C-shaped (`markup`, `prose` for
//! markdown, `diff`). Every lexer is a single
//! left-to-right pass, so re-highlighting the open block of a stream on each
//! chunk costs time linear in that block, and the result depends only on
//! the block's text: streamed and whole renders agree.
//!
//! Highlighting is cosmetic: whatever the input, the tokens concatenate to
//! exactly the code text, which is what Copy puts on the clipboard.

mod diff;
mod grammar;
mod lexer;
mod markup;
mod prose;
mod spans;
mod tables;

use grammar::Language;
use spans::Spans;

/// What a piece of code is, as far as colouring goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    Plain,
    Keyword,
    /// Built-in and capitalised type names, TOML tables.
    Type,
    /// `true`, `null`, constants, shell variables, link targets.
    Literal,
    Number,
    String,
    Comment,
    /// Preprocessor lines, attributes, decorators, doctypes, diff headers.
    Meta,
    /// A name called like a function or macro.
    Function,
    /// Object keys, CSS properties, markup attribute names.
    Key,
    /// Markup tag names.
    Tag,
    Heading,
    Emphasis,
    Inserted,
    Deleted,
}

impl TokenClass {
    /// The CSS class of a token's `<span>`, `None` for plain text (which
    /// stays a bare text node).
    pub fn css_class(self) -> Option<&'static str> {
        Some(match self {
            Self::Plain => return None,
            Self::Keyword => "tok-kw",
            Self::Type => "tok-ty",
            Self::Literal => "tok-lit",
            Self::Number => "tok-num",
            Self::String => "tok-str",
            Self::Comment => "tok-com",
            Self::Meta => "tok-meta",
            Self::Function => "tok-fn",
            Self::Key => "tok-key",
            Self::Tag => "tok-tag",
            Self::Heading => "tok-head",
            Self::Emphasis => "tok-em",
            Self::Inserted => "tok-ins",
            Self::Deleted => "tok-del",
        })
    }
}

/// Splits `code` into classed pieces for the language named `lang` (a fence
/// info word such as `rs`, `C++` or `yml`), or `None` for a language we do
/// not know, which then stays plain. Adjacent pieces never share a class,
/// and the pieces concatenate to `code`.
pub fn highlight<'c>(lang: &str, code: &'c str) -> Option<Vec<(TokenClass, &'c str)>> {
    Some(lex(lang, code)?.into_pieces(code))
}

/// How many bytes of `code` highlighting it as `lang` looks at, every scan
/// ahead or back counted (`None` for a language we do not know). A measure
/// that does not depend on the machine, for tests that bound the work by
/// the length of the code. Counted on the host only: in the wasm module
/// this is always `Some(0)`.
pub fn highlight_work(lang: &str, code: &str) -> Option<usize> {
    Some(lex(lang, code)?.work())
}

fn lex(lang: &str, code: &str) -> Option<Spans> {
    let language = Language::from_name(lang)?;
    let mut spans = Spans::default();
    match language {
        Language::Code(grammar) => lexer::lex(grammar, code, 0, &mut spans),
        Language::Markup => markup::lex(code, &mut spans),
        Language::Markdown => prose::lex(code, &mut spans),
        Language::Diff => diff::lex(code, &mut spans),
    }
    Some(spans)
}
