//! MiniMax chat client. Pure modules (`api`, `markdown`, `chat`, `store`) compile
//! and test on the host; `browser` and `ui` are the thin web layer.

pub mod api;
pub mod markdown;
