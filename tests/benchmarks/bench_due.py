"""Benchmark: `recall due --count` at 100k cards / 1M review-log rows vs bare sqlite3 (SPEC §10).

Runs `recall due --count` (the console script; `python -m recall` without one) in a subprocess against a synthetic collection, and a bare
``python3 -c "import sqlite3; ..."`` running the same count queries with the same parameters;
reports the median CPU times (user + system, from rusage) and their ratio (budget ≤ 2.5×), the
wall times too (on a shared, loaded machine wall time mostly measures the wait for a core), and
recall's peak RSS (≤ 40 MB, VmHWM of the recall process itself).

    python -m tests.benchmarks.bench_due [--cards 100000] [--reviews 1000000] [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from recall.settings import Settings
from recall.store import queries
from tests.collection.synthetic import build

RATIO_BUDGET = 2.5
RSS_BUDGET_MB = 40.0
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)

BARE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
p = {params!r}
done = conn.execute({new_sql!r}, p).fetchone()[0]
left = max(0, {limit} - done)
p["new_cap"] = left + 1
parts = dict(conn.execute({count_sql!r}, p).fetchall())
new = min(left, parts["new"])
learning, review = parts["learning"], parts["review"]
print(learning + review + new)
"""


# Runs `python -m recall ARGS` and prints the process's own peak RSS (VmHWM) as it exits:
# a child forked from this (big) benchmark process would inherit its high-water mark.
PEAK = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write(line)
atexit.register(peak)
sys.argv = ["recall", *sys.argv[1:]]
runpy.run_module("recall", run_name="__main__", alter_sys=True)
"""


def rss_of(args: list[str], env: dict) -> float:
    """Peak RSS (MB) of one `recall ARGS` run (VmHWM from /proc, Linux)."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *args], env=env, capture_output=True, text=True, check=True
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build the collection in DIR and reuse it on later runs with the same sizes",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        home = Path(args.keep or folder) / f"due-{args.cards}-{args.reviews}"
        home.mkdir(parents=True, exist_ok=True)
        db = home / "collection.db"
        if not db.exists():
            started = time.perf_counter()
            partial = home / "partial.db"  # renamed only once complete, so --keep never reuses half
            build(partial, home / "log.md", NOW, cards=args.cards, reviews=args.reviews)
            partial.replace(db)
            print(
                f"built {args.cards} cards / {args.reviews} reviews in "
                f"{time.perf_counter() - started:.1f} s ({db.stat().st_size / 2**20:.0f} MB)"
            )
        env = dict(os.environ, RECALL_HOME=str(home), RECALL_NOW=NOW.isoformat(), TZ="UTC")
        # As installed (pip compiles bytecode): let the warm-up run write the .pyc files that
        # PYTHONDONTWRITEBYTECODE would otherwise make every run recompile.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        settings = Settings()
        win = queries.window(NOW, settings.day_starts_at, "UTC")
        bare = BARE.format(
            params=win.params(),
            new_sql=queries.NEW_TODAY_SQL,
            count_sql=queries.count_sql(None, per_deck=False),
            limit=settings.new_per_day,
        )
        # The `recall` console script when installed (what a prompt runs), else `python -m recall`.
        script = Path(sys.executable).with_name("recall")
        recall_cmd = (
            [str(script), "due", "--count"]
            if script.is_file()
            else [sys.executable, "-m", "recall", "due", "--count"]
        )
        bare_cmd = [sys.executable, "-c", bare, str(db)]

        # Warm the page cache and check both print the same number.
        ours, theirs = (
            subprocess.run(c, env=env, capture_output=True, text=True, check=True).stdout.strip()
            for c in (recall_cmd, bare_cmd)
        )
        if ours != theirs:
            raise SystemExit(f"recall due says {ours}, the bare query {theirs}")

        recall_times, bare_times, recall_cpu, bare_cpu = [], [], [], []
        for _ in range(args.runs):  # interleaved, so load from elsewhere hits both alike
            for command, times, cpus in (
                (recall_cmd, recall_times, recall_cpu),
                (bare_cmd, bare_times, bare_cpu),
            ):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, env=env, capture_output=True, check=True)
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rss = max(rss_of(["due", "--count"], env) for _ in range(3))

    ours_s, bare_s = statistics.median(recall_times), statistics.median(bare_times)
    ours_cpu, bare_cpu_s = statistics.median(recall_cpu), statistics.median(bare_cpu)
    ratio = ours_cpu / bare_cpu_s
    wall_ratio = ours_s / bare_s
    ok = ratio <= RATIO_BUDGET and rss <= RSS_BUDGET_MB
    print(
        json.dumps(
            {
                "due": int(ours),
                "recall_due_cpu_ms": round(ours_cpu * 1000, 1),
                "bare_sqlite3_cpu_ms": round(bare_cpu_s * 1000, 1),
                "ratio": round(ratio, 2),
                "recall_due_wall_ms": round(ours_s * 1000, 1),
                "bare_sqlite3_wall_ms": round(bare_s * 1000, 1),
                "wall_ratio": round(wall_ratio, 2),
                "peak_rss_mb": round(rss, 1),
            }
        )
    )
    print(
        f"recall due --count: {ours_cpu * 1000:.0f} ms CPU vs bare sqlite3 {bare_cpu_s * 1000:.0f} ms"
        f" = {ratio:.2f}x (budget {RATIO_BUDGET}x; wall {ours_s * 1000:.0f} vs {bare_s * 1000:.0f} ms"
        f" = {wall_ratio:.2f}x); peak RSS {rss:.1f} MB (budget {RSS_BUDGET_MB:.0f} MB)"
        f" -> {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
