"""Measurable targets: an amount, its unit, a comparator and the thing counted.

``find_targets(text)`` reads any text; ``scan_targets`` also returns the problems it saw
(a number with a unit it does not know) so that the pipeline can put them in ``warnings``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from .. import rules
from ..markers import is_han
from ..models import Target
from . import numerals
from .subjects import subject_after, subject_before

_ONE_X_ONE_Y = regex.compile(r"一\p{Han}一\p{Han}")
_YEAR_RANGE = regex.compile(r"[（(]\s*(?:19|20)\d\d\s*[—–\-－~至到]\s*(?:19|20)?\d\d\s*年?\s*[）)]")

#: Longest stretch scanned around a number for comparator words and clause context.
CONTEXT_CHARS = 60
#: Most Han characters between a comparator and its number (至少建成3所).
MAX_GAP = 4

_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = f"[{numerals.CN_CHARS}]+"
_MULT = "百千万亿萬億佰仟"
NUMBER = regex.compile(rf"(?P<pct>百分之)?(?:(?P<ar>{_ARABIC})(?P<mult>[{_MULT}]{{0,2}})|(?P<cn>{_CN}))")
_CLAUSE_BREAK = set("，；。：！？、\n\t")


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    name_if_followed: bool | str = False  # 二期工程: followed by a Han character, a name; "chinese": 两项补贴
    chinese_is_name: bool = False  # 公园二期: in Chinese numerals, always a name


@dataclass
class Problem:
    """Something a reader should look at: a number that was not made a target."""

    text: str
    span: tuple[int, int]
    reason: str


@lru_cache(maxsize=None)
def _units() -> tuple[dict[str, Unit], regex.Pattern]:
    data = rules.load("units")
    table: dict[str, Unit] = {}
    for name, spec in data["units"].items():
        unit = Unit(str(name), spec["kind"], spec.get("name_if_followed") or False, bool(spec.get("chinese_is_name")))
        for sp in spec.get("spellings") or [name]:
            table[sp] = unit
        table.setdefault(str(name), unit)
    alts = sorted(table, key=len, reverse=True)
    return table, regex.compile("|".join(map(regex.escape, alts)))


@lru_cache(maxsize=None)
def _comparators():
    data = rules.load("comparators")
    pre = data["prefix"]
    suf = data["suffix"]
    pre_re = regex.compile("(?:" + "|".join(map(regex.escape, sorted(pre, key=len, reverse=True))) + r")\s*$")
    suf_re = regex.compile(r"\s*(?:" + "|".join(map(regex.escape, sorted(suf, key=len, reverse=True))) + ")")
    joiners = "|".join(map(regex.escape, data["range_joiners"]))
    # a two-or-more-character comparator up to MAX_GAP Han characters before the number
    long_words = sorted((w for w in pre if len(w) >= 2), key=len, reverse=True)
    gap_re = regex.compile("(?P<w>" + "|".join(map(regex.escape, long_words)) + rf")\p{{Han}}{{1,{MAX_GAP}}}$")
    return pre, suf, pre_re, suf_re, regex.compile(rf"\s*(?:{joiners})\s*"), gap_re


@dataclass(frozen=True)
class _Rules:
    per_period: tuple[str, ...]
    progress: tuple[str, ...]
    standards: tuple[str, ...]
    change_words: tuple[str, ...]
    progress_verbs: tuple[str, ...]
    baseline_words: tuple[str, ...]
    baseline_prefixes: tuple[str, ...]
    vague_prefixes: tuple[str, ...]
    condition_units: frozenset[str]
    per_denominator: regex.Pattern
    quotes: dict
    idioms: regex.Pattern
    name_suffixes: tuple[str, ...]
    adjective_suffixes: tuple[str, ...]
    indicator_endings: tuple[str, ...]


@lru_cache(maxsize=None)
def _target_rules() -> _Rules:
    t = rules.load("targets")
    u = rules.load("units")
    return _Rules(
        per_period=tuple(t["per_period"]),
        progress=tuple(sorted(t["progress_markers"], key=len, reverse=True)),
        standards=tuple(t.get("standard_markers", [])),
        change_words=tuple(t.get("change_words", [])),
        progress_verbs=tuple(t.get("progress_verbs", [])),
        baseline_words=tuple(t.get("baseline_words", [])),
        baseline_prefixes=tuple(t.get("baseline_prefixes", [])),
        vague_prefixes=tuple(t.get("vague_prefixes", [])),
        condition_units=frozenset(str(x) for x in u.get("condition_units", [])),
        # 4.5批次/千人, 2张/百户: a unit per so many people or households sets a standard
        per_denominator=regex.compile(r"\s*[/／每]\s*[\d.]*[十百千万]?(?:" + "|".join(
            map(regex.escape, sorted(t.get("per_denominators", []), key=len, reverse=True))) + ")"),
        quotes=t["quotes"],
        idioms=regex.compile("|".join(map(regex.escape, sorted(t["idioms"], key=len, reverse=True)))),
        name_suffixes=tuple(sorted(u.get("name_suffixes", []), key=len, reverse=True)),
        adjective_suffixes=tuple(u.get("adjective_suffixes", [])),
        indicator_endings=tuple(t.get("indicator_endings", [])),
    )


def _masked(text: str) -> list[bool]:
    """Characters inside quotes or fixed expressions: numbers there are names."""
    r = _target_rules()
    quotes, idioms = r.quotes, r.idioms
    mask = [False] * len(text)
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if stack and c == stack[-1][0] and (c != '"' or i > stack[-1][1]):
            _, start = stack.pop()
            for k in range(start, i + 1):
                mask[k] = True
        elif c in quotes and not (c == '"' and stack and stack[-1][0] == '"'):
            if len(stack) < 8:
                stack.append((quotes[c], i))
        elif c == "\n":
            stack.clear()
    for m in idioms.finditer(text):
        for k in range(m.start(), m.end()):
            mask[k] = True
    # 一村一品, 一户一档: 一X一Y
    for m in _ONE_X_ONE_Y.finditer(text):
        for k in range(m.start(), m.end()):
            mask[k] = True
    # years in parentheses: （2023—2025）, （2021—2023年）
    for m in _YEAR_RANGE.finditer(text):
        for k in range(m.start(), m.end()):
            mask[k] = True
    return mask


# How far after an amount an indicator's name may run (500米 … 覆盖率).
INDICATOR_REACH = 20


@lru_cache(maxsize=None)
def _indicator_end() -> regex.Pattern:
    """Where an indicator's name ends: punctuation or a comparator word (达到, 不低于…)."""
    words = sorted(_comparators()[0], key=len, reverse=True)
    return regex.compile(r"[，；。：、\n\t]|" + "|".join(map(regex.escape, words)))


