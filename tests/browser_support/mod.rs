//! What the browser tests of the markdown view share: the fixtures, a
//! fresh container, and the DOM a text renders to at once.
#![allow(dead_code)]

use minimax_chat::markdown::LiveMarkdown;

pub const FIXTURES: &[(&str, &str)] = &[
    (
        "blockquotes",
        include_str!("../fixtures/markdown/blockquotes.md"),
    ),
    (
        "code_langs",
        include_str!("../fixtures/markdown/code_langs.md"),
    ),
    (
        "footnotes",
        include_str!("../fixtures/markdown/footnotes.md"),
    ),
    (
        "long_answer",
        include_str!("../fixtures/markdown/long_answer.md"),
    ),
    ("math", include_str!("../fixtures/markdown/math.md")),
    (
        "nested_lists",
        include_str!("../fixtures/markdown/nested_lists.md"),
    ),
    ("refs", include_str!("../fixtures/markdown/refs.md")),
    ("tables", include_str!("../fixtures/markdown/tables.md")),
    ("tricky", include_str!("../fixtures/markdown/tricky.md")),
    (
        "unclosed_fence",
        include_str!("../fixtures/markdown/unclosed_fence.md"),
    ),
];

pub fn container() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The DOM a fresh view shows for `text` at once (streaming or finished).
pub fn at_once(text: &str, finished: bool) -> String {
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    if finished {
        md.finish(text).unwrap();
    } else {
        md.update(text).unwrap();
    }
    let html = el.inner_html();
    el.remove();
    html
}

/// Prefix ends on char boundaries, `step` bytes apart (varied per fixture).
pub fn cuts(text: &str, step: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        at = (at + step).min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        out.push(at);
    }
    out
}
