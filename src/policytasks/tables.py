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
_GLUED_STOP = regex.compile(r"[。，；\d]")
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


# -- layouts --------------------------------------------------------------------------------------

_PIPE_LINE = regex.compile(r"^[^\n|]*\|[^\n]*$", regex.M)


_RULE_CHARS = regex.compile(r"[|\-:：—－\s]*")


def _unpipe_line(m: regex.Match) -> str:
    t = m.group(0)
    if _RULE_CHARS.fullmatch(t):
        return " " * len(t)  # a rule of the table: only pipes (and a markdown |---|---|)
    lead = len(t) - len(t.lstrip())
    if t[lead:].startswith(_PIPE) and t.count(_PIPE) >= 3:
        t = t[:lead] + " " + t[lead + 1:]  # a markdown row opens with a pipe: no cell before it
    if t.rstrip().endswith(_PIPE) and t.count(_PIPE) == 1:
        return t.replace(_PIPE, " ")  # one cell a line: `项目名称 |`
    if t.count(_PIPE) >= 2 or t.rstrip().endswith(_PIPE):
        return t.replace(_PIPE, "\t")  # one row a line: `1 | 项目 | … |`
    return t


_MARKDOWN_HEADING = regex.compile(r"^#{1,6}(?=\s)", regex.M)
# A cell of a table laid out with spaces (pdftotext -layout): text with single spaces inside.
_SPACED_CELL = regex.compile(r"\S+(?: \S+)*")
# Columns laid out with spaces stand at least this many spaces apart.
MIN_SPACED_GAP = 2
# A cell may start this many characters off its column's start.
SPACED_SLACK = 2


def _spaced_cells(line: str) -> list[tuple[int, int]]:
    """Cells of a line laid out with spaces: runs of text at least two spaces apart."""
    out: list[tuple[int, int]] = []
    for m in _SPACED_CELL.finditer(line):
        if out and m.start() - out[-1][1] < MIN_SPACED_GAP:
            out[-1] = (out[-1][0], m.end())
        else:
            out.append((m.start(), m.end()))
    return out


def _columns_at(line: str) -> list[int]:
    """Where each character stands on screen: a Han character takes two columns, as a layout
    made with a fixed-width font (pdftotext -layout) counts it."""
    import unicodedata

    out, col = [], 0
    for c in line:
        out.append(col)
        col += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return out


def _spaced_row(line: str, starts: list[int]) -> str:
    """The line with a TAB where each column after the first begins (``starts`` are screen
    columns): in the gap before it, or in the space before a cell that starts a little off its
    column.  Same length."""
    chars = list(line)
    at = _columns_at(line)
    for p in starts[1:]:
        k = next((i for i, c in enumerate(at) if c >= p), None)
        if k is None:
            break
        if chars[k] == " ":
            chars[k] = "\t"
            continue
        j = k
        while j > 0 and chars[j - 1] not in " \t" and at[k] - at[j] < SPACED_SLACK * 2:
            j -= 1
        if j > 0 and chars[j - 1] == " ":
            chars[j - 1] = "\t"
    return "".join(chars)


def _aligned(line: str, starts: list[int]) -> bool:
    """Every cell of the line starts at a column (not a page number centred under the table)."""
    at = _columns_at(line)
    cells = _spaced_cells(line)
    return bool(cells) and all(any(abs(at[a] - s) <= SPACED_SLACK for s in starts) for a, _ in cells)


