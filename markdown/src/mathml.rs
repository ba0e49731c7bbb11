//! TeX to MathML, which Chromium, Firefox and Safari typeset themselves:
//! `$…$` becomes an inline `<math>`, `$$…$$` a `<math display="block">`.
//!
//! A reader for the TeX that models write (scripts, fractions, roots,
//! accents, `\left…\right`, matrices and aligned environments, Greek,
//! operators, styled letters), built on the symbol tables of the Unicode
//! fallback (`tex_symbols`). It gives up on anything else (an unknown
//! command, unbalanced braces, nesting past [`MAX_DEPTH`]), and the caller
//! then shows the formula as readable text (`tex`): a formula is either
//! typeset whole or shown as text, never half of each.
//!
//! Safety: element and attribute names come from the renderer's
//! allow-lists; attribute values are constants of this file; the formula's
//! own characters only ever become text nodes.

use super::node::MdNode;
use super::tex_symbols::{Symbol, blackboard, find_word, lookup, symbol};

/// Groups and commands nested deeper than this are not typeset.
const MAX_DEPTH: usize = 24;

/// `tex` as a `<math>` element, or `None` when it holds something this
/// reader does not typeset.
pub(crate) fn tex_to_mathml(tex: &str, display: bool) -> Option<MdNode> {
    let mut reader = Reader {
        rest: tex,
        depth: 0,
        display,
    };
    let (items, _) = reader.sequence(Stop::End)?;
    let attrs = if display {
        vec![("display", "block".to_owned())]
    } else {
        Vec::new()
    };
    Some(MdNode::with_attrs("math", attrs, vec![row(items)]))
}

/// Where a sequence may end.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    /// The end of the formula.
    End,
    /// A `}`.
    Brace,
    /// `\right`.
    Right,
    /// A table cell: `&`, `\\` or `\end`.
    Cell,
}

/// How a sequence ended.
#[derive(Clone, Copy, PartialEq)]
enum Ended {
    Here,
    NextCell,
    NextRow,
    EndEnv,
}

/// A piece with what its scripts need to know: big operators such as `∑`
/// take theirs above and below in display math.
struct Atom {
    node: MdNode,
    limits: bool,
    /// An operator name (`\sin`, `\operatorname{f}`): a thin space parts
    /// it from what it applies to.
    function: bool,
}

impl Atom {
    fn plain(node: MdNode) -> Self {
        Atom {
            node,
            limits: false,
            function: false,
        }
    }
}

