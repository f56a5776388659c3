"""``--format csv``: one row per task (``per="target"``: one row per target), UTF-8.

A file starts with a byte-order mark so that Excel reads the Chinese; stdout does not (a
pipe into another program wants plain UTF-8). A notice with no task still gets one row, its
task cells empty and its warnings in ``notice_warnings``: it never vanishes from the feed."""

from __future__ import annotations

import csv

from . import TakesRendered, bodies, format_number, format_targets, task_warnings

TASK_COLUMNS = [
    "task_id", "number", "category_number", "category", "section", "text", "targets", "coverage",
    "deadline_date", "deadline_text", "deadline_precision", "deadline_ongoing",
    "progress_status", "progress_percent", "progress_as_of", "progress_text",
    "lead", "support", "lead_canonical", "support_canonical", "page", "warnings",
]
NOTICE_COLUMNS = [
    "kind", "doc_number", "issuer", "plan_title", "year", "source_path", "source_sha256", "notice_warnings",
]
COLUMNS = TASK_COLUMNS + NOTICE_COLUMNS
TARGET_COLUMNS = ["target_value", "target_value_max", "target_unit", "target_comparator", "target_subject",
                  "target_text"]
#: --per target: the task's columns, then the target's, then the notice's
TARGET_ROW_COLUMNS = TASK_COLUMNS + TARGET_COLUMNS + NOTICE_COLUMNS

BOM = b"\xef\xbb\xbf"
#: several warnings in one cell, one to a line
WARNING_JOIN = "\n"


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return format_number(v)
    return str(v)


def notice_cells(notice, rest: list[str]) -> dict:
    return {
        "kind": notice.kind,
        "doc_number": notice.doc_number,
        "issuer": notice.issuer,
        "plan_title": notice.plan_title,
        "year": notice.year,
        "source_path": notice.source.path,
        "source_sha256": notice.source.sha256,
        "notice_warnings": WARNING_JOIN.join(rest),
    }


def task_cells(task, warnings: list[str]) -> dict:
    d, p = task.deadline, task.progress
    return {
        "task_id": task.id,
        "number": task.number,
        "category_number": task.category_number,
        "category": task.category,
        "section": task.section,
        "text": task.text,
        "targets": format_targets(task),
        "coverage": task.coverage,
        "deadline_date": d.date.isoformat() if d and d.date else None,
        "deadline_text": d.text if d else None,
        "deadline_precision": d.precision if d else None,
        "deadline_ongoing": d.ongoing if d else None,
        "progress_status": p.status if p else None,
        "progress_percent": p.percent if p else None,
        "progress_as_of": p.as_of.isoformat() if p and p.as_of else None,
        "progress_text": p.text if p else None,
        "lead": bodies(task, "lead"),
        "support": bodies(task, "support"),
        "lead_canonical": bodies(task, "lead", canonical=True),
        "support_canonical": bodies(task, "support", canonical=True),
        "page": task.page,
        "warnings": WARNING_JOIN.join(warnings),
    }


def target_cells(t) -> dict:
    return {
        "target_value": t.value,
        "target_value_max": t.value_max,
        "target_unit": t.unit,
        "target_comparator": t.comparator,
        "target_subject": t.subject,
        "target_text": t.text,
    }


def task_row(notice, task) -> list[str]:
    per_task, rest = task_warnings(notice)
    row = {**task_cells(task, per_task.get(task.id, [])), **notice_cells(notice, rest)}
    return [_cell(row[c]) for c in COLUMNS]


class _Utf8:
    # csv wants a text stream; a TextIOWrapper would close the caller's stream when collected.
    def __init__(self, out):
        self.out = out

    def write(self, s: str):
        return self.out.write(s.encode("utf-8"))


class CsvWriter(TakesRendered):
    def __init__(self, out, *, per: str = "task", bom: bool = True, header: bool = True):
        if per not in ("task", "target"):
            raise ValueError(f"per must be 'task' or 'target', not {per!r}")
        self.out = out
        self.rows = 0
        self.per = per
        self.columns = TARGET_ROW_COLUMNS if per == "target" else COLUMNS
        # the csv module's \r\n line ends: what RFC 4180 and Excel expect
        self.csv = csv.writer(_Utf8(out))
        if bom:
            out.write(BOM)
        if header:  # header=False: one notice's rows, rendered in a batch worker
            self.csv.writerow(self.columns)

    def _write(self, row: dict) -> None:
        self.csv.writerow([_cell(row.get(c)) for c in self.columns])

    def add(self, notice) -> None:
        per_task, rest = task_warnings(notice)
        head = notice_cells(notice, rest)
        if not notice.tasks:
            self._write(head)
            return
        for task in notice.tasks:
            cells = {**task_cells(task, per_task.get(task.id, [])), **head}
            if self.per == "target" and task.targets:
                for t in task.targets:
                    self._write({**cells, **target_cells(t)})
            else:  # a task without target keeps its row, target cells empty
                self._write(cells)
            self.rows += 1

    def close(self) -> None:
        self.out.flush()
