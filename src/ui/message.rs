//! One message: the user's text, or the assistant's thinking panel, answer,
//! status, usage and actions. Streaming updates touch only this message.

use leptos::prelude::*;

use super::remedy::remedy_actions;
use super::reply;
use super::state::{AppState, MsgRow};
use super::welcome::key_button;
use super::when::When;
use crate::browser::clock::sleep_ms;
use crate::browser::plain_text::PlainText;
use crate::browser::renderer::{self, MarkdownView};
use crate::chat::connection::points_to_key;
use crate::chat::cost::usage_line;
use crate::chat::quiet::{Quiet, quiet_note};
use crate::chat::versions::Step;
use crate::chat::{Message, Role};
use crate::session::ShownImage;

/// A message of the open chat, as its views read it: a `Copy` handle on
/// its row. Reading tracks the row, so a view re-runs when it changes.
#[derive(Clone, Copy)]
struct Msg {
    row: StoredValue<MsgRow>,
    state: AppState,
}

impl Msg {
    fn new(row: MsgRow, state: AppState) -> Self {
        Msg {
            row: StoredValue::new(row),
            state,
        }
    }

    /// Read the message (the default once it is no longer shown).
    fn with<R: Default>(self, f: impl FnOnce(&Message) -> R) -> R {
        self.row
            .try_with_value(|r| r.with(self.state, f))
            .flatten()
            .unwrap_or_default()
    }

    fn with_untracked<R: Default>(self, f: impl FnOnce(&Message) -> R) -> R {
        self.try_with_untracked(f).unwrap_or_default()
    }

    /// Read the message without tracking; `None` once it or its view is gone.
    fn try_with_untracked<R>(self, f: impl FnOnce(&Message) -> R) -> Option<R> {
        self.row
            .try_with_value(|r| r.with_untracked(self.state, f))
            .flatten()
    }

    fn id(self) -> String {
        self.row.with_value(|r| r.id.clone())
    }
}

#[component]
pub fn MessageView(row: MsgRow) -> impl IntoView {
    let role = row.role;
    match role {
        Role::User => view! { <UserMessage row=row /> }.into_any(),
        Role::Assistant => view! { <AssistantMessage row=row /> }.into_any(),
    }
}

#[component]
fn UserMessage(row: MsgRow) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Msg::new(row, state);
    // Some(text) while the user edits this message.
    let editing = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let busy = move || state.streaming_chat.with(Option::is_some);
    let send = move || {
        let text = editing.get_untracked().unwrap_or_default();
        match reply::send_edit(state, &data.id(), &text) {
            Ok(()) => {
                problem.set(None);
                editing.set(None);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    let cancel = move || {
        problem.set(None);
        editing.set(None);
    };
    view! {
        <article class="msg msg-user" data-message-role="user">
            <When
                when=move || editing.with(Option::is_some)
                fallback=move || {
                    view! {
                        <Images data=data />
                        <When when=move || data.with(|m| !m.content.is_empty())>
                            <div class="bubble">{move || data.with(|m| m.content.clone())}</div>
                        </When>
                    }
                }
            >
                <form
                    class="edit-box"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        send();
                    }
                >
                    <textarea
                        aria-label="Edit message"
                        rows="3"
                        prop:value=move || editing.get().unwrap_or_default()
                        on:input=move |ev| {
                            problem.set(None);
                            editing.set(Some(event_target_value(&ev)));
                        }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                            "Enter" if !ev.shift_key() && !ev.is_composing() => {
                                ev.prevent_default();
                                send();
                            }
                            "Escape" => cancel(),
                            _ => {}
                        }
                    ></textarea>
                    <When when=move || problem.with(Option::is_some)>
                        <div class="edit-problem" role="alert">
                            {move || problem.get().unwrap_or_default()}
                        </div>
                    </When>
                    <div class="edit-actions">
                        <button type="button" class="button" on:click=move |_| cancel()>
                            "Cancel"
                        </button>
                        <button type="submit" class="button primary" disabled=busy>
                            "Send"
                        </button>
                    </div>
                </form>
            </When>
            <footer class="msg-footer">
                <VersionNav data=data what="version" />
                <div class="msg-actions">
                    <When when=move || editing.with(Option::is_none)>
                        <button
                            type="button"
                            class="icon-button small"
                            aria-label="Edit"
                            title="Edit"
                            disabled=busy
                            on:click=move |_| {
                                editing.set(Some(data.with_untracked(|m| m.content.clone())))
                            }
                        >
                            <svg viewBox="0 0 16 16" aria-hidden="true">
                                <path d="M11 2.5l2.5 2.5L6 12.5H3.5V10z" />
                            </svg>
                        </button>
                    </When>
                    {delete_button(state, data)}
                </div>
            </footer>
        </article>
    }
}

