//! Element shapes for the constructs that carry input into attributes:
//! code languages, links, images, headings and table alignment.

use pulldown_cmark::{Alignment, CodeBlockKind, HeadingLevel};

use super::highlight::highlight;
use super::mathml::tex_to_mathml;
use super::node::{MdNode, push_node, push_text};
use super::standard::WebUrl;
use super::tex::tex_to_text;
use super::url::{image_url, safe_link_url};

/// Longest language token kept from a fence's info string.
const MAX_LANG_CHARS: usize = 32;
/// Longer code is shown without highlighting: tens of thousands of token
/// spans cost the page far more than the colours are worth.
pub(crate) const MAX_HIGHLIGHT_BYTES: usize = 64 * 1024;

/// The sanitized language of a code block: the info string's first word
/// up to a comma (` ```rust,ignore `), keeping only `[A-Za-z0-9_+#.-]`, at
/// most 32 characters. Languages such as mermaid, svg or html are only
/// highlighted: they stay code.
pub(crate) fn code_language(kind: &CodeBlockKind<'_>) -> Option<String> {
    let CodeBlockKind::Fenced(info) = kind else {
        return None;
    };
    let word = info.split_whitespace().next()?.split(',').next()?;
    let lang: String = word
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-'))
        .take(MAX_LANG_CHARS)
        .collect();
    (!lang.is_empty()).then_some(lang)
}

/// Attributes of the `<code>` element inside a code block's `<pre>`.
pub(crate) fn code_attrs(kind: &CodeBlockKind<'_>) -> Vec<(&'static str, String)> {
    match code_language(kind) {
        Some(lang) => vec![("class", format!("language-{lang}")), ("data-lang", lang)],
        None => Vec::new(),
    }
}

/// The children of a code block's `<code>`: its text split into classed
/// `<span>`s when the language is one we highlight (and the code is not
/// longer than [`MAX_HIGHLIGHT_BYTES`]), otherwise as they are.
pub(crate) fn code_children(attrs: &[(&str, String)], children: Vec<MdNode>) -> Vec<MdNode> {
    let lang = attrs.iter().find(|(name, _)| *name == "data-lang");
    let (Some((_, lang)), [MdNode::Text(code)]) = (lang, children.as_slice()) else {
        return children;
    };
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return children;
    }
    let Some(pieces) = highlight(lang, code) else {
        return children;
    };
    pieces
        .into_iter()
        .map(|(class, text)| {
            let text = MdNode::Text(text.to_owned());
            match class.css_class() {
                Some(class) => {
                    MdNode::with_attrs("span", vec![("class", class.to_owned())], vec![text])
                }
                None => text,
            }
        })
        .collect()
}

/// Math typeset as MathML (`mathml`), or as readable Unicode text when
/// the formula holds something that is not typeset; the TeX is kept in
/// the title either way. Display math is a block by CSS; a `<span>` keeps
/// it valid inside the paragraph that pulldown-cmark puts it in.
pub(crate) fn math(tex: &str, display: bool) -> MdNode {
    let class = if display {
        "math math-display"
    } else {
        "math math-inline"
    };
    let content = tex_to_mathml(tex, display).unwrap_or_else(|| MdNode::Text(tex_to_text(tex)));
    MdNode::with_attrs(
        "span",
        vec![
            ("class", class.to_owned()),
            ("title", tex.trim().to_owned()),
        ],
        vec![content],
    )
}

pub(crate) fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// Attributes of a table cell in a column with the given alignment.
pub(crate) fn cell_attrs(align: Option<&Alignment>) -> Vec<(&'static str, String)> {
    let class = match align {
        Some(Alignment::Left) => "align-left",
        Some(Alignment::Center) => "align-center",
        Some(Alignment::Right) => "align-right",
        Some(Alignment::None) | None => return Vec::new(),
    };
    vec![("class", class.to_owned())]
}

/// Says under a table cut down to its first columns (`wide`) how many
/// it had.
pub(crate) fn table_note(columns: usize, shown: usize) -> MdNode {
    MdNode::with_attrs(
        "p",
        vec![("class", "table-note".to_owned())],
        vec![MdNode::Text(format!(
            "Showing the first {shown} of {columns} columns."
        ))],
    )
}

/// A link with resolved destination `dest`: an `<a>` when the URL is
/// allowed, otherwise its content inside a visibly blocked span.
pub(crate) fn link(dest: &str, title: &str, children: Vec<MdNode>) -> MdNode {
    match safe_link_url(dest) {
        Some(href) => {
            let mut attrs = vec![
                ("href", href),
                ("rel", "noopener noreferrer nofollow".to_owned()),
                ("target", "_blank".to_owned()),
            ];
            if !title.is_empty() {
                attrs.push(("title", title.to_owned()));
            }
            MdNode::with_attrs("a", attrs, children)
        }
        None => MdNode::with_attrs(
            "span",
            vec![
                ("class", "link-blocked".to_owned()),
                ("title", "blocked link".to_owned()),
            ],
            children,
        ),
    }
}

/// An image never loads by itself (its URL could leak the conversation): a
/// web URL becomes a click-to-load button that names the image's host as
/// the browser will contact it (`standard`), so the reader sees where the
/// request would go; anything else, credentials included, is alt text.
pub(crate) fn image(dest: &str, children: &[MdNode], out: &mut Vec<MdNode>) {
    let alt: String = children.iter().map(MdNode::text_content).collect();
    let Some(WebUrl { href: src, host }) = image_url(dest) else {
        push_text(out, &alt);
        return;
    };
    let button = MdNode::with_attrs(
        "button",
        vec![
            ("type", "button".to_owned()),
            ("class", "load-image".to_owned()),
            ("data-src", src.clone()),
            ("title", src.clone()),
        ],
        vec![MdNode::Text(format!("Load image: {alt}"))],
    );
    let host = MdNode::with_attrs(
        "span",
        vec![("class", "md-image-host".to_owned())],
        vec![MdNode::Text(format!("({host})"))],
    );
    push_node(
        out,
        MdNode::with_attrs(
            "span",
            vec![("class", "md-image".to_owned()), ("data-src", src)],
            vec![button, MdNode::Text(" ".to_owned()), host],
        ),
    );
}
