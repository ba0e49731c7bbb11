//! Just enough HTTP/1.1 for a local test server.
//!
//! One request per connection (`Connection: close` on every answer) keeps the
//! parser tiny: no keep-alive, no pipelining, no chunked request bodies. The
//! browser opens a new connection per fetch, which is fine on loopback.

use std::io::{self, BufRead, Read, Write};

/// MiniMax documents a 64 MB request limit; bigger bodies get 413.
pub const MAX_BODY: u64 = 64 * 1024 * 1024;
/// Request line plus headers; generous for browsers, small enough to bound memory.
const MAX_HEAD: u64 = 64 * 1024;

/// A parsed request. Header names are lower-cased.
#[derive(Debug, Default)]
pub struct Request {
    pub method: String,
    /// The path as received (still percent-encoded), without the query.
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A raw (undecoded) query parameter; callers validate what they accept.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

#[derive(Debug)]
pub enum ParseError {
    /// The peer closed (or timed out) before sending a request: nothing to answer.
    Closed,
    BadRequest(&'static str),
    HeadTooLarge,
    BodyTooLarge,
}

impl From<io::Error> for ParseError {
    fn from(_: io::Error) -> Self {
        ParseError::Closed
    }
}

/// Reads the request line and headers; the body is read separately so the
/// caller knows the path (and so its CORS policy) before refusing a body.
pub fn read_head(reader: &mut impl BufRead) -> Result<Request, ParseError> {
    let mut budget = MAX_HEAD;
    let first = read_line(reader, &mut budget)?;
    if first.is_empty() {
        return Err(ParseError::Closed);
    }
    let mut parts = first.split_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ParseError::BadRequest("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(ParseError::BadRequest("only HTTP/1.x is supported"));
    }
    if !target.starts_with('/') && target != "*" {
        return Err(ParseError::BadRequest("request target must be a path"));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut req = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        ..Request::default()
    };
    loop {
        let line = read_line(reader, &mut budget)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ParseError::BadRequest("malformed header line"));
        };
        req.headers
            .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok(req)
}

/// Reads a `Content-Length` body into `req.body`.
pub fn read_body(reader: &mut impl BufRead, req: &mut Request) -> Result<(), ParseError> {
    if req.header("transfer-encoding").is_some() {
        return Err(ParseError::BadRequest(
            "chunked request bodies are not supported; send Content-Length",
        ));
    }
    let len = match req.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| ParseError::BadRequest("invalid Content-Length"))?,
    };
    if len > MAX_BODY {
        return Err(ParseError::BodyTooLarge);
    }
    let mut body = Vec::new();
    reader.take(len).read_to_end(&mut body)?;
    if (body.len() as u64) < len {
        return Err(ParseError::Closed);
    }
    req.body = body;
    Ok(())
}

/// One line without its CRLF/LF; empty at end of headers (or EOF).
fn read_line(reader: &mut impl BufRead, budget: &mut u64) -> Result<String, ParseError> {
    let mut buf = Vec::new();
    let n = reader.take(*budget).read_until(b'\n', &mut buf)?;
    *budget = budget.saturating_sub(n as u64);
    if !buf.ends_with(b"\n") {
        return if n == 0 {
            Ok(String::new())
        } else if *budget == 0 {
            Err(ParseError::HeadTooLarge)
        } else {
            Err(ParseError::Closed)
        };
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    String::from_utf8(buf).map_err(|_| ParseError::BadRequest("request head is not UTF-8"))
}

/// A complete (non-streamed) response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Response::new(status, "application/json", value.to_string())
    }

    pub fn empty(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

pub fn write_response(out: &mut impl Write, resp: &Response, head_only: bool) -> io::Result<()> {
    let mut head = status_line(resp.status);
    for (name, value) in &resp.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&resp.body)?;
    }
    out.flush()
}

fn status_line(status: u16) -> String {
    format!("HTTP/1.1 {status} {}\r\n", reason(status))
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        529 => "Site Overloaded",
        _ => "Unknown",
    }
}

/// A `Transfer-Encoding: chunked` body. Every call flushes, so the browser
/// sees each piece as soon as it is written (that is the point of streaming).
pub struct ChunkedWriter<'a, W: Write> {
    out: &'a mut W,
}

impl<'a, W: Write> ChunkedWriter<'a, W> {
    pub fn start(out: &'a mut W, status: u16, headers: &[(String, String)]) -> io::Result<Self> {
        let mut head = status_line(status);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        out.write_all(head.as_bytes())?;
        out.flush()?;
        Ok(ChunkedWriter { out })
    }

    pub fn chunk(&mut self, bytes: &[u8]) -> io::Result<()> {
        // An empty chunk would mean "end of body", so never send one here.
        if bytes.is_empty() {
            return Ok(());
        }
        self.out
            .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())?;
        self.out.write_all(bytes)?;
        self.out.write_all(b"\r\n")?;
        self.out.flush()
    }

    /// Ends the body cleanly: the browser sees a normal end of stream.
    pub fn finish(self) -> io::Result<()> {
        self.out.write_all(b"0\r\n\r\n")?;
        self.out.flush()
    }

    /// Announces a chunk of `bytes.len()` but sends only its first half, so
    /// the body is broken when the caller then closes the socket: the browser
    /// reports a read error rather than a clean end.
    pub fn abort_mid_chunk(self, bytes: &[u8]) -> io::Result<()> {
        let half = bytes.len() / 2;
        self.out
            .write_all(format!("{:x}\r\n", bytes.len().max(2)).as_bytes())?;
        self.out.write_all(&bytes[..half])?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Request, ParseError> {
        let mut reader = io::BufReader::new(raw.as_bytes());
        let mut req = read_head(&mut reader)?;
        read_body(&mut reader, &mut req)?;
        Ok(req)
    }

    #[test]
    fn parses_request_with_body_and_query() {
        let req = parse(
            "POST /v1/chat/completions?scenario=basic HTTP/1.1\r\nContent-Length: 2\r\nAuthorization: Bearer k\r\n\r\n{}",
        )
        .expect("valid request");
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/v1/chat/completions");
        assert_eq!(req.query_param("scenario"), Some("basic"));
        assert_eq!(req.header("authorization"), Some("Bearer k"));
        assert_eq!(req.body, b"{}");
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert!(matches!(
            parse("GARBAGE\r\n\r\n"),
            Err(ParseError::BadRequest(_))
        ));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\nno colon here\r\n\r\n"),
            Err(ParseError::BadRequest(_))
        ));
        assert!(matches!(
            parse("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            Err(ParseError::BadRequest(_))
        ));
        assert!(matches!(
            parse("POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"),
            Err(ParseError::BodyTooLarge)
        ));
        assert!(matches!(parse(""), Err(ParseError::Closed)));
    }

    #[test]
    fn chunked_writer_frames_and_terminates() {
        let mut out = Vec::new();
        let mut w = ChunkedWriter::start(&mut out, 200, &[]).expect("write");
        w.chunk(b"hello").expect("write");
        w.chunk(b"").expect("write");
        w.finish().expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert!(text.ends_with("\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    }
}
