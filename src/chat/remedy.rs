//! The way out of a failed request: for each MiniMax error, the one action
//! that fixes it, offered as a button next to the error's sentence. Decided
//! here from the error and the endpoint, so the page only shows it.

use super::catalogue::{Endpoint, is_china, is_minimax_endpoint, other_region};
use crate::api::{ApiError, ErrorKind};

/// How long to wait before retrying a rate-limited request that did not
/// say (no `Retry-After`).
pub const DEFAULT_RETRY_SECS: u64 = 10;

/// The longest wait the app counts down: a server asking for more is
/// retried after this (the user can cancel, or retry at once).
pub const MAX_RETRY_SECS: u64 = 600;

/// A generation setting a server can refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Temperature,
    TopP,
    MaxOutputTokens,
    Thinking,
}

impl Param {
    /// The name Settings gives it.
    pub fn label(self) -> &'static str {
        match self {
            Param::Temperature => "Temperature",
            Param::TopP => "Top P",
            Param::MaxOutputTokens => "Max output tokens",
            Param::Thinking => "Thinking",
        }
    }
}

/// What to offer with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The key was refused by one MiniMax region: keys work only in their
    /// own, so try the other region's preset.
    OtherRegion(&'static Endpoint),
    /// Error 1008: the balance (`plan` false) or the Token Plan's usage
    /// window (`plan` true) is used up; the account page is where to look.
    Account { plan: bool, url: &'static str },
    /// Rate limited: try again after this many seconds.
    RetryAfter(u64),
    /// The conversation is longer than the model takes: carry a summary to
    /// a new chat, or leave older turns out.
    Shrink,
    /// The server refused a setting: put it back to the default.
    Reset(Param),
    /// A key refused by an endpoint that is not MiniMax's.
    Settings,
}

impl Remedy {
    /// A sentence to show before the button, when the error's own does not
    /// say it.
    pub fn note(self) -> Option<String> {
        match self {
            Remedy::Reset(p) => Some(format!("The setting refused is {}.", p.label())),
            Remedy::Shrink => Some("The conversation is too long for the model.".into()),
            _ => None,
        }
    }

    /// What the button says (for a retry, when it is not counting down).
    pub fn action(self) -> String {
        match self {
            Remedy::OtherRegion(e) => format!("Use {} and retry", e.name),
            Remedy::Account { .. } => "Open your MiniMax account".into(),
            Remedy::RetryAfter(_) => "Retry".into(),
            Remedy::Shrink => "New chat with a summary".into(),
            Remedy::Reset(p) => format!("Reset {} and retry", p.label()),
            Remedy::Settings => "Open Settings".into(),
        }
    }
}

/// "Retrying in 12 s.", the countdown beside Cancel.
pub fn countdown(secs: u64) -> String {
    format!("Retrying in {secs} s.")
}

/// MiniMax's account pages, where the balance and the plan are shown.
pub const ACCOUNT_GLOBAL: &str = "https://platform.minimax.io/";
pub const ACCOUNT_CHINA: &str = "https://platform.minimaxi.com/";

/// The remedy for `err` from the endpoint at `base_url`, if there is one.
pub fn remedy_for(err: &ApiError, base_url: &str) -> Option<Remedy> {
    let detail = err.detail.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| detail.contains(w));
    match err.kind {
        ErrorKind::Auth => {
            Some(other_region(base_url).map_or(Remedy::Settings, Remedy::OtherRegion))
        }
        ErrorKind::Balance if err.code == Some(1008) || is_minimax_endpoint(base_url) => {
            Some(Remedy::Account {
                plan: err.is_plan_window(),
                url: if is_china(base_url) {
                    ACCOUNT_CHINA
                } else {
                    ACCOUNT_GLOBAL
                },
            })
        }
        ErrorKind::RateLimit => Some(Remedy::RetryAfter(
            err.retry_after_secs
                .unwrap_or(DEFAULT_RETRY_SECS)
                .clamp(1, MAX_RETRY_SECS),
        )),
        ErrorKind::TokenLimit => Some(Remedy::Shrink),
        ErrorKind::BadRequest => refused_param(&detail).map(Remedy::Reset).or_else(|| {
            has(&[
                "context",
                "too long",
                "prompt is too",
                "input length",
                "token limit",
            ])
            .then_some(Remedy::Shrink)
        }),
        _ => None,
    }
}

