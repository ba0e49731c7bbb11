//! End-to-end checks over real sockets: a server on port 0 in a thread, raw
//! HTTP/1.1 written by hand (so the tests see exactly the bytes a browser gets).

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::thread;

use mock_minimax::{Config, Server, texts};
use serde_json::{Value, json};

fn start(static_dir: Option<PathBuf>) -> SocketAddr {
    start_with(Config {
        static_dir,
        quiet: true,
        ..Config::default()
    })
}

fn start_with(config: Config) -> SocketAddr {
    let server = Server::bind("127.0.0.1:0", config).expect("bind");
    let addr = server.local_addr().expect("local addr");
    thread::spawn(move || server.run());
    addr
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("json body")
    }
}

fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: test\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).expect("write");
    let mut raw = Vec::new();
    // A reset scenario ends in a read error; keep what arrived.
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8(raw[..split].to_vec()).expect("utf-8 head");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let rest = &raw[split + 4..];
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply { status, head, body }
}

/// Decodes a chunked body, keeping a truncated last chunk's bytes.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s, 16).ok())
            .expect("chunk size");
        raw = &raw[eol + 2..];
        if size == 0 {
            break;
        }
        let take = size.min(raw.len());
        out.extend_from_slice(&raw[..take]);
        raw = &raw[(take + 2).min(raw.len())..];
    }
    out
}

const KEY: &str = "Bearer sk-test-secret-123";

fn chat_body(text: &str, split: bool, stream: bool) -> String {
    json!({
        "model": "MiniMax-M3",
        "stream": stream,
        "stream_options": {"include_usage": true},
        "reasoning_split": split,
        "messages": [{"role": "user", "content": text}],
    })
    .to_string()
}

fn chat(addr: SocketAddr, text: &str) -> Reply {
    send(
        addr,
        "POST",
        "/v1/chat/completions",
        &[("Authorization", KEY), ("Content-Type", "application/json")],
        &chat_body(text, true, true),
    )
}

/// The JSON data events of an SSE body (LF or CRLF), without `[DONE]`.
fn events(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.trim_end_matches('\r').strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .map(|d| serde_json::from_str(d).expect("event json"))
        .collect()
}

/// (thinking from reasoning_details, content, last finish_reason)
fn collect(events: &[Value]) -> (String, String, Option<String>) {
    let (mut thinking, mut content, mut finish) = (String::new(), String::new(), None);
    for e in events {
        let Some(choice) = e["choices"].get(0) else {
            continue;
        };
        let delta = &choice["delta"];
        if let Some(t) = delta["reasoning_details"][0]["text"].as_str() {
            thinking.push_str(t);
        }
        if let Some(c) = delta["content"].as_str() {
            content.push_str(c);
        }
        if let Some(f) = choice["finish_reason"].as_str() {
            finish = Some(f.to_string());
        }
    }
    (thinking, content, finish)
}

#[test]
fn basic_stream_has_real_envelope_usage_and_done() {
    let addr = start(None);
    let reply = chat(addr, "hi scenario:basic");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/event-stream; charset=utf-8")
    );
    let body = reply.text();
    assert!(body.starts_with("data: {"));
    assert!(body.ends_with("\n\ndata: [DONE]\n\n"));
    for needle in [
        r#""object":"chat.completion.chunk""#,
        r#""model":"MiniMax-M3""#,
        r#""name":"MiniMax AI""#,
        r#""audio_content":"""#,
        r#""usage":null"#,
        r#""input_sensitive":false"#,
        r#""format":"MiniMax-response-v1""#,
    ] {
        assert!(body.contains(needle), "missing {needle}");
    }
    let events = events(&body);
    let (thinking, answer, finish) = collect(&events);
    assert_eq!(thinking, texts::BASIC_THINKING);
    assert_eq!(answer, texts::BASIC_ANSWER);
    assert_eq!(finish.as_deref(), Some("stop"));
    let reasoning_content: String = events
        .iter()
        .filter_map(|e| e["choices"][0]["delta"]["reasoning_content"].as_str())
        .collect();
    assert_eq!(reasoning_content, texts::BASIC_THINKING);
    let usage = events.last().expect("usage chunk");
    assert_eq!(usage["choices"], json!([]));
    assert_eq!(usage["base_resp"]["status_code"], 0);
    assert!(usage["usage"]["completion_tokens_details"]["reasoning_tokens"].as_u64() > Some(0));
}

