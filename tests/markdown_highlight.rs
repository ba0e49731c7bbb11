//! The code highlighter: what each language's tokens come out as, which
//! fence names pick which language, and the invariants the renderer relies
//! on (the pieces are exactly the code, in one linear pass, for any input).

use minimax_chat::markdown::{
    MdNode, TokenClass, highlight, highlight_work, render, to_html_string,
};
use proptest::prelude::*;

/// Every name `highlight` knows, one or more per language.
const LANGS: &[&str] = &[
    "rust", "python", "js", "ts", "json", "bash", "html", "css", "go", "java", "c", "cpp", "sql",
    "yaml", "toml", "markdown", "diff",
];

/// The highlighted code in a compact form: `[kw:fn] main`.
fn marked(lang: &str, code: &str) -> String {
    let pieces = highlight(lang, code).unwrap_or_else(|| panic!("{lang} unknown"));
    pieces
        .into_iter()
        .map(|(class, text)| match class.css_class() {
            Some(css) => format!("[{}:{text}]", css.trim_start_matches("tok-")),
            None => text.to_owned(),
        })
        .collect()
}

fn check(lang: &str, code: &str, expected: &str) {
    assert_eq!(marked(lang, code), expected, "{lang}: {code:?}");
}

#[test]
fn rust() {
    check(
        "rust",
        "#[derive(Debug)]\nfn f<'a>(x: &'a str) -> Option<u32> {\n    let c = '\\'';\n    \
         println!(\"{}\", 1.5e-3); // note\n    MAX + Some(3).len() /* b */\n}",
        "[meta:#[derive(Debug)]]\n[kw:fn] f<[meta:'a]>(x: &[meta:'a] [ty:str]) -> \
         [ty:Option]<[ty:u32]> {\n    [kw:let] c = [str:'\\''];\n    [fn:println!]([str:\"{}\"], \
         [num:1.5e-3]); [com:// note]\n    [lit:MAX] + [ty:Some]([num:3]).[fn:len]() [com:/* b */]\n}",
    );
}

#[test]
fn python() {
    check(
        "py",
        "@dataclass\ndef f(x: int) -> None:\n    '''doc\n    more'''\n    return x#1 # two\n",
        "[meta:@dataclass]\n[kw:def] [fn:f](x: [ty:int]) -> [lit:None]:\n    \
         [str:'''doc\n    more''']\n    [kw:return] x#[num:1] [com:# two]\n",
    );
}

#[test]
fn javascript_and_typescript() {
    let expected = "[kw:const] x: [ty:number] = [num:0x1F]; [com:// c]\n[kw:export] \
                    [kw:function] [fn:f]($a) { [kw:return] [str:`t ${a}`]; }";
    for lang in ["js", "ts", "tsx", "JavaScript"] {
        check(
            lang,
            "const x: number = 0x1F; // c\nexport function f($a) { return `t ${a}`; }",
            expected,
        );
    }
}

#[test]
fn json_keys_are_not_values() {
    check(
        "json",
        r#"{"a": 1, "b": [true, null, -2.5e3], "c": "x:y", "d" : "e"}"#,
        r#"{[key:"a"]: [num:1], [key:"b"]: [[lit:true], [lit:null], -[num:2.5e3]], [key:"c"]: [str:"x:y"], [key:"d"] : [str:"e"]}"#,
    );
}

#[test]
fn shell_comments_need_a_word_start() {
    check(
        "bash",
        "#!/bin/sh\nfor f in *.md; do echo \"$f\" ${#x} $1 # c\ndone\nurl=http://x#frag $(pwd)",
        "[com:#!/bin/sh]\n[kw:for] f [kw:in] *.md; [kw:do] echo [str:\"$f\"] [lit:${]#x} \
         [lit:$1] [com:# c]\n[kw:done]\nurl=http://x#frag $(pwd)",
    );
    check("console", "$ cargo run", "$ cargo run");
}

#[test]
fn html_with_script_and_style() {
    check(
        "html",
        "<!DOCTYPE html>\n<!-- c -->\n<p class=\"a\" hidden x=1>T &amp; é</p>\n\
         <script>let a = \"</p>\";</script><style>p { color: red }</style>",
        "[meta:<!DOCTYPE html>]\n[com:<!-- c -->]\n[tag:<p] [key:class]=[str:\"a\"] [key:hidden] \
         [key:x]=[str:1][tag:>]T [lit:&amp;] é[tag:</p>]\n[tag:<script>][kw:let] a = \
         [str:\"</p>\"];[tag:</script><style>]p { [key:color]: red }[tag:</style>]",
    );
}

#[test]
fn css_properties_only_inside_rules() {
    check(
        "css",
        "@media (max-width: 600px) {\n  a:hover { margin: 0 10px !important; }\n}\n/* c */",
        "[meta:@media] (max-width: [num:600px]) {\n  a:hover { [key:margin]: [num:0] [num:10px] \
         ![kw:important]; }\n}\n[com:/* c */]",
    );
}

