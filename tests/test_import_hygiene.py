"""Import hygiene: `import recall` and `recall due` load no heavy library (run in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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


def test_due_command_path_is_light(recall_home):
    body = (
        "import contextlib, io\n"
        "from recall.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    main(['due', '--count'])\n"
    )
    assert loaded_after(body, {"RECALL_HOME": str(recall_home)}) == []
