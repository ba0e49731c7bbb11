//! Leptos components: views only. They read `AppState`'s signals and call
//! the session controller (`crate::session`) through `AppState::act`; the
//! logic they show lives there and in the other pure modules.

pub mod app;
pub mod backups;
pub mod composer;
pub mod dialog;
pub mod dom;
pub mod folders;
pub mod message;
pub mod per_frame;
pub mod prompts;
pub mod remedy;
pub mod reply;
pub mod settings;
pub mod share;
pub mod shortcuts;
pub mod sidebar;
pub mod state;
pub mod summary;
pub mod thread;
pub mod transfer;
pub mod undo;
pub mod update;
pub mod welcome;
pub mod when;

pub use app::App;
