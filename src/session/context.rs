//! The context window: how much of it the open chat takes (the meter by the
//! composer), refusing a request that cannot fit, and the two ways on when
//! a chat has grown too long, never taken silently: a new chat that carries
//! a summary of this one (the model writes it, the user reads and edits it
//! first), or a new chat with only the recent turns.

use super::{Env, Live, ReplyJob, Session};
use crate::chat::catalogue::{chat_url, is_minimax_endpoint, model_info};
use crate::chat::context::{
    Fill, Meter, WARN_PERCENT, chat_tokens, draft_tokens, estimate_message, recent_start,
};
use crate::chat::remedy::Remedy;
use crate::chat::request::build_body;
use crate::chat::{Conversation, Message, Role, Status};
use crate::decimal::grouped;
use crate::json::write::to_json;
use crate::store::{ContextWindow, KeyValue};

/// What the summary request asks for.
const SUMMARY_REQUEST: &str = "Summarize our conversation so far, for a new chat that will carry on from it: the goal, what was decided and why, facts and figures that matter, code or text still in use, and what is still open. Write it as compact notes, in the language of the conversation, with nothing else.";

/// The share of the window the summary request and the recent turns may
/// take (percent): room is left for the answer and what comes next.
const CARRY_PERCENT: u64 = 50;

/// The meter as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextView {
    pub used: u64,
    pub window: u64,
    /// Where the warning starts (80% of the window).
    pub warn_at: u64,
    pub fill: Fill,
    /// Whole percent of the window used (more than 100 when over).
    pub percent: u64,
    /// "12,345 of 204,800 tokens (6%)".
    pub text: String,
    /// From 80%: what it means, for the warning beside the meter.
    pub warning: Option<String>,
}

/// The summary being written, as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryView {
    pub text: String,
    pub status: Status,
    pub error: Option<String>,
}

/// The summary reply and the chat it summarises.
#[derive(Debug, Clone)]
pub(super) struct Summary {
    chat_id: String,
    reply: Message,
    /// The question the chat ended on, unanswered (it failed, or was never
    /// sent): it goes to the new chat after the summary.
    pending: Option<Message>,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// The context window of the chosen model: the user's own number from
    /// Settings, else the catalogue's; `None` for a model neither knows.
    pub fn context_window(&self) -> Option<u32> {
        let model = &self.model();
        self.settings
            .context_windows
            .iter()
            .find(|w| &w.model == model)
            .map(|w| w.tokens)
            .or_else(|| model_info(model).map(|m| m.context))
    }

    /// Set the chosen model's window; the catalogue's own number (or 0)
    /// removes the user's.
    pub fn set_context_window(&mut self, tokens: u32) {
        let model = self.model();
        let default = model_info(&model).map(|m| m.context);
        self.update_settings(|s| {
            s.context_windows.retain(|w| w.model != model);
            if tokens > 0 && Some(tokens) != default {
                s.context_windows.push(ContextWindow { model, tokens });
            }
        });
    }

    /// A sentence for Settings about the chosen model's window.
    pub fn context_note(&self) -> String {
        match (model_info(&self.model()), self.context_window()) {
            (Some(m), _) if m.id == "MiniMax-M3" => "Published as 1,000,000 tokens, but MiniMax has refused inputs above about 512K (error 2013), so the meter counts to 524,288. Raise it if your account takes more.".into(),
            (Some(m), _) => format!("{} tokens by default for {}.", grouped(u64::from(m.context)), m.id),
            (None, Some(_)) => "Set by you for this model.".into(),
            (None, None) => "Not known for this model: set it to see how full the chat is.".into(),
        }
    }

    /// How much of the window the next request takes: the open chat, and
    /// `draft` with `images` attached if it were sent now. `None` when the
    /// window is not known.
    pub fn context(&self, draft: &str, images: usize) -> Option<ContextView> {
        let window = u64::from(self.context_window()?);
        let used = self
            .open_tokens(None)
            .saturating_add(draft_tokens(draft, images));
        let meter = Meter { used, window };
        let fill = meter.fill();
        let model = &self.model();
        let warning = match fill {
            Fill::Fine => None,
            Fill::Warn => Some(format!(
                "This chat takes {}% of {model}\u{2019}s context window.",
                meter.percent()
            )),
            Fill::Over => Some(format!(
                "This chat is longer than {model}\u{2019}s context window: it cannot be sent as it is."
            )),
        };
        Some(ContextView {
            used,
            window,
            warn_at: window * WARN_PERCENT / 100,
            fill,
            percent: meter.percent(),
            text: format!(
                "{} of {} tokens ({}%)",
                grouped(used),
                grouped(window),
                meter.percent()
            ),
            warning,
        })
    }

