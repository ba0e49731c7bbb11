//! Long plain text in an element (the thinking panel, an answer shown
//! without the renderer module) as blocks of a few kilobytes, each a `div`
//! with `content-visibility: auto` but the first and the last (style/base.css,
//! `.text-block`, which says why).
//!
//! One text node of 200 KB took the browser about 280 ms to lay out, and
//! every append re-laid out all of it (170 ms for a few words). In blocks
//! that end at a line break, an append re-lays out the last block only,
//! and blocks out of view are not laid out at all, however much arrives at
//! once. A block boundary only ever falls right after a `\n`, so the text
//! reads exactly as before (and `textContent` is unchanged).

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Text};

/// A block takes text up to this many bytes, then ends at the next `\n`.
const BLOCK_BYTES: usize = 4 * 1024;
/// Class of a block.
const BLOCK_CLASS: &str = "text-block";

pub struct PlainText {
    doc: Document,
    element: Element,
    /// The last block, which takes the text that comes next.
    last: Option<Block>,
    /// Bytes shown in all.
    shown: usize,
}

struct Block {
    node: Text,
    len: usize,
    ends_line: bool,
}

impl PlainText {
    /// Takes over `element`'s children.
    pub fn new(element: &Element) -> Option<Self> {
        let doc = element.owner_document()?;
        element.set_text_content(None);
        Some(Self {
            doc,
            element: element.clone(),
            last: None,
            shown: 0,
        })
    }

    /// Shows `text`: only its new end when it is at least as long as what
    /// is shown (a text that grows), all of it otherwise.
    pub fn show(&mut self, text: &str) -> Result<(), JsValue> {
        match text.get(self.shown..) {
            Some(added) if self.shown > 0 => self.append(added),
            _ => self.replace(text),
        }
    }

    /// Shows `text` in place of everything.
    pub fn replace(&mut self, text: &str) -> Result<(), JsValue> {
        self.element.set_text_content(None);
        self.last = None;
        self.shown = 0;
        self.append(text)
    }

    /// Adds `text` after what is shown.
    pub fn append(&mut self, mut text: &str) -> Result<(), JsValue> {
        while !text.is_empty() {
            // The last block takes more until it is full and ends a line.
            let open = self
                .last
                .as_ref()
                .filter(|block| block.len < BLOCK_BYTES || !block.ends_line)
                .map_or(0, |block| block.len);
            let room = BLOCK_BYTES.saturating_sub(open);
            let take = text
                .as_bytes()
                .get(room..)
                .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
                .map_or(text.len(), |newline| room + newline + 1);
            let (piece, rest) = text.split_at(take);
            match self.last.as_mut().filter(|_| open > 0) {
                Some(block) => {
                    block.node.append_data(piece)?;
                    block.len += piece.len();
                    block.ends_line = piece.ends_with('\n');
                }
                None => self.new_block(piece)?,
            }
            self.shown += piece.len();
            text = rest;
        }
        Ok(())
    }

    fn new_block(&mut self, text: &str) -> Result<(), JsValue> {
        let block = self.doc.create_element("div")?;
        block.set_class_name(BLOCK_CLASS);
        let node = self.doc.create_text_node(text);
        block.append_child(&node)?;
        self.element.append_child(&block)?;
        self.last = Some(Block {
            node,
            len: text.len(),
            ends_line: text.ends_with('\n'),
        });
        Ok(())
    }
}