#[test]
fn inline_mode_when_reasoning_split_is_off() {
    let addr = start(None);
    let reply = send(
        addr,
        "POST",
        "/v1/chat/completions",
        &[("Authorization", KEY)],
        &chat_body("scenario:basic", false, true),
    );
    let (thinking, content, _) = collect(&events(&reply.text()));
    assert!(thinking.is_empty());
    assert_eq!(
        content,
        format!(
            "<think>\n{}\n</think>\n\n{}",
            texts::BASIC_THINKING,
            texts::BASIC_ANSWER
        )
    );
}

#[test]
fn scenario_comes_from_last_user_text_parts_or_query() {
    let addr = start(None);
    let body = json!({
        "model": "MiniMax-M2.7",
        "stream": true,
        "reasoning_split": true,
        "messages": [
            {"role": "user", "content": "scenario:err-500"},
            {"role": "assistant", "content": "earlier"},
            {"role": "user", "content": [{"type": "text", "text": "now scenario:length please"}]}
        ],
    })
    .to_string();
    let reply = send(
        addr,
        "POST",
        "/minimax/v1/chat/completions",
        &[("Authorization", KEY)],
        &body,
    );
    let events = events(&reply.text());
    let (_, answer, finish) = collect(&events);
    assert_eq!(answer, texts::LENGTH_ANSWER);
    assert_eq!(finish.as_deref(), Some("length"));
    assert_eq!(events[0]["model"], "MiniMax-M2.7");
    // No usage chunk without include_usage.
    assert!(events.iter().all(|e| e["choices"] != json!([])));

    let reply = send(
        addr,
        "POST",
        "/v1/chat/completions?scenario=err-429",
        &[("Authorization", KEY)],
        &chat_body("no token here", true, true),
    );
    assert_eq!(reply.status, 429);
    assert_eq!(reply.header("retry-after").as_deref(), Some("20"));
    assert_eq!(reply.json()["error"]["http_code"], "429");
}

