"""Plain-text notices: detect the encoding, reject binary junk."""

from __future__ import annotations

import codecs

from ..errors import ReadError

#: Share of control characters above which decoded "text" is taken for binary junk.
MAX_CONTROL_SHARE = 0.02
#: Share of undecodable or replacement characters above which decoding failed.
MAX_REPLACEMENT_SHARE = 0.01
#: Legacy encodings tried after UTF-8, best reading first kept.
CJK_ENCODINGS = ("gb18030", "big5")
#: A legacy decoding is kept only if this share of it is ordinary Chinese, ASCII or punctuation.
MIN_PLAIN_SHARE = 0.95

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
        try:
            return _check(data.decode("utf-8"), path)
        except (UnicodeDecodeError, ReadError):
            pass
        # GB18030 (a superset of GBK and GB2312) decodes almost any bytes, so Big5 text would
        # "succeed" as junk: decode both and keep the one that reads as ordinary Chinese.
        best = None
        for enc in CJK_ENCODINGS:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            score = _plain_share(text)
            if best is None or score > best[0]:
                best = (score, text)
        if best is not None and best[0] >= MIN_PLAIN_SHARE:
            return _check(best[1], path)
        mixed = _decode_mixed(data)
        if mixed is not None:
            return _check(mixed, path)
    from charset_normalizer import from_bytes  # detector for UTF-16 without BOM, Big5 and friends

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("not text: binary data or an unknown encoding", path)
    return _check(str(best), path)


def _gbk_fallback(e: UnicodeDecodeError):
    """Error handler for UTF-8: bytes that are not UTF-8 are read as GB18030 (2 or 4 bytes)."""
    for size in (2, 4):
        try:
            return e.object[e.start:e.start + size].decode("gb18030"), e.start + size
        except UnicodeDecodeError:
            continue
    return "\ufffd", e.start + 1


codecs.register_error("policytasks-gbk-fallback", _gbk_fallback)


def _decode_mixed(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and GBK files, read line by line (both keep ASCII, so a
    newline is a newline); a line holding both, byte by byte.  None unless the result reads as
    ordinary Chinese."""
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))  # a whole line of UTF-8
            continue
        except UnicodeDecodeError:
            pass
        try:
            line = raw.decode("gb18030")  # a whole line of GBK
            if _plain_share(line) >= MIN_PLAIN_SHARE:
                lines.append(line)
                continue
        except UnicodeDecodeError:
            pass
        lines.append(raw.decode("utf-8", "policytasks-gbk-fallback"))  # the line they meet in
    text = "\n".join(lines)
    return text if _plain_share(text) >= MIN_PLAIN_SHARE else None


def _plain_share(text: str) -> float:
    """Share of characters that ordinary Chinese text is made of."""
    if not text:
        return 0.0
    plain = sum(1 for c in text if c.isascii() or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·")
    return plain / len(text)


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


def read_text(data: bytes, path: str | None = None, max_chars: int | None = None):
    from . import RawDocument

    if max_chars is not None and len(data) > 4 * max_chars + 4:
        # no encoding takes more than 4 bytes a character: over the limit before decoding
        from ..errors import LimitError

        raise LimitError(f"text of more than {max_chars} characters, over the limit (--max-chars)", path)
    text = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDocument(text=text, format="text", sha256="", path=path)
