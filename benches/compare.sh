#!/usr/bin/env bash
# Times `ropa check` binaries against each other on one model, interleaved
# (A B A B ...) so that the machine's drift hits every binary alike, and
# prints minimum, median and maximum wall time, mean CPU and peak memory.
#
#   benches/compare.sh RUNS MODEL BINARY...
#   benches/compare.sh 9 /tmp/model /tmp/ropa-before target/release/ropa
#
# Make the model with `cargo run --release --example generate -- 100000 /tmp/model`.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
runs=$1
model=$2
shift 2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for _ in $(seq "$runs"); do
    i=0
    for bin in "$@"; do
        /usr/bin/time -f "%e %U %S %M" -a -o "$out/$i" \
            "$bin" check "$model" --format short > /dev/null || true
        i=$((i + 1))
    done
done

i=0
for bin in "$@"; do
    sort -n "$out/$i" | awk -v name="$bin" '
        { wall[NR] = $1; user += $2; sys += $3; if ($4 > rss) rss = $4 }
        END {
            printf "%-32s wall min %.2f s, median %.2f s, max %.2f s; CPU user %.2f s, system %.2f s; peak %d MB\n",
                name, wall[1], wall[int((NR + 1) / 2)], wall[NR], user / NR, sys / NR, rss / 1024
        }'
    i=$((i + 1))
done
