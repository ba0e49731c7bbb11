#!/usr/bin/env bash
# Build the release bundle and print each file's size, raw and gzipped: what
# the first load fetches (index.html, css, the app's js and wasm, snippets),
# then the renderer module the app fetches after its first paint.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"
[ "${NO_BUILD:-0}" = 1 ] || trunk build --release >/dev/null
cd dist
total() {
  local sum=0 raw gz f
  for f in "$@"; do
    raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c); sum=$((sum + gz))
    printf '%-58s %9d %9d\n' "$f" "$raw" "$gz" >&2
  done
  echo "$sum"
}
printf '%-58s %9s %9s\n' file bytes gzip >&2
mapfile -t first < <(find . -type f -not -path './.stage/*' -not -path './renderer-*' | sort)
mapfile -t lazy < <(find . -type f -path './renderer-*' | sort)
first_gz=$(total "${first[@]}")
printf '%-58s %9s %9d\n\n' "first load" "" "$first_gz" >&2
lazy_gz=$(total "${lazy[@]}")
printf '%-58s %9s %9d\n' "renderer module (after the first paint)" "" "$lazy_gz" >&2
