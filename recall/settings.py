"""User settings from `recall.toml` beside the collection; every key has a default.

Example `recall.toml` (all keys optional)::

    desired_retention = 0.9          # 0.70-0.99: the recall probability FSRS aims for
    new_per_day = 20                 # new cards introduced per scheduling day (at most 9999)
    learning_steps = ["1m", "10m"]   # steps of a new card (s, m, h, d units)
    relearning_steps = ["10m"]       # steps after a lapse
    maximum_interval = 36500         # longest interval, in days (at most 36500, as in Anki)
    day_starts_at = 4                # the local hour at which "today" begins (Anki's next-day-starts-at)
    fuzz = true                      # spread review intervals a little, as Anki does
    subdecks = false                 # name decks "Folder::File" after the source's folder
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import timedelta
from pathlib import Path

from recall.errors import SettingsError

SETTINGS_FILE = "recall.toml"

NEW_PER_DAY_MAX = 9999
"""The most new cards a day recall.toml may ask for (Anki's deck options stop at 9999 too)."""
MAXIMUM_INTERVAL_MAX = 36500
"""The longest maximum interval recall.toml may set, in days (100 years, Anki's limit)."""
STEP_MAX = timedelta(days=MAXIMUM_INTERVAL_MAX)
"""The longest learning or relearning step."""

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """Parse a learning step such as ``"1m"``, ``"10m"``, ``"1h"``, ``"1d"``, ``"30s"``.

    Raises:
        ValueError: when the text is not a positive number with a unit s/m/h/d, or is longer
            than STEP_MAX (36500 days).
    """
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match or float(match.group(1)) <= 0:
        raise ValueError(text)
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds > STEP_MAX.total_seconds():
        raise ValueError(text)
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class Settings:
    """Validated settings. Durations are kept as written (e.g. ``"10m"``); see the properties."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    learning_steps: tuple[str, ...] = ("1m", "10m")
    relearning_steps: tuple[str, ...] = ("10m",)
    maximum_interval: int = 36500
    day_starts_at: int = 4
    fuzz: bool = True
    subdecks: bool = False
    path: Path | None = field(default=None, compare=False)

    @property
    def learning_step_durations(self) -> tuple[timedelta, ...]:
        """Learning steps as timedeltas."""
        return tuple(parse_duration(s) for s in self.learning_steps)

    @property
    def relearning_step_durations(self) -> tuple[timedelta, ...]:
        """Relearning steps as timedeltas."""
        return tuple(parse_duration(s) for s in self.relearning_steps)

    def to_dict(self) -> dict:
        """The settings as plain TOML-able values (without `path`)."""
        data = asdict(self)
        data.pop("path")
        data["learning_steps"] = list(self.learning_steps)
        data["relearning_steps"] = list(self.relearning_steps)
        return data


def _check(key: str, value, path: Path):
    where = f"{path}: {key}"
    if key == "desired_retention":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0.7 <= value <= 0.99
        ):
            raise SettingsError(f"{where} must be a number from 0.70 to 0.99 (got {value!r})")
        return float(value)
    if key in ("new_per_day", "maximum_interval"):
        low, high = (0, NEW_PER_DAY_MAX) if key == "new_per_day" else (1, MAXIMUM_INTERVAL_MAX)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(
                f"{where} must be a whole number from {low} to {high} (got {value!r})"
            )
        return value
    if key == "day_starts_at":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
            raise SettingsError(f"{where} must be an hour from 0 to 23 (got {value!r})")
        return value
    if key in ("learning_steps", "relearning_steps"):
        if not isinstance(value, list):
            raise SettingsError(f'{where} must be a list such as ["1m", "10m"] (got {value!r})')
        for step in value:
            try:
                parse_duration(step)
            except ValueError:
                raise SettingsError(
                    f'{where} has {step!r}; steps look like "30s", "10m", "1h" or "1d" '
                    f"(at most {MAXIMUM_INTERVAL_MAX}d)"
                ) from None
        return tuple(value)
    if key in ("fuzz", "subdecks"):
        if not isinstance(value, bool):
            raise SettingsError(f"{where} must be true or false (got {value!r})")
        return value
    raise AssertionError(key)  # pragma: no cover


def load_settings(folder: Path) -> Settings:
    """Read `recall.toml` from `folder`; defaults when the file is absent.

    Raises:
        SettingsError: the file is not valid TOML, has an unknown key, or an invalid value
            (the message names the file and the key).
    """
    path = Path(folder) / SETTINGS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=None)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from None
    import tomllib  # only when the file exists: it costs every command ~10 ms otherwise

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML ({exc})") from None
    known = {f.name for f in fields(Settings)} - {"path"}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise SettingsError(
                f"{path}: unknown setting {key!r} (known: {', '.join(sorted(known))})"
            )
        values[key] = _check(key, value, path)
    return Settings(**values, path=path)
