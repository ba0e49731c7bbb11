//! One message: the user's text, or the assistant's thinking panel, answer,
//! status, usage and actions. Streaming updates touch only this message.

use leptos::prelude::*;

use super::actions;
use super::state::{AppState, MsgRow};
use crate::browser::clock::sleep_ms;
use crate::browser::plain_text::PlainText;
use crate::browser::renderer::MarkdownView;
use crate::chat::images::is_safe_image_url;
use crate::chat::quiet::{Quiet, quiet_note};
use crate::chat::versions::Step;
use crate::chat::{Message, Role};
use crate::decimal::tenths;

#[component]
pub fn MessageView(row: MsgRow) -> impl IntoView {
    let role = row.data.with_untracked(|m| m.role);
    match role {
        Role::User => view! { <UserMessage row=row /> }.into_any(),
        Role::Assistant => view! { <AssistantMessage row=row /> }.into_any(),
    }
}

#[component]
fn UserMessage(row: MsgRow) -> impl IntoView {
    let state = expect_context::<AppState>();
    let nav_row = row.clone();
    let data = RwSignal::from(row.data);
    // Some(text) while the user edits this message.
    let editing = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let busy = Memo::new(move |_| state.streaming_chat.with(Option::is_some));
    let id = row.id.clone();
    let send = move || {
        let text = editing.get_untracked().unwrap_or_default();
        match actions::send_edit(state, &id, text) {
            Ok(()) => {
                problem.set(None);
                editing.set(None);
            }
            Err(why) => problem.set(Some(why)),
        }
    };
    let send_on_enter = send.clone();
    let cancel = move || {
        problem.set(None);
        editing.set(None);
    };
    view! {
        <article class="msg msg-user" data-message-role="user">
            <Show
                when=move || editing.with(Option::is_some)
                fallback=move || {
                    view! {
                        <Images data=data />
                        <Show when=move || data.with(|m| !m.content.is_empty())>
                            <div class="bubble">{move || data.with(|m| m.content.clone())}</div>
                        </Show>
                    }
                }
            >
                <form
                    class="edit-box"
                    on:submit={
                        let send = send.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            send();
                        }
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
                        on:keydown={
                            let send = send_on_enter.clone();
                            move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                                "Enter" if !ev.shift_key() && !ev.is_composing() => {
                                    ev.prevent_default();
                                    send();
                                }
                                "Escape" => cancel(),
                                _ => {}
                            }
                        }
                    ></textarea>
                    <Show when=move || problem.with(Option::is_some)>
                        <div class="edit-problem" role="alert">
                            {move || problem.get().unwrap_or_default()}
                        </div>
                    </Show>
                    <div class="edit-actions">
                        <button type="button" class="button" on:click=move |_| cancel()>
                            "Cancel"
                        </button>
                        <button type="submit" class="button primary" disabled=move || busy.get()>
                            "Send"
                        </button>
                    </div>
                </form>
            </Show>
            <footer class="msg-footer">
                <VersionNav row=nav_row what="version" />
                <div class="msg-actions">
                    <Show when=move || editing.with(Option::is_none)>
                        <button
                            type="button"
                            class="icon-text"
                            disabled=move || busy.get()
                            on:click=move |_| {
                                editing.set(Some(data.with_untracked(|m| m.content.clone())))
                            }
                        >
                            "Edit"
                        </button>
                    </Show>
                </div>
            </footer>
        </article>
    }
}

/// The images sent with a message. Only `data:` URLs of raster images are
/// ever loaded (an imported chat could hold any string): see `chat/images.rs`.
#[component]
fn Images(data: RwSignal<Message>) -> impl IntoView {
    let images = Memo::new(move |_| data.with(|m| m.images.clone()));
    view! {
        <Show when=move || images.with(|i| !i.is_empty())>
            <div class="sent-images">
                {move || {
                    images
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, url)| {
                            let alt = format!("Image {} sent with this message", i + 1);
                            if is_safe_image_url(&url) {
                                view! { <img src=url alt=alt /> }.into_any()
                            } else {
                                view! { <span class="image-unshown">"(an image that cannot be shown)"</span> }
                                    .into_any()
                            }
                        })
                        .collect_view()
                }}
            </div>
        </Show>
    }
}

/// "‹ 2 / 3 ›": which version of the conversation from this message on is
/// shown, and the way to the others. Nothing when there is only one.
/// `what` names them: "answer" on replies, "version" on the user's messages.
#[component]
fn VersionNav(row: MsgRow, what: &'static str) -> impl IntoView {
    let data = RwSignal::from(row.data);
    let place = Memo::new(move |_| data.with(|m| (m.versions.position(), m.versions.count())));
    let id = row.id;
    view! {
        <Show when=move || { place.get().1 > 1 }>
            <div class="versions">
                <StepButton id=id.clone() step=Step::Previous what=what place=place />
                <span class="versions-place">
                    {move || {
                        let (n, m) = place.get();
                        format!("{n} / {m}")
                    }}
                </span>
                <StepButton id=id.clone() step=Step::Next what=what place=place />
            </div>
        </Show>
    }
}

