//! Replies: what the user sends (a new message, a regenerated answer, an
//! edited message), the stream's parts arriving, and how a reply ends.
//!
//! Sending returns a [`ReplyJob`]: the request for the browser layer to
//! run. The browser reports the stream back with the `reply_*` methods and
//! calls [`Session::reply_closed`] when its fetch is over, whatever
//! happened, so no path leaves a reply streaming. Reports for a reply that
//! is no longer the live one (the user pressed Stop, or deleted its chat)
//! are ignored.

use std::borrow::Cow;

use super::{Env, Live, Session};
use crate::api::key::{clean_key, key_problem};
use crate::api::{ApiError, StreamPart};
use crate::chat::catalogue::{
    ENDPOINTS, chat_url, check_base_url, is_minimax_endpoint, sees_images,
};
use crate::chat::context::draft_tokens;
use crate::chat::request::build_body;
use crate::chat::versions::{self, Step};
use crate::chat::{Message, Role, Status};
use crate::json::write::to_json;
use crate::store::KeyValue;

/// The key sent to the local demo when the user has none: the mock wants one.
const DEMO_KEY: &str = "demo";

/// A request to run: where to, with which key and body, and the reply it
/// streams into.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyJob {
    pub chat_id: String,
    pub reply_id: String,
    pub url: String,
    /// The Base URL as the user set it, for error sentences.
    pub base_url: String,
    pub api_key: String,
    pub body: String,
}

