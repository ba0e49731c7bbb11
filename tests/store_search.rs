//! Searching the chat list (`chat::search`), which works on what the store
//! loaded.

use minimax_chat::chat::search::{SearchHit, Snippet, search};
use minimax_chat::chat::{Conversation, Message};

fn chat(id: &str, title: &str, messages: &[(&str, &str)]) -> Conversation {
    let mut c = Conversation::new(id.into(), "MiniMax-M3".into(), 0.0);
    if !title.is_empty() {
        c.title = title.into();
        c.title_is_custom = true;
    }
    for (n, (content, thinking)) in messages.iter().enumerate() {
        let mut m = Message::user(format!("{id}-{n}"), (*content).into(), 0.0);
        m.thinking = (*thinking).into();
        c.messages.push(m);
    }
    c
}

fn ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

fn sample() -> Vec<Conversation> {
    vec![
        chat(
            "rust",
            "Rust lifetimes",
            &[("What is 'a?", ""), ("A lifetime.", "")],
        ),
        chat(
            "cook",
            "Dinner",
            &[("Apfelstrudel recipe", ""), ("Use ÄPFEL and Zimt.", "")],
        ),
        chat(
            "think",
            "Puzzle",
            &[
                ("Solve it", ""),
                ("42", "Consider the Borrow checker first"),
            ],
        ),
        chat("", "", &[]),
    ]
}

#[test]
fn an_empty_query_lists_every_chat_in_order_without_snippets() {
    let chats = sample();
    for query in ["", "   ", "\n\t"] {
        let hits = search(&chats, query);
        assert_eq!(ids(&hits), ["rust", "cook", "think", ""]);
        assert!(hits.iter().all(|h| h.snippet.is_none()));
    }
}

#[test]
fn a_title_match_needs_no_snippet() {
    let hits = search(&sample(), "LIFETIMES");
    assert_eq!(
        hits,
        [SearchHit {
            id: "rust".into(),
            snippet: None
        }]
    );
}

#[test]
fn matching_ignores_unicode_case() {
    let hits = search(&sample(), "äpfel zimt");
    assert_eq!(ids(&hits), ["cook"]);
    assert_eq!(
        hits[0].snippet.as_ref().map(Snippet::as_str),
        Some("Use ÄPFEL and Zimt.")
    );
}

#[test]
fn every_word_must_appear_somewhere() {
    let chats = sample();
    assert_eq!(ids(&search(&chats, "dinner zimt")), ["cook"]);
    assert!(search(&chats, "dinner lifetime").is_empty());
    assert!(search(&chats, "nowhere").is_empty());
}

#[test]
fn words_split_between_title_and_text_snippet_the_text() {
    let hits = search(&sample(), "dinner strudel");
    assert_eq!(ids(&hits), ["cook"]);
    assert_eq!(
        hits[0].snippet.as_ref().map(Snippet::as_str),
        Some("Apfelstrudel recipe")
    );
}

#[test]
fn thinking_is_searched_too() {
    let hits = search(&sample(), "borrow");
    assert_eq!(ids(&hits), ["think"]);
    assert_eq!(
        hits[0].snippet.as_ref().map(Snippet::as_str),
        Some("Consider the Borrow checker first")
    );
}

#[test]
fn results_keep_the_input_order() {
    let chats = vec![
        chat("b", "second", &[("apple", "")]),
        chat("a", "first", &[("apple pie", "")]),
    ];
    assert_eq!(ids(&search(&chats, "apple")), ["b", "a"]);
}

#[test]
fn an_untitled_chat_is_named_by_its_first_message() {
    let chats = vec![chat("u", "", &[("Explain monads", ""), ("Sure", "")])];
    let hits = search(&chats, "monads");
    assert_eq!(hits[0].snippet, None);
    assert_eq!(
        search(&chats, "sure")[0]
            .snippet
            .as_ref()
            .map(Snippet::as_str),
        Some("Sure")
    );
}

