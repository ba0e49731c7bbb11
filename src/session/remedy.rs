//! The action offered with a failed reply (`chat::remedy` decides which),
//! and doing it: switching to the other region's preset, resetting a
//! refused setting, or trying again, at once or after a rate limit's wait
//! (counted down where the user can see and cancel it).

use super::{Env, ReplyJob, Session};
use crate::api::ApiError;
use crate::chat::remedy::{Param, Remedy, remedy_for};
use crate::chat::{ChatParams, Role, Status};
use crate::store::KeyValue;

/// Retries after a rate limit, in a row, before the app stops trying by
/// itself (the Retry button stays).
const AUTO_RETRIES: u8 = 3;

/// A rate-limited reply to try again.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Retry {
    reply_id: String,
    due_ms: f64,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Remember what to offer with `err`, which ended the reply `reply_id`
    /// from `base_url`; a rate limit also schedules a retry.
    pub(super) fn note_failure(&mut self, reply_id: &str, err: &ApiError, base_url: &str) {
        let Some(remedy) = remedy_for(err, base_url) else {
            return;
        };
        self.remedies.retain(|(id, _)| id != reply_id);
        self.remedies.push((reply_id.to_string(), remedy));
        if let Remedy::RetryAfter(secs) = remedy
            && self.auto_retries < AUTO_RETRIES
        {
            self.retry = Some(Retry {
                reply_id: reply_id.to_string(),
                due_ms: self.env.now_ms() + secs as f64 * 1000.0,
            });
        }
        self.changes.status = true;
    }

    /// What to offer with the failed reply `reply_id`, if anything.
    pub fn remedy(&self, reply_id: &str) -> Option<Remedy> {
        self.remedies
            .iter()
            .find(|(id, _)| id == reply_id)
            .map(|(_, r)| *r)
    }

    /// Whole seconds (rounded up) until the reply `reply_id` is tried
    /// again by itself, if it will be.
    pub fn retry_seconds(&self, reply_id: &str) -> Option<u64> {
        let retry = self.retry.as_ref().filter(|r| r.reply_id == reply_id)?;
        let left = (retry.due_ms - self.env.now_ms()).max(0.0);
        Some((left / 1000.0).ceil() as u64)
    }

    /// Do not retry by itself after all.
    pub fn cancel_retry(&mut self) {
        if self.retry.take().is_some() {
            self.changes.status = true;
        }
    }

    /// Called every second while a retry waits: when its time has come,
    /// the request goes again.
    pub fn retry_tick(&mut self) -> Option<ReplyJob> {
        let due = self.retry.as_ref()?.due_ms <= self.env.now_ms();
        if !due {
            return None;
        }
        let reply_id = self.retry.take()?.reply_id;
        self.auto_retries = self.auto_retries.saturating_add(1);
        self.retry_reply(&reply_id)
    }

    /// Do what the remedy of the failed reply `reply_id` offers, and send
    /// again: another region's preset, a setting back to its default, or
    /// just again. Remedies that are links or other choices do nothing here.
    pub fn apply_remedy(&mut self, reply_id: &str) -> Option<ReplyJob> {
        match self.remedy(reply_id)? {
            Remedy::OtherRegion(endpoint) => {
                self.update_settings(|s| s.base_url = endpoint.base_url.to_string());
            }
            Remedy::Reset(param) => {
                let defaults = ChatParams::default();
                self.update_params(|p| match param {
                    Param::Temperature => p.temperature = defaults.temperature,
                    Param::TopP => p.top_p = defaults.top_p,
                    Param::MaxOutputTokens => p.max_output_tokens = defaults.max_output_tokens,
                    Param::Thinking => p.thinking = defaults.thinking,
                });
            }
            Remedy::RetryAfter(_) => self.auto_retries = 0,
            Remedy::Account { .. } | Remedy::Shrink | Remedy::Settings => return None,
        }
        self.retry = None;
        self.retry_reply(reply_id)
    }

    /// Send the request of the failed last reply `reply_id` again. A
    /// failure that brought nothing is replaced by the new reply; one that
    /// kept some text stays as a version.
    fn retry_reply(&mut self, reply_id: &str) -> Option<ReplyJob> {
        let key = self.key_or_problem()?;
        let conv = self.open_mut()?;
        let last = conv.messages.last()?;
        if last.id != reply_id || last.role != Role::Assistant || last.status != Status::Error {
            return None;
        }
        let at = conv.messages.len() - 1;
        if last.content.is_empty() && last.thinking.is_empty() && last.versions.is_empty() {
            conv.messages.pop();
        }
        self.remedies.retain(|(id, _)| id != reply_id);
        self.set_problem(None);
        self.start_reply(key, at)
    }

    /// The user sent something: any retry waiting is off, and the count of
    /// retries in a row starts again.
    pub(super) fn user_acted(&mut self) {
        self.retry = None;
        self.auto_retries = 0;
    }
}
