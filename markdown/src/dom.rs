//! Builds DOM from view nodes: elements with `create_element`, text with
//! `create_text_node`, attributes with `set_attribute`. No HTML string is
//! ever parsed, so text from the model cannot become markup.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::node::{ALLOWED_ATTRS, ALLOWED_TAGS, MATHML_TAGS, MdNode, code_language};

const MATHML_NAMESPACE: &str = "http://www.w3.org/1998/Math/MathML";

/// Appends `nodes` to `parent`; returns the top-level DOM nodes created, so
/// a caller can later remove exactly those.
pub fn append_nodes(doc: &Document, parent: &Node, nodes: &[MdNode]) -> Result<Vec<Node>, JsValue> {
    let mut created = Vec::with_capacity(nodes.len());
    for node in nodes {
        let built = build(doc, node)?;
        parent.append_child(&built)?;
        created.push(built);
    }
    Ok(created)
}

pub(super) fn build(doc: &Document, node: &MdNode) -> Result<Node, JsValue> {
    let (built, holder) = shell(doc, node)?;
    if let (Some(holder), MdNode::Element { children, .. }) = (holder, node) {
        for child in children {
            holder.append_child(&build(doc, child)?)?;
        }
    }
    Ok(built)
}

/// The DOM for `node` without its children: the node to insert, and the
/// element its children go into (a code block's `<pre>` sits inside the
/// wrapper that carries its header); `None` for text.
pub(super) fn shell(doc: &Document, node: &MdNode) -> Result<(Node, Option<Node>), JsValue> {
    let MdNode::Element {
        tag,
        attrs,
        children,
    } = node
    else {
        return Ok((doc.create_text_node(&node.text_content()).into(), None));
    };
    let el = element(doc, tag, attrs)?;
    match code_language(tag, attrs, children) {
        Some(lang) => Ok((code_block(doc, el.clone(), lang)?.into(), Some(el.into()))),
        None => Ok((el.clone().into(), Some(el.into()))),
    }
}

/// Creates an element, re-checking the allow-lists at the DOM boundary as
/// defence in depth; an unknown tag degrades to a `<span>`.
fn element(doc: &Document, tag: &str, attrs: &[(&str, String)]) -> Result<Element, JsValue> {
    let tag = if ALLOWED_TAGS.contains(&tag) {
        tag
    } else {
        "span"
    };
    let el = if MATHML_TAGS.contains(&tag) {
        doc.create_element_ns(Some(MATHML_NAMESPACE), tag)?
    } else {
        doc.create_element(tag)?
    };
    for (name, value) in attrs {
        if ALLOWED_ATTRS.contains(name) {
            el.set_attribute(name, value)?;
        }
    }
    Ok(el)
}

/// Wraps a code block's `<pre>` with a header holding its language and a
/// copy button; the header stays outside `<code>` so copying is exact.
fn code_block(doc: &Document, pre: Element, lang: &str) -> Result<Element, JsValue> {
    let wrapper = doc.create_element("div")?;
    wrapper.set_attribute("class", "code-block")?;
    let header = doc.create_element("div")?;
    header.set_attribute("class", "code-head")?;
    let label = doc.create_element("span")?;
    label.set_attribute("class", "code-lang")?;
    label.set_text_content(Some(lang));
    let copy = doc.create_element("button")?;
    copy.set_attribute("type", "button")?;
    copy.set_attribute("class", "copy-code")?;
    copy.set_attribute("aria-label", "Copy code")?;
    copy.set_text_content(Some("Copy"));
    header.append_child(&label)?;
    header.append_child(&copy)?;
    wrapper.append_child(&header)?;
    wrapper.append_child(&pre)?;
    Ok(wrapper)
}
