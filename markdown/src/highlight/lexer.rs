//! The generic tokenizer: one left-to-right pass driven by a [`Grammar`].
//!
//! Positions only ever stop on ASCII bytes or at the end, and names swallow
//! every non-ASCII byte, so each range falls on character boundaries. Every
//! rule moves forward and every look-ahead is bounded by what the rule then
//! consumes (or by a line), which keeps the pass linear.

use super::TokenClass::{self, *};
use super::grammar::{BareKeys, Grammar, Quote};
use super::spans::Spans;

/// How far a Rust char literal may reach for its closing quote (`'\u{10FFFF}'`).
const MAX_CHAR_LITERAL: usize = 12;

/// Highlights `code`, which sits at byte `base` of the text `out` covers.
pub(crate) fn lex(grammar: &Grammar, code: &str, base: usize, out: &mut Spans) {
    let mut lexer = Lexer {
        g: grammar,
        code,
        bytes: code.as_bytes(),
        base,
        out,
        depth: 0,
    };
    lexer.run();
}

struct Lexer<'a> {
    g: &'a Grammar,
    code: &'a str,
    bytes: &'a [u8],
    base: usize,
    out: &'a mut Spans,
    /// `{}` nesting, for CSS properties.
    depth: usize,
}

impl Lexer<'_> {
    fn run(&mut self) {
        let mut pos = 0;
        let mut line_start = true;
        while let Some(&byte) = self.bytes.get(pos) {
            match byte {
                b'\n' => line_start = true,
                b' ' | b'\t' | b'\r' => {}
                b'{' => self.depth += 1,
                b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {
                    let end = self.token(pos, line_start);
                    line_start = false;
                    // A rule that did not move would loop forever.
                    pos = end.filter(|&end| end > pos).unwrap_or(pos + 1);
                    continue;
                }
            }
            pos += 1;
        }
    }

    fn emit(&mut self, class: TokenClass, start: usize, end: usize) -> Option<usize> {
        if class != Plain {
            self.out.push(class, self.base + start, self.base + end);
        }
        Some(end)
    }

    /// Classes the token at `at` and returns where it ends; `None` for a
    /// lone plain byte (always ASCII here: names take the others).
    fn token(&mut self, at: usize, line_start: bool) -> Option<usize> {
        let g = self.g;
        let rest = self.code.get(at..)?;
        let byte = self.bytes[at];
        let next = self.bytes.get(at + 1).copied();
        if line_start && let Some(end) = self.line_start_token(at, byte) {
            return Some(end);
        }
        if !g.line_comment.is_empty()
            && rest.starts_with(g.line_comment)
            && (byte != b'#' || at == 0 || self.bytes[at - 1].is_ascii_whitespace())
        {
            return self.emit(Comment, at, self.line_end(at));
        }
        if let Some((open, close)) = g.block_comment
            && rest.starts_with(open)
        {
            let end = self
                .find(close, at + open.len())
                .unwrap_or(self.bytes.len());
            return self.emit(Comment, at, end);
        }
        if g.attributes && (rest.starts_with("#[") || rest.starts_with("#![")) {
            return self.emit(Meta, at, self.bracket_end(at));
        }
        let after_letter = at > 0 && is_name_byte(self.bytes[at - 1], b"");
        if let Some(quote) = g.quotes.iter().find(|q| rest.starts_with(q.delim))
            && !(g.apostrophes && after_letter)
        {
            let end = self.string_end(at, quote);
            let class = if self.before_sep(end) { Key } else { String };
            return self.emit(class, at, end);
        }
        if g.rust_marks && byte == b'\'' {
            return self.rust_quote(at);
        }
        let digit_next = next.is_some_and(|b| b.is_ascii_digit());
        if byte.is_ascii_digit() || (byte == b'.' && digit_next && !after_letter) {
            return self.emit(Number, at, self.number_end(at));
        }
        if g.at_names && byte == b'@' && next.is_some_and(|b| is_name_start(b, b"")) {
            return self.emit(Meta, at, self.name_end(at + 1, g.name_extra));
        }
        if g.dollar_vars && byte == b'$' {
            return self.variable(at);
        }
        if is_name_start(byte, g.name_extra) {
            return self.word(at);
        }
        None
    }

    /// Preprocessor lines, TOML table headers, YAML and TOML keys.
    fn line_start_token(&mut self, at: usize, byte: u8) -> Option<usize> {
        let g = self.g;
        if g.directives && byte == b'#' {
            return self.emit(Meta, at, self.line_end(at));
        }
        if g.section_headers && byte == b'[' {
            let close = self.find("]", at).unwrap_or_else(|| self.line_end(at));
            let end = close.min(self.line_end(at));
            let end = end + usize::from(self.bytes.get(end) == Some(&b']'));
            return self.emit(Type, at, end);
        }
        if g.bare_keys != BareKeys::LineStart {
            return None;
        }
        let sep = g.key_sep?;
        // YAML list items: `- key: value`.
        let mut start = at;
        while self.bytes[start..].starts_with(b"- ") {
            start += 2;
            while self.bytes.get(start) == Some(&b' ') {
                start += 1;
            }
        }
        let mut end = start;
        while let Some(&b) = self.bytes.get(end) {
            if !(is_name_byte(b, b"-./ ")) {
                break;
            }
            end += 1;
        }
        let after = self.bytes.get(end + 1).copied();
        if self.bytes.get(end) != Some(&sep)
            || (sep == b':' && after.is_some_and(|b| !b.is_ascii_whitespace()))
        {
            return None;
        }
        let key_end = start + self.code.get(start..end)?.trim_end().len();
        if key_end == start {
            return None;
        }
        self.emit(Key, start, key_end)
    }

    /// A name: keyword, literal, type, call, key or plain.
    fn word(&mut self, at: usize) -> Option<usize> {
        let g = self.g;
        let end = self.name_end(at, g.name_extra);
        let word = self.code.get(at..end)?;
        let listed = |list: &str| {
            list.split(' ').any(|entry| {
                if g.ignore_case {
                    entry.eq_ignore_ascii_case(word)
                } else {
                    entry == word
                }
            })
        };
        let next = self.bytes.get(end).copied();
        let class = if listed(g.keywords) {
            Keyword
        } else if listed(g.literals) {
            Literal
        } else if listed(g.types) {
            Type
        } else if g.rust_marks
            && next == Some(b'!')
            && matches!(self.bytes.get(end + 1), Some(b'(' | b'[' | b'{'))
        {
            return self.emit(Function, at, end + 1);
        } else if g.caps_types && word.starts_with(|c: char| c.is_ascii_uppercase()) {
            // `Some(` and `Foo(` construct a type rather than call a function.
            if word.contains(|c: char| c.is_ascii_lowercase()) {
                Type
            } else if word.len() > 1 {
                Literal
            } else {
                Plain
            }
        } else if next == Some(b'(') {
            Function
        } else if g.bare_keys == BareKeys::InBraces
            && self.depth > 0
            && self.starts_declaration(at)
            && self.before_sep(end)
            && !self.opens_rule(end)
        {
            Key
        } else {
            Plain
        };
        self.emit(class, at, end)
    }

    /// Does the key separator follow `end`, after spaces?
    fn before_sep(&self, end: usize) -> bool {
        let Some(sep) = self.g.key_sep else {
            return false;
        };
        let rest = self.bytes.get(end..).unwrap_or_default();
        rest.iter().find(|b| !matches!(b, b' ' | b'\t')) == Some(&sep)
    }

    /// Is `at` the first word after `{` or `;`? Then `name:` is a CSS
    /// property, not a selector such as `a:hover` nested in `@media`.
    fn starts_declaration(&self, at: usize) -> bool {
        let before = self.bytes[..at]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace());
        matches!(before, Some(b'{' | b';'))
    }

    /// Does a `{` come before the end of this declaration? Then the name
    /// starts a nested selector (`a:hover {`). The scan stops where the
    /// lexer goes next anyway, so each byte is looked at at most twice.
    fn opens_rule(&self, end: usize) -> bool {
        let rest = self.bytes.get(end..).unwrap_or_default();
        rest.iter()
            .find(|b| matches!(b, b'{' | b';' | b'}' | b'\n'))
            == Some(&b'{')
    }

    fn string_end(&self, at: usize, quote: &Quote) -> usize {
        let mut i = at + quote.delim.len();
        while let Some(&b) = self.bytes.get(i) {
            if self.bytes[i..].starts_with(quote.delim.as_bytes()) {
                return i + quote.delim.len();
            }
            match b {
                b'\\' if quote.escapes => i += 2,
                b'\n' if !quote.multiline => return i,
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    /// `'x'` and `'\n'` are chars; `'a` is a lifetime or label.
    fn rust_quote(&mut self, at: usize) -> Option<usize> {
        let rest = self.code.get(at + 1..)?;
        if rest.starts_with('\\') {
            // Skip the escaped character itself: `'\''` is a char too.
            let close = rest
                .bytes()
                .enumerate()
                .skip(2)
                .take(MAX_CHAR_LITERAL)
                .take_while(|&(_, b)| b != b'\n')
                .find(|&(_, b)| b == b'\'')?
                .0;
            return self.emit(String, at, at + 1 + close + 1);
        }
        let width = rest.chars().next()?.len_utf8();
        if rest.as_bytes().get(width) == Some(&b'\'') {
            return self.emit(String, at, at + 1 + width + 1);
        }
        if is_name_start(*rest.as_bytes().first()?, b"") {
            return self.emit(Meta, at, self.name_end(at + 1, b""));
        }
        None
    }

    fn number_end(&self, at: usize) -> usize {
        let hex = self.bytes[at..].starts_with(b"0x") || self.bytes[at..].starts_with(b"0X");
        let digit_at = |i: usize| self.bytes.get(i).is_some_and(u8::is_ascii_digit);
        let mut i = at + 1;
        while let Some(&b) = self.bytes.get(i) {
            let exponent_sign =
                matches!(b, b'+' | b'-') && !hex && matches!(self.bytes[i - 1], b'e' | b'E');
            if b.is_ascii_alphanumeric()
                || b == b'_'
                || ((b == b'.' || exponent_sign) && digit_at(i + 1))
            {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// `$name`, `$1`, `$@`, `${name}`; `$(` stays plain. Only the name of a
    /// `${...}` form is coloured unless `}` follows it: searching further
    /// for the brace could rescan a long line once per `${`.
    fn variable(&mut self, at: usize) -> Option<usize> {
        let next = *self.bytes.get(at + 1)?;
        let end = match next {
            b'{' => {
                let end = self.name_end(at + 2, b"");
                end + usize::from(self.bytes.get(end) == Some(&b'}'))
            }
            b'@' | b'#' | b'?' | b'$' | b'!' | b'*' | b'-' | b'0'..=b'9' => at + 2,
            _ if is_name_start(next, b"") => self.name_end(at + 1, b""),
            _ => return None,
        };
        self.emit(Literal, at, end)
    }

    /// The end of a `#[...]` attribute, or of its line if it stays open.
    fn bracket_end(&self, at: usize) -> usize {
        let mut depth = 0usize;
        for (i, &b) in self.bytes.iter().enumerate().skip(at) {
            match b {
                b'[' => depth += 1,
                b']' if depth <= 1 => return i + 1,
                b']' => depth -= 1,
                b'\n' => return i,
                _ => {}
            }
        }
        self.bytes.len()
    }

    fn name_end(&self, at: usize, extra: &[u8]) -> usize {
        let len = self.bytes[at..]
            .iter()
            .take_while(|&&b| is_name_byte(b, extra))
            .count();
        at + len
    }

    fn line_end(&self, at: usize) -> usize {
        self.find("\n", at).map_or(self.bytes.len(), |end| end - 1)
    }

    /// The end of the first `needle` at or after `from`.
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let found = self.code.get(from..)?.find(needle)?;
        Some(from + found + needle.len())
    }
}

fn is_name_start(b: u8, extra: &[u8]) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 || (b != b'-' && extra.contains(&b))
}

/// Non-ASCII bytes count as name bytes, so a name never ends inside a
/// character.
fn is_name_byte(b: u8, extra: &[u8]) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 || extra.contains(&b)
}
