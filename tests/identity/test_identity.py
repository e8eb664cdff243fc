"""plan_sync on small hand-written logs: one test per kind of edit a learner makes."""

from __future__ import annotations

from dataclasses import replace
from itertools import permutations

import pytest

from recall.identity import (
    FULL_COMPARISON_PAIRS,
    RELINK_THRESHOLD,
    StoredCard,
    content_key,
    plan_sync,
)
from recall.model import Card, SourceRef
from recall.rating import Status

from .conftest import FILE, apply_plan, first_sync, item, numbered

SOFT = "Sep 9, 2024: Soft Prompting vs LoRA > Soft Prompting"
LORA = "Sep 9, 2024: Soft Prompting vs LoRA > LoRA (Low-Rank Adaptation)"

V1 = numbered(
    [
        item(
            SOFT, "How it works", "Adds a learned prefix to the input; the model is not retrained."
        ),
        item(SOFT, "Training", "Only the prompt vectors are trained, which is cheap."),
        item(SOFT, "Use cases", "Steering a frozen model on text classification and generation."),
        item(LORA, "How it works", "Learns low-rank matrices that are added to the weights."),
        item(LORA, "Training", "Fine-tunes chosen layers such as attention, at low cost."),
        item(LORA, "Use cases", "Adapting one base model to many tasks with little memory."),
        item("Sep 20, 2024", "entropy = ?", "expected value of surprize", kind="formula"),
    ]
)


def ids_by_place(stored):
    """{(context, question): id} of the active cards."""
    return {(c.context, c.question): c.id for c in stored if c.status != Status.ORPHANED}


def edit(items, index, **changes):
    """The items with one of them changed (context may be given as a " > " path)."""
    if isinstance(changes.get("context"), str):
        changes["context"] = tuple(changes["context"].split(" > "))
    out = list(items)
    out[index] = replace(out[index], **changes)
    return numbered(out)


def test_first_sync_adds_every_card():
    plan = plan_sync([], V1)
    assert plan.added == V1
    assert not (plan.unchanged or plan.updated or plan.relinked or plan.orphaned)
    assert set(plan.keys) == {c.id for c in V1}


def test_same_extraction_is_all_unchanged(sync):
    stored = first_sync(V1)
    plan, after = sync(stored, V1)
    assert [cid for cid, _ in plan.unchanged] == [c.id for c in stored]
    assert not (plan.updated or plan.relinked or plan.added or plan.orphaned or plan.restored)
    assert after == stored


def test_answer_typo_fix_updates_the_same_card(sync):
    stored = first_sync(V1)
    fixed = edit(V1, 6, answer="expected value of surprise")
    plan, _ = sync(stored, fixed)
    assert plan.updated == [(stored[6].id, fixed[6])]
    assert len(plan.unchanged) == 6 and not (plan.added or plan.orphaned or plan.relinked)


def test_answer_rewritten_entirely_still_same_card_by_key(sync):
    stored = first_sync(V1)
    plan, _ = sync(stored, edit(V1, 1, answer="Nothing of the base model changes."))
    assert [cid for cid, _ in plan.updated] == [stored[1].id]


@pytest.mark.parametrize(
    "question",
    ["how it works", "How it works:", "**How it works**", "How  it\nworks?", "`How it works`"],
)
def test_trivial_question_edits_keep_the_key(sync, question):
    stored = first_sync(V1)
    changed = edit(V1, 0, question=question)
    plan, _ = sync(stored, changed)
    assert plan.keys[changed[0].id] == stored[0].key
    assert [cid for cid, _ in plan.updated] == [stored[0].id]
    assert not (plan.relinked or plan.added or plan.orphaned)


