//! Attached images, kept out of localStorage: one record per image in the
//! image store (IndexedDB in the browser, `browser/image_store.rs`), named
//! from its message by `img:<id>` (`chat/images.rs`).
//!
//! The image store is asynchronous and localStorage is not, so the session
//! never waits for it: it queues [`ImageJob`]s, the page runs them one at a
//! time against an [`ImageStore`] and reports each outcome back
//! ([`Session::image_done`]). Tests run the same jobs against
//! [`MemoryImages`].
//!
//! An image that is still inside a chat as a `data:` URL (just sent, from a
//! chat stored before schema 3, or imported) is moved out step by step: it
//! is written to the image store first, and only when that succeeded is the
//! chat written with the reference in its place. A fault at any point
//! leaves the image in one place or both, never in neither. If the image
//! store is full or cannot be used, images stay inside their chats, as
//! before, and the user is told which storage is full.
//!
//! The open chat's images are read into memory when it opens (the page
//! shows them and the request sends them); an image whose record is missing
//! is shown as missing and the chat goes on without it. Deleting a chat
//! deletes its images after reading them into memory, so Undo can write
//! them back.

use std::cell::{Cell, RefCell};

use super::{Env, Session};
use crate::chat::images::{image_ref, is_inline, is_safe_image_url, ref_id};
use crate::chat::versions;
use crate::chat::{Conversation, Message};
use crate::store::KeyValue;

/// Something for the page to do in the image store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageJob {
    /// Write `url` as record `id`. `keep_existing`: a record already there
    /// stays as it is (an import must not replace an image of ours).
    Put {
        id: String,
        url: String,
        keep_existing: bool,
    },
    Get {
        id: String,
    },
    Delete {
        id: String,
    },
    /// How much the image store holds and may hold.
    Measure,
}

/// How an [`ImageJob`] went, for [`Session::image_done`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageDone {
    Put {
        id: String,
        result: Result<(), ImageError>,
    },
    /// `Ok(None)`: there is no such record.
    Got {
        id: String,
        result: Result<Option<String>, ImageError>,
    },
    Deleted {
        id: String,
    },
    Measured(Option<ImageUsage>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The browser has no room left for this site.
    Full,
    /// The image store cannot be used (switched off, private browsing…).
    Unavailable(String),
}

/// Bytes the site's storage uses and may use, as the browser estimates
/// them (images and anything else the site keeps there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImageUsage {
    pub used: u64,
    pub quota: u64,
}

impl ImageUsage {
    /// At least 95% used: the next image may not fit.
    pub fn is_full(&self) -> bool {
        self.quota > 0 && u128::from(self.used) * 100 >= u128::from(self.quota) * 95
    }
}

/// Where images are kept. Asynchronous, as IndexedDB is: one call per job.
#[allow(async_fn_in_trait)]
pub trait ImageStore {
    async fn run(&self, job: ImageJob) -> ImageDone;
}

/// What a store answered: for a read, the URL found (`None`: no such
/// record); for a measure, the usage.
pub type Answer = Result<(Option<String>, Option<ImageUsage>), ImageError>;

impl ImageJob {
    /// How this job went, from what the store answered.
    pub fn done(self, answer: Answer) -> ImageDone {
        match self {
            ImageJob::Put { id, .. } => ImageDone::Put {
                id,
                result: answer.map(|_| ()),
            },
            ImageJob::Get { id } => ImageDone::Got {
                id,
                result: answer.map(|(url, _)| url),
            },
            // A record that could not be deleted is only space: nothing
            // to tell the user.
            ImageJob::Delete { id } => ImageDone::Deleted { id },
            ImageJob::Measure => ImageDone::Measured(answer.ok().and_then(|(_, usage)| usage)),
        }
    }
}

/// An image as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownImage<'a> {
    /// A `data:` URL that is safe to put in `<img src>`.
    Ready(&'a str),
    Loading,
    /// Its record is not in the image store (deleted elsewhere, or a chat
    /// imported without it).
    Missing,
    /// Not an image this app shows (an imported file can hold any text).
    Unshown,
}