    /// Tokens the open chat takes, its first `upto` messages (all for
    /// `None`).
    fn open_tokens(&self, upto: Option<usize>) -> u64 {
        self.current().map_or(0, |c| {
            let end = upto.unwrap_or(c.messages.len()).min(c.messages.len());
            chat_tokens(&c.params.system_prompt, &c.messages[..end])
        })
    }

    /// `Err` with the sentence to show when a request with the open chat's
    /// first `upto` messages and `extra` tokens more cannot fit.
    pub(super) fn check_fits(&self, upto: usize, extra: u64) -> Result<(), String> {
        let Some(window) = self.context_window().map(u64::from) else {
            return Ok(());
        };
        let used = self.open_tokens(Some(upto)).saturating_add(extra);
        if used <= window {
            return Ok(());
        }
        Err(format!(
            "This would send about {} tokens, more than {}\u{2019}s context window of {}, so it would be refused. Start a new chat with a summary of this one, or with only its recent turns. Your message is still here.",
            grouped(used),
            self.model(),
            grouped(window)
        ))
    }

    /// Refuse to send when it cannot fit, offering the ways on.
    pub(super) fn refuse_if_too_long(&mut self, upto: usize, extra: u64) -> bool {
        match self.check_fits(upto, extra) {
            Ok(()) => false,
            Err(problem) => {
                self.set_problem_with(Some(problem), Some(Remedy::Shrink));
                true
            }
        }
    }

    /// Ask the model for a summary of the open chat, for a new chat to
    /// carry. It streams into [`Session::summary`]; nothing changes until
    /// the user accepts it ([`Session::start_from_summary`]).
    pub fn summarize(&mut self) -> Option<ReplyJob> {
        let key = self.key_or_problem()?;
        self.set_problem(None);
        let conv = self.current()?;
        let (answered, pending) = split_pending(&conv.messages);
        // The oldest turns are left out of the request when the whole chat
        // would not fit in the share of the window kept for it.
        let budget = self.carry_budget(answered);
        let from = recent_start(answered, budget).unwrap_or(0);
        let now = self.env.now_ms();
        let mut history = answered[from..].to_vec();
        history.push(Message::user(
            self.env.new_id("m"),
            SUMMARY_REQUEST.into(),
            now,
        ));
        let minimax = is_minimax_endpoint(&self.settings.base_url);
        let mut request = Conversation::new(String::new(), self.model(), now);
        request.params = conv.params.clone();
        let body = to_json(&build_body(&request, &history, minimax, &|e| {
            self.image_url(e).map(str::to_string)
        }));
        let chat_id = conv.id.clone();
        let reply_id = self.env.new_id("s");
        self.summary = Some(Summary {
            chat_id: chat_id.clone(),
            reply: Message::pending_reply(reply_id.clone(), request.model, now),
            pending,
        });
        self.live = Some(Live {
            chat_id: chat_id.clone(),
            reply_id: reply_id.clone(),
        });
        self.retry = None;
        self.changes.status = true;
        Some(ReplyJob {
            chat_id,
            reply_id,
            url: chat_url(&self.settings.base_url),
            base_url: self.settings.base_url.clone(),
            api_key: key,
            body,
        })
    }

    /// Tokens, as estimated, that the carried part of a chat may take:
    /// what leaves half the window (half the chat when the window is not
    /// known). The server's count can differ from the estimate a lot (the
    /// thinking it bills, images), so the share is taken of the server's
    /// count and applied to the estimate.
    fn carry_budget(&self, messages: &[Message]) -> u64 {
        let estimated: u64 = messages.iter().map(estimate_message).sum();
        let measured = self
            .current()
            .map_or(estimated, |c| {
                chat_tokens(&c.params.system_prompt, messages)
            })
            .max(1);
        let target = self.context_window().map_or(measured, u64::from) * CARRY_PERCENT / 100;
        if measured <= target {
            estimated
        } else {
            estimated.saturating_mul(target) / measured
        }
    }

    /// The summary as it stands, while the user looks at it.
    pub fn summary(&self) -> Option<SummaryView> {
        let s = self.summary.as_ref()?;
        Some(SummaryView {
            text: s.reply.content.clone(),
            status: s.reply.status,
            error: s.reply.error.clone(),
        })
    }

    /// The summary reply, when `reply_id` is it.
    pub(super) fn summary_reply(&mut self, reply_id: &str) -> Option<&mut Message> {
        self.summary
            .as_mut()
            .map(|s| &mut s.reply)
            .filter(|r| r.id == reply_id)
    }

