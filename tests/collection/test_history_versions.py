"""The real identity check end to end: five versions of the user's log, reviewed between syncs.

The versions are copied one after another into ONE file path (the same log evolving): the
corpus history c55ed12, 394be01, the seed, c8b215a, then the latest README. Between versions
every due card is reviewed and the clock moves on three days. Asserted and printed:
reviews kept on unchanged cards (100%), duplicates (0), wrong merges (0).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from recall.collection import Collection
from recall.rating import Rating, Status
from tests.collection.conftest import T0

LOG = "quangvu0702__Daily-Learning-Log"

# Cards whose text may change between two versions while keeping their history, judged by
# reading the diffs: (version index, old question, new question). The user's real edits
# between these five versions only add material (new entries, a heading turned into a
# sub-heading over an empty bullet, sections appended), so no stored card should change.
EXPECTED_MERGES: set[tuple[int, str, str]] = set()


def _versions(shared):
    corpus = shared / "corpus" / LOG
    return [
        corpus / "_history" / "README.md@c55ed12",
        corpus / "_history" / "README.md@394be01",
        shared / "seed" / "daily-learning-log.md",
        corpus / "_history" / "README.md@c8b215a",
        corpus / "README.md",
    ]


def _text(card):
    return (card.deck, tuple(card.context), card.question, card.answer)


def _review_everything_due(col, now):
    for _ in range(6):
        queue = col.queue(now)
        if not queue:
            break
        for n, card in enumerate(queue):
            col.review(card.id, Rating.AGAIN if n % 7 == 3 else Rating.GOOD, now, duration_ms=5000)
        now += timedelta(minutes=11)
    return now


@pytest.mark.shared
def test_five_versions_keep_history(shared, tmp_path, capsys):
    log = tmp_path / "Daily-Learning-Log" / "README.md"
    log.parent.mkdir()
    now = T0
    kept = unchanged_total = duplicates = wrong_merges = 0
    lines = []
    with Collection.open(tmp_path / "collection.db", tz="UTC") as col:
        for index, version in enumerate(_versions(shared)):
            before = {c.id: c for c in col.cards()}
            history = {c.id: col.reviews(c.id) for c in before.values()}
            log.write_bytes(version.read_bytes())
            report = col.sync([log], now)
            after = {c.id: c for c in col.cards()}
            active = [c for c in after.values() if c.status is not Status.ORPHANED]

            # Reviews kept on unchanged cards: same text before and after -> same card,
            # same schedule, same review log.
            new_texts = Counter(_text(c) for c in active)
            for card in before.values():
                if card.status is Status.ORPHANED or new_texts[_text(card)] == 0:
                    continue
                unchanged_total += 1
                now_card = after.get(card.id)
                if (
                    now_card is not None
                    and now_card.status is card.status
                    and _text(now_card) == _text(card)
                    and now_card.memory == card.memory
                    and col.reviews(card.id) == history[card.id]
                ):
                    kept += 1

            # Duplicates: two active cards for one extracted card.
            duplicates += sum(n - 1 for n in new_texts.values() if n > 1)
            assert len(active) == report.added + report.updated + report.relinked + (
                report.unchanged + report.restored
            )

            # Wrong merges: a stored card whose text changed without being an expected merge.
            for card_id, card in before.items():
                new = after[card_id]
                if new.status is Status.ORPHANED or _text(new) == _text(card):
                    continue
                if (index, card.question, new.question) not in EXPECTED_MERGES:
                    wrong_merges += 1
                    lines.append(f"  unexpected merge: {_text(card)} -> {_text(new)}")

            lines.append(
                f"v{index} {version.name}: added {report.added}, updated {report.updated}, "
                f"relinked {report.relinked}, orphaned {report.orphaned}, "
                f"unchanged {report.unchanged}, restored {report.restored}; "
                f"{len(active)} active cards, {len(col.reviews())} reviews so far"
            )
            now = _review_everything_due(col, now) + timedelta(days=3)

    share = 100.0 * kept / unchanged_total if unchanged_total else 100.0
    lines.append(
        f"reviews kept on unchanged cards: {kept}/{unchanged_total} ({share:.0f}%), "
        f"duplicates: {duplicates}, wrong merges: {wrong_merges}"
    )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert unchanged_total > 100
    assert kept == unchanged_total, "\n".join(lines)
    assert duplicates == 0, "\n".join(lines)
    assert wrong_merges == 0, "\n".join(lines)


# Edits a user typically makes, applied to the seed log by this test (old text, new text), and
# what must become of the cards they touch: (old heading, old question) -> (new heading, new
# question). Everything else must stay exactly as it was.
EDITS = [
    # an answer typo fixed
    ("LoRa adjusts the internal weights", "LoRA adjusts the internal weights"),
    # a heading renamed
    ("### Soft Prompting:", "### Soft Prompting (prefix tuning):"),
    # a question (label) edited
    ("- Training: LoRa focuses", "- Training method: LoRa focuses"),
    # a section deleted
    (
        "### Summary:\n\n- Soft Prompting: Modifies input, efficient, NLP tasks\n"
        "- LoRA: Adjusts weights, fine-tunes specific layers, efficient, various tasks\n",
        "",
    ),
    # an item moved to the top of its section
    (
        "- Tesla is not a software company, it's an robot company.\n"
        "- Define what is the bottleneck?",
        "- Define what is the bottleneck?",
    ),
]
EDITED_MERGES = {
    ("Soft Prompting", "How it works?"): ("Soft Prompting (prefix tuning)", "How it works?"),
    ("Soft Prompting", "Training?"): ("Soft Prompting (prefix tuning)", "Training?"),
    ("Soft Prompting", "Use cases?"): ("Soft Prompting (prefix tuning)", "Use cases?"),
    ("LoRA (Low-Rank Adaptation)", "How it works?"): (
        "LoRA (Low-Rank Adaptation)",
        "How it works?",
    ),
    ("LoRA (Low-Rank Adaptation)", "Training?"): ("LoRA (Low-Rank Adaptation)", "Training method?"),
}
EDITED_ORPHANS = {("Summary", "Soft Prompting?"), ("Summary", "LoRA?")}


def _reindented(text: str) -> str:
    """The Zettelkasten section's 3-space bullets moved to column 0 (a whole block reindented)."""
    start = text.index("### [Understanding note-taking")
    end = text.index("### [How to choose")
    return text[:start] + text[start:end].replace("\n   - ", "\n- ") + text[end:]


