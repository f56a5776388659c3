"""Header: the GB/T 9704-2012 elements of a notice, each read by a small function of its own, and
a web page's information box.

版头 (head): 发文机关标志 (masthead), 发文字号 (doc number), 签发人.
主体 (body): 标题 (title), 主送机关 (recipients), 成文日期 and 署名 (date and signature),
附注 (publication note).
版记 (record): 抄送 (cc), 印发机关和印发日期 (printed by, printed on).

Works on the normalised lines.  ``list_start`` and ``list_end`` are the line indices of the task
list (end exclusive), which the header surrounds: the preamble before it, the closing after it.
The segmenter chooses them (``parse_header`` finds them itself when not given) and reads only
the lines between them that the header did not use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import regex

from . import markers, rules
from .recognise import numerals
from .recognise.deadlines import parse_deadline

_YEAR_AR = regex.compile(r"((?:19|20)\d\d)\s*年")
_YEAR_CN = regex.compile(r"([〇零一二三四五六七八九]{4})\s*年")
_NAME_PUNCT = regex.compile(r"[，。；：、《》]")
_HAN = regex.compile(r"\p{Han}")
_CC = regex.compile(r"^抄\s*送\s*[：:]")

_WORDS = rules.load("header")
TITLE_KINDS = tuple(_WORDS["title_kinds"])
PLAN_WORDS = tuple(_WORDS["plan_words"])
GREETINGS = frozenset(_WORDS["greetings"])
HEADLINE_ENDS = tuple(_WORDS["headline_ends"])
PROGRESS_WORDS = tuple(_WORDS["progress_words"])
ISSUING_WORDS = tuple(_WORDS["issuing_words"])
# A note in brackets after a title: （摘要）, （试行）, （截至10月31日）
_TRAILING_NOTE = regex.compile(r"（[^（）]{1,40}）$")
_ATTACHMENT_LIST = regex.compile(r"^附\s*件\s*[：:]\s*1\s*[.．、]")
_DOC_YEAR = regex.compile(r"〔(\d{4})〕")
_QUOTED_TITLE = regex.compile(r"《([^》]+)》")
_SENTENCE = regex.compile(r"[，。：；]")
# A dated line under a title: （2025年1月16日…会议通过） or ——2025年1月8日在…会议上
_DATED_BYLINE = regex.compile(r"^(?:（|——|—)")
_PUBLICATION = regex.compile(r"^（(?P<p>[^（）]*(?:此件|公开|公布|發布|发布)[^（）]*)）$")
# A signing date whose 年月日 were lost in the copy: 202218, 2022510, 20220108.
_DIGIT_DATE = regex.compile(r"^(?P<y>(?:19|20)\d\d)(?P<md>\d{2,4})$")
# Characters a copy leaves after a date it could not encode: 2021年11月22日????????
_COPY_GARBAGE = "?？\ufffd"
# 截至10月31日, 截至2022年10月31日: the day a progress report stands at.
_AS_OF = regex.compile(r"截[至止]\s*(?:(?P<y>\d{4})\s*年)?\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
# A table's heading glued to its header row in a copy: |洋县2024年…清单||||序号|项目名称|…
_HEADING_ON_TABLE_HEAD = regex.compile(r"^[|\s]*(?P<head>[^|]{4,60}?)[|\s]*序\s*[号號]\s*\|")
# The one 《…》 a cover letter hands out: 现将《…》印发给你们, 《…》已经…同意，现印发给你们
_ISSUED = regex.compile(r"(?:^|将)《(?P<x>[^《》]+)》(?:印[发發]|已经[^。]{0,30}[，,]\s*现印[发發])")
# A doc number in brackets at the end of a page's title
_TITLE_NUMBER = regex.compile(r"[（(](?P<dn>[^（）()]{2,16}[〔\[［【][^（）()]{4,12})[）)]$")
# How far down the document the header may reach, in lines, when no list is found.
MAX_HEADER_LINES = 40
# A masthead (…文件), or a title with neither 关于 nor 《》 (江屿县2025年政府工作报告), stands
# among the first lines.
FIRST_LINES = 3
# A recipient is a name, or a few names joined by 、: a longer part is a sentence.
MAX_RECIPIENT_CHARS = 30
# Plan years outside this range are typing errors, not years.
MIN_YEAR, MAX_YEAR = 1949, 2199
# Most lines a title is broken over.
MAX_TITLE_LINES = 4
# How many lines from the end a closing signature, date and 附注 may stand.
SIGNATURE_LINES = 6
# A report's issuer and date stand within this many lines under its title.
BYLINE_LINES = 2
# How many lines above the list its heading (the plan title) may stand, past notes and 附件.
PLAN_TITLE_REACH = 3
# Longest line that is a piece of a heading broken over lines.
MAX_HEADING_CHARS = 40
# Text in front of an information box's first label (a date and a source): longer is a sentence.
MAX_INFO_PREFIX = 30
# Longest value of an information box's field on a line of its own.
MAX_INFO_VALUE = 40
_VALUE_STOP = regex.compile(r"[，。；]|[：:]$")
# Closing lines (抄送, 印发) stand among the last lines.
CLOSING_LINES = 12

Kind = Literal["plan", "progress"]


@dataclass
class Line:
    text: str
    start: int  # offset of the line in the normalised document text
    cell_starts: list[int] | None = None  # a table row made of lines: where each cell starts


@dataclass
class Header:
    issuer: str | None = None
    doc_number: str | None = None
    title: str | None = None
    plan_title: str | None = None
    year: int | None = None
    recipients: list[str] = field(default_factory=list)
    signed_on: dt.date | None = None
    signature: str | None = None
    publication: str | None = None
    cc: list[str] = field(default_factory=list)
    printed_by: str | None = None
    printed_on: dt.date | None = None
    kind: Kind = "plan"
    #: the day a progress report stands at (截至10月31日), when its title says
    as_of: dt.date | None = None
    list_start: int = 0
    list_end: int = 0
    #: indices of lines the header consumed (so nothing is reported as lost)
    used: set[int] = field(default_factory=set)


# ---------------------------------------------------------------------------------------------
# small readers shared by the elements


def parse_date(s: str) -> dt.date | None:
    """A full date written in the line (2024年3月25日, 二〇二五年二月二十六日), or None."""
    m = markers.FULL_DATE.search(s)
    if not m:
        return None
    d = parse_deadline(m.group(0), normalised=True)
    return d.date if d is not None and d.precision == "day" else None


def parse_digit_date(s: str) -> dt.date | None:
    """A date that lost its 年月日 in a copy (202218, 2022510, 20220108), when only one reading
    of the digits after the year is a date; 2022111 (1月11日 or 11月1日) is None."""
    m = _DIGIT_DATE.match(s.strip())
    if not m:
        return None
    year, md = int(m.group("y")), m.group("md")
    found = set()
    for cut in (1, 2):
        mo, day = md[:cut], md[cut:]
        if not day or len(day) > 2:
            continue
        try:
            found.add(dt.date(year, int(mo), int(day)))
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


def normalise_doc_number(s: str) -> str | None:
    m = markers.DOC_NUMBER.match(s)
    if not m:
        return None
    num = m.group("num")
    return f"{m.group('prefix')}〔{m.group('year')}〕{num}号"


def _split(s: str, seps: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for c in s:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and c in seps:
            if cur.strip():
                out.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        out.append(cur.strip())
    return out


def _is_list_line(text: str) -> bool:
    return (bool(markers.match_marker(text)) or bool(markers.TABLE_HEAD.match(text.split("\t")[0].strip()))
            or bool(markers.inline_run(text)))


def _year_of(s: str | None) -> int | None:
    if not s:
        return None
    m = _YEAR_AR.search(s)
    if m:
        return int(m.group(1))
    m = _YEAR_CN.search(s)
    if m:
        return int(numerals.parse_number(m.group(1)))
    return None


def _plain_name(t: str) -> bool:
    """A short line of a name, with no sentence punctuation: an issuer on the title's first line."""
    return (0 < len(t) <= 30 and not _NAME_PUNCT.search(t) and not t.endswith("文件")
            and not markers.DOC_NUMBER.match(t) and not markers.DATE_ONLY.match(t))


