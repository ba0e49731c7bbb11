//! Link reference definitions (`[label]: url "title"`), resolved by position.
//!
//! A reference link only uses a definition that appears *before* it. While
//! streaming, a later definition cannot reach back into blocks already
//! frozen, so the whole-document render follows the same rule and both agree.
//! Forward references therefore render as their bracketed text.

use std::cell::OnceCell;

use pulldown_cmark::{Options, Parser};

/// A definition found in parsed text; `start` is its byte offset there.
#[derive(Clone, Debug)]
pub(crate) struct RefDef {
    pub key: String,
    pub dest: String,
    pub title: String,
    pub start: usize,
}

/// Definitions from text that was parsed earlier (the frozen prefix of a
/// stream). Every one of them precedes anything parsed later.
#[derive(Clone, Debug, Default)]
pub(crate) struct EarlierDefs {
    /// `[key]: index` lines; parsing this lets pulldown-cmark compare labels
    /// with its own Unicode case folding, so we never re-implement it.
    doc: String,
    targets: Vec<(String, String)>,
}

impl EarlierDefs {
    /// Adds definitions, keeping the first one for each label.
    pub fn extend<'d>(&mut self, defs: impl IntoIterator<Item = &'d RefDef>) {
        let fresh: Vec<&RefDef> = {
            let index = self.index();
            defs.into_iter()
                .filter(|def| index.get(&def.key).is_none())
                .collect()
        };
        for def in fresh {
            self.doc.push('[');
            self.doc.push_str(&def.key);
            self.doc.push_str("]: ");
            self.doc.push_str(&self.targets.len().to_string());
            self.doc.push_str("\n\n");
            self.targets.push((def.dest.clone(), def.title.clone()));
        }
    }

    /// A lookup table over these definitions, built on first use.
    pub fn index(&self) -> EarlierIndex<'_> {
        EarlierIndex {
            defs: self,
            parser: OnceCell::new(),
        }
    }
}

/// Looks labels up in [`EarlierDefs`]; parses their index document lazily,
/// so text without reference links pays nothing.
pub(crate) struct EarlierIndex<'a> {
    defs: &'a EarlierDefs,
    parser: OnceCell<Parser<'a>>,
}

impl EarlierIndex<'_> {
    /// The destination and title defined for `label`, if any.
    pub fn get(&self, label: &str) -> Option<(String, String)> {
        if self.defs.targets.is_empty() {
            return None;
        }
        let parser = self
            .parser
            .get_or_init(|| Parser::new_ext(&self.defs.doc, Options::empty()));
        let def = parser.reference_definitions().get(label)?;
        let index: usize = def.dest.parse().ok()?;
        self.defs.targets.get(index).cloned()
    }
}
