"""Anki export (SPEC §8): recall cards → an .apkg that real Anki imports and updates in place."""

from __future__ import annotations

from recall.anki.exporter import ExportReport, export_cards

__all__ = ["ExportReport", "export_cards"]
