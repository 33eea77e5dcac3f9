#!/usr/bin/env bash
# How many times slower than `check --format short` each heavy command is
# on one model: the two are run alternately (short, command, short, ...),
# so that the machine's drift hits both, and the median of the per-pair
# ratios is printed beside both medians.
#
#   benches/ratio.sh BINARY MODEL RUNS [COMMAND...]
#
# COMMAND is json, sarif, human, report, fmt or graph (default: all).
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
bin=$1
model=$2
runs=$3
shift 3
commands=("$@")
[ ${#commands[@]} -eq 0 ] && commands=(json sarif human report fmt graph)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# shellcheck source=benches/heavy-commands.sh
. "$(dirname "$0")/heavy-commands.sh"

wall() {
    /usr/bin/time -f "%e" -o "$scratch/t" "$@" >/dev/null 2>"$scratch/err" || true
    tail -1 "$scratch/t"
}

for c in "${commands[@]}"; do
    heavy_command "$c" "$bin" "$model" "$scratch"
    : >"$scratch/pairs"
    for _ in $(seq "$runs"); do
        s=$(wall "$bin" check "$model" --format short)
        x=$(wall "${cmd[@]}")
        echo "$s $x" >>"$scratch/pairs"
    done
    printf '%-7s %5.2fx short  (median %5.2f s against %5.2f s, %d pairs)\n' "$c" \
        "$(awk '{print $2 / $1}' "$scratch/pairs" | median)" \
        "$(awk '{print $2}' "$scratch/pairs" | median)" \
        "$(awk '{print $1}' "$scratch/pairs" | median)" "$runs"
done