    /// Put the summary away (stopping it if it still streams).
    pub fn discard_summary(&mut self) {
        if self.summary.is_none() {
            return;
        }
        if self.live.as_ref().is_some_and(|l| {
            self.summary
                .as_ref()
                .is_some_and(|s| s.reply.id == l.reply_id)
        }) {
            self.stop();
        }
        self.summary = None;
        self.changes.status = true;
    }

    /// Start a new chat that carries `text` (the summary as the user left
    /// it) as its first message, with the old chat's model and settings.
    /// The question the old chat ended on, unanswered, follows it and is
    /// answered at once.
    pub fn start_from_summary(&mut self, text: &str) -> Option<ReplyJob> {
        let text = text.trim();
        if text.is_empty() || self.live.is_some() {
            return None;
        }
        let summary = self.summary.take()?;
        self.changes.status = true;
        let source = self.chat(&summary.chat_id)?.clone();
        let title = source.display_title();
        let now = self.env.now_ms();
        let mut messages = vec![Message::user(
            self.env.new_id("m"),
            format!("Summary of the earlier chat \u{201c}{title}\u{201d}:\n\n{text}"),
            now,
        )];
        let ask = summary.pending.is_some();
        messages.extend(summary.pending.map(|m| self.copy_message(&m)));
        self.open_continuation(&source, messages, &title, ask)
    }

    /// Start a new chat with only the open chat's recent turns, as many as
    /// take half the window; the older ones stay in the old chat. A notice
    /// says what was left out.
    pub fn continue_recent(&mut self) -> Option<ReplyJob> {
        if self.live.is_some() {
            return None;
        }
        let source = self.current()?.clone();
        let (answered, pending) = split_pending(&source.messages);
        let kept_end = answered.len() + usize::from(pending.is_some());
        let from = recent_start(&source.messages[..kept_end], self.carry_budget(answered));
        let Some(from) = from else {
            self.set_problem(Some(
                "There are no older turns to leave out. Start a new chat with a summary instead."
                    .into(),
            ));
            return None;
        };
        let title = source.display_title();
        let messages: Vec<Message> = source.messages[from..kept_end]
            .iter()
            .map(|m| self.copy_message(m))
            .collect();
        self.add_notice(format!(
            "This chat carries on from \u{201c}{title}\u{201d} with its last {} of {} messages; the {} older ones are left out here and kept there.",
            messages.len(),
            kept_end,
            from
        ));
        let ask = pending.is_some();
        self.open_continuation(&source, messages, &title, ask)
    }

    /// A copy of `m` for another chat: a new id, no versions.
    fn copy_message(&self, m: &Message) -> Message {
        Message {
            id: self.env.new_id("m"),
            versions: Default::default(),
            ..m.clone()
        }
    }

    /// Open a new chat after `source` holding `messages`, with its model
    /// and settings, titled as its continuation; `ask`: its last message is
    /// a question still to answer.
    fn open_continuation(
        &mut self,
        source: &Conversation,
        messages: Vec<Message>,
        title: &str,
        ask: bool,
    ) -> Option<ReplyJob> {
        self.save_open();
        self.drop_open_if_empty();
        let now = self.env.now_ms();
        let mut conv = Conversation::new(self.env.new_id("c"), source.model.clone(), now);
        conv.params = source.params.clone();
        conv.title = format!("{title} (continued)");
        conv.title_is_custom = true;
        conv.messages = messages;
        let id = conv.id.clone();
        self.open = id.clone();
        self.put(conv);
        self.set_problem(None);
        self.retry = None;
        self.changes.status = true;
        self.save_chat(&id);
        if !ask {
            return None;
        }
        let key = self.ready_to_send().ok()?;
        let end = self.current()?.messages.len();
        self.start_reply(key, end)
    }
}

/// A chat's messages without the failed, empty replies it ends with, and
/// the question it then ends on, if unanswered.
fn split_pending(messages: &[Message]) -> (&[Message], Option<Message>) {
    let mut end = messages.len();
    while end > 0 {
        let m = &messages[end - 1];
        let failed_empty = m.role == Role::Assistant
            && m.status == Status::Error
            && m.content.is_empty()
            && m.thinking.is_empty();
        if !failed_empty {
            break;
        }
        end -= 1;
    }
    match messages[..end].last() {
        Some(m) if m.role == Role::User => (&messages[..end - 1], Some(m.clone())),
        _ => (&messages[..end], None),
    }
}
