//! Import and export: the chats to write out (with their folders, the
//! prompt library and their images), and merging an export back in
//! without duplicates.

use super::{Env, Session};
use crate::chat::Conversation;
use crate::store::KeyValue;
use crate::store::transfer::{Extras, ImportError, ImportFile, merge};

/// Which chats to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportScope {
    Open,
    All,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// The chats to export, as they are now; chats with no messages are
    /// left out. All of them are read first, if they are not yet (the page
    /// reads them in slices before it asks, so this does not block it).
    pub fn chats_to_export(&mut self, scope: ExportScope) -> Vec<Conversation> {
        if scope == ExportScope::All {
            self.read_all();
        }
        self.chats
            .read_chats()
            .filter(|c| scope == ExportScope::All || c.id == self.open)
            .filter(|c| !c.is_empty())
            .cloned()
            .collect()
    }

    /// What goes with `chats` into an export of `scope`: the folders they
    /// are in (every folder, for all chats), the prompt library (for all
    /// chats), and the images they name that are in memory (read them
    /// first with [`Session::load_images_of`]).
    pub fn export_extras(&self, scope: ExportScope, chats: &[Conversation]) -> Extras {
        let all = scope == ExportScope::All;
        Extras {
            folders: self
                .folders
                .iter()
                .filter(|f| all || chats.iter().any(|c| c.folder.as_ref() == Some(&f.id)))
                .cloned()
                .collect(),
            prompts: if all {
                self.prompts.clone()
            } else {
                Vec::new()
            },
            images: self.images_of(chats),
        }
    }

    /// Merge an export into the chats here and write what changed, in one
    /// go. `Ok` says what happened; `Err` why nothing was changed.
    pub fn import(&mut self, text: &str) -> Result<String, String> {
        let mut job = self.start_import(text.to_string())?;
        loop {
            if let Some(outcome) = self.import_step(&mut job, f64::INFINITY) {
                return outcome;
            }
        }
    }

    /// Begin importing `text`: its size, outline and version are checked
    /// now; [`Session::import_step`] does the rest a slice at a time.
    pub fn start_import(&mut self, text: String) -> Result<ImportJob, String> {
        let file = ImportFile::open(text, self.env.now_ms()).map_err(refused)?;
        Ok(ImportJob {
            stage: Stage::Reading(Box::new(file)),
        })
    }

    /// Go on with `job` for about `budget_ms` (at least one chat). `None`
    /// while there is more to do ([`ImportJob::progress`] says how far it
    /// is); then what happened, as [`Session::import`] says it.
    ///
    /// Nothing here changes until every chat in the file is read and
    /// checked. Then the chats here are all read, the file's are merged
    /// with them, and the merged ones written a slice at a time. A reply
    /// streaming into a chat is never overwritten, and a chat that changed
    /// here after the merge (a reply that ended meanwhile) is merged again.
    pub fn import_step(
        &mut self,
        job: &mut ImportJob,
        budget_ms: f64,
    ) -> Option<Result<String, String>> {
        let start = self.env.now_ms();
        let stage = std::mem::replace(&mut job.stage, Stage::Done);
        job.stage = match stage {
            Stage::Reading(mut file) => {
                let env = &self.env;
                let mut more = || env.now_ms() - start < budget_ms;
                match file.read_some(&mut || env.new_id("c"), &mut more) {
                    Err(e) => return Some(Err(refused(e))),
                    Ok(false) => Stage::Reading(file),
                    Ok(true) => match file.finish() {
                        Err(e) => return Some(Err(refused(e))),
                        Ok((chats, extras)) => {
                            self.save_open();
                            Stage::ReadingHere(Box::new(Incoming { chats, extras }))
                        }
                    },
                }
            }
            // Every chat here must be seen, so nothing is imported twice.
            Stage::ReadingHere(incoming) => {
                if self.read_more(budget_ms) {
                    Stage::ReadingHere(incoming)
                } else {
                    self.merge_import(*incoming)
                }
            }
            Stage::Writing(mut writing) => {
                self.write_imported(&mut writing, start, budget_ms);
                if writing.queue.is_empty() {
                    return Some(Ok(self.finish_import(*writing)));
                }
                Stage::Writing(writing)
            }
            Stage::Done => return Some(Err("This import has ended.".into())),
        };
        None
    }

    /// Merge the chats read from the file with those here (all read).
    fn merge_import(&mut self, incoming: Incoming) -> Stage {
        let existing: Vec<Conversation> = self.chats.read_chats().cloned().collect();
        let outcome = merge(&existing, incoming.chats, &mut || self.env.new_id("c"));
        let summary = outcome.summary();
        let mut queue: Vec<(Conversation, Option<Version>)> = Vec::new();
        for conv in outcome.updated.into_iter().chain(outcome.added) {
            let seen = existing.iter().find(|e| e.id == conv.id).map(version);
            queue.push((conv, seen));
        }
        // Written in the file's order: the queue is taken from its end.
        queue.reverse();
        Stage::Writing(Box::new(Writing {
            total: queue.len(),
            queue,
            summary,
            extras: incoming.extras,
            written: Vec::new(),
            failed: false,
        }))
    }

    /// Write merged chats for about `budget_ms` (at least one).
    fn write_imported(&mut self, writing: &mut Writing, start: f64, budget_ms: f64) {
        while let Some((conv, before)) = writing.queue.pop() {
            let chats = match self.chats.get(&conv.id) {
                Some(here) if Some(version(here)) != before => {
                    let again = merge(std::slice::from_ref(here), vec![conv], &mut || {
                        self.env.new_id("c")
                    });
                    again.updated.into_iter().chain(again.added).collect()
                }
                _ => vec![conv],
            };
            for conv in chats {
                // A reply streaming into a chat here is not overwritten.
                if self.streaming_chat() == Some(conv.id.as_str()) {
                    continue;
                }
                let id = conv.id.clone();
                if id == self.open {
                    self.changes.thread = true;
                }
                // The list is shown again once, at the end.
                self.chats.put(conv);
                // After a failed write the rest stay on screen only, as
                // the page says (storage full).
                if !writing.failed && !self.write_chat_only(&id) {
                    writing.failed = true;
                }
                writing.written.push(id);
            }
            if self.env.now_ms() - start >= budget_ms {
                break;
            }
        }
    }

    /// The index, the images and the library, once every chat is written.
    fn finish_import(&mut self, writing: Writing) -> String {
        if !writing.failed {
            self.save_index();
        }
        let Extras {
            folders,
            prompts,
            images,
        } = writing.extras;
        self.import_images(images, &writing.written);
        for id in &writing.written {
            self.look_after_images(id);
        }
        let library = self.import_library(folders, prompts);
        // The meter already follows each write made above.
        self.chats.sort();
        self.changes.list = true;
        self.changes.status = true;
        match library {
            Some(more) => format!("{} {more}", writing.summary),
            None => writing.summary,
        }
    }

    /// Add the folders and prompts of an import that are not here (by id;
    /// a prompt with the same name and text as one here is not added
    /// again). A sentence saying what was added, if anything.
    fn import_library(
        &mut self,
        folders: Vec<crate::chat::Folder>,
        prompts: Vec<crate::chat::Prompt>,
    ) -> Option<String> {
        let before = (self.folders.len(), self.prompts.len());
        for folder in folders {
            if !self.folders.iter().any(|f| f.id == folder.id) {
                self.folders.push(folder);
            }
        }
        for prompt in prompts {
            let here = self
                .prompts
                .iter()
                .any(|p| p.id == prompt.id || (p.name == prompt.name && p.text == prompt.text));
            if !here {
                self.prompts.push(prompt);
            }
        }
        let added = (self.folders.len() - before.0, self.prompts.len() - before.1);
        if added.0 > 0 {
            self.save_folders();
        }
        if added.1 > 0 {
            self.save_prompts();
        }
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let parts: Vec<String> = [
            count(added.0, "folder", "folders"),
            count(added.1, "prompt", "prompts"),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| format!("Added {}.", parts.join(" and ")))
    }
}

