//! HTML, XML and SVG: tags, attributes, comments, entities, and the bodies
//! of `<script>` and `<style>` as JavaScript and CSS.

use super::TokenClass::*;
use super::lexer;
use super::spans::Spans;
use super::tables;

/// Longest entity name worth recognising (`&CounterClockwiseContourIntegral;`).
const MAX_ENTITY: usize = 32;

pub(crate) fn lex(code: &str, out: &mut Spans) {
    let mut pos = 0;
    while let Some(rest) = code.get(pos..).filter(|rest| !rest.is_empty()) {
        // The openers below compared, four bytes at most.
        out.saw(4);
        let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        pos = if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(code.len(), |at| pos + at + 3);
            out.saw(end - pos);
            out.push(Comment, pos, end);
            end
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(code.len(), |at| pos + at + 1);
            out.saw(end - pos);
            out.push(Meta, pos, end);
            end
        } else if rest.starts_with('<') && (next.is_ascii_alphabetic() || next == b'/') {
            tag(code, pos, out)
        } else if rest.starts_with('&') {
            entity(rest, out).map_or(pos + 1, |len| {
                out.push(Literal, pos, pos + len);
                pos + len
            })
        } else {
            // Plain text up to the next place something could start.
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let skip = rest.get(first..).and_then(|tail| tail.find(['<', '&']));
            let end = skip.map_or(code.len(), |at| pos + first + at);
            out.saw(end - pos);
            end
        };
    }
}

/// A tag from its `<` to its `>`; returns where lexing resumes, after the
/// body too for `<script>` and `<style>`.
fn tag(code: &str, at: usize, out: &mut Spans) -> usize {
    let bytes = code.as_bytes();
    let closing = bytes.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let name_end = name_start + name_len(&bytes[name_start..], out);
    out.push(Tag, at, name_end);
    let mut pos = name_end;
    while let Some(&b) = bytes.get(pos) {
        // This byte and the next.
        out.saw(2);
        match b {
            b'>' => {
                out.push(Tag, pos, pos + 1);
                let name = code.get(name_start..name_end).unwrap_or_default();
                return if closing {
                    pos + 1
                } else {
                    body(code, name, pos + 1, out)
                };
            }
            b'/' if bytes.get(pos + 1) == Some(&b'>') => {
                out.push(Tag, pos, pos + 2);
                return pos + 2;
            }
            // A new tag starts: this one was never closed.
            b'<' => return pos,
            b'"' | b'\'' => {
                let end = code[pos + 1..]
                    .find(b as char)
                    .map_or(code.len(), |len| pos + 1 + len + 1);
                out.saw(end - pos);
                out.push(String, pos, end);
                pos = end;
            }
            // An unquoted attribute value runs to a space or the tag's end.
            b'=' if bytes.get(pos + 1).is_some_and(|&n| {
                !matches!(n, b'"' | b'\'' | b'>') && !n.is_ascii_whitespace()
            }) =>
            {
                let len = bytes[pos + 1..]
                    .iter()
                    .take_while(|&&v| v != b'>' && !v.is_ascii_whitespace())
                    .count();
                out.saw(len + 1);
                out.push(String, pos + 1, pos + 1 + len);
                pos += 1 + len;
            }
            _ if is_name_byte(b) => {
                let end = pos + name_len(&bytes[pos..], out);
                out.push(Key, pos, end);
                pos = end;
            }
            _ => pos += 1,
        }
    }
    pos
}

/// Lexes the body of `<script>` or `<style>` in its own language; other
/// elements' bodies are markup and resume at `at`.
fn body(code: &str, name: &str, at: usize, out: &mut Spans) -> usize {
    let grammar = if name.eq_ignore_ascii_case("script") {
        &tables::JS
    } else if name.eq_ignore_ascii_case("style") {
        &tables::CSS
    } else {
        return at;
    };
    let rest = code.get(at..).unwrap_or_default();
    let close = format!("</{name}");
    let len = rest
        .match_indices("</")
        .map(|(i, _)| i)
        .find(|&i| {
            out.saw(close.len());
            rest.get(i..i + close.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(&close))
        })
        .unwrap_or(rest.len());
    out.saw(len + close.len());
    lexer::lex(grammar, &rest[..len], at, out);
    at + len
}

/// The length of `&name;` or `&#123;` at the start of `rest`, if it is one.
fn entity(rest: &str, out: &Spans) -> Option<usize> {
    let body = rest.as_bytes().get(1..)?;
    let len = body
        .iter()
        .take(MAX_ENTITY)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    out.saw(len + 1);
    (len > 0 && body.get(len) == Some(&b';')).then_some(len + 2)
}

fn name_len(bytes: &[u8], out: &Spans) -> usize {
    let len = bytes.iter().take_while(|&&b| is_name_byte(b)).count();
    out.saw(len + 1);
    len
}

/// Tag and attribute names; non-ASCII bytes included so that a name never
/// ends inside a character.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.') || b >= 0x80
}
