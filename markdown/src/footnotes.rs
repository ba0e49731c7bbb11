//! Makes every footnote reference parse the same wherever its definition is.
//!
//! With GitHub-style footnotes, pulldown-cmark only treats `[^x]` as a
//! reference when a definition of `x` exists somewhere in the parsed text, so
//! a definition streamed in later would change blocks already frozen. We
//! prepend a throwaway definition for every label the text could reference;
//! then `[^x]` is always a reference, in the whole-document render and in
//! every streamed tail alike. The renderer drops the prepended blocks.

/// Closes the throwaway definitions and leaves the parser at top level with
/// nothing open, as at the start of a document (an HTML comment block ends on
/// its own line, and a non-indented line ends a footnote definition).
const SEPARATOR: &str = "<!-- -->\n";

/// pulldown-cmark gives up on labels longer than this many code points.
const MAX_LABEL_BYTES: usize = 4 * 1000;

/// The text to parse in front of `text`: one definition per candidate label,
/// then the separator.
pub(crate) fn synthetic_prefix(text: &str) -> String {
    let mut labels: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("[^") {
        let start = from + found + 2;
        if let Some(label) = scan_label(&text[start..]) {
            // Inside tables `\|` reaches the label as `|`; cover both.
            if label.contains("\\|") {
                labels.push(label.replace("\\|", "|"));
            }
            labels.push(label.to_owned());
        }
        from = start;
    }
    labels.sort_unstable();
    labels.dedup();
    let mut prefix = String::new();
    for label in &labels {
        prefix.push_str("[^");
        prefix.push_str(label);
        prefix.push_str("]: x\n\n");
    }
    prefix.push_str(SEPARATOR);
    prefix
}

/// The raw label at the start of `s` (just after `[^`), ending before an
/// unescaped `]`, following pulldown-cmark's rules for GFM footnote labels:
/// no line breaks, no unescaped `[`, not empty.
fn scan_label(s: &str) -> Option<&str> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len().min(MAX_LABEL_BYTES) {
        match bytes[i] {
            b']' => return (i > 0).then(|| &s[..i]),
            b'[' | b'\n' | b'\r' => return None,
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labels_with_escapes() {
        let prefix = synthetic_prefix("a[^1] b[^x\\]y] c[^] d[^\n] e[^1]");
        assert_eq!(prefix, "[^1]: x\n\n[^x\\]y]: x\n\n<!-- -->\n");
    }

    #[test]
    fn no_labels_still_separates() {
        assert_eq!(synthetic_prefix("plain"), SEPARATOR);
    }
}