def test_question_typo_is_relinked(sync):
    stored = first_sync(V1)
    changed = edit(V1, 4, question="Traning")
    plan, after = sync(stored, changed)
    assert [(cid, ex) for cid, ex, _ in plan.relinked] == [(stored[4].id, changed[4])]
    assert plan.relinked[0][2] >= RELINK_THRESHOLD
    assert not (plan.added or plan.orphaned)
    # the key follows the new text, so the next sync is a plain key match
    plan2, _ = sync(after, changed)
    assert len(plan2.unchanged) == len(changed)


def test_heading_rename_relinks_every_card_under_it(sync):
    stored = first_sync(V1)
    renamed = numbered(
        [
            replace(c, context=(c.context[0], "LoRA")) if c.context[-1].startswith("LoRA") else c
            for c in V1
        ]
    )
    plan, _ = sync(stored, renamed)
    assert {cid for cid, _, _ in plan.relinked} == {stored[3].id, stored[4].id, stored[5].id}
    for cid, ex, _ in plan.relinked:
        old = next(c for c in stored if c.id == cid)
        assert old.question == ex.question  # each kept its own history, no swap
    assert not (plan.added or plan.orphaned)


def test_date_heading_reworded_keeps_cards(sync):
    stored = first_sync(V1)
    moved = numbered(
        [
            replace(c, context=("Sep 20, 2024: information theory",)) if c.kind == "formula" else c
            for c in V1
        ]
    )
    plan, _ = sync(stored, moved)
    assert [cid for cid, _, _ in plan.relinked] == [stored[6].id]


def test_item_moved_within_its_section_is_unchanged(sync):
    stored = first_sync(V1)
    reordered = numbered([V1[2], V1[0], V1[1], *V1[3:]])
    plan, _ = sync(stored, reordered)
    assert len(plan.unchanged) == len(V1)
    assert {cid for cid, _ in plan.unchanged} == {c.id for c in stored}


def test_item_moved_to_another_section_is_relinked(sync):
    stored = first_sync(V1)
    moved = edit(V1, 6, context=("Sep 24, 2024", "Information theory"))
    plan, _ = sync(stored, moved)
    assert [(cid, ex) for cid, ex, _ in plan.relinked] == [(stored[6].id, moved[6])]


def test_item_moved_and_reworded_stays_the_same_card(sync):
    stored = first_sync(V1)
    moved = edit(
        V1,
        5,
        context=("Sep 12, 2024", "LoRA"),
        answer="Adapting one base model to many tasks with little extra memory.",
    )
    plan, _ = sync(stored, moved)
    assert [cid for cid, _, _ in plan.relinked] == [stored[5].id]


def test_reindented_answer_is_the_same_card(sync):
    parent = numbered(
        [
            item(
                "Course > Fine-tuning",
                "The big picture",
                "- Data\n  - Download\n- Scripts",
                kind="parent",
            ),
        ]
    )
    stored = first_sync(parent)
    reindented = edit(parent, 0, answer="- Data\n    - Download\n- Scripts")
    plan, _ = sync(stored, reindented)
    assert [cid for cid, _ in plan.updated] == [stored[0].id]


def test_item_split_in_two_keeps_history_on_the_label_that_stays(sync):
    stored = first_sync(V1)
    split = numbered(
        [
            *V1[:2],
            item(SOFT, "Use cases", "Steering a frozen model."),
            item(SOFT, "Typical tasks", "Text classification and generation."),
            *V1[3:],
        ]
    )
    plan, _ = sync(stored, split)
    assert [cid for cid, _ in plan.updated] == [stored[2].id]
    assert [ex.question for ex in plan.added] == ["Typical tasks"]
    assert not (plan.orphaned or plan.relinked)


def test_items_merged_keep_the_first_and_orphan_the_other(sync):
    stored = first_sync(V1)
    merged = numbered(
        [
            item(SOFT, "How it works", V1[0].answer + " " + V1[1].answer),
            *V1[2:],
        ]
    )
    plan, _ = sync(stored, merged)
    assert [cid for cid, _ in plan.updated] == [stored[0].id]
    assert plan.orphaned == [stored[1].id]
    assert not (plan.added or plan.relinked)


