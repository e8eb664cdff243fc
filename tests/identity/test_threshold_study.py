"""Why RELINK_THRESHOLD is 0.75: real cards of the corpus, edited in simulation and compared.

A relink happens only between a stored card that lost its key and an extracted card that has
a new one, so the worst case for a wrong merge is "card X deleted and card Y added in the same
sync": X and Y are then compared. This study scores every such pair of two different real
cards of one file (negatives) and every card against simulated edits of itself (positives).
Needs ../shared (skips without it).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from recall.identity import RELINK_THRESHOLD, CardText, StoredCard, plan_sync, similarity
from recall.similarity import normalize

OWN_LOG = ["seed/daily-learning-log.md", "corpus/quangvu0702__Daily-Learning-Log/README.md"]
PAIRS_PER_FILE = 400  # cards per file compared pairwise (all of them in every corpus file today)


@pytest.fixture(scope="module")
def corpus_cards():
    """{file: [ExtractedCard]} for every markdown file of the corpus and the seed."""
    from tests.conftest import SHARED

    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    from recall.extract import extract_paths

    files = sorted(str(p) for p in (SHARED / "corpus").rglob("*.md"))
    files.append(str(SHARED / "seed/daily-learning-log.md"))
    by_file: dict[str, list] = {}
    for card in extract_paths(files).cards:
        by_file.setdefault(card.file, []).append(card)
    assert sum(map(len, by_file.values())) > 200
    return by_file


def text_of(card) -> CardText:
    return CardText.of(card.question, card.answer, card.context, "log.md")


def score(new, old) -> float:
    """The score plan_sync gives an edited card (question, answer, context) against `old`."""
    q, a, c = new
    return similarity(CardText.of(q, a, c, "log.md"), text_of(old))


@pytest.fixture(scope="module")
def negatives(corpus_cards):
    """{file: [(score, x, y)]}: every ordered pair of two different cards of one file, scored
    as if x had been deleted and y added in the same sync."""
    result = {}
    for path, cards in corpus_cards.items():
        cards = cards[:PAIRS_PER_FILE]
        texts = [text_of(c) for c in cards]
        rows = []
        for (x, tx), (y, ty) in itertools.permutations(zip(cards, texts, strict=True), 2):
            if (tx.question, tx.answer) != (ty.question, ty.answer):
                rows.append((similarity(ty, tx), x, y))
        result[path] = rows
    return result


@pytest.mark.shared
@pytest.mark.slow
def test_no_two_cards_of_the_users_log_are_close_enough_to_merge(negatives, shared):
    scores = [
        (sc, x.question, y.question)
        for rel in OWN_LOG
        for sc, x, y in negatives[str((shared / rel).resolve())]
    ]
    best = max(scores)
    print(
        f"\nuser's log: {len(scores)} pairs of different cards, highest score {best[0]:.3f} {best[1:]}"
    )
    assert best[0] < RELINK_THRESHOLD - 0.05  # a margin, not a coin toss


@pytest.mark.shared
@pytest.mark.slow
def test_same_label_under_another_heading_never_merges_anywhere(negatives):
    """`How it works` under Soft Prompting vs under LoRA, and every such pair in the corpus."""
    scores = [
        sc
        for rows in negatives.values()
        for sc, x, y in rows
        if normalize(x.question) == normalize(y.question) and x.context != y.context
    ]
    assert len(scores) >= 10
    print(f"\nsame label, other heading: {len(scores)} pairs, highest {max(scores):.3f}")
    assert max(scores) < RELINK_THRESHOLD - 0.05


@pytest.mark.shared
@pytest.mark.slow
def test_different_cards_rarely_look_like_an_edit(negatives):
    scores = [sc for rows in negatives.values() for sc, _, _ in rows]
    above = sum(s >= RELINK_THRESHOLD for s in scores)
    print(
        f"\ncorpus: {len(scores)} ordered pairs of different cards, {above} at or above the threshold"
    )
    # the few above are near-identical test notes of other tools (cloze variants of one
    # sentence, "L1"/"L2" versions of one question): told apart only by what an edit changes
    assert above / len(scores) < 0.002


def _typo(rnd: random.Random, text: str) -> str:
    """One letter of one word of four letters or more changed (or an `s` added)."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 4]
    if not long_words:
        return text + "s"
    i = rnd.choice(long_words)
    word = words[i]
    j = rnd.choice([k for k, ch in enumerate(word) if ch.isalpha()])
    words[i] = word[:j] + ("e" if word[j] != "e" else "a") + word[j + 1 :]
    return " ".join(words)