@pytest.mark.shared
def test_typical_edits_of_the_seed_keep_history_and_never_merge_wrongly(shared, tmp_path):
    seed = (shared / "seed" / "daily-learning-log.md").read_text(encoding="utf-8")
    edited = seed
    for old, new in EDITS:
        assert old in edited, old
        edited = edited.replace(old, new, 1)
    edited = _reindented(edited)
    (tmp_path / "recall.toml").write_text("new_per_day = 1000\n")
    log = tmp_path / "README.md"
    log.write_text(seed, encoding="utf-8")
    with Collection.open(tmp_path / "collection.db", tz="UTC") as col:
        col.sync([log], T0)
        _review_everything_due(col, T0)
        before = {c.id: c for c in col.cards()}
        assert all(c.reps > 0 for c in before.values())
        log.write_text(edited, encoding="utf-8")
        report = col.sync([log], T0 + timedelta(days=3))
        after = {c.id: c for c in col.cards()}

    kept, wrong, orphaned = [], [], set()
    for card_id, old in before.items():
        new = after[card_id]
        assert new.memory == old.memory  # a sync never touches a schedule
        old_at = (old.context[-1], old.question)
        if new.status is Status.ORPHANED:
            orphaned.add(old_at)
        elif _text(new) != _text(old):
            if EDITED_MERGES.get(old_at) == (new.context[-1], new.question):
                kept.append(old_at)
            else:
                wrong.append(f"{old_at} -> {(new.context, new.question)}")
    assert wrong == []
    assert sorted(kept) == sorted(EDITED_MERGES)
    assert orphaned == EDITED_ORPHANS
    assert report.added == 0 and report.orphaned == 2
    assert len(after) == len(before)
