"""``--format csv``: one row per task, UTF-8 with a BOM so that Excel reads the Chinese."""

from __future__ import annotations

import csv

from . import bodies, format_targets

COLUMNS = [
    "task_id", "number", "category_number", "category", "text", "targets", "coverage",
    "deadline_date", "deadline_text", "deadline_precision", "deadline_ongoing", "lead", "support", "page",
    "doc_number", "issuer", "plan_title", "year", "source_path", "source_sha256",
]

BOM = b"\xef\xbb\xbf"


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def task_row(notice, task) -> list[str]:
    d = task.deadline
    row = {
        "task_id": task.id,
        "number": task.number,
        "category_number": task.category_number,
        "category": task.category,
        "text": task.text,
        "targets": format_targets(task),
        "coverage": task.coverage,
        "deadline_date": d.date.isoformat() if d and d.date else None,
        "deadline_text": d.text if d else None,
        "deadline_precision": d.precision if d else None,
        "deadline_ongoing": d.ongoing if d else None,
        "lead": bodies(task, "lead"),
        "support": bodies(task, "support"),
        "page": task.page,
        "doc_number": notice.doc_number,
        "issuer": notice.issuer,
        "plan_title": notice.plan_title,
        "year": notice.year,
        "source_path": notice.source.path,
        "source_sha256": notice.source.sha256,
    }
    return [_cell(row[c]) for c in COLUMNS]


class _Utf8:
    # csv wants a text stream; a TextIOWrapper would close the caller's stream when collected.
    def __init__(self, out):
        self.out = out

    def write(self, s: str):
        return self.out.write(s.encode("utf-8"))


class CsvWriter:
    def __init__(self, out):
        self.out = out
        self.rows = 0
        # the csv module's \r\n line ends: what RFC 4180 and Excel expect
        self.csv = csv.writer(_Utf8(out))
        out.write(BOM)
        self.csv.writerow(COLUMNS)

    def add(self, notice) -> None:
        for task in notice.tasks:
            self.csv.writerow(task_row(notice, task))
            self.rows += 1

    def close(self) -> None:
        self.out.flush()
