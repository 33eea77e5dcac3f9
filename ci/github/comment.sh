#!/usr/bin/env bash
# On a pull request: `ropa diff` from the base commit, as one comment that is
# updated on every push (found by its marker), through the GitHub CLI.
# Reads BASE_SHA, PR_NUMBER, GITHUB_REPOSITORY and ROPA_PATHS; GH_TOKEN for gh.
set -euo pipefail
read -r -a paths <<<"${ROPA_PATHS:-.}"
marker='<!-- ropa-diff -->'
body="$(mktemp)"
trap 'rm -f "$body"' EXIT
{
  echo "$marker"
  ropa diff "${BASE_SHA:?}" --format markdown -- "${paths[@]}"
} >"$body"
existing="$(gh api "repos/${GITHUB_REPOSITORY:?}/issues/${PR_NUMBER:?}/comments" --paginate \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
if [ -n "$existing" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" >/dev/null
  echo "updated comment $existing"
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -F "body=@$body" >/dev/null
  echo "posted a comment"
fi