def _squeeze(t: str) -> str:
    return t.replace(" ", "").replace("\u3000", "")


def _ends_title(t: str) -> bool:
    return _TRAILING_NOTE.sub("", _squeeze(t)).endswith(TITLE_KINDS)


def _is_headline(t: str) -> bool:
    """A heading that names a report or a page (…进展情况, …进度表（截至10月31日）, …的报告)."""
    t = _squeeze(t)
    return (0 < len(t) <= 2 * MAX_HEADING_CHARS and "。" not in t and not t.endswith("：")
            and _TRAILING_NOTE.sub("", t).endswith(HEADLINE_ENDS))


# ---------------------------------------------------------------------------------------------
# a web page's information box and furniture (chrome)


@dataclass
class InfoBox:
    """What a page's information box says: header fields, and text glued after its last date."""
    doc_number: str | None = None
    signed_on: dt.date | None = None
    issuer: str | None = None
    published: dt.date | None = None  # the page's date, not the document's
    rest: str = ""  # the page's next line, glued on in the copy (a headline)
    lead: str = ""  # the page's line before, glued on in front of the first label (a headline)

    def merge(self, other: InfoBox) -> None:
        """Take what ``other`` (another line of the box) says and this one does not yet."""
        for f in ("doc_number", "signed_on", "issuer", "published", "rest", "lead"):
            if not getattr(self, f):
                setattr(self, f, getattr(other, f))


def _spaced(word: str) -> str:
    """A label as printed, perhaps with spaces between its characters: 索 引 号."""
    return r"\s*".join(regex.escape(c) for c in word)