def test_deleted_card_is_orphaned_then_restored_with_its_id(sync):
    stored = first_sync(V1)
    without = numbered([c for i, c in enumerate(V1) if i != 4])
    plan, middle = sync(stored, without)
    assert plan.orphaned == [stored[4].id]
    orphan = next(c for c in middle if c.id == stored[4].id)
    assert orphan.status == Status.ORPHANED and orphan.answer == V1[4].answer
    # an unrelated sync leaves the orphan alone (it is not orphaned again)
    plan_again, middle = sync(middle, without)
    assert not plan_again.orphaned and len(plan_again.unchanged) == len(without)
    plan_back, after = sync(middle, V1)
    assert plan_back.restored == [(stored[4].id, V1[4])]
    assert not (plan_back.added or plan_back.orphaned)
    assert ids_by_place(after) == ids_by_place(stored)


def test_deleted_card_restored_with_an_edit_comes_back_by_similarity(sync):
    stored = first_sync(V1)
    _, middle = sync(stored, numbered(V1[:6]))
    # it comes back under another day, with its typo fixed: no key match, similar enough
    back = numbered(
        [*V1[:6], item("Sep 21, 2024", "entropy = ?", "expected value of surprise", kind="formula")]
    )
    plan, after = sync(middle, back)
    assert plan.keys[back[6].id] != stored[6].key
    assert plan.restored == [(stored[6].id, back[6])]
    assert not (plan.added or plan.relinked or plan.orphaned)
    assert next(c for c in after if c.id == stored[6].id).status == Status.ACTIVE


def test_same_label_under_two_headings_are_two_cards():
    plan = plan_sync([], V1)
    keys = [plan.keys[c.id] for c in V1[:6]]
    assert len(set(keys)) == 6


def test_same_label_never_swaps_when_both_headings_are_renamed(sync):
    stored = first_sync(V1)
    renamed = numbered(
        [
            replace(c, context=("Sep 9, 2024", "Prefix tuning" if i < 3 else "LoRA"))
            if i < 6
            else c
            for i, c in enumerate(V1)
        ]
    )
    plan, _ = sync(stored, renamed)
    assert len(plan.relinked) == 6 and not (plan.added or plan.orphaned)
    for cid, ex, _ in plan.relinked:
        old = next(c for c in stored if c.id == cid)
        assert (old.question, old.answer) == (ex.question, ex.answer)


def test_same_label_under_a_deleted_heading_is_not_taken_by_the_other(sync):
    stored = first_sync(V1)
    # Soft Prompting's section is deleted, LoRA's heading renamed at the same time.
    lora_only = numbered([replace(c, context=("Sep 9, 2024", "LoRA")) for c in V1[3:6]] + [V1[6]])
    plan, _ = sync(stored, lora_only)
    relinked = {ex.question: cid for cid, ex, _ in plan.relinked}
    assert relinked == {
        "How it works": stored[3].id,
        "Training": stored[4].id,
        "Use cases": stored[5].id,
    }
    assert sorted(plan.orphaned) == sorted(c.id for c in stored[:3])


def test_same_label_with_another_answer_elsewhere_is_a_new_card(sync):
    stored = first_sync(V1)
    # The learner deletes Soft Prompting's "How it works" and writes a new one about Adapters.
    replaced = numbered(
        [
            *V1[1:6],
            item(
                "Sep 12, 2024 > Adapters",
                "How it works",
                "Small bottleneck layers inserted between blocks.",
            ),
            V1[6],
        ]
    )
    plan, _ = sync(stored, replaced)
    assert [ex.question for ex in plan.added] == ["How it works"]
    assert plan.orphaned == [stored[0].id]
    assert not plan.relinked


