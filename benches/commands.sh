#!/usr/bin/env bash
# Times every heavy command of one `ropa` binary on one model and prints,
# per command, the median and minimum wall time and the peak memory over
# RUNS runs (/usr/bin/time; output to /dev/null). Issue 14's table in
# docs/performance.md was made with it.
#
#   benches/commands.sh BINARY MODEL RUNS [COMMAND...]
#   benches/commands.sh target/release/ropa /tmp/dense 5 short json human
#
# COMMAND is short, json, sarif, human, report, fmt or graph (default: all).
# Models: `python3 ../shared/bench/gen.py /tmp/dense 100000` (dense) and
# `cargo run --release --example generate -- 100000 /tmp/clean` (clean).
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
bin=$1
model=$2
runs=$3
shift 3
commands=("$@")
[ ${#commands[@]} -eq 0 ] && commands=(short json sarif human report fmt graph)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# shellcheck source=benches/heavy-commands.sh
. "$(dirname "$0")/heavy-commands.sh"

time_it() {
    local name=$1
    shift
    local times=() peak=0
    for _ in $(seq "$runs"); do
        # Exit 1 (findings) is a normal outcome here.
        /usr/bin/time -f "%e %M" -o "$scratch/t" "$@" >/dev/null 2>"$scratch/err" || true
        read -r t m < <(tail -1 "$scratch/t")
        times+=("$t")
        [ "$m" -gt "$peak" ] && peak=$m
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '%-10s median %6.2f s  min %6.2f s  peak %5d MB  (%d runs)\n' "$name" \
        "$(echo "$sorted" | median)" \
        "$(echo "$sorted" | head -1)" $((peak / 1024)) "$runs"
}

for c in "${commands[@]}"; do
    heavy_command "$c" "$bin" "$model" "$scratch"
    time_it "$c" "${cmd[@]}"
done
