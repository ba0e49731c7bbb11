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

// The page's own colours (style/base.css), not only the code tokens: every
// text colour at 4.5:1 on each background it is used on, and control
// borders and the focus ring at 3:1 (WCAG AA, 1.4.3 and 1.4.11), in the
// light theme and both ways to the dark one.

const CHAT: &str = include_str!("../style/chat.css");
const LAYOUT: &str = include_str!("../style/layout.css");
const SETTINGS: &str = include_str!("../style/settings.css");

/// The colour variables a theme block ends up with: the light ones from
/// `:root`, then the block's own; `var(--x)` values resolved.
fn palette(selector: &str) -> Vec<(String, String)> {
    let mut vars = variables(BASE, ":root");
    if selector != ":root" {
        for (name, value) in variables(BASE, selector) {
            vars.retain(|(n, _)| *n != name);
            vars.push((name, value));
        }
    }
    // Aliases such as `--focus: var(--accent);`.
    let start = BASE
        .lines()
        .position(|l| l.trim_end().ends_with(":root {"))
        .unwrap_or(0);
    for line in BASE
        .lines()
        .skip(start + 1)
        .take_while(|l| !l.trim().starts_with('}'))
    {
        if let Some((name, value)) = line.trim().split_once(':')
            && let Some(target) = value
                .trim()
                .strip_prefix("var(")
                .and_then(|v| v.strip_suffix(");"))
        {
            let resolved = lookup(&vars, target);
            vars.push((name.trim().to_owned(), resolved));
        }
    }
    vars
}

const THEMES: [&str; 3] = [
    ":root",
    ":root:not([data-theme=\"light\"])",
    ":root[data-theme=\"dark\"]",
];

#[test]
fn text_and_controls_reach_aa_contrast_in_every_theme() {
    // (text, background) pairs as the page puts them together.
    const TEXT: &[(&str, &str)] = &[
        ("--fg", "--bg"),
        ("--fg", "--bg-soft"),
        ("--fg", "--bg-sunk"),
        ("--fg", "--accent-soft"),
        ("--fg-soft", "--bg"),
        ("--fg-soft", "--bg-soft"),
        ("--fg-soft", "--bg-sunk"),
        ("--fg-soft", "--accent-soft"),
        // Links and link buttons, on the page and in banners.
        ("--accent", "--bg"),
        ("--accent", "--bg-soft"),
        ("--accent", "--bg-sunk"),
        ("--accent", "--danger-soft"),
        // The primary button, and Stop (the page's colours swapped).
        ("--accent-fg", "--accent"),
        ("--bg", "--fg"),
        ("--danger", "--danger-soft"),
        ("--danger", "--bg"),
        ("--danger", "--bg-soft"),
    ];
    // (edge, background): control borders and the focus ring.
    const EDGES: &[(&str, &str)] = &[
        ("--border-strong", "--bg"),
        ("--border-strong", "--bg-soft"),
        ("--border-strong", "--bg-sunk"),
        ("--focus", "--bg"),
        ("--focus", "--bg-soft"),
        ("--focus", "--bg-sunk"),
    ];
    for theme in THEMES {
        let vars = palette(theme);
        for (pairs, least) in [(TEXT, MIN_CONTRAST), (EDGES, 3.0)] {
            for (fg, bg) in pairs {
                let (a, b) = (lookup(&vars, fg), lookup(&vars, bg));
                let ratio = contrast(&a, &b);
                assert!(
                    ratio >= least,
                    "{theme}: {fg} {a} on {bg} {b} is {ratio:.2}, under {least}"
                );
            }
        }
    }
}

#[test]
fn both_dark_switches_use_one_page_palette() {
    assert_eq!(
        variables(BASE, ":root:not([data-theme=\"light\"])"),
        variables(BASE, ":root[data-theme=\"dark\"]")
    );
}

/// The declarations of the first rule whose selector list is `selector`.
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let head = format!("\n{selector} {{");
    let at = css
        .find(&head)
        .unwrap_or_else(|| panic!("no rule {selector}"));
    let body = &css[at + head.len()..];
    &body[..body.find('}').unwrap_or(body.len())]
}

#[test]
fn controls_have_strong_borders_and_a_visible_focus_ring() {
    for (css, selector) in [
        (BASE, ".button"),
        (SETTINGS, ".chip"),
        (CHAT, ".composer-box"),
        (LAYOUT, ".sidebar-search input"),
    ] {
        let body = rule(css, selector);
        assert!(
            body.contains("border: 1px solid var(--border-strong)"),
            "{selector}: {body}"
        );
    }
    let fields = rule(
        SETTINGS,
        ".field input[type=\"text\"],\n.field input[type=\"password\"],\n.field input[type=\"number\"],\n.field select,\n.field textarea",
    );
    assert!(fields.contains("var(--border-strong)"), "{fields}");
    // One ring for everything focusable, and the message box's frame.
    for (css, selector) in [
        (BASE, ":focus-visible"),
        (CHAT, ".composer-box:has(textarea:focus-visible)"),
    ] {
        let body = rule(css, selector);
        assert!(
            body.contains("outline: 2px solid var(--focus)"),
            "{selector}: {body}"
        );
    }
    // Nothing dims the message actions below their colours' contrast: they
    // are hidden (older messages until hovered or focused) or shown whole.
    let actions = rule(CHAT, ".msg-actions");
    for line in actions.lines().filter(|l| l.contains("opacity:")) {
        assert!(
            line.trim() == "opacity: 0;" || line.trim() == "opacity: 1;",
            "{line}"
        );
    }
}
