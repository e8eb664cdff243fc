"""Helpers for the identity tests: small cards written here, and applying a plan to a list."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from recall.identity import StoredCard, SyncPlan, card_id_path, id_paths_from, plan_sync
from recall.model import SourceRef
from recall.rating import Status

FILE = "log.md"


@dataclass(frozen=True)
class Item:
    """An extracted card with the attributes of `recall.extract.ExtractedCard` that identity reads."""

    id: str
    deck: str
    context: tuple[str, ...]
    question: str
    answer: str
    kind: str
    tags: tuple[str, ...]
    source: SourceRef
    file: str
    position: int


def item(context, question, answer, *, position=0, kind="label", deck="Log", file=FILE, tags=()):
    """One extracted card; `context` is a " > "-separated heading path or a tuple."""
    if isinstance(context, str):
        context = tuple(c for c in context.split(" > ") if c)
    ident = f"{file}|{'|'.join(context)}|{question}"
    return Item(
        id=ident,
        deck=deck,
        context=tuple(context),
        question=question,
        answer=answer,
        kind=kind,
        tags=tuple(tags),
        source=SourceRef(path=file, line=position + 1, end_line=position + 1),
        file=f"/abs/{file}",
        position=position,
    )


def numbered(items):
    """The same items with positions 0..n-1 in list order (as an extraction gives them).

    Ids stay as `item` made them (from file, context and question, like the extractor's); a
    repeated id gets an occurrence suffix, as the extractor does for a repeated question.
    """
    seen: dict[str, int] = {}
    result = []
    for i, it in enumerate(items):
        n = seen[it.id] = seen.get(it.id, 0) + 1
        ident = it.id if n == 1 else f"{it.id}~{n}"
        src = replace(it.source, line=i + 1, end_line=i + 1)
        result.append(replace(it, id=ident, position=i, source=src))
    return result


def apply_plan(stored: list[StoredCard], plan: SyncPlan, id_paths=None) -> list[StoredCard]:
    """What the store does with a plan, on a plain list: returns the new stored cards.

    Matched cards take the extracted text and key and become active (suspended stays suspended);
    added cards get the extraction id when free, else a fresh one; orphaned cards keep their text.
    """
    by_id = {c.id: c for c in stored}
    result: dict[str, StoredCard] = dict(by_id)
    for card_id, ex in plan.matches():
        old = by_id[card_id]
        status = Status.SUSPENDED if old.status == Status.SUSPENDED else Status.ACTIVE
        result[card_id] = _stored_from(card_id, ex, plan.keys[ex.id], status, id_paths)
    for ex in plan.added:
        new_id = ex.id
        n = 1
        while new_id in result:
            n += 1
            new_id = f"{ex.id}#{n}"
        result[new_id] = _stored_from(new_id, ex, plan.keys[ex.id], Status.ACTIVE, id_paths)
    for card_id in plan.orphaned:
        result[card_id] = replace(result[card_id], status=Status.ORPHANED)
    return list(result.values())


def _stored_from(card_id, ex, key, status, id_paths=None) -> StoredCard:
    return StoredCard(
        id=card_id,
        key=key,
        file=card_id_path(ex, id_paths),
        context=tuple(ex.context),
        question=ex.question,
        answer=ex.answer,
        status=status,
        deck=ex.deck,
        kind=ex.kind,
        tags=tuple(ex.tags),
        position=ex.position,
    )


def first_sync(items) -> list[StoredCard]:
    """The stored cards after syncing `items` into an empty collection."""
    return apply_plan([], plan_sync([], items))


@pytest.fixture
def sync():
    """sync(stored, items) -> (plan, new stored list)."""

    def run(stored, items):
        plan = plan_sync(stored, items)
        return plan, apply_plan(stored, plan)

    return run


class LogFile:
    """One log file that evolves: write a version, extract it for real, plan, apply (in memory).

    Attributes:
        path: the file (always the same path, as a learner's log is).
        stored: the stored cards after the last sync.
        history: one (plan, stored before, stored after) per sync.
    """

    def __init__(self, path):
        self.path = path
        self.stored: list[StoredCard] = []
        self.history: list[tuple[SyncPlan, list[StoredCard], list[StoredCard]]] = []

    def sync(self, text: str) -> SyncPlan:
        from recall.extract import extract_paths

        self.path.write_text(text, encoding="utf-8")
        extraction = extract_paths([str(self.path)])
        assert not extraction.errors, extraction.errors
        id_paths = id_paths_from(extraction.files)
        plan = plan_sync(self.stored, extraction.cards, id_paths=id_paths)
        before = self.stored
        self.stored = apply_plan(before, plan, id_paths)
        self.history.append((plan, before, self.stored))
        return plan

    def live(self) -> list[StoredCard]:
        return [c for c in self.stored if c.status != Status.ORPHANED]

    def id_of(self, context: tuple[str, ...], question: str) -> str:
        """The id of the one live card at (context, question)."""
        found = [c.id for c in self.live() if (c.context, c.question) == (context, question)]
        assert len(found) == 1, (context, question, found)
        return found[0]


@pytest.fixture
def log_file(tmp_path) -> LogFile:
    """An evolving log at tmp/daily-learning-log.md."""
    return LogFile(tmp_path / "daily-learning-log.md")
