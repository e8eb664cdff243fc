"""Image packing: flat content-hash names, no collisions, nothing outside the log's folder."""

from __future__ import annotations

import hashlib
import os

import pytest

from recall.anki.media import MediaPacker


@pytest.fixture
def log(tmp_path):
    """A log folder holding two different images both called `image.png` (bugcase 27's shape)."""
    folder = tmp_path / "notes"
    (folder / "QA_SQL").mkdir(parents=True)
    (folder / "other").mkdir()
    (folder / "QA_SQL" / "image.png").write_bytes(b"\x89PNG first picture")
    (folder / "other" / "image.png").write_bytes(b"\x89PNG second picture")
    (folder / "QA_SQL" / "My Diagram.JPG").write_bytes(b"jpeg bytes")
    log_file = folder / "log.md"
    log_file.write_text("# Log\n", encoding="utf-8")
    return log_file


def packed_name(data: bytes, ext: str) -> str:
    return f"recall-{hashlib.sha256(data).hexdigest()[:16]}{ext}"


def test_same_file_name_in_two_folders_does_not_collide(log):
    media = MediaPacker()
    first = media.resolve("QA_SQL/image.png", str(log), "log.md:3")
    second = media.resolve("other/image.png", str(log), "log.md:7")
    assert first == packed_name(b"\x89PNG first picture", ".png")
    assert second == packed_name(b"\x89PNG second picture", ".png")
    assert first != second
    assert media.files == {
        first: log.parent / "QA_SQL" / "image.png",
        second: log.parent / "other" / "image.png",
    }
    assert media.warnings == []


def test_names_are_flat_and_keep_a_lowercase_extension(log):
    media = MediaPacker()
    name = media.resolve("QA_SQL/My%20Diagram.JPG", str(log), "log.md:1")
    assert name == packed_name(b"jpeg bytes", ".jpg")
    assert "/" not in name


def test_same_picture_twice_is_packed_once(log):
    (log.parent / "copy.png").write_bytes(b"\x89PNG first picture")
    media = MediaPacker()
    a = media.resolve("QA_SQL/image.png", str(log), "log.md:1")
    b = media.resolve("./copy.png", str(log), "log.md:2")
    assert a == b and len(media.files) == 1


def test_dot_dot_that_stays_inside_is_allowed(log):
    media = MediaPacker()
    assert media.resolve("other/../QA_SQL/image.png", str(log), "log.md:1") is not None


@pytest.mark.parametrize("src", ["../secret.png", "../../etc/passwd", "QA_SQL/../../secret.png"])
def test_paths_leaving_the_folder_are_refused(log, src):
    (log.parent.parent / "secret.png").write_bytes(b"private")
    media = MediaPacker()
    assert media.resolve(src, str(log), "log.md:4") is None
    assert media.files == {}
    assert media.warnings == [f"log.md:4: image {src!r} is outside the log's folder; left out"]


def test_absolute_paths_are_refused(log):
    media = MediaPacker()
    target = log.parent / "QA_SQL" / "image.png"
    assert media.resolve(str(target), str(log), "log.md:4") is None
    assert media.files == {} and "absolute path" in media.warnings[0]


def test_symlink_pointing_outside_is_refused(log):
    outside = log.parent.parent / "outside.png"
    outside.write_bytes(b"private")
    os.symlink(outside, log.parent / "link.png")
    media = MediaPacker()
    assert media.resolve("link.png", str(log), "log.md:2") is None
    assert "outside the log's folder" in media.warnings[0]


def test_missing_file_is_a_warning_reported_once(log):
    media = MediaPacker()
    assert media.resolve("nope.png", str(log), "log.md:9") is None
    assert media.resolve("nope.png", str(log), "log.md:9") is None
    assert media.warnings == ["log.md:9: image 'nope.png' not found; left out"]


def test_a_folder_or_fifo_is_not_an_image(log):
    os.mkfifo(log.parent / "pipe.png")  # reading it would block: it must never be opened
    media = MediaPacker()
    assert media.resolve("pipe.png", str(log), "log.md:1") is None
    assert media.resolve("QA_SQL", str(log), "log.md:2") is None
    assert len(media.warnings) == 2


def test_remote_urls_are_left_as_they_are(log):
    media = MediaPacker()
    for src in [
        "https://example.org/a.png",
        "http://example.org/b.png",
        "//cdn.example.org/c.png",
        "data:image/png;base64,AAAA",
    ]:
        assert media.resolve(src, str(log), "log.md:1") == src
    assert media.files == {} and media.warnings == []


def test_card_without_log_file_keeps_nothing(log):
    media = MediaPacker()
    assert media.resolve("QA_SQL/image.png", None, "log.md:1") is None
    assert media.warnings