/// One of the two arrows of [`VersionNav`]; off at its end and while a
/// reply streams (the versions move under it otherwise).
#[component]
fn StepButton(
    id: String,
    step: Step,
    what: &'static str,
    place: Memo<(usize, usize)>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let busy = Memo::new(move |_| state.streaming_chat.with(Option::is_some));
    let (name, arrow) = match step {
        Step::Previous => (format!("Previous {what}"), "‹"),
        Step::Next => (format!("Next {what}"), "›"),
    };
    let at_end = move || {
        let (n, m) = place.get();
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
            disabled=move || busy.get() || at_end()
            on:click=move |_| actions::switch_version(state, &id, step)
        >
            {arrow}
        </button>
    }
}

#[component]
fn AssistantMessage(row: MsgRow) -> impl IntoView {
    let state = expect_context::<AppState>();
    let nav_row = row.clone();
    // A handle owned by this view; the reply task holds its own.
    let data = RwSignal::from(row.data);
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
            .with(|rows| rows.last().is_some_and(|r| r.id == row.id))
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
    // redone. Plain text until the renderer module has loaded.
    let answer_ref = NodeRef::<leptos::html::Div>::new();
    let view = StoredValue::new_local(None::<MarkdownView>);
    Effect::new(move |_| {
        let Some(el) = answer_ref.get() else { return };
        // Re-run once the renderer arrives, to replace the plain text.
        state.renderer.track();
        data.with(|m| {
            view.update_value(|slot| {
                slot.get_or_insert_with(|| MarkdownView::new(&el))
                    .show(&m.content, m.status != crate::chat::Status::Streaming);
            });
        });
    });

    let has_answer = Memo::new(move |_| data.with(|m| !m.content.is_empty()));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let text = data.with_untracked(|m| m.content.clone());
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set(true);
        set_timeout(
            move || {
                let _ = copied.try_set(false);
            },
            std::time::Duration::from_millis(1500),
        );
    };

    view! {
        <article
            class="msg msg-assistant"
            data-message-role="assistant"
            data-status=move || status.get().as_str()
        >
            <Show when=move || has_thinking.get()>
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
            </Show>
            <div
                class="thinking"
                data-part="thinking"
                node_ref=thinking_ref
                hidden=move || !(has_thinking.get() && expanded())
            ></div>
            <Show when=move || waiting.get()>
                <div class="typing" aria-label="Waiting for the reply">
                    <span></span>
                    <span></span>
                    <span></span>
                </div>
            </Show>
            <div class="answer markdown" data-part="answer" node_ref=answer_ref></div>
            <Show when=move || error.with(|e| e.is_some())>
                <div class="error" role="alert">{move || error.get().unwrap_or_default()}</div>
            </Show>
            <Show when=move || note.with(Option::is_some)>
                <p class="note" role="status">{move || note.get()}</p>
            </Show>
            <footer class="msg-footer">
                <div class="usage" data-part="usage">{move || usage.get()}</div>
                <VersionNav row=nav_row what="answer" />
                <div class="msg-actions">
                    <Show when=move || has_answer.get()>
                        <button type="button" class="icon-text" on:click=copy>
                            {move || if copied.get() { "Copied" } else { "Copy" }}
                        </button>
                    </Show>
                    <Show when=move || {
                        is_latest.get() && status.get() != crate::chat::Status::Streaming
                    }>
                        <button
                            type="button"
                            class="icon-text"
                            on:click=move |_| actions::regenerate(state)
                        >
                            "Regenerate"
                        </button>
                    </Show>
                </div>
            </footer>
        </article>
    }
}

/// "MiniMax-M3 · 885 tokens (37 thinking) · 3.2 s", as far as known.
fn usage_line(m: &Message) -> String {
    let mut parts = Vec::new();
    if let Some(model) = &m.model {
        parts.push(model.clone());
    }
    if let Some(u) = &m.usage {
        let mut s = format!("{} in · {} out", u.prompt_tokens, u.completion_tokens);
        if let Some(r) = u.reasoning_tokens {
            s.push_str(&format!(" ({r} thinking)"));
        }
        parts.push(s);
    }
    if let (Some(first), start) = (m.timing.first_token_ms, m.timing.started_ms) {
        let secs = (first - start).max(0.0) / 1000.0;
        parts.push(format!("first token {} s", tenths(secs)));
    }
    if let Some(end) = m.timing.ended_ms {
        let secs = (end - m.timing.started_ms).max(0.0) / 1000.0;
        parts.push(format!("{} s", tenths(secs)));
    }
    parts.join(" · ")
}
