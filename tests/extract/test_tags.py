"""Entry dates and topics from headings."""

from __future__ import annotations

from datetime import date

import pytest

from recall.extract.tags import find_date, heading_tags, is_date_only, slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sep 9, 2024: Soft Prompting vs LoRA", date(2024, 9, 9)),
        ("Oct 02, 2024:", date(2024, 10, 2)),
        ("September 9th 2024", date(2024, 9, 9)),
        ("Mon, Sep 9, 2024 - notes", date(2024, 9, 9)),
        ("9 Sep 2024", date(2024, 9, 9)),
        ("2024-09-09 review", date(2024, 9, 9)),
        ("2024/9/9", date(2024, 9, 9)),
        ("Sept. 30, 2023", date(2023, 9, 30)),
    ],
)
def test_dates(text, expected):
    found = find_date(text)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize("text", ["Feb 30, 2024", "Sep 20: cross entropy", "Step 12", "Summary"])
def test_not_dates(text):
    assert find_date(text) is None


def test_heading_tags():
    assert heading_tags("Sep 9, 2024: Soft Prompting vs LoRA") == (
        "2024-09-09",
        "soft-prompting-vs-lora",
    )
    assert heading_tags("Sep 10, 2024:") == ("2024-09-10", None)
    assert heading_tags("Logistic Regression | Day 5") == (None, "logistic-regression")
    assert heading_tags("Summary") == (None, None)


def test_date_only():
    assert is_date_only("Sep 12, 2024:")
    assert not is_date_only("Sep 12, 2024: SQL")
    assert not is_date_only("Summary")


def test_slug_has_no_spaces_and_keeps_other_scripts():
    assert slug("Soft Prompting vs. LoRA!") == "soft-prompting-vs-lora"
    assert slug("참고 문서") == "참고-문서"
    assert " " not in slug("a  b\tc")
