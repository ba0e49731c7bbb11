//! Turns common TeX into readable Unicode text: `\frac{a}{b}` → `a/b`,
//! `x^2` → `x²`, `\alpha \le \infty` → `α ≤ ∞`. We ship no math renderer
//! (it would dwarf the app); this fallback never fails, keeps anything it
//! does not know as written, and the caller keeps the TeX in a `title`.

use super::tex_symbols::{Symbol, blackboard, subscript, superscript, symbol};

/// Groups nested deeper than this are copied as written rather than
/// converted, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 16;

/// Longest argument an accent is drawn over.
const MAX_ACCENTED: usize = 4;

/// Readable text for the TeX source `tex`.
pub fn tex_to_text(tex: &str) -> String {
    let mut reader = Reader { rest: tex };
    let mut out = String::new();
    reader.sequence(&mut out, 0);
    tidy(&out)
}

struct Reader<'t> {
    rest: &'t str,
}

impl<'t> Reader<'t> {
    fn next(&mut self) -> Option<char> {
        let c = self.rest.chars().next()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    /// Converts until the `}` closing the current group (consumed) or the
    /// end of input.
    fn sequence(&mut self, out: &mut String, depth: usize) {
        while let Some(c) = self.next() {
            match c {
                '}' if depth > 0 => return,
                '{' => self.group(out, depth + 1),
                '\\' => self.command(out, depth),
                '^' | '_' => self.script(c, out, depth),
                '&' | '~' | '\n' | '\t' => out.push(' '),
                '\'' => out.push('′'),
                _ => out.push(c),
            }
        }
    }

    /// The rest of a group whose `{` was just read.
    fn group(&mut self, out: &mut String, depth: usize) {
        if depth <= MAX_DEPTH {
            self.sequence(out, depth);
            return;
        }
        // Too deep: copy the group's text as it is, up to its `}`.
        let mut open = 1usize;
        while let Some(c) = self.next() {
            match c {
                '\\' => {
                    out.push(c);
                    if let Some(escaped) = self.next() {
                        out.push(escaped);
                    }
                    continue;
                }
                '{' => open += 1,
                '}' => {
                    open -= 1;
                    if open == 0 {
                        return;
                    }
                }
                _ => {}
            }
            out.push(c);
        }
    }

    /// One argument: a group, a command or a single character, converted.
    fn argument(&mut self, depth: usize) -> String {
        let mut out = String::new();
        while self.peek().is_some_and(char::is_whitespace) {
            self.next();
        }
        match self.next() {
            Some('{') => self.group(&mut out, depth + 1),
            Some('\\') => self.command(&mut out, depth + 1),
            Some(c) => out.push(c),
            None => {}
        }
        out.trim().to_owned()
    }

    /// `^x`, `_{ij}`: Unicode scripts when every character has one.
    fn script(&mut self, mark: char, out: &mut String, depth: usize) {
        let arg = self.argument(depth);
        let converted = if mark == '^' {
            superscript(&arg)
        } else {
            subscript(&arg)
        };
        match converted {
            Some(text) => out.push_str(&text),
            None if arg.chars().count() == 1 => {
                out.push(mark);
                out.push_str(&arg);
            }
            None => {
                out.push(mark);
                out.push('{');
                out.push_str(&arg);
                out.push('}');
            }
        }
    }

    /// A command whose `\` was just read. Past the nesting limit its name
    /// is left to be read as text.
    fn command(&mut self, out: &mut String, depth: usize) {
        if depth >= MAX_DEPTH {
            out.push('\\');
            return;
        }
        let letters = self
            .rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(self.rest.len());
        if letters == 0 {
            // A control symbol: `\,`, `\{`, `\\`.
            match self.next() {
                Some(',' | ';' | ':' | '>' | ' ') => out.push(' '),
                Some('!') | None => {}
                Some('\\') => out.push('\n'),
                Some('|') => out.push('‖'),
                Some(c) => out.push(c),
            }
            return;
        }
        let name = &self.rest[..letters];
        self.rest = &self.rest[letters..];
        self.named(name, out, depth);
    }

    fn named(&mut self, name: &'t str, out: &mut String, depth: usize) {
        match name {
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl"
            | "Bigr" | "displaystyle" | "textstyle" | "limits" | "nolimits" | "nonumber"
            | "notag" => {
                // `\left.` is an invisible delimiter.
                if self.peek() == Some('.') {
                    self.next();
                }
            }
            "quad" | "qquad" => out.push_str("  "),
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let top = self.argument(depth);
                let bottom = self.argument(depth);
                out.push_str(&format!("{}/{}", wrap(&top), wrap(&bottom)));
            }
            "sqrt" => self.root(out, depth),
            "text" | "textrm" | "textit" | "textbf" | "textsf" | "texttt" | "mathrm" | "mathit"
            | "mathbf" | "mathsf" | "mathtt" | "mathcal" | "mathfrak" | "mbox" | "operatorname"
            | "boldsymbol" | "bm" | "boxed" => {
                // `\operatorname*`: limits under it, which text has not.
                if self.peek() == Some('*') {
                    self.next();
                }
                out.push_str(&self.argument(depth));
            }
            // The MathML reader's other commands, read as words: colours
            // dropped, `\overset{a}{b}` its base, `\tag{1}` as (1).
            "color" | "label" => {
                self.argument(depth);
            }
            "mathop" | "mathbin" | "mathrel" | "mathord" => out.push_str(&self.argument(depth)),
            "ket" | "bra" => {
                let inner = self.argument(depth);
                let ket = name == "ket";
                out.push(if ket { '|' } else { '⟨' });
                out.push_str(&inner);
                out.push(if ket { '⟩' } else { '|' });
            }
            "mathring" => self.accent('\u{30a}', out, depth),
            "textcolor" | "overset" | "stackrel" | "underset" => {
                self.argument(depth);
                out.push_str(&self.argument(depth));
            }
            "xrightarrow" | "xleftarrow" => {
                // The optional words under the arrow are left out.
                if self.peek() == Some('[') {
                    while self.next().is_some_and(|c| c != ']') {}
                }
                let label = self.argument(depth);
                out.push_str(if name == "xleftarrow" { " ←" } else { " →" });
                parenthesized(out, &label);
                out.push(' ');
            }
            "tag" => {
                let label = self.argument(depth);
                out.push_str("  ");
                parenthesized(out, &label);
            }
            "mathbb" => {
                let arg = self.argument(depth);
                out.push_str(blackboard(&arg).unwrap_or(&arg));
            }
            "begin" | "end" => {
                self.argument(depth);
            }
            "not" => {
                let arg = self.argument(depth);
                // Precomposed where Unicode has one; a combining slash
                // otherwise, which fonts draw less reliably.
                let negated = match arg.as_str() {
                    "=" => "≠",
                    "∈" => "∉",
                    "≡" => "≢",
                    "⊂" => "⊄",
                    "⊆" => "⊈",
                    "∃" => "∄",
                    "<" => "≮",
                    ">" => "≯",
                    _ => {
                        out.push_str(&arg);
                        out.push('\u{338}');
                        return;
                    }
                };
                out.push(' ');
                out.push_str(negated);
                out.push(' ');
            }
            "hat" | "widehat" => self.accent('\u{302}', out, depth),
            "bar" | "overline" => self.accent('\u{305}', out, depth),
            "vec" => self.accent('\u{20d7}', out, depth),
            "dot" => self.accent('\u{307}', out, depth),
            "ddot" => self.accent('\u{308}', out, depth),
            "tilde" | "widetilde" => self.accent('\u{303}', out, depth),
            _ => match symbol(name) {
                Some(Symbol::Ordinary(text)) => out.push_str(text),
                Some(Symbol::Operator(text)) => {
                    out.push(' ');
                    out.push_str(text);
                    out.push(' ');
                }
                Some(Symbol::Function(word)) => {
                    out.push_str(word);
                    // `\sin\theta` reads `sin θ`, `\sin(x)` stays `sin(x)`.
                    if self
                        .peek()
                        .is_some_and(|c| c.is_alphanumeric() || c == '\\')
                    {
                        out.push(' ');
                    }
                }
                None => {
                    // Unknown: kept as written, with its argument's braces.
                    out.push('\\');
                    out.push_str(name);
                    if self.peek() == Some('{') {
                        self.next();
                        out.push('{');
                        self.group(out, depth + 1);
                        out.push('}');
                    }
                }
            },
        }
    }