#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Loading,
    Ready(String),
    Missing,
    Unshown,
}

/// Work waiting to become an [`ImageJob`]: a write takes its data from
/// memory when its turn comes, so it can wait for a read queued before it.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Store { id: String, keep_existing: bool },
    Load { id: String },
    Delete { id: String },
    Measure,
}

/// The session's side of the image store.
#[derive(Debug, Default)]
pub(super) struct Images {
    /// Images in memory (or on their way), by record id.
    slots: Vec<(String, Slot)>,
    queue: Vec<Pending>,
    /// Images inside a chat being written to the store: (record id, chat).
    moves: Vec<(String, String)>,
    usage: Option<ImageUsage>,
    /// A write failed for lack of room (until one goes through).
    full: bool,
    /// The store cannot be used: images stay inside their chats.
    unavailable: bool,
}

impl Images {
    fn slot(&self, id: &str) -> Option<&Slot> {
        self.slots.iter().find(|(i, _)| i == id).map(|(_, s)| s)
    }

    fn set(&mut self, id: &str, slot: Slot) {
        match self.slots.iter_mut().find(|(i, _)| i == id) {
            Some((_, s)) => *s = slot,
            None => self.slots.push((id.to_string(), slot)),
        }
    }

    fn url(&self, id: &str) -> Option<&str> {
        match self.slot(id)? {
            Slot::Ready(url) => Some(url),
            _ => None,
        }
    }

    fn push(&mut self, job: Pending) {
        if !self.queue.contains(&job) {
            self.queue.push(job);
        }
    }

    /// Read record `id` unless it is in memory or on its way.
    fn want(&mut self, id: &str) {
        if self.slot(id).is_none() {
            self.set(id, Slot::Loading);
            self.push(Pending::Load { id: id.to_string() });
        }
    }
}

