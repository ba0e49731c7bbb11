//! The Markdown export: readable, answers verbatim, and structurally sound
//! (checked by parsing the output with the same Markdown parser the app uses).

use std::fs;
use std::path::Path;

use minimax_chat::chat::{Conversation, Message, Status};
use minimax_chat::store::transfer::{export_markdown, export_markdown_all, import_json};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

fn full_chat() -> Conversation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store/v1/full.json");
    let text = fs::read_to_string(path).unwrap_or_default();
    let mut chats = import_json(&text, f64::MAX, &mut || "id".to_string()).unwrap_or_default();
    assert_eq!(chats.len(), 1);
    chats.remove(0)
}

/// A question and a reply that ended with `status`.
fn exchange(model: &str, question: &str, answer: &str, status: Status) -> Conversation {
    let mut chat = Conversation::new("c".into(), model.into(), 0.0);
    chat.messages
        .push(Message::user("u".into(), question.into(), 0.0));
    let mut r = Message::pending_reply("a".into(), model.into(), 0.0);
    r.content = answer.into();
    r.status = status;
    chat.messages.push(r);
    chat
}

/// The text of every heading of `level`, as a reader sees it.
fn headings(md: &str, level: HeadingLevel) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) if l == level => {
                current = Some(String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn a_chat_reads_as_a_titled_transcript() {
    let md = export_markdown(&full_chat(), true);
    assert!(md.starts_with("# Borrow checker, explained\n\n"), "{md}");
    assert_eq!(
        headings(&md, HeadingLevel::H2),
        [
            "You",
            "MiniMax (MiniMax-M3)",
            "You",
            "MiniMax (MiniMax-M3)",
            "You",
            "MiniMax (MiniMax-M3)"
        ]
    );
    assert!(md.contains("> **System prompt**\n>\n> You are a patient Rust teacher.\n"));
}

#[test]
fn answers_go_in_verbatim_with_their_code() {
    let chat = full_chat();
    let md = export_markdown(&chat, false);
    assert!(md.contains(&chat.messages[1].content), "{md}");
    assert!(md.contains(&chat.messages[0].content), "{md}");
    let code: Vec<String> = Parser::new(&md)
        .filter_map(|e| match e {
            Event::Start(Tag::CodeBlock(kind)) => Some(format!("{kind:?}")),
            _ => None,
        })
        .collect();
    assert_eq!(code.len(), 2, "{code:?}");
}

#[test]
fn thinking_is_quoted_line_by_line_or_left_out() {
    let chat = full_chat();
    let with = export_markdown(&chat, true);
    assert!(
        with.contains(
            "> **Thinking** (3 s)\n>\n> The user moves a String.\n> Explain move semantics; suggest clone or a borrow.\n"
        ),
        "{with}"
    );
    let without = export_markdown(&chat, false);
    assert!(!without.contains("Thinking"));
    assert!(!without.contains("move semantics"));
}

#[test]
fn endings_and_usage_are_noted() {
    let md = export_markdown(&full_chat(), false);
    assert!(md.contains("*Tokens: 61 in, 148 out (52 thinking), 209 total.*"));
    assert!(md.contains("*Stopped by the user; the reply is incomplete.*"));
    assert!(md.contains(
        "*Error: MiniMax is busy right now (HTTP 529). Wait a moment and press Regenerate.*"
    ));
}

#[test]
fn a_reply_stopped_inside_code_does_not_swallow_what_follows() {
    let mut chat = exchange(
        "MiniMax-M3",
        "Show code",
        "Here:\n\n````rust\nfn main() {\n```\nstill inside",
        Status::Stopped,
    );
    chat.messages[1].thinking = "```\nunclosed in thinking".into();
    chat.messages
        .push(Message::user("u2".into(), "Thanks".into(), 0.0));
    let md = export_markdown(&chat, true);
    assert!(md.contains("still inside\n````\n"), "{md}");
    assert_eq!(
        headings(&md, HeadingLevel::H2),
        ["You", "MiniMax (MiniMax-M3)", "You"]
    );
    assert!(md.contains("*Stopped by the user"));
}

#[test]
fn several_chats_are_split_by_rules_each_with_its_title() {
    let mut other = full_chat();
    other.title = "Second <chat> *with* # marks".into();
    let md = export_markdown_all(&[full_chat(), other], false);
    assert_eq!(
        headings(&md, HeadingLevel::H1),
        ["Borrow checker, explained", "Second <chat> *with* # marks"]
    );
    let rules = Parser::new(&md)
        .filter(|e| matches!(e, Event::Rule))
        .count();
    assert_eq!(rules, 1);
    assert!(md.contains("\n\n---\n\n# Second"), "{md}");
    assert!(md.ends_with("*\n") && !md.ends_with("\n\n"));
    assert_eq!(export_markdown_all(&[], true), "");
}

#[test]
fn an_untitled_chat_is_named_by_its_first_message() {
    let chat = exchange(
        "MiniMax-M2",
        "What is a monad?",
        "A monoid in the category of endofunctors.",
        Status::Interrupted,
    );
    let md = export_markdown(&chat, true);
    assert_eq!(headings(&md, HeadingLevel::H1), ["What is a monad?"]);
    assert!(md.contains("## MiniMax (MiniMax-M2)"));
    assert!(md.contains("*The connection ended before the reply was complete.*"));
}
