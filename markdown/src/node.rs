//! The view-node tree the renderer produces, and the allow-lists that bound it.
//!
//! Tag and attribute names are `&'static str` picked by our code from the
//! lists below, never copied from model text; only attribute *values* and
//! text carry input, and the DOM layer sets both through safe APIs.

/// Every element tag the renderer may emit.
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "ul",
    "ol",
    "li",
    "input",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "code",
    "a",
    "span",
    "button",
    "br",
    "hr",
    "sup",
    "div",
    // MathML, built in its namespace: `MATHML_TAGS` from here on.
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "mtext",
    "mspace",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mfrac",
    "msqrt",
    "mroot",
    "mtable",
    "mtr",
    "mtd",
];

/// Where the MathML elements start in [`ALLOWED_TAGS`].
const FIRST_MATHML: usize = 30;

/// The allowed tags that are MathML elements, created in the MathML
/// namespace (in the HTML one they would not be typeset): the end of
/// [`ALLOWED_TAGS`].
pub const MATHML_TAGS: &[&str] = ALLOWED_TAGS.split_at(FIRST_MATHML).1;

/// Every attribute name the renderer may emit.
pub const ALLOWED_ATTRS: &[&str] = &[
    "class",
    "href",
    "rel",
    "target",
    "title",
    "start",
    "type",
    "disabled",
    "checked",
    "data-lang",
    "data-src",
    // MathML presentation attributes; their values are constants of
    // `mathml.rs`, never text from the formula.
    "display",
    "mathvariant",
    "stretchy",
    "linethickness",
    "accent",
    "accentunder",
    "width",
];

/// One node of rendered markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MdNode {
    /// An element; `tag` and attribute names come from the allow-lists.
    Element {
        tag: &'static str,
        attrs: Vec<(&'static str, String)>,
        children: Vec<MdNode>,
    },
    /// Text, always created as a DOM text node.
    Text(String),
}

impl MdNode {
    /// An element with no attributes.
    pub fn el(tag: &'static str, children: Vec<MdNode>) -> Self {
        Self::with_attrs(tag, Vec::new(), children)
    }

    /// An element with attributes. Debug builds check the allow-lists so a
    /// renderer bug shows up in tests rather than in the page.
    pub fn with_attrs(
        tag: &'static str,
        attrs: Vec<(&'static str, String)>,
        children: Vec<MdNode>,
    ) -> Self {
        debug_assert!(ALLOWED_TAGS.contains(&tag), "tag {tag} not allowed");
        debug_assert!(attrs.iter().all(|(name, _)| ALLOWED_ATTRS.contains(name)));
        Self::Element {
            tag,
            attrs,
            children,
        }
    }

    /// How many nodes this one is, descendants included.
    pub fn size(&self) -> usize {
        match self {
            Self::Text(_) => 1,
            Self::Element { children, .. } => 1 + children.iter().map(Self::size).sum::<usize>(),
        }
    }

    /// The concatenated text of this node and its descendants.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        match self {
            Self::Text(text) => out.push_str(text),
            Self::Element { children, .. } => {
                for child in children {
                    child.collect_text(out);
                }
            }
        }
    }
}

/// Appends `node` to `list`, merging adjacent text so that the same text
/// always yields the same tree however the parser split its events.
pub fn push_node(list: &mut Vec<MdNode>, node: MdNode) {
    if let MdNode::Text(text) = &node {
        if text.is_empty() {
            return;
        }
        if let Some(MdNode::Text(last)) = list.last_mut() {
            last.push_str(text);
            return;
        }
    }
    list.push(node);
}

/// Appends plain text to `list` (merged with a preceding text node).
pub fn push_text(list: &mut Vec<MdNode>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(MdNode::Text(last)) = list.last_mut() {
        last.push_str(text);
    } else {
        list.push(MdNode::Text(text.to_owned()));
    }
}

/// For a code block (`<pre>` without class holding one `<code>`), its
/// language label, possibly empty.
pub(crate) fn code_language<'n>(
    tag: &str,
    attrs: &[(&str, String)],
    children: &'n [MdNode],
) -> Option<&'n str> {
    if tag != "pre" || !attrs.is_empty() {
        return None;
    }
    let [
        MdNode::Element {
            tag: "code",
            attrs: code_attrs,
            ..
        },
    ] = children
    else {
        return None;
    };
    let lang = code_attrs.iter().find(|(name, _)| *name == "data-lang");
    Some(lang.map_or("", |(_, value)| value.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathml_tags_are_the_end_of_the_list() {
        assert_eq!(MATHML_TAGS.first(), Some(&"math"));
        assert_eq!(ALLOWED_TAGS[FIRST_MATHML - 1], "div");
        assert!(MATHML_TAGS.iter().all(|t| t.starts_with('m')));
    }
}
