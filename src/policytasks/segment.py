"""Segment: the task list into categories and items, each with its deadline and bodies.

Handles items numbered 1. 1、 （一） (1) 一是 第1项, categories 一、 （一） or none, sub-items
(1) ① folded into their item, label lines (完成时限：…), inline groups at the end of an item
(（牵头单位：…；完成时限：…）), and tables (TAB-separated rows from PDF/Word/HTML, or cells one
per line as copied from a web page)."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from . import glued_tables, markers, rules, tables
from .header import Line
from .tables import Piece

@dataclass
class RawItem:
    number: int
    category: str | None
    category_number: int | None
    start: int
    end: int
    text: list[Piece] = field(default_factory=list)
    deadlines: list[Piece] = field(default_factory=list)  # one, or one per sub-item
    responsible: list[tuple[Piece, str]] = field(default_factory=list)  # (piece, default role)
    progress: list[Piece] = field(default_factory=list)  # a progress report's word on the task
    money: list[tuple[Piece, object, str]] = field(default_factory=list)  # (cell, 元, subject): a money column
    amounts: list[tuple[Piece, Piece]] = field(default_factory=list)  # (数量 cell, 单位 cell): a target in two columns
    section: str | None = None
    source: list[Piece] = field(default_factory=list)  # a table row's lines, whole
    period: Piece | None = None  # a heading naming when its items are due (一季度完成事项): the last resort
    lines: list[int] = field(default_factory=list)
    continued: int = 0  # plain lines after the item's own line: how many of `text` came from them


@dataclass
class Segmented:
    categories: list[tuple[int, str, int]] = field(default_factory=list)  # number, title, offset
    items: list[RawItem] = field(default_factory=list)
    unplaced: list[Piece] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # a table's (name, kind)
    notes: list[str] = field(default_factory=list)  # warnings in the segmenter's own words
    # number, title, category, offset of the title, and the heading's whole line
    sections: list[tuple[int, str, int | None, int, Piece]] = field(default_factory=list)


def _table_items(table: tables.Table, seg: Segmented) -> None:
    """The rows of a table as items: each column's cells go where its kind says."""
    category, cat_no = None, None
    cols = table.columns
    item: RawItem | None = None
    for e in table.entries:
        if isinstance(e, tables.Heading):
            category, cat_no = e.title, e.number
            seg.categories.append((cat_no, category, e.start))
            continue
        if e.number is None:
            if item is None:
                seg.unplaced.extend(p for _, p in e.cells)
                continue
        else:
            item = RawItem(e.number, category, cat_no, e.start, e.end)
            seg.items.append(item)
        item.end = max(item.end, e.end)
        item.source.extend(e.source)
        qty = [p for c, p in e.cells if cols[c].kind == "quantity"]
        unit = [p for c, p in e.cells if cols[c].kind == "measure"]
        if qty and unit:
            item.amounts.append((qty[0], unit[0]))
        for c, piece in e.cells:
            kind = cols[c].kind
            if kind in ("number", "ignore", "aside", "quantity", "measure"):
                continue
            if kind == "deadline":
                item.deadlines.append(piece)
            elif kind == "category":  # a category column: unnumbered, numbered in order
                if piece.text != category:
                    category, cat_no = piece.text, len(seg.categories) + 1
                    seg.categories.append((cat_no, category, piece.start))
                item.category, item.category_number = category, cat_no
            elif kind in ("lead", "support"):
                item.responsible.append((piece, kind))
            elif kind == "progress":
                item.progress.append(piece)
            elif kind == "money":
                value = tables.money_value(piece.text, cols[c].scale)
                if value is not None:
                    item.money.append((piece, value, tables.head_name(cols[c])))
                else:
                    item.text.append(piece)
            else:
                item.text.append(piece)
    seg.unplaced.extend(table.stray)


@lru_cache(maxsize=None)
def _inline_label() -> regex.Pattern:
    # a label inside the item's own line: （牵头单位：…）, or 。责任单位：… after the sentence
    return regex.compile(r"（\s*" + markers.label_pattern().pattern + r"|" + markers.label_pattern().pattern)


