//! The generic tokenizer: one left-to-right pass driven by a [`Grammar`].
//!
//! Positions only ever stop on ASCII bytes or at the end, and names swallow
//! every non-ASCII byte, so each range falls on character boundaries. Every
//! rule moves forward and every look-ahead is bounded by what the rule then
//! consumes (or by a line), which keeps the pass linear. Every byte looked
//! at is counted in [`Spans::saw`], so tests can hold the pass to that.

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
            self.out.saw(1);
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
        if !self.code.is_char_boundary(at) {
            return None;
        }
        // This byte, the next and the one before.
        self.out.saw(3);
        let byte = self.bytes[at];
        let next = self.bytes.get(at + 1).copied();
        if line_start && let Some(end) = self.line_start_token(at, byte) {
            return Some(end);
        }
        if !g.line_comment.is_empty()
            && self.starts_with(at, g.line_comment)
            && (byte != b'#' || at == 0 || self.bytes[at - 1].is_ascii_whitespace())
        {
            return self.emit(Comment, at, self.line_end(at));
        }
        if let Some((open, close)) = g.block_comment
            && self.starts_with(at, open)
        {
            let end = self
                .find(close, at + open.len())
                .unwrap_or(self.bytes.len());
            return self.emit(Comment, at, end);
        }
        if g.attributes && (self.starts_with(at, "#[") || self.starts_with(at, "#![")) {
            return self.emit(Meta, at, self.bracket_end(at));
        }
        let after_letter = at > 0 && is_name_byte(self.bytes[at - 1], b"");
        if let Some(quote) = g.quotes.iter().find(|q| self.starts_with(at, q.delim))
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
            // `]` is looked for on this line only: searching on would rescan
            // the rest of the block from every line that opens with `[`.
            let line_end = self.line_end(at);
            let close = self.bytes[at..line_end]
                .iter()
                .position(|&b| b == b']')
                .map_or(line_end, |i| at + i + 1);
            self.out.saw(close - at);
            let end = close + usize::from(self.bytes.get(close) == Some(&b']'));
            return self.emit(Type, at, end);
        }
        if g.bare_keys != BareKeys::LineStart {
            return None;
        }
        let sep = g.key_sep?;
        // YAML list items: `- key: value`.
        let mut start = at;
        while self.starts_with(start, "- ") {
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
        // The dashes and the key (read, then trimmed), what stops it and the
        // byte after.
        self.out.saw(2 * (end - at) + 2);
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
        // Compared with each list (at most three); the lists' own length is
        // fixed by the grammar, so the word's is what varies.
        self.out.saw(3 * word.len());
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
        let spaces = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        self.out.saw(spaces + 1);
        rest.get(spaces) == Some(&sep)
    }

    /// Is `at` the first word after `{` or `;`? Then `name:` is a CSS
    /// property, not a selector such as `a:hover` nested in `@media`.
    fn starts_declaration(&self, at: usize) -> bool {
        let spaces = self.bytes[..at]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        self.out.saw(spaces + 1);
        let before = at.checked_sub(spaces + 1).map(|i| self.bytes[i]);
        matches!(before, Some(b'{' | b';'))
    }

    /// Does a `{` come before the end of this declaration? Then the name
    /// starts a nested selector (`a:hover {`). The scan stops where the
    /// lexer goes next anyway, so each byte is looked at at most twice.
    fn opens_rule(&self, end: usize) -> bool {
        let rest = self.bytes.get(end..).unwrap_or_default();
        let stop = rest
            .iter()
            .position(|b| matches!(b, b'{' | b';' | b'}' | b'\n'));
        self.out.saw(stop.map_or(rest.len(), |i| i + 1));
        stop.and_then(|i| rest.get(i)) == Some(&b'{')
    }

    fn string_end(&self, at: usize, quote: &Quote) -> usize {
        let mut i = at + quote.delim.len();
        while let Some(&b) = self.bytes.get(i) {
            if self.starts_with(i, quote.delim) {
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
            self.out.saw(2 + MAX_CHAR_LITERAL);
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
        // The character, the byte after it and the first byte again.
        self.out.saw(6);
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
        // Each byte with the one before and the one after, and what stops it.
        self.out.saw(3 * (i - at + 1));
        i
    }

    /// `$name`, `$1`, `$@`, `${name}`; `$(` stays plain. Only the name of a
    /// `${...}` form is coloured unless `}` follows it: searching further
    /// for the brace could rescan a long line once per `${`.
    fn variable(&mut self, at: usize) -> Option<usize> {
        // `$` and the byte after it.
        self.out.saw(2);
        let next = *self.bytes.get(at + 1)?;
        let end = match next {
            b'{' => {
                // `name_end` counts the byte after the name.
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
            self.out.saw(1);
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
        self.out.saw(len + 1);
        at + len
    }

    fn line_end(&self, at: usize) -> usize {
        self.find("\n", at).map_or(self.bytes.len(), |end| end - 1)
    }

    /// The end of the first `needle` at or after `from`.
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let rest = self.code.get(from..)?;
        let found = rest.find(needle);
        self.out.saw(found.map_or(rest.len(), |i| i + needle.len()));
        Some(from + found? + needle.len())
    }

    /// Does `needle` start at `at`? Counts the bytes compared.
    fn starts_with(&self, at: usize, needle: &str) -> bool {
        self.out.saw(needle.len());
        self.bytes
            .get(at..)
            .is_some_and(|rest| rest.starts_with(needle.as_bytes()))
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