/// The setting a server's message names, if any.
fn refused_param(detail: &str) -> Option<Param> {
    [
        ("temperature", Param::Temperature),
        ("top_p", Param::TopP),
        ("top p", Param::TopP),
        ("max_completion_tokens", Param::MaxOutputTokens),
        ("max_tokens", Param::MaxOutputTokens),
        ("thinking", Param::Thinking),
    ]
    .iter()
    .find(|(word, _)| detail.contains(word))
    .map(|&(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, body: &str) -> ApiError {
        ApiError::from_http(status, "application/json", body, None)
    }

    fn minimax(status: u16, message: &str) -> ApiError {
        http(
            status,
            &format!(
                r#"{{"type":"error","error":{{"type":"x","message":"{message}","http_code":"{status}"}}}}"#
            ),
        )
    }

    #[test]
    fn remedies_say_what_they_do() {
        let region = other_region("/api/minimax/v1").unwrap();
        assert_eq!(
            Remedy::OtherRegion(region).action(),
            "Use Local proxy (China) and retry"
        );
        assert_eq!(Remedy::Reset(Param::TopP).action(), "Reset Top P and retry");
        assert_eq!(
            Remedy::Reset(Param::Temperature).note().as_deref(),
            Some("The setting refused is Temperature.")
        );
        // The error's own sentence says balance or plan window.
        let plan = minimax(
            429,
            "token plan usage limit reached for the current window (1008)",
        );
        assert!(
            plan.user_message()
                .starts_with("The Token Plan\u{2019}s usage window is used up")
        );
        let balance = minimax(402, "insufficient balance (1008)");
        assert!(
            balance
                .user_message()
                .starts_with("The account has insufficient balance")
        );
        assert_eq!(countdown(3), "Retrying in 3 s.");
        assert_eq!(Remedy::RetryAfter(3).note(), None);
    }

    #[test]
    fn a_refused_key_offers_the_other_region() {
        let err = minimax(401, "invalid api key (2049)");
        let to = |base| match remedy_for(&err, base) {
            Some(Remedy::OtherRegion(e)) => Some(e.name),
            _ => None,
        };
        assert_eq!(to("https://api.minimax.io/v1"), Some("MiniMax China"));
        assert_eq!(to("https://api.minimaxi.com/v1"), Some("MiniMax Global"));
        assert_eq!(to("/api/minimax/v1"), Some("Local proxy (China)"));
        assert_eq!(to("/api/minimax-cn/v1"), Some("Local proxy"));
        assert_eq!(
            remedy_for(&err, "https://openrouter.ai/api/v1"),
            Some(Remedy::Settings)
        );
        assert_eq!(
            remedy_for(&minimax(401, "invalid api key (1004)"), "/api/demo/v1"),
            Some(Remedy::Settings)
        );
    }

    #[test]
    fn error_1008_tells_balance_from_plan_and_links_the_account() {
        let balance = minimax(402, "insufficient balance (1008)");
        assert_eq!(
            remedy_for(&balance, "https://api.minimax.io/v1"),
            Some(Remedy::Account {
                plan: false,
                url: ACCOUNT_GLOBAL
            })
        );
        assert_eq!(
            remedy_for(&balance, "/api/minimax-cn/v1"),
            Some(Remedy::Account {
                plan: false,
                url: ACCOUNT_CHINA
            })
        );
        // 1008 has been seen as 429 and 500 too; the code decides.
        let plan = minimax(
            429,
            "token plan usage limit reached for the current window (1008)",
        );
        assert_eq!(
            remedy_for(&plan, "/api/demo/v1"),
            Some(Remedy::Account {
                plan: true,
                url: ACCOUNT_GLOBAL
            })
        );
        // Another service's 402 is not MiniMax's account.
        assert_eq!(
            remedy_for(&http(402, "{}"), "https://openrouter.ai/api/v1"),
            None
        );
    }

    #[test]
    fn rate_limits_retry_after_the_servers_wait() {
        let mut err = minimax(429, "rate limit exceeded (1002)");
        assert_eq!(
            remedy_for(&err, ""),
            Some(Remedy::RetryAfter(DEFAULT_RETRY_SECS))
        );
        err.retry_after_secs = Some(20);
        assert_eq!(remedy_for(&err, ""), Some(Remedy::RetryAfter(20)));
        err.retry_after_secs = Some(0);
        assert_eq!(remedy_for(&err, ""), Some(Remedy::RetryAfter(1)));
        err.retry_after_secs = Some(86_400);
        assert_eq!(
            remedy_for(&err, ""),
            Some(Remedy::RetryAfter(MAX_RETRY_SECS))
        );
    }

    #[test]
    fn a_refused_parameter_is_named_and_a_long_context_shrinks() {
        let cases = [
            (
                "invalid params, temperature out of range (2013)",
                Some(Remedy::Reset(Param::Temperature)),
            ),
            (
                "invalid params, top_p must be in [0, 1] (2013)",
                Some(Remedy::Reset(Param::TopP)),
            ),
            (
                "invalid params, max_completion_tokens too large (2013)",
                Some(Remedy::Reset(Param::MaxOutputTokens)),
            ),
            (
                "invalid params, thinking type enabled is not supported (2013)",
                Some(Remedy::Reset(Param::Thinking)),
            ),
            (
                "invalid params, context window exceeds limit (2013)",
                Some(Remedy::Shrink),
            ),
            ("invalid params, unknown model 'x' (2013)", None),
        ];
        for (message, want) in cases {
            assert_eq!(
                remedy_for(&minimax(400, message), "/api/demo/v1"),
                want,
                "{message}"
            );
        }
        let tokens = http(
            200,
            r#"{"base_resp":{"status_code":1039,"status_msg":"token limit"}}"#,
        );
        assert_eq!(remedy_for(&tokens, ""), Some(Remedy::Shrink));
        assert_eq!(remedy_for(&minimax(500, "unknown error (1000)"), ""), None);
    }
}