class _Chrome:
    """The words of page chrome (data/page_chrome.yaml), compiled once."""

    def __init__(self) -> None:
        data = rules.load("page_chrome")
        self.field_of = {w: f for f, ws in data["info_fields"].items() for w in ws}
        labels = sorted(set(self.field_of) | set(data["info_labels"]), key=len, reverse=True)
        self.date_labels = frozenset(data["date_labels"])
        self.published_labels = frozenset(data["published_labels"])
        self.label = regex.compile("|".join(f"(?P<l{k}>{_spaced(w)})" for k, w in enumerate(labels)))
        self.labels = labels
        self.label_colon = regex.compile(
            r"^[\s•·\-－—*【\[]*(?:" + "|".join(_spaced(w) for w in labels) + r")\s*[：:]")
        # a label alone on its line, its value on the next (a box copied one cell a line)
        self.label_only = regex.compile(
            r"^[\s•·\-－—*【\[]*(?P<w>" + "|".join(_spaced(w) for w in labels) + r")\s*[：:]?\s*[】\]]?\s*$")
        self.title_labels = frozenset(data["title_labels"])
        self.title_label = regex.compile(
            r"^[\s•·\-－—*【\[]*(?:" + "|".join(map(_spaced, sorted(self.title_labels, key=len, reverse=True)))
            + r")\s*[】\]]?\s*[：:]?\s*(?=\p{Han})")
        self.footer = regex.compile("|".join([*map(regex.escape, data["footer_marks"]),
                                              *(data.get("footer_lines") or [])]), regex.IGNORECASE)
        self.link = regex.compile(r"^[\s•·\-－—*【\[]*(?:" + "|".join(map(_spaced, data["link_labels"]))
                                  + r")\s*[】\]]?\s*[：:]")
        endings = "|".join(data["file_endings"])
        self.file_link = regex.compile(r"^[^。，；：]{2,80}\.(?:" + endings + r")\s*$", regex.IGNORECASE)
        # a document shown by a file-sharing page under its file name: 2021年…分解表.docx
        self.file_name = regex.compile(r"^(?P<name>[^《》。，；：|]{4,60}?)[.。](?:" + endings + r")(?![A-Za-z])",
                                       regex.IGNORECASE)
        furniture = sorted(data["furniture"], key=len, reverse=True)
        seps = "".join(regex.escape(s) for s in data["breadcrumb_separators"])
        self.furniture = regex.compile(
            r"^(?:[\s•·\-－—|/【】\[\]（）()：:" + seps + r"]|" + "|".join(map(_spaced, furniture)) + r")+$")
        self.furniture_prefix = regex.compile(
            r"^(?:" + "|".join(map(_spaced, furniture)) + r")+(?=\p{Han}|\d)")
        # 首页 > 政务公开 > 工作报告, 当前位置：首页>…, >政务公开>…: it starts with furniture
        crumb = r"[^。，；" + seps + r"]{1,16}"
        self.breadcrumb = regex.compile(r"^(?:" + "|".join(map(_spaced, furniture)) + r"|[\s：:])*[" + seps
                                        + r"]\s*" + crumb + r"(?:\s*[" + seps + r"]\s*" + crumb + r")*\s*["
                                        + seps + r"]?\s*$")
        self.site = regex.compile(r"_[^_]{1,30}(?:" + "|".join(map(regex.escape, data["site_suffixes"])) + r")$")

    def labels_in(self, t: str) -> list[tuple[int, int, str]]:
        out = []
        for m in self.label.finditer(t):
            word = self.labels[int(next(k for k, v in m.groupdict().items() if v is not None)[1:])]
            out.append((m.start(), m.end(), word))
        return out


_CHROME: _Chrome | None = None


def _chrome() -> _Chrome:
    global _CHROME
    if _CHROME is None:
        _CHROME = _Chrome()
    return _CHROME


_BOX_DATE = regex.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?")