/// An import under way: see [`Session::import_step`].
pub struct ImportJob {
    stage: Stage,
}

impl ImportJob {
    /// How far it is, as a sentence for the page.
    pub fn progress(&self) -> String {
        match &self.stage {
            Stage::Reading(file) => format!(
                "Reading the file: {} of {} chats…",
                file.done(),
                file.total()
            ),
            Stage::ReadingHere(_) => "Reading the chats here…".into(),
            Stage::Writing(w) => {
                format!("Saving chats: {} of {}…", w.total - w.queue.len(), w.total)
            }
            Stage::Done => String::new(),
        }
    }
}

enum Stage {
    Reading(Box<ImportFile>),
    ReadingHere(Box<Incoming>),
    Writing(Box<Writing>),
    Done,
}

/// The chats and extras read from the file.
struct Incoming {
    chats: Vec<Conversation>,
    extras: Extras,
}

/// A chat's version as the merge saw it: when it last changed and how many
/// messages it had. A chat here whose version moved on after the merge (a
/// reply ended meanwhile) is merged again before an import writes over it.
type Version = (f64, usize);

fn version(chat: &Conversation) -> Version {
    (chat.updated_ms, chat.messages.len())
}

/// The merged chats left to write (the next last), each with the version
/// of the chat here it was merged with, if any.
struct Writing {
    queue: Vec<(Conversation, Option<Version>)>,
    total: usize,
    summary: String,
    extras: Extras,
    written: Vec<String>,
    failed: bool,
}

fn refused(e: ImportError) -> String {
    format!("{e} Nothing was changed.")
}
