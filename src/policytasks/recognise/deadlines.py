"""Deadlines: the last day a task may be finished.

``parse_deadline("2024年12月底前")`` -> 2024-12-31, precision month.  Dates in Chinese numerals
and full-width digits are read; a month with no year takes the plan year; 长期坚持 is ongoing."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import regex

from .. import rules
from ..models import Deadline
from . import numerals

_ANY_MONTH = regex.compile(r"[\d一二三四五六七八九十]\s*月")

_YEAR = r"(?:(?<!\d)(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*(?:年度?)?|(?P<ry>{relative})\s*度?)"
# A year written out that no plan has (20244年, 0244年): the deadline is not dated at all.
_WRITTEN_YEAR = regex.compile(r"(?<!\d)(?P<y>\d{4,})\s*年|(?P<y>[〇零一二三四五六七八九]{4})\s*年")
YEARS = range(1901, 2200)  # years a plan may name
_MONTH = r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
_DAY = r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号號]"
_Q = r"第?\s*(?P<q>[1-4一二三四])\s*季度"
_NUMERIC = regex.compile(r"(?<!\d)(?P<y>\d{4})\s*[.\-/．]\s*(?P<m>\d{1,2})(?:\s*[.\-/．]\s*(?P<d>\d{1,2}))?(?!\d)")


@lru_cache(maxsize=None)
def _patterns():
    d = rules.load("deadlines")
    parts = "|".join(map(regex.escape, sorted(d["month_parts"], key=len, reverse=True)))
    relative = "|".join(map(regex.escape, sorted(d.get("relative_years", {}), key=len, reverse=True))) or "(?!)"
    year = _YEAR.replace("{relative}", relative)
    year_parts = "|".join(map(regex.escape, sorted(d["year_parts"], key=len, reverse=True)))
    full = regex.compile(
        rf"(?:{year}\s*)?(?:{_MONTH}\s*(?:{_DAY}|(?P<part>{parts}))?|{_Q}\s*(?:末|底)?|(?P<yp>{year_parts}))"
    )
    bare_year = regex.compile(rf"{year}(?!\s*[\d一二三四五六七八九十]+\s*月)")
    ongoing = tuple(sorted(d["ongoing"], key=len, reverse=True))
    return full, bare_year, d["year_parts"], d["month_parts"], ongoing


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    v = numerals.parse_number(s)
    return int(v) if v is not None else None


def _year(m: regex.Match, plan_year: int | None) -> int | None:
    """The year of a match: written (2025年), relative to the plan's (次年), or the plan's."""
    if m.group("y"):
        return _num(m.group("y"))
    if m.groupdict().get("ry"):
        offset = rules.load("deadlines")["relative_years"][m.group("ry")]
        return plan_year + offset if plan_year is not None else None
    return plan_year


def _impossible_year(s: str) -> bool:
    for m in _WRITTEN_YEAR.finditer(s):
        y = _num(m.group("y"))
        if y is None or y not in YEARS:
            return True
    return False


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _resolve(m: regex.Match, year: int | None):
    """(date, precision, year used) for one match, or None when it cannot be dated."""
    try:
        return _resolve_date(m, year)
    except ValueError:  # year 0, 10000: no such date
        return None


def _resolve_date(m: regex.Match, year: int | None):
    _, _, year_parts, month_parts, _ = _patterns()
    y = _year(m, year)
    if m.groupdict().get("yp"):
        if y is None:
            return None
        spec = year_parts[m.group("yp")]
        mm, dd = spec["end"]
        return dt.date(y, mm, dd), spec["precision"], y
    if m.groupdict().get("q"):
        if y is None:
            return None
        q = _num(m.group("q"))
        mm = 3 * q
        return dt.date(y, mm, _last_day(y, mm)), "quarter", y
    mo = _num(m.group("m"))
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    d = _num(m.groupdict().get("d"))
    if d is not None:
        if not 1 <= d <= _last_day(y, mo):
            return None
        return dt.date(y, mo, d), "day", y
    part = m.groupdict().get("part")
    if part and month_parts.get(part):
        return dt.date(y, mo, month_parts[part]), "day", y
    return dt.date(y, mo, _last_day(y, mo)), "month", y


def _later(a, b):
    return b if a is None or b[0] >= a[0] else a


def parse_deadline(text: str, year: int | None = None, *, normalised: bool = False) -> Deadline | None:
    """The deadline in ``text``; ``year`` is the plan year for dates written without one.

    Returns None for empty text; a Deadline with ``date`` None when nothing could be dated."""
    if text is None:
        return None
    from ..normalise import normalise_fragment

    shown = text.strip()
    if not shown:
        return None
    s = (shown if normalised else normalise_fragment(shown)).replace(" ", "")
    full, bare_year, year_parts, _, ongoing = _patterns()
    if _impossible_year(s):
        # 20244年12月底前: a typo no one can settle; 12月 alone would be the plan year, a guess
        return Deadline(text=shown, date=None, precision=None, ongoing=False)
    found = None
    # several dates (2026年4月至10月, 一季度开工、年底完工): the last one is the deadline
    current_year = year
    for m in _NUMERIC.finditer(s):
        y, mo, d = int(m.group("y")), int(m.group("m")), m.group("d")
        if 1 <= mo <= 12 and 1900 < y < 2200:
            if d and 1 <= int(d) <= _last_day(y, mo):
                found = _later(found, (dt.date(y, mo, int(d)), "day", y))
            elif not d:
                found = _later(found, (dt.date(y, mo, _last_day(y, mo)), "month", y))
    if found is None:
        for m in full.finditer(s):
            if not m.group(0):
                continue
            r = _resolve(m, current_year)
            if r:
                found = _later(found, r)  # the last day allowed: 12月底前（其中6月底前完成主体）
                current_year = r[2]
    if found is None and not _ANY_MONTH.search(s):
        # a bare year is a year's end; a month that did not read (2024年13月) is never guessed
        # several (2018—2020, 2019至2020年): the last is the year the task may run to
        for m in bare_year.finditer(s):
            y = _year(m, year)
            if y and 1 <= y <= 9999:
                found = _later(found, (dt.date(y, 12, 31), "year", y))
    if found is not None:
        return Deadline(text=shown, date=found[0], precision=found[1], ongoing=False)
    if any(w in s for w in ongoing):
        return Deadline(text=shown, date=None, precision=None, ongoing=True)
    return Deadline(text=shown, date=None, precision=None, ongoing=False)


def latest_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """One deadline for a task whose sub-items have their own: an ongoing one wins (the task
    never ends), else the latest date, else the first (unreadable) one."""
    if not deadlines:
        return None
    ongoing = [d for d in deadlines if d.ongoing]
    if ongoing:
        return ongoing[0]
    dated = [d for d in deadlines if d.date is not None]
    if dated:
        return max(dated, key=lambda d: d.date)
    return deadlines[0]


@lru_cache(maxsize=None)
def _in_text_pattern() -> regex.Pattern:
    d = rules.load("deadlines")
    words = "|".join(map(regex.escape, sorted(d.get("completion_words", []), key=len, reverse=True)))
    year_parts = "|".join(map(regex.escape, sorted(d["year_parts"], key=len, reverse=True)))
    relative = "|".join(map(regex.escape, sorted(d.get("relative_years", {}), key=len, reverse=True))) or "(?!)"
    # never from inside a number or after a year that did not read (20244年12月底前)
    date = (rf"(?<![\d年])(?:(?:\d{{4}}\s*(?:年\s*)?|(?:{relative})\s*)?)"
            r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
            rf"|底|末|上旬|中旬|下旬)?|第?[1-4一二三四]\s*季度(?:末)?|{year_parts})")
    # 9月底前完工, 年底前建成; or a date alone in brackets at the end: （全年）, （2025年9月）
    return regex.compile(rf"(?:{date})(?:\s*(?:以前|之前|前)(?:\s*(?:{words}))?|\s*(?:{words}))"
                         rf"|(?<=[（(])\s*(?:{date})\s*(?=[）)]\s*[。；]?\s*$)")


def find_in_text(text: str, year: int | None = None) -> Deadline | None:
    """A deadline stated in a task's own sentences (9月底前完工), for tasks with no deadline
    label: the last such phrase, with its span in ``text``."""
    found = None
    for m in _in_text_pattern().finditer(text or ""):
        d = parse_deadline(m.group(0), year, normalised=True)
        if d is not None and (d.date is not None or d.ongoing):
            d.span = (m.start(), m.end())
            found = d
    return found
