//! Brings DOM built from one view-node tree up to date with the next, in
//! place, for the streaming tail: a growing paragraph changes one text node
//! instead of rebuilding the block, so a long answer's per-chunk DOM work
//! and garbage stay small. Anything that does not line up (a different
//! tag, attributes, or DOM the user changed, like a loaded image) is rebuilt.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CharacterData, Document, Node};

use super::dom::build;
use super::node::{MdNode, code_language};

/// Make `dom` (built from `old`) show `new`; returns the node now in its
/// place (`dom` itself, or a rebuilt replacement).
pub fn patch_node(doc: &Document, dom: &Node, old: &MdNode, new: &MdNode) -> Result<Node, JsValue> {
    if old == new {
        return Ok(dom.clone());
    }
    if patch_in_place(doc, dom, old, new)? {
        return Ok(dom.clone());
    }
    let built = build(doc, new)?;
    if let Some(parent) = dom.parent_node() {
        parent.replace_child(&built, dom)?;
    }
    Ok(built)
}

fn patch_in_place(doc: &Document, dom: &Node, old: &MdNode, new: &MdNode) -> Result<bool, JsValue> {
    match (old, new) {
        (MdNode::Text(old_text), MdNode::Text(text)) => match dom.dyn_ref::<CharacterData>() {
            // A growing text gets only its new end: setting the whole text
            // would make a string of the block's length on every chunk, and
            // that garbage is what sets off the browser's major collections.
            Some(data) => {
                match text.strip_prefix(old_text.as_str()) {
                    Some(added) => data.append_data(added)?,
                    None => data.set_data(text),
                }
                Ok(true)
            }
            None => Ok(false),
        },
        (
            MdNode::Element {
                tag: old_tag,
                attrs: old_attrs,
                children: old_children,
            },
            MdNode::Element {
                tag,
                attrs,
                children,
            },
        ) => {
            if old_tag != tag || old_attrs != attrs {
                return Ok(false);
            }
            let old_lang = code_language(old_tag, old_attrs, old_children);
            let new_lang = code_language(tag, attrs, children);
            if old_lang != new_lang {
                return Ok(false);
            }
            // A code block's <pre> sits last in its wrapper, after the header.
            let element = if new_lang.is_some() {
                dom.last_child()
            } else {
                Some(dom.clone())
            };
            match element {
                Some(el) if el.node_name().eq_ignore_ascii_case(tag) => {
                    patch_children(doc, &el, old_children, children)
                }
                _ => Ok(false),
            }
        }
        _ => Ok(false),
    }
}

fn patch_children(
    doc: &Document,
    parent: &Node,
    old: &[MdNode],
    new: &[MdNode],
) -> Result<bool, JsValue> {
    let kids = parent.child_nodes();
    if kids.length() as usize != old.len() {
        return Ok(false);
    }
    // Collected first: the live list shifts as children are replaced.
    let doms: Vec<Node> = (0..kids.length()).filter_map(|i| kids.item(i)).collect();
    if doms.len() != old.len() {
        return Ok(false);
    }
    for ((dom, old), new) in doms.iter().zip(old).zip(new) {
        patch_node(doc, dom, old, new)?;
    }
    for dom in doms.iter().skip(new.len()) {
        parent.remove_child(dom)?;
    }
    for extra in new.iter().skip(old.len()) {
        parent.append_child(&build(doc, extra)?)?;
    }
    Ok(true)
}
