"""Normalise: remove layout artefacts from raw text and keep a map back to it.

What it does, in order: full-width digits and letters to ASCII, half-width punctuation to the
full-width forms notices use, spaces between Han characters and digits dropped, page-number lines
dropped, blank lines dropped, and sentences broken across lines joined.  ``offsets[i]`` is the
index in the raw text of normalised character ``i``.
"""

from __future__ import annotations

import bisect
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
    r"^\s*(?:[—–\-－]+\s*\d{1,4}\s*[—–\-－]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_ITEM_DOT = regex.compile(r"^\d{1,3}[.．]$")
_HAN = regex.compile(r"[\p{Han}\p{Ps}\p{Pe}\p{Pi}\p{Pf}。，、；：！？…—]")
_PUNCT_FW = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}
_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f", "\x0b", "\x0c"}


@dataclass
class Normalised:
    text: str
    offsets: list[int]
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


def _map_chars(raw: str) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    n = len(raw)
    for i, c in enumerate(raw):
        o = ord(c)
        if c in _ZERO_WIDTH:
            continue
        if c in _SPACES:
            c = " "
        elif 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A or c == "％":
            c = chr(o - 0xFEE0)
        elif c == "．":
            prev = raw[i - 1] if i else ""
            nxt = raw[i + 1] if i + 1 < n else ""
            if (prev.isdigit() or "０" <= prev <= "９") and (nxt.isdigit() or "０" <= nxt <= "９"):
                c = "."
        elif c == "." and i and (markers.is_han(raw[i - 1]) or raw[i - 1] in "）”") and not raw[i + 1:i + 2].isdigit():
            c = "。"  # 通知如下. : a half-width stop after Chinese text (not 3.2, not 1.)
        elif c in _PUNCT_FW:
            prev = raw[i - 1] if i else ""
            nxt = raw[i + 1] if i + 1 < n else ""
            # 1,200 and 8:30 keep their half-width marks
            if not (c in ",:" and prev.isdigit() and nxt.isdigit()):
                c = _PUNCT_FW[c]
        out.append((c, i))
    return out


def _clean_line(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop spaces unless they separate two ASCII words or two Han words (names in a list)."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(chars)
    # a table row (two tabs or more) keeps even a leading tab: its first cell is empty
    table_row = sum(1 for c, _ in chars if c == "\t") >= 2
    while i < n:
        c, pos = chars[i]
        if c in " \t":
            j = i
            tabs = []
            while j < n and chars[j][0] in " \t":
                if chars[j][0] == "\t":
                    tabs.append(chars[j])
                j += 1
            if tabs and (out or table_row):
                out.extend(tabs)  # every tab: an empty table cell keeps its column
            elif out and j < n:
                a, b = out[-1][0], chars[j][0]
                if len(out) <= 4 and _ITEM_DOT.match("".join(ch for ch, _ in out)):
                    out.append((" ", pos))  # "12. 12345热线": the space keeps the item number apart
                elif a.isdigit() and b.isdigit():
                    pass  # 5 000户, letter-spaced 1 2 0 0: one number
                elif (_is_ascii_alnum(a) and _is_ascii_alnum(b)) or (markers.is_han(a) and markers.is_han(b)):
                    out.append((" ", pos))
            i = j
            continue
        out.append((c, pos))
        i += 1
    return out


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
    )


_ATTACHMENT_NAMED = regex.compile(r"^附\s*件\s*\d*\s*[：:]\s*\S")


def _glued_head(line: str) -> bool:
    """A table's header whose names were glued together (序号项目名称责任单位…) stands alone."""
    from .tables import glued_head

    return "序" in line and glued_head(line) is not None


def _label_across(prev: str, line: str) -> bool:
    """A label broken over the line end: …配合单位:区妇联;完成 / 时限:2025年11月底前)"""
    tail = prev[-6:]
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
    if not line or line[-1] in HARD_ENDS or "\t" in line or _glued_head(line):
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


