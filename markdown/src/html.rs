//! Serialises view nodes to an HTML string for tests and snapshots.

use super::node::MdNode;

/// Elements that have no closing tag in HTML.
pub(crate) const VOID_TAGS: &[&str] = &["br", "hr", "input"];

/// Serialises `nodes` to HTML, escaping text and attribute values.
///
/// For test readability and snapshots only: the app NEVER renders through
/// this string (no `inner_html`); the DOM layer builds nodes directly.
pub fn to_html_string(nodes: &[MdNode]) -> String {
    let mut out = String::new();
    for node in nodes {
        write_node(&mut out, node);
    }
    out
}

fn write_node(out: &mut String, node: &MdNode) {
    match node {
        MdNode::Text(text) => escape_into(out, text),
        MdNode::Element {
            tag,
            attrs,
            children,
        } => {
            open_tag(out, tag, attrs);
            if VOID_TAGS.contains(tag) {
                return;
            }
            for child in children {
                write_node(out, child);
            }
            close_tag(out, tag);
        }
    }
}

/// `<tag name="value"…>`, the values escaped (names come from the
/// renderer's allow-list). Shared with the HTML export.
pub(crate) fn open_tag<'a, S: AsRef<str> + 'a>(
    out: &mut String,
    tag: &str,
    attrs: impl IntoIterator<Item = &'a (S, String)>,
) {
    out.push('<');
    out.push_str(tag);
    for (name, value) in attrs {
        out.push(' ');
        out.push_str(name.as_ref());
        out.push_str("=\"");
        escape_into(out, value);
        out.push('"');
    }
    out.push('>');
}

pub(crate) fn close_tag(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

pub(crate) fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
}
