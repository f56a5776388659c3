"""Segment: the task list into categories and items, each with its deadline and bodies.

Handles items numbered 1. 1、 （一） (1) 一是 第1项, categories 一、 （一） or none, sub-items
(1) ① folded into their item, label lines (完成时限：…), inline groups at the end of an item
(（牵头单位：…；完成时限：…）), and tables (TAB-separated rows from PDF/Word/HTML, or cells one
per line as copied from a web page)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from . import markers, rules
from .recognise import numerals
from .header import Line

_BARE_NUMBER = regex.compile(r"\d{1,3}")
_NUMBER_CELL = regex.compile(r"\s*[（(【]?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)】]?\s*[.、．]?\s*")


@dataclass
class Piece:
    text: str
    start: int


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
    lines: list[int] = field(default_factory=list)
    continued: int = 0  # plain lines after the item's own line: how many of `text` came from them


@dataclass
class Segmented:
    categories: list[tuple[int, str, int]] = field(default_factory=list)  # number, title, offset
    items: list[RawItem] = field(default_factory=list)
    unplaced: list[Piece] = field(default_factory=list)


@lru_cache(maxsize=None)
def _columns() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[str]]:
    data = rules.load("columns")
    kinds = tuple((k, tuple(v)) for k, v in data.items() if k != "empty_cells")
    return kinds, frozenset(data.get("empty_cells", []))


def _column_kind(name: str) -> str | None:
    name = name.replace(" ", "")
    best, best_len = None, 0
    for kind, words in _columns()[0]:
        for w in words:
            if (name == w or (kind != "number" and w in name)) and len(w) > best_len:
                best, best_len = kind, len(w)
    return best


def _empty_cell(cell: str) -> bool:
    return not cell.strip() or cell.strip() in _columns()[1]


def _flattened_table(lines: list[Line]) -> list[Line]:
    """Cells one per line (序号 / 项目名称 / … then the rows) -> TAB-joined rows."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        t = lines[i].text
        if markers.TABLE_HEAD.match(t):
            heads = [lines[i]]
            j = i + 1
            while j < len(lines) and _column_kind(lines[j].text) and len(lines[j].text) <= 12:
                heads.append(lines[j])
                j += 1
            if len(heads) >= 3:
                ncol = len(heads)
                out.append(Line("\t".join(h.text for h in heads), heads[0].start))
                k = j
                names = [h.text for h in heads]
                while k < len(lines):
                    t2 = lines[k].text
                    if [ln.text for ln in lines[k:k + ncol]] == names:
                        k += ncol  # the header again (a new page of the web table)
                    elif _BARE_NUMBER.fullmatch(t2) and k + ncol <= len(lines):
                        cells = lines[k:k + ncol]
                        out.append(Line("\t".join(c.text for c in cells), cells[0].start,
                                        [c.start for c in cells]))
                        k += ncol
                    elif markers.CLOSING.match(t2):
                        break
                    else:
                        out.append(lines[k])
                        k += 1
                i = k
                continue
        out.append(lines[i])
        i += 1
    return out


def _table_items(lines: list[Line], seg: Segmented) -> bool:
    """Rows of a TAB-separated table with a 序号 header.  Returns False if there is no table."""
    head_idx = next((i for i, ln in enumerate(lines) if "\t" in ln.text and
                     markers.TABLE_HEAD.match(ln.text.split("\t")[0].strip())), None)
    if head_idx is None:
        return False
    kinds = [_column_kind(c) for c in lines[head_idx].text.split("\t")]
    head_text = lines[head_idx].text
    category = None
    cat_no = None
    for ln in lines[:head_idx]:
        seg.unplaced.append(Piece(ln.text, ln.start))
    for ln in lines[head_idx + 1:]:
        if ln.text == head_text:
            continue  # header repeated on a new page
        cells = ln.text.split("\t")
        starts = ln.cell_starts
        if starts is None:
            starts, pos = [], ln.start
            for c in cells:
                starts.append(pos)
                pos += len(c) + 1
        if len(cells) == 1 or not any(c.strip() for c in cells[1:]):
            m = markers.match_marker(cells[0])
            if m and m.rank <= 1:
                category, cat_no = cells[0][m.end:].strip(), m.number
                seg.categories.append((cat_no, category, starts[0] + m.end))
                continue
            seg.unplaced.append(Piece(ln.text, ln.start))  # a stray line between rows
            continue
        num_cell = next((c for c, k in zip(cells, kinds) if k == "number"), "")
        num_m = _NUMBER_CELL.fullmatch(num_cell or "")
        if not num_m:
            if seg.items and not (num_cell or "").strip():
                item = seg.items[-1]  # a row continued across a page break
            else:
                seg.unplaced.append(Piece(ln.text, ln.start))
                continue
        else:
            item = RawItem(int(numerals.parse_number(num_m.group(1))), category, cat_no, ln.start,
                           ln.start + len(ln.text))
            seg.items.append(item)
        item.end = ln.start + len(ln.text)
        for c, k, s in zip(cells, kinds, starts):
            if _empty_cell(c) or k in ("number", "ignore"):
                continue
            if k == "deadline":
                item.deadlines.append(Piece(c, s))
            elif k == "category":
                item.category = c.strip()
            elif k in ("lead", "support"):
                item.responsible.append((Piece(c, s), k))
            else:
                item.text.append(Piece(c, s))
    return True