/// The image entries of every message of `messages`, versions included.
fn entries(messages: &[Message]) -> Vec<&String> {
    fn walk<'a>(messages: &'a [Message], out: &mut Vec<&'a String>) {
        for m in messages {
            out.extend(&m.images);
            for tail in m.versions.earlier.iter().chain(&m.versions.later) {
                walk(tail, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(messages, &mut out);
    out
}

fn refs(messages: &[Message]) -> Vec<String> {
    entries(messages)
        .into_iter()
        .filter_map(|e| ref_id(e).map(str::to_string))
        .collect()
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// The next job for the image store, if any.
    pub fn next_image_job(&mut self) -> Option<ImageJob> {
        while !self.images.queue.is_empty() {
            let job = match self.images.queue.remove(0) {
                Pending::Store { id, keep_existing } => match self.images.url(&id) {
                    Some(url) => ImageJob::Put {
                        url: url.to_string(),
                        id,
                        keep_existing,
                    },
                    // It could not be read back (Undo of a chat whose
                    // image was already missing): nothing to write.
                    None => continue,
                },
                Pending::Load { id } => ImageJob::Get { id },
                Pending::Delete { id } => ImageJob::Delete { id },
                Pending::Measure => ImageJob::Measure,
            };
            return Some(job);
        }
        None
    }

    /// Whether images are still being read or written.
    pub fn images_busy(&self) -> bool {
        !self.images.queue.is_empty() || self.images.slots.iter().any(|(_, s)| *s == Slot::Loading)
    }

    /// How an image entry of a message is shown.
    pub fn shown_image<'a>(&'a self, entry: &'a str) -> ShownImage<'a> {
        if is_inline(entry) {
            return if is_safe_image_url(entry) {
                ShownImage::Ready(entry)
            } else {
                ShownImage::Unshown
            };
        }
        let Some(id) = ref_id(entry) else {
            return ShownImage::Unshown;
        };
        match self.images.slot(id) {
            Some(Slot::Ready(url)) => ShownImage::Ready(url),
            Some(Slot::Loading) | None => ShownImage::Loading,
            Some(Slot::Missing) => ShownImage::Missing,
            Some(Slot::Unshown) => ShownImage::Unshown,
        }
    }

    /// The image store's size, when the browser says.
    pub fn image_usage(&self) -> Option<ImageUsage> {
        self.images.usage
    }

    /// The image store had no room for the last image written to it.
    pub fn images_full(&self) -> bool {
        self.images.full || self.images.usage.is_some_and(|u| u.is_full())
    }

    /// An image job is done.
    pub fn image_done(&mut self, done: ImageDone) {
        match done {
            ImageDone::Put { id, result } => self.image_stored(&id, result),
            ImageDone::Got { id, result } => {
                let slot = match result {
                    Ok(Some(url)) if is_safe_image_url(&url) => Slot::Ready(url),
                    Ok(Some(_)) => Slot::Unshown,
                    Ok(None) => Slot::Missing,
                    // Unreadable now; shown as missing, the record stays.
                    Err(_) => Slot::Missing,
                };
                self.images.set(&id, slot);
                self.show_image_change(&id);
            }
            ImageDone::Deleted { .. } => self.images.push(Pending::Measure),
            ImageDone::Measured(usage) => {
                if self.images.usage != usage {
                    self.images.usage = usage;
                    self.changes.status = true;
                }
            }
        }
    }

    fn image_stored(&mut self, id: &str, result: Result<(), ImageError>) {
        let moving = self.images.moves.iter().position(|(i, _)| i == id);
        let chat = moving.map(|at| self.images.moves.remove(at).1);
        match result {
            Ok(()) => {
                if self.images.full {
                    self.images.full = false;
                    self.changes.status = true;
                }
                self.images.push(Pending::Measure);
                if let Some(chat) = chat {
                    self.refer_to_stored(id, &chat);
                }
            }
            Err(ImageError::Full) => {
                self.images.full = true;
                self.drop_move(id, chat.is_some());
                self.add_notice(
                    "Image storage is full, so new images stay inside their chats, in the smaller chat storage. Delete chats with images you no longer need to make room."
                        .into(),
                );
            }
            Err(ImageError::Unavailable(why)) => {
                self.images.unavailable = true;
                self.drop_move(id, chat.is_some());
                let others: Vec<String> = self.images.moves.drain(..).map(|(i, _)| i).collect();
                for other in others {
                    self.drop_move(&other, true);
                }
                self.add_notice(format!(
                    "Images cannot be kept apart from the chats in this browser ({why}), so they stay inside their chats, in the smaller chat storage."
                ));
            }
        }
    }

    /// An image that was to be moved stays inside its chat.
    fn drop_move(&mut self, id: &str, was_move: bool) {
        if was_move {
            self.images.slots.retain(|(i, _)| i != id);
            self.images
                .queue
                .retain(|p| !matches!(p, Pending::Store { id: i, .. } if i == id));
        }
    }

    /// The image `id` is in the store: its chat now names it instead of
    /// holding it, and is written so. If the chat is gone (deleted while
    /// the image was written), so is the record.
    fn refer_to_stored(&mut self, id: &str, chat: &str) {
        let Some(url) = self.images.url(id).map(str::to_string) else {
            return;
        };
        let entry = image_ref(id);
        let mut changed = Vec::new();
        if let Some(conv) = self.chat_mut(chat) {
            versions::for_each_mut(&mut conv.messages, &mut |m| {
                for image in m.images.iter_mut().filter(|e| **e == url) {
                    image.clone_from(&entry);
                    changed.push(m.id.clone());
                }
            });
        }
        if changed.is_empty() {
            self.images.slots.retain(|(i, _)| i != id);
            self.images.push(Pending::Delete { id: id.to_string() });
            return;
        }
        if chat == self.open {
            for m in &changed {
                self.changes.message(m);
            }
        }
        self.save_chat(chat);
    }

    /// A message of the open chat shows image `id`: tell its view.
    fn show_image_change(&mut self, id: &str) {
        let entry = image_ref(id);
        let shown: Vec<String> = self
            .current()
            .map(|c| {
                c.messages
                    .iter()
                    .filter(|m| m.images.contains(&entry))
                    .map(|m| m.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        for m in shown {
            self.changes.message(&m);
        }
    }

    /// Look after chat `id`'s images: move any it holds itself into the
    /// store and, if it is open, read the ones it names.
    pub(super) fn look_after_images(&mut self, id: &str) {
        let Some(conv) = self.chats.get(id) else {
            return;
        };
        let movable = !self.disk.read_only && !self.images.unavailable;
        let mut inline: Vec<String> = Vec::new();
        for e in entries(&conv.messages) {
            if movable && is_inline(e) && is_safe_image_url(e) && !inline.contains(e) {
                inline.push(e.clone());
            }
        }
        let named = if id == self.open {
            refs(&conv.messages)
        } else {
            Vec::new()
        };
        for url in inline {
            let moving = self
                .images
                .moves
                .iter()
                .any(|(i, c)| c == id && self.images.url(i) == Some(url.as_str()));
            if moving {
                continue;
            }
            let record = self.env.new_id("i");
            self.images.set(&record, Slot::Ready(url));
            self.images.moves.push((record.clone(), id.to_string()));
            self.images.push(Pending::Store {
                id: record,
                keep_existing: false,
            });
        }
        for record in named {
            self.images.want(&record);
        }
        self.changes.images |= !self.images.queue.is_empty();
    }

    /// Read the images the chats `ids` name (for an export), keeping them
    /// in memory until [`Session::forget_loaded_images`].
    pub fn load_images_of(&mut self, ids: &[String]) {
        for id in ids {
            self.read_chat(id);
            let named = self
                .chats
                .get(id)
                .map(|c| refs(&c.messages))
                .unwrap_or_default();
            for record in named {
                self.images.want(&record);
            }
        }
        self.changes.images |= !self.images.queue.is_empty();
    }

    /// The images `chats` name, as (record id, `data:` URL), for an export.
    /// Those not read (see [`Session::load_images_of`]) or missing are left
    /// out.
    pub fn images_of(&self, chats: &[Conversation]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for chat in chats {
            for id in refs(&chat.messages) {
                if let Some(url) = self.images.url(&id)
                    && !out.iter().any(|(i, _)| *i == id)
                {
                    out.push((id, url.to_string()));
                }
            }
        }
        out
    }

    /// Let go of images held in memory that the open chat, the chat Undo
    /// would bring back, and the writes under way do not need.
    pub fn forget_loaded_images(&mut self) {
        let mut keep: Vec<String> = self
            .current()
            .map(|c| refs(&c.messages))
            .unwrap_or_default();
        if let Some(deleted) = &self.deleted {
            keep.extend(refs(deleted.messages()));
        }
        let Images {
            slots,
            queue,
            moves,
            ..
        } = &mut self.images;
        slots.retain(|(id, slot)| {
            *slot == Slot::Loading
                || keep.contains(id)
                || moves.iter().any(|(m, _)| m == id)
                || queue
                    .iter()
                    .any(|p| matches!(p, Pending::Store { id: s, .. } if s == id))
        });
    }

    /// Chat `conv` was deleted: read its images into memory (for Undo),
    /// then delete them from the store.
    pub(super) fn delete_images_of(&mut self, messages: &[Message]) {
        let own = refs(messages);
        if own.is_empty() {
            return;
        }
        // An imported copy of a chat names the same records: those stay
        // while another chat names them.
        self.read_all();
        let others: Vec<String> = self
            .chats
            .read_chats()
            .flat_map(|c| refs(&c.messages))
            .collect();
        for id in own.into_iter().filter(|id| !others.contains(id)) {
            self.images.want(&id);
            self.images.push(Pending::Delete { id });
        }
        self.changes.images |= !self.images.queue.is_empty();
    }

    /// Undo brought `messages` back (a chat's, or one message with its
    /// neighbours): write their images again (those that could be read
    /// before they were deleted).
    pub(super) fn restore_images_of(&mut self, messages: &[Message]) {
        for id in refs(messages) {
            self.images
                .queue
                .retain(|p| !matches!(p, Pending::Delete { id: d } if *d == id));
            self.images.push(Pending::Store {
                id,
                keep_existing: false,
            });
        }
        self.changes.images |= !self.images.queue.is_empty();
    }

    /// Images that came with an import, as (record id, `data:` URL): those
    /// the imported chats name are written, unless a record of that id is
    /// here already.
    pub(super) fn import_images(&mut self, images: Vec<(String, String)>, chats: &[String]) {
        let named: Vec<String> = chats
            .iter()
            .filter_map(|id| self.chats.get(id))
            .flat_map(|c| refs(&c.messages))
            .collect();
        for (id, url) in images {
            if !named.contains(&id) || !is_safe_image_url(&url) || self.images.unavailable {
                continue;
            }
            if self.images.slot(&id).is_none() {
                self.images.set(&id, Slot::Ready(url));
            }
            self.images.push(Pending::Store {
                id,
                keep_existing: true,
            });
        }
        self.changes.images |= !self.images.queue.is_empty();
    }

    /// Ask how much the image store holds (for the storage meter).
    pub fn measure_images(&mut self) {
        self.images.push(Pending::Measure);
        self.changes.images = true;
    }

    /// The `data:` URL to send for an image entry, if it can be sent.
    pub(super) fn image_url<'a>(&'a self, entry: &'a str) -> Option<&'a str> {
        match self.shown_image(entry) {
            ShownImage::Ready(url) => Some(url),
            _ => None,
        }
    }

    /// Why the open chat cannot be sent yet, if its images are still being
    /// read (the request must carry them).
    pub(super) fn images_ready(&self) -> Result<(), String> {
        let loading = self.current().is_some_and(|c| {
            entries(&c.messages)
                .into_iter()
                .any(|e| self.shown_image(e) == ShownImage::Loading)
        });
        if loading {
            Err("This chat's images are still loading. Press Send again in a moment.".into())
        } else {
            Ok(())
        }
    }
}

/// An image store in memory, for tests: it can be made to run out of room
/// or to fail outright.
#[derive(Debug, Default)]
pub struct MemoryImages {
    records: RefCell<Vec<(String, String)>>,
    /// Total characters it holds at most.
    limit: Cell<Option<usize>>,
    broken: Cell<bool>,
}

impl MemoryImages {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_limit(chars: usize) -> Self {
        let store = Self::default();
        store.limit.set(Some(chars));
        store
    }

    /// From now on every call fails as if IndexedDB were switched off.
    pub fn break_down(&self) {
        self.broken.set(true);
    }

    pub fn ids(&self) -> Vec<String> {
        self.records
            .borrow()
            .iter()
            .map(|(i, _)| i.clone())
            .collect()
    }

    pub fn url(&self, id: &str) -> Option<String> {
        let records = self.records.borrow();
        records
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, u)| u.clone())
    }

    fn check(&self) -> Result<(), ImageError> {
        if self.broken.get() {
            Err(ImageError::Unavailable("switched off".into()))
        } else {
            Ok(())
        }
    }

    fn used(&self) -> usize {
        self.records.borrow().iter().map(|(_, u)| u.len()).sum()
    }
}

impl ImageStore for MemoryImages {
    async fn run(&self, job: ImageJob) -> ImageDone {
        let answer = self.check().and_then(|()| self.answer(&job));
        job.done(answer)
    }
}

impl MemoryImages {
    fn answer(&self, job: &ImageJob) -> Answer {
        match job {
            ImageJob::Put {
                id,
                url,
                keep_existing,
            } => {
                if *keep_existing && self.url(id).is_some() {
                    return Ok((None, None));
                }
                self.records.borrow_mut().retain(|(i, _)| i != id);
                if self
                    .limit
                    .get()
                    .is_some_and(|l| self.used() + url.len() > l)
                {
                    return Err(ImageError::Full);
                }
                self.records.borrow_mut().push((id.clone(), url.clone()));
                Ok((None, None))
            }
            ImageJob::Get { id } => Ok((self.url(id), None)),
            ImageJob::Delete { id } => {
                self.records.borrow_mut().retain(|(i, _)| i != id);
                Ok((None, None))
            }
            ImageJob::Measure => Ok((
                None,
                self.limit.get().map(|quota| ImageUsage {
                    used: self.used() as u64,
                    quota: quota as u64,
                }),
            )),
        }
    }
}
