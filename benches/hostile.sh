#!/usr/bin/env bash
# Time and memory of `xtic report` over the shipped sample plus ONE hostile item each
# (issue 8): every run must finish in under 30 s with under 1 GB (max RSS of any one
# process: the run or a reader worker), with the exit code the rules give.
#
#   benches/hostile.sh              # the hostile cases, then the row-count cases
#   OLD=/path/to/old/xtic benches/hostile.sh   # also time the row-count cases with OLD
#
# Needs a release build (made here), /usr/bin/time, python3, mkfifo, setpriv and
# unshare (util-linux; run as root for the full-disk case). Also measures the cost of
# reading in worker processes against reading in-process (XTIC_READ_IN_PROCESS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/xtic"
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
ret="inputs/2022/06/信都区_2022-06.xlsx"

# a fresh copy of the shipped sample
sample() { rm -rf "$work/in"; cp -r inputs "$work/in"; }

# runs xtic, prints: name, exit code, seconds, max RSS (MB), verdict
measure() {
    local name=$1 want=$2; shift 2
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" && code=0 || code=$?
    read -r secs kb < <(tail -1 "$work/time")
    local mb=$((kb / 1024)) verdict=ok
    [ "$code" = "$want" ] || verdict="FAIL(exit $code, want $want)"
    awk -v s="$secs" 'BEGIN { exit !(s < 30) }' || verdict="FAIL(time)"
    [ "$mb" -lt 1000 ] || verdict="FAIL(memory)"
    printf '%-44s exit %s  %6.2f s  %5d MB  %s\n' "$name" "$code" "$secs" "$mb" "$verdict"
}
report() { measure "$1" "$2" "$bin" report --quiet --inputs "$work/in" --outputs "$work/out"; }

py_stray() { # py_stray SRC DST ROW: one more cell, at row ROW of sheet1
    python3 - "$@" <<'EOF'
import sys, zipfile
src, dst, row = sys.argv[1], sys.argv[2], int(sys.argv[3])
zin, zout = zipfile.ZipFile(src), zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    data = zin.read(i.filename)
    if i.filename == "xl/worksheets/sheet1.xml":
        cell = f'<row r="{row}"><c r="B{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        data = data.replace(b"</sheetData>", cell.encode())
    zout.writestr(i, data)
zout.close()
EOF
}

py_bomb() { # a 1 MB zip whose one cell inflates to 1 GiB
    python3 - "$1" <<'EOF'
import sys, zipfile, zlib
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(b"<sst><si><t>")
        chunk = b"a" * (1 << 24)
        for _ in range(64):
            f.write(chunk)
        f.write(b"</t></si></sst>")
EOF
}

echo "== the shipped sample plus one hostile item (each must: < 30 s, < 1 GB)"
sample; report "clean sample" 0
sample; mkfifo "$work/in/y.xlsx"; report "FIFO named y.xlsx" 0
sample; ln -s .. "$work/in/2022/loop"; report "symlink loop (2022/loop -> ..)" 0
sample; ln -s /dev/zero "$work/in/x.xlsx"; report "symlink to /dev/zero named x.xlsx" 0
sample; py_stray "$ret" "$work/in/2022/06/信都区_2022-06.xlsx" 1048576; report "stray cell at row 1,048,576" 0
sample; py_bomb "$work/in/bomb.xlsx"; report "1 MB zip bomb holding a 1 GiB cell" 1
sample; head -c 9000 "$ret" > "$work/in/truncated.xlsx"; report "truncated return" 1
sample; cp tests/fixtures/hostile/alloc_abort.xls "$work/in/清河县_2022-06.xls"; report ".xls that makes calamine abort" 1
sample; mkdir "$work/in/locked"; cp "$ret" "$work/in/locked/"; chmod 000 "$work/in/locked"
measure "unreadable sub-folder (no DAC override)" 1 setpriv \
    --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search \
    "$bin" report --quiet --inputs "$work/in" --outputs "$work/out"
chmod 755 "$work/in/locked"
sample; mkdir -p "$work/disk"
measure "full disk (512 KB tmpfs)" 2 unshare -m sh -c \
    "mount -t tmpfs -o size=512k tmpfs '$work/disk' && '$bin' report --quiet --inputs '$work/in' --outputs '$work/disk'"

echo "== rows and stray cells: time should grow linearly with the rows"
sample >/dev/null
rows() { # rows N: a return of N complexes (表1 and 表2 rows), built by `xtic sample`
    rm -rf "$work/rows"; "$bin" sample --units 1 --months 1 --complexes "$1" --out "$work/rows" >/dev/null
}
grown() { # grown N: the 999-complex return grown to N rows in each table (openpyxl)
    rows 999
    f=$(find "$work/rows" -name '*.xlsx')
    python3 benches/grow_return.py "$f" "$work/grown.xlsx" "$1" && mv "$work/grown.xlsx" "$f"
}
python3 -c 'import openpyxl' 2>/dev/null || echo "(pip install openpyxl for the 1,000/5,000-row cases)"
for b in "$bin" ${OLD:-}; do
    if python3 -c 'import openpyxl' 2>/dev/null; then
        for n in 1000 5000; do
            grown "$n"
            measure "$(basename "$(dirname "$(dirname "$b")")"): $n rows" 0 \
                timeout 120 "$b" check --quiet --inputs "$work/rows" --plan "$work/rows/plan.toml"
        done
    fi
    for r in 100000 1048576; do
        rows 50
        f=$(find "$work/rows" -name '*.xlsx'); py_stray "$f" "$work/stray.xlsx" "$r"; mv "$work/stray.xlsx" "$f"
        measure "$(basename "$(dirname "$(dirname "$b")")"): stray cell at row $r" 0 \
            timeout 120 "$b" check --quiet --inputs "$work/rows" --plan "$work/rows/plan.toml"
    done
done

echo "== reading in worker processes against in-process (ratio, best of 5 each, interleaved)"
"$bin" sample --units 100 --months 36 --out "$work/big" >/dev/null
best() { # best INPUTS PLAN MODE -> ms
    local best=999999
    for _ in 1 2 3 4 5; do
        local t0 t1
        t0=$(date +%s%N)
        env $3 "$bin" check --quiet --inputs "$1" ${2:+--plan "$2"} >/dev/null || true
        t1=$(date +%s%N)
        local ms=$(( (t1 - t0) / 1000000 )); (( ms < best )) && best=$ms
    done
    echo "$best"
}
for set in "inputs:" "$work/big:$work/big/plan.toml"; do
    dir=${set%%:*}; plan=${set#*:}
    w=$(best "$dir" "$plan" "XTIC_READ_IN_PROCESS=0")
    p=$(best "$dir" "$plan" "XTIC_READ_IN_PROCESS=1")
    awk -v w="$w" -v p="$p" -v d="$dir" 'BEGIN { printf "%-44s workers %6d ms  in-process %6d ms  ratio %.2f\n", d, w, p, w / p }'
done
