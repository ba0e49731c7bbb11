//! Deterministic long markdown for rendering benchmarks: the same bytes on
//! every run (seeded `Lcg`), mixing the block types a renderer finds costly.

use crate::rng::Lcg;

const WORDS: &[&str] = &[
    "stream",
    "token",
    "parser",
    "chunk",
    "reasoning",
    "buffer",
    "latency",
    "render",
    "markdown",
    "signal",
    "browser",
    "answer",
    "model",
    "context",
    "window",
    "thread",
    "socket",
    "event",
    "delta",
    "usage",
    "client",
    "server",
    "layout",
    "scroll",
    "frame",
    "cache",
    "budget",
    "byte",
    "string",
    "request",
    "header",
    "table",
    "list",
    "code",
];

const TITLES: &[&str] = &[
    "Streaming",
    "Parsing",
    "Rendering",
    "Caching",
    "Scrolling",
    "Measuring",
    "Batching",
    "Recovering",
];

/// Markdown of at least `target` bytes (a little more: it ends on a block).
pub fn generate(target: usize, seed: u64) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::from("# Long benchmark answer\n\n");
    out.push_str(&paragraph(&mut rng));
    let mut section = 0;
    while out.len() < target {
        section += 1;
        let title = rng.pick(TITLES).copied().unwrap_or("Section");
        out.push_str(&format!("## {section}. {title}\n\n"));
        out.push_str(&paragraph(&mut rng));
        let block = match rng.range(0, 4) {
            0 => list(&mut rng),
            1 => code(&mut rng, section),
            2 => table(&mut rng),
            _ => numbered(&mut rng),
        };
        out.push_str(&block);
        out.push_str(&paragraph(&mut rng));
    }
    out
}

fn word(rng: &mut Lcg) -> &'static str {
    rng.pick(WORDS).copied().unwrap_or("word")
}

fn sentence(rng: &mut Lcg) -> String {
    let count = rng.range(6, 15);
    let mut words: Vec<String> = (0..count).map(|_| word(rng).to_string()).collect();
    // Some inline formatting, so the inline parser has work to do.
    let styled = rng.range(0, count);
    words[styled] = match rng.range(0, 4) {
        0 => format!("**{}**", words[styled]),
        1 => format!("`{}`", words[styled]),
        2 => format!("*{}*", words[styled]),
        _ => words[styled].clone(),
    };
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Lcg) -> String {
    let n = rng.range(3, 6);
    let sentences: Vec<String> = (0..n).map(|_| sentence(rng)).collect();
    format!("{}\n\n", sentences.join(" "))
}

fn list(rng: &mut Lcg) -> String {
    let n = rng.range(3, 6);
    let items: String = (0..n).map(|_| format!("- {}\n", sentence(rng))).collect();
    items + "\n"
}

fn numbered(rng: &mut Lcg) -> String {
    let n = rng.range(3, 6);
    let items: String = (1..=n)
        .map(|i| format!("{i}. {}\n", sentence(rng)))
        .collect();
    items + "\n"
}

fn code(rng: &mut Lcg, section: usize) -> String {
    let factor = rng.range(2, 10);
    let name = word(rng);
    format!(
        "```rust\nfn {name}_{section}(input: &str) -> usize {{\n    \
         // <think> inside code is answer text, not thinking.\n    \
         input.len() * {factor}\n}}\n```\n\n"
    )
}

fn table(rng: &mut Lcg) -> String {
    let mut t = String::from("| Name | Count | Note |\n| --- | ---: | --- |\n");
    for _ in 0..rng.range(3, 6) {
        let name = word(rng);
        let count = rng.range(1, 10_000);
        let note = word(rng);
        t.push_str(&format!("| {name} | {count} | {note} |\n"));
    }
    t + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic_and_sized() {
        let a = generate(20_000, 1);
        assert_eq!(a, generate(20_000, 1));
        assert!(a.len() >= 20_000 && a.len() < 22_000);
        assert!(a.contains("```rust") && a.contains("| --- |") && a.contains("\n- "));
    }
}
