"""``--format json``: one NAME.json per notice, exactly what single-file convert prints."""

from __future__ import annotations

from pathlib import Path

from .atomic import atomic_write


def notice_bytes(notice) -> bytes:
    return (notice.to_json() + "\n").encode("utf-8")


def write_notice(notice, path: Path) -> None:
    write_bytes(notice_bytes(notice), path)  # serialise first: a failure here must not touch the file


def write_bytes(data: bytes, path: Path) -> None:
    """A notice's JSON, already made (``export.render``), into its file."""
    with atomic_write(path) as f:
        f.write(data)
