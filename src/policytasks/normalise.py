"""Normalise: remove layout artefacts from raw text and keep a map back to it.

What it does, in order: full-width digits and letters to ASCII, half-width punctuation to the
full-width forms notices use, spaces between Han characters and digits dropped, page-number lines
dropped, blank lines dropped, and sentences broken across lines joined.  ``offsets[i]`` is the
index in the raw text of normalised character ``i``.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from . import markers, rules

_SENTENCE_PUNCT = regex.compile(r"[，。；、：]")

# A line ending in one of these ends its paragraph.
HARD_ENDS = set("。！？；：!?;:…）)」』》”’")

# A masthead (…文件) or a heading shorter than this with no punctuation stands alone.
HEADING_MAX = 30
# A signature with its date on one line is no longer than this (and a long paragraph is not
# searched for one: the search is linear in the line, and joining calls it again and again).
SIGNATURE_MAX = 80

_PAGE_NUMBER = regex.compile(
    r"^\s*(?:[—–\-－]+\s*\d{1,4}\s*[—–\-－]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?P<ratio>\d{1,3}\s*/\s*\d{1,3}))\s*$"
)
PAGE_NUMBER_MAX = 30  # a page-number line is short: longer lines are not even matched
# A line longer than this is judged by its two ends only when joining (see _ends_long_paragraph).
SHORT_LINE = 120
FURNITURE_MAX = 200  # a breadcrumb or a row of page controls is no longer than this
_ITEM_DOT = regex.compile(r"^\d{1,3}[.．]$")
# A line that is only a number (an item's number set above its text): never joined to its
# neighbours, so "3" + "新建学校10所。" does not become the number 3新建….
_BARE_NUMBER = regex.compile(r"^\d{1,3}$")
_HAN = regex.compile(r"[\p{Han}\p{Ps}\p{Pe}\p{Pi}\p{Pf}。，、；：！？…—]")
_PUNCT_FW = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\x0b", "\x0c"}


@dataclass
class Normalised:
    text: str
    offsets: "array[int] | list[int]"
    raw_len: int = 0
    page_starts: list[int] = field(default_factory=list)

    def raw_index(self, i: int) -> int:
        if i >= len(self.offsets):
            return self.raw_len
        return self.offsets[i]

    def page_of(self, i: int) -> int | None:
        """1-based page of normalised offset ``i`` (None without pages)."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, self.raw_index(i))


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


# Characters _map_char may change or drop; a line without any is copied as it is (fast path).
_SPECIAL = regex.compile(r"[\p{Cf}\u3000\u00a0\u2002\u2003\u2009\u202f\x0b\x0c\uff10-\uff19\uff21-\uff3a"
                         r"\uff41-\uff5a％．.,:;()!?]")
_BLANKS = regex.compile(r"[ \t]+")
_FORMAT_CHAR = regex.compile(r"\p{Cf}")


def _map_char(raw: str, i: int) -> str:
    """The normalised form of ``raw[i]`` ('' drops it), looking at its raw neighbours."""
    c = raw[i]
    o = ord(c)
    if c in _ZERO_WIDTH or _FORMAT_CHAR.match(c):
        return ""  # zero-width and direction marks (U+200F, U+202E, U+2060): invisible, never text
    if c in _SPACES:
        return " "
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or c == "％":
        return chr(o - 0xFEE0)
    prev = raw[i - 1] if i else ""
    nxt = raw[i + 1] if i + 1 < len(raw) else ""
    if c == "．":
        if (prev.isdigit() or "０" <= prev <= "９") and (nxt.isdigit() or "０" <= nxt <= "９"):
            return "."
        return c
    if c == "." and i and (markers.is_han(prev) or prev in "）”") and not nxt.isdigit():
        return "。"  # 通知如下. : a half-width stop after Chinese text (not 3.2, not 1.)
    if c in _PUNCT_FW:
        # 1,200 and 8:30 keep their half-width marks
        if not (c in ",:" and prev.isdigit() and nxt.isdigit()):
            return _PUNCT_FW[c]
    return c


def _map_line(raw: str, a: int, b: int) -> tuple[str, array]:
    """Characters a..b of ``raw`` mapped, with the raw index of each (runs copied whole: linear,
    and no Python object per character)."""
    line = raw[a:b]
    if not _SPECIAL.search(line):
        return line, range(a, b)  # type: ignore[return-value]  # a range serves as well
    offs = array("q")
    parts: list[str] = []
    k = 0
    for m in _SPECIAL.finditer(line):
        j = m.start()
        if j > k:
            parts.append(line[k:j])
            offs.extend(range(a + k, a + j))
        c = _map_char(raw, a + j)
        if c:
            parts.append(c)
            offs.append(a + j)
        k = j + 1
    parts.append(line[k:])
    offs.extend(range(a + k, b))
    return "".join(parts), offs


