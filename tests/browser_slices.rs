//! Browser tests for rendering in slices: however big the reads and
//! however small the slices, the DOM once the work is done is exactly what
//! rendering the text at once gives; a long answer shown on an empty view
//! shows its end first; the sliced view yields and ends the same way.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use browser_support::{FIXTURES, at_once, container, document};
use minimax_chat::markdown::{LiveMarkdown, Pace, SlicedMarkdown, Units};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A long answer: every fixture but the one that leaves a fence open,
/// repeated to about `bytes`, then a plain last paragraph.
fn long_text(bytes: usize) -> String {
    let all: String = FIXTURES
        .iter()
        .filter(|(name, _)| *name != "unclosed_fence")
        .map(|(_, text)| format!("{}\n\n", text.trim_end()))
        .collect();
    let mut out = String::new();
    while out.len() < bytes {
        out.push_str(&all);
    }
    out.push_str("The very last paragraph of the answer.\n");
    out
}

/// Runs `md` with `units` per slice until it has shown `text`; returns how
/// many slices that took. The clock moves on by a second per slice, so
/// text waiting behind a long open block is never held back.
fn run_to_idle(
    md: &mut LiveMarkdown,
    text: &str,
    done: bool,
    units: usize,
    now: &mut f64,
) -> usize {
    let mut slices = 0;
    loop {
        slices += 1;
        *now += 1000.0;
        let pace = md.run(text, done, &mut Units(units), *now).unwrap();
        if pace == Pace::Idle {
            return slices;
        }
        assert!(slices < 1_000_000, "no progress");
    }
}

/// Cuts `text` into `reads` pieces at char boundaries.
fn reads(text: &str, reads: usize) -> Vec<usize> {
    (1..=reads)
        .map(|i| {
            let mut at = text.len() * i / reads;
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        })
        .collect()
}

fn texts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = FIXTURES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    out.push(("long".into(), long_text(60_000)));
    let wide = format!(
        "Before.\n\n{}|\n{}|\n{}|\n\nAfter.\n",
        "| h ".repeat(300),
        "|---".repeat(300),
        "| c ".repeat(300)
    );
    out.push(("wide table".into(), wide));
    let code = format!(
        "```rust\n{}```\n\nEnd.\n",
        "let x = \"y\"; // z\n".repeat(2_000)
    );
    out.push(("long code".into(), code));
    out
}

#[wasm_bindgen_test]
fn huge_reads_in_small_slices_show_what_rendering_at_once_shows() {
    for (name, text) in texts() {
        for count in [1, 3, 10] {
            for units in [40, 400] {
                let el = container();
                let mut md = LiveMarkdown::new(&document(), &el).unwrap();
                let mut now = 0.0;
                for end in reads(&text, count) {
                    run_to_idle(&mut md, &text[..end], false, units, &mut now);
                    assert_eq!(
                        el.inner_html(),
                        at_once(&text[..end], false),
                        "{name}: {count} reads, {units} units a slice, after {end} bytes"
                    );
                }
                run_to_idle(&mut md, &text, true, units, &mut now);
                assert_eq!(
                    el.inner_html(),
                    at_once(&text, true),
                    "{name}: {count} reads, {units} units a slice, finished"
                );
                el.remove();
            }
        }
    }
}

