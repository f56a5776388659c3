"""Read: bytes -> RawDocument (text with page offsets). One module per format.

Every reader returns plain text with lines separated by ``\\n`` and, for paged
formats, the offset in that text where each page starts.  Nothing here knows
about notices; normalisation and parsing come later in the pipeline.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from ..errors import FormatError, LimitError, ReadError

#: Default limits; override with ``Limits(...)`` (API) or ``--max-bytes`` / ``--max-pages`` (CLI).
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500

Source = Union[str, os.PathLike, bytes, bytearray]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_pages: int = MAX_PAGES


@dataclass
class RawDocument:
    text: str
    format: str  # text | pdf | docx | html
    sha256: str
    path: str | None = None
    pages: int | None = None
    #: offsets into ``text`` where page 1, 2, ... start (paged formats only)
    page_starts: list[int] = field(default_factory=list)


#: magic numbers of image files: a photo or scan of a notice, which needs OCR before it has text
#: (only signatures no text file starts with: BMP's bare "BM" could be the first word of a text)
_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
                (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def image_kind(data: bytes) -> str | None:
    """``PNG``, ``JPEG``, … when the bytes are an image, else None."""
    for magic, label in _IMAGE_MAGIC:
        if data.startswith(magic):
            return label
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    return None


def sniff(data: bytes) -> str:
    """Guess the format from the bytes themselves, never from the file name."""
    if image_kind(data):
        return "image"
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    low = head[:1024].lower()
    if low.startswith(b"\xef\xbb\xbf"):
        low = low[3:]
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low or b"<html" in low:
        return "html"
    return "text"


def read(source: Source, *, password: str | None = None, limits: Limits | None = None,
         name: str | None = None) -> RawDocument:
    """Read a path or bytes into a RawDocument, or raise a PolicyTasksError subclass."""
    limits = limits or Limits()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        path = name
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        p = Path(path)
        try:
            size = p.stat().st_size
        except FileNotFoundError:
            raise ReadError("no such file", path) from None
        except OSError as e:
            raise ReadError(f"cannot read: {e.strerror or e}", path) from None
        if p.is_dir():
            raise ReadError("is a folder, not a file", path)
        if size > limits.max_bytes:  # checked before reading: a huge file is never loaded
            raise LimitError(f"file is {size} bytes, over the limit of {limits.max_bytes}", path)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise ReadError(f"cannot read: {e.strerror or e}", path) from None
    else:
        raise FormatError(f"expected a path or bytes, not {type(source).__name__}", name)
    if len(data) > limits.max_bytes:
        raise LimitError(f"input is {len(data)} bytes, over the limit of {limits.max_bytes}", path)
    if not data.strip():
        raise ReadError("empty file", path)
    digest = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "pdf":
        from . import pdf  # lazy: pdfplumber is heavy

        doc = pdf.read_pdf(data, path=path, password=password, limits=limits)
    elif kind == "docx":
        from . import docx

        doc = docx.read_docx(data, path=path)
    elif kind == "html":
        from . import html

        doc = html.read_html(data, path=path)
    elif kind == "text":
        from . import text

        doc = text.read_text(data, path=path)
    elif kind == "image":
        raise FormatError(f"an image ({image_kind(data)}): it needs OCR first; policytasks reads text, "
                          "PDF, Word and web pages", path)
    else:
        label = {"doc": "legacy Word .doc", "zip": "ZIP archive"}.get(kind, kind)
        raise FormatError(f"unsupported format ({label}); save it as .docx, PDF or text", path)
    doc.sha256 = digest
    doc.path = path
    return doc
