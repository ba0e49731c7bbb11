//! Math: `$…$` and `$$…$$` are typeset as MathML, or shown as readable
//! Unicode text when they hold what the MathML reader does not know; the
//! TeX stays in a title, prices stay prices, and no input makes either
//! converter fail, blow up or recurse without bound.

use minimax_chat::markdown::{MATHML_TAGS, MdNode, render, tex_to_text, to_html_string};

fn html(src: &str) -> String {
    to_html_string(&render(src))
}

#[test]
fn common_tex_reads_as_unicode() {
    for (tex, text) in [
        ("\\alpha + \\beta = \\Gamma", "α + β = Γ"),
        ("a \\cdot b \\times c \\pm d", "a · b × c ± d"),
        ("a\\le b\\ge c\\ne d\\approx e", "a ≤ b ≥ c ≠ d ≈ e"),
        ("\\infty", "∞"),
        ("\\sum_{i=1}^{n} i", "∑ᵢ₌₁ⁿ i"),
        ("\\prod_k x_k", "∏ₖ xₖ"),
        ("\\int_0^1 f(x)\\,dx", "∫₀¹ f(x) dx"),
        ("\\sqrt{x}", "√(x)"),
        ("\\sqrt[3]{x+1}", "∛(x+1)"),
        ("\\frac{a}{b}", "a/b"),
        ("\\frac{n(n+1)}{2}", "(n(n+1))/2"),
        ("\\dfrac{1}{x+y}", "1/(x+y)"),
        ("x^2 + y^{10}", "x² + y¹⁰"),
        ("a_i + a_{ij}", "aᵢ + aᵢⱼ"),
        ("e^{i\\pi}", "e^{iπ}"),
        ("x^*", "x^*"),
        ("x_{\\text{max}}", "xₘₐₓ"),
        ("x_{\\text{best}}", "x_{best}"),
        ("\\left( \\frac{a}{b} \\right)", "( a/b )"),
        ("\\boxed{x = 2}", "x = 2"),
        ("\\operatorname*{argmax}_x f", "argmaxₓ f"),
        ("a \\xrightarrow{f} b", "a →(f) b"),
        ("\\color{red} x", "x"),
        ("\\bra{\\phi} A \\ket{\\psi}", "⟨ϕ| A |ψ⟩"),
        ("\\mathring{A}", "A\u{30a}"),
        ("x = 1 \\nonumber \\label{eq:x}", "x = 1"),
        ("\\left. x \\right|", "x |"),
        ("\\text{if } x > 0", "if x > 0"),
        ("\\mathrm{d}x", "dx"),
        ("\\mathbb{R}^n \\to \\mathbb{Z}", "ℝⁿ → ℤ"),
        (
            "\\sin\\theta + \\log_2 n + \\cos(x)",
            "sin θ + log₂ n + cos(x)",
        ),
        ("\\hat{x}, \\vec{v}, \\bar{y}", "x̂, v⃗, y̅"),
        ("\\{ x \\mid x \\in A \\}", "{ x ∣ x ∈ A }"),
        ("f'(x)", "f′(x)"),
        ("a \\not\\in B", "a ∉ B"),
        ("\\begin{matrix} a & b \\\\ c & d \\end{matrix}", "a b\nc d"),
        ("\\unknown{x} + 1", "\\unknown{x} + 1"),
        ("50\\%", "50%"),
    ] {
        assert_eq!(tex_to_text(tex), text, "{tex}");
    }
}

#[test]
fn inline_and_display_math_are_mathml_with_the_tex_in_the_title() {
    assert_eq!(
        html("Area $\\pi r^2$ here."),
        "<p>Area <span class=\"math math-inline\" title=\"\\pi r^2\"><math><mrow>\
         <mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></mrow></math></span> here.</p>"
    );
    assert_eq!(
        html("$$\n\\frac{a}{b} \\le 1\n$$"),
        "<p><span class=\"math math-display\" title=\"\\frac{a}{b} \\le 1\">\
         <math display=\"block\"><mrow><mfrac><mi>a</mi><mi>b</mi></mfrac>\
         <mo>≤</mo><mn>1</mn></mrow></math></span></p>"
    );
}

/// The `<math>` of one formula, as HTML.
fn mathml(tex: &str, display: bool) -> String {
    let src = if display {
        format!("$$\n{tex}\n$$")
    } else {
        format!("${tex}$")
    };
    let out = html(&src);
    let start = out
        .find("<math")
        .unwrap_or_else(|| panic!("{tex}: no MathML in {out}"));
    let end = out.rfind("</math>").map_or(out.len(), |e| e + 7);
    out[start..end].to_owned()
}

