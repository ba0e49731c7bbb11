//! Leptos components. They read `AppState` signals and call `actions`; the
//! logic they show lives in the pure modules.

pub mod actions;
pub mod app;
pub mod backups;
pub mod chats;
pub mod composer;
pub mod dialog;
pub mod message;
pub mod settings;
pub mod sidebar;
pub mod state;
pub mod thread;
pub mod transfer;
pub mod update;

pub use app::App;
