//! The conversation model: messages, how stream parts change a reply, and the
//! request built from a conversation. Pure Rust, tested on the host.

pub mod base_url;
pub mod catalogue;
pub mod connection;
pub mod context;
pub mod conversation;
pub mod cost;
pub mod dates;
pub mod fold;
pub mod folders;
pub mod images;
pub mod message;
pub mod plain;
pub mod prompts;
pub mod quiet;
pub mod remedy;
pub mod request;
pub mod same_origin;
pub mod search;
pub mod versions;

pub use catalogue::{ENDPOINTS, Endpoint, MODELS, ModelInfo, model_info};
pub use conversation::{ChatParams, Conversation, ThinkingMode, newest_first, sort_newest_first};
pub use folders::Folder;
pub use message::{Message, Role, Status, Timing};
pub use prompts::Prompt;