struct Reader<'t> {
    rest: &'t str,
    depth: usize,
    display: bool,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    /// Whether `\name` (a whole command name) comes next.
    fn at_command(&self, name: &str) -> bool {
        self.rest
            .strip_prefix('\\')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|after| !after.starts_with(|c: char| c.is_ascii_alphabetic()))
    }

    /// Runs `f` one level deeper, or fails past the limit.
    fn nested<R>(&mut self, f: impl FnOnce(&mut Self) -> Option<R>) -> Option<R> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// Pieces up to where `stop` says, which is consumed (but `\end`, which
    /// the environment reads).
    fn sequence(&mut self, stop: Stop) -> Option<(Vec<MdNode>, Ended)> {
        let mut out = Vec::new();
        loop {
            self.skip_space();
            let Some(c) = self.peek() else {
                return (stop == Stop::End).then_some((out, Ended::Here));
            };
            match c {
                '}' => {
                    self.next();
                    return (stop == Stop::Brace).then_some((out, Ended::Here));
                }
                '&' if stop == Stop::Cell => {
                    self.next();
                    return Some((out, Ended::NextCell));
                }
                '\\' if self.rest.starts_with("\\\\") && stop == Stop::Cell => {
                    self.rest = &self.rest[2..];
                    return Some((out, Ended::NextRow));
                }
                '\\' if stop == Stop::Cell && self.at_command("end") => {
                    return Some((out, Ended::EndEnv));
                }
                '\\' if self.at_command("right") => {
                    self.rest = &self.rest["\\right".len()..];
                    return (stop == Stop::Right).then_some((out, Ended::Here));
                }
                '^' | '_' | '\'' => {
                    // Scripts with nothing before them go on an empty base.
                    let base = Atom::plain(MdNode::el("mrow", Vec::new()));
                    out.push(self.scripts(base)?);
                }
                _ => {
                    if let Some(atom) = self.atom()? {
                        let function = atom.function;
                        out.push(self.scripts(atom)?);
                        // As TeX spaces an operator name: `\sin\theta`,
                        // `\log_2 n`, but `\sin(x)`, and none before an
                        // operator, which brings its own space.
                        if function && self.ordinary_follows() {
                            out.push(space("0.1667em"));
                        }
                    }
                }
            }
        }
    }

    /// Whether what comes next is an ordinary piece (a letter, a number, a
    /// group, a symbol, a fraction…) rather than a bracket, an operator, a
    /// space or the end.
    fn ordinary_follows(&self) -> bool {
        let rest = self.rest.trim_start();
        let Some(command) = rest.strip_prefix('\\') else {
            return rest.starts_with(|c: char| c.is_alphanumeric() || c == '{');
        };
        let name = command_name(command);
        if name.is_empty() || lookup(MORE_OPERATORS, name).is_some() {
            return false;
        }
        if lookup(BIG_OPERATORS, name).is_some() {
            return true;
        }
        match (symbol(name), lookup(COMMANDS, name)) {
            (Some(Symbol::Ordinary(text)), _) => !is_delimiter(text),
            (Some(Symbol::Function(_)), _) => true,
            (Some(Symbol::Operator(_)), _) => false,
            (None, Some(kind)) => {
                !matches!(kind, "skip" | "left" | "big" | "not" | "pmod") && !kind.ends_with("em")
            }
            (None, None) => false,
        }
    }

    /// One piece: `Some(None)` for what shows nothing (`\displaystyle`).
    fn atom(&mut self) -> Option<Option<Atom>> {
        let c = self.next()?;
        let node = match c {
            '{' => self
                .nested(|r| r.sequence(Stop::Brace))
                .map(|(items, _)| row(items))?,
            '\\' => return self.command(),
            '0'..='9' => self.number(c),
            '.' if self.peek().is_some_and(|d| d.is_ascii_digit()) => self.number(c),
            c if c.is_alphabetic() => leaf("mi", &c.to_string()),
            // A lone `&` or `~` outside a table, and `\\`'s second half.
            '&' => return Some(None),
            '~' => space("0.25em"),
            '(' | ')' | '[' | ']' | '|' => fixed_fence(&c.to_string()),
            '-' => leaf("mo", "−"),
            '*' => leaf("mo", "∗"),
            c if c.is_control() => return Some(None),
            c => leaf("mo", &c.to_string()),
        };
        Some(Some(Atom::plain(node)))
    }

    /// Digits with at most one decimal point between them: `3.14`.
    fn number(&mut self, first: char) -> MdNode {
        let mut text = first.to_string();
        let mut seen_point = first == '.';
        while let Some(c) = self.peek() {
            let point =
                c == '.' && !seen_point && self.rest[1..].starts_with(|d: char| d.is_ascii_digit());
            if !(c.is_ascii_digit() || point) {
                break;
            }
            seen_point |= point;
            text.push(c);
            self.next();
        }
        leaf("mn", &text)
    }

    /// `^…`, `_…` and primes after `base`.
    fn scripts(&mut self, base: Atom) -> Option<MdNode> {
        let mut sup: Option<MdNode> = None;
        let mut sub: Option<MdNode> = None;
        loop {
            self.skip_space();
            match self.peek() {
                Some('^') if sup.is_none() => {
                    self.next();
                    sup = Some(self.argument()?);
                }
                Some('_') if sub.is_none() => {
                    self.next();
                    sub = Some(self.argument()?);
                }
                Some('\'') if sup.is_none() => {
                    let count = self.rest.chars().take_while(|c| *c == '\'').count();
                    self.rest = &self.rest[count..];
                    let primes = ["′", "″", "‴"].get(count - 1).copied().unwrap_or("⁗");
                    sup = Some(leaf("mo", primes));
                }
                // Two superscripts or subscripts in a row are an error in TeX.
                Some('^' | '_' | '\'') => return None,
                _ if self.at_command("limits") || self.at_command("nolimits") => {
                    let name = if self.at_command("limits") { 7 } else { 9 };
                    self.rest = &self.rest[name..];
                }
                _ => break,
            }
        }
        let under = base.limits && self.display;
        let b = base.node;
        Some(match (sub, sup) {
            (None, None) => b,
            (Some(s), None) if under => pair("munder", b, s),
            (None, Some(s)) if under => pair("mover", b, s),
            (Some(d), Some(u)) if under => MdNode::el("munderover", vec![b, d, u]),
            (Some(s), None) => pair("msub", b, s),
            (None, Some(s)) => pair("msup", b, s),
            (Some(d), Some(u)) => MdNode::el("msubsup", vec![b, d, u]),
        })
    }

    /// A command's or a script's argument: a group, a command or one
    /// character (`x^23` raises only the 2).
    fn argument(&mut self) -> Option<MdNode> {
        self.skip_space();
        match self.peek()? {
            '{' => {
                self.next();
                self.nested(|r| r.sequence(Stop::Brace))
                    .map(|(items, _)| row(items))
            }
            '}' | '^' | '_' | '&' => None,
            '0'..='9' => {
                let digit = self.next()?;
                Some(leaf("mn", &digit.to_string()))
            }
            _ => self
                .nested(Self::atom)?
                .map(|a| a.node)
                .or_else(|| Some(MdNode::el("mrow", Vec::new()))),
        }
    }

    /// An argument's text as written, for `\text{…}` and styled letters:
    /// `None` when it is not a plain group.
    fn raw_argument(&mut self) -> Option<&'t str> {
        self.skip_space();
        let body = self.rest.strip_prefix('{')?;
        let mut depth = 0usize;
        let mut escaped = false;
        for (at, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' if depth == 0 => {
                    self.rest = &body[at + 1..];
                    return Some(&body[..at]);
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    /// A command whose `\` was just read.
    fn command(&mut self) -> Option<Option<Atom>> {
        let letters = command_name(self.rest).len();
        if letters == 0 {
            let c = self.next()?;
            let node = match c {
                ',' => space("0.1667em"),
                ':' | '>' => space("0.2222em"),
                ';' => space("0.2778em"),
                ' ' => space("0.25em"),
                '!' | '\\' => return Some(None),
                '|' => fixed_fence("‖"),
                '{' | '}' => fixed_fence(&c.to_string()),
                c => leaf("mi", &c.to_string()),
            };
            return Some(Some(Atom::plain(node)));
        }
        let name = &self.rest[..letters];
        self.rest = &self.rest[letters..];
        self.nested(|r| r.named(name))
    }

    fn named(&mut self, name: &str) -> Option<Option<Atom>> {
        let Some(kind) = lookup(COMMANDS, name) else {
            return self.symbol(name).map(Some);
        };
        // `\operatorname*{argmax}`: limits under it in display math.
        let limits = name == "operatorname" && self.rest.starts_with('*');
        if limits {
            self.next();
        }
        let node = match kind {
            "skip" => return Some(None),
            "left" => self.fenced()?,
            "big" => leaf("mo", &self.delimiter()?.unwrap_or_default()),
            "frac" | "binom" => {
                let top = self.argument()?;
                let bottom = self.argument()?;
                if kind == "frac" {
                    pair("mfrac", top, bottom)
                } else {
                    let fraction = with("mfrac", "linethickness", "0", vec![top, bottom]);
                    fenced_row("(", fraction, ")")
                }
            }
            "sqrt" => self.root()?,
            "text" => leaf("mtext", &text_of(self.raw_argument()?)),
            "upright" => self.upright()?,
            "styled" => self.styled(name)?,
            "not" => self.negated()?,
            "begin" => self.environment()?,
            // A final answer, `\boxed{42}`: framed by the stylesheet.
            "boxed" => with("mrow", "class", "boxed", vec![self.argument()?]),
            "overset" | "underset" => {
                let mark = self.argument()?;
                let base = self.argument()?;
                let tag = if kind == "overset" { "mover" } else { "munder" };
                pair(tag, base, mark)
            }
            // `\xrightarrow[below]{above}`: an arrow with words on it.
            "xarrow" => {
                let below = self.optional()?;
                let above = self.argument()?;
                let arrow = leaf("mo", if name == "xleftarrow" { "←" } else { "→" });
                match below {
                    Some(below) => MdNode::el("munderover", vec![arrow, below, above]),
                    None => pair("mover", arrow, above),
                }
            }
            // `\label{eq:1}` marks an equation for `\ref`: nothing to show.
            "label" => {
                self.raw_argument()?;
                return Some(None);
            }
            // `\mathop{\mathrm{rank}}`: an operator name of one's own.
            "mathop" => {
                return Some(Some(Atom {
                    function: true,
                    ..Atom::plain(self.argument()?)
                }));
            }
            "bare" => self.argument()?,
            // Dirac's notation: `\ket{\psi}` → |ψ⟩, `\bra{\phi}` → ⟨ϕ|.
            "ket" | "bra" => {
                let inner = self.argument()?;
                let (open, close) = if kind == "ket" {
                    ("|", "⟩")
                } else {
                    ("⟨", "|")
                };
                MdNode::el("mrow", vec![fixed_fence(open), inner, fixed_fence(close)])
            }
            // Colours are not shown: the text keeps the page's.
            "color" => {
                self.raw_argument()?;
                return Some(None);
            }
            "textcolor" => {
                self.raw_argument()?;
                self.argument()?
            }
            // An equation's number, after it: `\tag{1}` → (1).
            "tag" => {
                // Built by hand: `format!` here costs 0.2 KB gzipped.
                let mut label = String::from("(");
                label.push_str(&text_of(self.raw_argument()?));
                label.push(')');
                MdNode::el("mrow", vec![space("2em"), leaf("mtext", &label)])
            }
            "pmod" => {
                let arg = self.argument()?;
                let inner = MdNode::el("mrow", vec![leaf("mi", "mod"), space("0.25em"), arg]);
                MdNode::el("mrow", vec![space("0.5em"), fenced_row("(", inner, ")")])
            }
            "over" | "under" => {
                let base = self.argument()?;
                let mark = leaf("mo", lookup(ACCENTS, name)?);
                let (tag, attr) = if kind == "over" {
                    ("mover", "accent")
                } else {
                    ("munder", "accentunder")
                };
                with(tag, attr, "true", vec![base, mark])
            }
            // A space, the table's value its width.
            width => space(width),
        };
        Some(Some(Atom {
            function: name == "operatorname",
            limits,
            ..Atom::plain(node)
        }))
    }

    /// A command from the symbol tables, or `None` for one it does not know.
    fn symbol(&self, name: &str) -> Option<Atom> {
        if let Some(op) = lookup(MORE_OPERATORS, name) {
            let node = if is_delimiter(op) {
                fixed_fence(op)
            } else {
                leaf("mo", op)
            };
            return Some(Atom::plain(node));
        }
        if let Some(op) = lookup(BIG_OPERATORS, name) {
            return Some(Atom {
                node: leaf("mo", op),
                // Integrals keep their limits at the side.
                limits: !name.contains("int"),
                function: false,
            });
        }
        let atom = match symbol(name)? {
            Symbol::Ordinary(text) if is_delimiter(text) => Atom::plain(fixed_fence(text)),
            Symbol::Ordinary(text) if text.starts_with(|c: char| ('Α'..='Ω').contains(&c)) => {
                Atom::plain(MdNode::with_attrs(
                    "mi",
                    vec![("mathvariant", "normal".to_owned())],
                    vec![MdNode::Text(text.into())],
                ))
            }
            Symbol::Ordinary(text) => Atom::plain(leaf("mi", text)),
            Symbol::Operator(text) => Atom::plain(leaf("mo", text)),
            Symbol::Function(word) => Atom {
                node: leaf("mi", word),
                limits: find_word(LIMIT_FUNCTIONS, word).is_some(),
                function: true,
            },
        };
        Some(atom)
    }

    /// `\left( … \right)`: fences that grow with what they hold.
    fn fenced(&mut self) -> Option<MdNode> {
        let open = self.delimiter()?;
        let (items, _) = self.sequence(Stop::Right)?;
        let close = self.delimiter()?;
        let mut children = Vec::new();
        children.extend(open.map(|d| leaf("mo", &d)));
        children.extend(items);
        children.extend(close.map(|d| leaf("mo", &d)));
        Some(MdNode::el("mrow", children))
    }

    /// The delimiter after `\left`, `\right` or `\big`: `Some(None)` for
    /// the invisible `.`.
    fn delimiter(&mut self) -> Option<Option<String>> {
        self.skip_space();
        match self.next()? {
            '.' => Some(None),
            '\\' => {
                if self.peek().is_some_and(|c| !c.is_ascii_alphabetic()) {
                    return match self.next()? {
                        '|' => Some(Some("‖".into())),
                        c @ ('{' | '}') => Some(Some(c.to_string())),
                        _ => None,
                    };
                }
                let letters = self
                    .rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(self.rest.len());
                let name = &self.rest[..letters];
                self.rest = &self.rest[letters..];
                match symbol(name)? {
                    // A fence, or an arrow (`\left\uparrow`).
                    Symbol::Ordinary(text) | Symbol::Operator(text)
                        if is_delimiter(text) || matches!(text, "↑" | "↓") =>
                    {
                        Some(Some(text.into()))
                    }
                    _ => None,
                }
            }
            c @ ('(' | ')' | '[' | ']' | '|' | '/') => Some(Some(c.to_string())),
            '<' => Some(Some("⟨".into())),
            '>' => Some(Some("⟩".into())),
            _ => None,
        }
    }

    /// `\sqrt{x}`, `\sqrt[3]{x}`.
    fn root(&mut self) -> Option<MdNode> {
        let index = self.optional()?;
        let radicand = self.argument()?;
        Some(match index {
            Some(index) => pair("mroot", radicand, index),
            None => MdNode::el("msqrt", vec![radicand]),
        })
    }

    /// An optional argument in brackets (`\sqrt[3]`): `Some(None)` when
    /// there is none, `None` when it cannot be read.
    fn optional(&mut self) -> Option<Option<MdNode>> {
        self.skip_space();
        match self.rest.strip_prefix('[') {
            Some(after) => {
                let close = after.find(']')?;
                self.rest = &after[close + 1..];
                Some(Some(self.math_of(&after[..close])?))
            }
            None => Some(None),
        }
    }

    /// `\mathrm{d}`, `\operatorname{Var}`: upright letters.
    fn upright(&mut self) -> Option<MdNode> {
        let raw = self.raw_argument()?;
        // `\operatorname*{arg\,max}`: a word, its `\,` a thin space.
        let words = raw.replace("\\,", "\u{2009}");
        if words
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '\u{2009}')
        {
            let text: String = words.chars().filter(|c| *c != ' ').collect();
            return Some(MdNode::with_attrs(
                "mi",
                vec![("mathvariant", "normal".to_owned())],
                vec![MdNode::Text(text)],
            ));
        }
        self.math_of(raw)
    }

    /// `\mathbb{R}`, `\mathbf{v}`: the letters in Unicode's mathematical
    /// alphabets (MathML's own `mathvariant` is not drawn by Chromium).
    fn styled(&mut self, name: &str) -> Option<MdNode> {
        let raw = self.raw_argument()?;
        let plain = raw.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
        if !plain {
            return self.math_of(raw);
        }
        let pieces: Vec<MdNode> = raw
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| {
                let styled = style_char(name, c);
                if c.is_ascii_digit() {
                    leaf("mn", &styled)
                } else {
                    leaf("mi", &styled)
                }
            })
            .collect();
        Some(row(pieces))
    }

    /// A piece of the formula read on its own, as math: a root's index, or
    /// a styled group holding commands.
    fn math_of(&mut self, raw: &str) -> Option<MdNode> {
        let mut reader = Reader {
            rest: raw,
            depth: self.depth + 1,
            display: self.display,
        };
        let (items, _) = reader.nested(|r| r.sequence(Stop::End))?;
        Some(row(items))
    }

    /// `\not=` → `≠`; other relations get a combining slash.
    fn negated(&mut self) -> Option<MdNode> {
        let arg = self.argument()?;
        let text = arg.text_content();
        let negated = match lookup(NEGATED, &text) {
            Some(precomposed) => precomposed.to_owned(),
            None if text.chars().count() == 1 => format!("{text}\u{338}"),
            None => return None,
        };
        Some(leaf("mo", &negated))
    }

    /// `\begin{…} … \end{…}`: matrices, cases and aligned equations.
    fn environment(&mut self) -> Option<MdNode> {
        let name = self.raw_argument()?;
        let kind = Environment::of(name)?;
        if name == "array" || name == "alignat" || name == "alignat*" {
            // The column spec (or count): alignment is ours.
            self.raw_argument()?;
        }
        let mut rows: Vec<MdNode> = Vec::new();
        let mut cells: Vec<MdNode> = Vec::new();
        loop {
            let (items, ended) = self.sequence(Stop::Cell)?;
            let column = cells.len();
            let empty = items.is_empty();
            cells.push(kind.cell(column, row(items)));
            match ended {
                Ended::NextCell => {}
                Ended::NextRow => rows.push(MdNode::el("mtr", std::mem::take(&mut cells))),
                Ended::EndEnv => {
                    // A last `\\` leaves an empty row behind: not a row.
                    if !(empty && column == 0 && !rows.is_empty()) {
                        rows.push(MdNode::el("mtr", std::mem::take(&mut cells)));
                    }
                    break;
                }
                Ended::Here => return None,
            }
        }
        self.rest = self.rest.strip_prefix("\\end")?;
        if self.raw_argument()? != name {
            return None;
        }
        let table = MdNode::el("mtable", rows);
        Some(match kind.fences() {
            None => table,
            Some((open, close)) => fenced_row(open, table, close),
        })
    }
}