@lru_cache(maxsize=1)
def _title_ends() -> tuple[str, ...]:
    """A title ends with the kind of document (data/header.yaml): the next line is not its."""
    return tuple("的" + k for k in rules.load("header")["title_kinds"]) + ("通知》",)


@lru_cache(maxsize=1)
def _page_chrome() -> tuple[regex.Pattern, regex.Pattern]:
    data = rules.load("html_boilerplate")
    strip = "|".join(f"(?:{p})" for p in data.get("strip_phrases", [])) or "(?!)"
    drop = "|".join(f"(?:{p})" for p in data.get("copied_page_lines", [])) or "(?!)"
    return regex.compile(strip, regex.IGNORECASE), regex.compile(drop, regex.IGNORECASE)


def normalise(raw: str, page_starts: list[int] | None = None, *, join: bool = True) -> Normalised:
    """Normalise ``raw``.  ``join`` re-joins sentences broken across lines: wanted for plain text
    (often hard-wrapped) and PDF, not for Word and web pages, whose paragraphs are real."""
    chars = _map_chars(raw)
    # split into lines of (char, raw index)
    lines: list[list[tuple[str, int]]] = [[]]
    for c, pos in chars:
        if c == "\n":
            lines.append([])
        else:
            lines[-1].append((c, pos))
    cleaned: list[list[tuple[str, int]] | None] = []  # None marks a blank line (a hard break)
    strip_re, drop_re = _page_chrome()
    after_page_number = False
    over_page_break: set[int] = set()  # lines right after a page number: a PDF's page break
    for ln in lines:
        ln = _clean_line(ln)
        s = "".join(c for c, _ in ln)
        if strip_re.search(s):
            # 【打印本页】【关闭窗口】, 字号：大 中 小 — web page controls copied with the notice
            gone = {k for m in strip_re.finditer(s) for k in range(m.start(), m.end())}
            ln = _clean_line([ch for k, ch in enumerate(ln) if k not in gone])
            s = "".join(c for c, _ in ln)
        if _PAGE_NUMBER.match(s):
            # a page break copied from a PDF: the blank lines around the number are part of it,
            # and a sentence may go on after it (力争 / — 5 — / 完成…)
            while cleaned and cleaned[-1] is None:
                cleaned.pop()
            after_page_number = True
            continue
        if not s.strip() or drop_re.search(s):
            if cleaned and cleaned[-1] is not None and not after_page_number:
                cleaned.append(None)
            continue
        if after_page_number:
            over_page_break.add(id(ln))
        after_page_number = False
        cleaned.append(ln)
    # join soft breaks
    out_lines: list[list[tuple[str, int]]] = []
    in_table = False
    prev_blank = True
    prev = ""
    for ln in cleaned:
        if ln is None:
            prev_blank = True
            continue
        s = "".join(c for c, _ in ln)
        if markers.TABLE_HEAD.match(s):
            in_table = True
        elif markers.CLOSING.match(s):
            in_table = False
        if (join or id(ln) in over_page_break or _empty_label(prev)) and out_lines and not prev_blank \
                and not in_table:
            if _label_across(prev, s) or (not _ends_paragraph(prev) and not _starts_structure(s)):
                out_lines[-1].extend(ln)
                prev += s
                prev_blank = False
                continue
        out_lines.append(list(ln))
        prev = s  # the text of out_lines[-1], kept as it grows (no rebuilding: linear)
        prev_blank = False
    text_chars: list[str] = []
    offsets: list[int] = []
    for k, ln in enumerate(out_lines):
        if k:
            text_chars.append("\n")
            offsets.append(ln[0][1] - 1 if ln else len(raw))
        for c, pos in ln:
            text_chars.append(c)
            offsets.append(pos)
    return Normalised("".join(text_chars), offsets, len(raw), list(page_starts or []))


def normalise_fragment(s: str) -> str:
    """Normalise a short string (a deadline, a list of bodies) the same way, without the map."""
    return normalise(s).text
