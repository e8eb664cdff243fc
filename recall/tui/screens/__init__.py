"""The review app's screens: deck list, review, summary and help."""
