//! Shared set-up for the session controller's host tests: a "tab" is a
//! session over in-memory storage with a clock moved by hand.
#![allow(dead_code)]

use minimax_chat::api::{FinishReason, StreamPart};
use minimax_chat::chat::Status;
use minimax_chat::session::images::MemoryImages;
use minimax_chat::session::{ImageStore, ManualEnv, ReplyJob, Session};
use minimax_chat::store::MemoryKv;

pub type Tab<'a> = Session<&'a MemoryKv, &'a ManualEnv>;

/// The storage and clock a test's tabs share (two tabs: one `Device`, two
/// `tab` storages).
pub struct World {
    pub local: MemoryKv,
    pub tab: MemoryKv,
    pub tab2: MemoryKv,
    pub env: ManualEnv,
}

impl World {
    pub fn new() -> Self {
        World {
            local: MemoryKv::new(),
            tab: MemoryKv::new(),
            tab2: MemoryKv::new(),
            env: ManualEnv::at(1_000_000.0),
        }
    }

    /// Storage that refuses writes beyond `bytes`.
    pub fn with_limit(bytes: u64) -> Self {
        World {
            local: MemoryKv::with_limit(bytes),
            ..World::new()
        }
    }

    /// A tab opened on this storage, with a key set so sends go out.
    pub fn open(&self) -> Tab<'_> {
        let mut s = Session::load(&self.local, &self.tab, &self.env, "example.org");
        if s.api_key().is_empty() {
            s.set_api_key("test-key");
        }
        s.take_changes();
        s
    }

    /// A second tab on the same localStorage.
    pub fn open_second(&self) -> Tab<'_> {
        let mut s = Session::load(&self.local, &self.tab2, &self.env, "example.org");
        s.take_changes();
        s
    }

    pub fn tick(&self, ms: f64) {
        self.env.advance(ms);
    }
}

/// Send `text` and expect the request to go out.
pub fn send(s: &mut Tab<'_>, text: &str) -> ReplyJob {
    match s.send(text, Vec::new()) {
        Some(job) => job,
        None => panic!("send refused: {:?}", s.problem()),
    }
}

/// Stream a whole reply: thinking, answer, finish, done, end.
pub fn answer(s: &mut Tab<'_>, job: &ReplyJob, thinking: &str, text: &str) {
    s.reply_parts(
        job,
        vec![
            StreamPart::Thinking(thinking.into()),
            StreamPart::Answer(text.into()),
            StreamPart::Finish(FinishReason::Stop),
            StreamPart::Done,
        ],
    );
    s.reply_ended(job, false);
    s.reply_closed(job);
}

/// Send and answer in one go.
pub fn exchange(s: &mut Tab<'_>, question: &str, reply: &str) -> ReplyJob {
    let job = send(s, question);
    answer(s, &job, "hmm", reply);
    job
}

/// The open chat's messages as (role-ish, text, status) for compact asserts.
pub fn shown(s: &Tab<'_>) -> Vec<(String, Status)> {
    s.current()
        .map(|c| {
            c.messages
                .iter()
                .map(|m| (m.content.clone(), m.status))
                .collect()
        })
        .unwrap_or_default()
}

/// The texts of the open chat's messages.
pub fn texts(s: &Tab<'_>) -> Vec<String> {
    shown(s).into_iter().map(|(t, _)| t).collect()
}

/// Run every queued image job against `store`, as the page does (jobs are
/// asynchronous in the browser; the memory store answers at once).
pub fn pump_images(s: &mut Tab<'_>, store: &MemoryImages) {
    while let Some(job) = s.next_image_job() {
        let done = ready(store.run(job));
        s.image_done(done);
    }
}

/// The output of a future that is ready at its first poll.
pub fn ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => out,
        std::task::Poll::Pending => panic!("the memory image store never waits"),
    }
}

/// A small `data:` URL of a PNG, different for each `n`.
pub fn png(n: u32) -> String {
    format!("data:image/png;base64,iVBORw0KGgo{n:0>4}AAAA")
}
