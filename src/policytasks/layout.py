"""Layout: tables typed out as text, made into the layouts the segmenter reads, before normalising.

A pipe table (``1 | 项目 | … |``, one row a line or one cell a line, markdown's ``|---|`` rules),
a table laid out with spaces (``pdftotext -layout``: columns where the header's names stand, a
Han character two columns wide) and markdown headings' ``#``.  Every character keeps its place,
so offsets and page starts stay true."""

from __future__ import annotations

import regex

from . import markers
from .tables import MIN_COLUMNS, is_table_head

_PIPE = "|"

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




def plain_layout(text: str) -> str:
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
