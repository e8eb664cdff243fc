"""Property tests: any markdown or text never raises, ids are deterministic, chunks change nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall.extract import extract_text

LINES = st.sampled_from(
    [
        "# Title",
        "## Sep 9, 2024: Topic",
        "### [Talk](https://example.org/x):",
        "- Label: text",
        "- **Bold**: text",
        "1. **Term**:",
        "   - nested: value",
        "  - child",
        "    - grandchild = value",
        "      => using log: h(x) = y",
        "- What is it? An answer.",
        "- entropy = surprise",
        "- [link](other.md)",
        "- [TODO]",
        "- Q::A",
        "- a:::b",
        "Front",
        "?",
        "??",
        "Back",
        "Q: question",
        "A: answer",
        "C: a [deletion] here",
        "START",
        "Basic",
        "Back: b",
        "END",
        "**What is X?**",
        "The answer is ==x== and {{c1::y}}.",
        "```",
        "```python",
        "~~~",
        "$$",
        "> quoted - Label: text",
        "<!-- recall:skip -->",
        "<!--",
        "-->",
        "---",
        "| a | b |",
        "|---|---|",
        "| Why? |",
        "",
        "    indented code",
        "\t- tab item",
        "- [ ] task",
        "#flashcards",
        "***",
        "`code::span`",
    ]
)
MARKDOWN = st.lists(LINES, max_size=40).map("\n".join)
TEXT = st.text(max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_markdown_never_raises_and_ids_are_deterministic(text):
    first = extract_text(text, "p.md", explain=True)
    second = extract_text(text, "p.md")
    assert [c.to_json() for c in first.cards] == [c.to_json() for c in second.cards]
    for card in first.cards:
        assert card.question.strip()
        assert len(card.id) == 16
        assert 1 <= card.source.line <= card.source.end_line
    ids = [c.id for c in first.cards]
    assert len(ids) == len(set(ids))


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_arbitrary_text_never_raises(text):
    result = extract_text(text, "any.md", explain=True)
    for card in result.cards:
        assert len(card.id) == 16


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_crlf_gives_the_same_cards(text):
    lf = extract_text(text, "p.md").cards
    crlf = extract_text(text.replace("\n", "\r\n"), "p.md").cards
    assert [c.to_json() for c in crlf] == [c.to_json() for c in lf]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWN, min_size=2, max_size=6))
def test_chunked_parsing_gives_the_same_cards(sections):
    text = "\n\n".join(f"## Section {i}\n\n{body}" for i, body in enumerate(sections))
    whole = extract_text(text, "p.md", chunk_chars=10**9).cards
    chunked = extract_text(text, "p.md", chunk_chars=1).cards
    assert [c.to_json() for c in chunked] == [c.to_json() for c in whole]
