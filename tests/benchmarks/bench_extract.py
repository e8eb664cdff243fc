"""Benchmark: `recall extract` end to end vs markdown-it-py's parse of the same text (SPEC §10).

For a 1 MB and a 10 MB synthetic log (dated entries in the style of a daily learning log) and
for the 164 KB link index in ../shared/corpus (when present): the best-of-N CPU time of
``extract_paths`` on the file against ``MarkdownIt`` (same configuration: CommonMark + tables +
dollarmath + front matter) parsing the same text; budget ≤ 1.5×. Then the peak RSS of a fresh
``recall extract --json`` on the 10 MB log (budget ≤ 300 MB), and the time per ``==highlight==``
of a line with 1,000 vs 8,000 clozes (bugcase 18: must grow linearly).

    python -m tests.benchmarks.bench_extract [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recall.extract import extract_paths, extract_text
from recall.extract.parser import make_parser
from tests.extract.synthetic import synthetic_log

RATIO_BUDGET = 1.5
RSS_BUDGET_MB = 300.0
LINEAR_BUDGET = 2.0  # time per highlight at 8k / at 1k: 1.0 is linear, 8.0 quadratic
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
LINK_INDEX = SHARED / "corpus" / "jbranchaud__til" / "README.md"

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


def cpu(fn) -> float:
    """CPU time (s) of one call of `fn` (CPU time: other processes on the machine do not count)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def best(fn, runs: int) -> float:
    """Smallest CPU time (s) of `runs` calls of `fn`."""
    return min(cpu(fn) for _ in range(runs))


def compare(name: str, path: Path, runs: int) -> bool:
    result = extract_paths([path])
    # the same text: every file the extraction reads (a link index also reads the files it
    # links to that exist)
    texts = [f.path.read_text(encoding="utf-8-sig") for f in result.files]
    text = texts[0]
    md = make_parser()
    parse = extract = float("inf")
    for _ in range(runs):  # interleaved, so a busy spell on the machine hits both alike
        parse = min(parse, cpu(lambda: [md.parse(t, {}) for t in texts]))
        extract = min(extract, cpu(lambda: extract_paths([path])))
    cards = len(result.cards)
    ratio = extract / parse
    ok = ratio <= RATIO_BUDGET
    print(
        f"extract {name:<24} {len(text) / 1e6:6.2f} MB  {len(texts)} file(s) {cards:>6} cards  "
        f"parse {parse:6.2f}s  "
        f"extract {extract:7.2f}s  ratio {ratio:4.2f}x (budget {RATIO_BUDGET}x)  "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


def peak_rss(path: Path) -> bool:
    env = dict(os.environ, RECALL_HOME=str(path.parent))
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "extract", str(path), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    line = next((x for x in done.stderr.splitlines() if x.startswith("VmHWM:")), "VmHWM: 0 kB")
    mb = int(line.split()[1]) / 1024
    ok = done.returncode == 0 and mb <= RSS_BUDGET_MB
    print(
        f"extract peak RSS {path.stat().st_size / 1e6:5.2f} MB log: {mb:6.1f} MB "
        f"(budget {RSS_BUDGET_MB:.0f} MB)  {'PASS' if ok else 'FAIL'}"
    )
    return ok


def highlights(runs: int) -> bool:
    def per_item(n: int) -> float:
        line = "Greek letters: " + ", ".join(f"==w{i}==" for i in range(n)) + ".\n"
        text = "#flashcards\n\n" + line
        return best(lambda: extract_text(text, "h.md"), runs) / n

    small, big = per_item(1000), per_item(8000)
    growth = big / small
    ok = growth <= LINEAR_BUDGET
    print(
        f"extract ==highlight== per cloze: 1k {small * 1e6:6.1f} us, 8k {big * 1e6:6.1f} us  "
        f"growth {growth:4.2f} (linear 1.0, budget {LINEAR_BUDGET})  {'PASS' if ok else 'FAIL'}"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions (best is kept)")
    parser.add_argument("--quick", action="store_true", help="skip the 10 MB log")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [("synthetic 1 MB", 1_000_000)] + (
            [] if args.quick else [("synthetic 10 MB", 10_000_000)]
        )
        for name, size in sizes:
            path = Path(tmp) / f"log-{size}.md"
            path.write_text(synthetic_log(size), encoding="utf-8")
            runs = args.runs if size <= 1_000_000 else 1
            results.append(compare(name, path, runs))
            if size >= 10_000_000:
                results.append(peak_rss(path))
        if LINK_INDEX.is_file():
            results.append(compare("jbranchaud/til README", LINK_INDEX, args.runs))
        else:
            print("extract jbranchaud/til README: ../shared absent, skipped")
    results.append(highlights(args.runs))
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
