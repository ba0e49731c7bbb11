//! Parses one stretch of markdown into top-level blocks: the single place
//! that configures pulldown-cmark, so whole-document and streamed renders
//! can never drift apart.

use pulldown_cmark::{BrokenLink, CowStr, Options, Parser};

use super::footnotes::synthetic_prefix;
use super::refs::{EarlierDefs, RefDef};
use super::walk::{Block, walk};
use super::wide::{WideTable, narrow};

/// The result of parsing `text`; offsets are relative to `text`.
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    /// Reference definitions in `text`, the first one for each label.
    pub defs: Vec<RefDef>,
    /// How many events the parser produced: a measure of the work done.
    pub events: usize,
}

/// Markdown extensions we render. No heading attributes (they would let
/// input pick ids and classes), no smart punctuation, no metadata blocks.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
}

/// Turns every bracketed label into a link candidate whether or not it is
/// defined, so the parse of earlier text never depends on later definitions;
/// `walk` resolves or un-links them afterwards.
fn any_label<'a>(_: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
}

/// Parses `text`, a whole document or the start of a top-level block onward,
/// with `earlier` holding definitions from text before it.
pub(crate) fn parse(text: &str, earlier: &EarlierDefs) -> Parsed {
    let (narrowed, wide) = narrow(text);
    let mut doc = synthetic_prefix(&narrowed);
    let shift = doc.len();
    doc.push_str(&narrowed);
    let wide: Vec<WideTable> = wide
        .into_iter()
        .map(|table| WideTable {
            header: table.header.start + shift..table.header.end + shift,
            ..table
        })
        .collect();

    let parser = Parser::new_with_broken_link_callback(&doc, options(), Some(any_label));
    let mut iter = parser.into_offset_iter();
    let events: Vec<_> = iter.by_ref().collect();
    let event_count = events.len();
    let local = iter.reference_definitions();
    let earlier = earlier.index();
    let resolve = |label: &str, at: usize| {
        earlier.get(label).or_else(|| {
            let def = local.get(label)?;
            (def.span.start < at).then(|| {
                let title = def.title.as_deref().unwrap_or_default();
                (def.dest.to_string(), title.to_owned())
            })
        })
    };

    let blocks = walk(&doc, events, &resolve, &wide)
        .into_iter()
        .filter(|block| block.start >= shift)
        .map(|mut block| {
            block.start -= shift;
            block.end -= shift;
            block
        })
        .collect();
    let defs = local
        .iter()
        .filter(|(_, def)| def.span.start >= shift)
        .map(|(key, def)| RefDef {
            key: key.to_owned(),
            dest: def.dest.to_string(),
            title: def.title.as_deref().unwrap_or_default().to_owned(),
            start: def.span.start - shift,
        })
        .collect();
    Parsed {
        blocks,
        defs,
        events: event_count,
    }
}
