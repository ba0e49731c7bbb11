//! Every way a request can fail, as a value: which kind of failure it is
//! (from the HTTP status, MiniMax's numeric code, or the error's type name),
//! and the server's own words, cleaned for display. The sentence shown to the
//! user is built in `message`.

use super::chunk::{BaseResp, ErrorBody, WireError};
use super::lenient;
use super::sanitize::{clean_detail, html_summary, looks_like_html};

/// What kind of failure, decided once so the UI can choose what to offer
/// (retry, open Settings, wait).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Auth,
    Balance,
    RateLimit,
    Server,
    Overloaded,
    ContentBlocked,
    TokenLimit,
    Timeout,
    /// fetch rejected without a response: CORS or no connection.
    Network,
    /// The browser would not make the request at all (a header value it
    /// cannot send, an address it cannot parse): nothing left the page.
    NotSent,
    /// An HTML page where an API reply was expected (a proxy or a wrong Base URL).
    ProxyHtml,
    /// A reply that could not be understood at all.
    BadResponse,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.user_message())]
pub struct ApiError {
    pub kind: ErrorKind,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// MiniMax's numeric code (`base_resp.status_code`, or `(2013)` in a message).
    pub code: Option<i64>,
    /// The server's own message: plain text, one line, at most 300 characters,
    /// key-like tokens hidden. Empty when the server said nothing useful.
    pub detail: String,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    /// A non-2xx response. `content_type` may be empty; `body` is the text read
    /// (maybe HTML, maybe empty); `retry_after` is the `Retry-After` header.
    pub fn from_http(
        status: u16,
        content_type: &str,
        body: &str,
        retry_after: Option<&str>,
    ) -> Self {
        let retry_after_secs = retry_after.and_then(|v| v.trim().parse().ok());
        let mut error = match ErrorBody::parse(body.trim()) {
            Some(parsed) => Self::from_fields(Some(status), &Fields::from_body(&parsed)),
            None if content_type.to_ascii_lowercase().contains("html") || looks_like_html(body) => {
                Self::html_page(status, body)
            }
            None => Self::from_fields(
                Some(status),
                &Fields {
                    message: Some(body.to_owned()),
                    ..Fields::default()
                },
            ),
        };
        error.retry_after_secs = retry_after_secs;
        error
    }

    /// fetch rejected (a `TypeError`, no response): CORS or the network.
    /// `base_url` is what the user configured; it is kept in the detail (with
    /// anything key-like hidden) so the user sees where the request went.
    pub fn network(base_url: &str, browser_message: &str) -> Self {
        let browser = clean_detail(browser_message);
        let url = clean_detail(base_url);
        let detail = match (browser.is_empty(), url.is_empty()) {
            (_, true) => browser,
            (true, false) => format!("Base URL {url}"),
            (false, false) => format!("{browser}; Base URL {url}"),
        };
        Self::new(ErrorKind::Network, None, None, clean_detail(&detail))
    }

    /// The browser threw while the request was being built or started:
    /// `what` says which part it objected to, `browser_message` its own words
    /// (cleaned here; leave it empty where it may quote the key: Firefox
    /// repeats a refused header value).
    pub fn not_sent(what: &str, browser_message: &str) -> Self {
        let browser = clean_detail(browser_message);
        let detail = if browser.is_empty() {
            what.to_owned()
        } else {
            format!("{what} ({browser})")
        };
        Self::new(ErrorKind::NotSent, None, None, clean_detail(&detail))
    }

    /// A 2xx response that is not an event stream: a JSON body such as
    /// `{"base_resp":{"status_code":1004,...}}`, or a body that cannot be
    /// understood (HTML, plain text, nothing). None when the body is JSON that
    /// carries no error.
    pub fn from_json_body(status: u16, body: &str) -> Option<Self> {
        match ErrorBody::parse(body.trim()) {
            Some(parsed) => {
                let fields = Fields::from_body(&parsed);
                fields
                    .is_error()
                    .then(|| Self::from_fields(Some(status), &fields))
            }
            None => Some(Self::unreadable_body(status, body)),
        }
    }

    /// A 2xx body that is neither an event stream nor JSON.
    pub fn unreadable_body(status: u16, body: &str) -> Self {
        if looks_like_html(body) {
            Self::html_page(status, body)
        } else {
            Self::new(
                ErrorKind::BadResponse,
                Some(status),
                None,
                clean_detail(body),
            )
        }
    }

    /// An error inside a 200 event stream: an `{"error":...}` chunk or a
    /// `base_resp` with a non-zero code. None when the chunk carries neither.
    pub fn from_chunk(error: Option<&WireError>, base_resp: Option<&BaseResp>) -> Option<Self> {
        let fields = Fields::from_parts(error, base_resp, None);
        fields.is_error().then(|| Self::from_fields(None, &fields))
    }

    fn html_page(status: u16, body: &str) -> Self {
        let title = html_summary(body).unwrap_or_default();
        Self::new(
            ErrorKind::ProxyHtml,
            Some(status),
            None,
            clean_detail(&title),
        )
    }

    fn new(kind: ErrorKind, status: Option<u16>, code: Option<i64>, detail: String) -> Self {
        Self {
            kind,
            status,
            code,
            detail,
            retry_after_secs: None,
        }
    }

