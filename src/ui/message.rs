//! One message: the user's text, or the assistant's thinking panel, answer,
//! status, usage and actions. Streaming updates touch only this message.

use leptos::prelude::*;

use super::actions;
use super::state::{AppState, MsgRow};
use crate::browser::renderer::MarkdownView;
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
    let data = RwSignal::from(row.data);
    view! {
        <article class="msg msg-user" data-message-role="user">
            <div class="bubble">{move || data.with(|m| m.content.clone())}</div>
        </article>
    }
}

#[component]
fn AssistantMessage(row: MsgRow) -> impl IntoView {
    let state = expect_context::<AppState>();
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
    let note = Memo::new(move |_| data.with(|m| m.ending_note()));
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

    // Thinking text is appended to one text node: what is shown is never redone.
    let thinking_ref = NodeRef::<leptos::html::Div>::new();
    let text_node = StoredValue::new_local(None::<(web_sys::Text, usize)>);
    Effect::new(move |_| {
        let Some(el) = thinking_ref.get() else { return };
        data.with(|m| {
            text_node.update_value(|slot| {
                let fits = slot.as_ref().is_some_and(|(_, have)| {
                    m.thinking.len() >= *have && m.thinking.is_char_boundary(*have)
                });
                if !fits {
                    let node = document().create_text_node(&m.thinking);
                    el.set_text_content(None);
                    let _ = el.append_child(&node);
                    *slot = Some((node, m.thinking.len()));
                } else if let Some((node, have)) = slot
                    && m.thinking.len() > *have
                {
                    let _ = node.append_data(&m.thinking[*have..]);
                    *have = m.thinking.len();
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
            <Show when=move || note.with(|n| n.is_some())>
                <p class="note">{move || note.get().unwrap_or_default()}</p>
            </Show>
            <footer class="msg-footer">
                <div class="usage" data-part="usage">{move || usage.get()}</div>
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