def test_two_equally_close_stored_cards_are_ambiguous(sync):
    summary = numbered(
        [
            item("Sep 9, 2024 > Summary", "Soft Prompting", "modifies input"),
            item("Sep 12, 2024 > Summary", "Soft Prompting", "modifies input"),
        ]
    )
    stored = first_sync(summary)
    # both sections lose their date heading at once: one card left, as close to either
    merged = numbered([item("Sep 1x, 2024 > Summary", "Soft Prompting", "modifies input")])
    plan, after = sync(stored, merged)
    assert plan.added == merged
    assert plan.ambiguous == [(merged[0], [stored[0].id, stored[1].id])]
    assert sorted(plan.orphaned) == sorted(c.id for c in stored)
    assert not (plan.relinked or plan.restored)
    assert len(plan.warnings) == 1 and "equally close" in plan.warnings[0]
    assert "Soft Prompting" in plan.warnings[0]
    assert {c.status for c in after if c.id in {stored[0].id, stored[1].id}} == {Status.ORPHANED}


def test_one_stored_card_equally_close_to_two_new_ones_is_ambiguous(sync):
    stored = first_sync(numbered([item("Day 1 > Summary", "LoRA", "adjusts weights")]))
    two = numbered(
        [
            item("Day 2 > Summary", "LoRA", "adjusts weights"),
            item("Day 3 > Summary", "LoRA", "adjusts weights"),
        ]
    )
    plan, _ = sync(stored, two)
    assert plan.added == two
    assert [(ex, ids) for ex, ids in plan.ambiguous] == [
        (two[0], [stored[0].id]),
        (two[1], [stored[0].id]),
    ]
    assert plan.orphaned == [stored[0].id]


def test_an_old_orphan_never_blocks_the_relink_of_a_live_card(sync):
    # the learner once deleted a "Summary" card, then wrote the same one again later
    summary = item("Sep 12, 2024 > Summary", "Soft Prompting", "modifies input")
    stored = first_sync(numbered([summary]))
    orphan = replace(stored[0], id="old-orphan", status=Status.ORPHANED)
    stored = [orphan, *stored]
    # now its heading is corrected: as close to the live card as to the old orphan
    fixed = numbered([item("Sep 13, 2024 > Summary", "Soft Prompting", "modifies input")])
    plan, _ = sync(stored, fixed)
    assert [cid for cid, _, _ in plan.relinked] == [stored[1].id]
    assert not (plan.ambiguous or plan.added or plan.restored)


def test_an_orphan_comes_back_when_no_live_card_is_as_close(sync):
    summary = item("Sep 12, 2024 > Summary", "Soft Prompting", "modifies input")
    stored = [replace(c, status=Status.ORPHANED) for c in first_sync(numbered([summary]))]
    fixed = numbered([item("Sep 13, 2024 > Summary", "Soft Prompting", "modifies input")])
    plan, _ = sync(stored, fixed)
    assert [cid for cid, _ in plan.restored] == [stored[0].id]


def test_clearly_closer_candidate_wins_over_a_far_one(sync):
    stored = first_sync(
        numbered(
            [
                item(
                    "Sep 9, 2024: Soft Prompting vs LoRA > Summary",
                    "Soft Prompting",
                    "modifies input",
                ),
                item("Sep 12, 2024 > Summary", "Soft Prompting", "modifies input"),
            ]
        )
    )
    renamed = numbered(
        [
            stored_as_item(stored[0]),
            item("Sep 13, 2024 > Summary", "Soft Prompting", "modifies input"),
        ]
    )
    plan, _ = sync(stored, renamed)
    assert [cid for cid, _ in plan.unchanged] == [stored[0].id]
    assert [cid for cid, _, _ in plan.relinked] == [stored[1].id]
    assert not plan.ambiguous


def stored_as_item(card: StoredCard):
    return item(card.context, card.question, card.answer, kind=card.kind, deck=card.deck)