@lru_cache(maxsize=None)
def _role_group() -> regex.Pattern:
    """A bracketed group at the end of an item whose every part is names with a role word:
    （县教育局牵头，县发改局、县住建局配合）."""
    roles = "|".join(map(regex.escape, sorted(rules.load("roles")["role_suffixes"], key=len, reverse=True)))
    part = rf"[^（）()，,；;]+?(?:{roles})"
    return regex.compile(rf"[（(](?P<names>{part}(?:[，,；;]\s*{part})*)[）)]\s*[。；;]?\s*$")


def _split_inline(piece: Piece, item: RawItem) -> bool:
    """Cut a trailing group of labels out of an item's text into its deadline and bodies.
    True if there was one (the item is then complete)."""
    t = piece.text
    m = _inline_label().search(t)
    if not m:
        g = _role_group().search(t)
        if g and g.start() > 0:  # 新建学校2所。（县教育局牵头，县发改局配合）
            item.text.append(Piece(t[:g.start()], piece.start))
            item.responsible.append((Piece(g.group("names"), piece.start + g.start("names")), "lead"))
            return True
        item.text.append(piece)
        return False
    cut = m.start()
    own = t[:cut].rstrip("—－- \t[【")  # 新增床位300张。——牵头单位：…, …治疗。[牵头单位：…]
    if own:
        item.text.append(Piece(own, piece.start))
    _labels(Piece(t[cut:], piece.start + cut), item)
    return True


def _labels(piece: Piece, item: RawItem) -> None:
    """A label line (or group): deadlines to the item's deadline, bodies to its responsible."""
    t = piece.text
    found = list(markers.label_pattern().finditer(t))
    if not found:
        item.text.append(piece)
        return
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(t)
        kind = markers.label_kind(m.group("label"))
        value = t[m.end():end]
        stripped = value.rstrip("；;，,。 ")
        for o, c in (("（", "）"), ("[", "]"), ("【", "】")):
            while stripped.endswith(c) and stripped.count(c) > stripped.count(o):
                stripped = stripped[:-1].rstrip("；;，,。 ")
        lead = len(value) - len(value.lstrip())
        vpiece = Piece(stripped.lstrip(), piece.start + m.end() + lead)
        if kind == "deadline":
            item.deadlines.append(vpiece)
        elif kind == "progress":  # as printed, full stop and all
            item.progress.append(Piece(value.strip().rstrip("；;，,）)"), vpiece.start))
        elif kind in ("lead", "support"):
            item.responsible.append((Piece(t[m.start():m.end()] + vpiece.text, piece.start + m.start()), kind))


def _label_kinds(text: str) -> set[str]:
    """Kinds of the labels in a line (lead, support, deadline, ignore)."""
    return {markers.label_kind(m.group("label")) for m in markers.label_pattern().finditer(text)}


def _owning(found: list, kinds: list[set[str]], label_lines: list[bool], style: str,
            wanted: set[str]) -> tuple[int, int]:
    """(blocks opened by ``style``, blocks holding a label of a ``wanted`` kind).  A block runs
    from a marker of that style to the next marker of the same or a higher level.  ``kinds`` and
    ``label_lines`` hold each line's label kinds and whether it is a label line."""
    rank = markers.RANK[style]
    blocks = owned = 0
    inside = False
    has = False
    shared = False  # labels right under a heading (or on it), before its first block: shared
    heading = False  # the lines so far since a heading are the heading and labels
    for m, line_kinds, is_label in zip(found, kinds, label_lines):
        labelled = bool(line_kinds & wanted)
        if m and markers.RANK[m.style] <= rank:
            if inside:
                owned += has or shared
            inside = m.style == style
            heading = not inside and markers.RANK[m.style] < rank
            if not inside:
                shared = False
            blocks += inside
            has = False
        elif not is_label:
            heading = False
        if inside and labelled:
            has = True
        elif labelled and heading:
            shared = True  # 一、水务（牵头单位：…） or 一、水务 / 牵头单位：…
    if inside:
        owned += has or shared
    return blocks, owned


