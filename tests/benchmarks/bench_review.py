"""Benchmark: review key press → next card shown, at 100k cards (SPEC §10: ≤ 30 ms); time to first screen.

Builds a synthetic collection (100k cards in 20 decks, 1M review-log rows; see
tests/collection/synthetic.py), runs the real app headless at 80x24 on one deck, and times each
grade key from the moment the key event is posted until the first frame painted with the next
card (the rating committed, counts and question redrawn). The answer is revealed before each
timed key, untimed, and shown for `THINK_S` before the key, as a reader would. The verdict is
on the median (as in the other benchmarks); p95 and the CPU time of the process are printed
beside it, since on a busy machine the tail is mostly waiting for a core. Time to first screen
is measured in a fresh process, from its start to the first frame showing a card, next to a
bare Textual app's first frame (informational).

    python -m tests.benchmarks.bench_review [--cards 100000] [--reviews 1000000] [--presses 300]
        [--reuse DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BUDGET_MS = 30.0
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
DECK = "Deck 00"
THINK_S = 0.2
"""Pause between the answer being shown and the timed grade key (people read the answer first;
without it the key would also wait for the frame timer and work left from revealing)."""

FIRST_SCREEN = """
import time
started = time.perf_counter()
import asyncio, sys
from datetime import datetime
from recall.collection import Collection
from recall.tui.app import create_app

async def main():
    col = Collection.open(sys.argv[1], tz="UTC")
    app = create_app(col, deck=sys.argv[2], clock_fn=lambda: datetime.fromisoformat(sys.argv[3]))
    shown = asyncio.Event()
    paint = app._display
    def display(screen, renderable):
        if renderable is not None and getattr(screen, "card", None) is not None:
            shown.set()
        return paint(screen, renderable)
    app._display = display
    async with app.run_test(size=(80, 24)):
        await shown.wait()
        print(f"{(time.perf_counter() - started) * 1000:.1f}", flush=True)
    col.close()

asyncio.run(main())
"""

BARE_FIRST_SCREEN = """
import time
started = time.perf_counter()
import asyncio
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("hello")

async def main():
    app = Bare()
    shown = asyncio.Event()
    paint = app._display
    def display(screen, renderable):
        if renderable is not None:
            shown.set()
        return paint(screen, renderable)
    app._display = display
    async with app.run_test(size=(80, 24)):
        await shown.wait()
        print(f"{(time.perf_counter() - started) * 1000:.1f}", flush=True)

asyncio.run(main())
"""


async def time_presses(db: Path, presses: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds from each grade key to the first frame painted with the next card.

    The CPU time (this process) tells the app's own work apart from waiting for a busy machine.
    """
    from textual import events

    from recall.collection import Collection
    from recall.tui.app import create_app

    col = Collection.open(db, tz="UTC")
    app = create_app(col, deck=DECK, clock_fn=lambda: NOW)
    painted = asyncio.Event()
    paint = app._display

    def display(screen, renderable):
        if renderable is not None and not app._batch_count:
            painted.set()
        return paint(screen, renderable)

    app._display = display
    timings: list[float] = []
    cpu: list[float] = []
    keys = "3334"  # mostly Good, some Easy
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for n in range(presses):
            screen = app.screen
            card = screen.card
            if card is None:
                break
            await pilot.press("space")
            await pilot.pause()
            await asyncio.sleep(THINK_S)  # a reader looks at the answer before grading
            painted.clear()
            started, cpu_started = time.perf_counter(), time.process_time()
            app.post_message(events.Key(keys[n % 4], keys[n % 4]))
            while True:
                await painted.wait()
                if screen.card is not card and not screen._lock.locked():
                    break
                painted.clear()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    col.close()
    return timings, cpu


def first_screen(script: str, *args: str, runs: int = 5) -> float:
    """Median milliseconds from process start to the first painted frame (fresh processes)."""
    values = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        values.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    from tests.collection.synthetic import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="build the collection in DIR once and time a copy of it on later runs",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "collection.db"
        built = Path(args.reuse) / "collection.db" if args.reuse else None
        if built is not None and built.exists():
            shutil.copy(built, db)
        else:
            started = time.perf_counter()
            build(db, Path(folder) / "log.md", NOW, cards=args.cards, reviews=args.reviews)
            print(
                f"built {args.cards} cards / {args.reviews} reviews in "
                f"{time.perf_counter() - started:.1f} s"
            )
            if built is not None:
                built.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(db, built)
        timings, cpu = asyncio.run(time_presses(db, args.presses))
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"key press -> next card shown ({len(timings)} presses, deck {DECK!r}): "
            f"median {median:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms "
            f"(CPU of this process: median {statistics.median(cpu):.1f} ms; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        ratio = median / BUDGET_MS
        verdict = "PASS" if median <= BUDGET_MS else "FAIL"
        print(f"median / budget ({BUDGET_MS:.0f} ms) = {ratio:.2f}  {verdict}")

        ours = first_screen(FIRST_SCREEN, str(db), DECK, NOW.isoformat())
        bare = first_screen(BARE_FIRST_SCREEN)
        print(
            f"time to first screen (fresh process, first card painted): {ours:.0f} ms; "
            f"a bare Textual app: {bare:.0f} ms; ratio {ours / bare:.2f} (informational)"
        )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