#[test]
fn go_raw_strings_span_lines() {
    check(
        "golang",
        "func main() { s := `a\nb`; fmt.Println(s, nil) }",
        "[kw:func] [fn:main]() { s := [str:`a\nb`]; fmt.[fn:Println](s, [lit:nil]) }",
    );
}

#[test]
fn java_annotations_and_types() {
    check(
        "java",
        "@Override\npublic void run(String[] a) { int n = 10; }",
        "[meta:@Override]\n[kw:public] [ty:void] [fn:run]([ty:String][] a) { [ty:int] n = \
         [num:10]; }",
    );
}

#[test]
fn c_and_cpp_preprocessor_lines() {
    for lang in ["c", "h", "cpp", "c++", "hpp", "cc"] {
        check(
            lang,
            "#include <stdio.h>\n  #define N 3\nint main(void) { return NULL; }",
            "[meta:#include <stdio.h>]\n  [meta:#define N 3]\n[ty:int] [fn:main]([ty:void]) { \
             [kw:return] [lit:NULL]; }",
        );
    }
}

#[test]
fn sql_ignores_case() {
    check(
        "sql",
        "SELECT COUNT(*) from t WHERE a = 'o''k' -- c\n/* b */",
        "[kw:SELECT] [fn:COUNT](*) [kw:from] t [kw:WHERE] a = [str:'o''k'] [com:-- c]\n\
         [com:/* b */]",
    );
}

#[test]
fn yaml_keys_and_apostrophes() {
    check(
        "yml",
        "# c\non: [push]\njobs:\n  - name: Don't panic\n    url: http://x # y\n\"k k\": yes",
        "[com:# c]\n[key:on]: [push]\n[key:jobs]:\n  - [key:name]: Don't panic\n    [key:url]: \
         http://x [com:# y]\n[key:\"k k\"]: [lit:yes]",
    );
}

#[test]
fn toml_tables_and_keys() {
    check(
        "toml",
        "[package]\nname = \"x\" # c\n[[bin]]\na.b-c = true",
        "[ty:[package]]\n[key:name] = [str:\"x\"] [com:# c]\n[ty:[[bin]]]\n[key:a.b-c] = \
         [lit:true]",
    );
}

#[test]
fn markdown_source() {
    check(
        "md",
        "# T\nSome *em*, **b**, `c`, [l](https://x) a_b_c.\n- i\n2. j\n> q\n```rs\nfn x\n```\n---",
        "[head:# T]\nSome [em:*em*], [em:**b**], [str:`c`], [l][lit:(https://x)] a_b_c.\n\
         [kw:-] i\n[kw:2.] j\n[com:>] q\n[meta:```rs]\n[str:fn x]\n[meta:```]\n[meta:---]",
    );
}

#[test]
fn diff_lines() {
    check(
        "patch",
        "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n\\ No newline",
        "[meta:diff --git a/x b/x]\n[meta:--- a/x]\n[meta:+++ b/x]\n[meta:@@ -1 +1 @@]\n\
         [del:-old]\n[ins:+new]\n same\n[com:\\ No newline]",
    );
}

#[test]
fn aliases_pick_a_language_and_unknown_stays_plain() {
    for lang in [
        "rs", "py", "python3", "jsx", "tsx", "sh", "zsh", "shell", "console", "yml", "c++", "cpp",
        "h", "hpp", "golang", "md", "patch", "RUST", "Json", "xml", "svg", "scss",
    ] {
        assert!(highlight(lang, "x").is_some(), "{lang}");
    }
    for lang in [
        "",
        "mermaid",
        "text",
        "plaintext",
        "brainfuck",
        "rust2",
        "rs ",
    ] {
        assert!(highlight(lang, "x").is_none(), "{lang}");
    }
}

#[test]
fn fence_options_after_a_comma_keep_the_language() {
    let out = to_html_string(&render("```rust,ignore\nfn x() {}\n```"));
    assert!(
        out.starts_with(
            "<pre><code class=\"language-rust\" data-lang=\"rust\"><span class=\"tok-kw\">fn</span>"
        ),
        "{out}"
    );
}

/// The `<code>` element of the only code block in `nodes`.
fn code_element(nodes: &[MdNode]) -> &MdNode {
    let [
        MdNode::Element {
            tag: "pre",
            children,
            ..
        },
    ] = nodes
    else {
        panic!("one <pre> expected: {nodes:?}");
    };
    let [code @ MdNode::Element { tag: "code", .. }] = children.as_slice() else {
        panic!("<code> expected: {children:?}");
    };
    code
}