def _choose_levels(lines: list[Line], found: list) -> tuple[str | None, str | None, str | None]:
    """(category style, item style) from the markers present and where the labels fall.

    The item level is the deepest level whose every block names its responsible bodies (or,
    with no bodies anywhere, its deadline): sub-items may carry deadlines of their own, but the
    bodies belong to the item.  Without labels, 1. 1、 一是 第1项 are items."""
    counts = Counter(m.style for m in found if m)
    if not counts:
        return None, None, None
    styles = sorted(counts, key=lambda s: markers.RANK[s])
    # each line's labels, once: read by every level tried below
    kinds = [_label_kinds(ln.text) for ln in lines]
    label_lines = [markers.is_label_line(ln.text) for ln in lines]
    item = None
    for wanted in ({"lead", "support"}, {"deadline"}):
        # the level that explains most: most blocks owning labels, then the largest share of its
        # blocks owning them, then the deepest.  One item without labels (a truncated copy, an
        # item whose bodies were forgotten) must not send the list up to its one heading.
        scored = [(owned, owned / blocks, markers.RANK[s], s)
                  for s, blocks, owned in ((s, *_owning(found, kinds, label_lines, s, wanted)) for s in styles)
                  if owned]
        if scored:
            item = max(scored)[3]
            break
    if item is None:
        mains = [s for s in styles if markers.RANK[s] < 3] or styles[:1]
        rank2 = [s for s in mains if markers.RANK[s] == 2]
        item = rank2[0] if rank2 else mains[-1]
    # the outermost heading level is the category; a level between it and the items, the section
    above = [s for s in styles if markers.RANK[s] < markers.RANK[item]]
    if len(above) >= 2 and _notice_sections(found, above[0], item):
        above = above[1:]  # 一、项目安排 … 二、工作要求: the notice's own parts, around the list
    category = above[0] if above else None
    section = above[-1] if len(above) >= 2 else None
    return category, section, item


_GLUED = regex.compile(r"^\s*(?P<n>\d{1,3})[.．](?=\d)")


_BARE_ITEM_NUMBER = regex.compile(r"\s*(?P<n>\d{1,3})\s*[.．、]?\s*")


def _glued_numbers(lines: list[Line], found: list) -> list:
    """An item number glued to a value (``2.50个小区…`` after item 1.) is the next item's number,
    not 2.5; a number alone on its line (``3`` above its text) is the next item's marker: only
    where it goes on with the run of ``1.`` (``1、``) items."""
    last, style = None, None
    for i, (ln, m) in enumerate(zip(lines, found)):
        if m is not None:
            if m.style in ("ar_dot", "ar_comma"):
                last, style = m.number, m.style
            continue
        if last is None:
            continue
        g = _GLUED.match(ln.text) if style == "ar_dot" else None
        bare = _BARE_ITEM_NUMBER.fullmatch(ln.text)
        if g and int(g.group("n")) == last + 1:
            found[i] = markers.Marker(style, markers.RANK[style], last + 1, g.end())
            last += 1
        elif bare and int(bare.group("n")) == last + 1 and i + 1 < len(lines) and found[i + 1] is None:
            found[i] = markers.Marker(style, markers.RANK[style], last + 1, len(ln.text))
            last += 1
    return found


def _notice_sections(found: list, top: str, item: str) -> bool:
    """Whether the headings of style ``top`` are the notice's own parts rather than the list's
    categories: there are several, and the items all stand under one of them."""
    blocks: list[int] = []  # items under each heading of the top style
    for m in found:
        if m and m.style == top:
            blocks.append(0)
        elif m and m.style == item and blocks:
            blocks[-1] += 1
    return len(blocks) >= 2 and sum(1 for b in blocks if b) == 1


_RUN_MARKER = regex.compile(r"(?<![\d.．A-Za-z])(?P<n>\d{1,2})[.、．](?=[^\d\s])")
# Items run together on one line are split only where at least this many count up in a row.
MIN_RUN_TOGETHER = 3


def run_together(lines: list[Line]) -> list[Line]:
    """A whole list on one line (``… 1.轨道交通… 责任单位:… 2.新增… 3.…``), as pages copied
    without their line breaks give it: one line an item, where the numbers count up."""
    out: list[Line] = []
    for ln in lines:
        t = ln.text
        g = glued_tables.glued_head_inside(t)
        if g is not None:  # …分解表序号项目名称…配合单位1增加…: the header on a line of its own
            a, b = g
            for x, y in ((0, a), (a, b), (b, len(t))):
                if t[x:y].strip():
                    out.append(Line(t[x:y], ln.start + x))
            continue
        if "\t" in t or len(t) < 20:
            out.append(ln)
            continue
        hits: list[int] = []
        for m in _RUN_MARKER.finditer(t):
            if int(m.group("n")) == len(hits) + 1:  # 1. 2. 3. … counting up from 1
                hits.append(m.start())
        if len(hits) < MIN_RUN_TOGETHER:
            out.append(ln)
            continue
        cuts = [0, *hits, len(t)] if hits[0] > 0 else [*hits, len(t)]
        for a, b in zip(cuts, cuts[1:]):
            part = t[a:b].rstrip()
            if part.strip():
                lead = len(part) - len(part.lstrip())
                out.append(Line(part.strip(), ln.start + a + lead))
    return out