def unspace(text: str) -> str:
    """A table laid out with spaces (as ``pdftotext -layout`` writes a PDF's table) as TAB rows:
    the columns stand where the header's names stand; a cell wrapped onto the next line stays in
    its column.  Every character keeps its place."""
    if "序" not in text or "  " not in text:
        return text
    lines = text.split("\n")
    starts: list[int] | None = None
    for i, ln in enumerate(lines):
        cells = _spaced_cells(ln)
        if len(cells) >= MIN_COLUMNS and is_table_head(ln[cells[0][0]:cells[0][1]]) and "\t" not in ln:
            at = _columns_at(ln)
            starts = [at[a] for a, _ in cells]
            lines[i] = _spaced_row(ln, starts)
            above = lines[i - 1] if i else ""
            upper = _spaced_cells(above)
            if "\t" not in above and upper and _columns_at(above)[upper[0][0]] >= starts[1] \
                    and not regex.search(r"[。，；]", above):
                lines[i - 1] = _spaced_row(above, starts)  # a header over two lines: its upper part
            continue
        if starts is None:
            continue
        if not ln.strip() or markers.CLOSING.match(ln.strip()) or markers.ATTACHMENT.match(ln.strip()):
            if ln.strip():
                starts = None  # the table ends
            continue
        if "\t" not in ln and _aligned(ln, starts):
            lines[i] = _spaced_row(ln, starts)
    return "\n".join(lines)




def unpipe(text: str) -> str:
    """Pipe tables as the other layouts: a row a line (``1 | 项目 | … |``) as TAB rows, a cell a
    line (``项目 |``) as a bare cell, and lines of bare pipes (table rules) blank; a page saved as
    markdown loses its headings' ``#``.  Every character keeps its place, so offsets and page
    starts stay true."""
    if "#" in text:
        text = _MARKDOWN_HEADING.sub(lambda m: " " * len(m.group(0)), text)
    text = unspace(text)
    if _PIPE not in text:
        return text
    return _PIPE_LINE.sub(_unpipe_line, text)


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


@lru_cache(maxsize=None)
def _column_words() -> tuple[str, ...]:
    exact, by_word, _, _ = _data()
    words = {w for _, ws in exact for w in ws} | {w for _, ws in by_word for w in ws}
    return tuple(sorted(words, key=len, reverse=True))


def glued_head(text: str) -> list[str] | None:
    """A header whose names were glued together (``类别序号重点督办内容牵头单位全年完成情况``): the
    names, each ending in a word of a column name, or None if the line is not such a header."""
    t = text.replace(" ", "")
    if "序" not in t or "\t" in t or len(t) > 80 or not _HEAD_INSIDE.search(t) or _GLUED_STOP.search(t):
        return None
    names, start, i = [], 0, 0
    words = _column_words()
    while i < len(t):
        w = next((w for w in words if t.startswith(w, i)), None)
        if w is None:
            i += 1
            continue
        i += len(w)
        names.append(t[start:i])  # a name ends with a word of a column name
        start = i
    if start != len(t) or len(names) < MIN_COLUMNS:
        return None
    return names


_HEAD_INSIDE = regex.compile(r"序\s*号|序號")


def glued_head_inside(text: str) -> tuple[int, int] | None:
    """Where a glued header stands inside a longer line (a title before it, the first row after
    it): (start, end), or None."""
    m = _HEAD_INSIDE.search(text)
    if not m or glued_head(text) is not None:
        return None
    d = regex.compile(r"\d").search(text, m.end())
    end = d.start() if d else len(text)
    if glued_head(text[m.start():end]) is None:
        return None
    return m.start(), end


_GLUED_ROW = regex.compile(r"^(?P<before>\D{0,40}?)(?P<n>\d{1,3})(?=\D)")


def _glued_cells(rest: str, kinds: list[str]) -> list[tuple[int, int, int]] | None:
    """Cells (column, start, end) of a row glued without separators, after its number: a task's
    text runs to its full stop, a body's name to the first body ending, the last column takes the
    rest."""
    out, pos = [], 0
    for k, kind in enumerate(kinds):
        if pos >= len(rest):
            break
        if k == len(kinds) - 1:
            end = len(rest)
        elif kind == "text":
            stop = rest.find("。", pos)
            if stop < 0:
                return None
            end = stop + 1
        elif kind in ("lead", "support"):
            end = _glued_body_end(rest, pos)
            if end is None:
                return None
        else:
            return None  # no telling where a cell of this kind ends
        out.append((k, pos, end))
        pos = end
    return out


