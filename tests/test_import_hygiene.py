"""Import hygiene: `import recall` and `recall due` load no heavy library (run in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import run_recall

HEAVY = ["textual", "rich", "genanki", "fsrs", "fsrs_rs_python", "markdown_it", "sqlite_utils"]

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def loaded_after(body: str, env: dict | None = None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, **(env or {})),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_recall_is_light():
    assert loaded_after("import recall; from recall import Rating, RecallError") == []


def test_cli_module_is_light():
    assert loaded_after("import recall.cli") == []


DUE_BODY = (
    "import contextlib, io\n"
    "from recall.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
    "    main(['due', '--count'])\n"
    "assert out.getvalue().strip().isdigit(), out.getvalue()\n"
)


def test_due_command_path_is_light(recall_home, tmp_path):
    """With a synced log that has not changed since, `recall due` loads nothing heavy."""
    log = tmp_path / "log.md"
    log.write_text("## Topic\n\n- Term: its meaning\n- Other term: another meaning\n", "utf-8")
    synced = run_recall("sync", str(log), env={"RECALL_HOME": str(recall_home)})
    assert synced.returncode == 0, synced.stderr
    assert loaded_after(DUE_BODY, {"RECALL_HOME": str(recall_home)}) == []


def test_due_after_the_log_changed_may_load_the_extractor_only(recall_home, tmp_path):
    """A changed source is re-synced first: the parser may load, the UI and exporter never."""
    log = tmp_path / "log.md"
    log.write_text("## Topic\n\n- Term: its meaning\n", "utf-8")
    assert run_recall("sync", str(log), env={"RECALL_HOME": str(recall_home)}).returncode == 0
    log.write_text("## Topic\n\n- Term: its meaning\n- New term: new meaning\n", "utf-8")
    loaded = loaded_after(DUE_BODY, {"RECALL_HOME": str(recall_home)})
    assert "markdown_it" in loaded  # proves the re-sync really happened on this path
    assert not {"textual", "rich", "genanki", "fsrs_rs_python"} & set(loaded)


def test_first_run_due_loads_no_ui(recall_home):
    """The first run syncs the sample deck (SPEC §1): the parser may load, the UI never."""
    loaded = loaded_after(DUE_BODY, {"RECALL_HOME": str(recall_home)})
    assert not {"textual", "rich", "genanki", "fsrs_rs_python"} & set(loaded)