/// Delete this message (the banner above the chat offers Undo).
fn delete_button(state: AppState, data: Msg) -> impl IntoView {
    let busy = move || state.streaming_chat.with(Option::is_some);
    view! {
        <button
            type="button"
            class="icon-button small"
            aria-label="Delete"
            title="Delete this message"
            disabled=busy
            on:click=move |_| {
                let id = data.id();
                state.act(|s| s.delete_message(&id));
            }
        >
            // A bin.
            <svg viewBox="0 0 16 16" aria-hidden="true">
                <path d="M2.5 4.5h11M6.5 4.5v-2h3v2M4 4.5l.8 9h6.4l.8-9" />
            </svg>
        </button>
    }
}

/// The images sent with a message, as the session has them: an image kept
/// in the image store shows once it is read, and says so when its record
/// is missing. Only `data:` URLs of raster images are ever loaded (an
/// imported chat could hold any string): see `chat/images.rs`.
#[component]
fn Images(data: Msg) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <When when=move || data.with(|m| !m.images.is_empty())>
            <div class="sent-images">
                {move || {
                    // Tracks the row: it is told when an image is read.
                    data.with(|m| m.images.clone())
                        .into_iter()
                        .enumerate()
                        .map(|(i, entry)| {
                            let alt = format!("Image {} sent with this message", i + 1);
                            let unshown = "(an image that cannot be shown)";
                            let shown = state
                                .read(|s| match s.shown_image(&entry) {
                                    ShownImage::Ready(url) => Ok(url.to_string()),
                                    ShownImage::Loading => Err("(loading the image…)"),
                                    ShownImage::Missing => {
                                        Err("(image missing: its stored copy was not found)")
                                    }
                                    ShownImage::Unshown => Err(unshown),
                                })
                                .unwrap_or(Err(unshown));
                            match shown {
                                Ok(url) => view! { <img src=url alt=alt /> }.into_any(),
                                Err(note) => {
                                    view! { <span class="image-unshown">{note}</span> }.into_any()
                                }
                            }
                        })
                        .collect_view()
                }}
            </div>
        </When>
    }
}

/// "‹ 2 / 3 ›": which version of the conversation from this message on is
/// shown, and the way to the others. Nothing when there is only one.
/// `what` names them: "answer" on replies, "version" on the user's messages.
#[component]
fn VersionNav(data: Msg, what: &'static str) -> impl IntoView {
    let place = move || place(data);
    view! {
        <When when=move || { place().1 > 1 }>
            <div class="versions">
                <StepButton data=data step=Step::Previous what=what />
                <span class="versions-place">
                    {move || {
                        let (n, m) = place();
                        format!("{n} / {m}")
                    }}
                </span>
                <StepButton data=data step=Step::Next what=what />
            </div>
        </When>
    }
}

/// Which version is shown, counting from 1, and how many there are.
fn place(data: Msg) -> (usize, usize) {
    data.with(|m| (m.versions.position(), m.versions.count()))
}

/// One of the two arrows of [`VersionNav`]; off at its end and while a
/// reply streams (the versions move under it otherwise).
#[component]
fn StepButton(data: Msg, step: Step, what: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = move || state.streaming_chat.with(Option::is_some);
    let (name, arrow) = match step {
        Step::Previous => (format!("Previous {what}"), "‹"),
        Step::Next => (format!("Next {what}"), "›"),
    };
    let at_end = move || {
        let (n, m) = place(data);
        match step {
            Step::Previous => n <= 1,
            Step::Next => n >= m,
        }
    };
    view! {
        <button
            type="button"
            class="icon-text"
            aria-label=name.clone()
            title=name
            disabled=move || busy() || at_end()
            on:click=move |_| reply::switch_version(state, &data.id(), step)
        >
            {arrow}
        </button>
    }
}

