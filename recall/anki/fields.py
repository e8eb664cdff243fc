"""A card's text → the HTML fields of its Anki note (note type, front, back, context) by markdown-it-py.

HTML is derived data: `recall sync` renders the fields of every card whose text it adds or
changes and stores them with a digest of that text and the renderer's version
(`recall.store.rendered`); `recall export` uses stored fields while both still match and renders
the card again when they do not (cards stored before schema 2, a new recall, markdown-it-py or
plugin release) or when its text shows an image (images are packed, and each `src` rewritten,
at export time, relative to the log file the card is in then). The Source field ("file:line")
is not stored: it is the card's place, which moves without its text changing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import markdown_it
import mdit_py_plugins

from recall import __version__
from recall.anki.render import DELETION_END, DELETION_START, FieldRenderer, ImageResolver
from recall.extract import cloze
from recall.extract.inline import render as inline_markdown
from recall.extract.parser import make_parser

RENDER_VERSION = 3
"""Raise it whenever the HTML rendered for some text changes (this module, render.py, highlight.py)."""

RENDERER = (
    f"fields {RENDER_VERSION}; recall {__version__}; markdown-it-py {markdown_it.__version__}; "
    f"mdit-py-plugins {mdit_py_plugins.__version__}"
)
"""What rendered stored fields: any change (a recall or library upgrade) renders them again."""

BASIC = "basic"
CLOZE = "cloze"
CONTEXT_SEPARATOR = " › "

_CLOZE_DELETION = re.compile(r"\{\{c[1-9]\d*::.*?\}\}", re.DOTALL)
# C0 control characters and DEL, shown as their Unicode control pictures (ESC → ␛): never acted
# on, and never Anki's field separator \x1f inside a field.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (9, 10, 13)} | {0x7F: 0x2421}


def visible_controls(text: str) -> str:
    """`text` with control characters (other than tab and line ends) as control pictures."""
    return text.translate(_CONTROL_PICTURES) if _CONTROL.search(text) else text


def has_controls(text: str) -> bool:
    """Whether `text` holds a control character `visible_controls` would replace."""
    return bool(_CONTROL.search(text))


@dataclass(frozen=True)
class NoteFields:
    """The HTML of a card's Anki note, all but its Source field.

    Attributes:
        model: BASIC (fields Question, Answer, Context) or CLOZE (Text, Extra, Context).
        front: the Question (basic) or Text (cloze, with `{{cN::...}}` deletions) HTML.
        back: the Answer (basic) or Extra (cloze; often empty) HTML.
        context: the Context HTML: the card's heading path, `CONTEXT_SEPARATOR` between headings.
        digest: `text_digest` of the card text these fields were rendered from.
        renderer: the `RENDERER` that rendered them.
    """

    model: str
    front: str
    back: str
    context: str
    digest: str
    renderer: str = RENDERER


def text_digest(question: str, answer: str, context: tuple[str, ...], kind: str) -> str:
    """BLAKE2b (32 hex digits) of the card text the fields are rendered from.

    Each part is written with its length before it, so no two texts give the same input; a
    few microseconds a card (export checks every stored card with it).
    """
    heads = "".join([f"{len(part)}:{part}" for part in context])
    text = (
        f"{len(question)}:{question}{len(answer)}:{answer}{len(kind)}:{kind}{len(context)}:{heads}"
    )
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def shows_image(question: str, answer: str, context: tuple[str, ...]) -> bool:
    """Whether the text may hold a markdown image (every image starts `![`): render at export."""
    return "![" in question or "![" in answer or any("![" in part for part in context)


def is_current(stored: NoteFields, question: str, answer: str, context: tuple, kind: str) -> bool:
    """Whether `stored` fields were rendered, by this renderer, from exactly this text."""
    return stored.renderer == RENDERER and stored.digest == text_digest(
        question, answer, context, kind
    )


class NoteRenderer:
    """Renders the fields of card notes; reuse one instance (one parser, one heading cache)."""

    def __init__(self) -> None:
        self.fields = FieldRenderer()
        self._contexts: dict[tuple[str, ...], str] = {}

    def render(
        self,
        question: str,
        answer: str,
        context: tuple[str, ...],
        kind: str,
        images: ImageResolver | None = None,
    ) -> NoteFields:
        """The note fields of a card's text (markdown-it-py, `recall.anki.render` rules).

        A cloze card (`kind` "cloze") gives a CLOZE note whose Text holds Anki-numbered deletions
        (`==x==` → `{{c1::x}}`); one whose text shows no deletion once rendered gives a BASIC
        note. Control characters are shown as control pictures.

        Args:
            question, answer, context, kind: the card's stored text (markdown) and kind.
            images: rewrites each image `src` (export: packed media names); None keeps them.
        """
        field = self.fields.html
        model = BASIC
        if kind == "cloze":
            text_md, extra_md = _cloze_parts(question, answer)
            text = field(text_md, cloze=True, images=images)
            if _CLOZE_DELETION.search(text):
                model, front = CLOZE, text
                back = field(extra_md, images=images) if extra_md else ""
        if model == BASIC:
            front = field(question, images=images)
            back = field(answer, images=images)
        heading = self._contexts.get(context) if images is None else None
        if heading is None:
            inline = self.fields.inline
            heading = CONTEXT_SEPARATOR.join(inline(part, images=images) for part in context)
            if images is None:
                self._contexts[context] = heading
        if has_controls(question) or has_controls(answer) or any(map(has_controls, context)):
            front, back, heading = map(visible_controls, (front, back, heading))
        return NoteFields(model, front, back, heading, text_digest(question, answer, context, kind))


def _cloze_parts(question: str, answer: str) -> tuple[str, str]:
    """(text with Anki-numbered deletions, extra shown on the back) of a cloze card.

    The extractor gives the text as written (``==x==``, ``{{c1::x}}``, ``{{x}}``) as the question
    and the text with the deletions revealed in bold as the answer; Anki reveals them itself, so
    Extra stays empty unless the answer says something more.
    """
    extra = answer
    if not extra.strip() or extra.strip() == cloze.back(question).strip():
        extra = ""
    return _numbered(question), extra


_MARKERS = str.maketrans("", "", DELETION_START + DELETION_END)


def _numbered(question: str) -> str:
    """The question with its deletions in Anki form, as `recall.extract.cloze.numbered` writes
    them (``==x==`` → ``{{c1::x}}``, unnumbered ones take the next free number), each one written
    in recall's syntax (``==x==``, ``{{x}}``) between `DELETION_START` and `DELETION_END`: its text
    is all answer, and the renderer keeps its ``::`` and ``}}`` from reading as Anki syntax.
    """
    question = question.translate(_MARKERS)
    tokens = make_parser().parseInline(question, {})
    inl = inline_markdown(tokens[0].children or []) if tokens else None
    if inl is None:
        return question
    deletions = cloze.find(inl)
    used = {d.number for d in deletions if d.number}
    free = 1
    parts, last = [], 0
    for d in deletions:
        parts.append(inl.text[last : d.start])
        if d.number is None:
            while free in used:
                free += 1
            used.add(free)
            parts.append(f"{DELETION_START}{{{{c{free}::{d.answer}}}}}{DELETION_END}")
        else:
            hint = f"::{d.hint}" if d.hint else ""
            parts.append(f"{{{{c{d.number}::{d.answer}{hint}}}}}")
        last = d.end
    parts.append(inl.text[last:])
    return "".join(parts)
