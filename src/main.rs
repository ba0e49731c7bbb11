//! Entry point: mount the app. On the host (for `cargo test`) there is nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic that slips through shows a notice with Reload, not a dead page.
    minimax_chat::browser::panic::install();
    leptos::mount::mount_to_body(minimax_chat::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This crate is a web app: run `trunk serve` (see README.md).");
}