#[component]
fn AssistantMessage(row: MsgRow) -> impl IntoView {
    let state = expect_context::<AppState>();
    let row_id = row.id.clone();
    let view_key = row.id.clone();
    let data = Msg::new(row, state);
    let status = Memo::new(move |_| data.with(|m| m.status));
    let has_thinking = Memo::new(move |_| data.with(|m| !m.thinking.is_empty()));
    let thinking_live = Memo::new(move |_| data.with(Message::is_thinking));
    let user_choice = RwSignal::new(None::<bool>);
    let expanded = move || user_choice.get().unwrap_or_else(|| thinking_live.get());
    let label = Memo::new(move |_| {
        data.with(|m| match m.thought_seconds() {
            Some(s) if !m.is_thinking() => format!("Thought for {s} s"),
            _ => "Thinking…".to_string(),
        })
    });
    let error = Memo::new(move |_| data.with(|m| m.error.clone()));
    let usage = Memo::new(move |_| data.with(usage_line));
    let is_latest = Memo::new(move |_| {
        state
            .rows
            .with(|rows| rows.last().is_some_and(|r| r.id == row_id))
    });
    let waiting = Memo::new(move |_| {
        data.with(|m| {
            m.status == crate::chat::Status::Streaming
                && m.thinking.is_empty()
                && m.content.is_empty()
        })
    });

    // While the reply streams, a once-a-second look at how much text it
    // holds tells a stalled server from a slow one (chat::quiet). The loop
    // ends with the stream, or with this view.
    let quiet = RwSignal::new(None::<String>);
    if data.with_untracked(|m| m.status == crate::chat::Status::Streaming) {
        leptos::task::spawn_local(async move {
            let mut counter = Quiet::default();
            let mut shown = None;
            loop {
                sleep_ms(1000).await;
                let streaming_len = data.try_with_untracked(|m| {
                    (m.status == crate::chat::Status::Streaming)
                        .then(|| m.thinking.len() + m.content.len())
                });
                let Some(Some(len)) = streaming_len else {
                    break;
                };
                let now = counter.tick(len);
                if now != shown {
                    shown = now;
                    let _ = quiet.try_set(now.map(|s| quiet_note(s, len > 0)));
                }
            }
            let _ = quiet.try_set(None);
        });
    }

    // A quiet stream's notice while it streams; how it ended, after.
    let note = Memo::new(move |_| {
        if status.get() == crate::chat::Status::Streaming {
            quiet.get()
        } else {
            data.with(|m| m.ending_note().map(str::to_owned))
        }
    });

    // Thinking text is appended to what is shown (in blocks: `plain_text`).
    let thinking_ref = NodeRef::<leptos::html::Div>::new();
    let thinking_text = StoredValue::new_local(None::<PlainText>);
    Effect::new(move |_| {
        let Some(el) = thinking_ref.get() else { return };
        data.with(|m| {
            thinking_text.update_value(|slot| {
                if slot.is_none() {
                    *slot = PlainText::new(&el);
                }
                if let Some(shown) = slot {
                    let _ = shown.show(&m.thinking);
                }
            });
        });
    });

    // The answer: finished markdown blocks are built once; only the tail is
    // redone. Plain text until the renderer module has loaded. A view kept
    // from the last time this answer was shown comes back built
    // (`renderer::park`).
    let answer_ref = NodeRef::<leptos::html::Div>::new();
    let view = StoredValue::new_local(None::<MarkdownView>);
    let park_key = view_key.clone();
    Effect::new(move |_| {
        let Some(el) = answer_ref.get() else { return };
        // Re-run once the renderer arrives, to replace the plain text.
        state.renderer.track();
        data.with(|m| {
            view.update_value(|slot| {
                slot.get_or_insert_with(|| {
                    renderer::unpark(&view_key, &el).unwrap_or_else(|| MarkdownView::new(&el))
                })
                .show(&m.content, m.status != crate::chat::Status::Streaming);
            });
        });
    });
    on_cleanup(move || {
        if let Some(Some(kept)) = view.try_update_value(Option::take) {
            renderer::park(park_key, kept);
        }
    });

    let has_answer = Memo::new(move |_| data.with(|m| !m.content.is_empty()));
    // Which was copied last, for a moment: the answer (1) or the thinking (2).
    let copied = RwSignal::new(0u8);
    // "Copied" goes back to "Copy" after a moment; the timer goes with the view.
    let reset = StoredValue::new_local(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(Some(timer)) = reset.try_update_value(Option::take) {
            timer.clear();
        }
    });
    let copy = move |which: u8| {
        let text = data.with_untracked(|m| {
            if which == 2 {
                m.thinking.clone()
            } else {
                m.content.clone()
            }
        });
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set(which);
        let timer = set_timeout_with_handle(
            move || copied.set(0),
            std::time::Duration::from_millis(1500),
        );
        if let Ok(timer) = timer
            && let Some(Some(old)) = reset.try_update_value(|slot| slot.replace(timer))
        {
            old.clear();
        }
    };

    view! {
        <article
            class="msg msg-assistant"
            class:latest=move || is_latest.get()
            data-message-role="assistant"
            data-status=move || status.get().as_str()
            aria-busy=move || (status.get() == crate::chat::Status::Streaming).then_some("true")
        >
            <When when=move || has_thinking.get()>
                <button
                    type="button"
                    class="thinking-toggle"
                    class:live=move || thinking_live.get()
                    aria-expanded=move || if expanded() { "true" } else { "false" }
                    on:click=move |_| user_choice.set(Some(!expanded()))
                >
                    <span class="chevron" aria-hidden="true"></span>
                    {move || label.get()}
                </button>
            </When>
            <div
                class="thinking"
                data-part="thinking"
                node_ref=thinking_ref
                hidden=move || !(has_thinking.get() && expanded())
            ></div>
            <When when=move || waiting.get()>
                <div class="typing" aria-label="Waiting for the reply">
                    <span></span>
                    <span></span>
                    <span></span>
                </div>
            </When>
            <div class="answer markdown" data-part="answer" node_ref=answer_ref></div>
            <When when=move || error.with(|e| e.is_some())>
                <div class="error" role="alert">
                    <p>{move || error.get().unwrap_or_default()}</p>
                    {remedy_actions(state, data.id())}
                    {key_button(
                        state,
                        Signal::derive(move || error.with(|e| e.as_deref().is_some_and(points_to_key))),
                    )}
                </div>
            </When>
            <When when=move || note.with(Option::is_some)>
                <p class="note" role="status">{move || note.get()}</p>
            </When>
            <footer class="msg-footer">
                <div class="usage" data-part="usage">{move || usage.get()}</div>
                <VersionNav data=data what="answer" />
                <div class="msg-actions">
                    <When when=move || has_answer.get()>
                        <button
                            type="button"
                            class="icon-button small"
                            class:done=move || copied.get() == 1
                            aria-label=move || if copied.get() == 1 { "Copied" } else { "Copy" }
                            title="Copy the answer (markdown)"
                            on:click=move |_| copy(1)
                        >
                            // Two sheets, or a tick once copied (CSS shows one).
                            <svg viewBox="0 0 16 16" aria-hidden="true">
                                <path class="icon-idle" d="M5.5 5.5h7v8h-7zM3.5 10.5v-8h7" />
                                <path class="icon-done" d="M3.5 8.5l3 3 6-7" />
                            </svg>
                        </button>
                    </When>
                    <button
                        type="button"
                        class="icon-button small"
                        class:done=move || copied.get() == 2
                        hidden=move || !has_thinking.get()
                        // Not named "Copy…": the answer's Copy is the one
                        // button of that name in the article (page contract).
                        aria-label=move || {
                            if copied.get() == 2 { "Thinking copied" } else { "Thinking to clipboard" }
                        }
                        title="Copy the thinking"
                        on:click=move |_| copy(2)
                    >
                        // A thought bubble, or a tick once copied.
                        <svg viewBox="0 0 16 16" aria-hidden="true">
                            <path
                                class="icon-idle"
                                d="M4.5 11a3 3 0 0 1-.4-6 4 4 0 0 1 7.6-.2 2.6 2.6 0 0 1 .3 5.2zM4 13.5h1"
                            />
                            <path class="icon-done" d="M3.5 8.5l3 3 6-7" />
                        </svg>
                    </button>
                    <When when=move || {
                        is_latest.get() && status.get() != crate::chat::Status::Streaming
                    }>
                        <button
                            type="button"
                            class="icon-button small"
                            aria-label="Regenerate"
                            title="Regenerate"
                            on:click=move |_| reply::regenerate(state)
                        >
                            <svg viewBox="0 0 16 16" aria-hidden="true">
                                <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3" />
                            </svg>
                        </button>
                    </When>
                    {delete_button(state, data)}
                </div>
            </footer>
        </article>
    }
}
