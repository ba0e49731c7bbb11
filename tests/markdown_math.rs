//! Math without a math renderer: `$…$` and `$$…$$` become readable Unicode
//! text with the TeX in a title, prices stay prices, and no input makes the
//! converter fail, blow up or recurse without bound.

use minimax_chat::markdown::{render, tex_to_text, to_html_string};

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
fn inline_and_display_math_keep_their_tex_in_the_title() {
    assert_eq!(
        html("Area $\\pi r^2$ here."),
        "<p>Area <span class=\"math math-inline\" title=\"\\pi r^2\">π r²</span> here.</p>"
    );
    assert_eq!(
        html("$$\n\\frac{a}{b} \\le 1\n$$"),
        "<p><span class=\"math math-display\" title=\"\\frac{a}{b} \\le 1\">a/b ≤ 1</span></p>"
    );
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
        "<p>$5-$10 and <span class=\"math math-inline\" title=\"x^2\">x²</span></p>"
    );
}

#[test]
fn math_text_is_never_markup() {
    assert_eq!(
        html("$<b onclick=x>$"),
        "<p><span class=\"math math-inline\" title=\"&lt;b onclick=x&gt;\">\
         &lt;b onclick=x&gt;</span></p>"
    );
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