def _glued_body_end(rest: str, pos: int) -> int | None:
    """Where a body's name glued to the next cell ends: at the first word that ends an office's
    name (局, 委, 办公室 …), the longest such word there (委 → 委员会)."""
    strong = tuple(sorted(rules.load("columns").get("office_endings") or [], key=len, reverse=True))
    for e in range(pos + 2, min(len(rest), pos + MAX_BODY_CHARS)):
        c = rest[e]
        for w in strong:
            if rest.startswith(w, e):
                return e + len(w)
    return None


def _glued_table(lines: list[Line], i: int, names: list[str]) -> Table | None:
    cols = [column(n) for n in names]
    number_col = next((k for k, c in enumerate(cols) if c.kind == "number"), None)
    if number_col is None or number_col > 1:
        return None
    table = Table(cols, i, len(lines))
    after = [c.kind for c in cols[number_col + 1:]]
    expected = 1
    for k in range(i + 1, len(lines)):
        ln = lines[k]
        if markers.CLOSING.match(ln.text) or markers.ATTACHMENT.match(ln.text):
            table.end = k
            break
        m = _GLUED_ROW.match(ln.text)
        cells = _glued_cells(ln.text[m.end():], after) if m and int(m.group("n")) == expected else None
        if cells is None:
            table.stray.append(Piece(ln.text, ln.start))
            continue
        row = Row(expected, ln.start, ln.start + len(ln.text), source=[Piece(ln.text, ln.start)])
        if number_col == 1 and m.group("before").strip():
            row.cells.append((0, Piece(m.group("before").strip(), ln.start)))
        for c, a, b in cells:
            text = ln.text[m.end() + a:m.end() + b]
            row.cells.append((number_col + 1 + c, Piece(text, ln.start + m.end() + a)))
        table.entries.append(row)
        expected += 1
    if len([e for e in table.entries if isinstance(e, Row)]) < 2 and "ignore" in after:
        return _glued_stream(lines, i, cols, number_col)
    return table


# -- a table whose rows run on in one stream (a Word file's text, cells and rows glued) -------------

# A page number a preview site puts at the start of each page's text (1、 2、), cutting a cell.
_PAGE_MARK = regex.compile(r"^\d{1,3}、")
@lru_cache(maxsize=None)
def _stream_number() -> regex.Pattern:
    """Where a row number may stand in the stream: after a full stop or the end of a body's name
    (…市国有公司2促进…), before a word; not after other words (小学2所)."""
    ends = {w[-1] for w in [*_data()[3], *(rules.load("columns").get("office_endings") or [])]}
    cls = "".join(sorted(ends))
    return regex.compile(rf"(?<=[。）){cls}])(?P<n>\d{{1,3}})(?=\p{{Han}})")


def _stream(lines: list[Line], first: int, head: str) -> tuple[str, list[int]]:
    """The text after the header as one string with each character's offset; page marks at the
    start of a line and repeats of the header left out."""
    chars: list[str] = []
    offs: list[int] = []
    for ln in lines[first:]:
        t, base = ln.text, ln.start
        m = _PAGE_MARK.match(t)
        if m and chars:
            t, base = t[m.end():], base + m.end()
        chars.extend(t)
        offs.extend(range(base, base + len(t)))
    text = "".join(chars)
    k = text.find(head)
    while k >= 0:  # the header again, on a new page
        text, offs = text[:k] + text[k + len(head):], offs[:k] + offs[k + len(head):]
        k = text.find(head)
    return text, offs


