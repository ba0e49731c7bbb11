//! Running a reply: the session says what to request ([`ReplyJob`]); this
//! runs the fetch and reports the stream back, whatever happens, ending
//! with `reply_closed` so Send is always freed.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::{AppSession, AppState};
use crate::browser::clock::next_task;
use crate::browser::fetch::{ReplyEvent, ReplyRequest, abort_controller, stream_reply};
use crate::chat::versions::Step;
use crate::session::ReplyJob;

/// Send the draft; on success the composer is cleared, else the draft
/// stays and the session says why.
pub fn send(state: AppState) {
    let text = state.draft.get_untracked();
    let images = state.attachments.get_untracked();
    if let Some(Some(job)) = state.act(|s| s.send(&text, images)) {
        state.draft.set(String::new());
        if !state.attachments.with_untracked(Vec::is_empty) {
            state.attachments.set(Vec::new());
        }
        run(state, job);
    }
}

pub fn regenerate(state: AppState) {
    start(state, |s| s.regenerate());
}

/// Send an edit of the message `id`; `Err` says why nothing was sent.
pub fn send_edit(state: AppState, id: &str, text: &str) -> Result<(), String> {
    let job = state
        .act(|s| s.send_edit(id, text))
        .unwrap_or_else(|| Err("The page is closing.".into()))?;
    run(state, job);
    Ok(())
}

pub fn switch_version(state: AppState, id: &str, step: Step) {
    state.act(|s| s.switch_version(id, step));
}

/// Stop the streaming reply (the session asks for the request's abort).
pub fn stop(state: AppState) {
    state.act(|s| s.stop());
}

/// Run a session call that may start a request (a retry, a summary, a new
/// chat that asks its last question), and run that request.
pub fn start(state: AppState, f: impl FnOnce(&mut AppSession) -> Option<ReplyJob>) {
    if let Some(Some(job)) = state.act(f) {
        run(state, job);
    }
}

/// Ask for a summary of the open chat and show it, to carry to a new chat.
pub fn summarize(state: AppState) {
    start(state, |s| s.summarize());
    if state.summary.with_untracked(Option::is_some) {
        state.summary_open.set(true);
    }
}

/// Run `job`'s request and report its stream to the session.
fn run(state: AppState, job: ReplyJob) {
    let controller = abort_controller();
    state.abort.set_value(controller.clone());
    spawn_local(async move {
        // The new messages render in this task; the request starts in the next.
        next_task().await;
        match controller {
            None => {
                state.act(|s| {
                    s.reply_refused(
                        &job,
                        "This browser cannot cancel requests (no AbortController).",
                    )
                });
            }
            Some(controller) => {
                let request = ReplyRequest {
                    url: &job.url,
                    base_url: &job.base_url,
                    api_key: &job.api_key,
                    body: job.body.clone(),
                };
                let signal = controller.signal();
                let mut on_event = |event: ReplyEvent| {
                    state.act(|s| match event {
                        ReplyEvent::Parts(parts) => s.reply_parts(&job, parts),
                        ReplyEvent::End { cut } => s.reply_ended(&job, cut),
                        ReplyEvent::Failed(err) => s.reply_failed(&job, &err),
                        ReplyEvent::Aborted => s.reply_aborted(&job),
                    });
                };
                stream_reply(request, &signal, &mut on_event).await;
            }
        }
        state.act(|s| s.reply_closed(&job));
    });
}
