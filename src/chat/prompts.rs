//! The prompt library: saved prompts with a name and a text that may hold
//! `{{variables}}`, found by typing `/` and part of a name at the start of
//! the message box. A prompt with variables asks for their values, then
//! fills the message box with the text they make.

use super::fold::fold;
use super::folders::one_line_name;
use crate::json::record::json_record;

json_record! {
    /// A saved prompt, as stored in `mmchat:prompts` (`store/library.rs`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct Prompt {
        pub id: String,
        pub name: String = default,
        pub text: String = default,
    }
}

/// The longest variable name: longer `{{…}}` runs are left as text.
const MAX_VARIABLE_CHARS: usize = 40;
/// The longest query after the `/`: past it the user is writing a message.
const MAX_QUERY_CHARS: usize = 40;

/// The variables of `text`, each once, in the order they first appear.
/// `{{ name }}` and `{{name}}` are the same variable; `{{}}`, braces or a
/// line break inside, or a name over 40 characters, are not variables.
pub fn variables(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    each_variable(text, &mut |name, _| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    });
    names
}

/// `text` with each variable replaced by its value in `values` (by name);
/// variables without a value stay as written.
pub fn fill(text: &str, values: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    each_variable(text, &mut |name, range| {
        if let Some((_, value)) = values.iter().find(|(n, _)| n == name) {
            out.push_str(&text[copied..range.start]);
            out.push_str(value);
            copied = range.end;
        }
    });
    out.push_str(&text[copied..]);
    out
}

/// Calls `found(name, byte range of the whole "{{…}}")` for each variable.
fn each_variable(text: &str, found: &mut dyn FnMut(&str, std::ops::Range<usize>)) {
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("}}").map(|i| inner_start + i) else {
            return;
        };
        let inner = &text[inner_start..close];
        let name = inner.trim();
        let valid = !name.is_empty()
            && name.chars().count() <= MAX_VARIABLE_CHARS
            && !inner.contains(['{', '}', '\n', '\r']);
        if valid {
            found(name, open..close + 2);
            from = close + 2;
        } else {
            // `{{{x}}}` and the like: try again one character on.
            from = open + 1;
        }
    }
}

/// The text after a `/` that starts the message box, while the user may be
/// looking for a prompt: one line, not too long.
pub fn slash_query(draft: &str) -> Option<&str> {
    let rest = draft.strip_prefix('/')?;
    (!rest.contains(['\n', '\r']) && rest.chars().count() <= MAX_QUERY_CHARS).then_some(rest)
}

/// The prompts whose name holds `query` (ignoring case), those whose name
/// starts with it first, each group in library order.
pub fn matching<'a>(prompts: &'a [Prompt], query: &str) -> Vec<&'a Prompt> {
    let query = fold(query.trim());
    let mut starts = Vec::new();
    let mut inside = Vec::new();
    for p in prompts {
        let name = fold(&p.name);
        if name.starts_with(&query) {
            starts.push(p);
        } else if name.contains(&query) {
            inside.push(p);
        }
    }
    starts.extend(inside);
    starts
}

/// A prompt as kept: a one-line name (never empty) and the text as written.
pub fn tidy(mut prompt: Prompt) -> Prompt {
    prompt.name = one_line_name(&prompt.name, "Untitled prompt");
    prompt
}

/// The prompts a new library starts with.
pub fn starters() -> Vec<Prompt> {
    const STARTERS: [(&str, &str, &str); 5] = [
        (
            "starter-summarize",
            "Summarize",
            "Summarize the text below in {{how many}} bullet points. Keep names, numbers and dates exact.\n\n{{text}}",
        ),
        (
            "starter-translate",
            "Translate",
            "Translate the text below into {{language}}. Keep its meaning, tone and formatting; add no explanations.\n\n{{text}}",
        ),
        (
            "starter-explain-code",
            "Explain code",
            "Explain what this code does, step by step. Then list any bugs, risks or unclear parts.\n\n```\n{{code}}\n```",
        ),
        (
            "starter-proofread",
            "Proofread",
            "Proofread the text below: fix spelling, grammar and punctuation, keep my wording where it is correct, and list what you changed.\n\n{{text}}",
        ),
        (
            "starter-step-by-step",
            "Think it through",
            "Work through this step by step before answering, and say which assumptions you made.",
        ),
    ];
    STARTERS
        .iter()
        .map(|(id, name, text)| Prompt {
            id: (*id).to_string(),
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(name: &str) -> Prompt {
        Prompt {
            id: name.to_lowercase(),
            name: name.into(),
            text: String::new(),
        }
    }

    #[test]
    fn variables_are_found_once_each_in_order() {
        assert_eq!(
            variables("Dear {{ name }}, about {{topic}}: {{name}}!"),
            ["name", "topic"]
        );
        assert!(variables("no {{}} {{ }} {{a\nb}} {{x").is_empty());
        assert_eq!(variables("{{{x}}}"), ["x"]);
        assert!(variables(&format!("{{{{{}}}}}", "n".repeat(41))).is_empty());
        assert_eq!(variables("{{  ünï cödé  }}"), ["ünï cödé"]);
    }

    #[test]
    fn fill_replaces_known_variables_and_keeps_the_rest() {
        let values = vec![("name".to_string(), "Ada".to_string())];
        assert_eq!(
            fill("Hi {{name}}, {{ name }}; {{other}} {{", &values),
            "Hi Ada, Ada; {{other}} {{"
        );
        // A value that looks like a variable is not filled again.
        let values = vec![
            ("a".to_string(), "{{b}}".to_string()),
            ("b".to_string(), "B".to_string()),
        ];
        assert_eq!(fill("{{a}} {{b}}", &values), "{{b}} B");
        assert_eq!(fill("plain", &[]), "plain");
    }

    #[test]
    fn the_slash_list_opens_only_at_the_start_on_one_line() {
        assert_eq!(slash_query("/"), Some(""));
        assert_eq!(slash_query("/tra"), Some("tra"));
        assert_eq!(slash_query("/explain c"), Some("explain c"));
        assert_eq!(slash_query(" /tra"), None);
        assert_eq!(slash_query("/tra\nmore"), None);
        assert_eq!(slash_query("hello /tra"), None);
        assert_eq!(slash_query(&format!("/{}", "a".repeat(41))), None);
    }

    #[test]
    fn matching_puts_names_that_start_with_the_query_first() {
        let all = vec![
            prompt("Explain code"),
            prompt("Translate"),
            prompt("Code review"),
            prompt("Summarize"),
        ];
        let names =
            |q: &str| -> Vec<String> { matching(&all, q).iter().map(|p| p.name.clone()).collect() };
        assert_eq!(names("CODE"), ["Code review", "Explain code"]);
        assert_eq!(
            names(""),
            ["Explain code", "Translate", "Code review", "Summarize"]
        );
        assert!(names("zzz").is_empty());
    }

    #[test]
    fn starters_have_unique_ids_and_useful_variables() {
        let s = starters();
        for (i, p) in s.iter().enumerate() {
            assert!(s[..i].iter().all(|q| q.id != p.id && q.name != p.name));
        }
        assert_eq!(variables(&s[1].text), ["language", "text"]);
        assert!(variables(&s[4].text).is_empty());
    }

    #[test]
    fn tidy_names_are_one_line_and_never_empty() {
        let p = tidy(Prompt {
            id: "p".into(),
            name: "  a\n b ".into(),
            text: " kept \n".into(),
        });
        assert_eq!((p.name.as_str(), p.text.as_str()), ("a b", " kept \n"));
        assert_eq!(tidy(prompt(" ")).name, "Untitled prompt");
    }
}
