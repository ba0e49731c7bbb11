//! Unicode for TeX commands and scripts, as compact `name=char` lists (far
//! smaller in the wasm than a slice of pairs).

/// Letters and ordinary symbols, written as they are.
const SYMBOLS: &str = "alpha=α beta=β gamma=γ delta=δ epsilon=ϵ varepsilon=ε zeta=ζ eta=η \
    theta=θ vartheta=ϑ iota=ι kappa=κ lambda=λ mu=μ nu=ν xi=ξ omicron=ο pi=π varpi=ϖ rho=ρ \
    varrho=ϱ sigma=σ varsigma=ς tau=τ upsilon=υ phi=ϕ varphi=φ chi=χ psi=ψ omega=ω Gamma=Γ \
    Delta=Δ Theta=Θ Lambda=Λ Xi=Ξ Pi=Π Sigma=Σ Upsilon=Υ Phi=Φ Psi=Ψ Omega=Ω infty=∞ \
    sum=∑ prod=∏ coprod=∐ int=∫ iint=∬ iiint=∭ oint=∮ partial=∂ nabla=∇ forall=∀ \
    exists=∃ nexists=∄ emptyset=∅ varnothing=∅ neg=¬ lnot=¬ ell=ℓ hbar=ℏ aleph=ℵ Re=ℜ \
    Im=ℑ wp=℘ angle=∠ triangle=△ degree=° prime=′ langle=⟨ rangle=⟩ lfloor=⌊ rfloor=⌋ \
    lceil=⌈ rceil=⌉ lvert=| rvert=| vert=| lVert=‖ rVert=‖ Vert=‖ ldots=… dots=… cdots=⋯ \
    vdots=⋮ ddots=⋱ top=⊤ bot=⊥ checkmark=✓ dagger=† star=⋆ clubsuit=♣ heartsuit=♡ \
    surd=√ lbrace={ rbrace=} backslash=\\ square=□ Box=□ blacksquare=■ qed=∎";

/// Operators and relations, written with a space on each side.
const OPERATORS: &str = "cdot=· times=× pm=± mp=∓ div=÷ ast=∗ circ=∘ bullet=• oplus=⊕ \
    ominus=⊖ otimes=⊗ odot=⊙ cup=∪ cap=∩ setminus=∖ wedge=∧ land=∧ vee=∨ lor=∨ le=≤ leq=≤ \
    ge=≥ geq=≥ ne=≠ neq=≠ approx=≈ equiv=≡ sim=∼ simeq=≃ cong=≅ propto=∝ ll=≪ gg=≫ \
    leqslant=⩽ geqslant=⩾ prec=≺ succ=≻ in=∈ notin=∉ ni=∋ subset=⊂ supset=⊃ subseteq=⊆ \
    supseteq=⊇ perp=⊥ parallel=∥ mid=∣ to=→ rightarrow=→ leftarrow=← gets=← \
    leftrightarrow=↔ Rightarrow=⇒ Leftarrow=⇐ Leftrightarrow=⇔ implies=⟹ impliedby=⟸ \
    iff=⟺ mapsto=↦ longrightarrow=⟶ longleftarrow=⟵ uparrow=↑ downarrow=↓ coloneqq=≔ \
    mod=mod bmod=mod vdash=⊢ models=⊨ Longrightarrow=⟹ Longleftarrow=⟸ Longleftrightarrow=⟺ \
    longleftrightarrow=⟷ twoheadrightarrow=↠ rightleftharpoons=⇌ leftrightharpoons=⇋ \
    nearrow=↗ searrow=↘ nwarrow=↖ swarrow=↙";

/// Operator names TeX sets upright; written as words.
const FUNCTIONS: &str = "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth \
    log ln lg exp lim liminf limsup max min sup inf arg deg det dim gcd hom ker Pr";

/// Double-struck capitals for `\mathbb`.
const BLACKBOARD: &str = "N=ℕ Z=ℤ Q=ℚ R=ℝ C=ℂ P=ℙ H=ℍ E=𝔼 1=𝟙";

/// Characters with a superscript form, and that form, in the same order.
const SUPER_FROM: &str = "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWαβγδθφχ′";
const SUPER_TO: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵅᵝᵞᵟᶿᵠᵡ′";
const SUB_FROM: &str = "0123456789+-=()aehijklmnoprstuvxβγρφχ";
const SUB_TO: &str = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ";

/// How a command's replacement sits in the text.
pub(crate) enum Symbol {
    Ordinary(&'static str),
    /// Gets a space on each side: `a\le b` reads `a ≤ b`.
    Operator(&'static str),
    /// An upright function name, `sin`.
    Function(&'static str),
}

pub(crate) fn symbol(name: &str) -> Option<Symbol> {
    if let Some(text) = lookup(SYMBOLS, name) {
        return Some(Symbol::Ordinary(text));
    }
    if let Some(text) = lookup(OPERATORS, name) {
        return Some(Symbol::Operator(text));
    }
    find_word(FUNCTIONS, name).map(|at| Symbol::Function(&FUNCTIONS[at..at + name.len()]))
}

/// `\mathbb{R}` → `ℝ`.
pub(crate) fn blackboard(letter: &str) -> Option<&'static str> {
    lookup(BLACKBOARD, letter)
}

/// `text` in superscript characters, if every character has one.
pub(crate) fn superscript(text: &str) -> Option<String> {
    script(text, SUPER_FROM, SUPER_TO)
}

/// `text` in subscript characters, if every character has one.
pub(crate) fn subscript(text: &str) -> Option<String> {
    script(text, SUB_FROM, SUB_TO)
}

fn script(text: &str, from: &str, to: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    text.chars()
        .filter(|c| *c != ' ')
        .map(|c| {
            let index = from.chars().position(|f| f == c)?;
            to.chars().nth(index)
        })
        .collect()
}

/// The value of `name=value` in `table`.
pub(crate) fn lookup(table: &'static str, name: &str) -> Option<&'static str> {
    let key = find_word(table, &format!("{name}="))?;
    let value = &table[key + name.len() + 1..];
    Some(value.split(' ').next().unwrap_or(value))
}

/// Where `word` starts a space-separated entry of `table`. A substring
/// search, fast even when a hostile formula holds thousands of commands.
pub(crate) fn find_word(table: &str, word: &str) -> Option<usize> {
    let bytes = table.as_bytes();
    table.match_indices(word).map(|(at, _)| at).find(|&at| {
        let starts = at == 0 || bytes[at - 1] == b' ';
        let ends = word.ends_with('=') || matches!(bytes.get(at + word.len()), None | Some(b' '));
        starts && ends && !word.is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tables_line_up() {
        assert_eq!(SUPER_FROM.chars().count(), SUPER_TO.chars().count());
        assert_eq!(SUB_FROM.chars().count(), SUB_TO.chars().count());
    }

    #[test]
    fn every_entry_has_a_value() {
        for table in [SYMBOLS, OPERATORS, BLACKBOARD] {
            for entry in table.split(' ') {
                assert!(
                    entry
                        .split_once('=')
                        .is_some_and(|(k, v)| !k.is_empty() && !v.is_empty()),
                    "{entry:?}"
                );
            }
        }
    }
}