def _renamed(rnd: random.Random, context: tuple[str, ...]) -> tuple[str, ...]:
    if not context:
        return ("Notes",)
    last = context[-1]
    return (*context[:-1], rnd.choice([f"{last} notes", _typo(rnd, last), f"More on {last}"]))


SINGLE_EDITS = {
    "question typo": lambda r, c, other: (_typo(r, c.question), c.answer, c.context),
    "heading renamed": lambda r, c, other: (c.question, c.answer, _renamed(r, c.context)),
    "moved to another section": lambda r, c, other: (c.question, c.answer, other),
    "question and answer typos": lambda r, c, other: (
        _typo(r, c.question),
        _typo(r, c.answer),
        c.context,
    ),
}
DOUBLE_EDITS = {
    "moved, answer typo fixed": lambda r, c, other: (c.question, _typo(r, c.answer), other),
    "heading renamed, answer extended": lambda r, c, other: (
        c.question,
        c.answer + " This matters in practice.",
        _renamed(r, c.context),
    ),
    "question typo, answer extended": lambda r, c, other: (
        _typo(r, c.question),
        c.answer + " See the paper for details.",
        c.context,
    ),
}


def _edit_scores(corpus_cards, edits):
    rnd = random.Random(20240909)
    result = {name: [] for name in edits}
    for cards in corpus_cards.values():
        contexts = sorted({c.context for c in cards})
        for card in cards:
            others = [c for c in contexts if c != card.context] or [("Elsewhere",)]
            for name, edit in edits.items():
                result[name].append(score(edit(rnd, card, rnd.choice(others)), card))
    return result


@pytest.mark.shared
@pytest.mark.slow
def test_every_single_edit_of_every_real_card_relinks(corpus_cards):
    for name, scores in _edit_scores(corpus_cards, SINGLE_EDITS).items():
        print(f"\n{name}: {len(scores)} cards, lowest score {min(scores):.3f}", end="")
        assert min(scores) >= RELINK_THRESHOLD, name


@pytest.mark.shared
@pytest.mark.slow
def test_plan_relinks_each_edited_real_card_to_itself_among_its_whole_file(corpus_cards):
    """The whole of plan_sync, not only the score: one card of a real file edited, every other
    card of the file as it was; the edited card must be relinked to its own stored card
    (a near-identical neighbour may make it ambiguous, never take it)."""
    rnd = random.Random(7)
    outcomes = {"relinked to itself": 0, "ambiguous": 0}
    for cards in corpus_cards.values():
        id_paths = {cards[0].file: "log.md"}
        first = plan_sync([], cards, id_paths=id_paths)
        stored = [
            StoredCard(
                id=c.id,
                key=first.keys[c.id],
                file="log.md",
                context=c.context,
                question=c.question,
                answer=c.answer,
                deck=c.deck,
                kind=c.kind,
                tags=c.tags,
                position=c.position,
            )
            for c in cards
        ]
        contexts = sorted({c.context for c in cards})
        for i, card in enumerate(cards):
            others = [c for c in contexts if c != card.context] or [("Elsewhere",)]
            for edit in SINGLE_EDITS.values():
                q, a, ctx = edit(rnd, card, rnd.choice(others))
                changed = replace(card, id=card.id + "-edited", question=q, answer=a, context=ctx)
                plan = plan_sync(stored, [*cards[:i], changed, *cards[i + 1 :]], id_paths=id_paths)
                matched = {ex.id: cid for cid, ex in plan.matches()}
                if matched.get(changed.id) == card.id:
                    outcomes["relinked to itself"] += 1
                    continue
                assert changed.id not in matched, (card.question, q, ctx, matched.get(changed.id))
                assert plan.ambiguous, (card.question, q, ctx)
                outcomes["ambiguous"] += 1
    print(f"\nwhole-plan single edits: {outcomes}", end="")
    total = sum(outcomes.values())
    assert outcomes["relinked to itself"] / total >= 0.99


@pytest.mark.shared
@pytest.mark.slow
def test_most_double_edits_still_relink(corpus_cards):
    """Two edits in one sync: mostly kept; short answers (a word or two) can fall below."""
    for name, scores in _edit_scores(corpus_cards, DOUBLE_EDITS).items():
        kept = sum(s >= RELINK_THRESHOLD for s in scores) / len(scores)
        print(f"\n{name}: {kept:.1%} of {len(scores)} relinked", end="")
        assert kept >= 0.9, name