# A page's date and time in front of its byline: 2024-03-05 10:12 来源：…
_PAGE_TIME = regex.compile(r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*(?:\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?\s*$")


def read_info_box(t: str) -> InfoBox | None:
    """A line of a page's information box: one label and its value (发文字号：宝府办〔2022〕1号), or
    several glued on one line, with or without colons (索 引 号MB1534522/2023-05475发文日期2023-01-03
    发布机构 区人民政府办公室 文 号 蔡政办〔2023〕1号).  None when the line is no box."""
    ch = _chrome()
    found = ch.labels_in(t)
    if not found:
        return None
    prefix = t[: found[0][0]]
    headline = _is_headline(prefix) or _ends_title(prefix)
    if not ch.label_colon.match(t) and not _PAGE_TIME.match(prefix) and not (len(found) >= 2 and (headline or (
            len(prefix) <= MAX_INFO_PREFIX and not regex.search(r"[。，；《]|关于", prefix)))):
        return None  # a title or a sentence that holds two label words is no box
    box = InfoBox(lead=_squeeze(prefix) if headline else "")
    for k, (_, end, word) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else len(t)
        _box_value(box, word, t[end:stop], last=k + 1 == len(found))
    return box


_DOC_NUMBER_LEAD = regex.compile(
    r"\s*[\p{Han}A-Za-z]{1,16}\s*[〔\[［（【(]\s*\d{4}\s*[〕\]］）】)]\s*第?\d{1,5}\s*[号號]")


def _box_value(box: InfoBox, word: str, value: str, last: bool) -> bool:
    """Read the value of the box's label ``word`` into ``box``; True when it is a field's value (a
    doc number, a date, a body's name)."""
    ch = _chrome()
    value = value.lstrip(" ：:】]").strip(" •·【】[]")
    f = ch.field_of.get(word)
    if word in ch.date_labels:
        m = _BOX_DATE.match(value)
        date = None
        if m:
            try:
                date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                date = None
            if last:
                box.rest = value[m.end():].strip()  # the page's next line, glued on
        if f == "signed_on" and box.signed_on is None:
            box.signed_on = date
        if word in ch.published_labels and box.published is None:
            box.published = date
        return date is not None
    if f == "doc_number":
        # the value may run on into a field the box has no label for (…9号    是否有效：是)
        lead = _DOC_NUMBER_LEAD.match(value)
        dn = normalise_doc_number(value) or (normalise_doc_number(lead.group(0)) if lead else None)
        box.doc_number = box.doc_number or dn
        return dn is not None
    if f == "issuer" and value and _plain_name(value.replace(" ", "")):
        box.issuer = box.issuer or value.replace(" ", "")
        return True
    return False


def _box_value_line(t: str) -> bool:
    """A line that can be a box's value: short, no sentence, no title, no label, no list item."""
    s = t.strip()
    return (0 < len(s) <= MAX_INFO_VALUE and not _VALUE_STOP.search(s) and not _ends_title(s)
            and not _is_headline(s) and not markers.match_marker(s) and read_info_box(s) is None
            and _label_alone(s) is None)


def _label_alone(t: str) -> str | None:
    """The box label standing alone on line ``t`` (索引号, 发文字号：), its value on the next line."""
    m = _chrome().label_only.match(t)
    return regex.sub(r"\s", "", m.group("w")) if m else None


def is_furniture(t: str) -> bool:
    """A line of page furniture: breadcrumbs (首页 > 政务公开 > …), 打印 关闭窗口, 【字体：大 中 小】,
    a page's <title> (…的通知_区政府办公室文件_某区人民政府门户网站)."""
    ch = _chrome()
    s = t.strip()
    return bool(s) and bool(ch.furniture.match(s) or ch.breadcrumb.match(s) or ch.site.search(s)
                            or ch.footer.search(s) or ch.link.match(s) or ch.file_link.match(s))


def _page_chrome(texts: list[str], lines, h: Header, box: InfoBox) -> set[int]:
    """Mark the chrome among ``lines`` used, and gather what its information box says."""
    chrome: set[int] = set()
    zone = set(lines)
    for i in sorted(zone):
        if i in h.used or i in chrome:
            continue
        t = texts[i]
        word = _label_alone(t)
        if word is not None:
            # the value of a field on the next line is the box's (a doc number, a date, a name);
            # any other line after it is left alone: the value may be empty
            h.used.add(i)
            chrome.add(i)
            nxt = i + 1
            if (nxt in zone and nxt not in h.used and (word in _chrome().field_of or word in _chrome().date_labels)
                    and _box_value_line(texts[nxt]) and _box_value(box, word, texts[nxt], last=False)):
                h.used.add(nxt)
                chrome.add(nxt)
            continue
        found = read_info_box(t)
        if found is not None:
            h.used.add(i)
            box.merge(found)
            chrome.add(i)
        elif is_furniture(t):
            h.used.add(i)
            chrome.add(i)
    return chrome


def _without_title_labels(texts: list[str], chrome: set[int], start: int) -> list[str]:
    """The lines, with a box's 标题/名称 label glued before the title it names taken off."""
    out = list(texts)
    for i in range(0, min(start, MAX_HEADER_LINES)):
        if i not in chrome:
            out[i] = _chrome().title_label.sub("", texts[i])
    return out


def _without_furniture(t: str) -> str:
    """A line with page furniture glued in front of it (信息详情2020年…完成情况) without it."""
    return _chrome().furniture_prefix.sub("", t)


# ---------------------------------------------------------------------------------------------
# 版头: masthead, doc number


def _masthead_names(texts: list[str], i: int, used: set[int]) -> list[str]:
    """The issuers of a masthead ending ``…文件`` on line ``i``.  A joint masthead prints one
    name a line with 文件 beside them: 中共鹤川市委办公室 / 文件 / 鹤川市人民政府办公室."""
    own = texts[i].replace(" ", "")[: -len("文件")]
    used.add(i)
    names = [own] if own else []
    k = i - 1
    while k >= 0 and _plain_name(texts[k]) and k not in used:
        names.insert(0, texts[k].replace(" ", ""))
        used.add(k)
        k -= 1
    nxt = i + 1
    # the second name under 文件, right above the doc number
    if nxt + 1 < len(texts) and _plain_name(texts[nxt]) and markers.DOC_NUMBER.match(texts[nxt + 1]):
        names.append(texts[nxt].replace(" ", ""))
        used.add(nxt)
    return names


def _is_masthead(t: str, rank: int) -> bool:
    """…文件 among the first lines (``rank``: the line's place, page chrome not counted)."""
    return rank < FIRST_LINES and t.replace(" ", "").endswith("文件") and len(t) <= 60 and "。" not in t


def _doc_number(t: str) -> str | None:
    """发文字号 on a line of its own, or a box's 文号：… field."""
    if markers.DOC_NUMBER.match(t):
        return normalise_doc_number(t)
    m = markers.DOC_NUMBER_FIELD.search(t)
    return normalise_doc_number(m.group("dn")) if m else None


# ---------------------------------------------------------------------------------------------
# 主体: title, recipients, date and signature, publication note


def _title_lines(texts: list[str], i: int, end: int, used: set[int], rank: int) -> tuple[int, int] | None:
    """Lines a..b holding the title, when line i starts or holds it.  Titles break over lines
    anywhere (关于印发《…2024年 / 为群众拟办重要实事》的通知) and may carry the issuer above."""
    t = texts[i]
    if "。" in t or t.endswith("："):
        return None
    about = "关于" in t or "關於" in t
    if not about and not (_ends_title(t) and ("《" in t or rank < FIRST_LINES)):
        return None
    b = i
    while not _ends_title(texts[b]):
        if b + 1 >= end or b - i >= MAX_TITLE_LINES - 1:
            return None
        nxt = texts[b + 1]
        if "。" in nxt or nxt.endswith("：") or markers.DOC_NUMBER.match(nxt) or markers.DATE_ONLY.match(nxt):
            return None
        b += 1
    a = i
    if about and not t.startswith(("关于", "關於")):
        pass  # the issuer is on the same line
    elif i > 0 and i - 1 not in used and _plain_name(texts[i - 1]):
        a = i - 1
    return a, b


def _number_after_title(h: Header) -> None:
    """A page's title carries the doc number in brackets (…的通知（竹府办〔2016〕20号）): it is the
    doc number, not part of the title."""
    m = _TITLE_NUMBER.search(h.title or "")
    if m and normalise_doc_number(m.group("dn")):
        h.title = h.title[: m.start()]
        h.doc_number = h.doc_number or normalise_doc_number(m.group("dn"))


def _mark_repeats(texts: list[str], text: str, lines: range, used: set[int]) -> None:
    """A page prints its headline twice (the page's title and the article's): the copy is used."""
    for i in lines:
        if i not in used and _squeeze(_without_furniture(texts[i])) == text:
            used.add(i)


def _recipients_line(t: str) -> bool:
    """主送机关: names ending in a colon — not a greeting, a label, or a lead-in sentence
    (…现将有关事项通知如下：)."""
    if not t.endswith("：") or "。" in t or markers.is_label_line(t) or t[:-1] in GREETINGS:
        return False
    parts = _split(t[:-1], "，；")
    return bool(parts) and all(len(p) <= MAX_RECIPIENT_CHARS for p in parts) and "如下" not in t


def _looks_like_signature(t: str) -> bool:
    """The line above a date is its signature if it names a body: Han characters, no sentence,
    not the list of attachments the date got glued to."""
    return (len(_HAN.findall(t)) >= 2 and not t.endswith(("。", "：", "；"))
            and not markers.is_label_line(t) and not markers.match_marker(t) and len(t) <= 40
            and not markers.ATTACHMENT.match(t) and not t.startswith("附件"))


def _date_only(t: str) -> dt.date | None:
    """A line that is only a date (a copy's garbage after it aside)."""
    t = t.rstrip(_COPY_GARBAGE)
    return parse_date(t) if markers.DATE_ONLY.match(t) else None


def _byline(t: str) -> dt.date | None:
    """（2025年1月16日…会议通过）, ——2025年1月8日在…会议上: the date under a title."""
    return parse_date(t) if _DATED_BYLINE.match(t) and len(t) <= 80 else None


def _publication(t: str) -> str | None:
    """附注: （此件公开发布）."""
    m = _PUBLICATION.match(t)
    return m.group("p") if m else None


def _signed(texts: list[str], i: int, h: Header) -> bool:
    """成文日期 on line i, with the 署名 on the same line or the one above.  Sets signed_on and
    signature; True when line i is the date."""
    t = texts[i]
    dl = markers.DATE_LINE.match(t)
    if dl and not dl.group("printed") and dl.group("who") and _looks_like_signature(dl.group("who")):
        h.signed_on = parse_date(dl.group("date"))  # 某县人民政府  2025年2月10日
        h.signature = dl.group("who").replace(" ", "")
        h.used.add(i)
        return True
    above = i > 0 and i - 1 not in h.used and _looks_like_signature(texts[i - 1])
    date = _date_only(t)
    if date is None and above:
        date = parse_digit_date(t)  # 202218 right under the signature: the copy lost 年月日
    if date is None:
        return False
    h.signed_on = date
    h.used.add(i)
    if above:
        h.signature = texts[i - 1].replace(" ", "")
        h.used.add(i - 1)
    return True


# ---------------------------------------------------------------------------------------------
# where the list is, and its heading (the plan title)


def _attachment_list(texts: list[str]) -> set[int]:
    """Lines of the list of attachments in the notice's body: 附件：1．… / 2．…"""
    out: set[int] = set()
    for i, t in enumerate(texts):
        if _ATTACHMENT_LIST.match(t):
            k = i + 1
            while k < len(texts) and markers.match_marker(texts[k]) and len(texts[k]) <= 60 \
                    and not _SENTENCE.search(texts[k]):
                out.add(k)
                k += 1
            if k > i + 1:
                out.add(i)
    return out


def _find_list_start(texts: list[str], skip: set[int]) -> int:
    """The first marker line after the preamble (the segmenter's own choice is better: pass it)."""
    return next((i for i, t in enumerate(texts) if _is_list_line(t) and not markers.DOC_NUMBER.match(t)
                 and i not in skip), len(texts))


def _heading_piece(t: str) -> bool:
    """A line that may be the upper part of a heading broken over lines."""
    return (0 < len(t) <= MAX_HEADING_CHARS and not _SENTENCE.search(t) and not markers.DATE_ONLY.match(t)
            and not markers.DOC_NUMBER.match(t) and not markers.ATTACHMENT.match(t)
            and not markers.match_marker(t) and not markers.NOTE_LINE.match(t) and "关于" not in t)


def _plan_title(texts: list[str], start: int, h: Header, chrome: set[int]) -> int | None:
    """The list's heading: the line(s) right before the list, unless a body paragraph or a header
    element stands there.  A heading broken over lines names its year once: a line without a year
    takes the piece above that has it (2022年区政府要完成的与人民生活 / 密切相关的实事)."""
    seen = 0
    for i in range(start - 1, -1, -1):
        if seen >= PLAN_TITLE_REACH:
            return None
        t = texts[i]
        if i in chrome:
            continue  # page chrome between the heading and the list
        seen += 1
        if markers.ATTACHMENT.match(t):
            h.used.add(i)
            continue
        if "\t" in t and i == start - 1:
            continue  # the upper part of a table's header over two lines
        if t.endswith("：") and not markers.is_label_line(t) and i == start - 1:
            continue  # a lead-in sentence: 县政府将集中财力办好以下12件为民实事：
        if markers.NOTE_LINE.match(t) and not _PUBLICATION.match(t):
            h.used.add(i)  # a note under the plan title: （按得票数排序）
            continue
        if t.endswith(("。", "：")) or markers.DATE_ONLY.match(t) or markers.CLOSING.match(t):
            return None
        if markers.DOC_NUMBER.match(t):
            return None
        if ("关于" in t or "關於" in t) and _ends_title(t):
            return None  # the notice's own title, not the list's
        if _SENTENCE.search(t) or parse_date(t) or _DATED_BYLINE.match(t):
            return None  # a sentence (重点抓好以下工作：（略）) or a dated byline, not a title
        if not (any(w in t for w in PLAN_WORDS) or _year_of(t)):
            return None
        a = i
        while (_year_of(texts[a]) is None and a - 1 >= 0 and a - 1 not in h.used and a - i < MAX_TITLE_LINES - 1
               and _heading_piece(texts[a - 1]) and _year_of(texts[a - 1])):
            a -= 1
        h.plan_title = "".join(texts[a:i + 1]).replace(" ", "")
        h.used.update(range(a, i + 1))
        return a
    return None


def _heading_on_table_head(texts: list[str], start: int, h: Header, chrome: set[int]) -> bool:
    """A table's heading the copy glued to the table's header row (…进展情况序号|工作任务|…): the
    plan title (or, with no cover letter, the title).  The line stays the list's."""
    for i in range(0, min(start + 1, len(texts), MAX_HEADER_LINES)):
        m = _HEADING_ON_TABLE_HEAD.match(texts[i]) if i not in chrome else None
        if m and not _SENTENCE.search(m.group("head")):
            h.plan_title = _squeeze(m.group("head"))
            return True
    return False


# ---------------------------------------------------------------------------------------------
# the preamble: everything before the list


def _preamble(texts: list[str], head_end: int, h: Header, chrome: set[int]) -> int | None:
    """Read the head and the cover letter before line ``head_end``, page chrome aside.  Returns the
    title's last line."""
    title_idx = None
    dated_byline = False  # a report's issuer and date right under its title, the recipients after
    for i in range(0, min(head_end, MAX_HEADER_LINES)):
        if i in chrome:
            continue
        t = texts[i]
        rank = i - sum(1 for k in chrome if k < i)  # the line's place, page chrome not counted
        if h.issuer is None and _is_masthead(t, rank):
            h.issuer = "、".join(_masthead_names(texts, i, h.used))
            continue
        dn = _doc_number(t) if h.doc_number is None else None
        if dn:
            h.doc_number = dn
            h.used.add(i)
            continue
        if title_idx is None and i not in h.used:
            span = _title_lines(texts, i, head_end, h.used, rank)
            if span:
                a, b = span
                title_idx = b
                h.title = "".join(texts[a:b + 1]).replace(" ", "")
                h.used.update(range(a, b + 1))
                _mark_repeats(texts, h.title, range(0, head_end), h.used)
                _number_after_title(h)
                continue
        byline = (_byline(t) if title_idx is not None and i <= title_idx + 2 and h.signed_on is None else None)
        if byline:
            h.signed_on = byline
            h.used.add(i)
            continue
        if title_idx is not None and not h.recipients and (h.signed_on is None or dated_byline) \
                and _recipients_line(t):
            h.recipients = _split(t[:-1], "，；")
            h.used.add(i)
            continue
        pub = _publication(t)
        if pub:
            h.publication = pub
            h.used.add(i)
            continue
        if h.signed_on is None and _signed(texts, i, h):
            dated_byline = title_idx is not None and i <= title_idx + BYLINE_LINES
            continue
    if not h.recipients and title_idx is None:
        # no title: the recipients line is still the first line ending in a colon
        for i in range(0, min(head_end, MAX_HEADER_LINES)):
            if i not in chrome and _recipients_line(texts[i]):
                h.recipients = _split(texts[i][:-1], "，；")
                h.used.add(i)
                break
    return title_idx


def _headline(texts: list[str], head_end: int, h: Header, box: InfoBox) -> None:
    """No 关于…的通知 title: a page's headline or a report's heading is the title — the first
    heading line ending in 进展情况, 进度表, 报告 … (a box's glued text, or the plan title's line
    when no cover letter stands before it: a document with no cover notice has no plan title)."""
    for glued in (box.lead, box.rest):
        if glued and (_is_headline(glued) or _ends_title(glued)):
            h.title = _squeeze(glued)  # a headline glued to the box in the copy
            return
    for i in range(0, min(head_end, MAX_HEADER_LINES)):
        if i in h.used:
            continue
        t = _without_furniture(texts[i])
        m = _chrome().file_name.match(t)
        if m and not h.plan_title:
            h.title = _squeeze(m.group("name"))  # 2021年…分解表.docx
            return
        if _is_headline(t):
            h.title = _squeeze(t)
            h.used.add(i)
            _mark_repeats(texts, h.title, range(0, head_end), h.used)
            if h.plan_title == h.title:
                h.plan_title = None  # the headline printed twice, once right above the list
            return
        if not is_furniture(t) and not _plain_name(t):
            break  # the first line of text is not a headline
    if h.plan_title and _is_headline(h.plan_title) and not h.recipients and h.signed_on is None:
        h.title, h.plan_title = h.plan_title, None


# ---------------------------------------------------------------------------------------------
# 版记: after the list — printed by/on, cc, a closing signature


def _printed(texts: list[str], lo: int, h: Header) -> int | None:
    """印发机关和印发日期: 某县人民政府办公室  2025年2月10日印发 (or the body on the line above)."""
    n = len(texts)
    for i in range(n - 1, max(lo, n - CLOSING_LINES) - 1, -1):
        m = markers.DATE_LINE.match(texts[i])
        if m and m.group("printed"):
            h.printed_on = parse_date(m.group("date"))
            who = m.group("who").strip()
            h.used.add(i)
            if who:
                h.printed_by = who.replace(" ", "")
                return i
            if i - 1 >= lo and not texts[i - 1].startswith("抄送") and not texts[i - 1].endswith("。"):
                h.printed_by = texts[i - 1].replace(" ", "")
                h.used.add(i - 1)
                return i - 1
            return i
    return None


def _cc(texts: list[str], lo: int, stop: int, h: Header) -> int | None:
    """抄送：… going on over plain lines of names."""
    cc_idx = next((i for i in range(lo, len(texts)) if _CC.match(texts[i])), None)
    if cc_idx is None:
        return None
    parts = [_CC.sub("", texts[cc_idx])]
    h.used.add(cc_idx)
    for i in range(cc_idx + 1, stop):
        if i in h.used or markers.match_marker(texts[i]) or markers.is_label_line(texts[i]):
            break
        parts.append(texts[i])
        h.used.add(i)
    h.cc = [p.replace(" ", "") for part in parts for p in _split(part, "，；。,;")]
    return cc_idx


def _closing_signature(texts: list[str], lo: int, end: int, h: Header) -> int:
    """The signature, date and 附注 may close the notice instead (a list inside the body text).
    Returns where the closing starts."""
    for i in range(end - 1, max(lo, end - SIGNATURE_LINES) - 1, -1):
        t = texts[i]
        pub = _publication(t)
        if pub and h.publication is None:
            h.publication = pub
            h.used.add(i)
            end = i
            continue
        date = _date_only(t) if "印发" not in t else None
        if date is not None:
            h.signed_on = date
            h.used.add(i)
            end = i
            if i - 1 > lo and _looks_like_signature(texts[i - 1]) and h.issuer is None:
                # taken only when it names the issuer; otherwise it stays for the warnings
                h.signature = h.issuer = texts[i - 1].replace(" ", "")
                h.used.add(i - 1)
                end = i - 1
            break
    return end


def _closing(texts: list[str], lo: int, h: Header) -> int:
    """Read the 版记, page furniture and a closing signature after line ``lo``; returns where they
    start (the list's end)."""
    n = len(texts)
    end = n
    printed_idx = _printed(texts, lo, h)
    if printed_idx is not None:
        end = printed_idx
    cc_idx = _cc(texts, lo, end if printed_idx is not None else n, h)
    if cc_idx is not None:
        end = min(end, cc_idx)
    end = _trailing_chrome(texts, lo, end, h)
    if h.signed_on is None:
        end = _closing_signature(texts, lo, end, h)
    # a second attachment after the list (附件2: a report form) is not part of it
    for i in range(lo + 1, end):
        if markers.ATTACHMENT.match(texts[i]) and i not in h.used:
            return i
    return end


def _trailing_chrome(texts: list[str], lo: int, end: int, h: Header) -> int:
    """Page furniture at the end (分享到：, 打印 关闭窗口): chrome, and not the list's.  Returns where
    it starts."""
    while end - 1 > lo and (is_furniture(texts[end - 1]) or not texts[end - 1].strip()):
        if texts[end - 1].strip():
            h.used.add(end - 1)
        end -= 1
    return end


# ---------------------------------------------------------------------------------------------
# what the fields say together


def _issuer_fallback(h: Header) -> None:
    """No masthead: the signature; else the body at the start of the title (XX办公室关于…).
    (A closing signature, then the page's information box, come after.)"""
    if h.issuer is not None:
        return
    if h.signature:
        h.issuer = h.signature
    elif h.title and "关于" in h.title and h.title.index("关于") > 0:
        h.issuer = h.title[: h.title.index("关于")]


def _quoted_plan_title(h: Header) -> None:
    """No heading above the list: the 《…》 of a 印发 title names the plan."""
    m = _QUOTED_TITLE.search(h.title or "") if h.plan_title is None else None
    if m:
        h.plan_title = m.group(1)


def _issued_in_letter(texts: list[str], head_end: int, h: Header) -> None:
    """No heading above the list and no 《…》 in the title: the one 《…》 the cover letter hands out
    (现将《2022年实事》印发给你们, 《2020年重点工作责任分解》已经区政府研究同意，现印发给你们)."""
    if h.plan_title is not None or not h.title:
        return
    for i in range(0, min(head_end, MAX_HEADER_LINES)):
        m = _ISSUED.search(texts[i])
        if m and (_year_of(m.group("x")) or any(w in m.group("x") for w in PLAN_WORDS)):
            h.plan_title = m.group("x").replace(" ", "")
            return


def _from_info_box(h: Header, box: InfoBox) -> None:
    """The page's information box fills what the notice's own text left empty."""
    h.doc_number = h.doc_number or box.doc_number
    h.signed_on = h.signed_on or box.signed_on
    h.issuer = h.issuer or box.issuer


def _kind(h: Header) -> Kind:
    """A progress report's title (or headline) says how tasks stand; a 印发 title hands out a plan."""
    t = h.title or ""
    if any(w in t for w in PROGRESS_WORDS) and not any(w in t for w in ISSUING_WORDS):
        return "progress"
    return "plan"


def _year(h: Header, box: InfoBox) -> int | None:
    """The year the tasks belong to: the plan title's, the title's (its first year: a report on
    2020's tasks and 2021's candidates is about 2020), the doc number's, the signing date's, at
    last the page's date."""
    year = _year_of(h.plan_title) or _year_of(h.title)
    if year is None and h.doc_number:
        m = _DOC_YEAR.search(h.doc_number)
        year = int(m.group(1)) if m else None
    if year is None and h.signed_on:
        year = h.signed_on.year
    if year is None and box.published:
        year = box.published.year
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None  # 〔0000〕: not a year to date tasks by
    return year


def _as_of(h: Header) -> dt.date | None:
    """截至10月31日 in the title: the day the report stands at, in the report's year."""
    m = _AS_OF.search(h.title or "")
    if not m:
        return None
    year = int(m.group("y")) if m.group("y") else h.year
    if year is None:
        return None
    try:
        return dt.date(year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _header_zone(start: int) -> list[int]:
    """Lines before the list where page chrome may stand: the head, and right above the list."""
    return sorted(set(range(0, min(start, MAX_HEADER_LINES))) | set(range(max(0, start - 2 * PLAN_TITLE_REACH), start)))


def parse_header(lines: list[Line], list_start: int | None = None, list_end: int | None = None) -> Header:
    """Read the header around the task list.  ``list_start``/``list_end`` (end exclusive) are the
    segmenter's list when it has chosen one; without them the list starts at the first marker line.
    The list ends where the closing starts, or at ``list_end`` if that comes first."""
    h = Header()
    texts = [ln.text for ln in lines]
    h.used |= _attachment_list(texts)
    box = InfoBox()
    start = list_start
    if start is None:
        # chrome is no list: a page's bullets (- 设为首页) must not start it
        probe = Header(used=set(h.used))
        _page_chrome(texts, _header_zone(len(texts)), probe, InfoBox())
        start = _find_list_start(texts, probe.used)
    h.list_start = start
    chrome = _page_chrome(texts, _header_zone(start), h, box)
    texts = _without_title_labels(texts, chrome, start)
    plan_idx = None
    if not _heading_on_table_head(texts, start, h, chrome):
        plan_idx = _plan_title(texts, start, h, chrome)
    head_end = plan_idx if plan_idx is not None else start
    _preamble(texts, head_end, h, chrome)
    if h.title is None:
        _headline(texts, head_end, h, box)
    _issuer_fallback(h)
    _quoted_plan_title(h)
    _issued_in_letter(texts, head_end, h)
    # the segmenter's end is an upper bound: the closing (signature, 抄送, 印发) may stand before it
    end = _closing(texts, start, h)
    h.list_end = end if list_end is None else min(end, list_end)
    _from_info_box(h, box)
    h.kind = _kind(h)
    if h.kind == "progress":
        h.plan_title = None  # a report names no plan it hands out (its table's caption is no plan title)
    elif h.title is None and h.plan_title and not (h.recipients or h.doc_number or h.signature):
        # a bare list with its heading and no cover notice: the heading is the document's title
        h.title, h.plan_title = h.plan_title, None
    h.year = _year(h, box)
    h.as_of = _as_of(h)
    return h