def _names_indicator(text: str, pos: int, endings: tuple[str, ...]) -> bool:
    """Is the amount ending at ``pos`` part of an indicator name (500米覆盖率)?"""
    if pos >= len(text) or not is_han(text[pos]):
        return False
    window = min(len(text), pos + INDICATOR_REACH)
    m = _indicator_end().search(text, pos, window)
    # the name ends at punctuation or a comparator, or where the text ends (提高公交站点500米覆盖率)
    end = m.start() if m else (len(text) if window == len(text) else pos)
    phrase = text[pos:end]
    return bool(phrase) and phrase.endswith(endings)


def _is_progress(clause: str, r: "_Rules") -> bool:
    """去年已建成12个 reports progress; 由去年的52%提高到60% and 在去年基础上新增500个 set goals,
    and 对已建成的30个小区 names the thing counted."""
    for w in r.progress:
        k = clause.rfind(w)
        if k >= 0:
            between = clause[k + len(w):]
            if any(c in between for c in r.change_words) or any(b in between for b in r.baseline_words):
                return False
            if "的" in between:
                return False
            return between.lstrip("已经").startswith(r.progress_verbs)
    return False


def _is_baseline(clause: str, r: "_Rules", comparator_words) -> bool:
    for w in r.baseline_prefixes:
        k = clause.rfind(w)
        if k >= 0:
            rest = clause[k:]
            return not any(c in rest for c in r.change_words) and not any(c in rest for c in comparator_words)
    return False


def _clause_before(text: str, start: int) -> str:
    i = start
    lo = max(0, start - CONTEXT_CHARS)
    while i > lo and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return text[i:start]


def _value(m: regex.Match) -> Decimal | None:
    return numerals.parse_number((m.group("ar") or "") + (m.group("mult") or "") if m.group("ar") else m.group("cn"))


