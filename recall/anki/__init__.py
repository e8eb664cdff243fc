"""Anki export (SPEC §8): recall cards → an .apkg that real Anki imports and updates in place."""

from __future__ import annotations

# Lazy: `recall.store` renders fields at sync (`recall.anki.fields`) without loading genanki.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from recall.anki.exporter import ExportReport, export_cards

__all__ = ["ExportReport", "export_cards"]


def __getattr__(name: str):
    if name in __all__:
        from recall.anki import exporter

        return getattr(exporter, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
