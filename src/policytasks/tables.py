"""Tables: a task table as the page gave it, read into rows of cells by column.

Three layouts reach the segmenter as text: TAB-separated rows (the PDF, Word and HTML readers),
pipe tables (``1 | 项目 | … |``, one row a line or one cell a line), and cells one per line (a web
table copied as text, where a cell may span several lines and an empty cell leaves no line).
A column's kind comes from the kind of word its header is (data/columns.yaml), never from a closed
list: an unknown column is kept as text.  The lines of a row copied one cell per line are aligned
to the columns by what each holds (a date, a body's name, a sentence, a number)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from . import markers, rules
from .header import Line
from .recognise import numerals

NUMBER_CELL = regex.compile(r"\s*[（(【]?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)】]?\s*[.、．]?\s*")
_ROW_NUMBER = regex.compile(r"\s*(\d{1,3})\s*[.、．]?\s*")
_PIPE = "|"
# A column name is short: a longer line under 序号 is a cell, not a header.
MAX_HEAD_CHARS = 20
# 序号 and at least two more columns make a table; a header of more names is no table's.
MIN_COLUMNS = 3
MAX_COLUMNS = 30
# Aligning a flattened row's lines to columns: what an empty cell, a line continuing the cell
# above, a second sub-row in the same row (开工建设…/5月底前 then 开工建设…/12月底前), and a line
# left out of the last row cost, against each line's fit (see _fit).
EMPTY_CELL = -0.6
EMPTY_TEXT = -2.5  # a row without the task's own words is no row
CONTINUED = -0.1
WRAP = -1.0
STRAY = -0.3
# A row longer than this is not aligned line by line (a pathological input): its lines are text.
MAX_ALIGN_LINES = 120
# A date cell is short; a sentence that mentions a month is text.
MAX_DATE_CHARS = 16
MAX_BODY_CHARS = 40
_SENTENCE_END = regex.compile(r"[。；;！!？?]$")
_MONEY = regex.compile(r"\s*\d+(?:\.\d+)?\s*")
_UNIT_IN_HEAD = regex.compile(r"[（(]\s*(?P<u>[万萬亿億千]?元)\s*[）)]")
_SCALE = {"元": 1, "千元": 1000, "万元": 10000, "萬元": 10000, "亿元": 100000000, "億元": 100000000}


@dataclass
class Column:
    name: str
    kind: str  # number text lead support deadline category progress money aside ignore
    scale: int = 1  # money columns: what one unit of a cell is worth in 元


@dataclass
class Piece:
    text: str
    start: int


@dataclass
class Row:
    number: int | None  # None: a row continued (a page break, a rowspan)
    start: int
    end: int
    cells: list[tuple[int, Piece]] = field(default_factory=list)  # (column, piece), in order
    source: list[Piece] = field(default_factory=list)  # the row's lines, whole


@dataclass
class Heading:
    """A category heading standing between rows (一、教育), or above the table's header."""

    number: int
    title: str
    start: int


@dataclass
class Table:
    columns: list[Column]
    first: int  # index of the header's first line
    end: int  # index after the table's last line
    entries: list[Row | Heading] = field(default_factory=list)
    stray: list[Piece] = field(default_factory=list)  # lines inside the table that fit no cell


@lru_cache(maxsize=None)
def _data():
    d = rules.load("columns")
    exact = tuple((k, tuple(v)) for k, v in d.items()
                  if k not in ("empty_cells", "kinds_by_word", "body_endings", "office_endings", "total_rows"))
    by_word = tuple((k, tuple(v)) for k, v in (d.get("kinds_by_word") or {}).items())
    endings = tuple(sorted(d.get("body_endings") or [], key=len, reverse=True))
    return exact, by_word, frozenset(d.get("empty_cells", [])), endings


