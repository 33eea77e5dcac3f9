#!/usr/bin/env bash
# The pre-commit hook, for real: a temporary git repository uses this
# repository's .pre-commit-hooks.yaml at the current commit; a commit with a
# violation is blocked, the fixed commit is accepted. Needs `pre-commit`
# (pip install pre-commit) and a committed HEAD.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
rev="$(git -C "$here" rev-parse HEAD)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
# pre-commit builds the hook with `cargo install`; thin LTO keeps that quick.
export CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
cd "$work"
git init -q repo && cd repo
git config user.email ci@example.invalid && git config user.name CI
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: ropa
YAML
# A party in another file, committed first: the hook must resolve it.
cat > parties.ropa <<'ROPA'
controller acme "Acme AB" { country SE }
processor tracker "Tracker Inc" { country US  dpa "DPA-1" }
ROPA
cat > visitors.ropa <<'ROPA'
dataset visitors {
  subjects website_visitor
  fields { ip: online.ip_address }
  purpose analytics { basis consent  consent { withdraw "cookie settings" } }
  retention 30 days
  recipients tracker
}
ROPA
git add .pre-commit-config.yaml parties.ropa
python3 -m pre_commit install >/dev/null
git commit -qm "parties" >/dev/null
git add visitors.ropa
if git commit -qm "visitors, sent to the US without a safeguard" >"$work/out" 2>&1; then
  cat "$work/out"; echo "FAIL: the commit with a T001 violation was accepted"; exit 1
fi
grep -q "visitors.ropa:6:14: T001" "$work/out" || { cat "$work/out"; echo "FAIL: no T001 finding shown"; exit 1; }
sed -i 's/dpa "DPA-1"/dpa "DPA-1"  transfer scc "SCC 2021\/914"/' parties.ropa
git add parties.ropa visitors.ropa
git commit -qm "visitors, with SCCs" >"$work/out" 2>&1 || { cat "$work/out"; echo "FAIL: the fixed commit was blocked"; exit 1; }
# The whole change: deleting a party that an untouched, committed file still
# names breaks the model elsewhere (F001 in visitors.ropa), and is blocked.
printf 'controller acme "Acme AB" { country SE }\n' > parties.ropa
git add parties.ropa
if git commit -qm "tracker removed" >"$work/out" 2>&1; then
  cat "$work/out"; echo "FAIL: a deleted party still named elsewhere was accepted"; exit 1
fi
grep -q "visitors.ropa:6:14: F001" "$work/out" || { cat "$work/out"; echo "FAIL: no F001 in the untouched file"; exit 1; }
# Unstaged work plays no part: the staged deletion is still blocked when the
# work tree has the party back.
git show HEAD:parties.ropa > parties.ropa
if git commit -qm "tracker removed, unstaged fix" >"$work/out" 2>&1; then
  cat "$work/out"; echo "FAIL: the unstaged file was read"; exit 1
fi
git add parties.ropa
git commit -qm "nothing changed after all" --allow-empty >"$work/out" 2>&1 || { cat "$work/out"; echo "FAIL: the restored party was blocked"; exit 1; }
echo "pre-commit hook: blocked the violation and the cross-file breakage, accepted the fixes"
