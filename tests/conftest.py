"""Shared fixtures: a private RECALL_HOME per test, a fixed clock, and paths to ../shared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own empty RECALL_HOME and no RECALL_NOW/RECALL_DEBUG from outside."""
    home = tmp_path_factory.mktemp("recall-home")
    monkeypatch.setenv("RECALL_HOME", str(home))
    monkeypatch.delenv("RECALL_NOW", raising=False)
    monkeypatch.delenv("RECALL_DEBUG", raising=False)
    return home


@pytest.fixture
def recall_home(_isolated_home) -> Path:
    """The test's RECALL_HOME folder (exists, empty at start)."""
    return _isolated_home


@pytest.fixture
def shared() -> Path:
    """../shared (the user's log, corpus, bugcases); skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def run_recall(
    *args: str, env: dict | None = None, cwd: Path | None = None, input: str | None = None
):
    """Run `python -m recall ARGS` in a subprocess with the test's environment.

    Returns the CompletedProcess (text mode, stdout and stderr captured).
    """
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "recall", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        input=input,
        timeout=120,
    )
