//! An element under construction while walking events, and what it becomes
//! when its end event arrives.

use std::ops::Range;

use super::elements;
use super::node::{MdNode, push_node, push_text};

/// What a frame turns into when it closes.
pub(crate) enum Role {
    Element,
    /// Past the nesting limit: contributes its children, not an element.
    Flat,
    /// A link or image with its target, `None` for an unresolved reference.
    Link(Option<(String, String)>),
    Image(Option<(String, String)>),
}

pub(crate) struct Frame {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<MdNode>,
    pub role: Role,
    /// Source span of the frame, and of its direct children: an unresolved
    /// reference renders as its own bracket text around its children.
    span: Range<usize>,
    inner: Option<Range<usize>>,
    /// The `[]` of a collapsed reference, which pulldown-cmark leaves out of
    /// the link's span.
    pub collapsed: bool,
}

impl Frame {
    pub fn new(tag: &'static str, attrs: Vec<(&'static str, String)>, span: Range<usize>) -> Self {
        Self {
            tag,
            attrs,
            children: Vec::new(),
            role: Role::Element,
            span,
            inner: None,
            collapsed: false,
        }
    }

    pub fn note_child(&mut self, range: &Range<usize>) {
        self.inner = Some(match self.inner.take() {
            None => range.clone(),
            Some(seen) => seen.start.min(range.start)..seen.end.max(range.end),
        });
    }

    pub fn finish(self, text: &str, out: &mut Vec<MdNode>) {
        match self.role {
            Role::Element => {
                push_node(out, MdNode::with_attrs(self.tag, self.attrs, self.children))
            }
            Role::Flat => {
                for child in self.children {
                    push_node(out, child);
                }
            }
            Role::Link(Some((dest, title))) => {
                push_node(out, elements::link(&dest, &title, self.children))
            }
            Role::Image(Some((dest, _))) => elements::image(&dest, &self.children, out),
            Role::Link(None) | Role::Image(None) => {
                let (open, close) = match &self.inner {
                    Some(inner) => (self.span.start..inner.start, inner.end..self.span.end),
                    None => (self.span.clone(), self.span.end..self.span.end),
                };
                push_text(out, text.get(open).unwrap_or_default());
                for child in self.children {
                    push_node(out, child);
                }
                push_text(out, text.get(close).unwrap_or_default());
                if self.collapsed {
                    push_text(out, "[]");
                }
            }
        }
    }
}
