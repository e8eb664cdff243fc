"""Sync: extract each changed source, match its cards to the stored ones, and apply the plan.

Per source (a file or folder given to `recall sync`, stored by resolved absolute path):
unchanged on disk (`recall.store.changes`) → skipped, nothing parsed or written; else the
extractor (`recall.extract.extract_paths`) reads it, `recall.identity.plan_sync` decides which
stored card each extracted card is, and one write transaction applies the plan: text updated and
schedule kept for matched cards, new cards inserted with a permanent id, vanished cards orphaned
(history kept). Files the extractor could not read keep their cards untouched until they can.

A log moved or renamed outside a synced folder is a new source at its new place: when the
cards of a new source match cards of a known source whose file or folder no longer exists,
that source's cards are matched with the new source's (relinked, history kept) and the
vanished source is retired into the new one, so a renamed log never counts twice.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from recall import __version__
from recall.errors import CollectionLocked, SourceError
from recall.model import SyncReport
from recall.rating import Status
from recall.store import changes
from recall.store.connection import write
from recall.store.times import encode

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs ~15 ms per sync
if TYPE_CHECKING:
    from recall.collection import Collection, Progress
    from recall.extract import Extraction

RETIRE_NOTICE = (
    "recall: the sample deck is retired now that you have a log of your own: its {n} cards are "
    "orphaned (history kept, out of review)"
)
MOVED_NOTICE = "recall: {old} no longer exists; its cards {verb} {new} (history kept)"


NEW_CARD_COLUMNS = (
    "id",
    "key",
    "source_id",
    "deck",
    "context",
    "question",
    "answer",
    "kind",
    "tags",
    # the place of the card, as `Syncer._write_plan` lists it
    "source_path",
    "line",
    "end_line",
    "url",
    "file",
    "id_path",
    "file_order",
    "position",
    "extraction_id",
    "status",
    "state",
    "created",
    "updated",
)
"""The columns a new card is inserted with (suspended, reps and lapses take their defaults)."""

RENDER_BATCH = 2000
"""Cards whose Anki note fields are rendered, then stored in one short write, at a time."""

INSERT_BATCH = 999 // len(NEW_CARD_COLUMNS)
"""New cards per INSERT statement: as many as sqlite-utils puts in one (999 values at most)."""


def allocate_ids(conn: sqlite3.Connection, wanted: list[str]) -> list[str]:
    """Permanent ids for new cards: each one's extraction id when free, else a fresh derived one.

    A key freed by a relinked card can later be extracted again for a genuinely new card; that
    card gets ``blake2b(wanted:n)`` for the first n that collides with nothing, so ids never clash.
    One query finds which wanted ids are taken already (not one query per card).
    """
    taken = {
        card_id
        for (card_id,) in conn.execute(
            "SELECT id FROM cards WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(wanted),),
        )
    }
    ids = []
    for want in wanted:
        candidate, n = want, 0
        while candidate in taken:
            n += 1
            candidate = hashlib.blake2b(f"{want}:{n}".encode(), digest_size=8).hexdigest()
            if conn.execute("SELECT 1 FROM cards WHERE id = ?", (candidate,)).fetchone():
                taken.add(candidate)
        taken.add(candidate)
        ids.append(candidate)
    return ids


@dataclass
class _Target:
    """One source to sync: where it is, how the user named it, and what is known of it."""

    path: Path
    given: str
    kind: str
    known: changes.KnownSource | None
    absorbs: list[changes.KnownSource] = field(default_factory=list)
    vanished: list[changes.KnownSource] = field(default_factory=list)
    listing: str | None = None
    folders: dict[str, int] = field(default_factory=dict)


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    relinked: int = 0
    orphaned: int = 0
    unchanged: int = 0
    restored: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class Syncer:
    """One run of `Collection.sync` (see there for the contract)."""

    def __init__(
        self,
        collection: Collection,
        now: datetime,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        sample: bool = False,
        render: bool = True,
    ) -> None:
        self.col = collection
        self.render = render
        self.conn: sqlite3.Connection = collection.connection
        self.now = now
        self.stamp = encode(now)
        self.dry_run = dry_run
        self.progress = progress or (lambda done, total, what: None)
        self.sample = sample
        self.tally = _Tally()
        self.taken: set[int] = set()  # vanished sources already carried over by a new source
        # (card id, question, answer, context, kind) of cards added or whose text changed:
        # their Anki note fields are rendered once the plan is committed (`_render_fields`).
        self.to_render: list[tuple] = []

    # --- which sources -----------------------------------------------------------------------
    def _targets(self, paths: Iterable[str | os.PathLike] | None) -> list[_Target]:
        known = changes.known_sources(self.conn)
        if paths is None:
            targets = []
            for source in known:
                if not source.exists():
                    self.tally.errors.append(
                        f"{source.path}: no longer exists; its cards are kept (sync the log "
                        "from its new place to carry on)"
                    )
                    continue
                targets.append(_Target(Path(source.path), source.given, source.kind, source))
            return targets
        by_path = {Path(s.path): s for s in known}
        targets: dict[Path, _Target] = {}
        for raw in paths:
            given = os.fspath(raw)
            path = Path(given).expanduser()
            if not path.exists():
                raise SourceError(f"{given}: no such file or folder")
            path = path.resolve()
            if path.is_dir():
                kind = "folder"
            elif path.is_file():
                kind = "file"
            else:
                raise SourceError(f"{given}: not a file or folder")
            # A file inside a known folder source is synced as part of that folder.
            owner = next(
                (
                    s
                    for p, s in by_path.items()
                    if s.kind == "folder" and p != path and path.is_relative_to(p)
                ),
                None,
            )
            if owner is not None:
                path, given, kind = Path(owner.path), owner.given, owner.kind
            target = targets.get(path)
            if target is None:
                target = targets[path] = _Target(path, given, kind, by_path.get(path))
            if kind == "folder":
                # Known sources inside a new folder source become part of it.
                target.absorbs = [
                    s
                    for p, s in by_path.items()
                    if p != path and p.is_relative_to(path) and s is not target.known
                ]
        # A new source may be a known one that moved: the vanished sources are its candidates.
        absorbed = {s.id for t in targets.values() for s in t.absorbs}
        vanished = [s for s in known if not s.sample and s.id not in absorbed and not s.exists()]
        for target in targets.values():
            if target.known is None and not self.sample:
                target.vanished = vanished
        return list(targets.values())

    # --- run ----------------------------------------------------------------------------------
    def run(self, paths: Iterable[str | os.PathLike] | None) -> SyncReport:
        targets = self._targets(paths)
        total = 3 * len(targets)
        own_new = False
        for index, target in enumerate(targets):
            label = Path(target.given).name or target.given
            self.progress(3 * index, total, f"checking {label}")
            if target.known is not None and not target.absorbs and not target.known.changed():
                self.tally.unchanged += self._count_live(target.known.id)
                continue
            if target.known is None and not self.sample:
                own_new = True
            self.progress(3 * index + 1, total, f"reading {label}")
            extraction, seen = self._extract(target)
            self.progress(3 * index + 2, total, f"matching {label}")
            self._apply(target, extraction, seen)
        if own_new:
            self._retire_sample()
        if self.to_render and self.render:
            self.progress(total, total, "rendering cards for export")
            self._render_fields()
        self.progress(total, total, "done")
        t = self.tally
        return SyncReport(
            added=t.added,
            updated=t.updated,
            relinked=t.relinked,
            orphaned=t.orphaned,
            unchanged=t.unchanged,
            restored=t.restored,
            warnings=tuple(t.warnings),
            errors=tuple(t.errors),
            notices=tuple(t.notices),
        )

    def _render_fields(self) -> None:
        """Render and store the Anki note fields of the cards this sync added or changed.

        After the plan's transaction, not inside it, and RENDER_BATCH cards per write: rendering
        takes ~0.2 ms a card, and a review session must not wait that long for the write lock
        (nor a first sync of a 10 MB log hold every card's HTML in memory). Best effort: when
        the lock is busy, those fields are not stored and `recall export` renders the cards.
        Imported here only: `recall due` with nothing changed must not load markdown-it-py.
        """
        from recall.anki.fields import NoteRenderer
        from recall.store import rendered

        renderer = NoteRenderer()
        pending, self.to_render = self.to_render, []
        for start in range(0, len(pending), RENDER_BATCH):
            fields = rendered.render(pending[start : start + RENDER_BATCH], renderer)
            if not fields:
                continue
            try:
                with write(self.conn, self.col.path):
                    rendered.save(self.conn, fields)
            except CollectionLocked:
                return

    def _count_live(self, source_id: int) -> int:
        (count,) = self.conn.execute(
            "SELECT count(*) FROM cards WHERE source_id = ? AND status != 'orphaned'",
            (source_id,),
        ).fetchone()
        return count

    # --- extraction ---------------------------------------------------------------------------
    def _extract(self, target: _Target) -> tuple[Extraction, dict[str, tuple[int, int, str]]]:
        """Extract one source; also the (size, mtime_ns, hash) of each file, taken *before* reading.

        Hashing first means a file edited while it is being read is seen as changed next time.
        """
        seen: dict[str, tuple[int, int, str]] = {}
        if target.kind == "folder":
            files, folders = changes.walk(target.path)
            target.listing = changes.listing_digest(target.path, files)
            target.folders = folders
        else:
            files = [target.path]
            target.listing, target.folders = None, {}
        for file in files:
            self._remember(seen, file)
        # The path as the user typed it when it still names the same place from here (so the
        # cards show `log.md`, not an absolute path), else the absolute path.
        argument = target.given
        try:
            if Path(argument).expanduser().resolve() != target.path:
                argument = str(target.path)
        except OSError:
            argument = str(target.path)
        from recall.extract import extract_paths

        extraction = extract_paths([argument])
        for file in extraction.files:
            if str(Path(file.path)) not in seen:
                self._remember(seen, Path(file.path))
        self.tally.warnings.extend(extraction.warnings)
        self.tally.errors.extend(extraction.errors)
        return extraction, seen

    @staticmethod
    def _remember(seen: dict[str, tuple[int, int, str]], file: Path) -> None:
        sig = changes.signature(file)
        if sig is None:
            return
        try:
            seen[str(file)] = (*sig, changes.digest(file))
        except OSError:
            return

    # --- applying a plan ----------------------------------------------------------------------
    def _apply(self, target: _Target, extraction: Extraction, seen: dict) -> None:
        from recall.identity import plan_sync

        failed = {
            str(Path(f.path))
            for f in extraction.files
            if any(error.startswith(f"{f.display}: ") for error in extraction.errors)
        }
        read = {str(Path(f.path)): f for f in extraction.files if str(Path(f.path)) not in failed}
        id_paths = {path: f.id_path for path, f in read.items()}
        file_order = {path: i for i, path in enumerate(read)}
        with self._transaction():
            source_id = self._source_row(target)
            owners = [source_id] if source_id is not None else []
            owners += [s.id for s in target.absorbs]
            vanished = [s for s in target.vanished if s.id not in self.taken]
            stored, kept, owner_of = self._stored_cards(owners + [s.id for s in vanished], failed)
            plan = plan_sync(stored, extraction.cards, id_paths=id_paths)
            if vanished:
                # Carry over only the vanished sources that share a card with this one; the
                # others keep their cards as they are (the log may come back).
                matched = {owner_of[card_id] for card_id, _ in plan.matches()}
                moved = [s for s in vanished if s.id in matched]
                if len(moved) < len(vanished):
                    keep = {s.id for s in vanished} - matched
                    stored = [c for c in stored if owner_of[c.id] not in keep]
                    plan = plan_sync(stored, extraction.cards, id_paths=id_paths)
                self._moved(moved, target)
                target.absorbs = [*target.absorbs, *moved]
            t = self.tally
            t.added += len(plan.added)
            t.updated += len(plan.updated)
            t.relinked += len(plan.relinked)
            t.restored += len(plan.restored)
            t.unchanged += len(plan.unchanged)
            t.orphaned += len(plan.orphaned)
            t.warnings.extend(plan.warnings)
            if self.dry_run:
                return
            self._write_plan(source_id, plan, id_paths, file_order)
            self._absorb(source_id, target.absorbs)
            self._write_files(source_id, target, extraction, seen, kept | failed)

    def _moved(self, moved: list[changes.KnownSource], target: _Target) -> None:
        """Say which vanished sources the target carries on; never offer them to another."""
        verb = "would follow" if self.dry_run else "now follow"
        for source in moved:
            self.taken.add(source.id)
            self.tally.notices.append(
                MOVED_NOTICE.format(old=source.path, verb=verb, new=target.given)
            )

    def _transaction(self):
        if self.dry_run:
            return _NoWrite()
        return write(self.conn, self.col.path)

    def _source_row(self, target: _Target) -> int | None:
        """The id of the target's source row, inserted now when it is new (None in a dry run)."""
        if target.known is not None:
            return target.known.id
        if self.dry_run:
            return None
        row = {
            "path": str(target.path),
            "given": target.given,
            "kind": target.kind,
            "sample": int(self.sample),
            "added": self.stamp,
        }
        return self.col.db.table("sources").insert(row).last_pk

    def _stored_cards(
        self, owners: list[int], failed: set[str]
    ) -> tuple[list, set[str], dict[str, int]]:
        """The stored cards of the `owners` sources in log order, as `recall.identity.StoredCard`;
        apart, the files among `failed` that hold some (unreadable this time: their cards are
        left as they are); and the source of each card returned (card id → source id)."""
        from recall.identity import StoredCard

        stored, kept, owner_of = [], set(), {}
        if not owners:
            return stored, kept, owner_of
        rows = self.col.db.table("cards").rows_where(
            f"source_id IN ({', '.join('?' * len(owners))})",
            owners,
            select="id, key, id_path, context, question, answer, status, deck, kind, tags, "
            "position, file, source_id",
            order_by="file_order, position",
        )
        for row in rows:
            if row["file"] in failed:
                kept.add(row["file"])
                continue
            owner_of[row["id"]] = row["source_id"]
            stored.append(
                StoredCard(
                    id=row["id"],
                    key=row["key"],
                    file=row["id_path"],
                    context=tuple(json.loads(row["context"])),
                    question=row["question"],
                    answer=row["answer"],
                    status=row["status"],
                    deck=row["deck"],
                    kind=row["kind"],
                    tags=tuple(json.loads(row["tags"])),
                    position=row["position"],
                )
            )
        return stored, kept, owner_of

    def _write_plan(self, source_id, plan, id_paths, file_order) -> None:
        now = self.stamp

        def place(ext) -> tuple:
            return (
                ext.source.path,
                ext.source.line,
                ext.source.end_line,
                ext.source.url,
                ext.file,
                id_paths.get(ext.file, ext.source.path),
                file_order.get(ext.file, 0),
                ext.position,
                ext.id,
            )

        # Hand-written bulk UPDATEs: sqlite-utils updates one row per call (`table.update`), and
        # its `upsert_all` would need every NOT NULL column and rewrite every row.
        place_sql = (
            "source_path = ?, line = ?, end_line = ?, url = ?, file = ?, id_path = ?, "
            "file_order = ?, position = ?, extraction_id = ?"
        )
        # Unchanged text: only the location may have moved; write only rows that differ.
        moved = []
        for card_id, ext in plan.unchanged:
            moved.append((*place(ext), card_id, *place(ext)))
        self.conn.executemany(
            f"UPDATE cards SET {place_sql}, source_id = {int(source_id)} WHERE id = ? AND NOT "
            "(source_path IS ? AND line IS ? AND end_line IS ? AND url IS ? AND file IS ? "
            "AND id_path IS ? AND file_order IS ? AND position IS ? AND extraction_id IS ? "
            f"AND source_id = {int(source_id)})",
            moved,
        )
        changed = [(card_id, ext, False) for card_id, ext in plan.updated]
        changed += [(card_id, ext, False) for card_id, ext, _score in plan.relinked]
        changed += [(card_id, ext, True) for card_id, ext in plan.restored]
        self.conn.executemany(
            "UPDATE cards SET key = ?, deck = ?, context = ?, question = ?, answer = ?, kind = ?, "
            f"tags = ?, {place_sql}, source_id = ?, updated = ?, status = CASE WHEN ? = 0 "
            "THEN status WHEN suspended = 1 THEN 'suspended' ELSE 'active' END WHERE id = ?",
            [
                (
                    plan.keys[ext.id],
                    ext.deck,
                    json.dumps(list(ext.context), ensure_ascii=False),
                    ext.question,
                    ext.answer,
                    ext.kind,
                    json.dumps(list(ext.tags), ensure_ascii=False),
                    *place(ext),
                    source_id,
                    now,
                    int(restore),
                    card_id,
                )
                for card_id, ext, restore in changed
            ],
        )
        self.conn.executemany(
            "UPDATE cards SET status = 'orphaned', updated = ? WHERE id = ? AND status != 'orphaned'",
            [(now, card_id) for card_id in plan.orphaned],
        )
        self.to_render += [
            (card_id, ext.question, ext.answer, ext.context, ext.kind)
            for card_id, ext, _restore in changed
        ]
        if not plan.added:
            return
        ids = allocate_ids(self.conn, [ext.id for ext in plan.added])
        self.to_render += [
            (card_id, ext.question, ext.answer, ext.context, ext.kind)
            for card_id, ext in zip(ids, plan.added, strict=True)
        ]
        rows = (
            (
                card_id,
                plan.keys[ext.id],
                source_id,
                ext.deck,
                ext.context,  # tuples: sqlite-utils stores them as JSON lists
                ext.question,
                ext.answer,
                ext.kind,
                ext.tags,
                *place(ext),
                Status.ACTIVE.value,
                "new",
                now,
                now,
            )
            for card_id, ext in zip(ids, plan.added, strict=True)
        )
        self.col.db.table("cards").insert_all(
            itertools.chain([NEW_CARD_COLUMNS], rows), batch_size=INSERT_BATCH
        )

    def _absorb(self, source_id: int, absorbed: list[changes.KnownSource]) -> None:
        """Known sources inside a new folder source become part of it: cards moved, rows gone."""
        db = self.col.db
        for source in absorbed:
            self.conn.execute(
                "UPDATE cards SET source_id = ? WHERE source_id = ?", (source_id, source.id)
            )
            db.table("source_files").delete_where("source_id = ?", [source.id])
            db.table("sources").delete(source.id)

    def _write_files(self, source_id, target, extraction, seen, kept) -> None:
        """Record what the source read (files with size, mtime and hash) for the next change check."""
        db = self.col.db
        files = db.table("source_files")
        files.delete_where(
            "source_id = ? AND path NOT IN (SELECT value FROM json_each(?))",
            [source_id, json.dumps(sorted(kept))],
        )
        rows = []
        for seq, file in enumerate(extraction.files):
            path = str(Path(file.path))
            if path not in seen or path in kept:
                continue
            size, mtime_ns, content = seen[path]
            rows.append(
                {
                    "source_id": source_id,
                    "path": path,
                    "display": file.display,
                    "id_path": file.id_path,
                    "seq": seq,
                    "hash": content,
                    "size": size,
                    "mtime_ns": mtime_ns,
                    "last_sync": self.stamp,
                }
            )
        files.upsert_all(rows, pk=("source_id", "path"))
        db.table("sources").update(
            source_id,
            {
                "last_sync": self.stamp,
                "listing": target.listing,
                "folders": target.folders or None,  # a dict: stored as JSON
                "given": target.given,
                "extracted_by": __version__,
            },
        )

    def _retire_sample(self) -> None:
        row = self.conn.execute(
            "SELECT id FROM sources WHERE sample = 1 AND retired = 0"
        ).fetchone()
        if row is None:
            return
        (count,) = self.conn.execute(
            "SELECT count(*) FROM cards WHERE source_id = ? AND status != 'orphaned'", row
        ).fetchone()
        self.tally.notices.append(RETIRE_NOTICE.format(n=count))
        if self.dry_run:
            return
        with write(self.conn, self.col.path):
            self.conn.execute(
                "UPDATE cards SET status = 'orphaned', updated = ? WHERE source_id = ? "
                "AND status != 'orphaned'",
                (self.stamp, row[0]),
            )
            self.col.db.table("sources").update(row[0], {"retired": 1})


class _NoWrite:
    """The transaction of a dry run: none (every writer returns early when `dry_run` is set)."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