#[test]
fn missing_or_empty_key_is_401_with_minimax_body() {
    let addr = start(None);
    for auth in [None, Some("Bearer "), Some("Bearer")] {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("Authorization", a)).into_iter().collect();
        let reply = send(
            addr,
            "POST",
            "/v1/chat/completions",
            &headers,
            &chat_body("hi", true, true),
        );
        assert_eq!(reply.status, 401, "{auth:?}");
        let body = reply.json();
        assert_eq!(body["type"], "error");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("(1004)"))
        );
    }
    let reply = send(
        addr,
        "POST",
        "/v1/chat/completions",
        &[("Authorization", "Bearer bad-key")],
        &chat_body("hi", true, true),
    );
    assert_eq!(reply.status, 401);
    // The demo path works without a key.
    let reply = send(
        addr,
        "POST",
        "/api/demo/v1/chat/completions",
        &[],
        &chat_body("scenario:basic", true, true),
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn cors_present_by_default_absent_for_no_cors() {
    let addr = start(None);
    let preflight = [
        ("Origin", "http://localhost:8080"),
        ("Access-Control-Request-Method", "POST"),
        (
            "Access-Control-Request-Headers",
            "authorization,content-type",
        ),
    ];
    let ok = send(addr, "OPTIONS", "/v1/chat/completions", &preflight, "");
    assert_eq!(ok.status, 204);
    assert_eq!(
        ok.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(
        ok.header("access-control-allow-headers")
            .is_some_and(|h| h.contains("authorization"))
    );

    let blocked = send(
        addr,
        "OPTIONS",
        "/nocors/v1/chat/completions",
        &preflight,
        "",
    );
    assert!(blocked.header("access-control-allow-origin").is_none());
    let blocked = send(
        addr,
        "POST",
        "/nocors/v1/chat/completions",
        &[("Authorization", KEY)],
        &chat_body("scenario:basic", true, true),
    );
    assert_eq!(blocked.status, 200);
    assert!(blocked.header("access-control-allow-origin").is_none());

    assert!(
        chat(addr, "scenario:basic")
            .header("access-control-allow-origin")
            .is_some()
    );
    let no_cors = chat(addr, "scenario:no-cors");
    assert_eq!(no_cors.status, 200);
    assert!(no_cors.header("access-control-allow-origin").is_none());
    assert_eq!(collect(&events(&no_cors.text())).1, texts::BASIC_ANSWER);
}

#[test]
fn static_files_with_spa_fallback_and_no_traversal() {
    let dir = std::env::temp_dir().join(format!("mock-minimax-static-{}", std::process::id()));
    fs::create_dir_all(dir.join("pkg")).expect("mkdir");
    fs::write(dir.join("index.html"), "<h1>app</h1>").expect("write");
    fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm").expect("write");
    fs::write(dir.join("pkg/app.js"), "export {}").expect("write");
    let addr = start(Some(dir.clone()));

    let index = send(addr, "GET", "/", &[], "");
    assert_eq!((index.status, index.text().as_str()), (200, "<h1>app</h1>"));
    assert!(
        index
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    let wasm = send(addr, "GET", "/pkg/app_bg.wasm", &[], "");
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    let js = send(addr, "GET", "/pkg/app.js?v=1", &[], "");
    assert!(
        js.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript"))
    );
    let spa = send(addr, "GET", "/chats/42", &[], "");
    assert_eq!(spa.text(), "<h1>app</h1>");
    assert_eq!(send(addr, "GET", "/missing.css", &[], "").status, 404);
    for evil in [
        "/../Cargo.toml",
        "/pkg/../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
    ] {
        let reply = send(addr, "GET", evil, &[], "");
        assert_eq!(reply.status, 400, "{evil}");
    }
    // API routes still win over static files.
    assert_eq!(send(addr, "GET", "/_mock/health", &[], "").text(), "ok");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn static_files_under_a_prefix_only() {
    let dir = std::env::temp_dir().join(format!("mock-minimax-prefix-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("index.html"), "<h1>app</h1>").expect("write");
    fs::write(dir.join("app.css"), "body{}").expect("write");
    let addr = start_with(Config {
        static_dir: Some(dir.clone()),
        static_prefix: "/sub/path/".into(),
        quiet: true,
    });

    let index = send(addr, "GET", "/sub/path/", &[], "");
    assert_eq!((index.status, index.text().as_str()), (200, "<h1>app</h1>"));
    assert_eq!(
        send(addr, "GET", "/sub/path/app.css", &[], "").text(),
        "body{}"
    );
    // The folder without its slash is redirected, as static hosts do.
    let bare = send(addr, "GET", "/sub/path", &[], "");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("location").as_deref(), Some("/sub/path/"));
    // A file asked for at the site's root is not there.
    assert_eq!(send(addr, "GET", "/app.css", &[], "").status, 404);
    assert_eq!(send(addr, "GET", "/", &[], "").status, 404);
    assert_eq!(send(addr, "GET", "/sub/pathx/app.css", &[], "").status, 404);
    // API routes answer under the folder too (a proxy next to the app).
    let models = send(addr, "GET", "/sub/path/api/demo/v1/models", &[], "");
    assert_eq!(models.status, 200);
    assert_eq!(send(addr, "GET", "/_mock/health", &[], "").text(), "ok");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn request_log_redacts_the_key_and_resets() {
    let addr = start(None);
    chat(addr, "scenario:basic");
    let log = send(addr, "GET", "/_mock/requests", &[], "");
    assert!(!log.text().contains("sk-test-secret"));
    let entries = log.json();
    assert_eq!(entries.as_array().map(Vec::len), Some(1));
    let auth = &entries[0]["authorization"];
    assert_eq!(auth["present"], true);
    assert_eq!(auth["length"], KEY.len());
    assert_eq!(
        entries[0]["body"]["messages"][0]["content"],
        "scenario:basic"
    );
    assert_eq!(send(addr, "POST", "/_mock/reset", &[], "").status, 200);
    assert_eq!(
        send(addr, "GET", "/_mock/requests", &[], "").json(),
        json!([])
    );
}

#[test]
fn non_streamed_completion() {
    let addr = start(None);
    let reply = send(
        addr,
        "POST",
        "/v1/chat/completions",
        &[("Authorization", KEY)],
        &chat_body("scenario:basic", true, false),
    );
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["object"], "chat.completion");
    let message = &body["choices"][0]["message"];
    assert_eq!(message["content"], texts::BASIC_ANSWER);
    assert_eq!(
        message["reasoning_details"][0]["text"],
        texts::BASIC_THINKING
    );
    assert_eq!(body["choices"][0]["finish_reason"], "stop");
}

#[test]
fn bad_requests_get_400_or_413_never_a_hang() {
    let addr = start(None);
    for body in [
        "not json",
        "[]",
        r#"{"messages":[]}"#,
        r#"{"model":1,"messages":[{}]}"#,
    ] {
        let reply = send(
            addr,
            "POST",
            "/v1/chat/completions",
            &[("Authorization", KEY)],
            body,
        );
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["error"]["type"], "bad_request_error");
    }
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 70000000\r\n\r\n")
        .expect("write");
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 413 "), "{raw}");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(b"BROKEN\r\n\r\n").expect("write");
    let mut raw = String::new();
    let _ = stream.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 400 "), "{raw}");
}

#[test]
fn error_scenarios_have_minimax_shapes() {
    let addr = start(None);
    let html = chat(addr, "scenario:err-html");
    assert_eq!(html.status, 502);
    assert!(
        html.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    let base = chat(addr, "scenario:err-base-resp");
    assert_eq!(
        (
            base.status,
            base.json()["base_resp"]["status_code"].as_i64()
        ),
        (200, Some(1004))
    );
    let stream = chat(addr, "scenario:err-base-resp-stream");
    let events = events(&stream.text());
    assert_eq!(events[0]["base_resp"]["status_code"], 1002);
    assert!(events[0].get("choices").is_none());
    assert!(!stream.text().contains("[DONE]"));
    let err400 = chat(addr, "scenario:err-400").text();
    assert!(err400.starts_with(r#"{"type":"error","error":{"type":"bad_request_error","message":"invalid params, unknown model 'x' (2013)","http_code":"400"},"request_id":""#));
    let models = send(addr, "GET", "/v1/models", &[], "").json();
    assert_eq!(models["data"][0]["id"], "MiniMax-M3");
    assert_eq!(models["data"].as_array().map(Vec::len), Some(7));
}

#[test]
fn cut_reset_and_awkward_bytes() {
    let addr = start(None);
    let cut = chat(addr, "scenario:cut");
    assert!(cut.head.contains("chunked"));
    let (thinking, answer, finish) = collect(&events(&cut.text()));
    assert_eq!(
        (thinking.as_str(), answer.as_str(), finish),
        (texts::CUT_THINKING, texts::CUT_ANSWER, None)
    );
    assert!(!cut.text().contains("[DONE]"));

    let reset = chat(addr, "scenario:cut-midway-reset");
    let text = String::from_utf8_lossy(&reset.body).to_string();
    let complete: Vec<&str> = text.split("\n\n").filter(|e| e.ends_with('}')).collect();
    assert_eq!(
        complete.len(),
        3,
        "thinking + two answer parts arrive whole"
    );
    assert!(!text.ends_with("\n\n"), "the last event is cut mid-way");

    let crlf = chat(addr, "scenario:crlf-comments");
    let text = crlf.text();
    assert!(text.contains(": keep-alive\r\n\r\n") && text.contains("\r\n\r\ndata: [DONE]\r\n\r\n"));
    let (thinking, answer, finish) = collect(&events(&text));
    assert_eq!(thinking, texts::CRLF_THINKING);
    assert_eq!(answer, texts::CRLF_ANSWER);
    assert_eq!(finish.as_deref(), Some("stop"));
}