    /// `\sqrt{x}` → `√(x)`, `\sqrt[3]{x}` → `∛(x)`.
    fn root(&mut self, out: &mut String, depth: usize) {
        let mut index = String::new();
        if self.peek() == Some('[') {
            self.next();
            let close = self.rest.find(']').unwrap_or(self.rest.len());
            index = tex_to_text_at(&self.rest[..close], depth + 1);
            self.rest = self.rest.get(close + 1..).unwrap_or_default();
        }
        let radicand = self.argument(depth);
        match index.as_str() {
            "" | "2" => out.push('√'),
            "3" => out.push('∛'),
            "4" => out.push('∜'),
            _ => {
                out.push_str(&superscript(&index).unwrap_or(index));
                out.push('√');
            }
        }
        out.push('(');
        out.push_str(&radicand);
        out.push(')');
    }

    /// Puts a combining mark after each base character of a short argument
    /// (`\hat{x}`, `\overline{AB}`); longer ones stay unmarked. Marks that
    /// are there already get none, so nested accents add one mark per level
    /// rather than doubling the text at each.
    fn accent(&mut self, mark: char, out: &mut String, depth: usize) {
        let arg = self.argument(depth);
        if arg.chars().filter(|c| !is_combining(*c)).count() > MAX_ACCENTED {
            out.push_str(&arg);
            return;
        }
        let mut chars = arg.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            let base = !c.is_whitespace() && !is_combining(c);
            if base {
                while let Some(&existing) = chars.peek().filter(|&&n| is_combining(n)) {
                    out.push(existing);
                    chars.next();
                }
                out.push(mark);
            }
        }
    }
}

/// The combining marks `accent` adds (and any others of those blocks).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{20d0}'..='\u{20ff}')
}

/// Converts a nested piece (a root's index) at the given depth.
fn tex_to_text_at(tex: &str, depth: usize) -> String {
    let mut reader = Reader { rest: tex };
    let mut out = String::new();
    reader.sequence(&mut out, depth.min(MAX_DEPTH));
    out.trim().to_owned()
}

/// `(label)`, written onto `out` (`format!` in its two callers cost
/// 0.3 KB gzipped of the renderer module).
fn parenthesized(out: &mut String, label: &str) {
    out.push('(');
    out.push_str(label);
    out.push(')');
}

/// `a+b` needs brackets around it as a numerator; `2` or `x` does not.
fn wrap(part: &str) -> String {
    if part.chars().all(char::is_alphanumeric) {
        part.to_owned()
    } else {
        format!("({part})")
    }
}

/// One space between words, none at line ends, no blank lines at the ends.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    lines.join("\n").trim().to_owned()
}
