#!/usr/bin/env bash
# The check: SARIF for code scanning, annotations on the pull request, and
# the exit status by --fail-on. Reads ROPA_PATHS (space-separated, default
# `.`) and ROPA_FAIL_ON (default `error`).
set -euo pipefail
read -r -a paths <<<"${ROPA_PATHS:-.}"
fail_on="${ROPA_FAIL_ON:-error}"
# SARIF is written whatever the findings; only trouble (exit 2) stops here.
status=0
ropa check --format sarif --fail-on never "${paths[@]}" >"${ROPA_SARIF:-ropa.sarif}" || status=$?
if [ "$status" -eq 2 ]; then
  exit 2
fi
ropa check --format github --fail-on "$fail_on" "${paths[@]}"
