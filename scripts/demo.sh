#!/usr/bin/env bash
# Try the app with no key and no network: the mock MiniMax server on :8787
# behind trunk's /api/demo/ proxy. Pick "Local demo" as the Base URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
cargo build -q --release -p mock-minimax
"$ROOT/target/release/mock-minimax" --port 8787 --quiet &
MOCK_PID=$!
trap 'kill "$MOCK_PID" 2>/dev/null || true' EXIT
echo "Open http://127.0.0.1:8080, Settings → Base URL → Local demo (any key, or none)."
trunk serve --address 127.0.0.1 --port 8080 "$@"
