//! Test connection: one small request (a one-token chat) and a sentence
//! that says whether the three things a first chat needs work: the route
//! (can this page reach the Base URL at all), the region (MiniMax Global
//! and China are separate accounts) and the key.

use super::catalogue::ENDPOINTS;
use super::same_origin::is_same_origin;
use crate::api::{ApiError, ErrorKind};

/// Which MiniMax a Base URL leads to, when it is one of theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Global,
    China,
}

impl Region {
    fn name(self) -> &'static str {
        match self {
            Region::Global => "MiniMax Global",
            Region::China => "MiniMax China",
        }
    }

    fn other(self) -> Region {
        match self {
            Region::Global => Region::China,
            Region::China => Region::Global,
        }
    }
}

/// Where a Base URL goes, as the verdict names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The preset's name, or the URL's host.
    pub name: String,
    pub region: Option<Region>,
    /// Through a path of this site (its proxy), not straight to the API.
    pub via_site: bool,
}

impl Route {
    pub fn of(base_url: &str) -> Self {
        let base = base_url.trim();
        let bare = |u: &str| u.trim_start_matches('.').trim_end_matches('/').to_owned();
        let preset = ENDPOINTS.iter().find(|e| bare(e.base_url) == bare(base));
        let lower = base.to_ascii_lowercase();
        let region = if lower.contains("minimaxi.com") || lower.contains("/minimax-cn/") {
            Some(Region::China)
        } else if lower.contains("minimax.io") || lower.contains("/minimax/") {
            Some(Region::Global)
        } else {
            None
        };
        let name = match preset {
            Some(p) => p.name.to_owned(),
            None => host_of(base).to_owned(),
        };
        Route {
            name,
            region,
            via_site: is_same_origin(base),
        }
    }
}

/// `https://host:port/path` → `host:port`; a path stays as it is.
fn host_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.split(['/', '?', '#']).next().unwrap_or(rest),
        None => url,
    }
}

/// The test's outcome: whether a chat can start, and the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub works: bool,
    pub sentence: String,
}

/// What the test request's answer says about the route, region and key.
/// `Ok` when a reply came (any reply: one token is all it asked for).
pub fn verdict(route: &Route, outcome: &Result<(), ApiError>) -> Verdict {
    let name = &route.name;
    let reached = if route.via_site {
        "through this site's proxy"
    } else {
        "straight from this page"
    };
    let region_ok = route
        .region
        .map(|r| format!(", so this is a {} key", r.name()))
        .unwrap_or_default();
    let error = match outcome {
        Ok(()) => {
            return Verdict {
                works: true,
                sentence: format!(
                    "Connection works: {name} answered {reached} and accepted the key{region_ok}. You can chat now."
                ),
            };
        }
        Err(e) => e,
    };
    let sentence = match error.kind {
        ErrorKind::Auth => {
            let region = match route.region {
                Some(r) => format!(
                    " or belongs to the other region: a {} key needs the {} preset",
                    r.other().name(),
                    r.other().name()
                ),
                None => String::new(),
            };
            format!(
                "The route works, but {name} refused the key: it is mistyped{region}. Check the API key."
            )
        }
        ErrorKind::Balance => format!(
            "The route and the key work ({name}), but the account cannot pay for requests now: top up or check the plan's limits."
        ),
        ErrorKind::RateLimit => format!(
            "The route and the key work ({name}); the rate limit is reached for now, so wait a moment before chatting."
        ),
        ErrorKind::Network => {
            let what = if route.via_site {
                "this site's proxy did not answer"
            } else {
                "most likely the server does not accept calls from a web page (CORS), or you are offline"
            };
            let fix = if route.via_site {
                "Choose MiniMax Global or China, or run the app with its proxy (docs/hosting.md)."
            } else {
                "Choose the Local proxy preset where the app is served with one (docs/hosting.md)."
            };
            format!(
                "The route does not work: {name} could not be reached ({what}), so the key was not checked. {fix}"
            )
        }
        ErrorKind::ProxyHtml | ErrorKind::BadResponse => format!(
            "The route is wrong: {name} answered, but not as a chat API, so the key was not checked. Check the Base URL."
        ),
        ErrorKind::BadRequest if error.status == Some(404) => format!(
            "The route is wrong: {name} has no chat endpoint there, so the key was not checked. Check the Base URL (it usually ends in /v1)."
        ),
        _ => format!(
            "The test request failed, so it is not known whether the key works: {}",
            error.user_message()
        ),
    };
    Verdict {
        works: false,
        sentence,
    }
}

