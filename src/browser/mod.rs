//! The only code that touches web APIs: storage, fetch, clocks, ids.
//! Everything here is a thin adapter over the pure modules.

pub mod clock;
pub mod fetch;
pub mod files;
pub mod image_store;
pub mod images;
pub mod models;
pub mod panic;
pub mod plain_text;
pub mod probe;
pub mod renderer;
pub mod resize;
pub mod service_worker;
pub mod storage;
