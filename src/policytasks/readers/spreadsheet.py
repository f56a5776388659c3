"""Spreadsheets (.xlsx, .xls, .ods) -> lines, a table row a line with cells joined by TAB.

python-calamine reads all three formats (fast, in Rust).  Each sheet is read in turn, like a
page: a title row above the header comes out as a line of its own, a row with only its first
cell filled (a category merged across the row) as a one-cell line, a cell merged down a column
has its value in every row it covers.  Numbers stored as numbers read as written (20, not
20.0), dates as 2024年12月31日, so the same recognisers read them as in a text notice.
"""

from __future__ import annotations

import datetime as dt
import io

from ..errors import FormatError, ReadError

#: calamine's names for the formats, by what sniffing found
KINDS = {"xlsx": "Excel workbook", "xls": "Excel 97-2003 workbook", "ods": "OpenDocument spreadsheet"}


def read_spreadsheet(data: bytes, kind: str, path: str | None = None):
    from . import RawDocument

    try:
        from python_calamine import CalamineWorkbook, SheetVisibleEnum
    except ImportError as e:  # pragma: no cover - a dependency
        raise FormatError(f"spreadsheet support needs python-calamine: {e}", path) from None
    label = KINDS.get(kind, "spreadsheet")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        hidden = [m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible]
        sheets = [(name, book.get_sheet_by_name(name)) for name in book.sheet_names if name not in hidden]
        grids = [(name, _grid(sheet)) for name, sheet in sheets]
    except Exception as e:  # noqa: BLE001 - calamine raises its own kinds; all mean unreadable
        raise ReadError(f"damaged {label}: {_short(e)}", path) from None
    lines: list[str] = []
    starts: list[int] = []
    # hidden sheets hold lookup lists and drafts, not the published table
    warnings: list[str] = [f"hidden sheet “{name}” not read" for name in hidden]
    read_names: list[str] = []
    header: list[str] | None = None
    pos = 0
    for name, grid in grids:
        rows = [_row_text(r) for r in grid]
        rows = [r for r in rows if r]
        if not rows:
            warnings.append(f"sheet “{name}” is empty")
            continue
        sheet_lines = []
        for cells in rows:
            if len(cells) > 1 and header is None:
                header = cells
            elif len(cells) > 1 and cells == header and read_names:
                continue  # the header again, on the next sheet
            sheet_lines.append("\t".join(cells))
        starts.append(pos)
        read_names.append(name)
        lines.extend(sheet_lines)
        pos += sum(len(s) + 1 for s in sheet_lines)
    if not lines:
        raise FormatError(f"{label} with no cells filled", path)
    if len(read_names) > 1:
        names = ", ".join(f"{i} “{n}”" for i, n in enumerate(read_names, 1))
        warnings.append(f"{len(read_names)} sheets read one after another as one list (page = sheet): {names}")
    return RawDocument(text="\n".join(lines), format=kind, sha256="", path=path, pages=len(read_names),
                       page_starts=starts, warnings=warnings)


def _short(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 80 else msg[:77] + "..."


def _grid(sheet) -> list[list]:
    """The sheet's cells, a merged range's value copied down a column (not across a row: a
    category merged across the row stays one cell)."""
    rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
    for rng in (sheet.merged_cell_ranges or []):
        (r0, c0), (r1, c1) = rng
        if r1 == r0 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if c == c0:
                    rows[r][c] = value
    return rows


def _row_text(row) -> list[str]:
    cells = [_cell(v) for v in row]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return []
    if all(not c for c in cells[1:]):
        return [cells[0]] if cells[0] else cells  # one cell: a title or a category row
    return cells


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        if (v.hour, v.minute, v.second) == (0, 0, 0):
            v = v.date()
        else:
            return f"{v.year}年{v.month}月{v.day}日{v.hour}时{v.minute:02d}分"
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, dt.timedelta):
        return str(v)
    from .pdf import join_lines  # lines wrapped inside a cell, joined as the other readers do

    return join_lines(x.strip() for x in str(v).splitlines() if x.strip())