def column_kind(name: str) -> str:
    """The kind of a column from its header: a known word (the longest found), else the kind of
    word it is (…单位 → lead, …时间 → deadline, …进度 → progress …), else text."""
    name = name.replace(" ", "").replace("\u3000", "").strip(_PIPE)
    exact, by_word, _, _ = _data()
    best, best_len = None, 0
    for kind, words in exact:
        for w in words:
            if (name == w or (kind != "number" and w in name)) and len(w) > best_len:
                best, best_len = kind, len(w)
    # the longest word found decides (目标完成情况: 完成情况 over 目标); a listed name beats a
    # word of the same length
    for kind, words in by_word:
        for w in words:
            if w in name and len(w) > best_len:
                best, best_len = kind, len(w)
    return best or "text"


_UNIT_ONLY = regex.compile(r"[（(]\s*[万萬亿億千]?元\s*[）)]")


def column(name: str) -> Column:
    kind = column_kind(name)
    if _UNIT_ONLY.fullmatch(name.replace(" ", "")):
        kind = "money"  # （亿元） under 年度投资 on the line above: the money column
    scale = 1
    if kind == "money":
        m = _UNIT_IN_HEAD.search(name)
        scale = _SCALE.get(m.group("u"), 10000) if m else 10000
    return Column(name.replace(" ", ""), kind, scale)


def measures(cols: list[Column]) -> list[Column]:
    """单位 right after a quantity column is the quantity's unit, not a body."""
    for a, b in zip(cols, cols[1:]):
        if a.kind == "quantity" and b.name in ("单位", "單位", "计量单位"):
            b.kind = "measure"
    return cols


def total_row(cells: list[str]) -> bool:
    """A row that adds up the others (合计): no task."""
    words = set(rules.load("columns").get("total_rows") or [])
    return any(c.strip() in words for c in cells)


def empty_cell(cell: str) -> bool:
    return not cell.strip() or cell.strip() in _data()[2]


def is_table_head(text: str) -> bool:
    return bool(markers.TABLE_HEAD.match(text.strip().strip(_PIPE).strip()))


# -- what a line holds ----------------------------------------------------------------------------

_YEAR_DIGITS = regex.compile(r"\d{4}|[〇零一二三四五六七八九]{4}")
_DIGIT = regex.compile(r"\d")
_DIGIT_OR_PUNCT = regex.compile(r"[\d\p{P}]")
_NAME_SEPARATORS = regex.compile(r"[、，,；;/／\s]+")
_TRAILING_BRACKET = regex.compile(r"[（(][^）)]*[）)]$")
_TRAILING_ROLE = regex.compile(r"(?:等|牵头|配合|负责)$")
_HEAD_STOP = regex.compile(r"[。，；,;：:]")
_BARE_YEAR = regex.compile(r"\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年?度?\s*\p{Han}{0,3}\s*")
# A cell this short with a status word in it says how the task stands: 已全部完成。
SHORT_STATUS_CHARS = 12
# A short name: no digits, no punctuation (县残联, 某某公司): a body more likely than a task.
SHORT_NAME_CHARS = 8


def _date_like(t: str) -> bool:
    from .recognise.deadlines import parse_deadline

    if len(t) > MAX_DATE_CHARS or _SENTENCE_END.search(t):
        return False
    d = parse_deadline(t, 2000, normalised=True)
    if d is None or (d.date is None and not d.ongoing):
        return False
    # a year alone is a date only when it is the whole cell (2024, 2024年): 棚户区改造2836户 is not
    digits = _YEAR_DIGITS.search(t)
    return d.precision != "year" or not digits or bool(_BARE_YEAR.fullmatch(t))


def body_like(t: str) -> bool:
    """A name of a body, or a few joined by 、，/ (县水务局, 教育局、财政局, 各乡镇（街道）)."""
    t = t.strip()
    if not t or len(t) > MAX_BODY_CHARS or _SENTENCE_END.search(t) or _DIGIT.search(t):
        return False
    endings = _data()[3]
    parts = [p for p in _NAME_SEPARATORS.split(t) if p]
    for p in parts:
        p = _TRAILING_BRACKET.sub("", p)  # 高新园（邹区镇）
        p = _TRAILING_ROLE.sub("", p)
        if not p.endswith(endings):
            return False
    return True


