# Sourced by benches/commands.sh and benches/ratio.sh, so that both time
# the same command lines.

# heavy_command NAME BINARY MODEL SCRATCH: sets the array `cmd` to the
# command line of NAME (short, json, sarif, human, report, fmt, graph),
# or exits 2 for an unknown name.
heavy_command() {
    local name=$1 bin=$2 model=$3 scratch=$4
    case $name in
        short | json | sarif) cmd=("$bin" check "$model" --format "$name") ;;
        human) cmd=("$bin" check "$model" --format human --color never) ;;
        report) cmd=("$bin" report "$model" -o "$scratch/report.html") ;;
        fmt) cmd=("$bin" fmt --check "$model") ;;
        graph) cmd=("$bin" graph "$model" --format dot) ;;
        *) echo "unknown command: $name" >&2; exit 2 ;;
    esac
}

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
