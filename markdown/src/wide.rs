//! Tables show at most [`MAX_COLUMNS`] columns, and a table with more
//! cells than its text can pay for shows fewer; a note says how many.
//!
//! Cost must follow the text, and a table's does not: every cell becomes
//! parser events, view nodes, DOM elements and, worst of all, table layout
//! in the browser (20,000 columns by 20 rows froze a tab for 16 s). Nor do
//! cells need text: the parser fills each short row up to the header's
//! width, so a 50-column header over thousands of `|` rows is 50 cells per
//! two bytes. So before parsing, the cells past the limit in a table's rows
//! are overwritten with spaces, keeping at most [`CELLS_PER_BYTE`] cells
//! (filled ones included) per byte of the table. Same length, so every byte
//! offset (block spans, reference positions, the stream's cut points)
//! stays valid; the parser then sees a narrower table followed by trailing
//! blanks, which it skips.
//!
//! A table is recognised here as pulldown-cmark does it: a delimiter row
//! (`|---|:--:|`) with as many cells as the line before it, and the rows
//! that follow up to a blank line. The rule only depends on the table's own
//! lines, which any streamed tail holds in full from the header on, so a
//! streamed render still equals the whole one.

use std::borrow::Cow;
use std::ops::Range;

/// Columns shown of a wider table.
pub(crate) const MAX_COLUMNS: usize = 50;
/// Cells a table may have per byte of its text.
const CELLS_PER_BYTE: usize = 2;

/// A table cut down to its first columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WideTable {
    /// Byte range of its header line in the text.
    pub header: Range<usize>,
    /// Columns it had, and how many are shown.
    pub columns: usize,
    pub shown: usize,
}

/// `text` with the extra cells of every table that has too many blanked,
/// and those tables.
pub(crate) fn narrow(text: &str) -> (Cow<'_, str>, Vec<WideTable>) {
    if !text
        .lines()
        .any(|line| line.contains('|') && is_delimiter_row(line))
    {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut tables = Vec::new();
    let lines = line_ranges(text);
    let mut i = 1;
    while i < lines.len() {
        let header = &text[lines[i - 1].clone()];
        let delimiter = &text[lines[i].clone()];
        let columns = cells(delimiter);
        if !is_delimiter_row(delimiter) || cells(header) != columns {
            i += 1;
            continue;
        }
        let first = i - 1;
        i += 1;
        while lines
            .get(i)
            .is_some_and(|row| !text[row.clone()].trim().is_empty())
        {
            i += 1;
        }
        let table = &lines[first..i];
        let rows = table.len() - 1;
        let table_bytes = table[rows].end - table[0].start;
        let affordable = (CELLS_PER_BYTE * table_bytes / rows).max(1);
        let shown = columns.min(MAX_COLUMNS).min(affordable);
        if shown < columns {
            for row in table {
                blank_cells_after(&mut bytes, text, row.clone(), shown);
            }
            tables.push(WideTable {
                header: table[0].clone(),
                columns,
                shown,
            });
        }
    }
    if tables.is_empty() {
        return (Cow::Borrowed(text), tables);
    }
    // Only whole characters were replaced, by ASCII spaces.
    match String::from_utf8(bytes) {
        Ok(narrowed) => (Cow::Owned(narrowed), tables),
        Err(_) => (Cow::Borrowed(text), Vec::new()),
    }
}

/// Byte ranges of the lines of `text`, without their line endings.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        out.push(start..start + body.len());
        start += line.len();
    }
    out
}

/// Byte offsets of the unescaped pipes in `line`.
fn separators(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        if b != b'|' {
            return None;
        }
        // Only the run of backslashes right before this pipe: linear.
        let escapes = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
        (escapes % 2 == 0).then_some(i)
    })
}

/// The number of cells in a table row: pipes separate them, and a pipe
/// at either end only closes the row.
fn cells(line: &str) -> usize {
    let trimmed = line.trim();
    let leading = usize::from(trimmed.starts_with('|'));
    let trailing =
        usize::from(trimmed.len() > 1 && trimmed.ends_with('|') && !trimmed.ends_with("\\|"));
    (separators(trimmed).count() + 1).saturating_sub(leading + trailing)
}

fn is_delimiter_row(line: &str) -> bool {
    line.contains('-')
        && line
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Overwrites everything after the pipe that ends cell number `keep`.
fn blank_cells_after(bytes: &mut [u8], text: &str, line: Range<usize>, keep: usize) {
    let row = &text[line.clone()];
    let leading = row.trim_start().starts_with('|');
    let nth = if leading { keep } else { keep - 1 };
    if let Some(end) = separators(row).nth(nth) {
        bytes[line.start + end + 1..line.end].fill(b' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: usize, cell: &str) -> String {
        format!("|{}\n", format!("{cell}|").repeat(cells))
    }

    #[test]
    fn narrow_tables_are_left_alone() {
        let text = row(MAX_COLUMNS, "a") + &row(MAX_COLUMNS, "-") + &row(MAX_COLUMNS, "b");
        let (out, tables) = narrow(&text);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert!(tables.is_empty());
    }

    #[test]
    fn wide_rows_keep_their_first_cells_and_their_length() {
        let text = format!(
            "Intro\n\n{}{}{}{}\nafter | x\n",
            row(60, "h"),
            row(60, ":-:"),
            row(70, "b"),
            row(3, "c")
        );
        let (out, tables) = narrow(&text);
        assert_eq!(out.len(), text.len());
        assert_eq!(
            tables,
            vec![WideTable {
                header: 7..7 + 121,
                columns: 60,
                shown: MAX_COLUMNS,
            }]
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2].trim_end(), row(MAX_COLUMNS, "h").trim_end());
        assert_eq!(lines[3].trim_end(), row(MAX_COLUMNS, ":-:").trim_end());
        assert_eq!(lines[4].trim_end(), row(MAX_COLUMNS, "b").trim_end());
        assert_eq!(lines[5], row(3, "c").trim_end());
        assert_eq!(lines[7], "after | x");
    }

    #[test]
    fn without_outer_pipes_and_with_escapes() {
        let header = vec!["a\\|b"; 60].join(" | ");
        let delimiter = vec!["---"; 60].join("|");
        let text = format!("{header}\n{delimiter}\n");
        let (out, tables) = narrow(&text);
        assert_eq!(tables.len(), 1);
        let first = out.lines().next().unwrap_or_default();
        assert_eq!(
            first.trim_end(),
            vec!["a\\|b"; MAX_COLUMNS].join(" | ") + " |"
        );
    }

    #[test]
    fn short_rows_cannot_fill_more_cells_than_their_text_pays_for() {
        let text = row(40, "h") + &row(40, "-") + &"|\n".repeat(1000);
        let (out, tables) = narrow(&text);
        assert_eq!(out.len(), text.len());
        let shown = tables[0].shown;
        // 2 cells a byte of a table of ~2,200 bytes and 1,002 rows.
        assert!((2..=5).contains(&shown), "{shown}");
        assert_eq!(
            out.lines().next().map(str::trim_end),
            Some(row(shown, "h").trim_end())
        );
        // An ordinary long table keeps all its columns.
        let long = row(3, "h") + &row(3, "-") + &row(3, "cell").repeat(1000);
        assert!(narrow(&long).1.is_empty());
    }

    #[test]
    fn a_header_that_does_not_match_is_no_table() {
        let text = row(60, "h") + &row(61, "-");
        assert!(narrow(&text).1.is_empty());
    }
}
