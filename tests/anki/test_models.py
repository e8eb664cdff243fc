"""Fixed note types and stable deck ids."""

from __future__ import annotations

from recall.anki.models import (
    BASIC_MODEL_ID,
    CLOZE_MODEL_ID,
    CSS,
    basic_model,
    cloze_model,
    deck_id,
)


def test_model_ids_are_fixed_constants():
    # Changing these makes every user's next import add a duplicate note type in Anki.
    assert BASIC_MODEL_ID == 1562732155
    assert CLOZE_MODEL_ID == 2126849504
    assert basic_model().model_id == BASIC_MODEL_ID
    assert cloze_model().model_id == CLOZE_MODEL_ID


def test_basic_model_fields_and_templates():
    model = basic_model()
    assert model.name == "recall"
    assert [f["name"] for f in model.fields] == ["Question", "Answer", "Context", "Source"]
    front, back = model.templates[0]["qfmt"], model.templates[0]["afmt"]
    assert front.index("{{Context}}") < front.index("{{Question}}")
    assert "{{Answer}}" in back and "{{Source}}" in back and "{{Source}}" not in front


def test_cloze_model_is_a_cloze_note_type():
    model = cloze_model()
    assert model.name == "recall cloze"
    assert model.model_type == model.CLOZE
    assert [f["name"] for f in model.fields] == ["Text", "Extra", "Context", "Source"]
    assert "{{cloze:Text}}" in model.templates[0]["qfmt"]
    assert "{{cloze:Text}}" in model.templates[0]["afmt"]


def test_css_covers_night_mode():
    assert ".nightMode" in CSS
    assert ".recall-context" in CSS and "font-size: 0.7em" in CSS


def test_deck_ids_are_stable_distinct_and_in_range():
    assert deck_id("Daily-Learning-Log") == deck_id("Daily-Learning-Log")
    names = ["Daily-Learning-Log", "ML::Sep", "Stats::Basics", "ML", "daily-learning-log"]
    ids = [deck_id(name) for name in names]
    assert len(set(ids)) == len(ids)
    assert all(1 << 31 <= i < 1 << 53 for i in ids)


def test_deck_id_is_pinned():
    # The same on every machine and in every release.
    assert deck_id("Daily-Learning-Log") == 183225919727945
