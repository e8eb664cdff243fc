"""The sample deck in decks/ ships inside the wheel and is found from an installed copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from recall.sample import SAMPLE_FILE, sample_deck_path
from tests.conftest import REPO


def test_sample_deck_is_found_from_the_source_tree():
    path = sample_deck_path()
    assert path.name == SAMPLE_FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert text.count("\n- ") >= 30


def test_sample_deck_is_found_from_an_installed_copy(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("recall-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert f"recall/_decks/{SAMPLE_FILE}" in archive.namelist()
        site = tmp_path / "site"
        archive.extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site))
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from recall.sample import sample_deck_path; print(sample_deck_path())",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    ).stdout.strip()
    assert found.startswith(str(site))
    assert found.endswith(SAMPLE_FILE)
