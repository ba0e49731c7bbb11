//! The API key as the user pastes it. Copying a key from a web page or a
//! chat often brings invisible company along (a zero-width space, a byte
//! order mark, a no-break space, a line break where the text wrapped), and
//! `fetch` refuses a header that holds anything but Latin-1 without control
//! characters: it throws before any request is made. This module owns
//! cleaning what is never part of a key and naming, in a sentence, a
//! character that is left and cannot be sent.

/// The key without anything invisible: every whitespace character (line
/// breaks and no-break spaces included, anywhere: a key never holds one, and
/// a wrapped copy puts them in the middle) and every zero-width or
/// direction mark.
pub fn clean_key(raw: &str) -> String {
    raw.chars().filter(|&c| !is_invisible(c)).collect()
}

/// Why `key` (already cleaned) cannot be sent, naming its first unusable
/// character and where it is; `None` when every character can go in a
/// request header. Keys are plain ASCII, so any other letter is a sign that
/// something else was pasted, even where a header could carry it.
pub fn key_problem(key: &str) -> Option<String> {
    let (at, c) = key
        .chars()
        .enumerate()
        .find(|&(_, c)| !c.is_ascii_graphic())?;
    // Built by hand rather than with `format!`: `{:04X}` and char
    // formatting would add their code to the first load for this one line.
    let mut what = String::new();
    if c.is_control() {
        what.push_str("a control character (");
    } else {
        what.push('\u{201c}');
        what.push(c);
        what.push_str("\u{201d} (");
    }
    what.push_str(&code_point(c));
    what.push(')');
    Some(format!(
        "The API key has {what} at character {}, which a request header cannot carry. Copy the key again from your MiniMax account.",
        at + 1
    ))
}

/// Whitespace of any kind and the characters that take no space at all.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}' // soft hyphen
                | '\u{034F}' // combining grapheme joiner
                | '\u{061C}' // Arabic letter mark
                | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
                | '\u{180E}' // Mongolian vowel separator
                | '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner, LRM, RLM
                | '\u{202A}'..='\u{202E}' // direction embeddings and overrides
                | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
                | '\u{2066}'..='\u{206F}' // direction isolates and deprecated format marks
                | '\u{FE00}'..='\u{FE0F}' // variation selectors
                | '\u{FEFF}' // byte order mark, zero-width no-break space
        )
}

/// `U+0435`: four hex digits at least, as Unicode writes code points.
fn code_point(c: char) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let n = u32::from(c);
    let digits = match n {
        0x10_0000.. => 6,
        0x1_0000.. => 5,
        _ => 4,
    };
    let mut out = String::from("U+");
    for shift in (0..digits).rev() {
        out.push(char::from(HEX[((n >> (shift * 4)) & 0xF) as usize]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn invisible_characters_are_cleaned_anywhere() {
        let cases = [
            ("sk-abc123\u{200B}", "zero-width space after"),
            ("\u{FEFF}sk-abc123", "byte order mark before"),
            ("sk-abc\u{200D}123", "zero-width joiner inside"),
            ("sk-abc\u{200C}123\u{2060}", "non-joiner and word joiner"),
            ("\u{00A0}sk-abc123\u{00A0}", "no-break spaces"),
            ("  sk-abc123\r\n", "spaces and a line break"),
            ("sk-abc\n123", "a wrapped copy"),
            ("\tsk-abc123\u{2028}", "tab and line separator"),
            ("\u{202E}sk-abc123\u{202C}", "direction override"),
            ("sk-abc\u{00AD}123", "soft hyphen"),
        ];
        for (raw, why) in cases {
            assert_eq!(clean_key(raw), "sk-abc123", "{why}");
            assert_eq!(key_problem(&clean_key(raw)), None, "{why}");
        }
    }

    #[test]
    fn a_character_a_header_cannot_carry_is_named_with_its_place() {
        let problem = key_problem("sk-ab\u{0441}123").unwrap_or_default();
        assert!(problem.contains("\u{201c}\u{0441}\u{201d}"), "{problem}");
        assert!(problem.contains("U+0441"), "{problem}");
        assert!(problem.contains("character 6,"), "{problem}");

        let control = key_problem("sk\u{0007}x").unwrap_or_default();
        assert!(
            control.contains("a control character (U+0007)"),
            "{control}"
        );
        assert!(
            !control.contains('\u{0007}'),
            "the control character is not shown"
        );

        assert!(
            key_problem("\u{10FFFF}")
                .unwrap_or_default()
                .contains("U+10FFFF")
        );
        assert!(key_problem("\u{e9}").unwrap_or_default().contains("U+00E9"));
        // Latin-1 could travel in a header, but it is never part of a key.
        assert!(key_problem("sk-caf\u{e9}").is_some());
        assert!(
            key_problem("sk-\u{1F980}")
                .unwrap_or_default()
                .contains("(U+1F980)")
        );
        assert_eq!(key_problem("sk-api-AZaz09_~!#$%&'*+.^|"), None);
        assert_eq!(key_problem(""), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever is pasted, the cleaned key has nothing invisible left,
        /// cleaning twice changes nothing, and a key that passes the check
        /// is one every browser accepts as a header value.
        #[test]
        fn cleaning_is_idempotent_and_leaves_nothing_invisible(raw in any::<String>()) {
            let once = clean_key(&raw);
            prop_assert!(!once.chars().any(is_invisible));
            prop_assert_eq!(clean_key(&once), once.clone());
            if key_problem(&once).is_none() {
                prop_assert!(once.bytes().all(|b| b.is_ascii_graphic()));
            }
        }

        /// Visible ASCII, the stuff keys are made of, is never touched.
        #[test]
        fn visible_ascii_survives(key in "[!-~]{0,80}", pad in "[ \t\r\n\u{200B}\u{FEFF}\u{00A0}]{0,4}") {
            let raw = format!("{pad}{key}{pad}");
            prop_assert_eq!(clean_key(&raw), key);
        }
    }
}
