"""Glued tables: a table whose cells lost their separators, as pages and previews give them.

A header whose names were glued together (``类别序号重点督办内容牵头单位全年完成情况``) and rows
glued the same way, one a line (cut by what each cell holds: a task's text runs to its full stop,
a body's name to the first word ending an office's name); or a Word file's text where cells and
rows run on in one stream across lines and a preview site's page marks (``2、``) cut cells (rows
start where the numbers count up after a body's name; bodies follow the 分管领导 person)."""

from __future__ import annotations

from functools import lru_cache

import regex

from . import markers, rules
from .header import Line
from .tables import (MAX_BODY_CHARS, MIN_COLUMNS, Column, Piece, Row, Table, _data, column)

_GLUED_STOP = regex.compile(r"[。，；\d]")
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
        for w in strong:
            if rest.startswith(w, e):
                return e + len(w)
    return None


def glued_table(lines: list[Line], i: int, names: list[str]) -> Table | None:
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
