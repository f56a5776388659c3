"""Checks at the API boundary: a caller's bad argument is a TypeError or ValueError saying what
was expected, never a PolicyTasksError (those are about files) nor a "please report" bug."""

from __future__ import annotations

import os
from collections.abc import Mapping


def check_text(text, what: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} takes text (a str), not {type(text).__name__}")
    return text


def check_source(source) -> None:
    """A path (str or os.PathLike) or the bytes of a file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"parse takes a path (str or os.PathLike) or the file's bytes, "
                        f"not {type(source).__name__}")
    path = os.fspath(source)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str) or path == "":
        raise ValueError("parse was given an empty file name")
    if "\x00" in path:
        raise ValueError(f"a file name cannot hold a NUL byte: {path!r}")


def check_limits(limits):
    from .readers import Limits

    if limits is None:
        return Limits()
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be a policytasks.readers.Limits, not {type(limits).__name__}")
    for name in ("max_bytes", "max_pages", "max_chars"):
        v = getattr(limits, name, 1)
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ValueError(f"Limits.{name} must be a whole number of 1 or more, not {v!r}")
    return limits


def check_aliases(aliases) -> None:
    """None, a mapping of canonical names to lists of aliases, or the path of a YAML file."""
    if aliases is None or isinstance(aliases, (str, os.PathLike)):
        if isinstance(aliases, str) and (aliases == "" or "\x00" in aliases):
            raise ValueError(f"aliases: not a usable file name: {aliases!r}")
        return
    if not isinstance(aliases, Mapping):
        raise TypeError(f"aliases must be a mapping (canonical name -> list of aliases) or the path "
                        f"of a YAML file, not {type(aliases).__name__}")
    for k, v in aliases.items():
        if v is not None and (isinstance(v, (str, bytes)) or not hasattr(v, "__iter__")):
            raise TypeError(f"aliases: the aliases of {k!r} must be a list of names, not {type(v).__name__}")


def check_paths(paths) -> list:
    """convert_many's paths: one path, or an iterable of them."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [paths]
    if paths is None or not hasattr(paths, "__iter__"):
        raise TypeError(f"convert_many takes an iterable of paths, not {type(paths).__name__}")
    return list(paths)
