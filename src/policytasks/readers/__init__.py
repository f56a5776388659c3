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
FETCH_TIMEOUT = 30.0  # seconds to download a web address, all of it

Source = Union[str, os.PathLike, bytes, bytearray]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_pages: int = MAX_PAGES
    fetch_timeout: float = FETCH_TIMEOUT


@dataclass
class RawDocument:
    text: str
    format: str  # text | pdf | docx | html | doc | xlsx | xls | ods
    sha256: str
    path: str | None = None
    pages: int | None = None
    #: offsets into ``text`` where page 1, 2, ... start (paged formats only)
    page_starts: list[int] = field(default_factory=list)
    #: what the reader could not take as it stands (a spreadsheet's sheets), for the notice's warnings
    warnings: list[str] = field(default_factory=list)


def sniff(data: bytes) -> str:
    """Guess the format from the bytes themselves, never from the file name."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in data[:256]:
            return "ods"
        zipped = data[:65536]
        if b"word/" in zipped:
            return "docx"
        if b"xl/" in zipped:
            return "xlsx"
        return "docx" if b"[Content_Types].xml" in zipped else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: the directory names the main stream
        return "xls" if "Workbook".encode("utf-16-le") in data and "WordDocument".encode("utf-16-le") not in data \
            else "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    low = head[:1024].lower()
    if low.startswith(b"\xef\xbb\xbf"):
        low = low[3:]
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in low or b"<html" in low:
        return "html"
    return "text"


STDIN = "-"  # the path that means standard input


def read(source: Source, *, password: str | None = None, limits: Limits | None = None,
         name: str | None = None, ocr: str = "auto", progress: bool = False) -> RawDocument:
    """Read a path, a web address (http/https), ``-`` (stdin) or bytes into a RawDocument, or
    raise a PolicyTasksError subclass."""
    limits = limits or Limits()
    if ocr not in ("auto", "always", "never"):
        raise FormatError(f"ocr must be auto, always or never, not {ocr!r}", name)
    if isinstance(source, str) and source == STDIN:
        from .url import read_stdin

        source, name = read_stdin(limits), "<stdin>"
    elif isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        from .url import fetch

        source, name = fetch(source, limits), source
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

        doc = pdf.read_pdf(data, path=path, password=password, limits=limits, ocr=ocr, progress=progress)
    elif kind == "docx":
        from . import docx

        doc = docx.read_docx(data, path=path)
    elif kind == "html":
        from . import html

        doc = html.read_html(data, path=path)
    elif kind == "text":
        from . import text

        doc = text.read_text(data, path=path)
    elif kind in ("xlsx", "xls", "ods"):
        from . import spreadsheet

        doc = spreadsheet.read_spreadsheet(data, kind, path=path)
    elif kind == "doc":
        from . import doc as _doc

        doc = _doc.read_doc(data, path=path)
    elif kind == "image":
        raise FormatError("an image, not a notice: put a scan in a PDF to have it read with OCR", path)
    else:
        label = {"zip": "ZIP archive"}.get(kind, kind)
        raise FormatError(f"unsupported format ({label}); save it as .docx, PDF or text", path)
    doc.sha256 = digest
    doc.path = path
    return doc