#[wasm_bindgen_test]
fn a_long_answer_opened_shows_its_end_first_and_no_blank_stretch() {
    let text = long_text(120_000);
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    let pace = md.run(&text, true, &mut Units(100), 0.0).unwrap();
    assert_eq!(pace, Pace::Now, "more slices to come");
    let preview = el.query_selector(".md-preview").unwrap().expect("the end");
    assert!(
        preview
            .text_content()
            .unwrap()
            .ends_with("The very last paragraph of the answer."),
        "the end is formatted in the first slice"
    );
    let last_block = preview.last_element_child().expect("a block");
    let pending = el.query_selector(".md-pending").unwrap().expect("raw text");
    let raw = pending.text_content().unwrap();
    assert!(
        text.starts_with(&raw),
        "the rest shows as it is, from the start"
    );
    // What the finished answer reads, to compare each slice's with.
    let whole = {
        let done = container();
        done.set_inner_html(&at_once(&text, true));
        let read = done.text_content().unwrap();
        done.remove();
        read
    };
    let mut now = 0.0;
    let mut slices = 1;
    while md.run(&text, true, &mut Units(100), now).unwrap() != Pace::Idle {
        now += 1.0;
        slices += 1;
        // While it fills: formatted from the start, then the raw text that
        // follows, then the end; nothing missing in between.
        // Blocks in document order, split at the raw text: formatted from
        // the start above it, the end (moved from the preview) below it.
        let raw = el.query_selector(".md-pending").unwrap();
        let (mut built, mut below) = (String::new(), String::new());
        let blocks = el.query_selector_all(".md-group > *").unwrap();
        for block in (0..blocks.length()).filter_map(|i| blocks.item(i)) {
            let name = block.dyn_ref::<web_sys::Element>().map(|e| e.class_name());
            if matches!(name.as_deref(), Some("md-pending" | "md-preview")) {
                continue;
            }
            let after = raw.as_ref().is_some_and(|raw| {
                raw.compare_document_position(&block) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING
                    != 0
            });
            let read = block.text_content().unwrap_or_default();
            if after {
                below.push_str(&read);
            } else {
                built.push_str(&read);
            }
        }
        assert!(
            whole.starts_with(&built),
            "built from the start, slice {slices}"
        );
        assert!(
            whole.ends_with(&below),
            "the end below the raw text, slice {slices}"
        );
        let end = el.query_selector(".md-preview").unwrap();
        if let Some(pending) = el.query_selector(".md-pending").unwrap() {
            let raw = pending.text_content().unwrap();
            assert!(
                text.contains(&raw),
                "the raw text is the text's, slice {slices}"
            );
            assert!(end.is_some(), "the end stays shown, slice {slices}");
        }
    }
    assert!(slices > 20, "done in slices ({slices})");
    assert_eq!(el.inner_html(), at_once(&text, true));
    assert!(
        el.contains(Some(&last_block)),
        "the end's DOM was kept, not built again"
    );
    el.remove();
}

#[wasm_bindgen_test]
fn an_opened_answer_that_streams_on_carries_on_as_usual() {
    let text = long_text(80_000);
    let (first, rest) = text.split_at(text.len() - 2_000);
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    let mut now = 0.0;
    run_to_idle(&mut md, first, false, 300, &mut now);
    assert_eq!(el.inner_html(), at_once(first, false));
    let mut shown = first.to_owned();
    for piece in rest.as_bytes().chunks(97) {
        shown.push_str(std::str::from_utf8(piece).unwrap_or_default());
        run_to_idle(&mut md, &shown, false, 300, &mut now);
    }
    assert_eq!(el.inner_html(), at_once(&text, false));
    run_to_idle(&mut md, &text, true, 300, &mut now);
    assert_eq!(el.inner_html(), at_once(&text, true));
    el.remove();
}

#[wasm_bindgen_test]
fn replacing_the_text_mid_fill_starts_over_cleanly() {
    let text = long_text(100_000);
    let el = container();
    let mut md = LiveMarkdown::new(&document(), &el).unwrap();
    md.run(&text, true, &mut Units(100), 0.0).unwrap();
    md.restart();
    let other = "# Another answer\n\nShort.";
    let mut now = 0.0;
    run_to_idle(&mut md, other, true, 100, &mut now);
    assert_eq!(el.inner_html(), at_once(other, true));
    el.remove();
}

/// Resolves after the browser ran other tasks.
async fn later() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn until_idle(view: &SlicedMarkdown) {
    for _ in 0..20_000 {
        if view.idle() {
            return;
        }
        later().await;
    }
    panic!("the view never became idle");
}

#[wasm_bindgen_test]
async fn the_sliced_view_yields_and_ends_like_at_once() {
    let text = long_text(200_000);
    let el = container();
    let view = SlicedMarkdown::new(&document(), &el).unwrap();
    view.append(&text, false).unwrap();
    assert!(!view.idle(), "a 200 KB read is not rendered in one task");
    assert_eq!(el.get_attribute("aria-busy").as_deref(), Some("true"));
    until_idle(&view).await;
    assert_eq!(el.get_attribute("aria-busy"), None);
    assert_eq!(el.inner_html(), at_once(&text, false));
    view.append("", true).unwrap();
    until_idle(&view).await;
    assert_eq!(el.inner_html(), at_once(&text, true));

    // Text replaced while slices are pending: the new text wins.
    view.replace(&text, true).unwrap();
    view.replace("Just *this*.", false).unwrap();
    view.append(" And more.", true).unwrap();
    until_idle(&view).await;
    assert_eq!(el.inner_html(), at_once("Just *this*. And more.", true));
    el.remove();
}
