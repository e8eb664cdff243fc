"""The Anki note fields of each card, rendered when sync adds or changes its text: render, save, load.

Rendering markdown to HTML is most of an export's work (about 0.2 ms a card with markdown-it-py),
so `recall sync` does it once per card text, for the cards it adds, updates, relinks or restores
(`recall.store.sync`), and `recall export` reads the fields back (`load`) and saves the ones it
had to render. A stored row is only a cache: export checks its
digest and renderer version against the card (`recall.anki.fields.is_current`) and renders the
card again when they differ. Cards whose text shows an image are not stored (their images are
packed at export, relative to where the log is then).

Imported only when there is something to render or to export: it loads markdown-it-py, which
`recall due` must not load when nothing changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from recall.anki.fields import RENDERER, NoteFields, NoteRenderer, shows_image

CardText = tuple[str, str, str, Sequence[str], str]
"""(card id, question, answer, context headings, kind): the text the fields are rendered from."""

_UPSERT = (
    "INSERT INTO rendered (card_id, model, front, back, context, digest, renderer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET model = excluded.model, "
    "front = excluded.front, back = excluded.back, context = excluded.context, "
    "digest = excluded.digest, renderer = excluded.renderer"
)


def render(
    cards: Iterable[CardText], renderer: NoteRenderer | None = None
) -> dict[str, NoteFields]:
    """The note fields of each card whose text shows no image (card id → fields).

    Args:
        cards: the cards' text, as stored (markdown).
        renderer: reuse one across calls (None: a new one; building it costs ~1 ms).
    """
    renderer = renderer or NoteRenderer()
    fields = {}
    for card_id, question, answer, context, kind in cards:
        context = tuple(context)
        if not shows_image(question, answer, context):
            fields[card_id] = renderer.render(question, answer, context, kind)
    return fields


def save(conn: sqlite3.Connection, fields: Mapping[str, NoteFields]) -> None:
    """Store (insert or replace) the fields of these cards; call inside a write transaction."""
    conn.executemany(
        _UPSERT,
        (
            (card_id, f.model, f.front, f.back, f.context, f.digest, f.renderer)
            for card_id, f in fields.items()
        ),
    )


def load(conn: sqlite3.Connection) -> dict[str, NoteFields]:
    """Every stored row this renderer wrote (card id → fields); rows of another renderer version
    are left out, so export renders those cards again."""
    rows = conn.execute(
        "SELECT card_id, model, front, back, context, digest FROM rendered WHERE renderer = ?",
        (RENDERER,),
    )
    return {
        card_id: NoteFields(model, front, back, context, digest, RENDERER)
        for card_id, model, front, back, context, digest in rows
    }
