"""The review app (Textual): deck list, review screen, summary; import `recall.tui.app` to use it."""
