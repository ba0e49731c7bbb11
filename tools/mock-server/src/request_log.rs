//! The last chat requests, for tests to inspect via `GET /_mock/requests`.
//! The key itself is never kept: only whether it was there and how long.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::{Value, json};

const KEEP: usize = 50;
/// Longer strings (say image data URLs) are shortened so 50 entries of a
/// 64 MB body cannot eat the machine's memory.
const MAX_STRING: usize = 16 * 1024;

#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<Value>>,
}

impl RequestLog {
    pub fn record(
        &self,
        path: &str,
        query: &str,
        authorization: Option<&str>,
        body: Option<&Value>,
    ) {
        let mut body = body.cloned().unwrap_or(Value::Null);
        shorten(&mut body);
        let entry = json!({
            "path": path,
            "query": query,
            "authorization": redact(authorization),
            "body": body,
        });
        let mut entries = self.lock();
        if entries.len() == KEEP {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn snapshot(&self) -> Value {
        Value::Array(self.lock().iter().cloned().collect())
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Value>> {
        // A panicked writer cannot leave the deque half-updated in a way that
        // matters here, so a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `{"present", "length" (whole header), "scheme", "key_length"}`.
pub fn redact(authorization: Option<&str>) -> Value {
    match authorization {
        None => json!({"present": false, "length": 0, "scheme": null, "key_length": 0}),
        Some(value) => {
            let (scheme, key) = value.split_once(' ').unwrap_or((value, ""));
            json!({
                "present": true,
                "length": value.len(),
                "scheme": scheme,
                "key_length": key.trim().len(),
            })
        }
    }
}

fn shorten(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > MAX_STRING => {
            let mut cut = MAX_STRING;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            let total = s.len();
            s.truncate(cut);
            s.push_str(&format!("…[{total} bytes]"));
        }
        Value::Array(items) => items.iter_mut().for_each(shorten),
        Value::Object(map) => map.values_mut().for_each(shorten),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_fifty_and_redacts() {
        let log = RequestLog::default();
        for i in 0..60 {
            log.record(
                "/v1/chat/completions",
                "",
                Some("Bearer sk-secret"),
                Some(&json!({"n": i})),
            );
        }
        let all = log.snapshot();
        assert_eq!(all.as_array().map(Vec::len), Some(50));
        assert_eq!(all[0]["body"]["n"], 10);
        assert!(!all.to_string().contains("sk-secret"));
        assert_eq!(all[0]["authorization"]["key_length"], 9);
        log.clear();
        assert_eq!(log.snapshot(), json!([]));
    }

    #[test]
    fn shortens_huge_strings() {
        let mut v = json!({"url": "é".repeat(20_000)});
        shorten(&mut v);
        assert!(v["url"].as_str().is_some_and(|s| s.len() < MAX_STRING + 40));
    }
}