/// `open content close` in a row; an empty fence is left out (`cases`
/// has no right one).
fn fenced_row(open: &str, content: MdNode, close: &str) -> MdNode {
    let mut children = Vec::with_capacity(3);
    if !open.is_empty() {
        children.push(leaf("mo", open));
    }
    children.push(content);
    if !close.is_empty() {
        children.push(leaf("mo", close));
    }
    MdNode::el("mrow", children)
}

/// The environments typeset, by how their cells align and what encloses them.
#[derive(Clone, Copy)]
enum Environment {
    /// A matrix, and its fences (`pmatrix`: `(` and `)`), if any.
    Matrix(Option<(&'static str, &'static str)>),
    Cases,
    Aligned,
}

/// Each environment: `-` a bare table, two fences, `cases` or `aligned`.
const ENVIRONMENTS: &str = "matrix=- smallmatrix=- array=- gathered=- gather=- gather*=- \
    equation=- equation*=- pmatrix=() bmatrix=[] Bmatrix={} vmatrix=|| Vmatrix=‖‖ cases=cases \
    aligned=aligned align=aligned align*=aligned alignat=aligned alignat*=aligned \
    split=aligned eqnarray=aligned eqnarray*=aligned";

impl Environment {
    fn of(name: &str) -> Option<Self> {
        Some(match lookup(ENVIRONMENTS, name)? {
            "-" => Environment::Matrix(None),
            "cases" => Environment::Cases,
            "aligned" => Environment::Aligned,
            fences => {
                let close = fences.char_indices().nth(1)?.0;
                Environment::Matrix(Some((&fences[..close], &fences[close..])))
            }
        })
    }

