"""Coverage: does the task aim at full coverage (全覆盖, 覆盖率达到100%)?"""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import rules


@lru_cache(maxsize=None)
def _pattern() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{p})" for p in rules.load("coverage")["patterns"]))


def find_coverage(text: str) -> tuple[int, int] | None:
    """The span of the first full-coverage phrase in ``text``, or None."""
    m = _pattern().search(text or "")
    return (m.start(), m.end()) if m else None


def has_coverage(text: str) -> bool:
    return find_coverage(text) is not None
