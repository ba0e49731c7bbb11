//! A local stand-in for MiniMax's OpenAI-compatible chat API, for browser
//! tests and a keyless demo. std networking, a thread per connection: it
//! only ever serves a handful of local clients. See README.md.

mod chat;
pub mod chat_request;
mod echo;
mod errors;
pub mod http;
mod ids;
mod long_text;
pub mod plan;
pub mod render;
mod request_log;
mod rng;
mod router;
pub mod scenarios;
mod static_files;
pub mod texts;

use std::io;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

pub use errors::BAD_KEY;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Serve files from here for GETs that are not API routes.
    pub static_dir: Option<PathBuf>,
    /// The URL path the static files are served under (`/sub/path/`), as a
    /// host that puts the app in a folder would; empty means the root.
    pub static_prefix: String,
    /// No per-request log lines on stderr.
    pub quiet: bool,
}

/// What every connection thread shares.
pub struct Shared {
    pub config: Config,
    log: request_log::RequestLog,
}

impl Shared {
    fn note(&self, line: &str) {
        if !self.config.quiet {
            eprintln!("mock-minimax: {line}");
        }
    }
}

pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds now (so port 0 resolves at once); serving starts with `run`.
    pub fn bind(addr: impl ToSocketAddrs, config: Config) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
            shared: Arc::new(Shared {
                config,
                log: request_log::RequestLog::default(),
            }),
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts forever, one thread per connection.
    pub fn run(self) {
        for conn in self.listener.incoming() {
            match conn {
                Ok(stream) => {
                    let shared = Arc::clone(&self.shared);
                    let spawned = thread::Builder::new()
                        .name("mock-conn".into())
                        .spawn(move || router::serve_connection(stream, &shared));
                    if let Err(e) = spawned {
                        self.shared.note(&format!("cannot spawn a thread: {e}"));
                    }
                }
                Err(e) => {
                    // Usually out of file descriptors: back off instead of spinning.
                    self.shared.note(&format!("accept failed: {e}"));
                    thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}