    fn fences(self) -> Option<(&'static str, &'static str)> {
        match self {
            Environment::Matrix(fences) => fences,
            Environment::Cases => Some(("{", "")),
            Environment::Aligned => None,
        }
    }

    /// A cell in column `column`; its alignment is a class (the CSS in
    /// markdown.css), which every engine honours.
    fn cell(self, column: usize, content: MdNode) -> MdNode {
        let class = match self {
            Environment::Matrix(_) => None,
            Environment::Cases => Some("ml"),
            Environment::Aligned if column.is_multiple_of(2) => Some("mr"),
            Environment::Aligned => Some("ml"),
        };
        match class {
            Some(class) => {
                MdNode::with_attrs("mtd", vec![("class", class.to_owned())], vec![content])
            }
            None => MdNode::el("mtd", vec![content]),
        }
    }
}

/// What each command beyond the symbols is, as `named` reads it (a space's
/// value is its width). Compact `name=value` lists, like `tex_symbols`: far
/// smaller in the wasm than a `match` on the names.
const COMMANDS: &str = "displaystyle=skip textstyle=skip scriptstyle=skip limits=skip \
    nolimits=skip left=left big=big Big=big bigg=big Bigg=big bigl=big bigr=big Bigl=big \
    Bigr=big biggl=big biggr=big Biggl=big Biggr=big bigm=big Bigm=big frac=frac dfrac=frac \
    tfrac=frac cfrac=frac binom=binom dbinom=binom tbinom=binom sqrt=sqrt text=text \
    textrm=text textit=text textbf=text textsf=text texttt=text textnormal=text mbox=text \
    hbox=text operatorname=upright mathrm=upright mathup=upright rm=upright mathbf=styled \
    mathbb=styled mathcal=styled mathscr=styled mathfrak=styled mathsf=styled mathtt=styled \
    mathit=styled boldsymbol=styled bm=styled not=not begin=begin pmod=pmod boxed=boxed \
    overset=overset stackrel=overset underset=underset xrightarrow=xarrow xleftarrow=xarrow \
    color=color textcolor=textcolor tag=tag nonumber=skip notag=skip label=label mathop=mathop \
    mathbin=bare mathrel=bare mathord=bare ket=ket bra=bra mathring=over quad=1em \
    qquad=2em enspace=0.5em thinspace=0.1667em hat=over widehat=over bar=over overline=over \
    vec=over overrightarrow=over overleftarrow=over dot=over ddot=over tilde=over \
    widetilde=over check=over breve=over acute=over grave=over overbrace=over \
    underline=under underbrace=under";

