"""Batch conversion: many inputs, optionally in parallel, results in input order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from .errors import PolicyTasksError

SUPPORTED_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".html", ".htm", ".shtml"}


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


def _convert_one(path: str, options: dict):
    from .pipeline import parse

    try:
        return parse(path, **options)
    except PolicyTasksError as e:
        return e
    except Exception as e:  # a bug must not stop the batch; it is reported with the file
        return PolicyTasksError(f"internal error ({type(e).__name__}: {e})", path)


def convert_many(paths, executor=None, **options) -> Iterator:
    """Yield one result per path, in order: a Notice, or the PolicyTasksError it raised.

    ``executor`` is any ``concurrent.futures.Executor`` (a process pool, or a Dask
    ``Client().get_executor()``); without one the files convert here, one by one."""
    paths = [os.fspath(p) for p in paths]
    if executor is None:
        for p in paths:
            yield _convert_one(p, options)
        return
    futures = [executor.submit(_convert_one, p, options) for p in paths]
    for f in futures:
        yield f.result()