@lru_cache(maxsize=None)
def _inline_label() -> regex.Pattern:
    # a label inside the item's own line: （牵头单位：…）, or 。责任单位：… after the sentence
    return regex.compile(r"（\s*" + markers.label_pattern().pattern + r"|" + markers.label_pattern().pattern)


def _split_inline(piece: Piece, item: RawItem) -> bool:
    """Cut a trailing group of labels out of an item's text into its deadline and bodies.
    True if there was one (the item is then complete)."""
    t = piece.text
    m = _inline_label().search(t)
    if not m:
        item.text.append(piece)
        return False
    cut = m.start()
    own = t[:cut].rstrip("—－- \t")  # 新增床位300张。——牵头单位：…
    if own:
        item.text.append(Piece(own, piece.start))
    _labels(Piece(t[cut:], piece.start + cut), item)
    return True


def _labels(piece: Piece, item: RawItem) -> None:
    """A label line (or group): deadlines to the item's deadline, bodies to its responsible."""
    kinds = markers.label_words()
    t = piece.text
    found = list(markers.label_pattern().finditer(t))
    if not found:
        item.text.append(piece)
        return
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(t)
        kind = kinds[m.group("label")]
        value = t[m.end():end]
        stripped = value.rstrip("；;，,。 ")
        while stripped.endswith("）") and stripped.count("）") > stripped.count("（"):
            stripped = stripped[:-1].rstrip("；;，,。 ")
        lead = len(value) - len(value.lstrip())
        vpiece = Piece(stripped.lstrip(), piece.start + m.end() + lead)
        if kind == "deadline":
            item.deadlines.append(vpiece)
        elif kind in ("lead", "support"):
            item.responsible.append((Piece(t[m.start():m.end()] + vpiece.text, piece.start + m.start()), kind))


def _label_kinds(text: str) -> set[str]:
    """Kinds of the labels in a line (lead, support, deadline, ignore)."""
    kinds = markers.label_words()
    return {kinds[m.group("label")] for m in markers.label_pattern().finditer(text)}


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


def _choose_levels(lines: list[Line], found: list) -> tuple[str | None, str | None]:
    """(category style, item style) from the markers present and where the labels fall.

    The item level is the deepest level whose every block names its responsible bodies (or,
    with no bodies anywhere, its deadline): sub-items may carry deadlines of their own, but the
    bodies belong to the item.  Without labels, 1. 1、 一是 第1项 are items."""
    counts = Counter(m.style for m in found if m)
    if not counts:
        return None, None
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
    above = [s for s in styles if markers.RANK[s] < markers.RANK[item]]
    category = above[-1] if above else None
    return category, item


def _inline_items(lines: list[Line]) -> list[Line]:
    """一是……；二是……；三是…… run together in one paragraph -> one line each.

    The run must count up from 一 without a gap; the text before it is a line of its own, and
    after items joined by ； the first 。 ends the last one."""
    # Only where the list numbers no items of its own (1. 1、 第1项 …): otherwise 一是/二是 are
    # sentences inside an item.
    if any((m := markers.match_marker(ln.text)) and m.rank >= 2 for ln in lines):
        return lines
    out: list[Line] = []
    for ln in lines:
        t = ln.text
        hits = markers.inline_run(t) if not markers.match_marker(t) else []
        if len(hits) < 2:
            out.append(ln)
            continue
        cuts = [0, *hits]
        if t[hits[1] - 1:hits[1]] in "；;":
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


def segment(lines: list[Line]) -> Segmented:
    seg = Segmented()
    lines = _inline_items(_flattened_table(lines))
    if _table_items(lines, seg):
        return seg
    found = [markers.match_marker(ln.text) for ln in lines]
    cat_style, item_style = _choose_levels(lines, found)
    category, cat_no = None, None
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
            category, cat_no = t[m.end:].strip().rstrip("（(").strip(), m.number
            seg.categories.append((cat_no, category, ln.start + m.end))
            items_in.append(0)
            heading_lines.append(Piece(t, ln.start))
            item = None
            continue
        if m and m.style == item_style:
            item = RawItem(m.number, category, cat_no, ln.start, ln.start + len(t))
            shared.items.append(len(seg.items))
            item.lines.append(idx)
            seg.items.append(item)
            if items_in:
                items_in[-1] += 1
            closed = _split_inline(Piece(t[m.end:], ln.start + m.end), item)
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
        else:
            before = len(item.text)
            closed = _split_inline(Piece(t, ln.start), item)
            item.continued += len(item.text) - before
    _share_labels(shared, seg.items, seg.unplaced)
    _trailing_paragraphs(seg)
    # a last heading with nothing under it (三、工作要求) is not a category of tasks
    while items_in and items_in[-1] == 0:
        items_in.pop()
        seg.categories.pop()
        seg.unplaced.append(heading_lines.pop())
    seg.unplaced.sort(key=lambda p: p.start)
    return seg
