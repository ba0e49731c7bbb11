//! Construct coverage for the whole-document renderer, as HTML snapshots.

use minimax_chat::markdown::{MdNode, render, to_html_string};

fn html(src: &str) -> String {
    to_html_string(&render(src))
}

const A_REL: &str = r#"rel="noopener noreferrer nofollow" target="_blank""#;

#[test]
fn headings_and_paragraphs() {
    assert_eq!(
        html("# One\n## Two\n###### Six\n\nPara\n\nSetext\n===\n\nSub\n---"),
        "<h1>One</h1><h2>Two</h2><h6>Six</h6><p>Para</p><h1>Setext</h1><h2>Sub</h2>"
    );
}

#[test]
fn inline_styles() {
    assert_eq!(
        html("*em* **strong** ~~del~~ `code <b>` ***both***"),
        "<p><em>em</em> <strong>strong</strong> <del>del</del> <code>code &lt;b&gt;</code> \
         <em><strong>both</strong></em></p>"
    );
}

#[test]
fn breaks_and_rules() {
    assert_eq!(
        html("soft\nbreak  \nhard\\\nslash\n\n---\n***"),
        "<p>soft\nbreak<br>hard<br>slash</p><hr><hr>"
    );
}

#[test]
fn lists_nested_and_numbered() {
    assert_eq!(
        html("- a\n  - b\n    1. c\n- d\n\n3. three\n4. four"),
        "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>\
         <ol start=\"3\"><li>three</li><li>four</li></ol>"
    );
    assert_eq!(
        html("1. one\n\n2. two"),
        "<ol><li><p>one</p></li><li><p>two</p></li></ol>"
    );
}

#[test]
fn task_lists_are_disabled_checkboxes() {
    assert_eq!(
        html("- [x] done\n- [ ] todo\n- plain"),
        "<ul><li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\" checked=\"\">done</li>\
         <li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\">todo</li><li>plain</li></ul>"
    );
}

#[test]
fn block_quotes() {
    assert_eq!(
        html("> a\nlazy\n>\n> > nested"),
        "<blockquote><p>a\nlazy</p><blockquote><p>nested</p></blockquote></blockquote>"
    );
}

#[test]
fn tables_with_alignment() {
    assert_eq!(
        html("| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | *2* | 3 | 4 |"),
        "<table><thead><tr><th class=\"align-left\">l</th><th class=\"align-center\">c</th>\
         <th class=\"align-right\">r</th><th>n</th></tr></thead><tbody><tr>\
         <td class=\"align-left\">1</td><td class=\"align-center\"><em>2</em></td>\
         <td class=\"align-right\">3</td><td>4</td></tr></tbody></table>"
    );
    assert_eq!(
        html("| h |\n|---|"),
        "<table><thead><tr><th>h</th></tr></thead></table>"
    );
}

#[test]
fn fenced_code_with_language() {
    assert_eq!(
        html("```rust ignore\nfn main() {}\n```"),
        "<pre><code class=\"language-rust\" data-lang=\"rust\"><span class=\"tok-kw\">fn</span> \
         <span class=\"tok-fn\">main</span>() {}\n</code></pre>"
    );
    assert_eq!(html("~~~\nplain\n~~~"), "<pre><code>plain\n</code></pre>");
    assert_eq!(html("    indented\n"), "<pre><code>indented\n</code></pre>");
}

#[test]
fn code_language_is_sanitized() {
    assert_eq!(
        html("```c++\nx\n```\n```C#\nx\n```"),
        "<pre><code class=\"language-c++\" data-lang=\"c++\">x\n</code></pre>\
         <pre><code class=\"language-C#\" data-lang=\"C#\">x\n</code></pre>"
    );
    assert_eq!(
        html("```\"><script>x\ny\n```"),
        "<pre><code class=\"language-scriptx\" data-lang=\"scriptx\">y\n</code></pre>"
    );
    let long = format!("```{}\nx\n```", "a".repeat(100));
    let expected = "a".repeat(32);
    assert!(html(&long).contains(&format!("data-lang=\"{expected}\"")));
    assert_eq!(html("```<>\"'\nx\n```"), "<pre><code>x\n</code></pre>");
}

