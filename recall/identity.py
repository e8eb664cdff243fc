"""Card identity across edits: which stored card each newly extracted card is (SPEC §4).

`plan_sync` is pure and deterministic: given everything the store has for the cards of ONE
source and the cards just extracted from it, it returns a `SyncPlan` that the store applies.
It never touches the database and never writes into the log.

How a match is made, in order:

1. **Content key.** `content_key(id_path, context, question)` hashes the file, the heading path
   and the question after `recall.similarity.normalize` (case, whitespace, indentation, quotes,
   `**`/backtick markers and trailing `:?.!;,` do not count). Same key → same card: `unchanged`
   when every stored text field is equal, else `updated` (answer edited, case changed, deck or
   kind changed); an orphaned card whose key comes back is `restored`.
2. **Similarity, among the leftovers only** (stored cards of the source that no key claimed,
   orphans included, and extracted cards with a new key). A pair scores
   ``0.4·question + 0.4·answer + 0.2·context`` (question: LCS ratio; answer: character-trigram
   Dice; heading path: see `context_similarity`), and is a candidate at `RELINK_THRESHOLD`
   (0.75) or above. So two of the three must hold: a question typo keeps context and answer, a renamed heading
   or a moved item keeps question and answer; a card that only shares its label
   (``How it works`` under another heading, with another answer) stays a different card.
   Candidates are taken best first, one to one (`relinked`, or `restored` for an orphan).
3. **Ties are never merged.** When an extracted card's best free candidate is within
   `TIE_MARGIN` of another free candidate (two stored cards equally close, or one stored card
   equally close to two new ones), none of them is matched: the extracted cards are `added`
   and listed in `ambiguous` with their candidates, the stored ones are `orphaned`, and the
   plan carries a one-line warning for each. Only a card still in the log wins a tie, against
   an orphan (a card gone in an earlier version), which never blocks it.
4. **No dependence on the stored order.** The store hands the cards over in some SQL order;
   every choice between equals (two stored cards with one key, pairs with one score, which tie
   is looked at first) follows a total order of the cards' contents, never their index: score,
   then same file before another file, then distance in position, then the extracted card's
   place in the file, then the stored card's position, then its permanent id (`_log_order`).
   Any permutation of `stored` gives the same plan.

The threshold and weights come from a study of every card of the real corpus
(tests/identity/test_threshold_study.py): each single edit of a real card (question typo,
heading renamed, item moved to another section, question and answer typos) scores at least
0.8 against its original; two different cards of the user's log score at most 0.66 against
each other (``How it works`` under two headings: 0.62); across the whole corpus 26 of 28,782
ordered pairs of different cards reach 0.75, all near-identical test notes of other tools
(one sentence with its cloze moved, "L1"/"L2" variants of one question) that no text measure
can tell from an edit. The worst case for a wrong merge needs such a card deleted and its twin
added in the same sync.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from recall.rating import Status
from recall.similarity import dice, dice_upper_bound, normalize, ratio, ratio_upper_bound, trigrams

#: Lowest similarity score (0-1) at which two cards of one source may be the same card.
RELINK_THRESHOLD = 0.75
#: Two candidates whose scores differ by less than this are "equally close": never merged.
TIE_MARGIN = 0.02
#: Weights of the question, answer and heading-path similarities in a score (they sum to 1).
WEIGHT_QUESTION = 0.4
WEIGHT_ANSWER = 0.4
WEIGHT_CONTEXT = 0.2
#: Above this many leftover pairs, only pairs sharing a word (or a whole question/answer) are scored.
FULL_COMPARISON_PAIRS = 20_000
#: How many of an extracted card's rarest words look up candidates past that.
RARE_WORDS = 4

_SEP_PART = "\x1f"
_SEP_LEVEL = "\x1e"


class ExtractedLike(Protocol):
    """What `plan_sync` reads from an extracted card (`recall.extract.ExtractedCard`)."""

    id: str
    deck: str
    context: tuple[str, ...]
    question: str
    answer: str
    kind: str
    tags: tuple[str, ...]
    file: str
    position: int


@dataclass(frozen=True, slots=True)
class StoredCard:
    """What the store knows about one stored card of the source being synced.

    `recall.model.Card` has every one of these attributes except `file`; `from_card` builds one.

    Attributes:
        id: permanent card id (never changes).
        key: the content key stored with the card (`content_key` of its last known text).
        file: id_path of the log file holding the card (as in `content_key`).
        context: heading path above the item.
        question, answer: markdown text as last stored.
        status: "active", "suspended" or "orphaned" (`recall.rating.Status`).
        deck, kind, tags: as last stored (compared to decide unchanged vs updated).
        position: order of the card in its file (used only to break ties between equally
            good matches: the nearer card first).
    """

    id: str
    key: str
    file: str
    context: tuple[str, ...]
    question: str
    answer: str
    status: str = Status.ACTIVE
    deck: str = ""
    kind: str = ""
    tags: tuple[str, ...] = ()
    position: int = 0

    @classmethod
    def from_card(cls, card: Any, file: str) -> StoredCard:
        """A StoredCard from a `recall.model.Card` (or any object with the same attributes).

        Args:
            card: the stored card.
            file: the id_path of the card's log file (what `content_key` was given).
        """
        return cls(
            id=card.id,
            key=card.key,
            file=file,
            context=tuple(card.context),
            question=card.question,
            answer=card.answer,
            status=str(card.status),
            deck=card.deck,
            kind=card.kind,
            tags=tuple(card.tags),
            position=card.position,
        )


@dataclass
class SyncPlan:
    """What a sync of one source must do. Every extracted card appears exactly once among
    unchanged / updated / relinked / restored / added, and every stored card at most once among
    unchanged / updated / relinked / restored / orphaned.

    Attributes:
        unchanged: (card id, extracted) same key and the same text, deck, kind and tags; only the
            location (line, position) may differ.
        updated: (card id, extracted) same key, text changed (answer edited...): schedule kept.
        relinked: (card id, extracted, score) matched by similarity (question edited, heading
            renamed, item moved): schedule kept; the key changes to `keys[extracted.id]`.
        restored: (card id, extracted) an orphaned card whose text came back (same key or
            similar): back to active with its history.
        added: new cards (including the extracted side of every ambiguous match).
        orphaned: ids of active/suspended cards no longer in the source (including the stored
            candidates of every ambiguous match).
        ambiguous: (extracted, [candidate card ids]) equally close candidates, never merged.
        keys: extracted card id → its content key (store it with the card).
        warnings: one line per ambiguous match, fit to show the user.
    """

    unchanged: list[tuple[str, Any]] = field(default_factory=list)
    updated: list[tuple[str, Any]] = field(default_factory=list)
    relinked: list[tuple[str, Any, float]] = field(default_factory=list)
    restored: list[tuple[str, Any]] = field(default_factory=list)
    added: list[Any] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    ambiguous: list[tuple[Any, list[str]]] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def matches(self) -> Iterable[tuple[str, Any]]:
        """Every (card id, extracted) pair that keeps a stored card, in any category."""
        yield from self.unchanged
        yield from self.updated
        for card_id, extracted, _ in self.relinked:
            yield card_id, extracted
        yield from self.restored


def content_key(id_path: str, context: Sequence[str], question: str) -> str:
    """The content key of a card: 16 hex digits of BLAKE2b over its normalised place and question.

    Args:
        id_path: the log file as used in card ids (file name, or path inside the folder synced),
            "/"-separated; compared exactly.
        context: heading path above the item; each heading normalised (`similarity.normalize`).
        question: the card's question, normalised the same way.

    Returns:
        A 16-character lowercase hex string; equal for texts that differ only in case,
        whitespace, indentation, typographic quotes, emphasis markers or trailing punctuation.
    """
    text = _key_text(id_path.replace("\\", "/"), tuple(normalize(c) for c in context), question)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _key_text(id_path: str, norm_context: tuple[str, ...], question: str) -> str:
    return _SEP_PART.join((id_path, _SEP_LEVEL.join(norm_context), normalize(question)))


def card_id_path(card: ExtractedLike, id_paths: Mapping[str, str] | None = None) -> str:
    """The id_path of an extracted card's file.

    Taken from `id_paths[card.file]` when given (build it from ``{str(f.path): f.id_path for f in
    extraction.files}``), else from the card's own `id_path` attribute if it has one, else its
    `source.path`.
    """
    if id_paths is not None:
        found = id_paths.get(str(card.file))
        if found is not None:
            return found
    own = getattr(card, "id_path", None)
    if own:
        return own
    return card.source.path


def id_paths_from(files: Iterable[Any]) -> dict[str, str]:
    """The `id_paths` argument of `plan_sync` from an extraction's files.

    Args:
        files: `recall.extract.Extraction.files` (objects with `.path`, absolute, and `.id_path`).

    Returns:
        ``{str(absolute path): id_path}``, the key `ExtractedCard.file` is looked up by.
    """
    return {str(f.path): f.id_path for f in files}


def plan_sync(
    stored: Sequence[StoredCard],
    extracted: Sequence[ExtractedLike],
    *,
    id_paths: Mapping[str, str] | None = None,
) -> SyncPlan:
    """Decide which stored card each extracted card is, for ONE source.

    Args:
        stored: every stored card of the source, whatever its status (`StoredCard`, or any
            object with the same attributes).
        extracted: the cards just extracted from the source, in file order
            (`recall.extract.ExtractedCard`).
        id_paths: absolute file path (`ExtractedCard.file`) → id_path, used for the content keys
            of the extracted cards (see `card_id_path`).

    Returns:
        A `SyncPlan`. Deterministic: the same inputs give the same plan on any machine (no
        dependence on hash seeds) and whatever the order of `stored`; lists in extraction order
        (orphaned and ambiguous candidates: in log order, `_log_order`). Raises nothing for any
        text: it never fails a sync.
    """
    plan = SyncPlan()
    norm_cache: dict[tuple[str, ...], tuple[str, ...]] = {}

    def norm_context(context: tuple[str, ...]) -> tuple[str, ...]:
        found = norm_cache.get(context)
        if found is None:
            found = norm_cache[context] = tuple(normalize(c) for c in context)
        return found

    path_cache: dict[str, str] = {}

    def id_path_of(card: ExtractedLike) -> str:
        found = path_cache.get(card.file)
        if found is None:
            found = path_cache[card.file] = card_id_path(card, id_paths)
        return found

    # --- 1. exact content key ------------------------------------------------------------
    # Most keys occur once on each side: plain dicts, the rare repeated key is paired apart.
    s_of_key: dict[str, int] = {}
    s_repeated: dict[str, list[int]] = {}
    # A card whose file, headings and question are exactly as stored has the stored key: only
    # edited cards pay for normalising and hashing. Two stored cards with one text and two keys
    # (one key written by an older normalisation) make that text's entry None: computed afresh,
    # so the key never depends on which of them came last.
    known_key: dict[tuple, str | None] = {}
    for si, c in enumerate(stored):
        key = c.key
        first = s_of_key.setdefault(key, si)
        if first != si:
            s_repeated.setdefault(key, [first]).append(si)
        text = (c.file, tuple(c.context), c.question)
        if known_key.setdefault(text, key) != key:
            known_key[text] = None

    keys = plan.keys
    e_of_key: dict[str, int] = {}
    e_repeated: dict[str, list[int]] = {}
    match_of_e: dict[int, tuple[int, float | None]] = {}  # ei -> (si, similarity or None)
    known = known_key.get
    cached_path = path_cache.get
    for ei, card in enumerate(extracted):
        context = tuple(card.context)
        id_path = cached_path(card.file) or id_path_of(card)
        key = known((id_path, context, card.question))
        if key is None:
            text = _key_text(id_path, norm_context(context), card.question)
            key = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
        keys[card.id] = key
        first = e_of_key.setdefault(key, ei)
        if first != ei:
            e_repeated.setdefault(key, [first]).append(ei)
        else:
            si = s_of_key.get(key)
            if si is not None:
                match_of_e[ei] = (si, None)
    # a key seen more than once on either side: pair its cards by answer and position
    for key in {*e_repeated, *(k for k in s_repeated if k in e_of_key)}:
        if key not in s_of_key:
            continue
        e_group = e_repeated.get(key) or [e_of_key[key]]
        s_group = s_repeated.get(key) or [s_of_key[key]]
        for ei in e_group:
            match_of_e.pop(ei, None)
        for ei, si in _pair_duplicates(e_group, s_group, extracted, stored):
            match_of_e[ei] = (si, None)

    # --- 2. similarity among the leftovers --------------------------------------------------
    ambiguous_of_e: dict[int, list[int]] = {}
    if len(match_of_e) < len(extracted):
        matched_s = {si for si, _ in match_of_e.values()}
        left_s = [si for si in range(len(stored)) if si not in matched_s]
        if left_s:
            left_e = [ei for ei in range(len(extracted)) if ei not in match_of_e]
            fe = {
                ei: _features(extracted[ei], id_path_of(extracted[ei]), norm_context)
                for ei in left_e
            }
            fs = {si: _features(stored[si], stored[si].file, norm_context) for si in left_s}
            orphans = {si for si in left_s if stored[si].status == Status.ORPHANED}
            e_place = {ei: (fe[ei].context[0], extracted[ei].position) for ei in left_e}
            s_place = {si: _log_order(stored[si]) for si in left_s}
            _match_similar(fe, fs, e_place, s_place, orphans, match_of_e, ambiguous_of_e)

    # --- 3. the plan ------------------------------------------------------------------------
    orphan = [c.status == Status.ORPHANED for c in stored]
    unchanged, updated = plan.unchanged, plan.updated
    for ei, card in enumerate(extracted):
        found = match_of_e.get(ei)
        if found is None:
            plan.added.append(card)
            candidates = ambiguous_of_e.get(ei)
            if candidates is not None:
                ranked = sorted(_log_order(stored[si]) for si in candidates)
                plan.ambiguous.append((card, [card_id for _, _, card_id in ranked]))
                plan.warnings.append(_ambiguity_warning(card, len(candidates)))
            continue
        si, score = found
        old = stored[si]
        if orphan[si]:
            plan.restored.append((old.id, card))
        elif score is not None:
            plan.relinked.append((old.id, card, round(score, 4)))
        elif (
            old.answer == card.answer
            and old.question == card.question
            and tuple(old.context) == tuple(card.context)
            and old.deck == card.deck
            and old.kind == card.kind
            and tuple(old.tags) == tuple(card.tags)
        ):
            unchanged.append((old.id, card))
        else:
            updated.append((old.id, card))
    matched = {si for si, _ in match_of_e.values()}
    gone = [_log_order(c) for si, c in enumerate(stored) if not orphan[si] and si not in matched]
    plan.orphaned = [card_id for _, _, card_id in sorted(gone)]
    return plan


def _log_order(card: StoredCard) -> tuple[str, int, str]:
    """Where a stored card sits, as a total order of its contents: (file, position, id).

    Ties between equally good matches are broken by it (with the distance in position), never
    by the card's index in `stored`, which is whatever order the store read the cards in.
    """
    return (card.file, card.position, card.id)


def _pair_duplicates(
    e_group: list[int],
    s_group: list[int],
    extracted: Sequence[ExtractedLike],
    stored: Sequence[StoredCard],
) -> list[tuple[int, int]]:
    """Pair cards that share one content key (the same question twice under one heading).

    Cards still in the log before orphans; then the closest answers; then the nearest positions;
    then the earlier stored card (`_log_order`: position, then permanent id). Two identical
    stored cards equally near the one left give it the same one whatever the stored order.
    """
    e_answers = {ei: normalize(extracted[ei].answer) for ei in e_group}
    s_answers = {si: normalize(stored[si].answer) for si in s_group}
    e_tri = {ei: trigrams(a) for ei, a in e_answers.items()}
    s_tri = {si: trigrams(a) for si, a in s_answers.items()}
    order = []
    for ei in e_group:
        for si in s_group:
            orphan = stored[si].status == Status.ORPHANED
            closeness = 1.0 if e_answers[ei] == s_answers[si] else dice(e_tri[ei], s_tri[si])
            distance = abs(extracted[ei].position - stored[si].position)
            order.append((orphan, -closeness, distance, _log_order(stored[si]), ei, si))
    order.sort()
    used_e: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_, ei, si in order:
        if ei in used_e or si in used_s:
            continue
        used_e.add(ei)
        used_s.add(si)
        pairs.append((ei, si))
    return pairs


@dataclass(slots=True)
class CardText:
    """A card's comparable forms, all normalised (`similarity.normalize`).

    Attributes:
        question, answer: normalised text.
        context: the file's id_path, then the normalised headings.
        answer_trigrams: `similarity.trigrams` of the answer.
        words: the words (two characters or more) of question and answer.
    """

    question: str
    answer: str
    context: tuple[str, ...]
    answer_trigrams: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, question: str, answer: str, context: Sequence[str], file: str = "") -> CardText:
        """The comparable forms of one card (markdown question and answer, heading path)."""
        return _card_text(question, answer, file, tuple(normalize(c) for c in context))


def _card_text(question: str, answer: str, file: str, norm_context: tuple[str, ...]) -> CardText:
    q = normalize(question)
    a = normalize(answer)
    words = frozenset(w for w in f"{q} {a}".split() if len(w) > 1) or frozenset(("\0",))
    return CardText(
        question=q,
        answer=a,
        context=(file, *norm_context),
        answer_trigrams=trigrams(a),
        words=words,
    )


def _features(card, file: str, norm_context) -> CardText:
    return _card_text(card.question, card.answer, file, norm_context(tuple(card.context)))


def _match_similar(
    fe: dict[int, CardText],
    fs: dict[int, CardText],
    e_place: dict[int, tuple[str, int]],
    s_place: dict[int, tuple[str, int, str]],
    orphan: set[int],
    match_of_e: dict[int, tuple[int, float | None]],
    ambiguous_of_e: dict[int, list[int]],
) -> None:
    """Best-first one-to-one assignment of the leftovers by score; ties become ambiguous.

    A card still in the log before the sync wins a tie against an orphan (a card gone from an
    earlier version): an old orphan never blocks the relink of a live card.

    Pairs are taken in a total order of their contents: score (highest first), then same file
    before another file, then distance in position, then the extracted card's index (file
    order), then the stored card's `_log_order` (`s_place`: file, position, permanent id). Which
    of two equal-score pairs goes first decides which cards a tie takes in and which stay free
    for their next best, so it must never fall to the stored index.

    Args:
        e_place: extracted index → (id_path, position).
        s_place: stored index → `_log_order` of the stored card.
    """
    context_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
    ranked = []
    for ei, si in _candidate_pairs(fe, fs):
        sc = _score(fe[ei], fs[si], context_cache)
        if sc is not None:
            e_file, e_pos = e_place[ei]
            s_order = s_place[si]
            ranked.append((-sc, e_file != s_order[0], abs(e_pos - s_order[1]), ei, s_order, si))
    if not ranked:
        return
    ranked.sort()
    pairs = [(-r[0], r[3], r[5]) for r in ranked]
    by_e: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    by_s: dict[int, list[tuple[float, int, int]]] = defaultdict(list)
    for p in pairs:
        by_e[p[1]].append(p)
        by_s[p[2]].append(p)

    used_e: set[int] = set()
    used_s: set[int] = set()
    for sc, ei, si in pairs:
        if ei in used_e or si in used_s:
            continue
        floor = sc - TIE_MARGIN
        close_s = [p for p in by_e[ei] if p[0] >= floor and p[2] != si and p[2] not in used_s]
        close_e = [p for p in by_s[si] if p[0] >= floor and p[1] != ei and p[1] not in used_e]
        if si in orphan:
            if any(p[2] not in orphan for p in close_s):
                continue  # a live card is as close: its own pair decides, further down
        else:
            close_s = [p for p in close_s if p[2] not in orphan]
        if not close_s and not close_e:
            match_of_e[ei] = (si, sc)
            used_e.add(ei)
            used_s.add(si)
            continue
        tied = [(sc, ei, si), *close_s, *close_e]
        tied_e = {p[1] for p in tied}
        for e in tied_e:
            ambiguous_of_e[e] = sorted({p[2] for p in tied if p[1] == e})
        used_e |= tied_e
        used_s |= {p[2] for p in tied}


def _candidate_pairs(fe: dict[int, CardText], fs: dict[int, CardText]):
    """Every leftover pair; or, past `FULL_COMPARISON_PAIRS`, the pairs that share their whole
    question, their whole answer or one of the extracted card's rarest words."""
    if len(fe) * len(fs) <= FULL_COMPARISON_PAIRS:
        for ei in fe:
            for si in fs:
                yield ei, si
        return
    by_question: dict[str, list[int]] = defaultdict(list)
    by_answer: dict[str, list[int]] = defaultdict(list)
    by_word: dict[str, list[int]] = defaultdict(list)
    for si, f in fs.items():
        by_question[f.question].append(si)
        by_answer[f.answer].append(si)
        for word in f.words:
            by_word[word].append(si)
    common = max(20, len(fs) // 50)  # words this frequent say nothing about identity
    for ei, f in fe.items():
        same_q, same_a = by_question.get(f.question, ()), by_answer.get(f.answer, ())
        found = {*same_q, *same_a}
        if set(same_q) & set(same_a):
            # a card with this very question and answer (a moved item): any rival close enough
            # to tie shares one of the two
            for si in sorted(found):
                yield ei, si
            continue
        rare = sorted((len(by_word[w]), w) for w in f.words if w in by_word)
        for n, word in rare[:RARE_WORDS]:
            if n > common:
                break
            found.update(by_word[word])
        for si in sorted(found):
            yield ei, si


def context_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Similarity in [0, 1] of two heading paths (normalised, file first).

    The mean of two `ratio`s: of the whole paths, and of the paths below the levels they share
    from the top. The second keeps a sibling section under the same day (``Soft Prompting`` vs
    ``LoRA (Low-Rank Adaptation)``) far apart however long the shared day heading is, while a
    renamed heading (``Soft Prompting`` → ``Soft prompts``) stays close in both; the first
    keeps "same day, other topic" closer than "other day, other topic".
    """
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    if n == len(a) and n == len(b):
        return 1.0
    whole = ratio(" / ".join(a), " / ".join(b))
    parted = ratio(" / ".join(a[n:]), " / ".join(b[n:]))
    return (whole + parted) / 2


def _score(e: CardText, s: CardText, context_cache: dict) -> float | None:
    """Similarity in [0, 1] of two cards, or None when it is surely below `RELINK_THRESHOLD`.

    Cheap bounds first (set sizes, string lengths), the exact measures only for pairs that may pass.
    """
    if e.answer == s.answer:
        a = 1.0
    else:
        ta, tb = e.answer_trigrams, s.answer_trigrams
        if _HEADROOM_A + WEIGHT_ANSWER * dice_upper_bound(ta, tb) < RELINK_THRESHOLD:
            return None
        a = dice(ta, tb)
    partial = WEIGHT_ANSWER * a
    if partial + _HEADROOM_A < RELINK_THRESHOLD:
        return None
    if e.question == s.question:
        q = 1.0
    else:
        bound = ratio_upper_bound(e.question, s.question)
        if partial + WEIGHT_QUESTION * bound + WEIGHT_CONTEXT < RELINK_THRESHOLD:
            return None
        q = ratio(e.question, s.question)
    partial += WEIGHT_QUESTION * q
    if partial + WEIGHT_CONTEXT < RELINK_THRESHOLD:
        return None
    pair = (e.context, s.context)
    c = context_cache.get(pair)
    if c is None:
        c = context_cache[pair] = context_similarity(e.context, s.context)
    total = partial + WEIGHT_CONTEXT * c
    return total if total >= RELINK_THRESHOLD - 1e-9 else None


_HEADROOM_A = WEIGHT_QUESTION + WEIGHT_CONTEXT  # the most question and context can add


def similarity(new: CardText, old: CardText) -> float:
    """The full score (no early exit) of an extracted card against a stored one, in [0, 1].

    ``0.4·ratio(questions) + 0.4·dice(answer trigrams) + 0.2·context_similarity``: the number
    `plan_sync` compares to `RELINK_THRESHOLD`. For reports and studies.
    """
    a = 1.0 if new.answer == old.answer else dice(new.answer_trigrams, old.answer_trigrams)
    return (
        WEIGHT_QUESTION * ratio(new.question, old.question)
        + WEIGHT_ANSWER * a
        + WEIGHT_CONTEXT * context_similarity(new.context, old.context)
    )


def score_pair(
    question_a: str,
    answer_a: str,
    context_a: Sequence[str],
    question_b: str,
    answer_b: str,
    context_b: Sequence[str],
    file: str = "",
) -> float:
    """`similarity` of card a (extracted) against card b (stored), both in `file`."""
    return similarity(
        CardText.of(question_a, answer_a, context_a, file),
        CardText.of(question_b, answer_b, context_b, file),
    )


def _ambiguity_warning(card: ExtractedLike, candidates: int) -> str:
    where = " > ".join(card.context)
    place = f"{where} > {card.question}" if where else card.question
    source = getattr(getattr(card, "source", None), "path", None)
    prefix = f"{source}: " if source else ""
    if candidates > 1:
        why = f"{candidates} stored cards are equally close matches"
    else:
        why = "the stored card it resembles is equally close to another new card"
    return (
        f"{prefix}{place!r}: {why}; kept as a new card and the old card(s) orphaned with "
        "their history (a tie is never merged)"
    )
