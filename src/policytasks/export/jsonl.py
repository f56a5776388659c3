"""``--format jsonl``: one line per task, the task's contract fields plus a ``notice`` object."""

from __future__ import annotations

import json

from . import notice_fields


class JsonlWriter:
    def __init__(self, out):
        self.out = out
        self.rows = 0

    def add(self, notice) -> None:
        head = notice_fields(notice)
        for task in notice.tasks:
            row = task.model_dump(mode="json")
            row["notice"] = head
            self.out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            self.rows += 1

    def close(self) -> None:
        self.out.flush()
