#!/usr/bin/env bash
# Builds ropa from the action's own checkout unless the cache restored it.
set -euo pipefail
if command -v ropa >/dev/null 2>&1; then
  echo "ropa from the cache: $(command -v ropa)"
  exit 0
fi
cargo install --locked --path "${GITHUB_ACTION_PATH:?}" --root "${ROPA_ROOT:-$HOME/.cargo}"
