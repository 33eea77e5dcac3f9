#!/usr/bin/env bash
# Times `ropa import sheet` of a register in the ICO template's layout
# (group headings merged above the real headings, a notes row, an example
# row, business functions merged down) with ROWS activities: the median
# and minimum wall time over RUNS runs, and the peak memory. Issue 25 asks
# that 10 000 rows stay within 2 s.
#
#   benches/sheet-import.sh BINARY [ROWS] [RUNS]
#   benches/sheet-import.sh target/release/ropa 10000 5
#
# The workbook is written by `cargo run --example sheet_register`.
set -euo pipefail

if [ $# -lt 1 ]; then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
bin=$1
rows=${2:-10000}
runs=${3:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo run --quiet --example sheet_register -- "$rows" "$scratch/register.xlsx"
times=()
peak=0
for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$scratch/time" \
        "$bin" import sheet "$scratch/register.xlsx" -o "$scratch/out" --force 2>"$scratch/stderr"
    read -r wall kb <"$scratch/time"
    times+=("$wall")
    [ "$kb" -gt "$peak" ] && peak=$kb
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
min=$(echo "$sorted" | head -1)
head -1 "$scratch/stderr"
echo "import sheet, $rows rows: median ${median} s, min ${min} s, peak $((peak / 1024)) MB over $runs runs"
