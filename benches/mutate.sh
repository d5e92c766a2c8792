#!/usr/bin/env bash
# The 100,000-mutation goal of issue 8: mutated returns in every format, read by the
# release binary, counting aborts, hangs and panics of the run (must be 0) and what
# became of each file (read, rejected, reader worker died and the file rejected).
#
#   benches/mutate.sh                   # 100,000 mutations in runs of 10,000 (nice -n 10)
#   COUNT=2000 PER_RUN=1000 benches/mutate.sh
#
# Seeds: 20 returns of the shipped sample as .xlsx, the same as .xlsm, and converted by
# LibreOffice to .xls and .ods (cached in $SEEDS); .xlsb from calamine's odd workbooks in
# ../shared/fixtures (no xlsb writer exists here; those are workbooks, not returns).
# Files whose reader died are kept in $SEEDS/kept. Needs python3 and soffice.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
COUNT=${COUNT:-100000}
PER_RUN=${PER_RUN:-10000}
SEEDS=${SEEDS:-/var/tmp/xtic-mutate-seeds}
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/xtic"

mkdir -p "$SEEDS/xlsx" "$SEEDS/xlsm" "$SEEDS/xls" "$SEEDS/ods" "$SEEDS/xlsb"
if [ -z "$(ls "$SEEDS/xlsx")" ]; then
    i=0
    find inputs -name '*.xlsx' | sort | awk 'NR % 36 == 1' | head -20 | while read -r f; do
        i=$((i + 1)); cp "$f" "$SEEDS/xlsx/s$i.xlsx"; cp "$f" "$SEEDS/xlsm/s$i.xlsm"
    done
fi
if [ -z "$(ls "$SEEDS/xls")" ]; then
    soffice --headless --convert-to xls --outdir "$SEEDS/xls" "$SEEDS"/xlsx/*.xlsx >/dev/null 2>&1
    soffice --headless --convert-to ods --outdir "$SEEDS/ods" "$SEEDS"/xlsx/*.xlsx >/dev/null 2>&1
fi
ODD=${ODD:-../shared/fixtures/odd-workbooks}
[ -d "$ODD" ] || ODD=/work/shared/fixtures/odd-workbooks
cp "$ODD"/*.xlsb "$SEEDS/xlsb/" 2>/dev/null || echo "no .xlsb seeds: $ODD not found"
shopt -s nullglob
seeds=("$SEEDS"/xlsx/* "$SEEDS"/xlsm/* "$SEEDS"/xls/* "$SEEDS"/ods/* "$SEEDS"/xlsb/*)
echo "seeds: ${#seeds[@]} files"

results="$SEEDS/results.jsonl"
: > "$results"
done_=0
run=1
while [ "$done_" -lt "$COUNT" ]; do
    n=$(( COUNT - done_ < PER_RUN ? COUNT - done_ : PER_RUN ))
    nice -n 10 python3 benches/mutate.py --xtic "$bin" --count "$n" --seed "$run" \
        --keep "$SEEDS/kept" "${seeds[@]}" | tee -a "$results"
    done_=$((done_ + n)); run=$((run + 1))
done
python3 - "$results" <<'EOF'
import json, sys
total = {}
for line in open(sys.argv[1]):
    for k, v in json.loads(line).items():
        if k == "run_seconds_max":
            total[k] = max(total.get(k, 0), v)
        elif k != "seed":
            total[k] = total.get(k, 0) + v
print("TOTAL", json.dumps(total, ensure_ascii=False))
EOF
