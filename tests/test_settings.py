"""recall.toml: defaults when absent, clear errors naming the key."""

from __future__ import annotations

from datetime import timedelta

import pytest

from recall.errors import SettingsError
from recall.settings import Settings, load_settings, parse_duration


def test_defaults_without_a_file(tmp_path):
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.desired_retention == 0.9
    assert settings.new_per_day == 20
    assert settings.learning_step_durations == (timedelta(minutes=1), timedelta(minutes=10))
    assert settings.relearning_step_durations == (timedelta(minutes=10),)
    assert settings.maximum_interval == 36500
    assert settings.day_starts_at == 4
    assert settings.path is None


def test_values_are_read(tmp_path):
    (tmp_path / "recall.toml").write_text(
        'desired_retention = 0.85\nnew_per_day = 5\nlearning_steps = ["30s", "5m", "1h"]\n'
        "day_starts_at = 0\nsubdecks = true\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert settings.desired_retention == 0.85
    assert settings.new_per_day == 5
    assert settings.learning_step_durations == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=1),
    )
    assert settings.day_starts_at == 0
    assert settings.subdecks is True
    assert settings.path == tmp_path / "recall.toml"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("desired_retention = 1.5", "desired_retention"),
        ('desired_retention = "high"', "desired_retention"),
        ("new_per_day = -1", "new_per_day"),
        ("new_per_day = 2.5", "new_per_day"),
        ("day_starts_at = 24", "day_starts_at"),
        ('learning_steps = "1m"', "learning_steps"),
        ('learning_steps = ["1 minute"]', "learning_steps"),
        ('relearning_steps = ["0m"]', "relearning_steps"),
        ("maximum_interval = 0", "maximum_interval"),
        # Caps (Anki's): beyond them dates overflow (year 9999) or SQLite integers do.
        ("maximum_interval = 36501", "maximum_interval"),
        ("maximum_interval = 100000000", "maximum_interval"),
        ("new_per_day = 10000", "new_per_day"),
        ("new_per_day = 99999999999999999999", "new_per_day"),
        ('learning_steps = ["99999999999d"]', "learning_steps"),
        ('relearning_steps = ["36501d"]', "relearning_steps"),
        ('fuzz = "yes"', "fuzz"),
        ("colour = 3", "colour"),
    ],
)
def test_invalid_value_names_the_key(tmp_path, line, key):
    (tmp_path / "recall.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path)
    message = str(error.value)
    assert key in message
    assert "recall.toml" in message
    assert "\n" not in message


def test_the_caps_themselves_are_accepted(tmp_path):
    (tmp_path / "recall.toml").write_text(
        'maximum_interval = 36500\nnew_per_day = 9999\nlearning_steps = ["36500d"]\n',
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert (settings.maximum_interval, settings.new_per_day) == (36500, 9999)
    assert settings.learning_step_durations == (timedelta(days=36500),)


def test_invalid_toml_is_a_clear_error(tmp_path):
    (tmp_path / "recall.toml").write_text("desired_retention = = 0.9\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="invalid TOML"):
        load_settings(tmp_path)


def test_non_utf8_settings_is_a_clear_error(tmp_path):
    (tmp_path / "recall.toml").write_bytes(b"new_per_day = 5 # caf\xe9\n")
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings(tmp_path)


@pytest.mark.parametrize("text", ["", "m", "5", "-1m", "1w", "1.5x"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_parse_duration_units():
    assert parse_duration("90s") == timedelta(seconds=90)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    assert parse_duration("2d") == timedelta(days=2)