/// The mark each accent draws.
const ACCENTS: &str = "hat=^ widehat=^ bar=¯ overline=‾ vec=→ overrightarrow=→ overleftarrow=← \
    dot=˙ ddot=¨ tilde=~ widetilde=~ check=ˇ breve=˘ acute=´ grave=` mathring=˚ overbrace=⏞ underline=_ \
    underbrace=⏟";

/// Big operators: limits above and below in display math (but integrals).
const BIG_OPERATORS: &str = "sum=∑ prod=∏ coprod=∐ bigcup=⋃ bigcap=⋂ bigoplus=⨁ bigotimes=⨂ \
    bigvee=⋁ bigwedge=⋀ bigsqcup=⨆ int=∫ iint=∬ iiint=∭ oint=∮";

/// Operators models use that the Unicode fallback has no entry for.
const MORE_OPERATORS: &str = "colon=: lt=< gt=> lbrack=[ rbrack=] therefore=∴ because=∵ \
    cdotp=⋅ sqcup=⊔ sqcap=⊓ uplus=⊎ Uparrow=⇑ Downarrow=⇓ leadsto=⇝ hookrightarrow=↪ nmid=∤ \
    nleq=≰ ngeq=≱ lessapprox=⪅ gtrapprox=⪆ dotsb=⋯ dotsc=⋯ dotsm=⋯";

