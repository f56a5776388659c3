"""Decompression bombs in PDFs: every Flate stream's unpacked size, measured before a parser
unpacks it.

A 6.8 KB content stream can unpack to millions of drawing operators (58 s and 4 GB through
pdfminer).  The streams are found in the raw bytes and inflated in chunks that are counted and
dropped, so this check itself stays small; images are skipped (text extraction never decodes
them).  Encrypted streams do not inflate and are not counted: the per-page bounds in
``pdfium_pages`` still hold for them.
"""

from __future__ import annotations

import re
import zlib

#: One content stream (a page's drawing, a form, an object stream) unpacks to at most this:
#: a dense printed page is well under 1 MB; pdfium holds ~50 bytes a byte of operators.
MAX_STREAM_INFLATED = 16 * 1024 * 1024
#: An embedded font program (a full CJK font is ~20 MB).
MAX_FONT_INFLATED = 64 * 1024 * 1024
#: All streams but images, together.
MAX_TOTAL_INFLATED = 512 * 1024 * 1024
_CHUNK = 1 << 16
_DICT_BACK = 4096  # a stream's dictionary is looked for this far before ``stream``

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FONT = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")


class Inflated(Exception):
    """(what, size so far, limit)"""


def check(data: bytes) -> None:
    """Raise ``Inflated`` if a Flate stream in ``data`` unpacks past its limit."""
    total = 0
    for at, body in _streams(data):
        start = max(0, at - _DICT_BACK)
        objs = list(_OBJ.finditer(data, start, at))
        head = data[objs[-1].end() if objs else start:at]
        if b"/Fl" not in head or b"/Image" in head:
            continue  # not Flate (or not only), or an image: never decoded for text
        font = bool(_FONT.search(head))
        limit = MAX_FONT_INFLATED if font else MAX_STREAM_INFLATED
        n = _inflated_size(data, body, limit + 1)
        if n > limit:
            raise Inflated("an embedded font" if font else "a content stream", n, limit)
        total += n
        if total > MAX_TOTAL_INFLATED:
            raise Inflated("its streams together", total, MAX_TOTAL_INFLATED)


def _streams(data: bytes):
    """(where ``stream`` starts, where its data starts) for each stream keyword."""
    pos = data.find(b"stream")
    while pos >= 0:
        nxt = pos + 6
        if data[pos - 3:pos] != b"end":
            if data[nxt:nxt + 2] == b"\r\n":
                yield pos, nxt + 2
            elif data[nxt:nxt + 1] in (b"\n", b"\r"):
                yield pos, nxt + 1
        pos = data.find(b"stream", nxt)


def _inflated_size(data: bytes, pos: int, cap: int) -> int:
    d = zlib.decompressobj()
    n = 0
    try:
        while pos < len(data) and not d.eof and n < cap:
            chunk = data[pos:pos + _CHUNK]
            pos += _CHUNK
            out = d.decompress(chunk, _CHUNK)
            n += len(out)
            while d.unconsumed_tail and not d.eof and n < cap:  # a small input that unpacks to much
                out = d.decompress(d.unconsumed_tail, _CHUNK)
                n += len(out)
    except zlib.error:
        pass  # not (or damaged) Flate data: the parser will say what it makes of it
    return n
