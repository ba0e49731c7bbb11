#!/usr/bin/env bash
# Install what is missing, then serve the app on http://127.0.0.1:8080 with
# the same-origin proxy to MiniMax at /api/minimax/ (see Trunk.toml).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh"
cd "$ROOT"
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