pub(super) fn is_demo(base_url: &str) -> bool {
    ENDPOINTS
        .iter()
        .any(|e| e.name == "Local demo" && e.base_url == base_url.trim())
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Send `text` (and `images`, as `data:` URLs) as a new message of the
    /// open chat and start its reply. `None` when nothing went out: the
    /// reason is in [`Session::problem`], and the caller keeps the draft.
    pub fn send(&mut self, text: &str, images: Vec<String>) -> Option<ReplyJob> {
        if text.trim().is_empty() && images.is_empty() {
            return None;
        }
        let refused = self
            .ready_to_send()
            .map_err(|problem| format!("{problem} Your message is still here."))
            .and_then(|key| self.check_images(&images).map(|()| key));
        let sent_images = !images.is_empty();
        let key = match refused {
            Ok(key) => key,
            Err(problem) => {
                self.set_problem(Some(problem));
                return None;
            }
        };
        let end = self.current()?.messages.len();
        if self.refuse_if_too_long(end, draft_tokens(text, images.len())) {
            return None;
        }
        self.set_problem(None);
        self.user_acted();
        let mut user = Message::user(self.env.new_id("m"), text.to_string(), self.env.now_ms());
        user.images = images;
        let conv = self.open_mut()?;
        conv.messages.push(user);
        let end = conv.messages.len();
        let job = self.start_reply(key, end);
        if sent_images {
            // Written inside the chat first; now into the image store.
            let open = self.open.clone();
            self.look_after_images(&open);
        }
        job
    }

    /// A fresh reply in place of the last one; the old one stays as a
    /// version (Previous answer shows it again).
    pub fn regenerate(&mut self) -> Option<ReplyJob> {
        let key = self.key_or_problem()?;
        let messages = &self.current()?.messages;
        let at = match messages.last() {
            Some(m) if m.role == Role::Assistant => messages.len() - 1,
            _ => messages.len(),
        };
        if self.refuse_if_too_long(at, 0) {
            return None;
        }
        self.set_problem(None);
        self.user_acted();
        self.start_reply(key, at)
    }

    /// Send an edited version of the user message `id`: what followed it
    /// is kept as the previous version, and a new reply streams after the
    /// edit. `Err` says why nothing was sent; the edit is left as written.
    pub fn send_edit(&mut self, id: &str, text: &str) -> Result<ReplyJob, String> {
        let key = self.ready_to_send()?;
        let Some(at) = self
            .current()
            .and_then(|c| c.messages.iter().position(|m| m.id == id))
        else {
            return Err("That message is no longer in this chat.".into());
        };
        let images = self.current().map(|c| c.messages[at].images.clone());
        // The edit is of the text; the images sent with it stay with it.
        let images = images.unwrap_or_default();
        if text.trim().is_empty() && images.is_empty() {
            return Err("The message is empty. Write something, or press Cancel.".into());
        }
        self.check_images(&images)?;
        self.check_fits(at, draft_tokens(text, images.len()))?;
        self.set_problem(None);
        self.user_acted();
        let mut edited = Message::user(self.env.new_id("m"), text.to_string(), self.env.now_ms());
        edited.images = images;
        if let Some(conv) = self.open_mut() {
            versions::branch(&mut conv.messages, at, vec![edited]);
        }
        self.start_reply(key, at + 1)
            .ok_or_else(|| "The chat could not be found.".into())
    }

    /// Show another version of the open chat from the message `id` on.
    /// Not while a reply streams: the versions would move under it.
    pub fn switch_version(&mut self, id: &str, step: Step) {
        if self.live.is_some() {
            return;
        }
        let Some(conv) = self.open_mut() else { return };
        let Some(at) = conv.messages.iter().position(|m| m.id == id) else {
            return;
        };
        if versions::switch(&mut conv.messages, at, step) {
            self.changes.thread = true;
            let open = self.open.clone();
            self.forget_deleted_message(&open);
            self.save_open();
        }
    }

    /// Whether a message can go out now: the key to send with, or the
    /// sentence that says what is missing.
    pub(super) fn ready_to_send(&self) -> Result<String, String> {
        if self.live.is_some() {
            return Err("A reply is still streaming. Stop it or wait for it to finish.".into());
        }
        self.request_key()
    }

    /// The key a request goes with (the local demo's stand-in when the
    /// user has none there), or why there is none to send.
    pub(super) fn request_key(&self) -> Result<String, String> {
        if let Some(problem) = check_base_url(&self.settings.base_url) {
            return Err(problem);
        }
        self.images_ready()?;
        // Cleaned again here: a key saved before cleaning existed may still
        // hold a zero-width space, which the browser would refuse to send.
        let key = clean_key(&self.api_key);
        if let Some(problem) = key_problem(&key) {
            return Err(problem);
        }
        if !key.is_empty() {
            return Ok(key);
        }
        if is_demo(&self.settings.base_url) {
            return Ok(DEMO_KEY.into());
        }
        Err("Add your MiniMax API key in Settings first.".into())
    }

    /// The key to send with, or `None` with the reason shown as the problem.
    pub(super) fn key_or_problem(&mut self) -> Option<String> {
        match self.ready_to_send() {
            Ok(key) => Some(key),
            Err(problem) => {
                self.set_problem(Some(problem));
                None
            }
        }
    }

    /// Images go only to a model that can see them.
    fn check_images(&self, images: &[String]) -> Result<(), String> {
        let model = &self.model();
        if images.is_empty() || sees_images(model) {
            return Ok(());
        }
        Err(format!(
            "{model} does not take images. Choose MiniMax-M3 in Settings, or remove the image. Your message is still here."
        ))
    }

    /// Stream a new reply into position `at` of the open chat: appended
    /// when `at` is the end, else in place of the messages from `at` on,
    /// which are kept as a version. The request holds the messages before
    /// `at`.
    pub(super) fn start_reply(&mut self, api_key: String, at: usize) -> Option<ReplyJob> {
        let now = self.env.now_ms();
        let model = self.model();
        let reply_id = self.env.new_id("m");
        let pending = Message::pending_reply(reply_id.clone(), model.clone(), now);
        let minimax = is_minimax_endpoint(&self.settings.base_url);
        let open = self.open.clone();
        self.forget_deleted_message(&open);
        self.retry = None;
        let conv = self.open_mut()?;
        conv.model = model;
        conv.updated_ms = now;
        let at = at.min(conv.messages.len());
        let conv = self.current()?;
        let body = to_json(&build_body(conv, &conv.messages[..at], minimax, &|e| {
            self.image_url(e).map(str::to_string)
        }));
        let conv = self.open_mut()?;
        versions::branch(&mut conv.messages, at, vec![pending]);
        let chat_id = conv.id.clone();
        self.live = Some(Live {
            chat_id: chat_id.clone(),
            reply_id: reply_id.clone(),
        });
        self.changes.thread = true;
        self.changes.list = true;
        self.changes.status = true;
        self.save_chat(&chat_id);
        Some(ReplyJob {
            chat_id,
            reply_id,
            url: chat_url(&self.settings.base_url),
            base_url: self.settings.base_url.clone(),
            api_key,
            body,
        })
    }

    /// The live reply `job` streams into, if it is still the live one.
    fn live_reply(&mut self, job: &ReplyJob) -> Option<&mut Message> {
        let live = self.live.as_ref()?;
        if live.reply_id != job.reply_id || live.chat_id != job.chat_id {
            return None;
        }
        if self.summary_reply(&job.reply_id).is_some() {
            self.changes.status = true;
            return self.summary_reply(&job.reply_id);
        }
        let open = self.open == job.chat_id;
        let conv = self.chats.get_mut(&job.chat_id)?;
        let reply = conv.messages.iter_mut().find(|m| m.id == job.reply_id)?;
        if open {
            self.changes.message(&job.reply_id);
        }
        Some(reply)
    }

    /// New parts of the stream, in order.
    pub fn reply_parts(&mut self, job: &ReplyJob, parts: Vec<StreamPart>) {
        let now = self.env.now_ms();
        let Some(reply) = self.live_reply(job) else {
            return;
        };
        let mut failed = None;
        for part in parts {
            if let StreamPart::Error(err) = &part {
                failed = Some(err.clone());
            }
            reply.apply(part, now);
        }
        if let Some(err) = failed {
            self.note_failure(&job.reply_id, &err, &job.base_url);
        }
        if self.summary_reply(&job.reply_id).is_none() {
            self.save_chat_throttled(&job.chat_id);
        }
    }

    /// The body ended; `cut` when neither `[DONE]` nor a finish reason came.
    pub fn reply_ended(&mut self, job: &ReplyJob, cut: bool) {
        let now = self.env.now_ms();
        if let Some(reply) = self.live_reply(job) {
            reply.end_of_stream(cut, now);
        }
    }

    /// The request failed before or instead of a stream.
    pub fn reply_failed(&mut self, job: &ReplyJob, err: &ApiError) {
        let now = self.env.now_ms();
        if let Some(reply) = self.live_reply(job) {
            reply.fail(err, now);
            self.note_failure(&job.reply_id, err, &job.base_url);
        }
    }

    /// The request could not even be made (the browser refused it): the
    /// reply ends as an error with `sentence`.
    pub fn reply_refused(&mut self, job: &ReplyJob, sentence: &str) {
        let now = self.env.now_ms();
        if let Some(reply) = self.live_reply(job) {
            reply.status = Status::Error;
            reply.error = Some(sentence.to_string());
            reply.timing.ended_ms.get_or_insert(now);
        }
    }

    /// The request was cancelled (our abort).
    pub fn reply_aborted(&mut self, job: &ReplyJob) {
        let now = self.env.now_ms();
        if let Some(reply) = self.live_reply(job) {
            reply.stop(now);
        }
    }

    /// The fetch for `job` is over, however it went: a reply still open is
    /// settled as cut off, Send is free again, and the chat is written.
    pub fn reply_closed(&mut self, job: &ReplyJob) {
        let now = self.env.now_ms();
        let Some(reply) = self.live_reply(job) else {
            return;
        };
        if reply.status == Status::Streaming {
            reply.end_of_stream(true, now);
        }
        let heard = announce(reply);
        self.live = None;
        self.changes.status = true;
        if self.summary_reply(&job.reply_id).is_none() {
            if self.open == job.chat_id {
                self.announcement = heard;
            }
            self.save_chat(&job.chat_id);
        }
    }

    /// Stop the streaming reply: what arrived is kept, Send is free at
    /// once, and the request is cancelled ([`super::Changes::abort`]).
    pub fn stop(&mut self) {
        let Some(live) = self.live.take() else { return };
        let now = self.env.now_ms();
        let open = self.open == live.chat_id;
        let mut heard = None;
        if let Some(summary) = self.summary_reply(&live.reply_id) {
            summary.stop(now);
        } else if let Some(reply) = self
            .chat_mut(&live.chat_id)
            .and_then(|c| c.messages.iter_mut().find(|m| m.id == live.reply_id))
        {
            reply.stop(now);
            heard = Some(announce(reply));
        }
        if let Some(heard) = heard.filter(|_| open) {
            self.announcement = heard;
        }
        if open {
            self.changes.message(&live.reply_id);
        }
        self.changes.abort = true;
        self.changes.status = true;
        self.save_chat(&live.chat_id);
    }
}

