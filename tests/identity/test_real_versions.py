"""The real check: the user's log evolving through its five published versions, and through
edits of the kinds a learner makes, extracted for real and matched version after version.

For every sync: cards whose text did not change keep their id (100%), no card is forked into an
orphan plus a new card (duplicates 0), and every card whose text changed is matched exactly as
written by hand below, or is new (wrong merges 0). Needs ../shared (skips without it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from recall.identity import SyncPlan
from recall.rating import Status
from recall.similarity import normalize

LOG = "quangvu0702__Daily-Learning-Log"
VERSIONS = [
    f"corpus/{LOG}/_history/README.md@c55ed12",
    f"corpus/{LOG}/_history/README.md@394be01",
    "seed/daily-learning-log.md",
    f"corpus/{LOG}/_history/README.md@c8b215a",
    f"corpus/{LOG}/README.md",
]

NEW = "new"
Place = tuple[tuple[str, ...], str]  # (context, question) as extracted


@dataclass
class Figures:
    """What one or more syncs did, judged against the expected correspondences."""

    unchanged_text: int = 0  # extracted cards whose text was already stored
    kept: int = 0  # ... of which kept their card id
    changed: int = 0  # extracted cards whose text is new or edited
    duplicates: list[str] = field(default_factory=list)
    wrong_merges: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        self.unchanged_text += other.unchanged_text
        self.kept += other.kept
        self.changed += other.changed
        self.duplicates += other.duplicates
        self.wrong_merges += other.wrong_merges
        self.counts += other.counts

    def line(self) -> str:
        share = 100.0 * self.kept / self.unchanged_text if self.unchanged_text else 100.0
        return (
            f"kept {self.kept}/{self.unchanged_text} unchanged cards ({share:.0f}%), "
            f"{self.changed} changed or new, duplicates {len(self.duplicates)}, "
            f"wrong merges {len(self.wrong_merges)}"
        )


def judge(plan: SyncPlan, before, after, expected: dict[Place, Place | str], name: str) -> Figures:
    """Compare one sync's plan with what a careful learner expects.

    Args:
        expected: for each extracted card whose text changed, the (context, question) of the
            stored card it must continue, or NEW; a changed card not listed must be NEW.
    """
    fig = Figures()
    outcome = {ex.id: cid for cid, ex in plan.matches()}
    by_text: dict[tuple, set[str]] = {}
    by_place: dict[Place, list] = {}
    for c in before:
        by_place.setdefault((c.context, c.question), []).append(c)
        if c.status != Status.ORPHANED:
            by_text.setdefault((c.context, c.question, c.answer), set()).add(c.id)
    extracted = [ex for _, ex in plan.matches()] + list(plan.added)
    seen_expected = set()
    for ex in sorted(extracted, key=lambda e: e.position):
        got = outcome.get(ex.id)
        same = by_text.get((ex.context, ex.question, ex.answer))
        if same:
            seen_expected.add((ex.context, ex.question))
            fig.unchanged_text += 1
            if got in same:
                fig.kept += 1
            else:
                fig.duplicates.append(f"{name}: unchanged {ex.question!r} lost its card ({got})")
            continue
        fig.changed += 1
        place = (ex.context, ex.question)
        want = expected.get(place, NEW)
        seen_expected.add(place)
        if want == NEW:
            if got is not None:
                old = next(c for c in before if c.id == got)
                fig.wrong_merges.append(
                    f"{name}: new {ex.question!r} {ex.context} merged into "
                    f"{old.question!r} {old.context}"
                )
            continue
        candidates = by_place.get(want, [])
        assert len(candidates) == 1, f"{name}: expected card {want} not stored exactly once"
        if got is None:
            fig.duplicates.append(f"{name}: {ex.question!r} forked from {want} (history lost)")
        elif got != candidates[0].id:
            fig.wrong_merges.append(f"{name}: {ex.question!r} took {got}, not {want}")
    missing = set(expected) - seen_expected
    assert not missing, f"{name}: expected cards not extracted: {missing}"
    # a fork also shows as an orphan with the same place as a new card
    added_places = {(normalize(" ".join(e.context)), normalize(e.question)) for e in plan.added}
    for cid in plan.orphaned:
        old = next(c for c in before if c.id == cid)
        if (normalize(" ".join(old.context)), normalize(old.question)) in added_places:
            fig.duplicates.append(f"{name}: {old.question!r} orphaned and added again")
    live = [c for c in after if c.status != Status.ORPHANED]
    assert len(live) == len(extracted), f"{name}: {len(live)} live cards for {len(extracted)}"
    fig.counts.append(
        f"{name}: {len(extracted)} cards — unchanged {len(plan.unchanged)}, updated "
        f"{len(plan.updated)}, relinked {len(plan.relinked)}, restored {len(plan.restored)}, "
        f"added {len(plan.added)}, orphaned {len(plan.orphaned)}, ambiguous {len(plan.ambiguous)}"
    )
    return fig


@pytest.mark.shared
def test_five_published_versions_keep_every_card(shared, log_file, capsys):
    total = Figures()
    for n, rel in enumerate(VERSIONS):
        text = (shared / rel).read_text(encoding="utf-8")
        plan = log_file.sync(text)
        _, before, after = log_file.history[-1]
        # Between published versions the user only added: every card whose text changed is new.
        total.add(judge(plan, before, after, {}, f"v{n} {rel.rsplit('/', 1)[-1]}"))
        assert not plan.ambiguous
    with capsys.disabled():
        print("\nfive versions of the user's log:")
        for line in total.counts:
            print("  " + line)
        print("  " + total.line())
    assert total.kept == total.unchanged_text > 100
    assert total.duplicates == []
    assert total.wrong_merges == []
    assert len(log_file.live()) == len(log_file.stored)  # nothing was ever orphaned


# --- a learner's edits of the real log -------------------------------------------------------

SOFT_OLD = ("Sep 9, 2024: Soft Prompting vs LoRA", "Soft Prompting")
SOFT_NEW = ("Sep 9, 2024: Soft Prompting vs LoRA", "Soft prompts")
LORA_OLD = ("Sep 9, 2024: Soft Prompting vs LoRA", "LoRA (Low-Rank Adaptation)")
LORA_NEW = ("Sep 9, 2024: Soft Prompting vs LoRA", "LoRA")
ZETTEL = ("Sep 24, 2024", "Understanding note-taking | Zettelkasten")
APPS = (
    "Sep 24, 2024",
    "How to choose a note-taking app | Zettelkasten | Notion vs Roam vs Obsidian",
)
ENTROPY = (
    "The Key Equation Behind Probability",
    "Define entropy based on surprise and probability",
)
KARPATHY = ("Sep 10, 2024", "No Priors Ep. 80 | With Andrej Karpathy from OpenAI and Tesla")
BIG_PICTURE = ("Sep 10, 2024", "Hands-On LLM Fine-Tuning", "The big picture")

EDITS = [
    (
        "typo fixes, a renamed heading, a question typo, an item moved, a dated heading reworded",
        [
            ("Prevent perfectioness.", "Prevent perfectionism."),
            ("### Soft Prompting:\n", "### Soft prompts:\n"),
            ("   - Inter-thinking: create", "   - Interthinking: create"),
            ("   - Obsidian: free and local.\n", ""),
            (
                "   - Invest in the future: process of writing and aggregate knowleadge.\n",
                "   - Invest in the future: process of writing and aggregate knowleadge.\n"
                "   - Obsidian: free and local.\n",
            ),
            ("## Sep 20, 2024:\n", "## Sep 20, 2024: Information theory\n"),
        ],
        {
            (APPS, "Mindset?"): (APPS, "Mindset?"),
            **{(SOFT_NEW, q): (SOFT_OLD, q) for q in ("How it works?", "Training?", "Use cases?")},
            (ZETTEL, "Interthinking?"): (ZETTEL, "Inter-thinking?"),
            (ZETTEL, "Obsidian?"): (APPS, "Obsidian?"),
            (("Sep 20, 2024: Information theory", ENTROPY[0]), ENTROPY[1] + "?"): (
                ("Sep 20, 2024", ENTROPY[0]),
                ENTROPY[1] + "?",
            ),
            **{
                (("Sep 20, 2024: Information theory", *ENTROPY), q): (("Sep 20, 2024", *ENTROPY), q)
                for q in (
                    "entropy = ?",
                    "cross entropy(P, Q) = ?",
                    "Kullback–Leibler (KL) divergence = ?",
                )
            },
            # `=> using log: h(x) = ...`: the label before the formula is context.
            (("Sep 20, 2024: Information theory", *ENTROPY, "using log"), "h(x) = ?"): (
                ("Sep 20, 2024", *ENTROPY, "using log"),
                "h(x) = ?",
            ),
        },
    ),
    (
        "nested items reindented, an item moved to another parent item, an item split in two, "
        "an item deleted, an answer extended",
        [
            ("  - Finetuning data\n", "    - Finetuning data\n"),
            ("    - Download data", "        - Download data"),
            (
                "    - Data loader for training and evaluation.\n",
                "        - Data loader for training and evaluation.\n"
                "        - Hackable: easy to modify, add features.\n",
            ),
            (
                "    - Load model, load data, training, checkpoint, tracking.\n    - Hackable: easy to modify, add features.\n",
                "    - Load model, load data, training, checkpoint, tracking.\n",
            ),
            (
                "   - Mindset: try the ideas with any tools. Prevent perfectionism.\n",
                "   - Mindset: try the ideas with any tools.\n"
                "   - Perfectionism: prevent it, start with any tool.\n",
            ),
            (
                "   - Clarity: Convert idea into paper, write it down in your own words.\n",
                "",
            ),
            (
                "structure change by adding every note and connections.",
                "structure change by adding every note and connections, it keeps evolving.",
            ),
        ],
        {
            (APPS, "Mindset?"): (APPS, "Mindset?"),
            (APPS, "Perfectionism?"): NEW,
            (ZETTEL, "Dynamic?"): (ZETTEL, "Dynamic?"),
            # reindenting alone changes no card (answers are dedented); moving Hackable changes
            # the answers of both parent items and Hackable's own context
            (BIG_PICTURE, "Finetuning data?"): (BIG_PICTURE, "Finetuning data?"),
            (BIG_PICTURE, "Finetuning repository and scripts?"): (
                BIG_PICTURE,
                "Finetuning repository and scripts?",
            ),
            ((*BIG_PICTURE, "Finetuning data"), "Hackable?"): (
                (*BIG_PICTURE, "Finetuning repository and scripts"),
                "Hackable?",
            ),
        },
    ),
    (
        "a deleted item back with a fix, another heading renamed, a question reworded",
        [
            (
                "   - Invest in the future:",
                "   - Clarity: Convert an idea into paper, write it down in your own words.\n"
                "   - Invest in the future:",
            ),
            ("### LoRA (Low-Rank Adaptation):\n", "### LoRA:\n"),
            ("- Hardware problem vs software problem:", "- Hardware vs software problems:"),
        ],
        {
            (ZETTEL, "Clarity?"): (ZETTEL, "Clarity?"),
            **{(LORA_NEW, q): (LORA_OLD, q) for q in ("How it works?", "Training?", "Use cases?")},
            (KARPATHY, "Hardware vs software problems?"): (
                KARPATHY,
                "Hardware problem vs software problem?",
            ),
        },
    ),
]


def edited(text: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"edit target not found once in the log: {old!r}"
        text = text.replace(old, new)
    return text


@pytest.mark.shared
def test_learner_edits_of_the_real_log_keep_history(shared, log_file, capsys):
    text = (shared / "seed/daily-learning-log.md").read_text(encoding="utf-8")
    log_file.sync(text)
    total = Figures()
    for name, replacements, expected in EDITS:
        text = edited(text, replacements)
        plan = log_file.sync(text)
        _, before, after = log_file.history[-1]
        total.add(judge(plan, before, after, expected, name))
        assert not plan.ambiguous, plan.warnings
    with capsys.disabled():
        print("\nlearner edits of the seed log:")
        for line in total.counts:
            print("  " + line)
        print("  " + total.line())
    assert total.kept == total.unchanged_text
    assert total.duplicates == []
    assert total.wrong_merges == []
    # the deleted item came back as the same card, with its history
    plans = [plan for plan, _, _ in log_file.history]
    assert [ex.question for _, ex in plans[3].restored] == ["Clarity?"]
    assert [c.question for c in log_file.stored if c.status == Status.ORPHANED] == []
