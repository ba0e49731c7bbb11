//! Persistence: a versioned layout over a key-value store (localStorage in the
//! browser, a map in tests). One key per conversation, a small index, a schema
//! version. Nothing unreadable is ever overwritten: it is copied to a backup key.
//! Also here: the migration chain for old records, export and import
//! (`transfer`), and how much of the browser's quota our keys use (`usage`).

mod finite;
pub mod kv;
pub mod layout;
pub mod library;
pub mod migrate;
mod reconcile;
mod records;
pub mod settings;
pub mod tracked;
pub mod transfer;
pub mod usage;

pub use kv::{KeyValue, MemoryKv, StoreError};
pub use layout::{LoadReport, SaveOutcome, Store};
pub use settings::{ContextWindow, KeyPersistence, Settings, Theme};
pub use tracked::{Tracked, WriteMemory};
pub use usage::{StorageUsage, TYPICAL_QUOTA_BYTES, UsageLevel, UsageTally};
