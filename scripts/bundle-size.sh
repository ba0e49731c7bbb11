#!/usr/bin/env bash
# Build the release bundle and print each file's size, raw and gzipped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" >/dev/null
cd "$ROOT"
trunk build --release >/dev/null
total_gz=0
printf '%-40s %10s %10s\n' file bytes gzip
for f in dist/*; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c); total_gz=$((total_gz + gz))
  printf '%-40s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-40s %10s %10d\n' "total (first load)" "" "$total_gz"