def test_repeated_question_in_one_section_pairs_by_answer(sync):
    notes = numbered(
        [
            item("Sep 9, 2024 > Notes", "Tip", "Use a small learning rate for fine-tuning."),
            item("Sep 9, 2024 > Notes", "Tip", "Freeze the embeddings when the data is small."),
        ]
    )
    stored = first_sync(notes)
    assert stored[0].key == stored[1].key and stored[0].id != stored[1].id
    swapped = numbered(
        [
            item("Sep 9, 2024 > Notes", "Tip", "Freeze the embeddings when the data is tiny."),
            item("Sep 9, 2024 > Notes", "Tip", "Use a small learning rate for fine-tuning."),
        ]
    )
    plan, _ = sync(stored, swapped)
    matched = {cid: ex.answer for cid, ex in plan.matches()}
    assert matched[stored[0].id] == swapped[1].answer
    assert matched[stored[1].id] == swapped[0].answer
    assert not (plan.added or plan.orphaned)


def every_order(stored):
    """The stored cards in every order the store might read them in (all permutations)."""
    return [list(p) for p in permutations(stored)]


def test_repeated_question_left_once_keeps_the_same_card_whatever_the_stored_order():
    # The same reminder twice in one section, then the first copy deleted: the copy left sits
    # one place from each stored card, with the same answer. Before, the stored index broke
    # the tie, so reading the cards in another SQL order moved the history to the other card.
    tip = item("Sep 9, 2024 > Notes", "Tip", "Warm up the learning rate for a few hundred steps.")
    batch = item("Sep 9, 2024 > Notes", "Batch size", "As large as memory allows.")
    stored = first_sync(numbered([tip, batch, tip]))
    first_tip, _, second_tip = stored
    assert first_tip.key == second_tip.key
    one_left = numbered([batch, tip])
    plans = [plan_sync(order, one_left) for order in every_order(stored)]
    assert all(plan == plans[0] for plan in plans)
    # equally near (one place each way): the earlier stored card keeps the history
    assert [cid for cid, _ in plans[0].unchanged] == [stored[1].id, first_tip.id]
    assert plans[0].orphaned == [second_tip.id]


def test_equal_scores_are_taken_in_content_order_not_stored_order():
    # A summary card whose date heading was garbled is exactly as close to the same card under
    # two dates (a tie: never merged). The other new card is within the tie margin of one of
    # those two only. Before, which of the two equal pairs was looked at first (by stored
    # index) decided whether that card was drawn into the tie or left free to relink to its
    # next best ("Soft Promting"), so the stored order changed the matches.
    old = numbered(
        [
            item("Sep 9 > Summary", "Soft Prompting", "modifies input"),
            item("Oct 9 > Summary", "Soft Prompting", "modifies input"),
            item("Sep 9 > Summary", "Soft Promting", "modifies inputs"),
        ]
    )
    stored = first_sync(old)
    new = numbered(
        [
            item("Xyz 9 > Summary", "Soft Prompting", "modifies input"),
            item("Sep 9 > Summary", "Soft prompt", "modifies input"),
        ]
    )
    plans = [plan_sync(order, new) for order in every_order(stored)]
    assert all(plan == plans[0] for plan in plans)
    plan = plans[0]
    # the nearer of the two equal pairs (same position) goes first: its tie takes in the new
    # card within the margin of the Sep 9 card, so nothing is merged
    assert [(ex.question, ids) for ex, ids in plan.ambiguous] == [
        ("Soft Prompting", [stored[0].id, stored[1].id]),
        ("Soft prompt", [stored[0].id]),
    ]
    assert plan.added == new and not list(plan.matches())
    assert sorted(plan.orphaned) == sorted(c.id for c in stored)