/// Functions whose limits go under them in display math (`\lim_{x\to0}`).
const LIMIT_FUNCTIONS: &str = "lim liminf limsup max min sup inf det gcd Pr";

/// Relations `\not` has a precomposed character for.
const NEGATED: &str = "==≠ ∈=∉ ≡=≢ ⊂=⊄ ⊆=⊈ ∃=∄ <=≮ >=≯";

/// Fences among the symbols (`\langle`, `\lvert`…), drawn as operators.
const DELIMITERS: &str = "⟨ ⟩ ⌊ ⌋ ⌈ ⌉ | ‖ { } ( ) [ ]";

fn is_delimiter(text: &str) -> bool {
    find_word(DELIMITERS, text).is_some()
}

/// A bracket not sized by `\left` or `\big` (`(`, `\{`, `\langle`): it
/// keeps its size, as in TeX (`\left(` grows). A stretchy one is also set
/// apart from what it holds in Chromium ("( a )").
fn fixed_fence(text: &str) -> MdNode {
    MdNode::with_attrs(
        "mo",
        vec![("stretchy", "false".to_owned())],
        vec![MdNode::Text(text.to_owned())],
    )
}

/// `c` in the alphabet of `\mathbb`, `\mathbf`…: Unicode's Mathematical
/// Alphanumeric Symbols, whose gaps are filled from Letterlike Symbols.
fn style_char(style: &str, c: char) -> String {
    if style == "mathbb"
        && let Some(letter) = blackboard(&c.to_string())
    {
        return letter.to_owned();
    }
    let gaps = match style {
        "mathcal" | "mathscr" => SCRIPT_GAPS,
        "mathfrak" => FRAKTUR_GAPS,
        _ => "",
    };
    if let Some(letter) = lookup(gaps, &c.to_string()) {
        return letter.to_owned();
    }
    // Where each alphabet's capital A, small a and digit 0 are.
    let (upper, lower, digit) = match style {
        "mathbf" => (0x1D400, 0x1D41A, Some(0x1D7CE)),
        "boldsymbol" | "bm" => (0x1D468, 0x1D482, Some(0x1D7CE)),
        "mathcal" | "mathscr" => (0x1D49C, 0x1D4B6, None),
        "mathfrak" => (0x1D504, 0x1D51E, None),
        "mathbb" => (0x1D538, 0x1D552, Some(0x1D7D8)),
        "mathsf" => (0x1D5A0, 0x1D5BA, Some(0x1D7E2)),
        "mathtt" => (0x1D670, 0x1D68A, Some(0x1D7F6)),
        _ => return c.to_string(),
    };
    let code = match c {
        'A'..='Z' => Some(upper + (c as u32 - 'A' as u32)),
        'a'..='z' => Some(lower + (c as u32 - 'a' as u32)),
        '0'..='9' => digit.map(|d| d + (c as u32 - '0' as u32)),
        _ => None,
    };
    code.and_then(char::from_u32)
        .map_or_else(|| c.to_string(), |s| s.to_string())
}

