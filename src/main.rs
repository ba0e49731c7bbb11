//! Entry point: mount the app. On the host (for `cargo test`) there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(minimax_chat::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This crate is a web app: run `trunk serve` (see README.md).");
}