def _clean_line(text: str, offs: array) -> tuple[str, array]:
    """Drop spaces unless they separate two ASCII words or two Han words (names in a list)."""
    if " " not in text and "\t" not in text:
        return text, offs
    # a table row (two tabs or more) keeps even a leading tab: its first cell is empty
    table_row = text.count("\t") >= 2
    parts: list[str] = []
    out_offs = array("q")
    k = 0
    kept = 0  # characters kept so far
    last = ""  # the last character kept
    for m in _BLANKS.finditer(text):
        i, j = m.span()
        if i > k:
            parts.append(text[k:i])
            out_offs.extend(offs[k:i])
            kept += i - k
            last = text[i - 1]
        k = j
        run = m.group()
        if "\t" in run and (kept or table_row):
            for t in range(i, j):  # every tab: an empty table cell keeps its column
                if text[t] == "\t":
                    parts.append("\t")
                    out_offs.append(offs[t])
                    kept += 1
                    last = "\t"
        elif "\t" not in run and kept and j < len(text):
            b = text[j]
            if kept <= 4 and _ITEM_DOT.match("".join(parts)):
                parts.append(" ")  # "12. 12345热线": the space keeps the item number apart
            elif last.isdigit() and b.isdigit():
                continue  # 5 000户, letter-spaced 1 2 0 0: one number
            elif (_is_ascii_alnum(last) and _is_ascii_alnum(b)) or (markers.is_han(last) and markers.is_han(b)):
                parts.append(" ")
            else:
                continue
            out_offs.append(offs[i])
            kept += 1
            last = " "
    if k < len(text):
        parts.append(text[k:])
        out_offs.extend(offs[k:])
    return "".join(parts), out_offs


def _starts_structure(line: str) -> bool:
    return bool(
        markers.match_marker(line)
        or markers.is_label_line(line)
        or markers.DATE_ONLY.match(line)
        or markers.DOC_NUMBER.match(line)
        or markers.CLOSING.match(line)
        or markers.TABLE_HEAD.match(line)
        or "\t" in line
        or _glued_head(line)
        or (line.endswith("：") and "。" not in line and len(line) < 80)
        or bool(markers.NOTE_LINE.match(line))
        or bool(_BARE_NUMBER.match(line))
    )


_ATTACHMENT_NAMED = regex.compile(r"^附\s*件\s*\d*\s*[：:]\s*\S")


def _glued_head(line: str) -> bool:
    """A table's header whose names were glued together (序号项目名称责任单位…) stands alone."""
    from .glued_tables import glued_head

    return "序" in line and glued_head(line) is not None


def _label_across(prev: str, line: str) -> bool:
    """A label broken over the line end: …配合单位:区妇联;完成 / 时限:2025年11月底前)"""
    tail = prev[-6:]  # prev may be only the paragraph's tail
    m = markers.label_pattern().search(tail + line[:8])
    # only a listed label: a word of a kind (完成节点) could take the name before it along
    return bool(m) and m.start() < len(tail) < m.end() and m.group("label") in markers.label_words()


def _empty_label(line: str) -> bool:
    """A label whose value is on the next line: 责任单位："""
    m = markers.label_pattern().match(line.strip())
    return bool(m) and m.end() == len(line.strip())


def _ends_paragraph(line: str) -> bool:
    if _empty_label(line):
        return False  # 完成时限： / 2025年6月底前: the value is on the next line
    if not line or line[-1] in HARD_ENDS or "\t" in line or _BARE_NUMBER.match(line) or _glued_head(line):
        return True
    if line.endswith(_title_ends()) or markers.DOC_NUMBER.match(line) or markers.DATE_ONLY.match(line):
        return True
    if len(line) <= SIGNATURE_MAX:
        dl = markers.DATE_LINE.match(line)
        if dl and not dl.group("printed"):
            return True  # 某县人民政府  2025年2月10日: signature and date on one line
    if line.endswith("文件") and len(line) <= HEADING_MAX:
        return True
    if markers.ATTACHMENT.match(line) or _ATTACHMENT_NAMED.match(line):
        return True  # 附件 stands alone above the list's title; 附件：X names the one attachment
    if markers.is_label_line(line) and not line.endswith(("、", "，", "；", "/")):
        return True  # 完成时限：上半年 is complete; 责任单位：区民政局、 goes on
    m = markers.match_marker(line)
    if m and len(line) <= HEADING_MAX and not _SENTENCE_PUNCT.search(line, m.end):
        return True  # a heading such as 一、改善群众居住条件
    return False


def _ends_long_paragraph(head: str, tail: str, has_tab: bool) -> bool:
    """``_ends_paragraph`` for a line longer than SHORT_LINE, from its two ends only: every test
    that looks at a whole line (headings, dates, doc numbers, empty labels) fails on a long one,
    and looking at the whole of a paragraph that keeps growing is quadratic."""
    if tail[-1] in HARD_ENDS or has_tab or tail.endswith(_title_ends()):
        return True
    return markers.is_label_line(head) and not tail.endswith(("、", "，", "；", "/"))


@lru_cache(maxsize=1)
def _title_ends() -> tuple[str, ...]:
    """A title ends with the kind of document (data/header.yaml): the next line is not its."""
    return tuple("的" + k for k in rules.load("header")["title_kinds"]) + ("通知》",)