/// The letters the script and fraktur alphabets leave out, found in
/// Letterlike Symbols (double-struck ones are in `tex_symbols`).
const SCRIPT_GAPS: &str = "B=ℬ E=ℰ F=ℱ H=ℋ I=ℐ L=ℒ M=ℳ R=ℛ e=ℯ g=ℊ o=ℴ";
const FRAKTUR_GAPS: &str = "C=ℭ H=ℌ I=ℑ R=ℜ Z=ℨ";

/// The text of `\text{…}`: escapes undone, `~` a no-break space.
fn text_of(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(' ') | None => out.push(' '),
                Some(escaped) if !escaped.is_ascii_alphabetic() => out.push(escaped),
                // A command inside text (`\text{\LaTeX}`): kept as written.
                Some(letter) => {
                    out.push('\\');
                    out.push(letter);
                }
            },
            '~' => out.push('\u{a0}'),
            '{' | '}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An element holding one text node. The few builders below are called
/// from many places: kept out of line, they keep the reader small.
#[inline(never)]
fn leaf(tag: &'static str, text: &str) -> MdNode {
    MdNode::el(tag, vec![MdNode::Text(text.to_owned())])
}

/// The name of the command `after_backslash` starts with: its letters
/// (none for `\,` or `\{`).
fn command_name(after_backslash: &str) -> &str {
    let end = after_backslash
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after_backslash.len());
    &after_backslash[..end]
}

