"""Run every benchmark in turn: `python -m tests.benchmarks [NAME ...]` (e.g. `due extract`).

Each `bench_<name>.py` runs in its own process (so one's imports and memory never colour
another's figures) and prints its SPEC §10 ratio with PASS/FAIL; this prints a summary at the end.
Exit status 1 when any benchmark failed its budget or crashed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    results = []
    for name in names:
        print(f"=== bench_{name}", flush=True)
        started = time.monotonic()
        status = subprocess.call([sys.executable, "-m", f"tests.benchmarks.bench_{name}"])
        results.append((name, status, time.monotonic() - started))
    print("\n=== summary")
    for name, status, seconds in results:
        verdict = "ok" if status == 0 else f"FAILED (exit {status})"
        print(f"bench_{name:<12} {verdict:<18} {seconds:6.1f} s")
    return 0 if all(status == 0 for _, status, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
