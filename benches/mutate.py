#!/usr/bin/env python3
"""Mutation run (issue 8): damaged returns in every format, read by the real binary.

    benches/mutate.py --xtic BIN --count N [--seed S] [--batch B] [--keep DIR] SEED...

SEED files are returns (.xlsx .xlsm .xls .xlsb .ods); benches/mutate.sh makes them from the
shipped sample. Each mutation is one of: bytes flipped; bytes overwritten with extreme
16/32-bit values (sizes and indices out of range); truncated; a range deleted or duplicated;
and for the zip formats also one part's XML damaged (cut, spliced, numbers made huge such as
r="XFD1048576"), a part dropped, or the zip's own headers broken. Each batch folder is read by
`xtic check --json --period 2030-12` (so no return is set aside) with a time limit. Counted:

- run_aborts / run_hangs / run_panics: the run itself did not end with 0, 1 or 2, hung, or
  printed a panic. The goal is 0 of each.
- read / rejected: files read, files rejected with a reason (a file-level problem).
- worker_*: files whose reader worker died (out of memory, abort, signal, time limit): each
  is one rejected file, the run goes on. panics_caught: a reader panic caught in-process.

Files whose reader died are copied to --keep (that is how tests/fixtures/hostile/ was found).
Prints one line of JSON with the counts.
"""
import argparse, io, json, os, random, re, shutil, subprocess, sys, tempfile, time, zipfile

FILE_RULES = {"file_unreadable", "file_encrypted", "file_too_large", "reader_failed",
              "no_title_row", "unit_unknown", "unit_dissolved", "unit_conflict",
              "month_unknown", "month_conflict"}
EXTREMES = [0, 1, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x00100000]
HUGE = [b"1048576", b"16384", b"4294967295", b"99999999999", b"0", b"-1", b"XFD1048576"]


def flip(b, r):
    for _ in range(1 + r.randrange(8)):
        i = r.randrange(len(b))
        b[i] ^= 1 << r.randrange(8)


def extreme(b, r):
    for _ in range(1 + r.randrange(4)):
        v = r.choice(EXTREMES)
        i = r.randrange(max(1, len(b) - 4))
        w = 2 if r.random() < 0.5 else 4
        b[i:i + w] = (v & ((1 << (8 * w)) - 1)).to_bytes(w, "little")


def splice(b, r):
    a = r.randrange(len(b))
    n = r.randrange(min(len(b) - a, 4096)) + 1
    k = r.randrange(3)
    if k == 0:
        del b[max(a, 1):]
    elif k == 1:
        del b[a:a + n]
    else:
        piece = b[a:a + n]
        at = r.randrange(len(b))
        b[at:at] = piece


def huge_numbers(data, r):
    return re.sub(rb"\d+", lambda m: r.choice(HUGE) if r.random() < 0.03 else m.group(0), data)


def damage_part(raw, r):
    try:
        zin = zipfile.ZipFile(io.BytesIO(raw))
        infos = zin.infolist()
        victim = r.randrange(len(infos))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for i, info in enumerate(infos):
                data = zin.read(info.filename)
                if i == victim:
                    k = r.randrange(5)
                    if k == 4:
                        continue  # the part is missing
                    if data:
                        d = bytearray(data)
                        if k == 0:
                            d = bytearray(huge_numbers(bytes(d), r))
                        elif k == 1:
                            splice(d, r)
                        elif k == 2:
                            flip(d, r)
                        else:
                            del d[r.randrange(len(d)):]
                        data = bytes(d)
                zout.writestr(info.filename, data)
        return bytearray(out.getvalue())
    except Exception:
        return None


def mutate(seed, zipped, r):
    b = bytearray(seed)
    k = r.randrange(7 if zipped else 4)
    if k == 0:
        flip(b, r)
    elif k == 1:
        extreme(b, r)
    elif k == 2:
        splice(b, r)
    elif k == 3:
        flip(b, r)
        extreme(b, r)
    else:
        z = damage_part(bytes(b), r)
        if z is not None:
            b = z
            if k == 6:  # and the zip's own headers broken
                extreme(b, r)
        else:
            flip(b, r)
    return bytes(b) or b"\0"


def run_batch(xtic, folder, counts, names, keep, limit):
    t0 = time.time()
    try:
        p = subprocess.run([xtic, "check", "--json", "--period", "2030-12", "--inputs", folder],
                           capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        counts["run_hangs"] += 1
        return
    counts["run_seconds_max"] = max(counts["run_seconds_max"], round(time.time() - t0, 2))
    if p.returncode not in (0, 1, 2):
        counts["run_aborts"] += 1
        print(f"run exit {p.returncode} in {folder}", file=sys.stderr)
    err = p.stderr.decode("utf-8", "replace")
    if "panicked" in err:
        counts["run_panics"] += 1
    try:
        problems = json.loads(p.stdout)
    except ValueError:
        counts["run_bad_output"] += 1
        return
    rejected = {}
    for i in problems:
        if i["rule"] in FILE_RULES:
            rejected.setdefault(i["file"], i)
    counts["files"] += len(names)
    counts["rejected"] += len(rejected)
    counts["read"] += len(names) - len(rejected)
    for f, i in rejected.items():
        m = i["message"]
        kind = None
        if i["rule"] == "reader_failed":
            kind = ("worker_oom" if "内存" in m else "worker_timeout" if "秒仍未读完" in m
                    else "worker_abort" if "异常终止" in m else "worker_other")
        elif "程序内部出错" in m:
            kind = "panics_caught"
        if kind:
            counts[kind] += 1
            if keep:
                os.makedirs(keep, exist_ok=True)
                shutil.copy(os.path.join(folder, f), os.path.join(keep, f"{kind}_{f}"))


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--xtic", required=True)
    a.add_argument("--count", type=int, default=1000)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--batch", type=int, default=1000)
    a.add_argument("--keep")
    a.add_argument("--limit", type=int, default=900, help="seconds one batch run may take")
    a.add_argument("seeds", nargs="+")
    args = a.parse_args()
    seeds = [(open(s, "rb").read(), os.path.splitext(s)[1][1:].lower()) for s in args.seeds]
    r = random.Random(args.seed)
    counts = {k: 0 for k in ["files", "read", "rejected", "run_aborts", "run_hangs", "run_panics",
                             "run_bad_output", "worker_oom", "worker_abort", "worker_timeout",
                             "worker_other", "panics_caught"]}
    counts["run_seconds_max"] = 0
    t0 = time.time()
    done = 0
    while done < args.count:
        n = min(args.batch, args.count - done)
        with tempfile.TemporaryDirectory() as folder:
            names = []
            for i in range(done, done + n):
                seed, ext = seeds[i % len(seeds)]
                name = f"m{i:06d}.{ext}"  # the header names unit and month
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(mutate(seed, ext != "xls", r))
                names.append(name)
            run_batch(args.xtic, folder, counts, names, args.keep, args.limit)
        done += n
    counts["mutations"] = args.count
    counts["seed"] = args.seed
    counts["seconds"] = round(time.time() - t0)
    print(json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