/// An element of one attribute, its value a constant of this file.
#[inline(never)]
fn with(tag: &'static str, attr: &'static str, value: &str, children: Vec<MdNode>) -> MdNode {
    MdNode::with_attrs(tag, vec![(attr, value.to_owned())], children)
}

/// An element of two children: a fraction, a script, a root…
#[inline(never)]
fn pair(tag: &'static str, first: MdNode, second: MdNode) -> MdNode {
    MdNode::el(tag, vec![first, second])
}

fn space(width: &str) -> MdNode {
    with("mspace", "width", width, Vec::new())
}

/// One node for a sequence: itself when alone, else an `<mrow>`.
fn row(mut items: Vec<MdNode>) -> MdNode {
    if items.len() == 1
        && let Some(only) = items.pop()
    {
        return only;
    }
    MdNode::el("mrow", items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        for table in [
            COMMANDS,
            ACCENTS,
            BIG_OPERATORS,
            MORE_OPERATORS,
            NEGATED,
            ENVIRONMENTS,
        ] {
            for entry in table.split_whitespace() {
                // The name may itself be `=` (`==≠`): the value follows the
                // first `=` after the name's first character.
                let first = entry.chars().next().map_or(0, char::len_utf8);
                let at = entry[first..].find('=').map(|i| i + first);
                assert!(at.is_some_and(|at| at + 1 < entry.len()), "{entry:?}");
            }
        }
        for entry in COMMANDS.split_whitespace() {
            let (name, kind) = entry.split_once('=').unwrap_or_default();
            if kind == "over" || kind == "under" {
                assert!(lookup(ACCENTS, name).is_some(), "{name} has no mark");
            }
        }
        for name in ["pmatrix", "Vmatrix", "cases", "aligned", "matrix"] {
            assert!(Environment::of(name).is_some(), "{name}");
        }
    }
}
