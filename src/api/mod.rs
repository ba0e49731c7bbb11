//! The wire: bytes from MiniMax in, typed stream parts out. Pure Rust, no
//! web APIs, so it compiles and tests on the host as well as wasm32.
//!
//! Layers, each fed by the one before: `utf8` (bytes → text, split characters
//! carried over) → `sse` (text → events) → `chunk` (event data → lenient
//! types, via `lenient`) → `stream` (chunks → [`StreamPart`]s, defined in
//! `parts`), which uses `reasoning` for the reasoning fields and `think` for
//! inline `<think>` blocks in content (`tags` is shared by both). `error`
//! classifies failures, `sanitize` cleans server text, and `message` words
//! errors for the user. `key` cleans the API key as it is pasted and says
//! why one cannot be sent.

pub mod chunk;
pub mod error;
pub mod key;
pub mod lenient;
pub mod message;
pub mod parts;
pub mod reasoning;
pub mod sanitize;
pub mod sse;
pub mod stream;
pub mod tags;
pub mod think;
pub mod utf8;

pub use error::{ApiError, ErrorKind};
pub use stream::{FinishReason, ReasoningMeta, ReplyDecoder, StreamPart, Usage};
