//! MiniMax chat client. Pure modules (`api`, `markdown`, `chat`, `store`) compile
//! and test on the host; `browser` and `ui` are the thin web layer, built for
//! wasm32 only (web-sys calls panic on the host).
//!
//! clippy.toml forbids what the first-load budget cannot afford (std's
//! sort and hash maps, serde's derives and typed entry points, `f64::clamp`).
//! Unit tests never ship, and compare against std and serde_json on purpose.
#![cfg_attr(
    test,
    allow(
        clippy::disallowed_methods,
        clippy::disallowed_types,
        clippy::disallowed_macros,
        reason = "tests are not in the wasm; they check our code against std and serde_json"
    )
)]

pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod chat;
pub mod decimal;
pub mod json;
pub mod session;
/// The renderer, its own crate so that it can be its own wasm module.
pub use mmchat_markdown as markdown;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
