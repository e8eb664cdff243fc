"""Tests of the extractor (recall/extract) and `recall extract`."""
