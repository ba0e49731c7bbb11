//! Test connection: the one small request that tells a newcomer whether
//! the key, the region and the route work, before their first message
//! (`chat::connection` words the verdict). The browser runs the request
//! and reports how it went to [`Session::connection_tested`].

use super::{Env, Session};
use crate::api::ApiError;
use crate::chat::catalogue::{chat_url, is_minimax_endpoint};
use crate::chat::connection::{Route, verdict};
use crate::chat::request::build_body;
use crate::chat::{Conversation, Message, ThinkingMode};
use crate::json::write::to_json;
use crate::store::KeyValue;

/// The test request to run.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionTest {
    pub url: String,
    /// The Base URL as the user set it, for the verdict and error sentences.
    pub base_url: String,
    pub api_key: String,
    pub body: String,
    /// Which test this is: an answer to an older one is ignored.
    serial: u32,
}

/// Where the last test stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCheck {
    /// `None` while the request runs.
    pub works: Option<bool>,
    pub sentence: String,
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Start a test of the connection as Settings stand: the request to
    /// run, or `None` when none can go (the check then says why).
    pub fn test_connection(&mut self) -> Option<ConnectionTest> {
        self.changes.status = true;
        self.key_serial = self.key_serial.wrapping_add(1);
        let api_key = match self.request_key() {
            Ok(key) => key,
            Err(why) => {
                self.key_check = Some(KeyCheck {
                    works: Some(false),
                    sentence: why,
                });
                return None;
            }
        };
        let base_url = self.settings.base_url.clone();
        let mut probe = Conversation::new(String::new(), self.settings.model.clone(), 0.0);
        // One token, no thinking: the smallest request that still proves
        // the key (a model list may be served without one).
        probe.params.max_output_tokens = 1;
        probe.params.thinking = ThinkingMode::Off;
        let hello = Message::user(String::new(), "Hi".into(), 0.0);
        self.key_check = Some(KeyCheck {
            works: None,
            sentence: format!("Testing the connection to {}…", Route::of(&base_url).name),
        });
        Some(ConnectionTest {
            url: chat_url(&base_url),
            body: to_json(&build_body(
                &probe,
                &[hello],
                is_minimax_endpoint(&base_url),
                &|_| None,
            )),
            base_url,
            api_key,
            serial: self.key_serial,
        })
    }

    /// How the test request went: `Ok` when a reply came.
    pub fn connection_tested(&mut self, test: &ConnectionTest, outcome: Result<(), ApiError>) {
        if test.serial != self.key_serial {
            return;
        }
        let found = verdict(&Route::of(&test.base_url), &outcome);
        self.key_check = Some(KeyCheck {
            works: Some(found.works),
            sentence: found.sentence,
        });
        self.changes.status = true;
    }

    /// The last test's verdict, until the key or the Base URL changes.
    pub fn key_check(&self) -> Option<&KeyCheck> {
        self.key_check.as_ref()
    }

    /// Whether a first message needs a key that is not there (the local
    /// demo needs none).
    pub fn needs_key(&self) -> bool {
        self.request_key().is_err()
    }

    /// The key or the Base URL changed: an earlier verdict no longer holds.
    pub(super) fn forget_key_check(&mut self) {
        self.key_serial = self.key_serial.wrapping_add(1);
        if self.key_check.take().is_some() {
            self.changes.status = true;
        }
    }
}