def _inline_items(lines: list[Line]) -> list[Line]:
    """一是……；二是……；三是…… run together in one paragraph -> one line each.

    The run must count up from 一 without a gap, and may go on in the next paragraph (六是…);
    the text before it is a line of its own, and after items joined by ； the first 。 ends the
    last one.  Once a run has ended, another from 一 with no heading between is no list (a
    leader's 一是确保…二是确保… after the list)."""
    # Only where the list numbers no items of its own (1. 1、 第1项 …): otherwise 一是/二是 are
    # sentences inside an item.
    if any((m := markers.match_marker(ln.text)) and m.rank >= 2 and m.style != "cn_shi" for ln in lines):
        return lines
    out: list[Line] = []
    going = 0  # the number the run reached, while the next paragraph may go on with it
    done = False  # a run has ended with no heading since
    for ln in lines:
        t = ln.text
        m = markers.match_marker(t)
        if m and m.style != "cn_shi":
            going, done = 0, False  # a heading: its own 一是… may follow
            out.append(ln)
            continue
        hits = markers.inline_run(t, going + 1) if going else []
        if going and not hits:
            going, done = 0, True
        if not hits and not done:
            hits = markers.inline_run(t)
        if not hits:
            out.append(ln)
            continue
        going += len(hits)
        cuts = [0, *hits]
        if len(hits) >= 2 and t[hits[1] - 1:hits[1]] in "；;":
            end = t.find("。", hits[-1])
            if 0 <= end < len(t) - 1:
                cuts.append(end + 1)
        cuts.append(len(t))
        for a, b in zip(cuts, cuts[1:]):
            if t[a:b].strip():
                out.append(Line(t[a:b], ln.start + a))
    return out


@dataclass
class _Shared:
    """A category's own labels, for the items under it that have none."""

    labels: RawItem = field(default_factory=lambda: RawItem(0, None, None, 0, 0))
    lines: list[Piece] = field(default_factory=list)  # the label lines, warned if no item takes them
    items: list[int] = field(default_factory=list)  # indices of the category's items


def _share_labels(shared: _Shared, items: list[RawItem], unplaced: list[Piece]) -> None:
    """A category's own labels go to each of its items that has none of that kind; labels no
    item takes are reported."""
    taken: set[str] = set()
    own = shared.labels
    for k in shared.items:
        it = items[k]
        if not it.responsible and own.responsible:
            it.responsible = list(own.responsible)
            taken |= {"lead", "support"}
        if not it.deadlines and own.deadlines:
            it.deadlines = list(own.deadlines)
            taken.add("deadline")
    unplaced.extend(p for p in shared.lines if not _label_kinds(p.text) & taken)


_CUT_END = regex.compile(r"[，,、：:（(—\-－]$")
_SENTENCE_END = regex.compile(r"[。；;！!？?）)”\]】]$")


def _cut_off(seg: Segmented, lines: list[Line]) -> None:
    """A copy cut off part-way through its last item (a page copied to its end): the item is not
    a task.  Cut off: its last line stops on a comma or an open bracket; or stops without a
    sentence end while the item lacks the bodies or deadline every other item has, or while every
    other item's text ends with one; or its last body is a lone character (责任单位：区).  It goes to the warnings whole."""
    items = seg.items
    if len(items) < 3:
        return
    last = items[-1]
    pieces = [(p, "text") for p in last.text] + [(p, k) for p, k in last.responsible] + \
             [(p, "deadline") for p in last.deadlines] + [(p, "progress") for p in last.progress]
    if not pieces:
        return
    tail, kind = max(pieces, key=lambda x: x[0].start)
    t = tail.text.strip()
    others = items[:-1]
    lacks = ((all(it.responsible for it in others) and not last.responsible)
             or (all(it.deadlines for it in others) and not last.deadlines))
    # the notice ends its items' sentences with a full stop, and this one stops short
    stops = all(it.text and _SENTENCE_END.search(it.text[-1].text.strip()) for it in others)
    cut = (kind == "text" and (_CUT_END.search(t) or (not _SENTENCE_END.search(t) and (lacks or stops)))) or \
          (kind in ("lead", "support") and len(regex.split(r"[：:、，,]", t)[-1].strip()) <= 1)
    if cut:
        items.pop()
        seg.notes.append(f"item {last.number} not read as a task: the copy seems to end inside it "
                         f"(“{t[:30]}”)")
        # its lines are reported like any line not placed
        own = [Piece(lines[i].text, lines[i].start) for i in last.lines] or last.source or [p for p, _ in pieces]
        seg.unplaced.extend(own)


