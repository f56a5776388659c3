"""Typed errors. Every error the library raises on bad input is a PolicyTasksError."""

from __future__ import annotations

import os


def display_name(path) -> str:
    """A file name as shown in any message: control characters (a newline, ESC) escaped, so one
    error stays one line and cannot forge another (log injection).  The one place names are
    formatted is messages.shown; this is it for errors."""
    from .messages import shown

    return shown(os.fspath(path) if isinstance(path, os.PathLike) else path)


class PolicyTasksError(Exception):
    """Base of every error raised on bad input. ``str(err)`` is one line naming the file."""

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        self.reason = message
        message = " ".join(str(message).split()) if not str(message).isprintable() else message
        super().__init__(f"{display_name(path)}: {message}" if path else message)

    def __reduce__(self):
        # pickle as (reason, path), so an error crossing to another process keeps both
        return (type(self), (self.reason, self.path))


class ReadError(PolicyTasksError):
    """The input could not be read: missing, empty, undecodable, truncated, encrypted."""


class FormatError(PolicyTasksError):
    """The input was read but is not a notice we can use: unsupported format, no text layer."""


class LimitError(PolicyTasksError):
    """The input exceeds a configured limit (file size, page count)."""


class ParseError(PolicyTasksError):
    """The input was read but parsing failed unexpectedly (a bug in policytasks: please report it
    with the file).  Raised instead of a bare exception so a batch can go on."""
