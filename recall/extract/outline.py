"""Outline rules: list items judged bottom-up, then turned into cards top-down."""

from __future__ import annotations

import itertools
import re

from recall.extract import cloze, rules
from recall.extract.blocks import LISTS, Block
from recall.extract.inline import Inline, is_image_only, is_link_only, plain, render

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MAYBE_LINK = re.compile(r"[\[<]|://|www\.").search
LINK_ONLY = "skipped: link-only item"
IMAGE_ONLY = (
    "no card: an image with nothing to ask (nested under an item, it is part of its answer)"
)
EXPLICIT_KINDS = frozenset({"explicit", "reversed", "cloze"})
_ARROW = re.compile(r"^\s*(=>|⇒|->|→)\s*")
_QUOTE = re.compile(r"^ {0,3}> ?")


class Item:
    """A list item with its verdict and its nested items (analysed before any card is made)."""

    __slots__ = ("block", "facts", "first", "lists", "rest", "verdict")

    def __init__(self, block: Block, first: Block | None, rest: list[Block]) -> None:
        self.block = block
        self.first = first
        self.rest = rest
        self.verdict: rules.Verdict
        self.facts: list[tuple[int, Inline, rules.Verdict]] = []
        self.lists: list[list[Item]] = []


class OutlineRules:
    """Mixed into `FileWalker`: list items."""

    def analyse(self, lst: Block) -> list[Item]:
        """Verdicts for every item of a list and of its nested lists (no cards made yet)."""
        cached = self.analysed.get(id(lst))
        if cached is not None and cached[0] is lst:
            return cached[1]
        items = [self._analyse_item(it) for it in lst.children if it.kind == "list_item"]
        keys: dict[str, int] = {}
        for it in items:
            if it.verdict.label_key and it.verdict.kind:
                keys[it.verdict.label_key] = keys.get(it.verdict.label_key, 0) + 1
        for it in items:
            key = it.verdict.label_key
            if key and it.verdict.kind and keys.get(key, 0) > 1:
                it.verdict = rules.lift_term(it.verdict) or it.verdict
        self.analysed[id(lst)] = (lst, items)
        return items

    def _analyse_item(self, item: Block) -> Item:
        children = item.children
        first = children[0] if children and children[0].kind == "paragraph" else None
        rest = children[1:] if first is not None else list(children)
        node = Item(item, first, rest)
        only_links = False
        if rest:
            node.lists = [self.analyse(b) for b in rest if b.kind in LISTS]
            only_links = (
                bool(node.lists)
                and len(node.lists) == len(rest)
                and all(it.verdict.reason == LINK_ONLY for lst in node.lists for it in lst)
            )
        inl = render(first.inline or []) if first is not None else Inline("")
        if first is not None and "\n" in inl.text:
            inl, facts = _split_arrows(inl, first.start)
            node.facts = [(n, f, rules.classify(f, has_children=False)) for n, f in facts]
        has_children = bool(rest)
        if (
            first is not None
            and not rest
            and _MAYBE_LINK(first.content)
            and is_link_only(first.inline or [])
        ):
            if is_image_only(first.inline or []):  # content, but with nothing to ask
                node.verdict = rules.Verdict(reason=IMAGE_ONLY)
            else:
                node.verdict = rules.Verdict(reason=LINK_ONLY, skip=True)
        else:
            node.verdict = rules.classify(
                inl,
                has_children=has_children,
                only_link_children=only_links,
                has_items=bool(node.lists),
            )
            if node.verdict.kind in ("parent", "label", "question") and first is not None:
                node.verdict.title = node.verdict.title or plain(first.inline or [])
        return node

    def on_list(self, lst: Block, ancestors: list[str]) -> None:
        items = self.analyse(lst)
        if not ancestors:
            self.try_lead_in_list(lst, items)
        for it in items:
            self.emit(it, ancestors)
        self.analysed.clear()  # analyses are only reused between a look-ahead and the walk
        last = items[-1] if items else None
        if last is not None and last.verdict.reason == rules.NO_ANSWER_QUESTION:
            self.open_question = last  # inka: "1. Question?" then "> answer" below the list

    def emit(self, it: Item, ancestors: list[str]) -> None:
        v = it.verdict
        b = it.block
        if v.skip:
            if self.explain:
                self.explain_at(b.start, v.reason, False)
            return
        inner = ancestors
        if v.kind and self.quoted and v.kind not in EXPLICIT_KINDS:
            self.explain_at(b.start, f"no card: quoted text ({v.kind} rule not used)", False)
        elif v.kind:
            answer = v.answer
            if v.children_answer:
                extra = self.children_text(it)
                answer = f"{answer}\n{extra}" if answer and extra else (answer or extra)
            if v.kind == "cloze":
                answer = cloze.back(v.question)
            if answer.strip():
                self.add(
                    v.question,
                    answer,
                    v.kind,
                    b.start,
                    b.end,
                    extra_context=[*ancestors, v.context] if v.context else ancestors,
                    why=f"card ({v.kind}): {v.question}" if self.explain else "",
                    at=b.start,
                )
                if v.reverse:
                    self.add(
                        v.reverse[0],
                        v.reverse[1],
                        "reversed",
                        b.start,
                        b.end,
                        extra_context=ancestors,
                    )
            else:
                self.explain_at(b.start, "no card: nothing to answer with", False)
            if v.kind in ("label", "parent", "question") and (it.lists or it.facts):
                inner = [*ancestors, context_title(v.title)]
        elif self.explain:
            self.explain_at(b.start, v.reason, False)
        for line, _fact, fv in it.facts:
            if fv.kind and not fv.skip and not (self.quoted and fv.kind not in EXPLICIT_KINDS):
                answer = cloze.back(fv.question) if fv.kind == "cloze" else fv.answer
                self.add(
                    fv.question,
                    answer,
                    fv.kind,
                    line,
                    line + 1,
                    extra_context=[*ancestors, fv.context] if fv.context else ancestors,
                    why=f"card ({fv.kind}, own line): {fv.question}",
                    at=line,
                )
            else:
                self.explain_at(line, fv.reason or "no card", False)
        for nested in it.lists:
            for child in nested:
                self.emit(child, inner)

    def children_text(self, it: Item) -> str:
        """An item's nested content as its answer; nested cards appear by their titles only."""
        parts: list[tuple[Block, str]] = []
        lists = iter(it.lists)
        col = min((self.indent_of(b) for b in it.rest), default=0)
        for b in it.rest:
            if b.is_list:
                items = next(lists)
                rows = []
                for child in items:
                    v = child.verdict
                    if v.skip:
                        continue
                    if v.kind:
                        rows.append(_marker(child.block) + v.title.strip())
                        continue
                    end = child.facts[0][0] if child.facts else child.block.end
                    rows.append(self.slice(child.block.start, end, child.block.quote, col))
                    for _line, fact, fv in child.facts:  # a fact of its own shows by its title
                        rows.append("=> " + (fv.title if fv.kind else fact.text))
                text = "\n".join(r for r in rows if r.strip())
            else:
                text = self.slice(b.start, b.end, b.quote, col)
            if text.strip():
                parts.append((b, text))
        out = ""
        prev: Block | None = None
        for b, text in parts:
            if prev is None:
                out = text
            else:
                gap = (
                    any(
                        not self.lines[i].strip()
                        for i in range(prev.end - 1, b.start)
                        if 0 <= i < len(self.lines)
                    )
                    if b.start > prev.start
                    else False
                )
                out += ("\n\n" if gap else "\n") + text
            prev = b
        return out