def test_one_text_with_two_stored_keys_matches_the_same_card_in_any_order():
    # Two copies of one question, one stored under a key an older normalisation wrote: the key
    # of the extracted card is computed afresh, not taken from whichever copy was read last.
    tip = item("Sep 9, 2024 > Notes", "Tip", "Warm up the learning rate.")
    current, stale = first_sync(numbered([tip, tip]))
    stale = replace(stale, key="0" * 16)
    left = numbered([tip])
    for order in ([current, stale], [stale, current]):
        plan = plan_sync(order, left)
        assert [cid for cid, _ in plan.unchanged] == [current.id]
        assert plan.orphaned == [stale.id]


def test_heading_question_typo_keeps_history(sync):
    # bugcase 23's shape: a heading is the question and its paragraph the answer
    before = numbered(
        [item("", "7 x 8 = 54", "Check: 7 x 8 = 7 x 4 x 2.", kind="question", deck="Arithmetic")]
    )
    stored = first_sync(before)
    after_edit = numbered(
        [item("", "7 x 8 = 56", "Check: 7 x 8 = 7 x 4 x 2.", kind="question", deck="Arithmetic")]
    )
    plan, _ = sync(stored, after_edit)
    assert [cid for cid, _, _ in plan.relinked] == [stored[0].id]


def test_suspended_card_matches_and_is_orphaned_like_an_active_one(sync):
    stored = [
        replace(c, status=Status.SUSPENDED) if i == 1 else c for i, c in enumerate(first_sync(V1))
    ]
    plan, _ = sync(stored, V1)
    assert stored[1].id in {cid for cid, _ in plan.unchanged}
    plan, _ = sync(stored, numbered([c for i, c in enumerate(V1) if i != 1]))
    assert plan.orphaned == [stored[1].id]


def test_deck_kind_or_tag_change_is_an_update(sync):
    stored = first_sync(V1)
    plan, _ = sync(stored, edit(V1, 0, deck="Daily-Learning-Log"))
    assert [cid for cid, _ in plan.updated] == [stored[0].id]
    plan, _ = sync(stored, edit(V1, 0, tags=("2024-09-09",)))
    assert [cid for cid, _ in plan.updated] == [stored[0].id]


def test_card_in_another_file_of_the_source_has_another_key():
    a = item("Notes", "Tip", "x", file="a.md")
    b = item("Notes", "Tip", "x", file="b.md")
    plan = plan_sync([], numbered([a, b]))
    assert len(set(plan.keys.values())) == 2


def test_id_paths_mapping_decides_the_file_part_of_the_key():
    card = numbered([item("Notes", "Tip", "x", file="notes/log.md")])[0]
    plan = plan_sync([], [card], id_paths={card.file: "log.md"})
    assert plan.keys[card.id] == content_key("log.md", ("Notes",), "Tip")


def test_content_key_normalises_only_trivial_differences():
    base = content_key(FILE, ("Sep 9, 2024", "Soft Prompting:"), "How it works")
    assert base == content_key(FILE, ("sep 9, 2024", "**Soft  Prompting**"), "How it works?")
    assert base == content_key(FILE, (" Sep 9, 2024 ", "Soft Prompting"), "how it works:")
    assert base != content_key(FILE, ("Sep 9, 2024", "LoRA"), "How it works")
    assert base != content_key(FILE, ("Sep 9, 2024",), "How it works")
    assert base != content_key("other.md", ("Sep 9, 2024", "Soft Prompting"), "How it works")
    assert base != content_key(FILE, ("Sep 9, 2024", "Soft Prompting"), "How it fails")
    # heading boundaries count: ("a b", "c") is not ("a", "b c")
    assert content_key(FILE, ("a b", "c"), "q") != content_key(FILE, ("a", "b c"), "q")
    assert len(base) == 16 and int(base, 16) >= 0


def test_plan_is_deterministic():
    stored = first_sync(V1)
    changed = edit(
        edit(V1, 4, question="Traning"),
        0,
        context=SOFT.replace("Soft Prompting", "Prompts").split(" > "),
    )
    assert plan_sync(stored, changed) == plan_sync(stored, changed)


