#!/usr/bin/env bash
# The benchmark: streaming render (incremental vs a naive baseline), big
# reads, reopening and switching between long chats (sliced against
# unsliced), start-up, search, export and import with 0, 30 and 300 stored
# chats, and the first-load size. Builds what it needs, then prints the
# tables. BENCH_RUNS=N sets the runs per figure (default 3); BENCH_BASELINE=0
# skips the naive baseline; BENCH_ONLY=reads measures only big reads,
# reopening and switching, BENCH_ONLY=history only start-up, search, export
# and import; BENCH_TRACE_DIR=dir keeps every Chromium trace taken.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" --browser
cd "$ROOT"
mkdir -p target/bench
echo "building the mock server, the release app and the naive baseline…" >&2
cargo build -q --release -p mock-minimax
trunk build --release
# The baseline is the same app whose renderer module re-renders the whole
# answer per chunk (scripts/renderer-module.mjs reads MMCHAT_FEATURES); it
# never ships.
if [ "${BENCH_BASELINE:-1}" != 0 ]; then
  MMCHAT_FEATURES=naive-render trunk build --release --dist target/bench/naive-dist
fi
# The renderer as it was before it worked in slices, and the thread building
# every message of a chat at once: the "before" of the rows for big reads,
# reopening, switching, many turns and the paced 200 KB stream.
MMCHAT_FEATURES=unsliced trunk build --release --features unsliced --dist target/bench/unsliced-dist
node tests/bench/bench.mjs
