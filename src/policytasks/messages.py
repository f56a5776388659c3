"""The one place the command line speaks to the user: errors and counts on stderr.

``cli`` and ``convert`` (and any other command module) import from here, never from
each other."""

from __future__ import annotations

import sys

PROG = "policytasks"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``1 task``, ``2 tasks``, ``0 notices``: a count that agrees with its noun."""
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


def shown(name) -> str:
    """A file name fit for one line of a message or a feed: control characters (a newline
    in a name) and bytes that are not UTF-8 (GBK names from an unzipped archive) escaped
    as ``\\n``, ``\\xc4``, never raised and never splitting the line."""
    import os

    if isinstance(name, bytes):
        raw = name
    else:
        raw = os.fsencode(str(name)) if any("\udc80" <= c <= "\udcff" for c in str(name)) else None
    text = raw.decode("utf-8", "backslashreplace") if raw is not None else str(name)
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(c: str) -> str:
    code = ord(c)
    if c in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def err(msg: str) -> None:
    """One line on stderr, ``policytasks: msg``. Never raises: a closed stderr loses it."""
    line = f"{PROG}: {' '.join(str(msg).splitlines())}\n"
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line)
        stream.flush()
    except (OSError, ValueError):
        pass


def os_error(e: OSError, verb: str = "cannot write") -> str:
    """``cannot write out.csv: No space left on device``; stdout when the error names no file."""
    where = shown(e.filename) if e.filename is not None else "stdout"
    return f"{verb} {where}: {e.strerror or e}"


class ClosedStream:
    """Stands in for a stdout the process was started without: every write is an OSError."""

    def _closed(self, *a, **k):
        import errno

        raise OSError(errno.EBADF, "stdout is closed")

    write = fileno = _closed

    def flush(self) -> None:  # nothing was written, nothing is lost
        pass

    @property
    def buffer(self):
        return self
