"""`recall sync`: store the cards of the given logs (or of every known source) and say what changed."""

from __future__ import annotations

import argparse
import sys
import threading

from recall.errors import RecallError

PROGRESS_AFTER_S = 0.3
"""A progress bar appears only when the sync is still running after this long (long work)."""


class _ProgressBar:
    """A transient rich progress bar on stderr, shown only when the sync runs longer than
    PROGRESS_AFTER_S (a timer starts it, so a long extraction shows it ticking too)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.state = (0, 1, "syncing")
        self.bar = None
        self.task = None
        self.closed = False
        self.timer = threading.Timer(PROGRESS_AFTER_S, self._start)
        self.timer.daemon = True
        self.timer.start()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with self.lock:
            if self.closed:
                return
            done, total, what = self.state
            self.bar = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(what, total=total, completed=done)

    def __call__(self, done: int, total: int, what: str) -> None:
        with self.lock:
            self.state = (done, total, what)
            if self.bar is not None:
                self.bar.update(self.task, completed=done, total=total, description=what)

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.timer.cancel()
            if self.bar is not None:
                self.bar.stop()


def summary(report, *, dry_run: bool = False) -> str:
    """One line: ``added 3, updated 1, relinked 0, orphaned 0, unchanged 40`` (+ restored)."""
    parts = [
        f"added {report.added}",
        f"updated {report.updated}",
        f"relinked {report.relinked}",
        f"orphaned {report.orphaned}",
        f"unchanged {report.unchanged}",
    ]
    if report.restored:
        parts.append(f"restored {report.restored}")
    line = ", ".join(parts)
    return f"dry run, nothing written; would have: {line}" if dry_run else line


def run(args: argparse.Namespace) -> int:
    """Sync; print the summary on stdout, notices/warnings/errors on stderr.

    Returns 0, or 1 when a file could not be read (the others are still synced).
    """
    from recall.collection import Collection

    with Collection.open(args.db) as col:
        if not args.paths and not col.sources():
            raise RecallError(
                "no log to sync yet: run `recall sync PATH` with your markdown log (a file or a folder)"
            )
        bar = _ProgressBar() if sys.stderr.isatty() else None
        try:
            report = col.sync(args.paths or None, dry_run=args.dry_run, progress=bar)
        finally:
            if bar is not None:
                bar.close()
    print(summary(report, dry_run=args.dry_run))
    for line in report.notices:
        print(line, file=sys.stderr)
    for line in report.warnings:
        print(f"recall: warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"recall: error: {line}", file=sys.stderr)
    return 1 if report.errors else 0