/// What a screen reader hears when a reply ends: the answer once, whole,
/// instead of every piece as it streamed. (An error is an alert already.)
fn announce(reply: &Message) -> String {
    let lead = match reply.status {
        Status::Error => return String::new(),
        Status::Stopped => "Reply stopped.",
        Status::Interrupted => "Reply cut off.",
        _ => "Reply:",
    };
    format!("{lead} {}", spoken(&reply.content))
}

/// Longest answer read out whole, in characters (a few minutes of speech).
const SPOKEN_WHOLE_CHARS: usize = 4_000;

/// The answer as read out: whole up to [`SPOKEN_WHOLE_CHARS`]; a longer
/// one up to the last word that fits, then how much more the conversation
/// holds. A polite announcement of 200 KB is nothing anyone listens to,
/// and the live region lays its text out as one line: shaping 200 KB took
/// the browser about 40 ms in the frame where a long reply ended.
fn spoken(text: &str) -> Cow<'_, str> {
    let Some((cut, _)) = text.char_indices().nth(SPOKEN_WHOLE_CHARS) else {
        return Cow::Borrowed(text);
    };
    let head = text[..cut]
        .rsplit_once(char::is_whitespace)
        .map_or(&text[..cut], |(words, _)| words)
        .trim_end();
    let more = text[head.len()..].split_whitespace().count();
    let words = if more == 1 { "word" } else { "words" };
    Cow::Owned(format!(
        "{head} … The reply goes on for {more} more {words} in the conversation."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_answer_is_read_out_whole() {
        assert_eq!(spoken("Hello there."), "Hello there.");
        let exact = "é".repeat(SPOKEN_WHOLE_CHARS);
        assert_eq!(spoken(&exact), exact);
    }

    #[test]
    fn a_long_answer_is_read_out_to_a_word_then_says_how_much_more() {
        let text = "word ".repeat(2 * SPOKEN_WHOLE_CHARS / 5);
        let heard = spoken(&text);
        let (head, tail) = heard.split_once(" … ").expect("cut marked");
        assert!(head.chars().count() <= SPOKEN_WHOLE_CHARS);
        assert!(text.starts_with(head) && head.ends_with("word"));
        let said = head.split_whitespace().count();
        let total = text.split_whitespace().count();
        assert_eq!(
            tail,
            format!(
                "The reply goes on for {} more words in the conversation.",
                total - said
            )
        );
    }

    #[test]
    fn a_long_word_is_cut_at_a_character_not_inside_one() {
        let text = "语".repeat(SPOKEN_WHOLE_CHARS + 10);
        let heard = spoken(&text);
        assert!(heard.starts_with(&"语".repeat(SPOKEN_WHOLE_CHARS)));
        assert!(heard.ends_with("goes on for 1 more word in the conversation."));
    }
}