@lru_cache(maxsize=None)
def _status_words() -> tuple[str, ...]:
    d = rules.load("progress")
    return tuple(w for k in ("done", "in_progress", "not_started") for w in d.get(k) or [])


def status_word(t: str) -> bool:
    """A word that says how a task stands (data/progress.yaml) is in the line."""
    return any(w in t for w in _status_words())


@lru_cache(maxsize=4096)
def _fit(t: str, kind: str) -> float:
    """How well a line fits a column of this kind (positive: well)."""
    date = _date_like(t)
    if kind == "deadline":
        return 3.0 if date else -3.0
    body = body_like(t)
    sentence = bool(_SENTENCE_END.search(t)) or len(t) > MAX_BODY_CHARS
    short = len(t) <= SHORT_NAME_CHARS and not _DIGIT_OR_PUNCT.search(t)
    if kind in ("lead", "support"):
        return 2.0 if body else 0.3 if short else (-3.0 if sentence or date else -1.0)
    if kind == "money":
        return 3.0 if _MONEY.fullmatch(t) else -3.0
    if kind == "text":
        if date:
            return -2.0
        return -1.0 if body else 0.2 if short else 1.0
    if kind == "progress":
        if status_word(t) and len(t) <= SHORT_STATUS_CHARS:
            return 2.0  # 已全部完成。, 正在施工 (a task's own words may hold 建成投用 too)
        return 1.0 if ("%" in t or len(t) > 8) and not body else 0.0
    if kind == "ignore":
        return 0.5 if len(t) <= 12 and not sentence and not date else -1.0
    if kind == "aside":
        return 0.5 if len(t) <= 20 and not sentence else -0.5
    return 0.5  # category, number


