//! What the user can do to a chat: send, stop, regenerate, edit, and move
//! between versions. Each builds on the pure model (`chat/versions.rs` keeps
//! every earlier answer and edit) and runs the reply through the browser layer.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{AppState, MsgRow};
use crate::api::key::{clean_key, key_problem};
use crate::browser::clock::{new_id, next_task, now_ms};
use crate::browser::fetch::{ReplyEvent, ReplyRequest, abort_controller, stream_reply};
use crate::chat::catalogue::{ENDPOINTS, chat_url, check_base_url, sees_images};
use crate::chat::request::build_body;
use crate::chat::versions::{self, Step};
use crate::chat::{Message, Role, Status};
use crate::json::write::to_json;

/// The key sent to the local demo when the user has none: the mock wants one.
const DEMO_KEY: &str = "demo";

fn is_demo(base_url: &str) -> bool {
    ENDPOINTS
        .iter()
        .any(|e| e.name == "Local demo" && e.base_url == base_url.trim())
}

/// Whether a message can go out now: the key to send with, or the sentence
/// that says what is missing (the text the user wrote is never touched).
fn ready_to_send(state: AppState) -> Result<String, String> {
    if state.streaming_chat.get_untracked().is_some() {
        return Err("A reply is still streaming. Stop it or wait for it to finish.".into());
    }
    let settings = state.settings.get_untracked();
    if let Some(problem) = check_base_url(&settings.base_url) {
        return Err(problem);
    }
    let key = clean_key(&state.api_key.get_untracked());
    if let Some(problem) = key_problem(&key) {
        return Err(problem);
    }
    if !key.is_empty() {
        return Ok(key);
    }
    if is_demo(&settings.base_url) {
        return Ok(DEMO_KEY.into());
    }
    Err("Add your MiniMax API key in Settings first.".into())
}

/// Images go only to a model that can see them.
fn check_images(state: AppState, images: &[String]) -> Result<(), String> {
    let model = state.settings.with_untracked(|s| s.model.clone());
    if images.is_empty() || sees_images(&model) {
        return Ok(());
    }
    Err(format!(
        "{model} does not take images. Choose MiniMax-M3 in Settings, or remove the image. Your message is still here."
    ))
}

/// Send the draft as a new user message and stream the reply.
/// On any problem the draft stays in the composer and the reason is shown.
pub fn send(state: AppState) {
    let text = state.draft.get_untracked();
    let images = state.attachments.get_untracked();
    if text.trim().is_empty() && images.is_empty() {
        return;
    }
    let key = match ready_to_send(state) {
        Ok(key) => key,
        Err(problem) => {
            let problem = format!("{problem} Your message is still here.");
            return state.composer_error.set(Some(problem));
        }
    };
    if let Err(problem) = check_images(state, &images) {
        return state.composer_error.set(Some(problem));
    }
    state.composer_error.set(None);
    let mut user = Message::user(new_id("m"), text, now_ms());
    user.images = images;
    state.rows.update(|rows| rows.push(MsgRow::new(user)));
    state.draft.set(String::new());
    if !state.attachments.with_untracked(Vec::is_empty) {
        state.attachments.set(Vec::new());
    }
    let end = state.rows.with_untracked(Vec::len);
    start_reply(state, key, end);
}

/// A fresh reply in place of the last one; the old one stays as a version
/// (Previous answer shows it again).
pub fn regenerate(state: AppState) {
    let key = match ready_to_send(state) {
        Ok(key) => key,
        Err(problem) => return state.composer_error.set(Some(problem)),
    };
    state.composer_error.set(None);
    let at = state.rows.with_untracked(|rows| match rows.last() {
        Some(r) if r.data.with_untracked(|m| m.role == Role::Assistant) => rows.len() - 1,
        _ => rows.len(),
    });
    start_reply(state, key, at);
}

