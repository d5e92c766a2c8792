# grow_return.py SRC DST ROWS [STRAY_ROW]: a return with ROWS data rows in 表1 and in 表2
# (copies of the source's rows, renamed), and optionally one stray cell at STRAY_ROW in
# column B. Used by benches/hostile.sh for the row-count cases; needs openpyxl.
import sys, openpyxl, copy
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
stray = int(sys.argv[4]) if len(sys.argv) > 4 else None
wb = openpyxl.load_workbook(src)
for ws in wb.worksheets[:2]:
    # find the title row (contains 综合体名称) and data rows until a 合计/footer
    title = next(r for r in range(1, 16) if any(c.value and '名称' in str(c.value) for c in ws[r]))
    first = title + 1
    while ws.cell(first, 2).value is None or str(ws.cell(first, 1).value or '').strip() in ('', ) and ws.cell(first,2).value is None:
        first += 1
    rows = []
    r = first
    while True:
        v = ws.cell(r, 2).value
        a = str(ws.cell(r, 1).value or '')
        if v is None or '合计' in a or '合计' in str(v): break
        rows.append([c.value for c in ws[r]]); r += 1
    # drop everything below the data (total row, footer) to keep it simple
    ws.delete_rows(first, ws.max_row)
    idcol = None
    for c in ws[title]:
        if c.value and '编号' in str(c.value): idcol = c.column - 1
    for i in range(n):
        base = list(rows[i % len(rows)])
        base[0] = i + 1
        base[1] = f"{base[1]}-{i}" if i >= len(rows) else base[1]
        if idcol is not None and base[idcol]:
            base[idcol] = f"{base[idcol]}-{i}"
        ws.append(base)
    if stray:
        ws.cell(stray, 2, "x")
wb.save(dst)
