"""Helpers of run_bench.py: running and timing processes, scratch PostgreSQL databases, the table."""
import json
import os
import statistics
import tempfile
import subprocess
import sys
import time
import uuid


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(argv, *, stdin=None, env=None, capture=False):
    """Runs argv; returns (wall ms, stdout). Raises with the tail of stderr when it fails."""
    t0 = time.perf_counter()
    r = subprocess.run([str(a) for a in argv], stdin=stdin, env=env,
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ms = (time.perf_counter() - t0) * 1000
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({r.returncode}):\n{r.stderr[-3000:]}")
    return ms, (r.stdout if capture else "")


def run_rss(argv, *, stdin=None, env=None):
    """Runs argv; returns (wall ms, peak resident set in MB, from wait4's rusage of that process alone)."""
    with tempfile.TemporaryFile(mode="w+") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(a) for a in argv], stdin=stdin, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        ms = (time.perf_counter() - t0) * 1000
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(map(str, argv))} failed ({p.returncode}):\n{err.read()[-3000:]}")
    return ms, usage.ru_maxrss / 1024.0


def run_json(argv, **kw):
    """Runs argv and parses the last line of its stdout as JSON."""
    _, out = run(argv, capture=True, **kw)
    return json.loads(out.strip().splitlines()[-1])


TIME_UNITS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def gbench_ms(benchmark):
    """A Google Benchmark JSON entry's real time in ms."""
    return benchmark["real_time"] * TIME_UNITS[benchmark["time_unit"]]


class PgServer:
    """Scratch databases on the OB_MIGRATE_TEST_PG_URL server, dropped by drop_all()."""

    def __init__(self, url):
        self.url = url
        self.created = []

    def with_db(self, name):
        if "://" not in self.url:
            return f"{self.url} dbname={name}"  # libpq keyword string: later keywords win
        scheme = self.url.index("://") + 3
        q = self.url.find("?", scheme)
        end = len(self.url) if q < 0 else q
        slash = self.url.find("/", scheme)
        if slash < 0 or slash > end:
            return self.url[:end] + "/" + name + self.url[end:]
        return self.url[:slash + 1] + name + self.url[end:]

    def psql(self, sql):
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-c", sql])

    def fresh(self):
        name = "ob_bench_" + uuid.uuid4().hex[:16]
        self.psql(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.with_db(name)

    def drop_all(self):
        for name in self.created:
            try:
                self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except RuntimeError as e:
                log(f"warning: {e}")
        self.created = []


class Table:
    """Rows of (work, ob median, baseline median and ratio, floor median and ratio, targets)."""

    LABELS = [("drizzle", "drizzle"), ("floor-one-tx", "floor, 1 tx"), ("floor-tx-per-file", "floor, tx/file"),
              ("round-trip", "SELECT 1"), ("connect", "bare connect"), ("migrate", "by migrating"),
              ("-floor", "one query"), ("first-floor", "open + one query")]

    def __init__(self):
        self.samples = {}  # key -> [ms per round]
        self.rows = []

    def record(self, key, ms):
        self.samples.setdefault(key, []).append(ms)

    def ratio(self, ob_key, base_key, kind):
        """Median of the per-round ratios: "speedup" baseline / ob, "ratio" ob / baseline."""
        ob, base = self.samples.get(ob_key), self.samples.get(base_key) if base_key else None
        if not ob or not base:
            return None
        return statistics.median(b / o if kind == "speedup" else o / b for o, b in zip(ob, base))

    def median(self, key):
        values = self.samples.get(key) if key else None
        return statistics.median(values) if values else None

    def row(self, work, ob_key, base_key=None, kind="ratio", target="", note="", floor_key=None, floor_target=""):
        """kind "speedup": baseline / ob (higher is better); "ratio": ob / baseline (lower is better).
        The floor (what the database itself needs for the same answer) is always a ratio ob / floor."""
        self.rows.append(dict(work=work, ob=self.median(ob_key), base=self.median(base_key), base_key=base_key or "",
                              kind=kind, ratio=self.ratio(ob_key, base_key, kind), target=target, note=note,
                              floor=self.median(floor_key), floor_key=floor_key or "",
                              floor_ratio=self.ratio(ob_key, floor_key, "ratio"), floor_target=floor_target))

    def pending(self, work, note):
        self.rows.append(dict(work=work, ob=None, base=None, base_key="", kind="", ratio=None, target="", note=note,
                              floor=None, floor_key="", floor_ratio=None, floor_target=""))

    @staticmethod
    def ms(v):
        if v is None:
            return "—"
        return f"{v * 1000:.0f} µs" if v < 1 else (f"{v:.2f} ms" if v < 1000 else f"{v / 1000:.2f} s")

    @classmethod
    def label(cls, key):
        for suffix, name in reversed(cls.LABELS):
            if key.endswith(suffix):
                return name
        return key

    @staticmethod
    def met(ratio, target, ob=None):
        """'met' / 'MISSED' for targets of the forms '>= Nx', '>= Nx, < 1 ms', '<= Nx'."""
        if ratio is None or not target:
            return ""
        bound = float(target[3:target.index("x")])
        ok = ratio >= bound if target.startswith(">=") else ratio <= bound
        if "< 1 ms" in target:
            ok = ok and ob is not None and ob < 1
        return "met" if ok else "MISSED"

    def render(self):
        lines = ["| work | ob::migrate | baseline | x baseline | floor | x floor | target | |",
                 "|---|---|---|---|---|---|---|---|"]
        for r in self.rows:
            if r["ratio"] is None:
                ratio = "—"
            elif r["kind"] == "speedup":
                ratio = f"{r['ratio']:.1f}x faster"
            else:
                ratio = f"{r['ratio']:.2f}x"
            base = "—" if r["base"] is None else f"{self.ms(r['base'])} ({self.label(r['base_key'])})"
            floor = "—" if r["floor"] is None else f"{self.ms(r['floor'])} ({self.label(r['floor_key'])})"
            floor_ratio = "—" if r["floor_ratio"] is None else f"{r['floor_ratio']:.2f}x"
            targets = "; ".join(x for x in (r["target"], r["floor_target"] and f"floor {r['floor_target']}") if x)
            verdicts = [self.met(r["ratio"], r["target"], r["ob"]), self.met(r["floor_ratio"], r["floor_target"])]
            verdict = " ".join(x for x in verdicts + [r["note"]] if x)
            lines.append(f"| {r['work']} | {self.ms(r['ob'])} | {base} | {ratio} | {floor} | {floor_ratio} | {targets} "
                         f"| {verdict} |")
        return "\n".join(lines)
