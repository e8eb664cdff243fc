"""Writing an .apkg file: genanki's collection tables, the media, one atomic rename.

genanki builds the collection (`Package.write_to_db`); this module writes it to the zip itself,
because `Package.write_to_file` leaves a temporary database behind in the system temp folder and
names each media file after its basename (recall packs flat content-hash names instead). The
collection is built in memory and the package is written next to `out`, then renamed over it, so
a failure never leaves a half-written package and nothing else is written.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import genanki


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_package(
    decks: Sequence[genanki.Deck],
    media: Mapping[str, Path],
    out: Path,
    timestamp: float,
) -> None:
    """Write the decks and media as an Anki package at `out` (replacing it).

    Args:
        decks: genanki decks holding the notes.
        media: packed file name → file to pack under that name.
        out: the .apkg path; its folder must exist.
        timestamp: seconds since the epoch, the modification time of every note and note type.
            Anki updates an existing note on import only when this is newer than its own, so
            pass the current time (never a constant).

    Raises:
        OSError: the folder is not writable, or a media file cannot be read.
    """
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        # Note and card ids come from the real clock, not `timestamp`: Anki refuses a package
        # whose ids lie more than a day ahead (they are creation times in milliseconds).
        ids = itertools.count(time.time_ns() // 1_000_000)
        genanki.Package(list(decks)).write_to_db(cursor, timestamp, ids)
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()

    handle, temporary = tempfile.mkstemp(
        prefix=f".{out.name}.", suffix=".partial", dir=out.parent or Path(".")
    )
    try:
        with os.fdopen(handle, "wb") as stream, zipfile.ZipFile(stream, "w") as package:
            # Stored, not deflated, as genanki writes it: a 10k-card package is about 5 MB.
            package.writestr("collection.anki2", collection)
            names = list(media)
            package.writestr("media", json.dumps({str(i): name for i, name in enumerate(names)}))
            for index, name in enumerate(names):
                package.write(media[name], str(index))
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
