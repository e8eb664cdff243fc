"""Tests of the review app (recall/tui) and of `recall review`."""
