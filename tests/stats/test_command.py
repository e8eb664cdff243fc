"""`recall stats` end to end: a real collection reviewed at fixed times, read by a subprocess."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_recall

ENV = {"TZ": "UTC", "RECALL_NOW": "2026-11-29T10:00:00+00:00"}


def stats(db, *args):
    return run_recall("--db", str(db), "stats", *args, env=ENV)


def test_json_figures(db):
    result = stats(db, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["today"] == "2026-11-29"
    assert data["deck"] is None
    assert data["cards"]["total"] == 5
    assert data["cards"]["new"] == 0
    assert data["cards"]["review"] + data["cards"]["relearning"] == 5
    per_day = {d["date"]: d["reviews"] for d in data["reviews_per_day"]}
    assert per_day["2026-11-20"] == 10 and per_day["2026-11-27"] == 3
    assert data["reviews_last_30_days"] == 13
    week = data["true_retention"][0]
    assert week == {"days": 7, "reviews": 3, "passed": 2, "retention": pytest.approx(2 / 3)}
    assert len(data["forecast"]) == 30
    assert sum(d["due"] for d in data["forecast"]) == 5 - 0  # every studied card, none new
    assert 0 < data["average_retrievability"] <= 1
    assert data["average_stability_days"] > 0


def test_one_deck(db):
    data = json.loads(stats(db, "--json", "--deck", "Garden").stdout)
    assert data["deck"] == "Garden"
    assert data["cards"]["total"] == 2
    assert data["reviews_last_30_days"] == 4
    assert data["true_retention"][0]["reviews"] == 0
    assert data["true_retention"][0]["retention"] is None


def test_text_report_with_charts(db):
    result = stats(db)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("All decks, 2026-11-29\n")
    assert "Cards      5:" in out
    assert "66.7% in the last 7 days (2 of 3" in out
    assert "Due in the next 30 days" in out
    assert "Reviews per day, last 30 days" in out
    assert "today" in out
    assert "\x1b" not in out  # not a terminal: no colour codes
    assert all(len(line) <= 80 for line in out.splitlines())


def test_now_comes_from_recall_now(db):
    later = dict(ENV, RECALL_NOW="2026-12-30T10:00:00+00:00")
    data = json.loads(run_recall("--db", str(db), "stats", "--json", env=later).stdout)
    assert data["today"] == "2026-12-30"
    assert data["reviews_last_30_days"] == 0
    assert data["forecast"][0]["due"] >= 1  # overdue cards count today


def test_unknown_deck_is_one_line_exit_1(db):
    result = stats(db, "--deck", "Nope")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "recall: error: no deck named 'Nope' (decks: Garden, Kitchen)"
    ]


def test_empty_collection(tmp_path):
    result = run_recall("--db", str(tmp_path / "collection.db"), "stats", env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Cards      0:" in result.stdout
    assert "no card studied yet" in result.stdout
