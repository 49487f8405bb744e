#!/usr/bin/env python3
"""Runs ob::migrate, drizzle-orm / drizzle-kit and the raw floor side by side and prints ONE table.

  run_bench.py --build DIR [--rounds 5] [--migrations 1000] [--only boot,apply,generate,fresh,memory] [--json FILE]

Every round runs every contender once, in an order shuffled per round, so a noisy, shared machine
slows them alike; the table shows medians over rounds and the median of the per-round ratios.
Needs DIR/src/cli/ob-migrate and DIR/tests/bench/bench_migrate (Release), node with
tests/interop/node_modules (npm ci --prefix tests/interop), sqlite3, and for PostgreSQL rows psql
plus OB_MIGRATE_TEST_PG_URL. `.ci/bench` sets all of that up.

What is timed: ob-migrate, the sqlite3 shell and psql as whole processes (wall time, process start
included); drizzle-orm's migrate() inside its node process (node start and module loading
excluded); ob::migrate in process through bench_migrate (Google Benchmark, or its probe-* modes
that time one fresh process the way the drizzle scripts do).
"""
import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench_tools import PgServer, Table, gbench_ms, log, run, run_json, run_rss

HERE = Path(__file__).resolve().parent
DRIZZLE = HERE / "drizzle"
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = Path(args.build).resolve()
        self.ob_migrate = self.build / "src" / "cli" / "ob-migrate"
        self.bench = self.build / "tests" / "bench" / "bench_migrate"
        for exe in (self.ob_migrate, self.bench):
            if not exe.exists():
                sys.exit(f"missing {exe}: build the Release tree first (.ci/bench does)")
        self.tmp = Path(tempfile.mkdtemp(prefix="ob-migrate-bench-"))
        self.work = self.tmp / "workloads"
        self.env = dict(os.environ, OB_BENCH_WORKLOADS=str(self.work))
        url = os.environ.get("OB_MIGRATE_TEST_PG_URL")
        self.pg = PgServer(url) if url else None
        if not self.pg:
            log("note: OB_MIGRATE_TEST_PG_URL is not set: PostgreSQL rows are left out")
        self.table = Table()
        self.dialects = ["sqlite"] + (["postgresql"] if self.pg else [])

    # ---- helpers ------------------------------------------------------------------------------
    def folder(self, dialect, n, no_alter=False):
        """The gen_folder.py workload, generated once per run."""
        out = self.work / f"{dialect}-{n}{'-noalter' if no_alter else ''}"
        if not (out / "meta" / "_journal.json").exists():
            run([sys.executable, HERE / "workloads" / "gen_folder.py", "--dialect", dialect, "--migrations", n,
                 "--out", out] + (["--no-alter"] if no_alter else []))
        return out

    @staticmethod
    def floor_scripts(folder):
        """The folder's statements as one script in one transaction, and with one transaction per file.
        `--> statement-breakpoint` lines are SQL comments, so the files are used as they are."""
        journal = json.loads((folder / "meta" / "_journal.json").read_text())
        files = [(folder / f"{e['tag']}.sql").read_text() for e in journal["entries"]]
        one = folder.parent / f"{folder.name}.one-tx.sql"
        per = folder.parent / f"{folder.name}.tx-per-file.sql"
        if not one.exists():
            one.write_text("BEGIN;\n" + "\n".join(files) + "\nCOMMIT;\n")
            per.write_text("".join(f"BEGIN;\n{f}\nCOMMIT;\n" for f in files))
        return one, per

    def node(self, script, *args):
        return run_json(["node", DRIZZLE / script, *args])

    def target(self, dialect):
        """A fresh, empty database: a SQLite file path or a PostgreSQL URL."""
        if dialect == "sqlite":
            self._n = getattr(self, "_n", 0) + 1
            return str(self.tmp / f"db-{self._n}.sqlite")
        return self.pg.fresh()

    def cli(self, dialect, url, folder, *extra):
        return [self.ob_migrate, "--db-type", dialect, "--url", url, "--dir", folder, "migrate", *extra]

    def gbench(self, regex):
        """Medians (ms) of bench_migrate's Google Benchmark runs matching regex, by run name."""
        _, out = run([self.bench, f"--benchmark_filter={regex}", "--benchmark_repetitions=3",
                      "--benchmark_min_time=0.2", "--benchmark_format=json",
                      "--benchmark_report_aggregates_only=true"], env=self.env, capture=True)
        return {b["run_name"]: gbench_ms(b) for b in json.loads(out)["benchmarks"]
                if b.get("aggregate_name") == "median" and not b.get("error_occurred")}

    def rounds(self, title, steps):
        """Runs every step (name -> callable) once per round, in an order shuffled per round."""
        rng = random.Random(title)
        for r in range(self.args.rounds):
            order = list(steps.items())
            rng.shuffle(order)
            for _, step in order:
                step()
            log(f"  {title}: round {r + 1}/{self.args.rounds}")

    # ---- workloads ----------------------------------------------------------------------------
    def boot(self):
        t = self.table
        for d in self.dialects:
            log(f"no-op boot, 200 applied, {d}")
            folder = self.folder(d, 200)
            ob_db, dz_db = self.target(d), self.target(d)
            run(self.cli(d, ob_db, folder))
            self.node("apply.mjs", d, dz_db, folder)

            def ob_probe():  # warm calls interleaved with the floor's query in the same process
                r = run_json([self.bench, "probe-boot", d, ob_db, folder, 200])
                t.record(f"boot-first-{d}-ob", r["first_ms"])
                t.record(f"boot-warm-{d}-ob", r["warm_ms"])
                t.record(f"boot-warm-{d}-floor", r["floor_warm_ms"])
                if d == "postgresql":
                    t.record("pg-round-trip", r["select1_ms"])

            def dz_probe():
                r = self.node("boot.mjs", d, dz_db, folder, 30)
                t.record(f"boot-first-{d}-drizzle", r["first_ms"])
                t.record(f"boot-warm-{d}-drizzle", r["warm_ms"])

            def ob_embedded_probe():  # the same folder compiled in (its bytes in memory before the clock)
                r = run_json([self.bench, "probe-boot", d, ob_db, folder, 1, "--embedded"])
                t.record(f"boot-first-embedded-{d}-ob", r["first_ms"])

            def floor_probe():  # a fresh process, through the raw C API: open/connect + one query
                r = run_json([self.bench, "probe-floor", d, ob_db, 1])
                t.record(f"boot-first-{d}-first-floor", r["first_ms"])

            def gb():
                if d == "postgresql":
                    t.record("pg-connect", self.gbench("^pg_connect")["pg_connect"])

            self.rounds(f"boot {d}", {"ob": ob_probe, "ob-embedded": ob_embedded_probe, "drizzle": dz_probe,
                                      "floor": floor_probe, "gbench": gb})
            n = NAMES[d]
            t.row(f"no-op boot, 200 applied, {n}: warm upToDate() vs migrate()", f"boot-warm-{d}-ob",
                  f"boot-warm-{d}-drizzle", "speedup", ">= 20x" + (", < 1 ms" if d == "sqlite" else ""),
                  floor_key=f"boot-warm-{d}-floor", floor_target="<= 2x" if d == "sqlite" else "<= 1.5x")
            t.row(f"no-op boot, 200 applied, {n}: first call in a process (connect + load folder)",
                  f"boot-first-{d}-ob", f"boot-first-{d}-drizzle", "speedup", ">= 20x",
                  floor_key=f"boot-first-{d}-first-floor", floor_target="<= 1.5x" if d == "sqlite" else "<= 1.2x")
            t.row(f"no-op boot, 200 applied, {n}: first call, embedded set (connect + load)",
                  f"boot-first-embedded-{d}-ob", f"boot-first-{d}-drizzle", "speedup",
                  floor_key=f"boot-first-{d}-first-floor", floor_target="<= 1.5x" if d == "sqlite" else "<= 1.2x")
            if d == "postgresql":
                t.row("no-op boot, PostgreSQL: warm upToDate() vs one `SELECT 1` round trip (raw libpq)",
                      f"boot-warm-{d}-ob", floor_key="pg-round-trip", floor_target="<= 2x", note="(stretch)")
                t.row("no-op boot, PostgreSQL: first call vs a bare connect (libpqxx)", f"boot-first-{d}-ob",
                      "pg-connect")
            if self.pg:
                self.pg.drop_all()

    def apply(self):
        t = self.table
        n = self.args.migrations
        variants = [("sqlite", False), ("sqlite", True)] + ([("postgresql", False)] if self.pg else [])
        for d, no_alter in variants:
            label = NAMES[d] + (" --no-alter" if no_alter else "")
            log(f"apply {n} migrations, {label}")
            folder = self.folder(d, n, no_alter)
            one, per = self.floor_scripts(folder)
            key = f"apply-{d}{'-noalter' if no_alter else ''}"

            def floor(script, db):
                if d == "sqlite":
                    with open(script) as f:
                        return run(["sqlite3", "-bail", db], stdin=f)[0]
                return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", script])[0]

            contenders = {
                "ob": lambda db: run(self.cli(d, db, folder))[0],
                "ob-all-in-one": lambda db: run(self.cli(d, db, folder, "--all-in-one"))[0],
                "drizzle": lambda db: self.node("apply.mjs", d, db, folder)["ms"],
                "floor-one-tx": lambda db: floor(one, db),
                "floor-tx-per-file": lambda db: floor(per, db),
            }

            def step(name, fn):
                def go():
                    t.record(f"{key}-{name}", fn(self.target(d)))
                    if self.pg:
                        self.pg.drop_all()
                return go

            self.rounds(f"apply {label}", {name: step(name, fn) for name, fn in contenders.items()})
            t.row(f"apply {n}, {label}: `ob-migrate migrate` vs drizzle-orm migrate(); floor: tx per file",
                  f"{key}-ob", f"{key}-drizzle", "speedup", floor_key=f"{key}-floor-tx-per-file",
                  floor_target="<= 1.5x")
            t.row(f"apply {n}, {label}: `migrate --all-in-one`; floor: one tx", f"{key}-ob-all-in-one",
                  floor_key=f"{key}-floor-one-tx", floor_target="<= 1.5x")

    def memory(self):
        """Peak RSS (and time) of whole processes, once each, at 1,000 and 10,000 migrations (--memory-sizes)."""
        t = self.table
        sizes = [int(x) for x in self.args.memory_sizes.split(",")]
        for n in sizes:
            log(f"memory, {n} migrations, SQLite")
            folder = self.folder("sqlite", n)
            one, _ = self.floor_scripts(folder)
            db = self.target("sqlite")
            ms, mb = run_rss(self.cli("sqlite", db, folder))
            t.record(f"mem-apply-{n}-ob", mb), t.record(f"time-apply-{n}-ob", ms)
            ms, mb = run_rss(self.cli("sqlite", db, folder))
            t.record(f"mem-noop-{n}-ob", mb), t.record(f"time-noop-{n}-ob", ms)
            with open(one) as f:
                ms, mb = run_rss(["sqlite3", "-bail", self.target("sqlite")], stdin=f)
            t.record(f"mem-apply-{n}-shell", mb), t.record(f"time-apply-{n}-shell", ms)
        gen = self.build / "tests" / "bench" / "bench_generate"
        if gen.exists():
            schema = self.tmp / "schema-mem"
            run([sys.executable, HERE / "workloads" / "gen_schema.py", "--dialect", "sqlite", "--tables", 1000,
                 "--out", schema])
            _, mb = run_rss([gen, "probe-generate", "sqlite", 1000, self.tmp / "generated-mem"])
            t.record("mem-generate-ob", mb)
        mb = lambda v: "—" if v is None else f"{v:.1f} MB"
        print("\nPeak RSS (wait4 ru_maxrss of the one process), SQLite; floor: the sqlite3 shell on the same "
              "statements in one transaction")
        a_n, b_n = sizes[0], sizes[-1]
        print(f"| work | {a_n:,} | {b_n:,} | growth | target (1,000) |\n|---|---|---|---|---|")
        for work, key, target in [("`ob-migrate migrate` applying all", "mem-apply-{}-ob", "< 20 MB"),
                                  ("sqlite3 shell applying the same (floor)", "mem-apply-{}-shell", ""),
                                  ("`ob-migrate migrate`, nothing to do", "mem-noop-{}-ob", "")]:
            a, b = t.median(key.format(a_n)), t.median(key.format(b_n))
            print(f"| {work} | {mb(a)} | {mb(b)} | {b / a:.1f}x | {target} |")
        for work, key in [("`ob-migrate migrate` applying all", "time-apply-{}-ob"),
                          ("sqlite3 shell applying the same (floor)", "time-apply-{}-shell"),
                          ("`ob-migrate migrate`, nothing to do", "time-noop-{}-ob")]:
            a, b = t.median(key.format(a_n)), t.median(key.format(b_n))
            print(f"| time: {work} | {t.ms(a)} | {t.ms(b)} | {b / a:.1f}x | |")
        print(f"| `generate` of 1,000 tables (bench_generate probe-generate) | {mb(t.median('mem-generate-ob'))} | — "
              "| — | < 50 MB |")

    def generate(self):
        t = self.table
        gen = self.build / "tests" / "bench" / "bench_generate"
        if not gen.exists():
            t.pending("generate, 1,000 tables from empty", "pending generate (bench_generate not built)")
            return
        for d in ["sqlite", "postgresql"]:
            log(f"generate, 1000 tables, {d}")
            schema = self.tmp / f"schema-{d}"
            run([sys.executable, HERE / "workloads" / "gen_schema.py", "--dialect", d, "--tables", 1000,
                 "--out", schema])
            out = self.tmp / f"generated-{d}"
            probe = [gen, "probe-generate", d, 1000, out]

            def kit_from_empty():
                shutil.rmtree(schema / "drizzle", ignore_errors=True)
                t.record(f"generate-{d}-drizzle", self.node("generate.mjs", schema, 1)["ms"])
                t.record(f"generate-same-{d}-drizzle", self.node("generate.mjs", schema, 0)["ms"])

            def ob_from_empty():  # whole processes, like drizzle-kit's
                shutil.rmtree(out, ignore_errors=True)
                ms, stdout = run(probe, capture=True)
                if not json.loads(stdout)["written"]:
                    raise RuntimeError("bench_generate wrote no migration from an empty folder")
                t.record(f"generate-{d}-ob", ms)
                ms, stdout = run(probe, capture=True)
                if json.loads(stdout)["written"]:
                    raise RuntimeError("bench_generate wrote a migration for an unchanged schema")
                t.record(f"generate-same-{d}-ob", ms)

            self.rounds(f"generate {d}", {"drizzle-kit": kit_from_empty, "ob": ob_from_empty})
            t.row(f"generate, 1,000 tables from empty, {NAMES[d]}: process vs drizzle-kit generate", f"generate-{d}-ob",
                  f"generate-{d}-drizzle", "speedup", ">= 10x")
            t.row(f"generate, 1,000 tables, nothing changed, {NAMES[d]}: process vs drizzle-kit generate",
                  f"generate-same-{d}-ob", f"generate-same-{d}-drizzle", "speedup", ">= 10x")

    def fresh(self):
        t = self.table
        exe = self.build / "tests" / "bench" / "bench_fresh_db"
        if not exe.exists():
            t.pending("fresh migrated in-memory DB per test case", "pending (bench_fresh_db not built)")
            return
        folders = {"200-migration workload": self.folder("sqlite", 200)}
        badges = HERE.parent.parent / "examples" / "badges-server" / "drizzle" / "migrations"
        if (badges / "meta" / "_journal.json").exists():
            folders = {"Badges example": badges, **folders}
        for label, folder in folders.items():
            log(f"fresh in-memory test database (bench_fresh_db), {label}")
            key = "fresh-" + label.split()[0]
            out = self.tmp / "fresh.json"

            def step(folder=folder, key=key):
                run([exe, "--benchmark_min_time=0.2", f"--benchmark_out={out}", "--benchmark_out_format=json",
                     f"--migrations={folder}"])
                for b in json.loads(out.read_text())["benchmarks"]:
                    if b.get("run_type") == "iteration" and not b.get("error_occurred"):
                        t.record(f"{key}-{b['run_name'].split('/')[-1]}", gbench_ms(b))

            self.rounds(f"fresh {label}", {"bench_fresh_db": step})
            t.row(f"fresh in-memory test DB, {label}: testing::freshDatabase (clone) vs migrating :memory:",
                  f"{key}-clone", f"{key}-migrate", "speedup", "", "(bench_fresh_db)")

    def print_table(self):
        print(f"\nob::migrate vs Drizzle and the raw floor: medians of {self.args.rounds} interleaved rounds; "
              "ratios are medians of the per-round ratios", flush=True)
        print(self.table.render(), flush=True)

    def main(self):
        sections = self.args.only.split(",")
        try:
            for s in ["boot", "apply", "generate", "fresh"]:
                if s in sections:
                    getattr(self, s)()
            self.print_table()
            if "memory" in sections:
                self.memory()
        finally:
            if self.pg:
                self.pg.drop_all()
            shutil.rmtree(self.tmp, ignore_errors=True)
        if self.args.json:
            Path(self.args.json).write_text(json.dumps({"rows": self.table.rows, "samples": self.table.samples},
                                                       indent=2))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="Release build dir (holds src/cli/ob-migrate)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--migrations", type=int, default=1000, help="migrations in the apply workloads")
    ap.add_argument("--only", default="boot,apply,generate,fresh,memory")
    ap.add_argument("--json", help="also write the rows and every sample here")
    ap.add_argument("--memory-sizes", default="1000,10000",
                    help="migrations in the memory section's folders (10,000 takes SQLite minutes to apply)")
    Bench(ap.parse_args()).main()


if __name__ == "__main__":
    main()
