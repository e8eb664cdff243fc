"""The review app (Textual): deck list, review screen, summary; import `recall.tui.app` to use it."""

import os

# Textual paints dirty screens on a frame timer (60 fps by default): up to 17 ms between a card
# being ready and it being drawn. At 120 fps that wait is at most 8 ms, which keeps key press →
# next card within SPEC §10's 30 ms. Only a screen with changes is painted, so an idle app costs
# nothing more. Set before Textual is imported (it reads the variable once); a user's own
# TEXTUAL_FPS wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