/// Whether a sentence shown to the user sends them to the API key (a
/// refused key, no key yet): such an alert gets a button that opens
/// Settings at the key field. Every sentence that does says "API key".
pub fn points_to_key(sentence: &str) -> bool {
    sentence.contains("API key")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(base: &str, outcome: Result<(), ApiError>) -> Verdict {
        verdict(&Route::of(base), &outcome)
    }

    fn http(status: u16, body: &str) -> Result<(), ApiError> {
        Err(ApiError::from_http(status, "application/json", body, None))
    }

    const REFUSED: &str = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid api key (1004)"}}"#;

    #[test]
    fn routes_are_named_by_preset_or_host() {
        let global = Route::of("https://api.minimax.io/v1/");
        assert_eq!(
            (global.name.as_str(), global.region, global.via_site),
            ("MiniMax Global", Some(Region::Global), false)
        );
        let proxy = Route::of("./api/minimax-cn/v1");
        assert_eq!(
            (proxy.name.as_str(), proxy.region, proxy.via_site),
            ("Local proxy (China)", Some(Region::China), true)
        );
        let other = Route::of("http://127.0.0.1:1234/v1");
        assert_eq!(
            (other.name.as_str(), other.region),
            ("127.0.0.1:1234", None)
        );
    }

    #[test]
    fn a_reply_means_route_region_and_key_work() {
        let v = check("https://api.minimaxi.com/v1", Ok(()));
        assert!(v.works);
        assert_eq!(
            v.sentence,
            "Connection works: MiniMax China answered straight from this page and accepted the key, so this is a MiniMax China key. You can chat now."
        );
        assert!(
            check("/api/demo/v1", Ok(()))
                .sentence
                .contains("through this site's proxy")
        );
    }

    #[test]
    fn a_refused_key_names_the_other_region() {
        let v = check("https://api.minimax.io/v1", http(401, REFUSED));
        assert!(!v.works);
        assert!(
            v.sentence
                .starts_with("The route works, but MiniMax Global refused the key"),
            "{}",
            v.sentence
        );
        assert!(
            v.sentence
                .contains("a MiniMax China key needs the MiniMax China preset"),
            "{}",
            v.sentence
        );
        let other = check("http://localhost:1234/v1", http(401, REFUSED));
        assert!(!other.sentence.contains("region"), "{}", other.sentence);
    }

    #[test]
    fn an_unreachable_route_says_the_key_was_not_checked() {
        let v = check(
            "https://api.minimax.io/v1",
            Err(ApiError::network(
                "https://api.minimax.io/v1",
                "Failed to fetch",
            )),
        );
        assert!(
            v.sentence
                .starts_with("The route does not work: MiniMax Global could not be reached"),
            "{}",
            v.sentence
        );
        assert!(v.sentence.contains("the key was not checked"));
        assert!(v.sentence.contains("Local proxy"));
        let proxy = check(
            "/api/minimax/v1",
            Err(ApiError::network("/api/minimax/v1", "")),
        );
        assert!(
            proxy.sentence.contains("this site's proxy did not answer"),
            "{}",
            proxy.sentence
        );
    }

    #[test]
    fn a_wrong_path_or_a_web_page_is_a_wrong_route() {
        let page = Err(ApiError::from_http(
            200,
            "text/html",
            "<html><title>Home</title></html>",
            None,
        ));
        let v = check("https://example.org", page);
        assert!(
            v.sentence
                .starts_with("The route is wrong: example.org answered"),
            "{}",
            v.sentence
        );
        let missing = check("https://example.org/v2", http(404, "{}"));
        assert!(
            missing.sentence.contains("has no chat endpoint there"),
            "{}",
            missing.sentence
        );
    }

    #[test]
    fn balance_and_rate_limits_still_prove_the_key() {
        let balance = http(
            402,
            r#"{"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}"#,
        );
        assert!(
            check("https://api.minimax.io/v1", balance)
                .sentence
                .starts_with("The route and the key work")
        );
        let busy = check("https://api.minimax.io/v1", http(429, "{}"));
        assert!(busy.sentence.contains("rate limit"), "{}", busy.sentence);
        let other = check("https://api.minimax.io/v1", http(500, "{}"));
        assert!(
            other.sentence.starts_with("The test request failed"),
            "{}",
            other.sentence
        );
    }

    #[test]
    fn sentences_about_the_key_are_recognised() {
        let refused = ApiError::from_http(401, "application/json", REFUSED, None);
        assert!(points_to_key(&refused.user_message()));
        let busy = ApiError::from_http(429, "application/json", "{}", None);
        assert!(!points_to_key(&busy.user_message()));
        let v = check("https://api.minimax.io/v1", http(401, REFUSED));
        assert!(points_to_key(&v.sentence));
    }
}
