//! Moving conversations in and out of the app: a lossless JSON export and its
//! import, a readable Markdown export, and merging imported chats with the
//! ones already here. Conversations (with their folders, the prompt library
//! and the images they name): settings and the API key are never exported.

mod export_json;
mod export_markdown;
mod import;
mod library;
mod merge;
mod normalise;
mod outline;

pub use export_json::{EXPORT_FORMAT, Extras, export_json, export_json_with};
pub use export_markdown::{export_markdown, export_markdown_all, reply_notes};
pub use import::{ImportError, ImportFile, MAX_IMPORT_BYTES, import_json};
pub use merge::{IMPORTED_SUFFIX, MergeOutcome, merge};
pub use normalise::{MAX_ID_CHARS, normal_id};
