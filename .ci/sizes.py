#!/usr/bin/env python3
"""Lists Rust files over 600 lines and functions over 80 lines outside tests (STYLE.md,
issue 10). A report for review, not a gate: it always exits 0.

    python3 .ci/sizes.py [DIR ...]        # default: src fuzz

A function runs from its `fn` line to the line where its braces close; `#[cfg(test)]`
modules, files named tests.rs and functions marked `#[test]` are skipped.
"""
import os
import re
import sys

MAX_FILE, MAX_FN = 600, 80
FN = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+|async\s+|unsafe\s+)*fn\s+(\w+)")


def functions(lines):
    """(name, first line, length) of each function outside test code."""
    i, skip_to = 0, -1
    while i < len(lines):
        line = lines[i]
        if i > skip_to and re.match(r"\s*#\[cfg\(test\)\]", line):
            skip_to = block_end(lines, i + 1)
        m = FN.match(line)
        if m and i > skip_to:
            test = i > 0 and "#[test]" in lines[i - 1]
            end = block_end(lines, i)
            if not test:
                yield m.group(1), i + 1, end - i + 1
        i += 1


def block_end(lines, start):
    """Index of the line closing the first brace block opened at or after `start`."""
    depth, opened = 0, False
    for j in range(start, len(lines)):
        code = re.sub(r'"(?:\\.|[^"\\])*"|//.*', "", lines[j])
        for ch in code:
            if ch == "{":
                depth, opened = depth + 1, True
            elif ch == "}":
                depth -= 1
        if opened and depth <= 0:
            return j
        if not opened and code.rstrip().endswith(";"):
            return j
    return len(lines) - 1


def main():
    roots = sys.argv[1:] or ["src", "fuzz"]
    big_files, long_fns = [], []
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("target", "corpus", "artifacts")]
            for f in sorted(files):
                if not f.endswith(".rs"):
                    continue
                path = os.path.join(dirpath, f)
                lines = open(path, encoding="utf-8").read().splitlines()
                if f != "tests.rs" and len(lines) > MAX_FILE:
                    big_files.append((len(lines), path))
                if f == "tests.rs":
                    continue
                for name, at, n in functions(lines):
                    if n > MAX_FN:
                        long_fns.append((n, f"{path}:{at}", name))
    print(f"files over {MAX_FILE} lines: {len(big_files)}")
    for n, path in sorted(big_files, reverse=True):
        print(f"  {n:5} {path}")
    print(f"functions over {MAX_FN} lines (outside tests): {len(long_fns)}")
    for n, at, name in sorted(long_fns, reverse=True):
        print(f"  {n:5} {at} {name}")


main()
