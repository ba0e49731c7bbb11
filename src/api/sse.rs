//! Server-sent events: bytes in, events out, following the WHATWG
//! event-stream rules for any chunking of the input. This module owns line
//! splitting (CRLF, LF or CR, including a CR and LF split across feeds), the
//! `data`/`event`/`id`/`retry` fields and comment lines, and when an event is
//! dispatched. It knows nothing about JSON.
//!
//! Two deliberate departures from the standard, both for servers seen to
//! misbehave:
//! - At end of body, a last line without a line end is processed and an event
//!   whose data was buffered is dispatched (the standard discards both), so a
//!   server that never sends the final blank line loses nothing.
//! - A line that starts with `{` (or is exactly `[DONE]`) with no field name is
//!   taken as a complete event of its own, as if it were `data: <line>`
//!   followed by a blank line. Some proxies strip the `data:` prefix (newline
//!   delimited JSON); under the standard such a line would be an unknown
//!   field and silently dropped. Any data already buffered is dispatched first
//!   so events keep their order.

use super::utf8::Utf8Decoder;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` field; empty means the default type, `message`.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen, if any.
    pub id: Option<String>,
}

/// Incremental event-stream parser.
#[derive(Debug, Default, Clone)]
pub struct SseParser {
    utf8: Utf8Decoder,
    /// The current line, not yet ended.
    line: String,
    /// The previous feed ended in CR: an LF starting the next one ends no line.
    after_cr: bool,
    /// Data buffer: each `data` line's value followed by `\n`.
    data: String,
    event: String,
    last_id: Option<String>,
    retry_ms: Option<u64>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a piece of the body and returns the events it completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let text = self.utf8.decode(bytes);
        let mut out = Vec::new();
        self.push_text(&text, &mut out);
        out
    }

    /// End of body: processes an unterminated last line and dispatches an
    /// event whose data was buffered but never followed by a blank line.
    pub fn finish(&mut self) -> Vec<SseEvent> {
        let text = self.utf8.finish();
        let mut out = Vec::new();
        self.push_text(&text, &mut out);
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.process_line(&line, &mut out);
        }
        self.dispatch(&mut out);
        self.after_cr = false;
        out
    }

    /// The reconnection time the server asked for, if it sent `retry:`.
    /// Nothing reconnects here; it is kept only so the field is not lost.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    fn push_text(&mut self, text: &str, out: &mut Vec<SseEvent>) {
        let mut rest = text;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        }
        while let Some(pos) = rest.find(['\r', '\n']) {
            let (head, tail) = rest.split_at(pos);
            self.line.push_str(head);
            let line = std::mem::take(&mut self.line);
            self.process_line(&line, out);
            rest = match tail.strip_prefix("\r\n") {
                Some(after) => after,
                None if tail == "\r" => {
                    // The LF of a CRLF may come in the next feed.
                    self.after_cr = true;
                    ""
                }
                None => tail.get(1..).unwrap_or_default(),
            };
        }
        self.line.push_str(rest);
    }

    fn process_line(&mut self, line: &str, out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        if line.starts_with('{') || line == "[DONE]" {
            self.dispatch(out);
            out.push(SseEvent {
                event: std::mem::take(&mut self.event),
                data: line.to_owned(),
                id: self.last_id.clone(),
            });
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event = value.to_owned(),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry_ms = value.parse().ok();
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        out.push(SseEvent {
            event,
            data,
            id: self.last_id.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::SseParser;

    fn datas(input: &[&[u8]]) -> Vec<String> {
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for piece in input {
            events.extend(parser.feed(piece));
        }
        events.extend(parser.finish());
        events.into_iter().map(|e| e.data).collect()
    }

    #[test]
    fn line_ends_and_fields() {
        let body: &[u8] =
            b": hi\r\nevent: x\rdata:a\ndata: b\r\n\r\nid: 7\nretry: 10\ndata:  c\n\n";
        assert_eq!(datas(&[body]), ["a\nb", " c"]);
    }

    #[test]
    fn cr_then_lf_across_feeds_is_one_line_end() {
        assert_eq!(
            datas(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]),
            ["a\nb"]
        );
    }

    #[test]
    fn unterminated_event_is_dispatched_at_finish() {
        assert_eq!(datas(&[b"data: a\n\ndata: b"]), ["a", "b"]);
    }

    #[test]
    fn bare_json_lines_are_events() {
        assert_eq!(
            datas(&[b"data: a\n{\"x\":1}\n{\"y\":2}\n[DONE]\n"]),
            ["a", "{\"x\":1}", "{\"y\":2}", "[DONE]"]
        );
    }

    #[test]
    fn empty_data_line_dispatches_empty_event_but_blank_alone_does_not() {
        assert_eq!(datas(&[b"\n\ndata\n\n"]), [""]);
    }
}
