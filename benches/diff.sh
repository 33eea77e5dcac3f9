#!/usr/bin/env bash
# `ropa diff HEAD` on a large model with one file changed, beside `ropa
# check` of the same model: median and minimum wall time and peak memory
# over RUNS alternating runs (/usr/bin/time).
#
#   benches/diff.sh BINARY N RUNS
#   benches/diff.sh target/release/ropa 100000 5
#
# The model is ../shared/bench/gen.py's, committed in a scratch repository;
# one retention in one file is then changed.
set -euo pipefail
if [ $# -lt 3 ]; then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
bin=$(realpath "$1")
n=$2
runs=$3
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
python3 "$here/../shared/bench/gen.py" model "$n" >/dev/null
git init -q && git config user.email b@example.org && git config user.name bench
git add model/ropa && git commit -qm model
sed -i '0,/retention/s/retention \([0-9]*\)/retention 9\1/' model/ropa/f7.ropa
declare -a diff_t check_t diff_m check_m
for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o t "$bin" diff HEAD --format json >/dev/null
    read -r s m <t; diff_t+=("$s"); diff_m+=("$m")
    /usr/bin/time -f "%e %M" -o t "$bin" check --format short --fail-on never model/ropa >/dev/null
    read -r s m <t; check_t+=("$s"); check_m+=("$m")
done
report() {
    local name=$1; shift
    local -a times=("${@:1:$runs}") mems=("${@:$((runs + 1))}")
    local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    local median; median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
    local min; min=$(echo "$sorted" | head -1)
    local peak; peak=$(printf '%s\n' "${mems[@]}" | sort -n | tail -1)
    printf '%-6s median %6.2f s  min %6.2f s  peak %5d MB\n' "$name" "$median" "$min" "$((peak / 1024))"
}
report diff "${diff_t[@]}" "${diff_m[@]}"
report check "${check_t[@]}" "${check_m[@]}"
