"""Plain-text notices: detect the encoding, reject binary junk."""

from __future__ import annotations

import codecs

from ..errors import ReadError

#: Share of control characters above which decoded "text" is taken for binary junk.
MAX_CONTROL_SHARE = 0.02
#: Share of undecodable or replacement characters above which decoding failed.
MAX_REPLACEMENT_SHARE = 0.01

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str | None = None) -> str:
    """Bytes -> str: BOM first, then strict UTF-8, then GB18030, then a detector."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check(data.decode(enc), path)
            except UnicodeDecodeError:
                raise ReadError(f"damaged {enc} text (bad bytes after the byte-order mark)", path) from None
    if b"\x00" not in data:
        for enc in ("utf-8", "gb18030"):
            # GB18030 is a superset of GBK and GB2312; strict decoding rejects most junk.
            try:
                return _check(data.decode(enc), path)
            except (UnicodeDecodeError, ReadError):
                continue
    from charset_normalizer import from_bytes  # detector for UTF-16 without BOM, Big5 and friends

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("not text: binary data or an unknown encoding", path)
    return _check(str(best), path)


def _check(text: str, path: str | None) -> str:
    if not text:
        raise ReadError("empty file", path)
    control = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0)
    bad = text.count("\ufffd")
    if control > MAX_CONTROL_SHARE * len(text) or bad > MAX_REPLACEMENT_SHARE * len(text):
        raise ReadError("not text: binary data or an unknown encoding", path)
    if not any(0x4E00 <= ord(c) <= 0x9FFF for c in text):
        raise ReadError("no Chinese text found: not a notice, or an unknown encoding", path)
    return text


def read_text(data: bytes, path: str | None = None):
    from . import RawDocument

    text = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(text=text, format="text", sha256="", path=path)