#[test]
fn common_tex_is_typeset() {
    for (tex, want) in [
        (
            "x_i^2",
            "<math><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup></math>",
        ),
        ("3.14", "<math><mn>3.14</mn></math>"),
        (
            "a-b",
            "<math><mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow></math>",
        ),
        ("\\sqrt{x}", "<math><msqrt><mi>x</mi></msqrt></math>"),
        (
            "\\sqrt[3]{x}",
            "<math><mroot><mi>x</mi><mn>3</mn></mroot></math>",
        ),
        (
            "\\frac12",
            "<math><mfrac><mn>1</mn><mn>2</mn></mfrac></math>",
        ),
        (
            "f'(x)",
            "<math><mrow><msup><mi>f</mi><mo>′</mo></msup><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow></math>",
        ),
        ("\\Gamma", "<math><mi mathvariant=\"normal\">Γ</mi></math>"),
        // An operator name is parted by a thin space from what it
        // applies to, as in TeX, but from no bracket or operator.
        (
            "\\sin\\theta",
            "<math><mrow><mi>sin</mi><mspace width=\"0.1667em\"></mspace><mi>θ</mi></mrow></math>",
        ),
        (
            "\\log_2 n",
            "<math><mrow><msub><mi>log</mi><mn>2</mn></msub><mspace width=\"0.1667em\"></mspace><mi>n</mi></mrow></math>",
        ),
        (
            "\\operatorname{tr} A",
            "<math><mrow><mi mathvariant=\"normal\">tr</mi><mspace width=\"0.1667em\"></mspace><mi>A</mi></mrow></math>",
        ),
        (
            "\\sin(x)",
            "<math><mrow><mi>sin</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow></math>",
        ),
        (
            "\\max\\{a\\}",
            "<math><mrow><mi>max</mi><mo stretchy=\"false\">{</mo><mi>a</mi><mo stretchy=\"false\">}</mo></mrow></math>",
        ),
        // Brackets not sized by `\left` keep their size (and sit close).
        (
            "\\langle x \\rangle + \\|v\\|",
            "<math><mrow><mo stretchy=\"false\">⟨</mo><mi>x</mi><mo stretchy=\"false\">⟩</mo><mo>+</mo><mo stretchy=\"false\">‖</mo><mi>v</mi><mo stretchy=\"false\">‖</mo></mrow></math>",
        ),
        (
            "\\det = 1",
            "<math><mrow><mi>det</mi><mo>=</mo><mn>1</mn></mrow></math>",
        ),
        (
            "\\cos \\left( x \\right)",
            "<math><mrow><mi>cos</mi><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow></mrow></math>",
        ),
        ("\\exp", "<math><mi>exp</mi></math>"),
        // What models write around a result: a boxed answer, an arrow
        // with words on it, a mark over a relation, an equation number.
        (
            "\\boxed{42}",
            "<math><mrow class=\"boxed\"><mn>42</mn></mrow></math>",
        ),
        (
            "\\xrightarrow[n]{f}",
            "<math><munderover><mo>→</mo><mi>n</mi><mi>f</mi></munderover></math>",
        ),
        (
            "\\overset{?}{=}",
            "<math><mover><mo>=</mo><mo>?</mo></mover></math>",
        ),
        (
            "\\underset{x}{\\max}",
            "<math><munder><mi>max</mi><mi>x</mi></munder></math>",
        ),
        (
            "E = mc^2 \\tag{1}",
            "<math><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup><mrow><mspace width=\"2em\"></mspace><mtext>(1)</mtext></mrow></mrow></math>",
        ),
        (
            "\\color{red} x + \\textcolor{blue}{y}",
            "<math><mrow><mi>x</mi><mo>+</mo><mi>y</mi></mrow></math>",
        ),
        ("\\blacksquare", "<math><mi>■</mi></math>"),
        // Physics' bra-ket, long arrows, Ångström's ring; equation labels
        // and `\nonumber` show nothing.
        (
            "\\ket{\\psi}",
            "<math><mrow><mo stretchy=\"false\">|</mo><mi>ψ</mi><mo stretchy=\"false\">⟩</mo></mrow></math>",
        ),
        (
            "a \\Longrightarrow b",
            "<math><mrow><mi>a</mi><mo>⟹</mo><mi>b</mi></mrow></math>",
        ),
        (
            "\\mathring{A}",
            "<math><mover accent=\"true\"><mi>A</mi><mo>˚</mo></mover></math>",
        ),
        (
            "x = 1 \\nonumber \\label{eq:x}",
            "<math><mrow><mi>x</mi><mo>=</mo><mn>1</mn></mrow></math>",
        ),
        (
            "\\mathop{\\mathrm{rank}} A",
            "<math><mrow><mi mathvariant=\"normal\">rank</mi><mspace width=\"0.1667em\"></mspace><mi>A</mi></mrow></math>",
        ),
        (
            "\\operatorname*{arg\\,max}",
            "<math><mi mathvariant=\"normal\">arg\u{2009}max</mi></math>",
        ),
        (
            "\\mathbb{R}^n",
            "<math><msup><mi>ℝ</mi><mi>n</mi></msup></math>",
        ),
        ("\\mathbf{v}", "<math><mi>𝐯</mi></math>"),
        ("\\mathcal{L}", "<math><mi>ℒ</mi></math>"),
        (
            "\\mathrm{d}x",
            "<math><mrow><mi mathvariant=\"normal\">d</mi><mi>x</mi></mrow></math>",
        ),
        (
            "\\text{if } x",
            "<math><mrow><mtext>if </mtext><mi>x</mi></mrow></math>",
        ),
        (
            "\\hat{x}",
            "<math><mover accent=\"true\"><mi>x</mi><mo>^</mo></mover></math>",
        ),
        ("\\not\\in", "<math><mo>∉</mo></math>"),
        (
            "a\\,b",
            "<math><mrow><mi>a</mi><mspace width=\"0.1667em\"></mspace><mi>b</mi></mrow></math>",
        ),
        (
            "\\left( x \\right]",
            "<math><mrow><mo>(</mo><mi>x</mi><mo>]</mo></mrow></math>",
        ),
        (
            "\\left. x \\right|",
            "<math><mrow><mi>x</mi><mo>|</mo></mrow></math>",
        ),
        (
            "\\binom{n}{k}",
            "<math><mrow><mo>(</mo><mfrac linethickness=\"0\"><mi>n</mi><mi>k</mi></mfrac><mo>)</mo></mrow></math>",
        ),
        ("50\\%", "<math><mrow><mn>50</mn><mi>%</mi></mrow></math>"),
    ] {
        assert_eq!(mathml(tex, false), want, "{tex}");
    }
}

