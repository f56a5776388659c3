"""``--format xlsx``: an Excel workbook (openpyxl), what supervision offices open.

Sheets: ``tasks`` (one row a task), ``targets`` (one row a target), ``bodies`` (one row a
responsible body), ``progress`` (one row a task with progress), ``notices`` (one row a notice)
and ``warnings`` (one row a warning). Rows of different sheets meet on ``notice_id`` (the doc
number, else the SHA-256 of the input) and ``task_id``. Header rows are frozen; dates are
Excel dates, numbers are numbers; columns are as wide as their text, counting a Chinese
character as two."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from . import bodies, format_targets, task_warnings

#: column widths, in Excel's units (about one Latin character): narrowest, widest
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_FORMAT = "yyyy-mm-dd"

SHEETS = {
    "tasks": ["notice_id", "task_id", "number", "category_number", "category", "section", "text", "targets",
              "coverage", "deadline_date", "deadline_text", "deadline_precision", "deadline_ongoing",
              "progress_status", "progress_percent", "progress_as_of", "lead", "support", "page", "warnings"],
    "targets": ["notice_id", "task_id", "value", "value_max", "unit", "comparator", "subject", "text"],
    "bodies": ["notice_id", "task_id", "name", "canonical", "role"],
    "progress": ["notice_id", "task_id", "status", "percent", "as_of", "text"],
    "notices": ["notice_id", "kind", "doc_number", "issuer", "title", "plan_title", "year", "signed_on",
                "tasks", "warnings", "source_path", "source_format", "source_sha256"],
    "warnings": ["notice_id", "task_id", "warning"],
}


def notice_id(notice) -> str:
    """How a notice is known across sheets and tables: its doc number, else its bytes' SHA-256."""
    return notice.doc_number or notice.source.sha256


def display_width(text: str) -> int:
    """Width of the longest line of ``text``, a wide (CJK) character counting two."""
    return max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
                for line in str(text).split("\n")), default=0)


class XlsxWriter:
    def __init__(self, out):
        from openpyxl import Workbook

        self.out = out
        self.rows = 0
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.widths: dict[str, list[int]] = {}
        for name, cols in SHEETS.items():
            ws = self.wb.create_sheet(name)
            ws.append(cols)
            ws.freeze_panes = "A2"
            self.widths[name] = [display_width(c) for c in cols]

    def _append(self, sheet: str, values: list) -> None:
        ws = self.wb[sheet]
        ws.append(values)
        widths = self.widths[sheet]
        for i, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.cell(row=ws.max_row, column=i + 1).number_format = DATE_FORMAT
                w = 10
            else:
                w = display_width(v)
            widths[i] = max(widths[i], w)

    def add(self, notice) -> None:
        nid = notice_id(notice)
        per_task, rest = task_warnings(notice)
        src = notice.source
        self._append("notices", [nid, notice.kind, notice.doc_number, notice.issuer, notice.title,
                                 notice.plan_title, notice.year, notice.signed_on, len(notice.tasks),
                                 len(notice.warnings), src.path, src.format, src.sha256])
        for w in rest:
            self._append("warnings", [nid, None, w])
        for task in notice.tasks:
            d, p = task.deadline, task.progress
            own = per_task.get(task.id, [])
            self._append("tasks", [
                nid, task.id, task.number, task.category_number, task.category, task.section, task.text,
                format_targets(task), task.coverage, d.date if d else None, d.text if d else None,
                d.precision if d else None, d.ongoing if d else None,
                p.status if p else None, p.percent if p else None, p.as_of if p else None,
                bodies(task, "lead"), bodies(task, "support"), task.page, "\n".join(own) or None])
            for t in task.targets:
                self._append("targets", [nid, task.id, t.value, t.value_max, t.unit, t.comparator, t.subject,
                                         t.text])
            for b in task.responsible:
                self._append("bodies", [nid, task.id, b.name, b.canonical, b.role])
            if p is not None:
                self._append("progress", [nid, task.id, p.status, p.percent, p.as_of, p.text])
            for w in own:
                self._append("warnings", [nid, task.id, w])
            self.rows += 1

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        for name, widths in self.widths.items():
            ws = self.wb[name]
            for i, w in enumerate(widths):
                ws.column_dimensions[get_column_letter(i + 1)].width = max(MIN_WIDTH, min(MAX_WIDTH, w + 2))
        buf = io.BytesIO()
        self.wb.save(buf)
        self.out.write(buf.getvalue())
        self.out.flush()
