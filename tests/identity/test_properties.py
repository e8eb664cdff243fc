"""Properties of plan_sync on random logs and random edits (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from recall.identity import plan_sync
from recall.rating import Status

from .conftest import apply_plan, item, numbered

CONTEXTS = [("Sep 9",), ("Sep 9", "LoRA"), ("Sep 9", "Soft Prompting"), ("Sep 12", "Summary"), ()]
QUESTIONS = ["How it works", "Training", "Traning", "Use cases", "entropy = ?", "Summary"]
ANSWERS = [
    "adds a learned prefix to the input",
    "adds a learned prefix to the inputs",
    "learns low-rank updates of the weights",
    "expected value of surprise",
    "modifies input",
    "",
]

cards = st.builds(
    lambda c, q, a: item(CONTEXTS[c], QUESTIONS[q], ANSWERS[a]),
    st.integers(0, len(CONTEXTS) - 1),
    st.integers(0, len(QUESTIONS) - 1),
    st.integers(0, len(ANSWERS) - 1),
)
logs = st.lists(cards, max_size=12).map(numbered)


@st.composite
def edited(draw, log):
    """The log after a few learner edits: delete, insert, reword, move, reorder."""
    out = list(log)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["delete", "insert", "question", "answer", "context", "swap"]))
        if op == "insert" or not out:
            out.insert(draw(st.integers(0, len(out))), draw(cards))
            continue
        i = draw(st.integers(0, len(out) - 1))
        if op == "delete":
            del out[i]
        elif op == "question":
            out[i] = replace(out[i], question=draw(st.sampled_from(QUESTIONS)))
        elif op == "answer":
            out[i] = replace(out[i], answer=draw(st.sampled_from(ANSWERS)))
        elif op == "context":
            out[i] = replace(out[i], context=draw(st.sampled_from(CONTEXTS)))
        else:
            j = draw(st.integers(0, len(out) - 1))
            out[i], out[j] = out[j], out[i]
    # ids come from place and question, as the extractor's do
    return numbered([item(c.context, c.question, c.answer) for c in out])


def check_plan(stored, new, plan):
    """The invariants every plan keeps."""
    placed = [ex for _, ex in plan.matches()] + list(plan.added)
    assert sorted(map(id, placed)) == sorted(map(id, new)), "each extracted card exactly once"
    matched = [cid for cid, _ in plan.matches()]
    assert len(matched) == len(set(matched)), "no stored card matched twice"
    by_id = {c.id: c for c in stored}
    assert set(matched) <= set(by_id)
    live = {c.id for c in stored if c.status != Status.ORPHANED}
    assert set(plan.orphaned) <= live
    assert not set(plan.orphaned) & set(matched)
    assert live <= set(matched) | set(plan.orphaned), "a live card is either kept or orphaned"
    for cid, _ in plan.restored:
        assert by_id[cid].status == Status.ORPHANED
    for cid, _ in [*plan.unchanged, *plan.updated]:
        assert by_id[cid].status != Status.ORPHANED
    added = set(map(id, plan.added))
    for ex, candidates in plan.ambiguous:
        assert id(ex) in added and candidates
        for cid in candidates:
            assert cid not in matched
    assert len(plan.warnings) == len(plan.ambiguous)
    assert set(plan.keys) == {ex.id for ex in new}


@settings(max_examples=300, deadline=None)
@given(st.data(), logs)
def test_plan_maps_one_to_one_and_replanning_is_all_unchanged(data, log):
    stored = apply_plan([], plan_sync([], log))
    for _ in range(3):  # a few syncs in a row, as the log evolves
        new = data.draw(edited(stored_log(stored)))
        plan = plan_sync(stored, new)
        check_plan(stored, new, plan)
        stored = apply_plan(stored, plan)
        again = plan_sync(stored, new)
        assert len(again.unchanged) == len(new)
        assert not (
            again.updated or again.relinked or again.restored or again.added or again.orphaned
        )
        assert again.ambiguous == []


def stored_log(stored):
    """The live stored cards back as log items, in position order."""
    live = sorted((c for c in stored if c.status != Status.ORPHANED), key=lambda c: c.position)
    return numbered([item(c.context, c.question, c.answer) for c in live])


@settings(max_examples=200, deadline=None)
@given(logs, logs)
def test_plan_is_deterministic(a, b):
    stored = apply_plan([], plan_sync([], a))
    plan = plan_sync(stored, b)
    assert plan == plan_sync(stored, b)
    check_plan(stored, b, plan)


@settings(max_examples=300, deadline=None)
@given(logs, logs)
def test_reversed_stored_order_gives_the_same_matches(a, b):
    stored = apply_plan([], plan_sync([], a))
    plan = plan_sync(stored, b)
    flipped = plan_sync(stored[::-1], b)
    assert sorted((cid, ex.id) for cid, ex in plan.matches()) == sorted(
        (cid, ex.id) for cid, ex in flipped.matches()
    )


@settings(max_examples=300, deadline=None)
@given(st.data(), logs, logs)
def test_any_stored_order_gives_the_same_plan(data, a, b):
    """The store reads cards in some SQL order: no order may change any part of the plan
    (matches, ties, orphans and the order of every list), orphaned and suspended cards included."""
    stored = apply_plan([], plan_sync([], a))
    statuses = st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.SUSPENDED, Status.ORPHANED])
    stored = [replace(c, status=data.draw(statuses)) for c in stored]
    plan = plan_sync(stored, b)
    check_plan(stored, b, plan)
    assert plan_sync(data.draw(st.permutations(stored)), b) == plan


any_card = st.builds(
    lambda c, q, a, k: item(tuple(c), q, a, kind=k),
    st.lists(st.text(max_size=20), max_size=3),
    st.text(max_size=40),
    st.text(max_size=80),
    st.sampled_from(["label", "parent", "cloze"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(any_card, max_size=8), st.lists(any_card, max_size=8))
def test_any_text_at_all_plans_without_error(a, b):
    """Control characters, markup, empty strings, any script: a plan, never an exception."""
    stored = apply_plan([], plan_sync([], numbered(a)))
    new = numbered(b)
    plan = plan_sync(stored, new)
    check_plan(stored, new, plan)


PLAN_DIGEST = """
import hashlib, json
from tests.identity.conftest import apply_plan, item, numbered
from recall.identity import plan_sync
old = numbered(
    [item(f"Day {d % 7} > Summary", f"Tip {i % 3}", f"answer {i % 5}") for d in range(20) for i in range(15)]
)
stored = apply_plan([], plan_sync([], old))
new = numbered([item(f"Day {d % 9} > Summary", f"Tip {i % 4}", f"answer {i % 5}") for d in range(20) for i in range(15)])
plan = plan_sync(stored, new)
rows = [
    [[c, e.id] for c, e in plan.unchanged], [[c, e.id] for c, e in plan.updated],
    [[c, e.id, s] for c, e, s in plan.relinked], [[c, e.id] for c, e in plan.restored],
    [e.id for e in plan.added], plan.orphaned, [[e.id, ids] for e, ids in plan.ambiguous],
]
print(hashlib.sha256(json.dumps(rows).encode()).hexdigest())
"""


def test_plan_is_the_same_whatever_the_hash_seed():
    """Repeated keys, ties and set iteration: the plan never depends on PYTHONHASHSEED."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    digests = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run(
            [sys.executable, "-c", PLAN_DIGEST],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=dict(os.environ, PYTHONHASHSEED=seed),
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert len(digests) == 1
