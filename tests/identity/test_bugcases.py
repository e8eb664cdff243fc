"""The bugcases of kind "identity" (../shared/bugcases), extracted for real and planned.

Each edit case syncs the `.before.md` file, then the edited one, into the SAME log path (as a
learner's file evolves). Needs ../shared (skips without it).
"""

from __future__ import annotations

import pytest

from recall.identity import plan_sync

pytestmark = pytest.mark.shared


def text_of(shared, name: str) -> str:
    return (shared / "bugcases" / name).read_text(encoding="utf-8")


def test_20_repeated_label_gives_distinct_cards_that_stay_apart(shared, log_file):
    text = text_of(shared, "20-repeated-question-text.md")
    plan = log_file.sync(text)
    assert len(plan.added) == 6
    assert len(set(plan.keys.values())) == 6  # the heading path is part of every key
    soft_summary = log_file.id_of(("Sep 12, 2024", "Summary"), "Soft Prompting?")
    first_summary = log_file.id_of(
        ("Sep 9, 2024: Soft Prompting vs LoRA", "Summary"), "Soft Prompting?"
    )
    soft_how = log_file.id_of(
        ("Sep 9, 2024: Soft Prompting vs LoRA", "Soft Prompting"), "How it works?"
    )
    lora_how = log_file.id_of(
        ("Sep 9, 2024: Soft Prompting vs LoRA", "LoRA (Low-Rank Adaptation)"), "How it works?"
    )
    # the second day's heading is corrected: its Summary card follows it, the first day's stays
    plan = log_file.sync(text.replace("## Sep 12, 2024:", "## Sep 13, 2024:"))
    assert [cid for cid, _, _ in plan.relinked] == [soft_summary]
    assert log_file.id_of(("Sep 13, 2024", "Summary"), "Soft Prompting?") == soft_summary
    # both topic headings renamed at once: each "How it works?" keeps its own card
    renamed = text.replace("### Soft Prompting:", "### Soft prompts:").replace(
        "### LoRA (Low-Rank Adaptation):", "### LoRA:"
    )
    plan = log_file.sync(renamed)
    assert not (plan.added or plan.orphaned or plan.ambiguous)
    assert (
        log_file.id_of(("Sep 9, 2024: Soft Prompting vs LoRA", "Soft prompts"), "How it works?")
        == soft_how
    )
    assert (
        log_file.id_of(("Sep 9, 2024: Soft Prompting vs LoRA", "LoRA"), "How it works?") == lora_how
    )
    assert (
        log_file.id_of(("Sep 9, 2024: Soft Prompting vs LoRA", "Summary"), "Soft Prompting?")
        == first_summary
    )


def test_21_answer_typo_fix_keeps_the_card(shared, log_file):
    log_file.sync(text_of(shared, "21-edit-answer-keeps-history.before.md"))
    (card,) = log_file.live()
    plan = log_file.sync(text_of(shared, "21-edit-answer-keeps-history.md"))
    assert [cid for cid, _ in plan.updated] == [card.id]
    assert not (plan.added or plan.orphaned)
    (after,) = log_file.live()
    assert after.id == card.id and after.answer.endswith("surprise")


def test_23_corrected_heading_card_keeps_its_history(shared, log_file):
    log_file.sync(text_of(shared, "23-heading-rename-keeps-history.before.md"))
    before_ids = {c.id for c in log_file.live()}
    plan = log_file.sync(text_of(shared, "23-heading-rename-keeps-history.md"))
    kept = {cid for cid, _ in plan.matches()}
    assert kept == before_ids  # updated or relinked, never a silent fork
    assert not (plan.added or plan.orphaned)
    assert any("56" in c.answer or "56" in c.question for c in log_file.live())


def test_23_heading_question_edited_keeps_history_whatever_the_rule(shared, log_file):
    # the same fix when the heading itself is the question (no "=" formula): a relink
    before = "# Arithmetic\n\n## What is 7 x 8, written 54?\n\nCheck: 7 x 8 = 7 x 4 x 2.\n"
    log_file.sync(before)
    ids = {c.id for c in log_file.live()}
    assert ids
    plan = log_file.sync(before.replace("54", "56"))
    assert {cid for cid, _ in plan.matches()} == ids
    assert not (plan.added or plan.orphaned)


def test_32_removing_a_stray_scheduling_comment_keeps_every_card(shared, log_file):
    text = text_of(shared, "32-writeback-comment-breaks-list.md")
    log_file.sync(text)
    before = {(c.context, c.question): c.id for c in log_file.live()}
    clean = "\n".join(line for line in text.split("\n") if not line.startswith("<!--SR"))
    plan = log_file.sync(clean)
    assert not plan.orphaned
    for (context, question), cid in before.items():
        assert log_file.id_of(context, question) == cid
    # The extractor recovers the item the column-0 comment cut off, so "Dynamic" is a card in
    # both versions: removing the comment changes nothing.
    assert plan.added == []
    assert any(question.startswith("Dynamic") for _, question in before)


def test_25_same_bullet_in_two_files_of_one_folder_is_two_cards(shared, tmp_path):
    from recall.extract import extract_paths
    from recall.identity import id_paths_from

    text = text_of(shared, "25-same-text-two-decks.md")
    for name in ("ml.md", "stats.md"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    extraction = extract_paths([str(tmp_path)])
    plan = plan_sync([], extraction.cards, id_paths=id_paths_from(extraction.files))
    assert len(plan.added) == 2
    assert len(set(plan.keys.values())) == 2
