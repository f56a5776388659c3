"""Progress: how a task stands in a progress report (status, percent of the goal, as of when).

A pure function of the text; the status words are data (``data/progress.yaml``)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import regex

from .. import rules
from ..models import Progress

_PERCENT = regex.compile(r"(?:完成|达到|达|占)[^，。；%]{0,12}?(\d+(?:\.\d+)?)\s*[%％]")


@lru_cache(maxsize=None)
def _status_words() -> tuple[tuple[str, str], ...]:
    data = rules.load("progress")
    pairs = [(w, kind) for kind in ("done", "in_progress", "not_started") for w in data.get(kind) or []]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def read_progress(text: str, *, offset: int = 0, as_of: dt.date | None = None) -> Progress:
    """The progress a report gives for one task (``text`` as printed)."""
    status = next((kind for w, kind in _status_words() if w in text), None)
    percent = None
    m = _PERCENT.search(text)
    if m:
        percent = float(m.group(1))
        if status is None or (status == "done" and percent < 100):
            status = "done" if percent >= 100 else "in_progress"
    return Progress(text=text, span=(offset, offset + len(text)), status=status, percent=percent,
                    as_of=as_of)