#[test]
fn diagram_and_markup_languages_stay_code() {
    assert_eq!(
        html("```mermaid\n<svg onload=alert(1)>\n```"),
        "<pre><code class=\"language-mermaid\" data-lang=\"mermaid\">\
         &lt;svg onload=alert(1)&gt;\n</code></pre>"
    );
    // Markup is highlighted, which only wraps its text in token spans.
    for lang in ["svg", "html", "xml"] {
        assert_eq!(
            html(&format!("```{lang}\n<svg onload=alert(1)>\n```")),
            format!(
                "<pre><code class=\"language-{lang}\" data-lang=\"{lang}\">\
                 <span class=\"tok-tag\">&lt;svg</span> <span class=\"tok-key\">onload</span>=\
                 <span class=\"tok-str\">alert(1)</span><span class=\"tok-tag\">&gt;</span>\n</code></pre>"
            )
        );
    }
}

#[test]
fn unclosed_fence_takes_the_rest() {
    assert_eq!(
        html("text\n\n```py\nx = 1\n\n# more"),
        "<p>text</p><pre><code class=\"language-py\" data-lang=\"py\">x = <span class=\"tok-num\">1</span>\
         \n\n<span class=\"tok-com\"># more</span></code></pre>"
    );
}

#[test]
fn links_and_autolinks() {
    assert_eq!(
        html("[a](https://x.example \"T\") <https://y.example> <me@z.example>"),
        format!(
            "<p><a href=\"https://x.example/\" {A_REL} title=\"T\">a</a> \
             <a href=\"https://y.example/\" {A_REL}>https://y.example</a> \
             <a href=\"mailto:me@z.example\" {A_REL}>me@z.example</a></p>"
        )
    );
}

#[test]
fn relative_and_fragment_links_are_blocked() {
    let blocked = "<span class=\"link-blocked\" title=\"blocked link\">";
    assert_eq!(
        html("[r](/path) [f](#top) [**b**](ftp://x)"),
        format!("<p>{blocked}r</span> {blocked}f</span> {blocked}<strong>b</strong></span></p>")
    );
}

#[test]
fn reference_links_resolve_backwards_only() {
    let src =
        "[d]: https://d.example \"D\"\n\n[a][d] [d] [D][] [later]\n\n[later]: https://l.example";
    assert_eq!(
        html(src),
        format!(
            "<p><a href=\"https://d.example/\" {A_REL} title=\"D\">a</a> \
             <a href=\"https://d.example/\" {A_REL} title=\"D\">d</a> \
             <a href=\"https://d.example/\" {A_REL} title=\"D\">D</a> [later]</p>"
        )
    );
}

#[test]
fn undefined_brackets_keep_their_text() {
    assert_eq!(
        html("array[0] and [*x*][nope] and [y][] and ![alt][nope] and ![z][] [ a  b ]"),
        "<p>array[0] and [<em>x</em>][nope] and [y][] and ![alt][nope] and ![z][] [ a  b ]</p>"
    );
}

#[test]
fn images_are_click_to_load() {
    assert_eq!(
        html("![a *b*](https://i.example/p.png \"t\")"),
        "<p><span class=\"md-image\" data-src=\"https://i.example/p.png\">\
         <button type=\"button\" class=\"load-image\" data-src=\"https://i.example/p.png\" \
         title=\"https://i.example/p.png\">Load image: a b</button> \
         <span class=\"md-image-host\">(i.example)</span></span></p>"
    );
    assert_eq!(html("![alt](data:image/png;base64,AAA)"), "<p>alt</p>");
    assert_eq!(html("![alt](mailto:x@y.example)"), "<p>alt</p>");
}

#[test]
fn images_with_credentials_are_not_loadable() {
    // `user:password@` only ever serves to make one host look like another.
    for src in [
        "https://trusted.example:pw@evil.example:8080/a?b#c",
        "https://github.com@evil.example/logo.png",
        // `\@` is markdown's escaped `@`: user info again.
        "https://evil.example\\@github.com/logo.png",
    ] {
        assert_eq!(html(&format!("![x]({src})")), "<p>x</p>", "{src}");
    }
}

#[test]
fn image_host_is_the_one_the_browser_contacts() {
    // A backslash (written `\\` in markdown) ends the host in web URLs:
    // the browser asks evil.example.
    let out = html("![x](https://evil.example\\\\@github.com/logo.png)");
    assert!(
        out.contains("data-src=\"https://evil.example/@github.com/logo.png\"")
            && out.contains("<span class=\"md-image-host\">(evil.example)</span>"),
        "{out}"
    );
    // A look-alike host is named in the form that goes out on the wire.
    let out = html("![x](https://g\u{456}thub.com/logo.png)");
    assert!(
        out.contains("<span class=\"md-image-host\">(xn--gthub-n2e.com)</span>")
            && out.contains("data-src=\"https://xn--gthub-n2e.com/logo.png\""),
        "{out}"
    );
    let out = html("![x](https://i.example:8080/a.png)");
    assert!(
        out.contains("<span class=\"md-image-host\">(i.example:8080)</span>"),
        "{out}"
    );
}

