"""Read: bytes -> RawDocument (text with page offsets). One module per format.

Every reader returns plain text with lines separated by ``\\n`` and, for paged
formats, the offset in that text where each page starts.  Nothing here knows
about notices; normalisation and parsing come later in the pipeline.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from typing import Union

from ..errors import FormatError, LimitError, ReadError

#: Default limits; override with ``Limits(...)`` (API) or ``--max-bytes`` / ``--max-pages`` (CLI).
MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 500
FETCH_TIMEOUT = 30.0  # seconds to download a web address, all of it
#: Most characters of text a document may hold once read (any format).  Parsing takes about
#: 20 s and 500 MB at this size in the worst shapes (tests/test_hostile.py); a long real notice
#: is 300 000.  See docs/cli.md for what --jobs N needs.
MAX_CHARS = 1_000_000

Source = Union[str, os.PathLike, bytes, bytearray]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_pages: int = MAX_PAGES
    fetch_timeout: float = FETCH_TIMEOUT
    max_chars: int = MAX_CHARS


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
         name: str | None = None, ocr: str = "auto", progress: bool = False,
         pdf_engine: str = "pdfium") -> RawDocument:
    """Read a path, a web address (http/https), ``-`` (stdin) or bytes into a RawDocument, or
    raise a PolicyTasksError subclass (a bad argument: TypeError or ValueError)."""
    from ..arguments import check_limits, check_source

    limits = check_limits(limits)
    check_source(source)
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    if isinstance(source, str) and source == STDIN:
        from .url import read_stdin

        source, name = read_stdin(limits), "<stdin>"
    elif isinstance(source, str) and source.lower().startswith(("http://", "https://")):
        from .url import fetch

        source, name = fetch(source, limits), source
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source[: limits.max_bytes + 1])
        path = name
    else:
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        data = _read_file(path, limits.max_bytes)
    if len(data) > limits.max_bytes:
        raise LimitError(f"input is over the limit of {limits.max_bytes} bytes (--max-bytes)", path)
    if not data.strip():
        raise ReadError("empty file", path)
    digest = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "pdf":
        from . import pdf  # lazy: pdfplumber is heavy

        doc = pdf.read_pdf(data, path=path, password=password, limits=limits, ocr=ocr, progress=progress,
                           engine=pdf_engine)
    elif kind == "docx":
        from . import docx

        doc = docx.read_docx(data, path=path, limits=limits)
    elif kind == "html":
        from . import html

        doc = html.read_html(data, path=path, limits=limits)
    elif kind == "text":
        from . import text

        doc = text.read_text(data, path=path, max_chars=limits.max_chars)
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
    check_chars(doc.text, limits, path)
    doc.sha256 = digest
    doc.path = path
    return doc


def check_chars(text: str, limits: Limits, path: str | None) -> None:
    if len(text) > limits.max_chars:
        raise LimitError(f"text of {len(text)} characters, over the limit of {limits.max_chars} "
                         f"(--max-chars)", path)


def _read_file(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the file, whatever it is: /dev/zero, a FIFO (opened as
    ``cat`` would: it waits for a writer), a file that grows while it is read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ReadError("no such file", path) from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file", path) from None
    except OSError as e:
        if os.path.isdir(path):
            raise ReadError("is a folder, not a file", path) from None
        raise ReadError(f"cannot read: {e.strerror or e}", path) from None
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise ReadError("is a folder, not a file", path)
            if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:  # a huge file is never loaded
                raise LimitError(f"file is {st.st_size} bytes, over the limit of {max_bytes} (--max-bytes)",
                                 path)
            return f.read(max_bytes + 1)
        except OSError as e:
            raise ReadError(f"cannot read: {e.strerror or e}", path) from None
