"""Helpers for the identity tests: small cards written here, and applying a plan to a list."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from recall.identity import StoredCard, SyncPlan, plan_sync
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


def apply_plan(stored: list[StoredCard], plan: SyncPlan) -> list[StoredCard]:
    """What the store does with a plan, on a plain list: returns the new stored cards.

    Matched cards take the extracted text and key and become active (suspended stays suspended);
    added cards get the extraction id when free, else a fresh one; orphaned cards keep their text.
    """
    by_id = {c.id: c for c in stored}
    result: dict[str, StoredCard] = dict(by_id)
    for card_id, ex in plan.matches():
        old = by_id[card_id]
        status = Status.SUSPENDED if old.status == Status.SUSPENDED else Status.ACTIVE
        result[card_id] = _stored_from(card_id, ex, plan.keys[ex.id], status)
    for ex in plan.added:
        new_id = ex.id
        n = 1
        while new_id in result:
            n += 1
            new_id = f"{ex.id}#{n}"
        result[new_id] = _stored_from(new_id, ex, plan.keys[ex.id], Status.ACTIVE)
    for card_id in plan.orphaned:
        result[card_id] = replace(result[card_id], status=Status.ORPHANED)
    return list(result.values())


def _stored_from(card_id, ex, key, status) -> StoredCard:
    return StoredCard(
        id=card_id,
        key=key,
        file=ex.source.path,
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
