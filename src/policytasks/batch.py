"""Batch conversion: many inputs, optionally in parallel, results in input order."""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

from .errors import FormatError, ParseError, PolicyTasksError

SUPPORTED_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".html", ".htm", ".shtml",
                      ".doc", ".wps", ".xlsx", ".xls", ".ods"}


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; folders recursively, every supported format, in a fixed (sorted) order."""
    out: list[Path] = []
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def unreadable(inputs: Iterable[str | os.PathLike]) -> list[tuple[str, str]]:
    """Files inside the folders given that are not read (an image, an archive): (path, why), so
    the summary names them instead of passing over them.  Hidden files are left out."""
    out = []
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            for x in sorted(p.rglob("*")):
                if (x.is_file() and x.suffix.lower() not in SUPPORTED_SUFFIXES
                        and not any(part.startswith(".") for part in x.relative_to(p).parts)):
                    out.append((str(x), f"not a notice format policytasks reads ({x.suffix or 'no suffix'})"))
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _convert_one(path, options: dict):
    from .pipeline import parse

    if not isinstance(path, (str, os.PathLike)):
        return FormatError(f"expected a path, not {type(path).__name__}: {path!r}"[:200])
    path = os.fspath(path)
    try:
        return parse(path, **options)
    except PolicyTasksError as e:
        return e
    except Exception as e:  # a bug must not stop the batch; it is reported with the file
        err = ParseError(_one_line(f"internal error ({type(e).__name__}: {e})"), path)
        err.__cause__ = e
        return err


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it cancels what is queued and lets running files finish,
    # instead of every worker printing its own KeyboardInterrupt traceback.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _collect(future, path: str):
    try:
        result = future.result()
    except Exception as e:  # the worker died or the result did not come back: this file failed
        return PolicyTasksError(_one_line(f"worker failed ({type(e).__name__}: {e})"), path)
    return result


def convert_many(paths, executor=None, *, prefetch: int | None = None, **options) -> Iterator:
    """Yield one result per path, in order: a Notice, or the PolicyTasksError it raised.

    ``executor`` is any ``concurrent.futures.Executor`` (a process pool, or a Dask
    ``Client().get_executor()``); without one the files convert here, one by one.
    At most ``prefetch`` files are queued on the executor at a time (default: four
    per local CPU, at least 32), so memory stays bounded however many paths there
    are; raise it for a large cluster. Closing the generator early cancels what is queued."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]  # one path, not its characters
    paths = list(paths)
    if executor is None:
        for p in paths:
            yield _convert_one(p, options)
        return
    window = max(1, prefetch or max(32, 4 * (os.cpu_count() or 1)))
    todo = iter(paths)
    pending: deque = deque()

    def submit_next() -> None:
        p = next(todo, None)
        if p is not None:
            pending.append((p, executor.submit(_convert_one, p, options)))

    try:
        for _ in range(window):
            submit_next()
        while pending:
            p, future = pending.popleft()
            submit_next()
            yield _collect(future, p)
    finally:
        for _, future in pending:
            future.cancel()
