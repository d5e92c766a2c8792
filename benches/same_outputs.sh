#!/usr/bin/env bash
# Outputs of two xtic binaries, byte for byte: every file `xtic report` writes (workbook,
# summary.json, charts, 通报, 退回 workbooks) and `xtic check --json`, on the shipped
# sample and on every fixture folder. Exits 1 at the first difference.
#
#   benches/same_outputs.sh OLD_XTIC NEW_XTIC [DIR...]
#
# Used for issue 11 (speed work must not change a byte): OLD built from the commit
# before, NEW from the working tree.
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
    dirs=(inputs)
    for d in tests/fixtures/*/; do dirs+=("${d%/}"); done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for d in "${dirs[@]}"; do
    plan=()
    [ -f "$d/plan.toml" ] && plan=(--plan "$d/plan.toml")
    for who in old new; do
        bin=${!who}
        "$bin" report --quiet --inputs "$d" "${plan[@]}" --outputs "$work/$who" >/dev/null 2>&1
        echo "exit $?" >"$work/$who.exit"
        "$bin" check --json --inputs "$d" "${plan[@]}" >"$work/$who.check.json" 2>/dev/null
        echo "exit $?" >>"$work/$who.exit"
    done
    if diff -r --exclude=.xtic.lock "$work/old" "$work/new" >/dev/null &&
        cmp -s "$work/old.check.json" "$work/new.check.json" &&
        cmp -s "$work/old.exit" "$work/new.exit"; then
        printf 'same       %s (%s files)\n' "$d" "$(find "$work/new" -type f | wc -l)"
    else
        printf 'DIFFERENT  %s\n' "$d"
        diff -rq --exclude=.xtic.lock "$work/old" "$work/new"
        cmp "$work/old.check.json" "$work/new.check.json"
        status=1
    fi
    rm -rf "$work/old" "$work/new"
done
exit $status