#[test]
fn rendered_code_keeps_its_exact_text_for_copy() {
    // Copy reads the `<code>` element's text content, spans included.
    let code = "let s = \"<b>&amp;\"; // é ✓\n\tx = 'a'\n";
    let nodes = render(&format!("```rust\n{code}```"));
    let element = code_element(&nodes);
    assert_eq!(element.text_content(), code);
    let MdNode::Element { children, .. } = element else {
        unreachable!()
    };
    for child in children {
        if let MdNode::Element {
            tag,
            attrs,
            children,
        } = child
        {
            assert_eq!(*tag, "span");
            assert!(attrs.len() == 1 && attrs[0].0 == "class" && attrs[0].1.starts_with("tok-"));
            assert!(matches!(children.as_slice(), [MdNode::Text(_)]));
        }
    }
}

#[test]
fn unknown_language_code_is_one_text_node() {
    let nodes = render("```mermaid\ngraph TD; A-->B\n```");
    let MdNode::Element { children, .. } = code_element(&nodes) else {
        unreachable!()
    };
    assert_eq!(children, &[MdNode::Text("graph TD; A-->B\n".to_owned())]);
}

/// Inputs built to make a careless lexer rescan: unclosed openers of every
/// kind, repeated, within one line and one per line.
const ADVERSARIAL: &[&str] = &[
    "\"", "'", "`", "/*", "<!--", "<a ", "${", "$", "#[", "*", "_", "`x", "[", "](", "&", "<",
    "'a", "\\", "@", "-", "a: ", "= ", "{", "}", "\"\"\"", "é", "x", "[\n", "#[\n", "\"\n",
    "- a\n", "a:\n", "{a: \n", "*\n", "`\n", ">\n", "```\n", "<a\n", "+\n", "@@\n", "\n",
];

/// Bytes looked at per byte of code, at most: every lexer looks at each
/// byte a few times (a constant number of scans), never once per token.
const WORK_PER_BYTE: usize = 24;

#[test]
fn highlighting_work_grows_linearly() {
    for unit in ADVERSARIAL {
        let small = unit.repeat(2_500);
        let large = unit.repeat(10_000);
        for lang in LANGS {
            let work = |code: &str| highlight_work(lang, code).unwrap_or_else(|| panic!("{lang}"));
            let (small_work, large_work) = (work(&small), work(&large));
            // Four times the input; a quadratic pass would do ~16 times the work.
            assert!(
                large_work <= small_work * 4 + 64,
                "{lang} on {unit:?}: {small_work} then {large_work}"
            );
            assert!(
                large_work <= WORK_PER_BYTE * large.len(),
                "{lang} on {unit:?}: {large_work} for {} bytes",
                large.len()
            );
        }
    }
}

#[test]
fn work_counts_every_byte_at_least_once() {
    // A counter that missed the main loop would make the bounds above vacuous.
    for lang in LANGS {
        for code in [
            "",
            "x",
            "fn main() { let s = \"a\"; }\n",
            "<p>é</p>\n# h\n+x\n",
        ] {
            let work = highlight_work(lang, code).unwrap_or_default();
            assert!(work >= code.len(), "{lang} on {code:?}: {work}");
        }
    }
    assert_eq!(highlight_work("mermaid", "x"), None);
}

fn any_lang() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(LANGS)
}

/// Code-ish text: fragments that open and close every construct.
fn code_text() -> impl Strategy<Value = String> {
    let fragments = proptest::sample::select(
        &[
            "\"",
            "'",
            "`",
            "/*",
            "*/",
            "//",
            "#",
            "--",
            "<!--",
            "-->",
            "<",
            ">",
            "</",
            "=",
            "${",
            "}",
            "{",
            "[",
            "]",
            "(",
            ")",
            "$",
            "@",
            "\\",
            "\n",
            " ",
            "\t",
            "\r\n",
            "é",
            "✓",
            "𝔼",
            "fn",
            "let",
            "x",
            "Foo",
            "1",
            "0x1e-5",
            ".5",
            ": ",
            " = ",
            "- ",
            "# ",
            "```",
            "**",
            "_",
            "+",
            "@@",
            "&amp;",
            "<script>",
            "</script>",
            "'a",
            "!",
            "\"\"\"",
        ][..],
    );
    proptest::collection::vec(fragments, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn pieces_are_exactly_the_code(lang in any_lang(), code in code_text()) {
        let pieces = highlight(lang, &code).unwrap_or_default();
        let joined: String = pieces.iter().map(|(_, text)| *text).collect();
        prop_assert_eq!(&joined, &code);
        for pair in pieces.windows(2) {
            prop_assert!(pair[0].0 != pair[1].0, "adjacent {:?}", pair);
        }
        prop_assert!(pieces.iter().all(|(_, text)| !text.is_empty()));
    }

    #[test]
    fn arbitrary_text_never_panics(lang in any_lang(), code in any::<String>()) {
        let pieces = highlight(lang, &code).unwrap_or_default();
        let joined: String = pieces.iter().map(|(_, text)| *text).collect();
        prop_assert_eq!(joined, code);
    }
}

#[test]
fn plain_pieces_have_no_class() {
    assert_eq!(TokenClass::Plain.css_class(), None);
    assert_eq!(TokenClass::Keyword.css_class(), Some("tok-kw"));
}