class _Paragraph:
    """A line of the output as it grows by joining: its pieces, and the two ends the joining
    rules look at (never the whole text again: linear)."""

    __slots__ = ("parts", "offs", "length", "head", "tail", "has_tab")

    def __init__(self, text: str, offs):
        self.parts, self.offs, self.length = [text], array("q", offs), len(text)
        self.head, self.tail, self.has_tab = text[:SHORT_LINE], text[-SHORT_LINE:], "\t" in text

    def extend(self, text: str, offs) -> None:
        self.parts.append(text)
        self.offs.extend(offs)
        self.length += len(text)
        if len(self.head) < SHORT_LINE:
            self.head = (self.head + text)[:SHORT_LINE]
        self.tail = (self.tail + text)[-SHORT_LINE:]
        self.has_tab = self.has_tab or "\t" in text

    def flush(self, texts: list[str], offsets: array, raw: str) -> None:
        """Append this paragraph to the output, after a newline if there is text before it."""
        if texts:
            offsets.append(self.offs[0] - 1 if len(self.offs) else len(raw))  # the \n
        texts.append(self.text())
        offsets.extend(self.offs)

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0]

    def ends(self) -> bool:
        if self.length <= SHORT_LINE:
            return _ends_paragraph(self.text())
        return _ends_long_paragraph(self.head, self.tail, self.has_tab)

    def empty_label(self) -> bool:
        return self.length <= SHORT_LINE and _empty_label(self.text())


@lru_cache(maxsize=1)
def _furniture_rules() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    data = rules.load("html_boilerplate")
    lines = regex.compile("|".join(f"(?:{p})" for p in data["copied_page_furniture"]), regex.IGNORECASE)
    controls = regex.compile("|".join(f"(?:{p})" for p in data["strip_phrases"]), regex.IGNORECASE)
    words = "|".join(map(regex.escape, sorted(data["chrome_only_words"], key=len, reverse=True)))
    only = regex.compile(rf"^(?:[\s【】\[\]|｜/·•:：]|{words})*$")
    return lines, controls, only


def _is_page_furniture(s: str) -> bool:
    """A copied web page's breadcrumb, or a line made only of its controls (【打印本页】【关闭窗口】):
    lines that can be nothing else (data/html_boilerplate.yaml, copied_page_furniture)."""
    if len(s) > FURNITURE_MAX:
        return False
    lines, controls, only = _furniture_rules()
    if lines.match(s):
        return True
    return bool(controls.search(s)) and bool(only.match(controls.sub("", s)))


def _is_page_number(s: str, paged: bool) -> bool:
    """A page number: — 3 — and 第3页 anywhere (a PDF's furniture, copied or not); 3/12 only in a
    paged document: in plain text it may be words (1/2 of the households) and is kept."""
    if len(s) > PAGE_NUMBER_MAX:
        return False
    m = _PAGE_NUMBER.match(s)
    return bool(m) and (paged or not m.group("ratio"))


def normalise(raw: str, page_starts: list[int] | None = None, *, join: bool = True) -> Normalised:
    """Normalise ``raw``.  ``join`` re-joins sentences broken across lines: wanted for plain text
    (often hard-wrapped) and PDF, not for Word and web pages, whose paragraphs are real.

    Only blank lines and page numbers are dropped: every other line of ``raw`` is in the text.
    Time and memory are linear in ``raw`` (a few bytes of map per character)."""
    paged = bool(page_starts)
    # One pass, a line at a time: only the paragraph being joined is open; the ones before it
    # are already in ``texts`` and ``offsets``.
    texts: list[str] = []
    offsets = array("q")
    para: _Paragraph | None = None
    blank = False  # a blank line (a hard break) since the paragraph
    after_page_number = False  # a page number since the paragraph: a PDF's page break
    in_table = False
    a, n = 0, len(raw)
    while a <= n:
        b = raw.find("\n", a)
        if b < 0:
            b = n
        s, offs = _clean_line(*_map_line(raw, a, b))
        a = b + 1
        if _is_page_number(s, paged):
            # the blank lines around the number are part of the page break, and a sentence
            # may go on after it (力争 / — 5 — / 完成…)
            blank, after_page_number = False, True
            continue
        if not s.strip() or _is_page_furniture(s):
            if para is not None and not after_page_number:
                blank = True
            continue
        over_page_break, after_page_number = after_page_number, False
        if markers.TABLE_HEAD.match(s):
            in_table = True
        elif markers.CLOSING.match(s):
            in_table = False
        if para is not None and not blank and not in_table \
                and (join or over_page_break or para.empty_label()) \
                and (_label_across(para.tail, s) or (not para.ends() and not _starts_structure(s))):
            para.extend(s, offs)
            continue
        if para is not None:
            para.flush(texts, offsets, raw)
        para = _Paragraph(s, offs)
        blank = False
    if para is not None:
        para.flush(texts, offsets, raw)
    return Normalised("\n".join(texts), offsets, len(raw), list(page_starts or []))


def normalise_fragment(s: str) -> str:
    """Normalise a short string (a deadline, a list of bodies) the same way, without the map."""
    return normalise(s).text
