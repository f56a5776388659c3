"""Line shapes shared by normalise, header and segment: item and heading markers, label lines,
date lines, doc-number lines.  Patterns only; the words come from data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from . import rules
from .recognise.numerals import parse_chinese, parse_number

CN_DIGITS = "〇零一二两三四五六七八九十百廿"
_CN = f"[{CN_DIGITS}]{{1,4}}"

# (style, rank, pattern).  Rank orders the levels of a list: 一、 above （一） above 1. above (1) above ①.
MARKER_STYLES: tuple[tuple[str, int, str], ...] = (
    ("cn_comma", 0, rf"(?P<n>{_CN})[、．]"),
    ("cn_paren", 1, rf"（(?P<n>{_CN})）[、．]?"),
    ("di_xiang", 2, rf"第(?P<n>\d{{1,3}}|{_CN})[项項条條](?:[：、．.]|\s)?"),
    ("ar_dot", 2, r"(?P<n>\d{1,3})[.．](?=\s|[^\d])"),
    ("ar_comma", 2, r"(?P<n>\d{1,3})、"),
    ("cn_shi", 2, rf"(?P<n>{_CN})是(?=[\p{{Han}}])"),
    ("ar_paren", 3, r"（(?P<n>\d{1,3})）[、．]?"),
    ("ar_half", 3, r"(?P<n>\d{1,3})）"),
    ("circled", 4, r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"),
)
_MARKERS = [(s, r, regex.compile(r"^\s*" + p + r"\s*")) for s, r, p in MARKER_STYLES]
RANK = {s: r for s, r, _ in MARKER_STYLES}


@dataclass(frozen=True)
class Marker:
    style: str
    rank: int
    number: int
    end: int  # where the marker (and following spaces) ends in the line


def match_marker(line: str) -> Marker | None:
    for style, rank, pat in _MARKERS:
        m = pat.match(line)
        if m and m.end() < len(line):
            n = m.group("n")
            if style == "circled":
                value = ord(n) - ord("①") + 1
            else:
                value = parse_number(n)
            if value is None or value <= 0:
                continue
            return Marker(style, rank, int(value), m.end())
    return None


@lru_cache(maxsize=None)
def label_words() -> dict[str, str]:
    """label -> kind: lead, support, ignore, deadline, progress."""
    r = rules.load("roles")
    out = {}
    for kind in ("lead", "support", "ignore", "deadline", "progress"):
        for w in r.get(kind) or []:
            out[w] = kind
    return out


@lru_cache(maxsize=None)
def _label_endings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    ends = rules.load("roles").get("label_endings") or {}
    return tuple((k, tuple(v)) for k, v in ends.items())


# A label nobody listed is a short word: at most this many characters before its ending.
MAX_LABEL_HEAD = 4


def label_kind(word: str) -> str:
    """The kind of a label: a listed word's, else the kind of word it is (完成节点 → deadline,
    督办单位 → ignore, 实施科室 → lead): the first kind in ``label_endings`` whose word it holds."""
    kind = label_words().get(word)
    if kind is not None:
        return kind
    for k, words in _label_endings():
        if any(w in word for w in words):
            return k
    return "ignore"


@lru_cache(maxsize=None)
def label_pattern() -> regex.Pattern:
    words = sorted(label_words(), key=len, reverse=True)
    prefixes = rules.load("roles").get("label_prefixes") or []
    pre = "(?:" + "|".join(map(regex.escape, prefixes)) + ")?" if prefixes else ""
    # a word of a known kind nobody listed (完成节点, 实施科室): a few characters and its ending
    ends = sorted({w for k, ws in _label_endings() if k != "kind_words" for w in ws if k in ("deadline", "lead")},
                  key=len, reverse=True)
    generic = (rf"\p{{Han}}{{1,{MAX_LABEL_HEAD}}}(?:{'|'.join(map(regex.escape, ends))})") if ends else "(?!)"
    alts = "|".join(map(regex.escape, words)) + "|" + generic
    # 牵头单位：… or 【牵头单位】…
    # a label starts its group: 一般登记办理时限：由5个工作日… is running text, not a label
    return regex.compile(rf"(?:(?<!\p{{Han}}){pre}(?P<label>{alts})\s*[：:]|【\s*{pre}(?P<label>{alts})\s*】\s*[：:]?)")


def is_label_line(line: str) -> bool:
    m = label_pattern().match(line.lstrip("（(—-－ "))
    return bool(m)


_DATE_CORE = (
    rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?:\d{{1,2}}|{_CN})\s*月\s*(?:\d{{1,2}}|{_CN})\s*日"
)
FULL_DATE = regex.compile(_DATE_CORE)
DATE_LINE = regex.compile(rf"^(?P<who>.*?)\s*(?P<date>{_DATE_CORE})\s*(?P<printed>印[发發])?$")
DATE_ONLY = regex.compile(rf"^\s*(?P<date>{_DATE_CORE})\s*(?:印[发發])?\s*$")
DOC_NUMBER = regex.compile(
    r"^\s*(?P<prefix>[\p{Han}A-Za-z]{1,16})\s*[〔\[［（【(]\s*(?P<year>\d{4})\s*[〕\]］）】)]\s*(?P<num>第?\d{1,5})\s*[号號]\s*(?:签发人\s*[：:].{0,20})?$"
)
CLOSING = regex.compile(r"^(?:抄送|抄報|抄报|附件|附表)\s*[：:1-9]|^（此件[^）]*）$|^（[^）]*公开[^）]*）$")
# A line that is only a bracketed note: （按得票数排序）, （此件公开发布）
NOTE_LINE = regex.compile(r"^（[^（）]{1,40}）$")
# 文号：澄政办(2025)9号 in a web page's information box
DOC_NUMBER_FIELD = regex.compile(
    r"文\s*号\s*[：:]\s*(?P<dn>[\p{Han}A-Za-z]{1,16}\s*[〔\[［（【(]\s*\d{4}\s*[〕\]］）】)]\s*第?\d{1,5}\s*[号號])"
)
ATTACHMENT = regex.compile(r"^附\s*件\s*\d*\s*[：:]?$")
TABLE_HEAD = regex.compile(r"^(?:序\s*号|序\s*號|编\s*号|編\s*號)$")


def is_han(c: str) -> bool:
    """A Han character (the basic block and extensions A, B…)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\U00020000" <= c <= "\U0003134f"


_INLINE_SHI = regex.compile(r"(?:^|(?<=[：:；;。，,\s]))([一二三四五六七八九十]{1,3})是(?=\p{Han})")


def inline_run(text: str, first: int = 1) -> list[int]:
    """Where 一是, 二是, 三是 … start inside one paragraph, counting up from ``first`` (一) without
    a gap: at least two from 一, or any from a later number (a run going on from the paragraph
    before: 六是…七是…)."""
    hits: list[int] = []
    for m in _INLINE_SHI.finditer(text):
        if parse_chinese(m.group(1)) == first + len(hits):
            hits.append(m.start())
    return hits if len(hits) >= (2 if first == 1 else 1) else []