def _unit_at(text: str, pos: int) -> tuple[Unit | None, int]:
    table, pat = _units()
    j = pos
    while j < len(text) and text[j] == " ":
        j += 1
    m = pat.match(text, j)
    if not m:
        return None, pos
    u = table[m.group(0)]
    end = m.end()
    # a single ASCII letter unit (m, t) must not be the start of a word: 5G, 3D, 100tons
    if m.group(0).isascii() and end < len(text) and text[end].isascii() and text[end].isalpha():
        return None, pos
    return u, end


def _number_with_unit(text: str, m: regex.Match):
    """Split multipliers that really start a unit (40千米, 3千克) and read what follows the number."""
    end = m.end()
    # 千米 / 百分点: give the multiplier back to the unit when that makes a unit
    mult = m.group("mult") or ""
    cn = m.group("cn") or ""
    tail = mult or cn
    for k in range(len(tail)):
        cut = m.end() - (len(tail) - k)
        u, uend = _unit_at(text, cut)
        if u and text[cut] in _MULT and (len(tail) - k) <= 2:
            rest = tail[:k]
            if m.group("ar"):
                v = numerals.parse_number(m.group("ar") + rest)
            else:
                v = numerals.parse_number(rest) if rest else None
            if v is not None:
                return v, m.start(), cut
    v = _value(m)
    return v, m.start(), end


