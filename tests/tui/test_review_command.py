"""`recall review`: deck names, --limit, one-line errors, the sample deck on a first run."""

from __future__ import annotations

import argparse

import pytest

from recall.collection import Collection
from recall.commands.review import positive_int, resolve_deck
from recall.errors import RecallError
from tests.conftest import run_recall


def test_resolve_deck_exact_then_case_insensitive():
    names = ["Garden", "Terminal Notes"]
    assert resolve_deck(names, "Garden") == "Garden"
    assert resolve_deck(names, "terminal notes") == "Terminal Notes"
    with pytest.raises(
        RecallError, match=r"no deck named 'Gardn' \(decks: Garden, Terminal Notes\)"
    ):
        resolve_deck(names, "Gardn")
    with pytest.raises(RecallError, match="ambiguous"):
        resolve_deck(["abc", "ABC"], "Abc")
    with pytest.raises(RecallError, match="no cards yet"):
        resolve_deck([], "x")


def test_limit_must_be_positive():
    assert positive_int("3") == 3
    for bad in ("0", "-2", "many"):
        with pytest.raises(argparse.ArgumentTypeError):
            positive_int(bad)


def test_limit_zero_is_a_usage_error():
    result = run_recall("review", "--limit", "0")
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr


def test_unknown_deck_is_one_line_exit_1(tmp_path, logs):
    db = tmp_path / "c.db"
    with Collection.open(db) as col:
        col.sync([logs["garden"]])
    result = run_recall("--db", str(db), "review", "Orchard")
    assert result.returncode == 1
    assert result.stderr == "recall: error: no deck named 'Orchard' (decks: Garden)\n"
    with Collection.open(db) as col:
        assert col.reviews() == []


def test_without_a_terminal_it_says_so(tmp_path, logs):
    db = tmp_path / "c.db"
    with Collection.open(db) as col:
        col.sync([logs["garden"]])
    result = run_recall("--db", str(db), "review", "garden")
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "the review app needs a terminal; in scripts use 'recall due' or 'recall cards'"
    )
    assert "Traceback" not in result.stderr


def test_first_run_uses_the_sample_deck_and_says_so(recall_home):
    result = run_recall("review")
    assert result.returncode == 1  # no terminal here, but the sample deck is in place first
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert "sample" in lines[0] and "recall sync" in lines[0]
    with Collection.open(recall_home / "collection.db") as col:
        assert col.uses_sample() and col.cards()
