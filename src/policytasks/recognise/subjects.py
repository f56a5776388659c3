"""The subject of a target: what is counted.  The noun phrase after the unit
(新增300张养老家庭照护床位 -> 养老家庭照护床位) or, when nothing follows, before the number
(审核加装电梯20部以上 -> 电梯)."""

from __future__ import annotations

from functools import lru_cache

import regex

from .. import rules
from .segmenter import pos_tag

_SHORT_NOTE = regex.compile(r"（[^（）]{1,4}）")
_PHRASE_START = regex.compile(r"[\p{Han}“‘「《]")
_DIGIT = regex.compile(r"\d")

#: Longest subject phrase looked at, in characters: a subject is a short noun phrase, and
#: tagging a long stretch of text again and again would make the work quadratic.
SUBJECT_MAX_CHARS = 30
_CLAUSE_END = "，；。：！？\n\t"
_BEFORE_STOP = _CLAUSE_END + "、（）"
_AGE_OR_CONDITION = regex.compile(
    r"^\d+(?:\.\d+)?\s*(?:[—–\-~至到]\s*\d+\s*)?(?:周岁|岁)?(?:及以上|以上|及以下|以下)?的?"
)


@lru_cache(maxsize=None)
def _words() -> tuple[tuple[str, ...], tuple[str, ...], dict]:
    t = rules.load("targets")
    quotes = t["quotes"]
    return tuple(sorted(t["leading_words"], key=len, reverse=True)), tuple(t["subject_stops"]), quotes


@lru_cache(maxsize=None)
def _per_period_end() -> regex.Pattern:
    words = "|".join(map(regex.escape, rules.load("targets")["per_period"]))
    return regex.compile(rf"每(?:{words})$")


@lru_cache(maxsize=None)
def _empty_subjects() -> frozenset[str]:
    return frozenset(rules.load("targets").get("empty_subjects", []))


@lru_cache(maxsize=None)
def _prepositions() -> frozenset[str]:
    return frozenset(rules.load("targets").get("leading_prepositions", []))


@lru_cache(maxsize=None)
def _comparison() -> regex.Pattern:
    t = rules.load("targets")
    starts = "|".join(map(regex.escape, t["comparison_starts"]))
    anchors = "|".join(map(regex.escape, t["comparison_anchors"]))
    words = "|".join(map(regex.escape, t["comparison_words"]))
    return regex.compile(rf"(?:(?:{starts})(?:{anchors}|\d)|{words}).*$")


def _strip_quotes(s: str) -> str:
    _, _, quotes = _words()
    for a, b in quotes.items():
        s = s.replace(a, "").replace(b, "")
    return s.strip()


def _is_verb(flag: str) -> bool:
    return flag in ("v", "vd", "vi", "vq")


def _strip_leading(s: str) -> str:
    leading, _, _ = _words()
    changed = True
    while changed and s:
        changed = False
        for w in leading:
            if s.startswith(w) and len(s) > len(w):
                s = s[len(w):]
                changed = True
                break
        m = _SHORT_NOTE.match(s)
        if m and len(s) > m.end():
            s = s[m.end():]  # 新建（改造）全民健身场地
            changed = True
        if s and s[0] in _prepositions():
            s = s[1:]
            changed = True
        toks = pos_tag(s)
        if len(toks) > 1 and (_is_verb(toks[0][1]) or toks[0][1] in ("vn", "p", "d", "r", "c", "m")):
            s = s[len(toks[0][0]):]
            changed = True
    return s


def subject_after(text: str, pos: int) -> str | None:
    """The noun phrase starting at ``pos`` (right after the unit), or None."""
    s = text[pos:pos + SUBJECT_MAX_CHARS]
    cut = len(s)
    for i, c in enumerate(s):
        if c in _CLAUSE_END:
            cut = i
            break
    s = s[:cut]
    m = _AGE_OR_CONDITION.match(s)
    if m and m.end():
        s = s[m.end():]
    if not s or not _PHRASE_START.match(s):
        return None
    k = s.find("的")
    if 0 < k < len(s) - 1 and _PHRASE_START.match(s, k + 1) and not _DIGIT.search(s, 0, k):
        s = s[k + 1:]  # 经济困难的居家养老服务老年人: the head noun, after 的
    _, stops, _ = _words()
    for w in stops:
        k = s.find(w)
        if k > 0:
            s = s[:k]
        elif k == 0:
            return None
    m = _DIGIT.search(s)
    if m:
        s = s[: m.start()]
    s = _strip_quotes(s)
    toks = pos_tag(s)
    out = ""
    seen_noun = False
    for i, (w, flag) in enumerate(toks):
        if _is_verb(flag) and seen_noun:
            nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
            if not nxt.startswith("n"):
                break
        if w in "、和及与" and not out:
            break
        out += w
        seen_noun |= flag.startswith(("n", "vn", "j", "l")) or flag == "x"
    out = out.strip("、和及与等")
    return out or None


def subject_before(text: str, start: int) -> str | None:
    """The noun phrase ending at ``start`` (where the number or its comparator begins), or None."""
    i = start
    lo = max(0, start - SUBJECT_MAX_CHARS)
    while i > lo:
        c = text[i - 1]
        if c == "）":
            # a bracketed note belongs to the phrase: 东湖实验学校（九年一贯制）1所
            k = text.rfind("（", lo, i - 1)
            if k < 0 or "）" in text[k + 1:i - 1] or any(x in _CLAUSE_END for x in text[k:i]):
                break
            i = k
            continue
        if c in _BEFORE_STOP:
            break
        i -= 1
    s = text[i:start]
    s = _strip_quotes(s)
    # a per-period word belongs to the rate, not the subject: 核酸检测能力每日
    s = _per_period_end().sub("", s)
    # a comparison belongs to the amount: 护理型床位占比由去年的52%（提高到）, 发案数比上年（下降）
    s = _comparison().sub("", s)
    s = s.strip()
    if not s:
        return None
    toks = pos_tag(s)
    # the phrase after the last action verb: 对…领域开展消防技能实操实训 -> 消防技能实操实训
    for k in range(len(toks) - 2, -1, -1):
        rest = "".join(w for w, _ in toks[k + 1:])
        if toks[k][1] == "v" and len(rest) >= 2 and any(f.startswith("n") for _, f in toks[k + 1:]):
            s = rest
            break
    stripped = _strip_leading(s)
    out = stripped if len(stripped) >= 2 else s  # 打通断头路 -> 路 is too little: keep the phrase
    if len(out) < 2 or out in _empty_subjects():
        return None  # 个, 新增: a fragment or a bare verb is no subject
    return out
