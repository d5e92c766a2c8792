#!/usr/bin/env python3
"""Seeds the fuzz corpora from real files (docs/fuzzing.md), outside the repository.

    python3 fuzz/seed-corpora.py [CORPUS_DIR]    # default /var/tmp/xtic-corpus

workbook: returns from inputs/ (two months and a random 40), every workbook under
tests/fixtures/ and the odd workbooks in ../shared/fixtures/odd-workbooks (read from
there, never copied into the repository). cells: cell texts and numbers of those
returns (needs openpyxl), with the kind byte the cells target expects. header: their
first eight rows, tab-separated. plan: plans/builtin.toml and a 2023-2027 variant.
"""
import datetime
import glob
import hashlib
import os
import random
import struct
import sys
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODD = os.path.join(ROOT, "..", "shared", "fixtures", "odd-workbooks")
if not os.path.isdir(ODD):
    ODD = "/work/shared/fixtures/odd-workbooks"
OUT = sys.argv[1] if len(sys.argv) > 1 else "/var/tmp/xtic-corpus"
BOOKS = ("xlsx", "xlsm", "xls", "xlsb", "ods")


def put(target, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def workbooks():
    random.seed(1)
    inputs = sorted(glob.glob(os.path.join(ROOT, "inputs/**/*.*"), recursive=True))
    picked = [f for f in inputs if "/2022/12/" in f or "/2021/06/" in f]
    picked += random.sample(inputs, 40)
    picked += glob.glob(os.path.join(ROOT, "tests/fixtures/**/*"), recursive=True)
    picked += glob.glob(os.path.join(ODD, "*"))
    return [f for f in picked if os.path.isfile(f) and f.rsplit(".", 1)[-1].lower() in BOOKS]


def cells_and_headers(files):
    warnings.filterwarnings("ignore")
    import openpyxl

    def text(v):
        if isinstance(v, datetime.datetime):
            return v.strftime("%Y-%m-%d")
        return "" if v is None else str(v)

    for f in files:
        try:
            book = openpyxl.load_workbook(f, read_only=True, data_only=True)
        except Exception:
            continue
        for sheet in book.worksheets:
            head = []
            # Bounded: some odd workbooks claim a million rows (issue_174.xlsx).
            for i, row in enumerate(sheet.iter_rows(max_row=400, max_col=40, values_only=True)):
                if i < 8:
                    head.append("\t".join(text(v) for v in row[:12]).rstrip("\t"))
                for v in row:
                    if isinstance(v, str):
                        put("cells", b"6" + v.encode())  # kind 6: a text cell
                    elif isinstance(v, (int, float)) and not isinstance(v, bool):
                        put("cells", b"\x00" + struct.pack("<d", float(v)))
            put("header", "\n".join(head).encode())


def main():
    files = workbooks()
    for f in files:
        with open(f, "rb") as fh:
            put("workbook", fh.read())
    cells_and_headers([f for f in files if f.endswith(".xlsx")])
    for n in (202105.0, 2021.1, 2021.5, 2021.12, 20220705.0, 44300.0):
        put("cells", b"\x00" + struct.pack("<d", n))
    with open(os.path.join(ROOT, "plans/builtin.toml"), "rb") as fh:
        plan = fh.read()
    put("plan", plan)
    put("plan", plan.replace(b"years = [2020, 2021, 2022]", b"years = [2023, 2024, 2025, 2026, 2027]"))
    for target in ("workbook", "cells", "header", "plan"):
        print(target, len(os.listdir(os.path.join(OUT, target))))


main()
