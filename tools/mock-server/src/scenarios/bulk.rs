//! Scenarios for the renderer's limits: a long answer arriving in a few big
//! reads (a buffering proxy), a table far too wide to show, and image links
//! whose host is disguised.

use crate::chat_request::ChatRequest;
use crate::long_text;
use crate::plan::{Outcome, Plan};

/// Gap between the big writes: long enough that the browser reads each
/// write on its own.
const WRITE_GAP_MS: u64 = 50;

/// The `long-200k` answer in `writes` writes.
fn bulk(writes: usize) -> Outcome {
    let text = long_text::generate(200_000, 20);
    Plan::new()
        .think(&["Writing a long deterministic document for the benchmark."])
        .answer_chunked(&text, 30, 70, Some("stop"))
        .delay_ms(WRITE_GAP_MS)
        .in_writes(writes)
        .stream()
}

pub fn bulk_1(_: &ChatRequest) -> Outcome {
    bulk(1)
}

pub fn bulk_10(_: &ChatRequest) -> Outcome {
    bulk(10)
}

pub fn bulk_100(_: &ChatRequest) -> Outcome {
    bulk(100)
}

/// ~200 KB of thinking in one write, then a short answer.
pub fn bulk_think(_: &ChatRequest) -> Outcome {
    let text = long_text::generate(200_000, 21);
    Plan::new()
        .think_text(&text)
        .answer(&["Thought it all through."], Some("stop"))
        .delay_ms(WRITE_GAP_MS)
        .in_writes(1)
        .stream()
}

/// Columns and rows of the `wide-table` answer's table.
pub const WIDE_COLUMNS: usize = 20_000;
pub const WIDE_ROWS: usize = 20;

/// A table of 20,000 columns and 20 rows (about 840 KB) between two
/// paragraphs, streamed in the usual chunks with no delay.
pub fn wide_table(_: &ChatRequest) -> Outcome {
    let mut text = String::from("A very wide table:\n\n");
    let row = |cell: &dyn Fn(usize) -> char| -> String {
        let mut line: String = (0..WIDE_COLUMNS).flat_map(|i| ['|', cell(i)]).collect();
        line.push_str("|\n");
        line
    };
    let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
    text.push_str(&row(&letter));
    text.push_str(&row(&|_| '-'));
    for _ in 1..WIDE_ROWS {
        text.push_str(&row(&|i| char::from(b'0' + (i % 10) as u8)));
    }
    text.push_str("\nAfter the table.");
    Plan::new()
        .think(&["Drawing a table with twenty thousand columns."])
        .answer_chunked(&text, 200, 400, Some("stop"))
        .delay_ms(0)
        .stream()
}

/// Image links whose host is disguised: a backslash before `@` (written
/// `\\` in markdown; the browser reads it as a slash and asks
/// evil.example), a look-alike host with a Cyrillic і, and user info in
/// front of a host, plainly and as markdown's escaped `\@`.
pub const SPOOFED_IMAGES: &str = "Four pictures:\n\n\
    ![backslash](https://evil.example\\\\@github.com/logo.png)\n\n\
    ![look-alike](https://g\u{456}thub.com/logo.png)\n\n\
    ![credentials](https://github.com@evil.example/logo.png)\n\n\
    ![escaped](https://evil.example\\@github.com/logo.png)\n";

pub fn spoofed_images(_: &ChatRequest) -> Outcome {
    Plan::new()
        .think(&["Showing some pictures."])
        .answer_text(SPOOFED_IMAGES, Some("stop"))
        .stream()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Event;

    fn answer(outcome: Outcome) -> String {
        let Outcome::Stream(plan) = outcome else {
            panic!("a stream");
        };
        plan.events
            .iter()
            .filter_map(|e| match e {
                Event::Content { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_wide_table_is_as_wide_as_announced() {
        let chat = crate::chat_request::ChatRequest::from_json(serde_json::json!({
            "model": "m", "messages": [{"role": "user", "content": "x"}],
        }))
        .expect("valid");
        let text = answer(wide_table(&chat));
        let header = text.lines().nth(2).unwrap_or_default();
        assert_eq!(header.matches('|').count(), WIDE_COLUMNS + 1);
        assert!((800_000..900_000).contains(&text.len()), "{}", text.len());
    }
}
