"""The editor behind `e`: never on the bundled sample, its argument list, can it start, running it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recall.collection import Collection

DEFAULT_EDITOR = "vi"
"""The editor used when neither $VISUAL nor $EDITOR is set (as git and crontab do)."""

SAMPLE_NOT_EDITED = (
    "This card is from the bundled sample deck, which is not edited: "
    "add your own log with recall sync PATH"
)
"""What `e` says on a sample-deck card instead of opening the editor."""


def is_bundled_sample(collection: Collection, path: str) -> bool:
    """Whether `path` (a card's file) is the bundled sample log, which `e` must not open.

    True while the collection's only source is the sample deck (`Collection.uses_sample`), and
    for the sample file shipped in the package however it was synced (`recall.sample`): it lives
    in the installed package, where an edit is lost on upgrade or cannot be saved at all.

    Raises:
        RecallError: the collection cannot be read.
    """
    if collection.uses_sample():
        return True
    from recall.sample import sample_deck_path

    try:
        sample = sample_deck_path()
    except FileNotFoundError:  # a broken install: no sample file to protect
        return False
    try:
        return Path(path).resolve() == sample.resolve()
    except OSError:
        return False


def editor_command(path: str, line: int) -> list[str]:
    """The argument list that opens `path` at `line`: ``$VISUAL`` or ``$EDITOR`` (else ``vi``), ``+LINE``, path.

    The editor variable is split like a shell would split words (``code --wait`` works) but no
    shell runs it.

    Raises:
        ValueError: the variable has unbalanced quotes, or is only blanks.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or DEFAULT_EDITOR
    words = shlex.split(editor)
    if not words:
        raise ValueError("the variable is blank")
    return [*words, f"+{max(int(line), 1)}", path]


def missing_editor(argv: list[str]) -> str | None:
    """Why the editor of `argv` cannot start (one line for the user), or None when it can.

    Checked before the app hands the terminal over, so a typo in $EDITOR or an editor that is
    not installed (``vi`` on a minimal system, ``code`` without VS Code) costs a message, not a
    blank screen.
    """
    program = argv[0]
    if shutil.which(program) is not None:
        return None
    if not (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
        return (
            f"Cannot start the editor: $VISUAL and $EDITOR are not set and {program!r} is not "
            "installed. Set one, e.g. EDITOR=nano."
        )
    variable = "$VISUAL" if os.environ.get("VISUAL") else "$EDITOR"
    return (
        f"Cannot start the editor {program!r} ({variable}): not found or not executable. "
        "Set it to an editor that waits, e.g. nano, vim or 'code --wait'."
    )


def run_editor(argv: list[str]) -> int:
    """Run the editor and wait for it; returns its exit status.

    Raises:
        OSError: the editor cannot start (not found, not executable, bad format).
    """
    return subprocess.run(argv, check=False).returncode
