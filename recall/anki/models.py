"""Anki note types and deck ids for recall's export: fixed ids, fields, templates and CSS."""

from __future__ import annotations

import hashlib

import genanki

# Fixed forever: Anki recognises a note type by its id, so a re-import reuses the note type
# (and updates its templates) instead of adding "recall-xxxxx" copies. Never change these.
BASIC_MODEL_ID = 1562732155
CLOZE_MODEL_ID = 2126849504

BASIC_FIELDS = ("Question", "Answer", "Context", "Source")
CLOZE_FIELDS = ("Text", "Extra", "Context", "Source")

CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  color: #1d1d1f;
  background-color: #ffffff;
}
.card.nightMode, .nightMode .card {
  color: #e8e8ea;
  background-color: #2c2c2e;
}
.recall {
  max-width: 42em;
  margin: 0 auto;
}
.recall-context {
  font-size: 0.7em;
  opacity: 0.7;
  margin-bottom: 0.7em;
}
.recall-source {
  font-size: 0.65em;
  opacity: 0.7;
  margin-top: 1.4em;
  overflow-wrap: anywhere;
}
.recall-source a { color: inherit; }
.recall p:first-child { margin-top: 0; }
.recall p:last-child { margin-bottom: 0; }
code, pre {
  font-family: "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.85em;
  background-color: rgba(127, 127, 127, 0.16);
  border-radius: 4px;
}
code { padding: 0.1em 0.3em; }
pre { padding: 0.6em 0.8em; overflow-x: auto; }
pre code { background: none; padding: 0; font-size: 1em; }
.recall-raw { white-space: pre-wrap; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid rgba(127, 127, 127, 0.5); padding: 0.25em 0.6em; }
blockquote {
  margin-left: 0;
  padding-left: 0.8em;
  border-left: 3px solid rgba(127, 127, 127, 0.5);
}
img { max-width: 100%; height: auto; }
.recall-missing-image { opacity: 0.6; font-style: italic; }
mark { background-color: #fff1a0; color: inherit; }
.nightMode mark { background-color: #6b5b00; }
.cloze { font-weight: bold; color: #0b62c4; }
.nightMode .cloze { color: #7ab8ff; }
"""

_CONTEXT = '{{#Context}}<div class="recall-context">{{Context}}</div>{{/Context}}'
_SOURCE = '{{#Source}}<div class="recall-source">{{Source}}</div>{{/Source}}'

BASIC_TEMPLATE = {
    "name": "Card 1",
    "qfmt": f'<div class="recall">{_CONTEXT}<div class="recall-question">{{{{Question}}}}</div></div>',
    # {{FrontSide}} brings its own `<div class="recall">`: the back adds a second one after it.
    "afmt": (
        '{{FrontSide}}<div class="recall"><hr id="answer">'
        f'<div class="recall-answer">{{{{Answer}}}}</div>{_SOURCE}</div>'
    ),
}

CLOZE_TEMPLATE = {
    "name": "Cloze",
    "qfmt": f'<div class="recall">{_CONTEXT}<div class="recall-question">{{{{cloze:Text}}}}</div></div>',
    "afmt": (
        f'<div class="recall">{_CONTEXT}<div class="recall-question">{{{{cloze:Text}}}}</div>'
        '{{#Extra}}<hr id="answer"><div class="recall-answer">{{Extra}}</div>{{/Extra}}'
        f"{_SOURCE}</div>"
    ),
}


def basic_model() -> genanki.Model:
    """The "recall" note type: fields Question, Answer, Context, Source; one card per note."""
    return genanki.Model(
        BASIC_MODEL_ID,
        "recall",
        fields=[{"name": name} for name in BASIC_FIELDS],
        templates=[dict(BASIC_TEMPLATE)],
        css=CSS,
        model_type=genanki.Model.FRONT_BACK,
    )


def cloze_model() -> genanki.Model:
    """The "recall cloze" note type: fields Text ({{c1::...}} deletions), Extra, Context, Source."""
    return genanki.Model(
        CLOZE_MODEL_ID,
        "recall cloze",
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[dict(CLOZE_TEMPLATE)],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name: the same name gives the same id on every machine.

    A 48-bit hash of the name (SHA-256) placed above 2**31, so it never meets Anki's Default
    deck (id 1) and stays below 2**53 (exact in JavaScript).
    """
    digest = hashlib.sha256(f"recall deck\x1f{name}".encode()).digest()
    return (1 << 31) + int.from_bytes(digest[:6], "big")
