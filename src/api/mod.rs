//! The wire: bytes from MiniMax in, typed stream parts out. Pure Rust.
