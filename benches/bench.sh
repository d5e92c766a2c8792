#!/usr/bin/env bash
# Speed and memory of `xtic report`, measured outside the test suite.
#
#   benches/bench.sh            # the shipped sample (720 returns) and a 100-unit synthetic set
#
# Prints wall time (best of 3) and peak memory (max RSS) for each. Needs a release build;
# uses /usr/bin/time if present for memory.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/xtic"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {
    local name=$1; shift
    local best=999999
    for _ in 1 2 3; do
        local t0 t1
        t0=$(date +%s%N)
        "$bin" report --quiet "$@" --outputs "$work/out" >/dev/null || true
        t1=$(date +%s%N)
        local ms=$(( (t1 - t0) / 1000000 ))
        (( ms < best )) && best=$ms
    done
    local rss="n/a"
    if [ -x /usr/bin/time ]; then
        rss=$( { /usr/bin/time -f "%M" "$bin" report --quiet "$@" --outputs "$work/out" >/dev/null; } 2>&1 | tail -1 )" KB"
    fi
    printf '%-32s best of 3: %6d ms   max RSS: %s\n' "$name" "$best" "$rss"
}

measure "shipped sample (720 returns)" --inputs inputs
"$bin" sample --units 100 --months 36 --out "$work/big" >/dev/null
measure "100 units x 36 months" --inputs "$work/big" --plan "$work/big/plan.toml"