def _bodies_at(text: str, pos: int) -> list[tuple[int, int]]:
    """Names of bodies glued one after another from ``pos`` (教育局经开区高新园（邹区镇）各街道),
    up to where a sentence goes on (a verb, a number)."""
    from .recognise.segmenter import pos_tag

    endings = _data()[3]
    out: list[tuple[int, int]] = []
    while pos < len(text):
        head = pos_tag(text[pos:pos + 12])
        if not head or text[pos].isdigit() or text[pos] in "。，；、" or \
                (head[0][1].startswith(("v", "m")) and len(head[0][0]) >= 2):
            break  # a sentence goes on: 提升改造8家…
        end = None
        for e in range(pos + 1, min(len(text), pos + MAX_BODY_CHARS)):
            w = next((w for w in endings if text.startswith(w, e)), None)
            if w:
                end = e + len(w)
                break
        if end is None:
            break
        # 人社 + 局, 南大街 + 街道: an ending right after an ending belongs to the same name
        more = sorted({*(rules.load("columns").get("office_endings") or []), *(w for w in endings if len(w) >= 2 and not w.startswith("各"))},
                      key=len, reverse=True)
        while (w := next((w for w in more if text.startswith(w, end)), None)):
            end += len(w)
        b = regex.match(r"[（(][^）)]{1,12}[）)]", text[end:])  # 高新园（邹区镇）
        if b:
            end += b.end()
        out.append((pos, end))
        pos = end
    return out


def _glued_stream(lines: list[Line], i: int, cols: list[Column], number_col: int) -> Table | None:
    """Rows glued one after another across lines: each row is its number, its text (sentences
    ending in 。), then a person (the 分管领导 column) and the bodies, lead first; a row may go on
    with more text, and more persons and bodies."""
    from .recognise.segmenter import pos_tag

    head = "".join(c.name for c in cols)
    text, offs = _stream(lines, i + 1, head)
    kinds = [c.kind for c in cols]
    lead_col = next((k for k, kd in enumerate(kinds) if kd == "lead"), None)
    support_col = next((k for k, kd in enumerate(kinds) if kd == "support"), lead_col)
    text_col = next((k for k, kd in enumerate(kinds) if kd == "text"), None)
    if lead_col is None or text_col is None:
        return None
    table = Table(cols, i, len(lines))
    # rows: numbers counting up from 1
    starts: list[tuple[int, int, int]] = []  # (number, start of the number, start of the row's text)
    first = regex.match(r"1(?=\p{Han})", text)
    if first:
        starts.append((1, 0, 1))
    for m in _stream_number().finditer(text):
        if int(m.group("n")) == len(starts) + 1 and (not starts or text[m.start() - 1] != "第"):
            starts.append((int(m.group("n")), m.start(), m.end()))
    for k, (n, a, b) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        row = Row(n, offs[a], offs[end - 1] + 1 if end > a else offs[a],
                  source=[Piece(text[a:end], offs[a])])
        pos = b
        while pos < end:
            stop = text.find("。", pos, end)
            stop = end if stop < 0 else stop + 1
            row.cells.append((text_col, Piece(text[pos:stop], offs[pos])))
            pos = stop
            if pos >= end:
                break
            tags = pos_tag(text[pos:min(end, pos + 12)])
            if not (tags and tags[0][1] == "nr"):
                continue  # more of the task's text: bodies follow its 分管领导, a person
            pos += len(tags[0][0])
            found = _bodies_at(text[:end], pos)
            for j, (x, y) in enumerate(found):
                row.cells.append((lead_col if j == 0 else support_col, Piece(text[x:y], offs[x])))
            if found:
                pos = found[-1][1]
        table.entries.append(row)
    return table


def is_header_row(text: str) -> bool:
    """A table's header: 序号 alone (cells one per line), or a TAB row with 序号 among its first
    cells (类别 may stand before it)."""
    cells = text.split("\t")
    return is_table_head(cells[0]) or (len(cells) >= MIN_COLUMNS and any(is_table_head(c) for c in cells[:3]))


def find_table(lines: list[Line]) -> Table | None:
    """The first task table in the lines (TAB rows, cells one per line under 序号, or a header and
    rows glued without separators), or None."""
    i = 0
    while i < len(lines):
        ln = lines[i]
        if is_header_row(ln.text):
            t = _tab_table(lines, i) if "\t" in ln.text else _flat_table(lines, i)
        elif (names := glued_head(ln.text)) is not None:
            t = _glued_table(lines, i, names)
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