#[test]
fn long_text_gives_a_short_snippet_with_ellipses() {
    let long = format!(
        "{}\n\nThe key word is here.\n\n{}",
        "lorem ipsum ".repeat(50),
        "dolor sit amet ".repeat(50)
    );
    let chats = vec![chat("l", "Long", &[(&long, "")])];
    let snippet = search(&chats, "key word")[0]
        .snippet
        .clone()
        .map(|s| s.text)
        .unwrap_or_default();
    assert!(
        snippet.starts_with('…') && snippet.ends_with('…'),
        "{snippet}"
    );
    assert!(snippet.contains("The key word is here."), "{snippet}");
    assert!(!snippet.contains('\n'));
    assert!(snippet.chars().count() <= 82, "{snippet}");
}

#[test]
fn emoji_and_cjk_queries_work() {
    let chats = vec![chat("x", "Misc", &[("我喜欢 Rust 🦀 很多", "")])];
    assert_eq!(ids(&search(&chats, "🦀")), ["x"]);
    assert_eq!(ids(&search(&chats, "喜欢 rust")), ["x"]);
}

#[test]
fn three_hundred_long_chats_are_searched() {
    let filler = "Some ordinary answer text about code and cooking. ".repeat(100);
    let mut chats: Vec<Conversation> = (0..300)
        .map(|n| chat(&format!("c{n}"), "", &[(&filler, &filler), (&filler, "")]))
        .collect();
    chats[217].messages[1].content.push_str(" zebra");
    let hits = search(&chats, "zebra ordinary");
    assert_eq!(ids(&hits), ["c217"]);
    assert!(hits[0].snippet.is_some());
    assert_eq!(search(&chats, "ordinary").len(), 300);
}

#[test]
fn answers_kept_as_other_versions_are_searched_too() {
    use minimax_chat::chat::versions;
    let mut c = chat(
        "v",
        "Versions",
        &[("Tell me about crabs", ""), ("Crabs walk sideways.", "")],
    );
    // Regenerate: the first answer is kept as a version, a new one is shown.
    let shown = Message::user("v-new".into(), "Crabs are decapods.".into(), 0.0);
    versions::branch(&mut c.messages, 1, vec![shown]);
    let chats = vec![c];

    let hits = search(&chats, "sideways");
    assert_eq!(ids(&hits), ["v"], "a word only in the earlier answer");
    assert_eq!(
        hits[0].snippet.as_ref().map(Snippet::as_str),
        Some("Crabs walk sideways.")
    );
    // Words split between the shown and the kept answer still match.
    assert_eq!(ids(&search(&chats, "decapods sideways")), ["v"]);
    // The text on screen gives the snippet when it matches.
    let hits = search(&chats, "crabs");
    assert_eq!(
        hits[0].snippet.as_ref().map(Snippet::as_str),
        Some("Tell me about crabs")
    );
    assert!(search(&chats, "lobster").is_empty());
}

#[test]
fn snippets_are_plain_text_with_the_match_marked() {
    let chats = vec![chat(
        "md",
        "Notes",
        &[
            ("Ask", ""),
            (
                "## Result\n\nUse **`cargo test`** to run [the tests](https://example.org/t).",
                "",
            ),
        ],
    )];
    let hit = search(&chats, "CARGO")[0].snippet.clone();
    let hit = hit.expect("a snippet");
    assert_eq!(hit.text, "Result Use cargo test to run the tests.");
    assert_eq!(
        hit.parts(),
        ("Result Use ", "cargo", " test to run the tests.")
    );
    // The word found first is the one marked; a cut window keeps its mark.
    let long = format!(
        "{} the **needle** {}",
        "hay ".repeat(40),
        "stack ".repeat(40)
    );
    let chats = vec![chat("l", "Long", &[(&long, "")])];
    let hit = search(&chats, "needle")[0]
        .snippet
        .clone()
        .expect("a snippet");
    assert_eq!(hit.parts().1, "needle");
    assert!(
        hit.text.starts_with('…') && !hit.text.contains('*'),
        "{}",
        hit.text
    );
}