# A heading naming the body that leads its items: 县教育局牵头工作（5项）, 市民政局负责事项
_LEAD_HEADING = regex.compile(r"^(?P<body>[^，。；、（(]{2,30}?)(?:牵头|负责|主责|牽頭)(?:的)?(?:工作|事项|任务|项目)?\s*(?:[（(][^）)]*[）)])?$")


def _period_heading(title: str) -> bool:
    """A heading that names the period its items are due in (一季度完成事项, 上半年, 年内完成):
    not a plain year (2024年重点任务), which every heading of a plan may carry."""
    from .recognise.deadlines import parse_deadline

    d = parse_deadline(title, 2000, normalised=True)
    if d is None or d.date is None:
        return False
    return d.precision in ("quarter", "half", "month") or (
        d.precision == "year" and not regex.search(r"\d{4}|[〇零一二三四五六七八九]{4}", title))


_SENTENCE = regex.compile(r"[^。；;！!]*[。；;！!]?")


@lru_cache(maxsize=None)
def _standing_marks() -> tuple[str, ...]:
    return tuple(rules.load("progress").get("standing_marks") or [])


def _stands(sentence: str) -> bool:
    """The sentence says how the task stands now (已建成…, 正在施工), not what it is to do."""
    return any(w in sentence for w in _standing_marks())


def _progress_in_own_line(item: RawItem) -> None:
    """A report's item written in one paragraph (（一）农村公路提升工程。全年新改建…，全面完成年度
    任务。): from the first sentence after its name that says how it stands, the words are its
    progress, not its targets."""
    own = item.text[-1]
    for k, m in enumerate(_SENTENCE.finditer(own.text)):
        if not m.group(0):
            break
        if k and tables.status_word(m.group(0)) and _stands(m.group(0)):
            item.text[-1] = Piece(own.text[:m.start()], own.start)
            item.progress.append(Piece(own.text[m.start():].strip(), own.start + m.start()))
            return


def _heading_title(t: str) -> str:
    """A heading's title without the full stop or open bracket it may end with."""
    return t.strip().rstrip("（(").strip().rstrip("。.；;").strip()


def _trailing_paragraphs(seg: Segmented) -> None:
    """Items that are one paragraph each (a 票决 list, a report's 一是…二是…) give no sign where
    the last one ends: a paragraph after it (会议要求……) is not part of it."""
    items = seg.items
    if len(items) < 3 or not items[-1].continued:
        return
    if any(it.continued or it.deadlines or it.responsible for it in items[:-1]):
        return
    last = items[-1]
    moved = last.text[len(last.text) - last.continued:]
    del last.text[len(last.text) - last.continued:]
    last.continued = 0
    if last.text:
        last.end = last.text[-1].start + len(last.text[-1].text)
    seg.unplaced.extend(moved)


# The last readings made: choosing the list segments the candidate regions, and the chosen one is
# usually segmented again as it is; the same lines give the same reading.
_READINGS: OrderedDict = OrderedDict()
_READINGS_LOCK = threading.Lock()
READINGS_KEPT = 8


def segment(lines: list[Line], progress_report: bool = False) -> Segmented:
    """Categories, sections and items of a task list.  In a progress report (``progress_report``)
    the paragraphs under an item's own line say how it stands: they are its progress."""
    key = (progress_report, tuple((ln.text, ln.start) for ln in lines))
    with _READINGS_LOCK:
        seg = _READINGS.get(key)
    if seg is None:
        seg = _segment(lines, progress_report)
        with _READINGS_LOCK:
            _READINGS[key] = seg
            if len(_READINGS) > READINGS_KEPT:
                _READINGS.popitem(last=False)
    return seg


