"""Card → genanki note: GUID from the permanent id, fields, tags, decks, clozes, suspension."""

from __future__ import annotations

import dataclasses

import pytest

from recall.anki.fields import RENDERER, NoteRenderer
from recall.anki.media import MediaPacker
from recall.anki.models import BASIC_MODEL_ID, CLOZE_MODEL_ID
from recall.anki.notes import SUSPENDED_TAG, NoteBuilder, anki_tags, deck_name, note_guid
from recall.rating import Status
from tests.anki.conftest import make_card


@pytest.fixture
def builder() -> NoteBuilder:
    return NoteBuilder(media=MediaPacker(), renderer=NoteRenderer())


def test_guid_follows_the_permanent_id_not_the_fields(builder):
    card = make_card("How it works?", "Soft prompting", id="4f1c2a9e0b7d3c51")
    edited = dataclasses.replace(card, answer="Soft prompting, edited", question="How?")
    other = dataclasses.replace(card, id="0000000000000001")
    assert builder.note(card).guid == builder.note(edited).guid == note_guid("4f1c2a9e0b7d3c51")
    assert builder.note(other).guid != builder.note(card).guid


def test_same_text_in_two_cards_gives_two_guids(builder):
    # Bugcase 25's shape: identical fields in two decks must not share a GUID by accident.
    a = make_card("entropy", "expected value of surprise", deck="ML::Sep")
    b = make_card("entropy", "expected value of surprise", deck="Stats::Basics")
    assert builder.note(a).guid != builder.note(b).guid


def test_basic_fields(builder):
    card = make_card(
        "How it works?",
        "Soft prompting **learns** vectors",
        context=("Sep 9, 2024: Soft Prompting vs LoRA", "Soft `Prompting`"),
        path="daily-learning-log.md",
        line=7,
        url="https://www.youtube.com/watch?v=abc&t=1",
    )
    note = builder.note(card)
    assert note.model.model_id == BASIC_MODEL_ID
    question, answer, context, source = note.fields
    assert question == "How it works?"
    assert answer == "Soft prompting <strong>learns</strong> vectors"
    assert context == "Sep 9, 2024: Soft Prompting vs LoRA › Soft <code>Prompting</code>"
    assert source == (
        '<span class="recall-file">daily-learning-log.md:7</span> · '
        '<a href="https://www.youtube.com/watch?v=abc&amp;t=1">'
        "https://www.youtube.com/watch?v=abc&amp;t=1</a>"
    )


def test_source_link_only_for_web_urls(builder):
    note = builder.note(make_card(url="javascript:alert(1)", path="a<b>.md", line=2))
    assert note.fields[3] == '<span class="recall-file">a&lt;b&gt;.md:2</span>'


def test_tags_have_no_spaces():
    assert anki_tags(("2024-09-09", "machine learning", " ", "a\tb", "2024-09-09")) == [
        "2024-09-09",
        "machine_learning",
        "a_b",
    ]


def test_note_tags(builder):
    note = builder.note(make_card(tags=("2024-09-09", "soft prompting")))
    assert note.tags == ["2024-09-09", "soft_prompting"]


def test_suspended_card_is_suspended_and_tagged(builder):
    note = builder.note(make_card(status=Status.SUSPENDED))
    assert [c.suspend for c in note.cards] == [True]
    assert SUSPENDED_TAG in note.tags
    active = builder.note(make_card())
    assert [c.suspend for c in active.cards] == [False]
    assert SUSPENDED_TAG not in active.tags


def test_cloze_card_becomes_a_cloze_note(builder):
    card = make_card(
        "The ==capital== of Peru is ==Lima==",
        "The **capital** of Peru is **Lima**",  # the extractor's answer: deletions in bold
        kind="cloze",
    )
    note = builder.note(card)
    assert note.model.model_id == CLOZE_MODEL_ID
    assert note.fields[0] == "The {{c1::capital}} of Peru is {{c2::Lima}}"
    assert note.fields[1] == ""  # the answer is the revealed text: Anki shows that itself
    assert sorted(c.ord for c in note.cards) == [0, 1]


def test_cloze_answer_that_adds_something_goes_to_extra(builder):
    card = make_card("==Lima== is the capital", "Since 1535, *founded* by Pizarro", kind="cloze")
    assert builder.note(card).fields[1] == "Since 1535, <em>founded</em> by Pizarro"


def test_curly_cloze_card_keeps_its_numbers(builder):
    card = make_card("{{c1::Lima}} is the capital of {{c2::Peru}}", "", kind="cloze")
    note = builder.note(card)
    assert note.fields[0] == "{{c1::Lima}} is the capital of {{c2::Peru}}"
    assert sorted(c.ord for c in note.cards) == [0, 1]


def test_all_three_cloze_syntaxes_agree_with_the_extractor(builder):
    card = make_card("{{plain}} and ==high== and {{c5::curly::hint}}", "", kind="cloze")
    note = builder.note(card)
    assert note.fields[0] == "{{c1::plain}} and {{c2::high}} and {{c5::curly::hint}}"
    assert sorted(c.ord for c in note.cards) == [0, 1, 4]


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("C++ maps are ==std::map==", "C++ maps are {{c1::std&#58;&#58;map}}"),
        ("==f(x) }} g== end", "{{c1::f(x) &#125;&#125; g}} end"),
        ("{{a::b}} and {{c2::Paris::capital}}", "{{c1::a&#58;&#58;b}} and {{c2::Paris::capital}}"),
        ("==$a::b$== is ==x==", "{{c1::\\(a&#58;&#58;b\\)}} is {{c2::x}}"),
    ],
)
def test_cloze_text_is_all_answer_unless_written_as_anki_cloze(builder, question, text):
    assert builder.note(make_card(question, "", kind="cloze")).fields[0] == text


