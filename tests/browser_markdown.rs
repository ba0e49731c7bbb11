//! Browser tests for the live markdown view: however a message is cut into
//! chunks, the DOM after each chunk is exactly what rendering that much text
//! at once gives, and the finished message matches a one-shot render.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::{FIXTURES, at_once, container, cuts, document};
use minimax_chat::markdown::LiveMarkdown;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_chunking_shows_what_rendering_at_once_shows() {
    for (name, text) in FIXTURES {
        for step in [1usize, 3, 7, 16] {
            let el = container();
            let mut md = LiveMarkdown::new(&document(), &el).unwrap();
            for end in cuts(text, step) {
                let prefix = &text[..end];
                md.update(prefix).unwrap();
                // Checking every cut of the longer fixtures at step 1 is slow
                // and adds nothing the other steps do not cover.
                if step > 1 || end % 5 == 0 || text.len() < 500 {
                    assert_eq!(
                        el.inner_html(),
                        at_once(prefix, false),
                        "{name}, step {step}, after {end} bytes"
                    );
                }
            }
            md.finish(text).unwrap();
            assert_eq!(
                el.inner_html(),
                at_once(text, true),
                "{name}, step {step}, finished"
            );
            assert!(
                !el.inner_html().contains("md-cursor"),
                "{name}: no cursor once finished"
            );
            el.remove();
        }
    }
}

#[wasm_bindgen_test]
fn a_growing_paragraph_keeps_its_element() {
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    md.update("Intro.\n\nA paragraph that").unwrap();
    let para = last_block(&el);
    md.update("Intro.\n\nA paragraph that grows **and gets bold** text")
        .unwrap();
    let same = last_block(&el);
    assert!(para == same, "patched in place, not rebuilt");
    assert_eq!(same.class_name(), "md-cursor");
    assert!(same.inner_html().contains("<strong>and gets bold</strong>"));
    md.finish("Intro.\n\nA paragraph that grows **and gets bold** text.")
        .unwrap();
    assert!(el.query_selector(".md-cursor").unwrap().is_none());
    el.remove();
}

/// The last top-level block: the last child of the last group.
fn last_block(el: &web_sys::Element) -> web_sys::Element {
    let group = el.last_element_child().unwrap();
    assert_eq!(group.class_name(), "md-group");
    group.last_element_child().unwrap()
}

/// `n` short blocks of mixed kinds, every one a top-level node.
fn many_blocks(n: usize) -> String {
    (0..n)
        .map(|i| match i % 4 {
            0 => format!("## Part {i}\n"),
            1 => format!("Paragraph {i} with *emphasis*.\n"),
            2 => format!("- item {i}\n- another\n"),
            _ => format!("```rust\nlet x = {i};\n```\n"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
fn top_level_blocks_fill_groups_of_32_in_order() {
    let text = many_blocks(100);
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    for end in cuts(&text, 11) {
        md.update(&text[..end]).unwrap();
        assert_eq!(
            el.inner_html(),
            at_once(&text[..end], false),
            "after {end} bytes"
        );
        let cursors = el.query_selector_all(".md-cursor").unwrap();
        assert_eq!(cursors.length(), 1, "one cursor after {end} bytes");
        let last = el.last_element_child().unwrap();
        let last = if last.class_name() == "md-group" {
            last.last_element_child().unwrap()
        } else {
            last
        };
        assert!(
            last.class_list().contains("md-cursor"),
            "on the last block after {end} bytes"
        );
    }
    md.finish(&text).unwrap();
    assert_eq!(el.inner_html(), at_once(&text, true));
    let groups = el.children();
    let sizes: Vec<u32> = (0..groups.length())
        .map(|i| {
            let g = groups.item(i).unwrap();
            assert_eq!(g.class_name(), "md-group");
            g.child_element_count()
        })
        .collect();
    assert_eq!(sizes, [32, 32, 32, 4]);
    assert!(el.query_selector(".md-cursor").unwrap().is_none());
    let first = groups.item(0).unwrap().first_element_child().unwrap();
    assert_eq!(first.text_content().unwrap(), "Part 0");
    el.remove();
}

#[wasm_bindgen_test]
fn a_block_that_freezes_keeps_its_element_and_its_group() {
    let blocks: Vec<String> = (0..34).map(|i| format!("Paragraph {i}.\n")).collect();
    let upto = |n: usize| blocks[..n].join("\n");
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    // Block 32, still open, is alone in the second group.
    md.update(&upto(33)).unwrap();
    let group = el.last_element_child().unwrap();
    let block = last_block(&el);
    assert_eq!(block.text_content().unwrap(), "Paragraph 32.");
    assert!(el.children().item(1).as_ref() == Some(&group));
    // Block 33 starts, so block 32 freezes as it was shown: the same element
    // in the same group, never taken out and built again.
    md.update(&upto(34)).unwrap();
    assert_eq!(el.inner_html(), at_once(&upto(34), false));
    assert!(el.children().item(1).as_ref() == Some(&group), "group kept");
    assert!(
        group.first_element_child().as_ref() == Some(&block),
        "frozen block kept"
    );
    assert!(!block.class_list().contains("md-cursor"));
    el.remove();
}