def _segment(lines: list[Line], progress_report: bool) -> Segmented:
    seg = Segmented()
    lines = _inline_items(run_together(lines))
    table = tables.find_table(lines)
    if table is not None:
        for ln in lines[:table.first]:
            h = tables.heading(ln.text, ln.start)
            if h is not None:  # a heading above the table's header: its rows' category
                table.entries.insert(0, h)
            else:
                seg.unplaced.append(Piece(ln.text, ln.start))
        seg.unplaced.extend(Piece(ln.text, ln.start) for ln in lines[table.end:])
        _table_items(table, seg)
        _cut_off(seg, lines)
        seg.columns = [(c.name, c.kind) for c in table.columns]
        seg.unplaced.sort(key=lambda p: p.start)
        return seg
    found = _glued_numbers(lines, [markers.match_marker(ln.text) for ln in lines])
    cat_style, sec_style, item_style = _choose_levels(lines, found)
    category, cat_no = None, None
    period: Piece | None = None
    section: str | None = None
    item: RawItem | None = None
    shared = _Shared()  # the current category's own labels, and its items
    closed = False  # the item's deadline/responsibility came: what follows is not its text
    items_in: list[int] = []  # items under each category
    heading_lines: list[Piece] = []
    for idx, (ln, m) in enumerate(zip(lines, found)):
        t = ln.text
        if m and m.style == cat_style and not (item_style == cat_style):
            _share_labels(shared, seg.items, seg.unplaced)
            shared = _Shared()
            title = Piece(t[m.end:], ln.start + m.end)
            if _split_inline(title, shared.labels):  # 一、教育（牵头单位：区教委）: labels for its items
                shared.lines.append(Piece(t, ln.start))
                own = shared.labels.text
                t = t[: m.end] + (own[0].text if own else "")
                shared.labels.text = []
            category, cat_no = _heading_title(t[m.end:]), m.number
            section = None
            period = Piece(category, ln.start + m.end) if _period_heading(category) else None
            lead = _LEAD_HEADING.match(category)
            body = lead.group("body") if lead else category
            if tables.body_like(body) and "、" not in body and not shared.labels.responsible:
                # 一、县教育局牵头工作（5项） or 一、区教育局: a list grouped by lead body
                shared.labels.responsible.append((Piece(body, ln.start + m.end), "lead"))
            seg.categories.append((cat_no, category, ln.start + m.end))
            items_in.append(0)
            heading_lines.append(Piece(t, ln.start))
            item = None
            continue
        if m and m.style == sec_style:
            section = _heading_title(t[m.end:])
            seg.sections.append((m.number, section, cat_no, ln.start + m.end, Piece(t, ln.start)))
            item = None
            continue
        if m and m.style == item_style:
            item = RawItem(m.number, category, cat_no, ln.start, ln.start + len(t), section=section,
                           period=period)
            shared.items.append(len(seg.items))
            item.lines.append(idx)
            seg.items.append(item)
            if items_in:
                items_in[-1] += 1
            closed = _split_inline(Piece(t[m.end:], ln.start + m.end), item)
            if progress_report and item.text:
                _progress_in_own_line(item)
            continue
        is_label = markers.is_label_line(t)
        sub_item = bool(m and item_style and markers.RANK[m.style] > markers.RANK[item_style])
        if item is None and is_label and seg.categories and not shared.items \
                and not _label_kinds(t) & set().union(*(_label_kinds(p.text) for p in shared.lines)):
            # 牵头单位：… under a category heading, before its items: shared by all of them
            # (once per kind: a second 完成时限 there is not the category's)
            _labels(Piece(t.lstrip("（"), ln.start + (len(t) - len(t.lstrip("（")))), shared.labels)
            shared.lines.append(Piece(t, ln.start))
            continue
        if item is None or (closed and not is_label and not sub_item):
            seg.unplaced.append(Piece(t, ln.start))
            if item is not None and not is_label:
                item = None  # a line no item takes lends the labels after it to none (warned)
            continue
        item.lines.append(idx)
        item.end = ln.start + len(t)
        if sub_item:
            # a sub-item: (1) ①, with a deadline of its own perhaps; the item's labels may follow
            _split_inline(Piece(t[m.end:], ln.start + m.end), item)
            closed = False
        elif is_label:
            _labels(Piece(t.lstrip("（"), ln.start + (len(t) - len(t.lstrip("（")))), item)
            closed = True
        elif progress_report and item.text:
            item.progress.append(Piece(t, ln.start))
        else:
            before = len(item.text)
            closed = _split_inline(Piece(t, ln.start), item)
            item.continued += len(item.text) - before
    _share_labels(shared, seg.items, seg.unplaced)
    _trailing_paragraphs(seg)
    _cut_off(seg, lines)
    # a section heading with no items under it is no heading of tasks
    used = {(it.category_number, it.section) for it in seg.items}
    for sec in [x for x in seg.sections if (x[2], x[1]) not in used]:
        seg.sections.remove(sec)
        seg.unplaced.append(sec[4])  # the heading's whole line, marker and all
    # a last heading with nothing under it (三、工作要求) is not a category of tasks
    while items_in and items_in[-1] == 0:
        items_in.pop()
        seg.categories.pop()
        seg.unplaced.append(heading_lines.pop())
    seg.unplaced.sort(key=lambda p: p.start)
    return seg


