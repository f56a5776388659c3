"""``--format jsonl``: one line per task, the task's contract fields plus its own ``warnings``
and a ``notice`` object (with the notice's warnings). A notice with no task gives one line
holding only ``notice``, so that it does not vanish from the feed. ``policytasks schema --jsonl``
prints the schema of a line."""

from __future__ import annotations

import json

from . import TakesRendered, notice_fields, task_warnings


class JsonlWriter(TakesRendered):
    def __init__(self, out):
        self.out = out
        self.rows = 0

    def _line(self, row: dict) -> None:
        self.out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")

    def add(self, notice) -> None:
        head = notice_fields(notice)
        if not notice.tasks:
            self._line({"notice": head})
            return
        per_task, _ = task_warnings(notice)
        for task in notice.tasks:
            row = task.model_dump(mode="json")
            row["warnings"] = per_task.get(task.id, [])
            row["notice"] = head
            self._line(row)
            self.rows += 1

    def close(self) -> None:
        self.out.flush()
