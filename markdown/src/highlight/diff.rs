//! Unified diffs: added and removed lines, hunk and file headers.

use super::TokenClass::{self, *};
use super::spans::Spans;

/// Lines that describe the change rather than being part of it.
const HEADERS: &[&str] = &[
    "+++ ",
    "--- ",
    "@@",
    "diff ",
    "index ",
    "new file",
    "deleted file",
    "similarity",
    "rename ",
];

pub(crate) fn lex(code: &str, out: &mut Spans) {
    let mut start = 0;
    for line in code.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        // Found, trimmed, then its start compared with the headers and marks.
        let compared: usize = HEADERS.iter().map(|h| h.len().min(text.len())).sum();
        out.saw(line.len() + 2 + compared + 3);
        out.push(class_of(text), start, start + text.len());
        start += line.len();
    }
}

fn class_of(line: &str) -> TokenClass {
    if HEADERS.iter().any(|header| line.starts_with(header)) {
        Meta
    } else if line.starts_with('+') {
        Inserted
    } else if line.starts_with('-') {
        Deleted
    } else if line.starts_with('\\') {
        // "\ No newline at end of file"
        Comment
    } else {
        Plain
    }
}