def align(texts: list[str], kinds: list[str], last: bool) -> list[int | None]:
    """Columns for a flattened row's lines, in order (sub-rows may repeat the columns); None for
    lines left out at the end of the table's last row."""
    n, m = len(texts), len(kinds)
    if not n or not m:
        return [None] * n
    if n > MAX_ALIGN_LINES:
        first_text = next((j for j, k in enumerate(kinds) if k == "text"), 0)
        return [first_text] * n
    fits = [[_fit(t, k) for k in kinds] for t in texts]
    skip = [EMPTY_TEXT if k == "text" else EMPTY_CELL for k in kinds]

    def skipped(a: int, b: int) -> float:  # columns a..b-1 left empty
        return sum(skip[a:b])

    neg = float("-inf")
    # best[i][j]: lines[:i+1] placed, line i in column j
    best = [[neg] * m for _ in range(n)]
    back: list[list[int]] = [[-1] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = fits[0][j] + skipped(0, j)
    for i in range(1, n):
        for j2 in range(m):
            f = fits[i][j2]
            for j in range(m):
                prev = best[i - 1][j]
                if prev == neg:
                    continue
                if j2 == j:
                    s = prev + f + CONTINUED
                elif j2 > j:
                    s = prev + f + skipped(j + 1, j2)
                else:
                    s = prev + f + WRAP
                if s > best[i][j2]:
                    best[i][j2], back[i][j2] = s, j
    # the end: columns left empty after the last line cost; in the last row, trailing lines may
    # be left out (what follows the table: 分享到, a note)
    choice, keep = None, n
    for cut in range(n, 0, -1) if last else (n,):
        for j in range(m):
            if best[cut - 1][j] == neg:
                continue
            s = best[cut - 1][j] + skipped(j + 1, m) + STRAY * (n - cut)
            if choice is None or s > choice[0]:
                choice, keep = (s, j), cut
    out: list[int | None] = [None] * n
    j = choice[1]
    for i in range(keep - 1, -1, -1):
        out[i] = j
        j = back[i][j]
    return out


# -- layouts ----------------------------------------------------------------------------------

def _row_number(t: str) -> int | None:
    m = _ROW_NUMBER.fullmatch(t)
    return int(m.group(1)) if m else None


def heading(t: str, start: int) -> Heading | None:
    m = markers.match_marker(t)
    if m and m.rank <= 1:
        return Heading(m.number, t[m.end:].strip().rstrip("。"), start + m.end)
    return None


def _tab_table(lines: list[Line], i: int) -> Table | None:
    heads = lines[i].text.split("\t")
    if len(heads) < MIN_COLUMNS:
        return None
    cols = measures([column(h) for h in heads])
    table = Table(cols, i, len(lines))
    head_text = lines[i].text
    number_col = next((k for k, c in enumerate(cols) if c.kind == "number"), 0)
    last: Row | None = None
    width = 0  # cells the last row has so far: fewer than the columns while a cell runs on
    for k in range(i + 1, len(lines)):
        ln = lines[k]
        if ln.text == head_text:
            continue  # the header again, on a new page
        if markers.CLOSING.match(ln.text) or markers.ATTACHMENT.match(ln.text):
            table.end = k
            break
        cells = ln.text.split("\t")
        starts = ln.cell_starts
        if starts is None:
            starts, pos = [], ln.start
            for c in cells:
                starts.append(pos)
                pos += len(c) + 1
        rows_so_far = any(isinstance(e, Row) for e in table.entries)
        num_here = number_col < len(cells) and NUMBER_CELL.fullmatch(cells[number_col])
        if total_row(cells):
            table.stray.append(Piece(ln.text, ln.start))
            continue
        if last is not None and width < len(cols) and not num_here and cells[0].strip():
            # a cell broken over lines (a Word table copied as text): this line goes on with the
            # cell the last line stopped in, and its TABs move on to the next columns.  (A line
            # opening with empty cells is a row continued in its own columns: below.)
            for c_idx, (c, s) in enumerate(zip(cells, starts)):
                col = width - 1 + c_idx
                if col < len(cols) and not empty_cell(c) and col != number_col:
                    last.cells.append((col, Piece(c.strip(), s)))
            width += len(cells) - 1
            last.end = ln.start + len(ln.text)
            last.source.append(Piece(ln.text, ln.start))
            continue
        if len(cells) == 1 or not any(c.strip() for c in cells[1:]):
            h = heading(cells[0], starts[0])
            if h:
                table.entries.append(h)
                continue
            if len(cells) == 1 or not rows_so_far or NUMBER_CELL.fullmatch(cells[0]):
                table.stray.append(Piece(ln.text, ln.start))
                continue
            # a row of the table with only its first cell filled: the row above goes on in the
            # next column (its 序号 spans two rows: `新增学位810个 | | | |`)
        num_cell = cells[number_col] if number_col < len(cells) else ""
        num_m = NUMBER_CELL.fullmatch(num_cell)
        shift = 0
        if num_m:
            number = int(numerals.parse_number(num_m.group(1)))
        elif not rows_so_far:
            table.stray.append(Piece(ln.text, ln.start))
            continue
        else:
            number = None  # continued: a page break (empty number cell) or a rowspan (cells shift)
            if num_cell.strip():
                shift = 1
        row = Row(number, ln.start, ln.start + len(ln.text), source=[Piece(ln.text, ln.start)])
        for c_idx, (c, s) in enumerate(zip(cells, starts)):
            col = c_idx + shift
            if col >= len(cols) or empty_cell(c) or col == number_col:
                continue
            row.cells.append((col, Piece(c.strip(), s)))
        table.entries.append(row)
        last, width = row, len(cells) + shift
    return table


def _head_like(t: str) -> bool:
    t = t.replace(" ", "").replace("\u3000", "")
    return (0 < len(t) <= MAX_HEAD_CHARS and not _HEAD_STOP.search(t)
            and _ROW_NUMBER.fullmatch(t) is None and not markers.match_marker(t))


def _flat_table(lines: list[Line], i: int) -> Table | None:
    j = i + 1
    while j < len(lines) and j - i < MAX_COLUMNS and _head_like(lines[j].text):
        j += 1
    names = [ln.text for ln in lines[i:j]]
    first_row = j
    while first_row < len(lines) and heading(lines[first_row].text, 0):
        first_row += 1  # 一、教育 right under the header: the first rows' category
    if len(names) < MIN_COLUMNS or first_row >= len(lines) or _row_number(lines[first_row].text) is None:
        return None
    cols = [column(n) for n in names]
    cols[0] = Column(cols[0].name, "number")
    table = Table(cols, i, len(lines))
    kinds = [c.kind for c in cols[1:]]
    ncol = len(names)
    # rows run from row number n to row number n + 1 (after a heading, numbering may restart)
    bounds: list[int] = []
    expected = _row_number(lines[first_row].text)
    restart = False
    for h in range(j, first_row):
        table.entries.append(heading(lines[h].text, lines[h].start))
    k = first_row
    while k < len(lines):
        t = lines[k].text.strip()
        if [ln.text for ln in lines[k:k + ncol]] == names:
            bounds.append(-k)  # the header again (a new page): skipped below
            k += ncol
            continue
        if markers.CLOSING.match(t) or markers.ATTACHMENT.match(t):
            break
        n = _row_number(t)
        if n is not None and (n == expected or (restart and n == 1)):
            bounds.append(k)
            expected = n + 1
            restart = False
        elif heading(t, 0):
            restart = True
        k += 1
    table.end = k
    marks = [b for b in bounds if b >= 0]
    for r, b in enumerate(marks):
        stop = marks[r + 1] if r + 1 < len(marks) else k
        body = [x for x in range(b + 1, stop)
                if not any(-h <= x < -h + ncol for h in bounds if h < 0)]
        body = [x for x in body if lines[x].text.strip()]
        # a heading at the end of a row belongs to the rows after it
        tail: list[Heading] = []
        while body and (h := heading(lines[body[-1]].text, lines[body[-1]].start)) and r + 1 < len(marks):
            tail.insert(0, h)
            body.pop()
        num = _row_number(lines[b].text)
        row = Row(num, lines[b].start, lines[(body or [b])[-1]].start + len(lines[(body or [b])[-1]].text),
                  source=[Piece(lines[x].text, lines[x].start) for x in [b, *body]])
        cols_of = align([lines[x].text.strip() for x in body], kinds, last=r + 1 == len(marks))
        for x, c in zip(body, cols_of):
            ln = lines[x]
            if c is None:
                table.stray.append(Piece(ln.text, ln.start))
            elif not empty_cell(ln.text):
                lead = len(ln.text) - len(ln.text.lstrip())
                row.cells.append((c + 1, Piece(ln.text.strip(), ln.start + lead)))
        table.entries.append(row)
        table.entries.extend(tail)
    return table


def is_header_row(text: str) -> bool:
    """A table's header: 序号 alone (cells one per line), or a TAB row with 序号 among its first
    cells (类别 may stand before it)."""
    cells = text.split("\t")
    return is_table_head(cells[0]) or (len(cells) >= MIN_COLUMNS and any(is_table_head(c) for c in cells[:3]))


def find_table(lines: list[Line]) -> Table | None:
    """The first task table in the lines (TAB rows, cells one per line under 序号, or a header and
    rows glued without separators), or None."""
    from . import glued_tables as glued

    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_header_row(ln.text):
            t = _tab_table(lines, i) if "\t" in ln.text else _flat_table(lines, i)
        elif (names := glued.glued_head(ln.text)) is not None:
            t = glued.glued_table(lines, i, names)
        else:
            i += 1
            continue
        if t is not None and any(isinstance(e, Row) for e in t.entries):
            return t
        # no rows: what that header's reading went over holds no table either (linear, not a
        # new reading from every 序号 of a long run)
        i = max(i + 1, t.end if t is not None and "\t" in ln.text else i + 1)
    return None


def money_value(cell: str, scale: int) -> Decimal | None:
    if not _MONEY.fullmatch(cell):
        return None
    return Decimal(cell.strip()) * scale


def head_name(col: Column) -> str | None:
    """A column's name without its unit: 年度投资金额（万元） → 年度投资金额; None for a name that was
    only its unit."""
    return _UNIT_IN_HEAD.sub("", col.name).strip() or None
