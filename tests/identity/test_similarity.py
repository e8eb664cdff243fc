"""Normalisation and the similarity measures behind card matching."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recall.similarity import (
    dice,
    dice_upper_bound,
    lcs_length,
    normalize,
    ratio,
    ratio_upper_bound,
    trigrams,
)


def test_normalize_drops_only_what_does_not_change_the_question():
    assert normalize("**How it works**:") == "how it works"
    assert normalize("How  it\n   works?") == "how it works"
    assert normalize("`std::map`") == "std::map"
    assert normalize("It\u2019s \u201cquoted\u201d \u2013 ok.") == 'it\'s "quoted" - ok'
    assert normalize("  Ｆｕｌｌｗｉｄｔｈ ") == "fullwidth"  # NFKC
    assert normalize("") == ""
    assert normalize("?:.") == ""


def test_normalize_keeps_what_makes_another_card():
    assert normalize("7 x 8 = 54") != normalize("7 x 8 = 56")
    assert normalize("h(x) = log(1/p(x))") == "h(x) = log(1/p(x))"
    assert normalize("pred_y") == "pred_y"  # underscores are code, not emphasis
    assert normalize("How it works") != normalize("How it fails")


def test_ratio_tolerates_a_typo_in_a_short_label():
    assert ratio("training", "traning") > 0.9
    assert ratio("training", "use cases") < 0.5
    assert ratio("", "") == 1.0 and ratio("a", "") == 0.0


def test_dice_on_trigrams_is_high_for_edits_and_low_for_other_text():
    old = trigrams(normalize("Expected value of surprize, averaged over outcomes."))
    typo = trigrams(normalize("Expected value of surprise, averaged over outcomes."))
    other = trigrams(normalize("Learns low-rank matrices that are added to the weights."))
    assert dice(old, typo) > 0.85
    assert dice(old, other) < 0.3
    assert dice(trigrams(""), trigrams("")) == 1.0


def test_trigrams_of_tiny_texts():
    assert trigrams("") == frozenset({"  "})
    assert trigrams("a") == frozenset({" a "})
    assert trigrams("ab") == frozenset({" ab", "ab "})


text = st.text(max_size=60)


@given(text, text)
def test_ratio_is_bounded_and_below_its_bound(a, b):
    r = ratio(a, b)
    assert 0.0 <= r <= 1.0
    assert r <= ratio_upper_bound(a, b) + 1e-12
    assert (r == 1.0) == (a == b) or (not a and not b)


@given(text, text)
def test_dice_is_symmetric_bounded_and_below_its_bound(a, b):
    ta, tb = trigrams(normalize(a)), trigrams(normalize(b))
    d = dice(ta, tb)
    assert d == dice(tb, ta)
    assert 0.0 <= d <= 1.0
    assert d <= dice_upper_bound(ta, tb) + 1e-12


@given(text)
def test_normalize_is_idempotent(a):
    assert normalize(normalize(a)) == normalize(a)


def lcs_by_table(a: str, b: str) -> int:
    """The textbook dynamic-programming LCS, to check the bit-parallel one against."""
    row = [0] * (len(b) + 1)
    for ch in a:
        prev_diag = 0
        for j, other in enumerate(b):
            keep = row[j + 1]
            row[j + 1] = prev_diag + 1 if ch == other else max(row[j + 1], row[j])
            prev_diag = keep
    return row[-1]


@given(
    st.text(alphabet="ab c\u00e9\U0001f600", max_size=40),
    st.text(alphabet="ab c\u00e9\U0001f600", max_size=40),
)
def test_bit_parallel_lcs_equals_the_table(a, b):
    assert lcs_length(a, b) == lcs_by_table(a, b) == lcs_length(b, a)


def test_lcs_of_long_texts():
    a = "entropy is the expected value of surprise " * 30
    assert lcs_length(a, a) == len(a)
    assert lcs_length(a, a.replace("surprise", "surprize")) == len(a) - 30


def test_ratio_of_huge_strings_stays_fast_and_sensible():
    # two 50,000-character "questions" (a pasted paragraph as a cloze): trigrams, not LCS
    a = "the quick brown fox jumps over the lazy dog " * 1200
    b = a.replace("lazy", "sleepy", 1)
    assert 0.9 < ratio(a, b) < 1.0
    assert ratio(a, "completely different text " * 2000) < 0.3
