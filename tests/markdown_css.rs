//! The code token colours in style/markdown.css stay readable: at least
//! 4.5:1 (WCAG AA) against the code background, in light and dark themes,
//! and the dark palette is the same wherever base.css switches to dark.

const BASE: &str = include_str!("../style/base.css");
const MARKDOWN: &str = include_str!("../style/markdown.css");
const MIN_CONTRAST: f64 = 4.5;

/// `--name: #rrggbb;` declarations in the rule block that follows
/// `selector` (the first block whose selector line ends with it).
fn variables(css: &str, selector: &str) -> Vec<(String, String)> {
    let start = css
        .lines()
        .position(|line| line.trim_end().ends_with(&format!("{selector} {{")))
        .unwrap_or_else(|| panic!("no block for {selector}"));
    css.lines()
        .skip(start + 1)
        .take_while(|line| !line.trim().starts_with('}'))
        .filter_map(|line| {
            let (name, value) = line.trim().split_once(':')?;
            let value = value.trim().trim_end_matches(';');
            value
                .starts_with('#')
                .then(|| (name.trim().to_owned(), value.to_owned()))
        })
        .collect()
}

fn lookup(vars: &[(String, String)], name: &str) -> String {
    vars.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let value = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
        let c = f64::from(value) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn tokens(css: &str, selector: &str) -> Vec<(String, String)> {
    let vars: Vec<_> = variables(css, selector)
        .into_iter()
        .filter(|(name, _)| name.starts_with("--tok-"))
        .collect();
    assert!(vars.len() >= 8, "{selector}: {vars:?}");
    vars
}

#[test]
fn token_colours_reach_aa_contrast_on_code_background() {
    let themes = [
        (":root", ":root"),
        (
            ":root:not([data-theme=\"light\"])",
            ":root:not([data-theme=\"light\"])",
        ),
        (":root[data-theme=\"dark\"]", ":root[data-theme=\"dark\"]"),
    ];
    for (base_selector, token_selector) in themes {
        let background = lookup(&variables(BASE, base_selector), "--code-bg");
        for (name, colour) in tokens(MARKDOWN, token_selector) {
            let ratio = contrast(&colour, &background);
            assert!(
                ratio >= MIN_CONTRAST,
                "{token_selector} {name} {colour} on {background}: {ratio:.2}"
            );
        }
    }
}

#[test]
fn both_dark_switches_use_one_palette() {
    assert_eq!(
        tokens(MARKDOWN, ":root:not([data-theme=\"light\"])"),
        tokens(MARKDOWN, ":root[data-theme=\"dark\"]")
    );
}

#[test]
fn every_token_class_has_a_rule() {
    use minimax_chat::markdown::TokenClass::*;
    for class in [
        Keyword, Type, Literal, Number, String, Comment, Meta, Function, Key, Tag, Heading,
        Emphasis, Inserted, Deleted,
    ] {
        let css_class = class.css_class().unwrap_or_default();
        assert!(
            MARKDOWN.contains(&format!(".markdown .{css_class}")),
            "no rule for {css_class}"
        );
    }
}
