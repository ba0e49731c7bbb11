//! Moving conversations in and out of the app: a lossless JSON export and its
//! import, a readable Markdown export, and merging imported chats with the
//! ones already here. Conversations only: settings and the API key are never
//! exported.

mod export_json;
mod export_markdown;
mod import;
mod merge;
mod normalise;

pub use export_json::{EXPORT_FORMAT, export_json};
pub use export_markdown::{export_markdown, export_markdown_all};
pub use import::{ImportError, MAX_IMPORT_BYTES, import_json};
pub use merge::{IMPORTED_SUFFIX, MergeOutcome, merge};
pub use normalise::{MAX_ID_CHARS, normal_id};