def test_stored_card_from_a_model_card():
    card = Card(
        id="4f1c2a9e0b7d3c51",
        key="0123456789abcdef",
        deck="Log",
        context=("Sep 9",),
        question="How it works",
        answer="prefix",
        kind="label",
        tags=("2024-09-09",),
        source=SourceRef(path="log.md", line=3, end_line=3),
        status=Status.SUSPENDED,
        position=4,
    )
    stored = StoredCard.from_card(card, file="log.md")
    assert (stored.id, stored.key, stored.status, stored.position) == (
        card.id,
        card.key,
        "suspended",
        4,
    )
    assert stored.context == ("Sep 9",) and stored.tags == ("2024-09-09",)


def test_orphaned_stored_card_not_in_the_log_stays_out_of_the_plan():
    stored = [
        replace(c, status=Status.ORPHANED) if i == 0 else c for i, c in enumerate(first_sync(V1))
    ]
    plan = plan_sync(stored, V1[1:])
    assert stored[0].id not in plan.orphaned
    assert stored[0].id not in {cid for cid, _ in plan.matches()}


def prose(n: int, words: int = 8) -> str:
    """A deterministic made-up sentence, different for every n (words from a small syllable set)."""
    syllables = ["ka", "lo", "mi", "re", "tu", "sa", "ne", "vo", "pi", "da", "gu", "fe"]
    out = []
    for w in range(words):
        x = (n * 7919 + w * 104729) % 1_000_003
        out.append("".join(syllables[(x >> s) % 12] for s in (0, 4, 8)))
    return " ".join(out) + "."


def test_many_cards_with_a_few_edits():
    big = numbered(
        [
            item(f"Day {d} > Topic {d % 7}", f"Fact {i}", prose(d * 100 + i))
            for d in range(100)
            for i in range(100)
        ]
    )
    stored = first_sync(big)
    edited = list(big)
    edited[10] = replace(edited[10], answer=edited[10].answer + " Extended.")
    edited[2000] = replace(edited[2000], question="Fact  0  (renamed)")
    edited[5000] = replace(edited[5000], context=("Day 50", "Topic renamed"))
    del edited[7000]
    edited = numbered(edited)
    plan = plan_sync(stored, edited)
    assert [cid for cid, _ in plan.updated] == [stored[10].id]
    assert {cid for cid, _, _ in plan.relinked} == {stored[2000].id, stored[5000].id}
    assert plan.orphaned == [stored[7000].id]
    assert not plan.added
    assert len(plan.unchanged) == len(big) - 4
    assert apply_plan(stored, plan)  # applies cleanly


def test_mass_change_past_the_full_comparison_limit_still_relinks_each_card(sync):
    """A file renamed inside a folder source: every key changes at once, 300 x 300 leftovers
    (past FULL_COMPARISON_PAIRS), so candidates come from shared questions, answers and words."""
    cards = numbered(
        [
            item(f"Day {d} > Topic {d % 5}", f"Fact {i} {prose(d * 10 + i, 2)}", prose(d * 10 + i))
            for d in range(30)
            for i in range(10)
        ]
    )
    stored = first_sync(cards)
    moved = [
        replace(c, file="/abs/renamed.md", source=replace(c.source, path="renamed.md"))
        for c in cards
    ]
    for k in range(0, 300, 30):
        moved[k] = replace(moved[k], question=moved[k].question + "s")  # and a typo fixed
        moved[k + 1] = replace(moved[k + 1], answer=moved[k + 1].answer + " Also this.")
    moved = numbered(moved)
    assert len(moved) * len(stored) > FULL_COMPARISON_PAIRS
    plan, _ = sync(stored, moved)
    assert len(plan.relinked) == 300 and not (plan.added or plan.orphaned or plan.ambiguous)
    for cid, ex, _ in plan.relinked:
        assert cid == stored[ex.position].id
