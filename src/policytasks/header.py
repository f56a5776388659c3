"""Header: the GB/T 9704-2012 elements of a notice (发文机关, 发文字号, 标题, 主送, 成文日期,
附注, 抄送, 印发机关和印发日期) and the plan title and year.

Works on the normalised lines.  ``list_start`` and ``list_end`` are the line indices of the task
list, which the header surrounds; the segmenter reads only the lines between them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
# A note in brackets after a title: （摘要）, （试行）, （2025年1月16日…通过）
_TRAILING_NOTE = regex.compile(r"（[^（）]{1,40}）$")
# A dated line under a title: （2025年1月16日…会议通过） or ——2025年1月8日在…会议上
_ATTACHMENT_LIST = regex.compile(r"^附\s*件\s*[：:]\s*1\s*[.．、]")
_DOC_YEAR = regex.compile(r"〔(\d{4})〕")
_QUOTED_TITLE = regex.compile(r"《([^》]+)》")
_SENTENCE = regex.compile(r"[，。：；]")
_DATED_BYLINE = regex.compile(r"^(?:（|——|—)")
_PUBLICATION = regex.compile(r"^（(?P<p>[^（）]*(?:此件|公开|公布|發布|发布)[^（）]*)）$")
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
    list_start: int = 0
    list_end: int = 0
    #: indices of lines the header consumed (so nothing is reported as lost)
    used: set[int] = field(default_factory=set)


def parse_date(s: str) -> dt.date | None:
    """A full date written in the line (2024年3月25日, 二〇二五年二月二十六日), or None."""
    m = markers.FULL_DATE.search(s)
    if not m:
        return None
    d = parse_deadline(m.group(0), normalised=True)
    return d.date if d is not None and d.precision == "day" else None


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


def _ends_title(t: str) -> bool:
    return _TRAILING_NOTE.sub("", t).endswith(TITLE_KINDS)


def _title_lines(texts: list[str], i: int, end: int, used: set[int]) -> tuple[int, int] | None:
    """Lines a..b holding the title, when line i starts or holds it.  Titles break over lines
    anywhere (关于印发《…2024年 / 为群众拟办重要实事》的通知) and may carry the issuer above."""
    t = texts[i]
    if "。" in t or t.endswith("："):
        return None
    about = "关于" in t or "關於" in t
    if not about and not (_ends_title(t) and ("《" in t or i < FIRST_LINES)):
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


def _recipients_line(t: str) -> bool:
    """主送机关: names ending in a colon — not a greeting, a label, or a lead-in sentence
    (…现将有关事项通知如下：)."""
    if not t.endswith("：") or "。" in t or markers.is_label_line(t) or t[:-1] in GREETINGS:
        return False
    parts = _split(t[:-1], "，；")
    return bool(parts) and all(len(p) <= MAX_RECIPIENT_CHARS for p in parts) and "如下" not in t


def _looks_like_signature(t: str) -> bool:
    """The line above a date is its signature if it names a body: Han characters, no sentence."""
    return (len(_HAN.findall(t)) >= 2 and not t.endswith(("。", "：", "；"))
            and not markers.is_label_line(t) and not markers.match_marker(t) and len(t) <= 40)


def parse_header(lines: list[Line], list_start: int | None = None, list_end: int | None = None) -> Header:
    h = Header()
    n = len(lines)
    texts = [ln.text for ln in lines]
    # -- where the list starts: the first marker line after the preamble ------------------
    attachments = _attachment_list(texts)
    h.used |= attachments
    first = list_start if list_start is not None else next(
        (i for i, t in enumerate(texts) if _is_list_line(t) and not markers.DOC_NUMBER.match(t)
         and i not in attachments), n)
    h.list_start = first
    # plan title: the line right before the list, unless it is a body paragraph or header element
    plan_idx = None
    for i in range(first - 1, max(-1, first - 4), -1):
        t = texts[i]
        if markers.ATTACHMENT.match(t):
            h.used.add(i)
            continue
        if t.endswith("：") and not markers.is_label_line(t) and i == first - 1:
            continue  # a lead-in sentence: 县政府将集中财力办好以下12件为民实事：
        if markers.NOTE_LINE.match(t) and not _PUBLICATION.match(t):
            h.used.add(i)  # a note under the plan title: （按得票数排序）
            continue
        if t.endswith(("。", "：")) or markers.DATE_ONLY.match(t) or markers.CLOSING.match(t):
            break
        if markers.DOC_NUMBER.match(t):
            break
        if ("关于" in t or "關於" in t) and _ends_title(t):
            break  # the notice's own title, not the list's
        if _SENTENCE.search(t) or parse_date(t) or _DATED_BYLINE.match(t):
            break  # a sentence (重点抓好以下工作：（略）) or a dated byline, not a title
        if any(w in t for w in PLAN_WORDS) or _year_of(t):
            plan_idx = i
        break
    if plan_idx is not None:
        h.plan_title = texts[plan_idx].replace(" ", "")
        h.used.add(plan_idx)
    head_end = plan_idx if plan_idx is not None else first
    # -- header elements before the list --------------------------------------------------
    title_idx = None
    for i in range(0, min(head_end, MAX_HEADER_LINES)):
        t = texts[i]
        if i < FIRST_LINES and h.issuer is None and t.replace(" ", "").endswith("文件") and len(t) <= 60 \
                and "。" not in t:
            names = _masthead_names(texts, i, h.used)
            h.issuer = "、".join(names)
            continue
        if h.doc_number is None and markers.DOC_NUMBER.match(t):
            h.doc_number = normalise_doc_number(t)
            h.used.add(i)
            continue
        field = markers.DOC_NUMBER_FIELD.search(t) if h.doc_number is None else None
        if field:
            h.doc_number = normalise_doc_number(field.group("dn"))
            h.used.add(i)
            continue
        if title_idx is None and i not in h.used:
            span = _title_lines(texts, i, head_end, h.used)
            if span:
                a, b = span
                title_idx = b
                h.title = "".join(texts[a:b + 1]).replace(" ", "")
                h.used.update(range(a, b + 1))
                continue
        byline = (parse_date(t) if title_idx is not None and i <= title_idx + 2 and h.signed_on is None
                  and _DATED_BYLINE.match(t) and len(t) <= 80 else None)
        if byline:
            h.signed_on = byline  # （2025年1月16日…会议通过）, ——2025年1月8日在…会议上
            h.used.add(i)
            continue
        if title_idx is not None and not h.recipients and h.signed_on is None and _recipients_line(t):
            h.recipients = _split(t[:-1], "，；")
            h.used.add(i)
            continue
        pm = _PUBLICATION.match(t)
        if pm:
            h.publication = pm.group("p")
            h.used.add(i)
            continue
        dl = markers.DATE_LINE.match(t)
        if dl and not dl.group("printed") and dl.group("who") and h.signed_on is None \
                and _looks_like_signature(dl.group("who")):
            h.signed_on = parse_date(dl.group("date"))  # 某县人民政府  2025年2月10日
            h.signature = dl.group("who").replace(" ", "")
            h.used.add(i)
            continue
        if markers.DATE_ONLY.match(t) and h.signed_on is None:
            h.signed_on = parse_date(t)
            h.used.add(i)
            if i > 0 and i - 1 not in h.used and _looks_like_signature(texts[i - 1]):
                h.signature = texts[i - 1].replace(" ", "")
                h.used.add(i - 1)
            continue
    if h.recipients == [] and title_idx is None:
        # no title: the recipients line is still the first line ending in a colon
        for i in range(0, min(head_end, MAX_HEADER_LINES)):
            t = texts[i]
            if _recipients_line(t):
                h.recipients = _split(t[:-1], "，；")
                h.used.add(i)
                break
    if h.issuer is None:
        if h.signature:
            h.issuer = h.signature
        elif h.title and "关于" in h.title and h.title.index("关于") > 0:
            h.issuer = h.title[: h.title.index("关于")]
    if h.plan_title is None and h.title:
        m = _QUOTED_TITLE.search(h.title)
        if m:
            h.plan_title = m.group(1)
    # -- closing: 抄送 and 印发 after the list --------------------------------------------
    end = n
    printed_idx = None
    for i in range(n - 1, max(first, n - 12) - 1, -1):
        m = markers.DATE_LINE.match(texts[i])
        if m and m.group("printed"):
            printed_idx = i
            h.printed_on = parse_date(m.group("date"))
            who = m.group("who").strip()
            h.used.add(i)
            if who:
                h.printed_by = who.replace(" ", "")
            elif i - 1 >= first and not texts[i - 1].startswith("抄送") and not texts[i - 1].endswith("。"):
                h.printed_by = texts[i - 1].replace(" ", "")
                h.used.add(i - 1)
            end = min(end, i if who else i - 1 if h.printed_by else i)
            break
    cc_idx = next((i for i in range(first, n) if _CC.match(texts[i])), None)
    if cc_idx is not None:
        stop = end if printed_idx is not None else n
        parts = [_CC.sub("", texts[cc_idx])]
        h.used.add(cc_idx)
        for i in range(cc_idx + 1, stop):
            if i in h.used or markers.match_marker(texts[i]) or markers.is_label_line(texts[i]):
                break  # 抄送 goes on over plain lines of names only
            parts.append(texts[i])
            h.used.add(i)
        h.cc = [p.replace(" ", "") for part in parts for p in _split(part, "，；。,;")]
        end = min(end, cc_idx)
    if h.signed_on is None:
        # the signature and date may close the notice instead (a list inside the body text)
        for i in range(end - 1, max(first, end - SIGNATURE_LINES) - 1, -1):
            t = texts[i]
            pm = _PUBLICATION.match(t)
            if pm and h.publication is None:
                h.publication = pm.group("p")
                h.used.add(i)
                end = i
                continue
            if markers.DATE_ONLY.match(t) and "印发" not in t:
                h.signed_on = parse_date(t)
                h.used.add(i)
                end = i
                if i - 1 > first and _looks_like_signature(texts[i - 1]) and h.issuer is None:
                    # taken only when it names the issuer; otherwise it stays for the warnings
                    h.signature = h.issuer = texts[i - 1].replace(" ", "")
                    h.used.add(i - 1)
                    end = i - 1
                break
    # a second attachment after the list (附件2: a report form) is not part of it
    for i in range(first + 1, end):
        if markers.ATTACHMENT.match(texts[i]) and i not in h.used:
            end = i
            break
    h.list_end = end if list_end is None else min(end, list_end)
    h.year = _year_of(h.plan_title) or _year_of(h.title)
    if h.year is None and h.doc_number:
        m = _DOC_YEAR.search(h.doc_number)
        h.year = int(m.group(1)) if m else None
    if h.year is None and h.signed_on:
        h.year = h.signed_on.year
    if h.year is not None and not MIN_YEAR <= h.year <= MAX_YEAR:
        h.year = None  # 〔0000〕: not a year to date tasks by
    return h