    fn from_fields(status: Option<u16>, fields: &Fields) -> Self {
        let status = status.or(fields.http_status);
        let message = fields.message.as_deref().unwrap_or_default();
        let code = fields.code.or_else(|| code_in_message(message));
        let kind = kind_of(status, code, &fields.names);
        let mut detail = clean_detail(message);
        // The code is shown on its own; "… (2013)" would say it twice.
        if let Some(stripped) = code.and_then(|c| detail.strip_suffix(&format!(" ({c})"))) {
            detail = stripped.trim_end().to_owned();
        }
        Self::new(kind, status, code, detail)
    }
}

/// What an error body says, whatever its shape.
#[derive(Debug, Default)]
struct Fields {
    message: Option<String>,
    /// A MiniMax code (non-zero `base_resp.status_code`, or a numeric `code` ≥ 1000).
    code: Option<i64>,
    /// An HTTP status named inside the body (`http_code`, OpenRouter's numeric `code`).
    http_status: Option<u16>,
    /// Type names such as `authentication_error` or `insufficient_quota`.
    names: Vec<String>,
}

impl Fields {
    fn from_body(body: &ErrorBody) -> Self {
        let top = body.message.as_deref().or(body.detail.as_deref());
        Self::from_parts(body.error.as_ref(), body.base_resp.as_ref(), top)
    }

    fn from_parts(error: Option<&WireError>, base: Option<&BaseResp>, top: Option<&str>) -> Self {
        let base = base.filter(|b| b.is_error());
        let error_code = error.and_then(|e| lenient::to_i64(&e.code));
        let non_empty = |s: &Option<String>| s.as_ref().filter(|s| !s.trim().is_empty()).cloned();
        let message = error
            .and_then(|e| non_empty(&e.message))
            .or_else(|| base.and_then(|b| non_empty(&b.status_msg)))
            .or_else(|| top.map(str::to_owned).filter(|s| !s.trim().is_empty()));
        let code = base
            .and_then(|b| b.status_code)
            .or(error_code.filter(|c| *c >= 1000));
        let http_status = error
            .and_then(|e| e.http_code)
            .or(error_code.filter(|c| (100..600).contains(c)))
            .and_then(|c| u16::try_from(c).ok());
        let names = error
            .into_iter()
            .flat_map(|e| [e.kind.clone(), e.code.as_str().map(str::to_owned)])
            .flatten()
            .collect();
        Self {
            message,
            code,
            http_status,
            names,
        }
    }

    /// Whether the body reports a failure at all; a top-level `message` or
    /// `detail` alone counts, as that is all some proxies send.
    fn is_error(&self) -> bool {
        self.code.is_some()
            || self.http_status.is_some()
            || !self.names.is_empty()
            || self.message.is_some()
    }
}

/// The last `(NNNN)` in a message, MiniMax's way of quoting its code.
fn code_in_message(message: &str) -> Option<i64> {
    message.rmatch_indices('(').find_map(|(at, _)| {
        let rest = message.get(at + 1..)?;
        let digits = rest.get(..rest.find(')')?)?;
        let plausible =
            (3..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        plausible.then(|| digits.parse().ok()).flatten()
    })
}

/// Codes that name the problem precisely win over the HTTP status; then the
/// status; then the remaining codes; then type names.
fn kind_of(status: Option<u16>, code: Option<i64>, names: &[String]) -> ErrorKind {
    use ErrorKind::*;
    let precise = match code {
        Some(1001) => Some(Timeout),
        Some(1002) => Some(RateLimit),
        Some(1004) => Some(Auth),
        Some(1008) => Some(Balance),
        Some(1027) => Some(ContentBlocked),
        Some(1039) => Some(TokenLimit),
        _ => None,
    };
    let by_status = status.and_then(|s| match s {
        401 | 403 => Some(Auth),
        402 => Some(Balance),
        408 | 504 => Some(Timeout),
        429 => Some(RateLimit),
        529 => Some(Overloaded),
        400..=499 => Some(BadRequest),
        500..=599 => Some(Server),
        _ => None,
    });
    let by_code = match code {
        Some(2013) => Some(BadRequest),
        Some(1000 | 1013 | 1024 | 1033) => Some(Server),
        _ => None,
    };
    precise
        .or(by_status)
        .or(by_code)
        .or_else(|| names.iter().find_map(|n| kind_of_name(n)))
        .unwrap_or(Other)
}

fn kind_of_name(name: &str) -> Option<ErrorKind> {
    use ErrorKind::*;
    let name = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["auth", "api_key", "permission"]) {
        Some(Auth)
    } else if has(&["quota", "balance", "billing", "payment"]) {
        Some(Balance)
    } else if has(&["rate_limit", "rate limit"]) {
        Some(RateLimit)
    } else if has(&["overloaded"]) {
        Some(Overloaded)
    } else if has(&["timeout"]) {
        Some(Timeout)
    } else if has(&["content_filter", "sensitive", "moderation"]) {
        Some(ContentBlocked)
    } else if has(&["invalid", "bad_request", "not_found", "context_length"]) {
        Some(BadRequest)
    } else if has(&["server", "internal", "api_error"]) {
        Some(Server)
    } else {
        None
    }
}