def has_card(it: Item) -> bool:
    return any(child.verdict.kind or has_card(child) for lst in it.lists for child in lst)


def _marker(item: Block) -> str:
    if item.info and item.info.isdigit():
        return f"{item.info}{item.markup or '.'} "
    return f"{item.markup or '-'} "


def _split_arrows(inl: Inline, first_line: int) -> tuple[Inline, list[tuple[int, Inline]]]:
    """Cut lines that start with an arrow (``=> using log: ...``) off as facts of their own.

    Each such line, with the lines after it up to the next arrow line, is one fact.
    """
    pieces = inl.lines()
    starts = [k for k, piece in pieces[1:] if _ARROW.match(piece.text)]
    if not starts:
        return inl, []
    line_starts = [0]
    for i, ch in enumerate(inl.text):
        if ch == "\n":
            line_starts.append(i + 1)
    facts: list[tuple[int, Inline]] = []
    bounds = [*starts, len(pieces)]
    for a, b in itertools.pairwise(bounds):
        begin = line_starts[a]
        stop = line_starts[b] - 1 if b < len(line_starts) else len(inl.text)
        fact = inl.slice(begin, stop)
        m = _ARROW.match(fact.text)
        facts.append((first_line + a, fact.slice(m.end() if m else 0).strip()))
    head = inl.slice(0, line_starts[starts[0]] - 1).strip()
    return head, facts


def context_title(title: str) -> str:
    """An outline item's title as a context entry (plain, without trailing punctuation)."""
    text = rules.strip_wrap(title.strip())
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = text.replace("**", "").replace("__", "")
    return text.rstrip(" :.?").strip()
