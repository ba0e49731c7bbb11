#!/usr/bin/env bash
# Install what is missing, then run every test layer:
#   1. lint: rustfmt, clippy (host and wasm32)
#   2. host tests: cargo test (wire parser, think splitter, model, store, markdown, mock)
#   3. browser tests: wasm-bindgen-test in headless Chromium (storage, fetch streaming, abort)
#   4. end-to-end: the release build in headless Chromium against the mock server
#   5. engine smoke: the main flow in Firefox and WebKit through WebDriver
#   6. hosting: the deploy/ recipes (nginx, Caddy, the edge proxy and the Pages
#      Function in workerd) serving that build, proxying to the mock server
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" --browser --engines
cd "$ROOT"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets -q -- -D warnings
cargo clippy --workspace --exclude mock-minimax --lib --bins --target wasm32-unknown-unknown -q -- -D warnings
MMCHAT_MOCK_URL=http://127.0.0.1:9 cargo clippy --target wasm32-unknown-unknown -q --test browser_storage --test browser_fetch --test browser_markdown -- -D warnings

step "host tests"
cargo test --workspace -q

step "mock server (release) and app bundle (release)"
cargo build -q --release -p mock-minimax
trunk build --release

step "browser tests (wasm-bindgen-test, headless Chromium)"
MOCK_LOG="$(mktemp)"
"$ROOT/target/release/mock-minimax" --port 0 --quiet > "$MOCK_LOG" &
MOCK_PID=$!
trap 'kill "$MOCK_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening on" "$MOCK_LOG" && break; sleep 0.1; done
MMCHAT_MOCK_URL="$(grep -o 'http://[^ ]*' "$MOCK_LOG" | head -1)"
export MMCHAT_MOCK_URL
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test --target wasm32-unknown-unknown --test browser_storage --test browser_fetch --test browser_markdown

step "end-to-end tests (headless Chromium, mock server)"
cd "$ROOT/tests/e2e"
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs

step "engine smoke (Firefox and WebKit through WebDriver, mock server)"
cd "$ROOT/tests/engines"
node --test --test-concurrency=1 --test-reporter=spec ./smoke.test.mjs

step "hosting recipes (nginx, Caddy, workerd; the rules of the other hosts)"
cd "$ROOT/tests/hosting"
node --test --test-concurrency=1 --test-reporter=spec ./*.test.mjs