#[test]
fn links_go_where_the_standard_says() {
    assert_eq!(
        html("[a](https://evil.example\\\\@github.com/) [b](https://github.com@evil.example/)"),
        "<p><a href=\"https://evil.example/@github.com/\" rel=\"noopener noreferrer nofollow\" \
         target=\"_blank\">a</a> <span class=\"link-blocked\" title=\"blocked link\">b</span></p>"
    );
}

#[test]
fn footnotes_link_nowhere() {
    assert_eq!(
        html("See[^1] and[^none].\n\n[^1]: The *note*."),
        "<p>See<sup class=\"footnote-ref\">1</sup> and<sup class=\"footnote-ref\">none</sup>.</p>\
         <div class=\"footnote-definition\"><sup class=\"footnote-label\">1</sup>\
         <p>The <em>note</em>.</p></div>"
    );
}

#[test]
fn math_is_mathml_with_its_tex_as_title() {
    assert_eq!(
        html("Inline $a<b$ and\n\n$$\n\\sum x\n$$"),
        "<p>Inline <span class=\"math math-inline\" title=\"a&lt;b\"><math><mrow><mi>a</mi><mo>&lt;</mo>\
         <mi>b</mi></mrow></math></span> and</p>\
         <p><span class=\"math math-display\" title=\"\\sum x\"><math display=\"block\"><mrow><mo>∑</mo>\
         <mi>x</mi></mrow></math></span></p>"
    );
    assert_eq!(html("costs $5 and $10"), "<p>costs $5 and $10</p>");
}

#[test]
fn raw_html_is_text() {
    assert_eq!(
        html("a <b onclick=\"x\">bold</b>\n\n<div>\nblock\n</div>"),
        "<p>a &lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt;</p>\
         <pre class=\"raw-html\">&lt;div&gt;\nblock\n&lt;/div&gt;</pre>"
    );
}

#[test]
fn entities_decode_to_text() {
    assert_eq!(
        html("&lt;b&gt; &amp; &copy; &#65;"),
        "<p>&lt;b&gt; &amp; © A</p>"
    );
}

#[test]
fn empty_and_whitespace_documents() {
    assert!(render("").is_empty());
    assert!(render("\n\n  \n").is_empty());
}

#[test]
fn crlf_renders_like_lf_apart_from_breaks() {
    let lf = render("# T\n\n- a\n- b\n\n```\nx\n```\n");
    let crlf = render("# T\r\n\r\n- a\r\n- b\r\n\r\n```\r\nx\r\n```\r\n");
    let text = |nodes: &[MdNode]| -> String {
        nodes
            .iter()
            .map(MdNode::text_content)
            .collect::<String>()
            .replace('\r', "")
    };
    assert_eq!(text(&lf), text(&crlf));
}

#[test]
fn text_nodes_are_merged() {
    let nodes = render("a[b]c &amp; d");
    let [MdNode::Element { children, .. }] = nodes.as_slice() else {
        panic!("one paragraph expected: {nodes:?}");
    };
    assert_eq!(children, &[MdNode::Text("a[b]c & d".to_owned())]);
}

#[test]
fn realistic_answer_renders_every_construct() {
    let out = html(include_str!("fixtures/markdown/long_answer.md"));
    for needle in [
        "<h1>",
        "<h2>",
        "<h3>",
        "<ul>",
        "<ol start=\"7\">",
        "<li class=\"task-list-item\">",
        "<pre><code class=\"language-rust\" data-lang=\"rust\">",
        "<blockquote>",
        "<table>",
        "<th class=\"align-center\">",
        "<span class=\"math math-inline\" title=\"a^2 + b^2 = c^2\"><math>",
        "<span class=\"math math-display\" title=\"T = \\frac{N}{t}\"><math display=\"block\">",
        "<span class=\"tok-meta\">#[tokio::main]</span>",
        "<sup class=\"footnote-ref\">perf</sup>",
        "<div class=\"footnote-definition\">",
        "<pre class=\"raw-html\">",
        "<hr>",
        "<br>",
        "<del>legacy</del>",
        "href=\"mailto:help@example.com\"",
        "class=\"load-image\"",
        "&lt;span style=&quot;color:red&quot;&gt;",
    ] {
        assert!(out.contains(needle), "missing {needle} in {out}");
    }
}