# -- choosing the list among candidate readings ----------------------------------------------------

# What a reading of the list earns: each item, and each item that names its bodies, its deadline
# or its progress; each line it leaves unexplained costs.
ITEM_SCORE = 1.0
LABEL_SCORE = 1.0
UNPLACED_COST = 0.3
# A list in the notice's attachment (after 附件) is what the cover letter encloses: its items
# count this much more than the cover letter's own 一、二、三 paragraphs.
ATTACHMENT_BONUS = 0.5
# A runner-up within this share of the best score is reported in warnings.
CLOSE_RUNNER_UP = 0.85
# How many candidate starts are tried (the first ones in the document).
MAX_CANDIDATES = 12
_ATTACHMENT_LIST = regex.compile(r"^附\s*件\s*\d*\s*[：:]\s*\d\s*[.．、]")


@dataclass
class ListChoice:
    start: int  # line indices into the document's lines; end exclusive
    end: int
    score: float
    runner_up: tuple[int, float] | None = None  # (start, score) of a close second reading


def _table_start(text: str) -> bool:
    return tables.is_header_row(text) or glued_tables.glued_head(text) is not None


def _starts_list(text: str) -> bool:
    m = markers.match_marker(text)
    return bool(m and m.number == 1) or _table_start(text) or bool(not m and markers.inline_run(text))


def _boundary(text: str) -> bool:
    """A line that closes a cover letter or a list: a date alone, 附件, an attachment list, 抄送."""
    return bool(markers.DATE_ONLY.match(text) or markers.ATTACHMENT.match(text)
                or _ATTACHMENT_LIST.match(text) or markers.CLOSING.match(text))


def score_reading(seg: Segmented) -> float:
    s = 0.0
    for it in seg.items:
        s += ITEM_SCORE + LABEL_SCORE * (bool(it.responsible) + bool(it.deadlines) + bool(it.progress))
    return s - UNPLACED_COST * len(seg.unplaced)


def choose_list(lines: list[Line]) -> ListChoice | None:
    """The reading of the document's list that explains it best: each line that could start a
    list (an item or heading numbered 1, a table's 序号) up to the next line that closes a list,
    segmented and scored.  None when no line could start one."""
    texts = [ln.text for ln in lines]
    scored: list[tuple[float, int, int]] = []
    s, tried = 0, 0
    while tried < MAX_CANDIDATES:
        # the next region: from a line that starts a list to the next line that closes one
        s = next((i for i in range(s, len(lines)) if texts[i].strip() and _starts_list(texts[i])), None)
        if s is None:
            break
        tried += 1
        is_table = _table_start(texts[s])
        e = len(lines)
        if not is_table:  # a table finds its own end (its cells may be dates)
            e = next((k for k in range(s + 1, len(lines)) if _boundary(texts[k])), len(lines))
        body = [ln for ln in lines[s:e] if ln.text.strip()]
        seg = segment(body)
        if seg.items:
            bonus = ATTACHMENT_BONUS * len(seg.items) if any(
                markers.ATTACHMENT.match(texts[k]) for k in range(0, s)) else 0.0
            scored.append((score_reading(seg) + bonus, -s, e))
        s = max(e, s + 1)
    if not scored:
        return None
    scored.sort(reverse=True)
    best, start, end = scored[0]
    choice = ListChoice(-start, end, best)
    for sc, st, _ in scored[1:]:
        if -st != choice.start and sc >= CLOSE_RUNNER_UP * best > 0 and not choice.start < -st < choice.end:
            choice.runner_up = (-st, sc)
            break
    return choice
