"""recall.tui.screens.help: the keys in the help are the keys in README's "Reviewing" table."""

from __future__ import annotations

from pathlib import Path

from recall.tui.screens.help import KEYS

README = Path(__file__).resolve().parents[2] / "README.md"
SCROLL_KEYS = "↑ ↓ PgUp PgDn"  # Textual's own scrolling, not in the README table


def reviewing_table() -> dict[str, str]:
    """First column → second column of the keys table under "## Reviewing", keys lowercased."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Reviewing\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and cells[0] not in ("key", "---"):
            rows[cells[0].lower().replace(" / ", " ")] = cells[1]
    return rows


def test_every_review_key_of_the_help_is_in_the_readme():
    table = reviewing_table()
    keys = set()
    for name in table:
        keys.update(name.split())
    for key, _ in KEYS:
        if key == SCROLL_KEYS:
            continue
        for alias in key.lower().replace(" / ", " ").split():
            assert alias in keys, f"{alias!r} of the help is missing from README's keys table"
