//! Entry point: mount the app. On the host (for `cargo test`) there is nothing to run.

/// talc instead of std's dlmalloc: the same job in less wasm code.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
