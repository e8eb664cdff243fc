"""The README's prompt recipes run as written: bash and zsh prompts, the tmux status line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.collection.conftest import T0
from tests.conftest import REPO, run_recall

SECTION = "## Daily count in your prompt"


def _snippet(language: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION) : text.index("\n## ", text.index(SECTION) + 1)]
    (block,) = re.findall(rf"```{language}\n(.*?)```", section, re.S)
    return block


@pytest.fixture
def env(recall_home, log, tmp_path):
    """A shell environment where `recall` is on PATH and 6 cards are due."""
    assert run_recall("sync", str(log), env={"RECALL_NOW": T0.isoformat()}).returncode == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "recall"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m recall "$@"\n')
    launcher.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "RECALL_HOME": str(recall_home),
        "RECALL_NOW": T0.isoformat(),
    }


def test_bash_prompt(env, tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    rc = tmp_path / "bashrc"
    rc.write_text(_snippet("bash"))
    out = subprocess.run(
        ["bash", "--norc", "-c", f'source "{rc}"; cd /; echo "${{PS1@P}}"'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert out.startswith("/ [6 due]")


def test_bash_prompt_is_empty_when_nothing_is_due(env, tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    rc = tmp_path / "bashrc"
    rc.write_text(_snippet("bash"))
    (Path(env["RECALL_HOME"]) / "recall.toml").write_text("new_per_day = 0\n")
    out = subprocess.run(
        ["bash", "--norc", "-c", f'source "{rc}"; cd /; echo "${{PS1@P}}"'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "due" not in out


def test_zsh_prompt(env, tmp_path):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    rc = tmp_path / "zshrc"
    rc.write_text(_snippet("zsh"))
    out = subprocess.run(
        ["zsh", "-f", "-c", f'source "{rc}"; cd /; print -P -- "$PROMPT"'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert out.startswith("/ [6 due]")


def test_tmux_status_line(env, tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    conf = tmp_path / "tmux.conf"
    conf.write_text(_snippet("tmux"))
    inner, outer = f"recall-inner-{os.getpid()}", f"recall-outer-{os.getpid()}"
    tmux = ["tmux", "-f", str(conf)]
    try:
        subprocess.run(
            [*tmux, "-L", inner, "new-session", "-d", "-s", "t", "-x", "80", "-y", "6", "sleep 60"],
            env=env,
            check=True,
            timeout=30,
        )
        # The status line is drawn for an attached client: attach one inside another tmux.
        subprocess.run(
            [
                "tmux",
                "-L",
                outer,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "o",
                "-x",
                "80",
                "-y",
                "6",
                f"tmux -L {inner} attach -t t",
            ],
            env=env,
            check=True,
            timeout=30,
        )
        screen = ""
        for _ in range(40):
            time.sleep(0.25)
            screen = subprocess.run(
                ["tmux", "-L", outer, "capture-pane", "-p", "-t", "o"],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout
            if "6 due |" in screen:
                break
        assert "6 due |" in screen, screen
    finally:
        for server in (outer, inner):
            subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True, timeout=30)