/// Send an edited version of the user message `row_id`: what followed it is
/// kept as the previous version, and a new reply streams after the edit.
/// `Err` says why nothing was sent; the edit is left as the user wrote it.
pub fn send_edit(state: AppState, row_id: &str, text: String) -> Result<(), String> {
    let key = ready_to_send(state)?;
    let mut messages = state.shown_messages();
    let Some(at) = messages.iter().position(|m| m.id == row_id) else {
        return Err("That message is no longer in this chat.".into());
    };
    // The edit is of the text; the images sent with it stay with it.
    let images = messages[at].images.clone();
    if text.trim().is_empty() && images.is_empty() {
        return Err("The message is empty. Write something, or press Cancel.".into());
    }
    check_images(state, &images)?;
    state.composer_error.set(None);
    let mut edited = Message::user(new_id("m"), text, now_ms());
    edited.images = images;
    versions::branch(&mut messages, at, vec![edited]);
    state.set_rows_keeping(&messages);
    start_reply(state, key, at + 1);
    Ok(())
}

/// Show another version of the conversation from the message `row_id` on.
pub fn switch_version(state: AppState, row_id: &str, step: Step) {
    if state.streaming_chat.get_untracked().is_some() {
        return;
    }
    let Some(at) = state
        .rows
        .with_untracked(|rows| rows.iter().position(|r| r.id == row_id))
    else {
        return;
    };
    let mut messages = state.shown_messages();
    if versions::switch(&mut messages, at, step) {
        state.set_rows_keeping(&messages);
        state.save_open();
    }
}

/// Stream a new reply into position `at` of the open chat: appended when
/// `at` is the end, else in place of the messages from `at` on, which are
/// kept as a version. The request holds the messages before `at`.
fn start_reply(state: AppState, key: String, at: usize) {
    let settings = state.settings.get_untracked();
    let Some(mut conv) = state.snapshot_open() else {
        return;
    };
    conv.model = settings.model.clone();
    conv.updated_ms = now_ms();
    conv.messages.truncate(at);
    let body = to_json(&build_body(&conv, &conv.messages));
    let pending = Message::pending_reply(new_id("m"), settings.model.clone(), now_ms());
    let reply = if at >= state.rows.with_untracked(Vec::len) {
        let reply = MsgRow::new(pending);
        state.rows.update(|rows| rows.push(reply.clone()));
        reply
    } else {
        let id = pending.id.clone();
        let mut messages = state.shown_messages();
        versions::branch(&mut messages, at, vec![pending]);
        state.set_rows_keeping(&messages);
        let Some(reply) = state
            .rows
            .with_untracked(|rows| rows.iter().find(|r| r.id == id).cloned())
        else {
            return;
        };
        reply
    };
    if let Some(c) = state.snapshot_open() {
        state.commit(Conversation {
            model: conv.model,
            updated_ms: conv.updated_ms,
            ..c
        });
    }

    let chat_id = conv.id.clone();
    let controller = abort_controller();
    state.abort.set_value(controller.clone());
    state.streaming_chat.set(Some(chat_id.clone()));

    spawn_local(async move {
        // The new messages render in this task; the request starts in the next.
        next_task().await;
        let Some(controller) = controller else {
            reply.data.update(|m| {
                m.status = Status::Error;
                m.error = Some("This browser cannot cancel requests (no AbortController).".into());
            });
            state.streaming_chat.set(None);
            return;
        };
        let url = chat_url(&settings.base_url);
        let request = ReplyRequest {
            url: &url,
            base_url: &settings.base_url,
            api_key: &key,
            body,
        };
        let signal = controller.signal();
        let mut on_event = |event: ReplyEvent| {
            let now = now_ms();
            match event {
                ReplyEvent::Parts(parts) => {
                    reply.data.update(|m| {
                        for part in parts {
                            m.apply(part, now);
                        }
                    });
                    state.save_reply(&chat_id, &reply, false);
                }
                ReplyEvent::End { cut } => reply.data.update(|m| m.end_of_stream(cut, now)),
                ReplyEvent::Failed(err) => reply.data.update(|m| m.fail(&err, now)),
                ReplyEvent::Aborted => reply.data.update(|m| m.stop(now)),
            }
        };
        stream_reply(request, &signal, &mut on_event).await;
        // A reply that ends mid-error keeps the error; anything else still open is settled.
        reply.data.update(|m| {
            if m.status == Status::Streaming {
                m.end_of_stream(true, now_ms());
            }
        });
        state.abort.set_value(None);
        state.streaming_chat.set(None);
        state.save_reply(&chat_id, &reply, true);
    });
}

use crate::chat::Conversation;

/// Stop the streaming reply: the connection is closed, the text so far kept.
pub fn stop(state: AppState) {
    if let Some(c) = state.abort.get_value() {
        c.abort();
    }
}
