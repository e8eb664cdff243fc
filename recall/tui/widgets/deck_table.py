"""The deck list's table: Enter studies the highlighted deck, even when typed before the rows were read."""

from __future__ import annotations

from textual.widgets import DataTable


class DeckTable(DataTable):
    """A row-cursor DataTable whose Enter runs the screen's `study` action.

    DataTable's own Enter posts RowSelected only when it has rows, so a key typed while the
    deck list was still being shown (a burst through a session's summary) found an empty table
    and was lost. The screen's action reads the list first when it is stale, as a moment later.
    A click on the highlighted row still posts RowSelected.
    """

    async def action_select_cursor(self) -> None:
        """Enter: study the highlighted deck (`screen.study`)."""
        self._set_hover_cursor(False)
        await self.run_action("screen.study")
