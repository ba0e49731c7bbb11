#!/usr/bin/env bash
# The benchmark: streaming render (incremental vs a naive baseline), page load
# with 300 stored chats, and the first-load size. Builds what it needs, then
# prints a table. BENCH_RUNS=N sets the runs per figure (default 3);
# BENCH_BASELINE=0 skips the naive baseline.
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
node tests/bench/bench.mjs
