//! What the user can do to a chat: send, stop, regenerate. Each builds on the
//! pure model and runs the reply through the browser layer.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{AppState, MsgRow};
use crate::browser::clock::{new_id, now_ms};
use crate::browser::fetch::{ReplyEvent, ReplyRequest, abort_controller, stream_reply};
use crate::chat::catalogue::{ENDPOINTS, chat_url, check_base_url};
use crate::chat::request::build_body;
use crate::chat::{Message, Role, Status};

/// The key sent to the local demo when the user has none: the mock wants one.
const DEMO_KEY: &str = "demo";

fn is_demo(base_url: &str) -> bool {
    ENDPOINTS
        .iter()
        .any(|e| e.name == "Local demo" && e.base_url == base_url.trim())
}

/// Send the draft as a new user message and stream the reply.
/// On any problem the draft stays in the composer and the reason is shown.
pub fn send(state: AppState) {
    let text = state.draft.get_untracked();
    if text.trim().is_empty() {
        return;
    }
    if state.streaming_chat.get_untracked().is_some() {
        state.composer_error.set(Some(
            "A reply is still streaming. Stop it or wait for it to finish.".into(),
        ));
        return;
    }
    let settings = state.settings.get_untracked();
    if let Some(problem) = check_base_url(&settings.base_url) {
        state.composer_error.set(Some(problem));
        return;
    }
    let mut key = state.api_key.get_untracked().trim().to_string();
    if key.is_empty() {
        if is_demo(&settings.base_url) {
            key = DEMO_KEY.into();
        } else {
            state.composer_error.set(Some(
                "Add your MiniMax API key in Settings first. Your message is still here.".into(),
            ));
            return;
        }
    }
    state.composer_error.set(None);
    let user = Message::user(new_id("m"), text, now_ms());
    state.rows.update(|rows| rows.push(MsgRow::new(user)));
    state.draft.set(String::new());
    start_reply(state, key);
}

/// Replace the last reply with a fresh one.
pub fn regenerate(state: AppState) {
    if state.streaming_chat.get_untracked().is_some() {
        return;
    }
    let settings = state.settings.get_untracked();
    let mut key = state.api_key.get_untracked().trim().to_string();
    if key.is_empty() && is_demo(&settings.base_url) {
        key = DEMO_KEY.into();
    }
    if key.is_empty() {
        state
            .composer_error
            .set(Some("Add your MiniMax API key in Settings first.".into()));
        return;
    }
    let ends_with_reply = state.rows.with_untracked(|rows| {
        rows.last()
            .is_some_and(|r| r.data.with_untracked(|m| m.role == Role::Assistant))
    });
    if ends_with_reply {
        state.rows.update(|rows| {
            rows.pop();
        });
    }
    start_reply(state, key);
}

fn start_reply(state: AppState, key: String) {
    let settings = state.settings.get_untracked();
    let Some(mut conv) = state.snapshot_open() else {
        return;
    };
    conv.model = settings.model.clone();
    conv.updated_ms = now_ms();
    let body = build_body(&conv, &conv.messages).to_string();
    let reply = MsgRow::new(Message::pending_reply(
        new_id("m"),
        settings.model.clone(),
        now_ms(),
    ));
    state.rows.update(|rows| rows.push(reply.clone()));
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
