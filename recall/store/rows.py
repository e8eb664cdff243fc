"""Rows ↔ records: the columns of `cards` and `review_log` as Card, Memory and ReviewLog."""

from __future__ import annotations

import json
import sqlite3

from recall.model import Card, Memory, ReviewLog, ReviewMark, SourceRef
from recall.rating import Rating, State, Status
from recall.store.times import decode, encode

MEMORY_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")

CARD_COLUMNS = (
    "id",
    "key",
    "deck",
    "context",
    "question",
    "answer",
    "kind",
    "tags",
    "source_path",
    "line",
    "end_line",
    "url",
    "file",
    "status",
    "buried_until",
    *MEMORY_FIELDS,
    "position",
    "created",
)
CARD_SELECT = "SELECT " + ", ".join(f"c.{name}" for name in CARD_COLUMNS) + " FROM cards c"

LOG_COLUMNS = (
    "id",
    "card_id",
    "rating",
    "reviewed_at",
    "duration_ms",
    *(f"before_{name}" for name in MEMORY_FIELDS),
    *(f"after_{name}" for name in MEMORY_FIELDS),
)
LOG_SELECT = "SELECT " + ", ".join(LOG_COLUMNS) + " FROM review_log"
LOG_INSERT = (
    f"INSERT INTO review_log ({', '.join(LOG_COLUMNS[1:])}) "
    f"VALUES ({', '.join('?' * (len(LOG_COLUMNS) - 1))})"
)
"""A new review-log row: card_id, rating, reviewed_at, duration_ms, then the Memory before
and after (`memory_values` of each)."""

MEMORY_SET = ", ".join(f"{name} = ?" for name in MEMORY_FIELDS)
"""``state = ?, step = ?, ...``: a card's Memory in an UPDATE (`memory_values` in that order)."""

# Stored text → member by a dict lookup: calling the enum costs ~1 µs a value, which adds up
# over a long review log (1M reviews: three per row). CHECK constraints keep the values valid.
_STATES = {state.value: state for state in State}
_STATUSES = {status.value: status for status in Status}
_RATINGS = {rating.value: rating for rating in Rating}


def memory_from(values: tuple | sqlite3.Row) -> Memory:
    """A Memory from the eight values of MEMORY_FIELDS, in that order."""
    state, step, stability, difficulty, due, last_review, reps, lapses = values
    return Memory(
        state=_STATES[state],
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=decode(due),
        last_review=decode(last_review),
        reps=reps,
        lapses=lapses,
    )


def memory_values(memory: Memory) -> tuple:
    """The eight stored values of a Memory, in MEMORY_FIELDS order."""
    return (
        memory.state.value,
        memory.step,
        memory.stability,
        memory.difficulty,
        encode(memory.due),
        encode(memory.last_review),
        memory.reps,
        memory.lapses,
    )


def card_from(row: tuple | sqlite3.Row) -> Card:
    """A Card from a row selected with CARD_SELECT."""
    (
        card_id,
        key,
        deck,
        context,
        question,
        answer,
        kind,
        tags,
        source_path,
        line,
        end_line,
        url,
        file,
        status,
        buried_until,
    ) = row[:15]
    return Card(
        id=card_id,
        key=key,
        deck=deck,
        context=tuple(json.loads(context)),
        question=question,
        answer=answer,
        kind=kind,
        tags=tuple(json.loads(tags)),
        source=SourceRef(path=source_path, line=line, end_line=end_line, url=url),
        file=file,
        status=_STATUSES[status],
        buried_until=decode(buried_until),
        memory=memory_from(row[15:23]),
        position=row[23],
        created=decode(row[24]),
    )


def review_from(row: tuple | sqlite3.Row) -> ReviewLog:
    """A ReviewLog from a row selected with LOG_SELECT."""
    return ReviewLog(
        id=row[0],
        card_id=row[1],
        rating=_RATINGS[row[2]],
        reviewed_at=decode(row[3]),
        duration_ms=row[4],
        before=memory_from(row[5:13]),
        after=memory_from(row[13:21]),
    )


MARK_SELECT = "SELECT card_id, reviewed_at, rating, before_state FROM review_log"


def mark_from(row: tuple | sqlite3.Row) -> ReviewMark:
    """A ReviewMark from a row selected with MARK_SELECT."""
    return ReviewMark(row[0], decode(row[1]), _RATINGS[row[2]], _STATES[row[3]])


def card_to_dict(card: Card) -> dict:
    """The stored fields of a card as JSON-ready values (times as UTC ISO-8601 with offset)."""
    memory = card.memory
    return {
        "id": card.id,
        "key": card.key,
        "deck": card.deck,
        "context": list(card.context),
        "question": card.question,
        "answer": card.answer,
        "kind": card.kind,
        "tags": list(card.tags),
        "source": card.source.to_dict(),
        "file": card.file,
        "position": card.position,
        "status": card.status.value,
        "buried_until": _iso(card.buried_until),
        "state": memory.state.value,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": _iso(memory.due),
        "last_review": _iso(memory.last_review),
        "reps": memory.reps,
        "lapses": memory.lapses,
        "created": _iso(card.created),
    }


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()