#[test]
fn big_operators_take_limits_above_and_below_in_display_only() {
    assert_eq!(
        mathml("\\sum_{i=1}^n i", true),
        "<math display=\"block\"><mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow>\
         <mi>n</mi></munderover><mi>i</mi></mrow></math>"
    );
    assert!(mathml("\\sum_{i=1}^n i", false).contains("<msubsup><mo>∑</mo>"));
    assert!(
        mathml("\\int_0^1 f", true).contains("<msubsup><mo>∫</mo>"),
        "integrals keep side limits"
    );
    assert!(mathml("\\lim_{x \\to 0} f", true).contains("<munder><mi>lim</mi>"));
}

#[test]
fn matrices_cases_and_aligned_equations_are_tables() {
    assert_eq!(
        mathml("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", true),
        "<math display=\"block\"><mrow><mo>(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>\
         <mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo>)</mo></mrow></math>"
    );
    let cases = mathml(
        "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
        true,
    );
    assert!(
        cases.contains("<mo>{</mo><mtable><mtr><mtd class=\"ml\"><mn>1</mn></mtd>"),
        "{cases}"
    );
    assert!(cases.contains("<mtext>otherwise</mtext>"), "{cases}");
    let aligned = mathml(
        "\\begin{aligned} a &= b \\\\ &= c \\\\ \\end{aligned}",
        true,
    );
    assert_eq!(
        aligned.matches("<mtr>").count(),
        2,
        "a last \\\\ adds no row: {aligned}"
    );
    assert!(
        aligned.contains("<mtd class=\"mr\"><mi>a</mi></mtd><mtd class=\"ml\">"),
        "{aligned}"
    );
}

#[test]
fn what_is_not_typeset_falls_back_to_text_whole() {
    for tex in [
        "\\phantom{x} + 1",
        "x^2^3",
        "\\sqrt[3 x",
        "\\begin{tabular} x \\end{tabular}",
        "\\left( x",
    ] {
        let out = html(&format!("${tex}$"));
        assert!(!out.contains("<math"), "{tex}: {out}");
        assert!(
            out.contains(&format!(">{}</span>", tex_to_text(tex))),
            "{tex}: {out}"
        );
    }
}

