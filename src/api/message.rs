//! The sentence a user reads for an [`ApiError`]: what happened, then what to
//! do about it. Kept apart from the mapping in `error` so the wording can be
//! reviewed in one place.

use super::error::{ApiError, ErrorKind};
use super::sanitize::clean_detail;

/// The guide a CORS failure points to, by its path in the repository (the
/// page may be served from anywhere, so it cannot link to it), and the
/// section for a host that cannot proxy. tests/wire_errors.rs checks that
/// the section is there.
pub const HOSTING_GUIDE: &str = "docs/hosting.md";
pub const NO_PROXY_SECTION: &str = "Hosts that cannot proxy";

impl ApiError {
    /// One or two sentences: what happened and what the user should do.
    /// Never contains HTML or anything key-like: the detail is cleaned again
    /// here because the field is public and may have been set by hand.
    pub fn user_message(&self) -> String {
        let detail = clean_detail(&self.detail);
        let what = match self.kind {
            ErrorKind::BadRequest if self.status == Some(404) => {
                "The server found no such endpoint or model"
            }
            ErrorKind::BadRequest => "The server rejected the request",
            ErrorKind::Auth => "The API key was refused",
            ErrorKind::Balance => "The account has insufficient balance",
            ErrorKind::RateLimit => "Too many requests: the rate limit was reached",
            ErrorKind::Server => "The server had an internal error",
            ErrorKind::Overloaded => "The server is overloaded",
            ErrorKind::ContentBlocked => "The provider's content filter blocked the reply",
            ErrorKind::TokenLimit => "The request is over the model's token limit",
            ErrorKind::Timeout => "The server took too long to answer",
            ErrorKind::Network => "Could not reach the API",
            ErrorKind::ProxyHtml => "Got a web page instead of an API reply",
            ErrorKind::BadResponse => "The server's reply could not be understood",
            ErrorKind::Other => "The request failed",
        };
        let detail = match self.kind {
            ErrorKind::ProxyHtml if !detail.is_empty() => format!("\u{201c}{detail}\u{201d}"),
            _ => detail,
        };
        format!(
            "{} {}",
            sentence(what, &self.references(), &detail),
            self.advice()
        )
    }

    /// "(HTTP 401, code 1004)"; a 2xx status says nothing useful and is left out.
    fn references(&self) -> String {
        let status = self
            .status
            .filter(|s| !(200..300).contains(s))
            .map(|s| format!("HTTP {s}"));
        let code = self.code.map(|c| format!("code {c}"));
        let parts: Vec<String> = status.into_iter().chain(code).collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    }

    fn advice(&self) -> String {
        let wait = |otherwise: &str| match self.retry_after_secs {
            Some(1) => "Wait 1 second and try again.".to_owned(),
            Some(secs) => format!("Wait {secs} seconds and try again."),
            None => otherwise.to_owned(),
        };
        match self.kind {
            ErrorKind::BadRequest if self.status == Some(404) => {
                "Check the Base URL in Settings (it usually ends in /v1) and the model name.".to_owned()
            }
            ErrorKind::BadRequest => "Check the model name and the request settings; if the conversation is too long, start a new chat or remove attachments.".to_owned(),
            ErrorKind::Auth => "Check the API key in Settings and that it belongs to the chosen region: MiniMax Global (api.minimax.io) and MiniMax China (api.minimaxi.com) keys are different.".to_owned(),
            ErrorKind::Balance => "Top up your MiniMax account or use another API key.".to_owned(),
            ErrorKind::RateLimit => wait("Wait a moment and try again."),
            ErrorKind::Server => wait("Try again in a moment."),
            ErrorKind::Overloaded => wait("Try again in a moment, or choose another model."),
            ErrorKind::ContentBlocked => "Rephrase your message and try again.".to_owned(),
            ErrorKind::TokenLimit => "Start a new chat, shorten your message, or lower Max output tokens.".to_owned(),
            ErrorKind::Timeout => "Try again; a shorter request may help.".to_owned(),
            ErrorKind::Network => format!("Most likely the API does not accept calls from a web page (CORS) and this site does not proxy them. Choose \u{201c}Local proxy\u{201d} in Settings if it is offered there; if not, set up the small edge proxy described in {HOSTING_GUIDE} of the app\u{2019}s source (section \u{201c}{NO_PROXY_SECTION}\u{201d}) and put its address in Base URL. Otherwise check your connection."),
            ErrorKind::ProxyHtml if self.status.is_some_and(|s| s >= 500) => wait("A proxy in front of the API failed: try again in a moment, and if it persists check the Base URL in Settings."),
            ErrorKind::ProxyHtml => "Check the Base URL in Settings; the \u{201c}Local proxy\u{201d} preset only works when the app runs from trunk serve (the README\u{2019}s serve command).".to_owned(),
            ErrorKind::BadResponse => "Check that the Base URL points at an OpenAI-compatible API, then try again.".to_owned(),
            ErrorKind::Other => wait("Try again; if it keeps failing, check the Base URL, model and API key in Settings."),
        }
    }
}

/// "What (refs): detail." with exactly one full stop at the end.
fn sentence(what: &str, refs: &str, detail: &str) -> String {
    let mut out = format!("{what}{refs}");
    if !detail.is_empty() {
        out.push_str(": ");
        out.push_str(detail);
    }
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}