def scan_targets(text: str, offset: int = 0, *, achieved: bool = False) -> tuple[list[Target], list[Problem]]:
    """Targets in ``text`` with spans shifted by ``offset``, and the numbers left out for a reason
    a reader should see.  ``achieved``: the text reports progress (已审核加装电梯12部), so amounts
    already reached are read too (as figures reached, never targets)."""
    targets: list[Target] = []
    problems: list[Problem] = []
    if not text:
        return targets, problems
    pre_words, suf_words, pre_re, suf_re, joiner_re, gap_re = _comparators()
    not_comparators = tuple(rules.load("comparators").get("not_comparators", []))
    approx_chars = {w for w in suf_words if len(w) == 1}  # 300余场, 1000多个
    r = _target_rules()
    mask = _masked(text)
    pos = 0
    standard_end = None  # where the last amount skipped as a standard ended
    while True:
        m = NUMBER.search(text, pos)
        if not m:
            break
        pos = m.end()
        start = m.start()
        if m.group("cn") and not m.group("pct") and numerals.parse_chinese(m.group("cn")) is None:
            continue
        if any(mask[start:m.end()]):
            continue
        prev = text[start - 1] if start else ""
        if prev == "第" or (prev.isascii() and prev.isalpha()) or prev in "-." and start > 1 and text[start - 2].isdigit():
            continue
        value, vstart, vend = _number_with_unit(text, m)
        if value is None:
            continue
        pct = bool(m.group("pct"))
        value_max = None
        j = vend
        # range: 10—15个, 3至5所, 2万—3万人
        jm = joiner_re.match(text, j)
        if jm:
            m2 = NUMBER.match(text, jm.end())
            if m2 and not m2.group("pct"):
                v2, _, v2end = _number_with_unit(text, m2)
                if v2 is not None:
                    # 2—3万人: the multiplier written once applies to both
                    if m2.group("mult") and not m.group("mult") and m.group("ar") and m2.group("ar") \
                            and value < numerals.parse_arabic(m2.group("ar")):
                        # 2—3万人: written once, the multiplier is both ends' (not 5000—1万人)
                        value = value * numerals.MULTIPLIERS[m2.group("mult")[-1]]
                    value_max = v2
                    j = v2end
                    pos = max(pos, v2end)
        suffix_cmp = None
        # 300余场, 1000多个, 1万余人
        if j < len(text) and text[j] in approx_chars and not text.startswith(not_comparators, j):
            suffix_cmp = suf_words[text[j]]
            j += 1
        if pct:
            unit, uend = _units()[0]["%"], j
        else:
            unit, uend = _unit_at(text, j)
        if unit is None:
            following = text[j:j + 4]
            is_year = m.group("ar") and len(m.group("ar")) == 4 and 1900 <= value <= 2100
            if m.group("ar") and not is_year and not following.startswith(r.name_suffixes) and not (
                following[:1].isascii() and following[:1].isalpha()
            ):
                problems.append(Problem(text[start:j + 2], (offset + start, offset + j), "number with no known unit"))
            continue
        if unit.kind in ("calendar", "age"):
            pos = max(pos, uend)
            continue
        if text.startswith(r.adjective_suffixes, uend):
            continue
        per = r.per_denominator.match(text, uend)
        if per:
            pos = max(pos, per.end())  # 4.5批次/千人: a rate per head, and 千人 is no amount
            continue
        if unit.name_if_followed and uend < len(text) and is_han(text[uend]) and (
                unit.name_if_followed is True or m.group("cn")):
            continue
        if unit.chinese_is_name and m.group("cn"):
            continue
        if _names_indicator(text, uend, r.indicator_endings):
            continue
        end = uend
        sm = suf_re.match(text, end)
        if sm:
            suffix_cmp = suf_words[sm.group(0).strip()]
            end = sm.end()
        before = text[max(0, vstart - CONTEXT_CHARS):vstart]
        pm = pre_re.search(before)
        if pm and before[: pm.start() + len(pm.group(0).strip())].endswith(not_comparators):
            pm = None  # 签约30万人, 附近3公里
        prefix_cmp = pre_words[pm.group(0).strip()] if pm else None
        prefix_start = vstart - (len(pm.group(0)) if pm else 0)
        if pm is None:
            # 至少建成3所: a comparator a short verb away still governs the amount
            gm = gap_re.search(before)
            if gm and pre_words[gm.group("w")] != "eq":
                prefix_cmp = pre_words[gm.group("w")]
        clause = _clause_before(text, prefix_start)
        # 每户补助500元, 每千名老年人建设1家, 人均面积2.8平方米: standards, not targets
        pers = [k for k, c in enumerate(clause) if c == "每"]
        if (any(not clause[k + 1:].startswith(r.per_period) for k in pers)
                or any(w in clause for w in r.standards)
                or (standard_end is not None and text[standard_end:prefix_start] == "、")):
            standard_end = end  # 每人每月760元、560元: the list goes on
            continue
        is_rate = bool(pers)
        if not achieved and _is_progress(_clause_before(text, vstart), r):
            continue
        if m.group("cn") and text.endswith(r.vague_prefixes, 0, vstart):
            continue  # 数十个, 几百人: vague
        if _is_baseline(_clause_before(text, vstart), r, pre_words):
            continue  # 由80%（提高到95%）, 由去年的52%: where a change starts
        comparator = "range" if value_max is not None else (suffix_cmp or prefix_cmp or "eq")
        has_comparison = comparator != "eq" or (prefix_cmp is not None)
        attributive = text.startswith("的", end)
        if attributive and (is_rate or suffix_cmp in ("ge", "le") or unit.kind == "duration"):
            continue
        if suffix_cmp in ("ge", "le") and end < len(text) and is_han(text[end]) and not text.startswith(
                tuple(pre_words), end) and unit.name in r.condition_units:
            continue  # 25户以上自然村, 500人以上企业: a condition on what follows
        if is_rate and unit.kind == "duration":
            continue  # 每周开放不少于35小时: a standard of service
        if unit.kind == "duration" and comparator == "eq" and not (prefix_cmp and prefix_cmp != "eq"):
            if not has_comparison:
                continue
        unit_name = unit.name
        if unit.kind == "money" and unit_name != "元":
            unit_name = "元"
        subject = subject_after(text, end) if not attributive else None
        if subject is None:
            subject = subject_before(text, prefix_start)
            lead_in = prefix_start - len(_clause_before(text, prefix_start))
            if subject is None and targets and text[lead_in - 1:lead_in] == "、":
                subject = targets[-1].subject  # 新建中小学5所、改扩建7所: still 中小学
        targets.append(
            Target(
                value=numerals.to_number(value),
                value_max=numerals.to_number(value_max) if value_max is not None else None,
                unit=unit_name,
                comparator=comparator,
                subject=subject,
                text=text[prefix_start:end],
                span=(offset + prefix_start, offset + end),
            )
        )
        pos = max(pos, end)
    return targets, problems


def find_targets(text: str) -> list[Target]:
    """Every measurable target in ``text``, in order.

    The text is normalised first (spaces, full-width digits, half-width punctuation), so
    ``完成 ６ 个`` reads as ``完成6个``; spans point into the text as given."""
    from ..normalise import normalise

    if not isinstance(text, str):
        return []
    norm = normalise(text)
    out = []
    for t in scan_targets(norm.text)[0]:
        a, b = t.span
        t.span = (norm.raw_index(a), norm.raw_index(b - 1) + 1 if b > a else norm.raw_index(a))
        t.text = text[t.span[0]:t.span[1]]  # the words as given: 完成 ６ 个
        out.append(t)
    return out