#[test]
fn no_dollar_sign_is_left_once_math_is_rendered() {
    let out = render(include_str!("fixtures/markdown/math.md"));
    let text: String = out.iter().map(|n| n.text_content()).collect();
    // The only dollars left are the prices of the second paragraph.
    let prices = "it costs $5 to $10, or $5-$10, or US$5 and US$10.";
    assert!(text.contains(prices), "{text}");
    assert_eq!(
        text.matches('$').count(),
        prices.matches('$').count(),
        "{text}"
    );
    let markup = to_html_string(&out);
    assert_eq!(markup.matches("<math").count(), 6, "{markup}");
    assert_eq!(markup.matches("<math display=\"block\">").count(), 2);
}

#[test]
fn prices_are_not_math() {
    for src in [
        "costs $5 and $10",
        "between $5 and $10.",
        "from $5 to $10, or $20",
        "$5-$10",
        "costs $5/$10 now",
        "($5)($6)",
        "I have $5.$6 left",
        "US$5 and US$10",
        "$1,000 and $2,000",
        "$5/month vs $50/year",
        "Pay $5.\nThen $6.",
        "a $ b $ c",
        "$ 5 $",
    ] {
        let out = html(src);
        assert!(!out.contains("math"), "{src:?} -> {out}");
        assert_eq!(
            render(src)
                .iter()
                .map(|n| n.text_content())
                .collect::<String>(),
            src,
            "{src:?} lost text"
        );
    }
}

#[test]
fn a_price_next_to_real_math_leaves_the_math() {
    assert_eq!(
        html("$5-$10 and $x^2$"),
        "<p>$5-$10 and <span class=\"math math-inline\" title=\"x^2\"><math><msup><mi>x</mi><mn>2</mn></msup></math></span></p>"
    );
}

#[test]
fn math_text_is_never_markup() {
    assert_eq!(
        html("$<b onclick=x>$"),
        "<p><span class=\"math math-inline\" title=\"&lt;b onclick=x&gt;\"><math><mrow>\
         <mo>&lt;</mo><mi>b</mi><mi>o</mi><mi>n</mi><mi>c</mi><mi>l</mi><mi>i</mi><mi>c</mi><mi>k</mi>\
         <mo>=</mo><mi>x</mi><mo>&gt;</mo></mrow></math></span></p>"
    );
    // Text inside \text{} is a text node too, whatever it holds.
    assert!(html("$\\text{<script>}$").contains("<mtext>&lt;script&gt;</mtext>"));
}

#[test]
fn hostile_nesting_stays_bounded() {
    for unit in [
        "{", "}", "\\frac", "\\frac{", "\\sqrt", "\\sqrt[", "\\hat", "\\hat{", "\\not", "x^", "^{",
        "_", "\\left", "\\mathbb", "\\text{", "\\\\", "\\", "\\to", "\\begin{",
    ] {
        let tex = unit.repeat(20_000);
        let text = tex_to_text(&tex);
        // Output grows at most linearly: a few bytes of text per input byte.
        assert!(text.len() <= tex.len() * 4, "{unit:?}: {}", text.len());
    }
}

#[test]
fn hostile_formulas_stay_bounded_when_typeset() {
    for unit in [
        "{",
        "}",
        "\\frac",
        "\\frac{",
        "\\sqrt",
        "\\sqrt[",
        "\\hat",
        "\\hat{",
        "\\not",
        "x^",
        "^{",
        "_",
        "\\left",
        "\\left(",
        "\\mathbb",
        "\\text{",
        "\\\\",
        "\\",
        "\\to",
        "\\begin{",
        "\\begin{matrix}",
        "&",
        "x_1",
        "'",
    ] {
        let src = format!("${}$", unit.repeat(5_000));
        let nodes = render(&src);
        let size = html(&src).len();
        assert!(size <= src.len() * 40, "{unit:?}: {size}");
        assert!(depth(&nodes) <= 200, "{unit:?}");
    }
}

#[test]
fn mathml_elements_are_the_allowed_ones_in_their_namespace_list() {
    let markup = html(include_str!("fixtures/markdown/math.md"));
    for tag in markup
        .split('<')
        .skip(1)
        .filter_map(|t| t.split(['>', ' ']).next())
    {
        let tag = tag.trim_start_matches('/');
        if tag.starts_with('m') && tag != "mark" {
            assert!(MATHML_TAGS.contains(&tag), "{tag}");
        }
    }
}

fn depth(nodes: &[MdNode]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            MdNode::Element { children, .. } => 1 + depth(children),
            MdNode::Text(_) => 0,
        })
        .max()
        .unwrap_or(0)
}