def test_cloze_card_without_deletions_falls_back_to_basic(builder):
    note = builder.note(make_card("No deletion here", "answer", kind="cloze"))
    assert note.model.model_id == BASIC_MODEL_ID


@pytest.mark.parametrize(
    ("deck", "path", "subdecks", "expected"),
    [
        ("Daily-Learning-Log", "QA_SQL/README.md", False, "Daily-Learning-Log"),
        ("README", "QA_SQL/README.md", True, "QA_SQL::README"),
        ("Log", "log.md", True, "Log"),
        ("Log", "a/b/log.md", True, "a::b::Log"),
        ("Log", "../up/log.md", True, "up::Log"),
        ("ML::Sep", "x/log.md", True, "ML::Sep"),
        ("Log", "/home/u/notes/log.md", True, "notes::Log"),
    ],
)
def test_deck_names(deck, path, subdecks, expected):
    assert deck_name(make_card(deck=deck, path=path), subdecks) == expected


def test_control_characters_are_shown_not_acted_on(builder):
    card = make_card(
        "Colour \x1b[31mred\x1b[0m?",
        "field\x1fseparator and a bell\x07\tand a tab",
        context=("Head\x1fing",),
        tags=("2024\x1f09", "a\x1bb"),
        deck="Log\x1f::Sub",
    )
    note = builder.note(card)
    assert len(note.fields) == 4
    assert note.fields[0] == "Colour ␛&#91;31mred␛&#91;0m?"
    assert note.fields[1] == "field␟separator and a bell␇\tand a tab"
    assert note.fields[2] == "Head␟ing"
    assert all("\x1f" not in field and "\x1b" not in field for field in note.fields)
    assert note.tags == ["2024_09", "ab"]
    assert deck_name(card, False) == "Log␟::Sub"


def test_deck_names_lose_empty_parts_and_spaces():
    assert deck_name(make_card(deck=" ML :: :: Sep "), False) == "ML::Sep"
    assert deck_name(make_card(deck="::"), False) == "recall"


# --- stored fields (rendered at sync) ----------------------------------------------------------


def _text(card):
    return card.question, card.answer, card.context, card.kind


TEXTS = [
    make_card("Windows path?", "C:\\Users\\me"),
    make_card("Price tag?", "costs \\$5, not \\*five\\*"),
    make_card("Entropy?", "$H = -\\sum_i p_i \\log p_i$ and a<b <script>x</script>"),
    make_card("Steps?", "- find the leaf\n- split when full\n\n```sql\nSELECT 1;\n```"),
    make_card(
        "The ==capital== of Peru is ==Lima==", "The **capital** of Peru is **Lima**", kind="cloze"
    ),
    make_card("Bell\x07 ring?", "an \x1b[31mescape", context=("Sep \x1f9", "`C:\\dir`")),
]


def test_stored_fields_give_the_same_notes_as_rendering_at_export():
    stored = {card.id: NoteRenderer().render(*_text(card)) for card in TEXTS}
    with_stored = NoteBuilder(media=MediaPacker(), renderer=NoteRenderer(), stored=stored)
    fresh = NoteBuilder(media=MediaPacker(), renderer=NoteRenderer())
    for card in TEXTS:
        a, b = with_stored.note(card), fresh.note(card)
        assert (a.model.model_id, a.fields) == (b.model.model_id, b.fields), card.question
    assert with_stored.rendered == {}  # every stored field was used
    assert set(fresh.rendered) == {card.id for card in TEXTS}  # ... and offered for storing


def test_current_stored_fields_are_used_as_they_are():
    card = TEXTS[0]
    marked = dataclasses.replace(NoteRenderer().render(*_text(card)), front="from the store")
    builder = NoteBuilder(media=MediaPacker(), renderer=NoteRenderer(), stored={card.id: marked})
    assert builder.note(card).fields[0] == "from the store"


def test_fields_of_another_renderer_or_text_are_rendered_again():
    card = TEXTS[0]
    fields = NoteRenderer().render(*_text(card))
    old_renderer = dataclasses.replace(fields, front="old", renderer="fields 0; recall 0.0.1")
    old_text = NoteRenderer().render("Old path?", "D:\\", card.context, "label")
    for stale in (old_renderer, old_text):
        builder = NoteBuilder(media=MediaPacker(), renderer=NoteRenderer(), stored={card.id: stale})
        note = builder.note(card)
        assert note.fields[:3] == [fields.front, fields.back, fields.context]
        assert builder.rendered[card.id] == fields
        assert builder.rendered[card.id].renderer == RENDERER


def test_a_card_showing_an_image_is_rendered_at_export_whatever_is_stored(tmp_path):
    (tmp_path / "d.png").write_bytes(b"\x89PNG image")
    card = make_card("Diagram?", "![d](d.png)", file=tmp_path / "log.md")
    stored = {card.id: dataclasses.replace(NoteRenderer().render(*_text(card)), front="stale")}
    builder = NoteBuilder(media=MediaPacker(), renderer=NoteRenderer(), stored=stored)
    question, answer = builder.note(card).fields[:2]
    assert question == "Diagram?"
    assert answer.startswith('<img src="recall-') and "d.png" not in answer
    assert builder.rendered == {}  # packed names depend on the export: never stored
