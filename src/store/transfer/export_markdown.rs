//! The Markdown export: for reading and sharing, not for importing back.
//! Answers are Markdown already and go in verbatim; thinking is quoted line
//! by line so it cannot take over the document's structure.

use std::fmt::Write;

use crate::api::{FinishReason, Usage};
use crate::chat::{Conversation, Message, Role, Status};
use crate::decimal::grouped;

/// One conversation as a Markdown document.
pub fn export_markdown(chat: &Conversation, include_thinking: bool) -> String {
    let mut out = format!("# {}\n\n", inline(&chat.display_title()));
    let prompt = chat.params.system_prompt.trim();
    if !prompt.is_empty() {
        out.push_str("> **System prompt**\n>\n");
        quote(&mut out, prompt);
        out.push('\n');
    }
    for m in &chat.messages {
        turn(&mut out, m, &chat.model, include_thinking);
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Several conversations, one after another, split by rules.
pub fn export_markdown_all(chats: &[Conversation], include_thinking: bool) -> String {
    chats
        .iter()
        .map(|c| export_markdown(c, include_thinking))
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

fn turn(out: &mut String, m: &Message, chat_model: &str, include_thinking: bool) {
    match m.role {
        Role::User => out.push_str("## You\n\n"),
        Role::Assistant => {
            let model = m.model.as_deref().unwrap_or(chat_model);
            let _ = writeln!(out, "## MiniMax ({})\n", inline(model));
        }
    }
    if include_thinking && !m.thinking.trim().is_empty() {
        match m.thought_seconds() {
            Some(s) => {
                let _ = writeln!(out, "> **Thinking** ({s} s)\n>");
            }
            None => out.push_str("> **Thinking**\n>\n"),
        }
        quote(out, &m.thinking);
        out.push('\n');
    }
    if !m.content.trim().is_empty() {
        verbatim(out, &m.content);
    }
    if let Some(note) = note(m) {
        let _ = writeln!(out, "*{}*\n", inline(&note));
    }
    if let Some(usage) = &m.usage {
        let _ = writeln!(out, "*{}*\n", usage_line(usage));
    }
}

/// Markdown as written, closing a code fence the text left open (a reply
/// stopped mid-code) so the rest of the document is not swallowed by it.
fn verbatim(out: &mut String, text: &str) {
    out.push_str(text.trim_end());
    out.push('\n');
    if let Some(fence) = open_fence(text) {
        out.push_str(&fence);
        out.push('\n');
    }
    out.push('\n');
}

/// Each line behind "> ". Inside a blockquote even an unclosed fence ends
/// with the quote, so the text needs no other care.
fn quote(out: &mut String, text: &str) {
    for line in text.trim_end().lines() {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
}

/// How a reply ended and what it used, a sentence a line (the HTML export
/// shows these under the answer).
pub fn reply_notes(m: &Message) -> String {
    [note(m), m.usage.as_ref().map(usage_line)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

fn note(m: &Message) -> Option<String> {
    let note = match m.status {
        Status::Error => {
            return Some(match &m.error {
                Some(e) => format!("Error: {e}"),
                None => "The reply failed.".into(),
            });
        }
        Status::Stopped => "Stopped by the user; the reply is incomplete.",
        Status::Interrupted | Status::Streaming => {
            "The connection ended before the reply was complete."
        }
        Status::Done => match m.finish {
            Some(FinishReason::Length) => "Cut off at the output token limit.",
            Some(FinishReason::ContentFilter) => "Stopped by MiniMax's content filter.",
            _ => return None,
        },
    };
    Some(note.into())
}

fn usage_line(u: &Usage) -> String {
    let mut line = format!("Tokens: {} in", grouped(u.prompt_tokens));
    if let Some(cached) = u.cached_tokens.filter(|&c| c > 0) {
        let _ = write!(line, " ({} cached)", grouped(cached));
    }
    let _ = write!(line, ", {} out", grouped(u.completion_tokens));
    if let Some(thinking) = u.reasoning_tokens.filter(|&r| r > 0) {
        let _ = write!(line, " ({} thinking)", grouped(thinking));
    }
    let _ = write!(line, ", {} total.", grouped(u.total_tokens));
    line
}

/// 12345 → "12,345".
/// Text for a heading or an emphasised line: one line, with the characters
/// that would start markup or HTML escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The closing fence for a fenced code block `text` opens and never closes.
/// Fences nested in lists or quotes are not tracked: answers almost always
/// fence at the top level, and a miss only costs formatting, never text.
fn open_fence(text: &str) -> Option<String> {
    let mut open: Option<(char, usize)> = None;
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        if line.len() - body.len() > 3 {
            continue;
        }
        let Some(mark) = body.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let run = body.chars().take_while(|&c| c == mark).count();
        if run < 3 {
            continue;
        }
        let rest = &body[run..];
        match open {
            None if mark == '`' && rest.contains('`') => {}
            None => open = Some((mark, run)),
            Some((m, n)) if m == mark && run >= n && rest.trim().is_empty() => open = None,
            Some(_) => {}
        }
    }
    open.map(|(mark, n)| mark.to_string().repeat(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_are_tracked_like_commonmark() {
        assert_eq!(open_fence("```rust\nfn main() {}\n```"), None);
        assert_eq!(open_fence("```rust\nfn main() {"), Some("```".into()));
        assert_eq!(open_fence("````\n```\nstill code"), Some("````".into()));
        assert_eq!(open_fence("~~~\ncode\n```"), Some("~~~".into()));
        assert_eq!(open_fence("``` not ` a fence"), None);
        assert_eq!(open_fence("    ```\nindented code"), None);
        assert_eq!(open_fence("```\na\n``` trailing"), Some("```".into()));
    }

    #[test]
    fn inline_text_cannot_start_markup() {
        assert_eq!(
            inline("# <b>*x*</b>\nnext"),
            "\\# \\<b\\>\\*x\\*\\</b\\> next"
        );
    }
}
