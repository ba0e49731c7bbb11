//! Keyboard shortcuts: which key does what, decided here from the key and
//! where it was pressed, and the list the Keyboard shortcuts dialog shows.

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    NewChat,
    FocusComposer,
    Stop,
    SearchChats,
    ShowShortcuts,
}

/// Where the key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Not in a text field.
    Page,
    /// In the Message box.
    Composer,
    /// In another text field (search, rename, edit, settings).
    OtherField,
    /// Inside an open dialog: the dialog's own keys only.
    Dialog,
}

/// A key press as the browser reports it.
#[derive(Debug, Clone, Copy)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl, or ⌘ on a Mac.
    pub command: bool,
    pub shift: bool,
    pub alt: bool,
}

/// The shortcut `press` at `place` means, if any. Shortcuts with Ctrl/⌘
/// work in text fields too; single keys only outside them, so typing is
/// never taken over.
pub fn shortcut(press: Press<'_>, place: Place) -> Option<Shortcut> {
    if place == Place::Dialog || press.alt {
        return None;
    }
    let key = press.key;
    let letter = |c: &str| key.eq_ignore_ascii_case(c);
    match (press.command, press.shift) {
        (true, true) if letter("o") => Some(Shortcut::NewChat),
        (true, false) if letter("k") => Some(Shortcut::SearchChats),
        (false, true) if key == "Escape" => Some(Shortcut::FocusComposer),
        (false, _) if key == "Escape" && place != Place::OtherField => Some(Shortcut::Stop),
        (false, _) if place == Place::Page && key == "/" => Some(Shortcut::FocusComposer),
        (false, _) if place == Place::Page && key == "?" => Some(Shortcut::ShowShortcuts),
        _ => None,
    }
}

/// The keys and what they do, as the dialog and the README list them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Shift+O (⌘⇧O)", "New chat"),
    ("/ or Shift+Esc", "Focus the message box"),
    ("Enter", "Send (Shift+Enter for a new line)"),
    ("Esc", "Stop the reply"),
    ("Ctrl+K (⌘K)", "Search chats"),
    ("?", "Show these shortcuts"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &str, command: bool, shift: bool) -> Press<'_> {
        Press {
            key,
            command,
            shift,
            alt: false,
        }
    }

    #[test]
    fn keys_map_to_shortcuts_where_they_are_pressed() {
        use Place::*;
        use Shortcut::*;
        let cases = [
            (press("O", true, true), Composer, Some(NewChat)),
            (press("o", true, true), Page, Some(NewChat)),
            (press("o", true, false), Page, None),
            (press("k", true, false), OtherField, Some(SearchChats)),
            (press("K", true, true), Page, None),
            (
                press("Escape", false, true),
                OtherField,
                Some(FocusComposer),
            ),
            (press("/", false, false), Page, Some(FocusComposer)),
            (press("/", false, false), Composer, None),
            (press("/", false, false), OtherField, None),
            (press("Escape", false, false), Composer, Some(Stop)),
            (press("Escape", false, false), Page, Some(Stop)),
            (press("Escape", false, false), OtherField, None),
            (press("?", false, true), Page, Some(ShowShortcuts)),
            (press("?", false, true), Composer, None),
            (press("a", false, false), Page, None),
        ];
        for (p, place, want) in cases {
            assert_eq!(shortcut(p, place), want, "{p:?} at {place:?}");
        }
    }

    #[test]
    fn dialogs_and_alt_keep_their_keys() {
        assert_eq!(shortcut(press("?", false, true), Place::Dialog), None);
        assert_eq!(shortcut(press("o", true, true), Place::Dialog), None);
        let alt = Press {
            alt: true,
            ..press("k", true, false)
        };
        assert_eq!(shortcut(alt, Place::Page), None);
    }

    #[test]
    fn every_shortcut_is_listed() {
        for what in [
            "New chat",
            "Focus the message box",
            "Stop the reply",
            "Search chats",
            "Show these shortcuts",
        ] {
            assert!(SHORTCUTS.iter().any(|(_, w)| *w == what), "{what}");
        }
    }
}
