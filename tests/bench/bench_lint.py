#!/usr/bin/env python3
"""Times `ob-migrate lint` against squawk on the same 1,000 PostgreSQL migrations.

  bench_lint.py --build DIR [--rounds 5] [--migrations 1000]

The folder is gen_folder.py's workload (10 statements a migration: a table, two indexes, a column
added to an earlier table, inserts). Each round runs both tools once, as whole processes (process
start included), in an order shuffled per round; the table shows the medians and the median of the
per-round ratios. Both find problems here (the ADD COLUMNs and indexes on earlier tables), so their
exit codes are not checked; both must print findings. squawk is tests/interop's pinned
@squawk-cli/linux-x64 (npm ci --prefix tests/interop). Not a test: no timing is asserted anywhere.
"""
import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SQUAWK = HERE.parent / "interop" / "node_modules" / "@squawk-cli" / "linux-x64" / "bin" / "squawk"


def timed(argv):
    start = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if not r.stdout.strip():
        sys.exit(f"{argv[0]} printed nothing (exit {r.returncode}): {r.stderr[:500]}")
    return elapsed, r.stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--migrations", type=int, default=1000)
    a = p.parse_args()
    ob = Path(a.build).resolve() / "src" / "cli" / "ob-migrate"
    for exe in (ob, SQUAWK):
        if not exe.exists():
            sys.exit(f"missing {exe}")
    work = Path(tempfile.mkdtemp(prefix="ob-migrate-bench-lint-"))
    folder = work / "pg"
    subprocess.run([sys.executable, HERE / "workloads" / "gen_folder.py", "--dialect", "postgresql", "--migrations",
                    str(a.migrations), "--out", folder], check=True, stdout=subprocess.DEVNULL)
    files = sorted(str(f) for f in folder.glob("*.sql"))
    contenders = {
        "ob-migrate lint": [str(ob), "--dir", str(folder), "lint"],
        "squawk": [str(SQUAWK), "--reporter", "gcc", "--pg-version", "15", *files],
    }
    times = {name: [] for name in contenders}
    findings = {}
    for _ in range(a.rounds):
        order = list(contenders)
        random.shuffle(order)
        for name in order:
            elapsed, out = timed(contenders[name])
            times[name].append(elapsed)
            findings[name] = len([l for l in out.splitlines() if l.strip()])
    ratios = [s / o for o, s in zip(times["ob-migrate lint"], times["squawk"])]
    print(f"lint {a.migrations} PostgreSQL migrations ({a.migrations * 10} statements), {a.rounds} rounds")
    print(f"| tool | median | output lines |")
    print(f"|---|---|---|")
    for name in contenders:
        print(f"| {name} | {statistics.median(times[name]) * 1000:.0f} ms | {findings[name]} |")
    print(f"squawk / ob-migrate lint: {statistics.median(ratios):.1f}x (median of per-round ratios)")


if __name__ == "__main__":
    main()
