#!/usr/bin/env bash
# Install whatever is missing to build, serve and test the app. Safe to re-run:
# each step checks the installed version first. Pass --browser to also install
# Chromium, its driver and the end-to-end test packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$ROOT/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"
WANT_BROWSER=0
[ "${1:-}" = "--browser" ] && WANT_BROWSER=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}$"; then
  say "installing trunk ${TRUNK_VERSION} (several minutes on 2 cores)"
  cargo install --locked "trunk@${TRUNK_VERSION}"
fi

WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}$"; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (matches Cargo.lock)"
  cargo install --locked "wasm-bindgen-cli@${WASM_BINDGEN_VERSION}" ||
    cargo install "wasm-bindgen-cli@${WASM_BINDGEN_VERSION}"
fi

# Debian's binaryen (108) builds a wasm that fails in the browser; npm's works.
if ! "$ROOT/.tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "installing wasm-opt (npm binaryen ${BINARYEN_VERSION}) into .tools/"
  mkdir -p "$ROOT/.tools"
  [ -f "$ROOT/.tools/package.json" ] || echo '{"private":true}' > "$ROOT/.tools/package.json"
  npm install --prefix "$ROOT/.tools" --no-audit --no-fund "binaryen@${BINARYEN_VERSION}"
fi

# Release builds minify the js loader with it (scripts/minify-js.mjs).
if [ "$(node -p 'try { require(process.argv[1]).version } catch { "" }' "$ROOT/.tools/node_modules/terser/package.json")" != "${TERSER_VERSION}" ]; then
  say "installing terser ${TERSER_VERSION} into .tools/"
  mkdir -p "$ROOT/.tools"
  [ -f "$ROOT/.tools/package.json" ] || echo '{"private":true}' > "$ROOT/.tools/package.json"
  npm install --prefix "$ROOT/.tools" --no-audit --no-fund --save-exact "terser@${TERSER_VERSION}"
fi

if [ "$WANT_BROWSER" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and ChromeDriver from Debian"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
  fi
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ] || [ ! -d "$ROOT/tests/e2e/node_modules/axe-core" ]; then
    say "installing the end-to-end test packages"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund)
  fi
fi
say "tools ready: $(trunk --version), wasm-bindgen ${WASM_BINDGEN_VERSION}, $("$ROOT/.tools/node_modules/.bin/wasm-opt" --version), terser ${TERSER_VERSION}"
