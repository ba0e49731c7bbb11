#!/usr/bin/env bash
# Build the release bundle and print each file's size, raw and gzipped: the
# first paint (what the page fetches before it can be used) and a whole first
# visit (everything the service worker precaches), against their budgets
# (scripts/bundle-size.mjs says what counts). Then the wasm's largest
# functions and data, by twiggy, so a regression can be traced to a function.
#
#   scripts/bundle-size.sh           build, print
#   scripts/bundle-size.sh --check   also fail when a budget is exceeded
#   NO_BUILD=1 …                     use dist/ as it is (scripts/test.sh)
#   TOP=N …                          how many wasm items to list (default 25)
#
# twiggy needs the names of functions, which the shipped wasm no longer has
# (wasm-opt drops them). So it reads a profiling copy made the way trunk
# makes the shipped one, from the same cargo output: wasm-bindgen, then
# wasm-opt -Oz --low-memory-unused, but with -g to keep the name section.
# Code sizes match the shipped file within a few bytes per function.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" --profiler >/dev/null
cd "$ROOT"
[ "${NO_BUILD:-0}" = 1 ] || trunk build --release >/dev/null

status=0
node scripts/bundle-size.mjs dist "$@" || status=$?

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
profile() { # name, cargo's wasm
  local out="$work/$1"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$1" "$2"
  wasm-opt -Oz --low-memory-unused -g --output "$out/$1.wasm" "$out/$1_bg.wasm"
  printf '\nlargest items of the %s wasm (twiggy top, profiling copy with names):\n' "$1"
  # The name section itself is listed too: it is not shipped, leave it out.
  twiggy top -n "$((${TOP:-25} + 1))" "$out/$1.wasm" | grep -v '"function names" subsection'
}
profile app "$TARGET_DIR/wasm32-unknown-unknown/release/minimax-chat.wasm"
profile renderer "$TARGET_DIR/wasm32-unknown-unknown/release/mmchat-markdown.wasm"
exit "$status"
