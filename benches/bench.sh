#!/usr/bin/env bash
# Speed and memory of `xtic report` against the floor reader (examples/floor.rs: every
# workbook opened with calamine, every cell of every sheet touched, a thread per core),
# side by side on the same folder, run after run.
#
#   benches/bench.sh                 # 3 rounds on the shipped sample and 20,400 returns
#   ROUNDS=5 benches/bench.sh
#   SETS=sample benches/bench.sh     # the shipped sample only (sample, big, or both)
#   XTIC=/path/to/xtic benches/bench.sh   # time another xtic binary against the floor
#
# The 20,400 returns are `xtic sample --units 170 --months 120`, written once into
# $BENCH_DATA (default /var/tmp/xtic-bench). Each round runs the floor, then xtic; the
# figures printed are medians over the rounds: wall time of each, their ratio (the
# median of each round's ratio), the largest max RSS of any one xtic process
# (/usr/bin/time; the run, or a reader worker), and xtic's stages from its `-v` log.
# Needs a release build (made here) and /usr/bin/time. On a shared machine, compare
# ratios, not milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
ROUNDS=${ROUNDS:-3}
SETS=${SETS:-both}
BENCH_DATA=${BENCH_DATA:-/var/tmp/xtic-bench}
# apart: an example is built with the dev-dependencies' features, the binary without
cargo build --release --quiet --bin xtic
cargo build --release --quiet --example floor
bin=${XTIC:-$CARGO_TARGET_DIR/release/xtic}
floor="$CARGO_TARGET_DIR/release/examples/floor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# the ms= figure of a `-v` log line
stage() { { grep -F " $1 ms=" "$2" || true; } | sed -n 's/.*ms=\([0-9]*\).*/\1/p' | tail -1; }

# one set: name, then the arguments to `xtic report`
measure() {
    local name=$1 dir=$2; shift 2
    : >"$work/floor" ; : >"$work/xtic" ; : >"$work/ratio" ; : >"$work/rss"
    for s in read select figures workbook charts bulletin rest; do : >"$work/s.$s"; done
    for _ in $(seq "$ROUNDS"); do
        local t0 t1 f x
        t0=$(now_ms); "$floor" "$dir" >/dev/null; t1=$(now_ms)
        f=$((t1 - t0)); echo "$f" >>"$work/floor"
        rm -rf "$work/out"
        t0=$(now_ms)
        /usr/bin/time -f "%M" -o "$work/time" "$bin" -v report --quiet --inputs "$dir" "$@" \
            --outputs "$work/out" >/dev/null 2>"$work/log" || true
        t1=$(now_ms)
        x=$((t1 - t0)); echo "$x" >>"$work/xtic"
        awk -v x="$x" -v f="$f" 'BEGIN {printf "%.3f\n", x / f}' >>"$work/ratio"
        tail -1 "$work/time" >>"$work/rss"
        local read checked figures workbook charts bulletin published
        read=$(stage "returns read" "$work/log")
        checked=$(stage "returns read and checked" "$work/log")
        figures=$(stage "figures computed" "$work/log")
        workbook=$(stage "workbook written" "$work/log")
        charts=$(stage "charts drawn" "$work/log")
        bulletin=$(stage "通报 written" "$work/log")
        published=$(stage "outputs published" "$work/log")
        echo "${read:-0}" >>"$work/s.read"
        echo $(( ${checked:-0} - ${read:-0} )) >>"$work/s.select"
        echo $(( ${figures:-0} - ${checked:-0} )) >>"$work/s.figures"
        echo "${workbook:-0}" >>"$work/s.workbook"
        # the outputs are built side by side: each is the time it was ready, counted
        # from the start of writing; "writing" is the whole of it, publishing included
        echo "${charts:-0}" >>"$work/s.charts"
        echo "${bulletin:-0}" >>"$work/s.bulletin"
        echo $(( ${published:-0} - ${figures:-0} )) >>"$work/s.rest"
    done
    local files
    files=$("$floor" "$dir" | sed -n 's/.*files=\([0-9]*\).*/\1/p')
    printf '%s (%s workbooks), median of %s rounds\n' "$name" "$files" "$ROUNDS"
    printf '  floor %6s ms   xtic %6s ms   ratio %s   xtic max RSS %s KB\n' \
        "$(median <"$work/floor")" "$(median <"$work/xtic")" "$(median <"$work/ratio")" \
        "$(sort -n "$work/rss" | tail -1)"
    printf '  xtic stages (ms): read %s, select %s, figures %s; writing (side by side, ready at): workbook %s, charts %s, 通报 %s; writing and publishing in all %s\n' \
        "$(median <"$work/s.read")" "$(median <"$work/s.select")" "$(median <"$work/s.figures")" \
        "$(median <"$work/s.workbook")" "$(median <"$work/s.charts")" \
        "$(median <"$work/s.bulletin")" "$(median <"$work/s.rest")"
}

if [ "$SETS" = sample ] || [ "$SETS" = both ]; then
    measure "shipped sample" inputs
fi
if [ "$SETS" = big ] || [ "$SETS" = both ]; then
    big="$BENCH_DATA/units170-months120"
    if [ ! -f "$big/plan.toml" ]; then
        rm -rf "$big"
        "$bin" sample --units 170 --months 120 --out "$big" >/dev/null
    fi
    measure "xtic sample --units 170 --months 120" "$big" --plan "$big/plan.toml"
fi
