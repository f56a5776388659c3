"""``--format ics``: an iCalendar file, one VTODO per task that has a deadline date.

Output is deterministic (same input, same bytes): DTSTAMP comes from the notice's own
date rather than the clock, and UIDs are hashes of the stable task ids."""

from __future__ import annotations

import datetime as dt
import hashlib

from . import bodies, format_targets, task_warnings

SUMMARY_CHARS = 60
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def task_uid(task_id: str, salt: str = "") -> str:
    # A task id holds 〔〕, # and CJK: fine for people, not for every calendar's UID handling.
    return hashlib.sha256((task_id + salt).encode("utf-8")).hexdigest()[:32] + "@policytasks"


def _stamp(notice) -> dt.datetime:
    day = notice.signed_on or notice.printed_on
    if day is None and notice.year:
        day = dt.date(notice.year, 1, 1)
    if day is None:
        return _EPOCH
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _summary(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= SUMMARY_CHARS else line[:SUMMARY_CHARS - 1] + "…"


#: task.progress.status -> VTODO STATUS (RFC 5545 3.8.1.11)
_STATUS = {"done": "COMPLETED", "in_progress": "IN-PROCESS", "not_started": "NEEDS-ACTION"}


def _description(notice, task, warnings: list[str]) -> str:
    parts = [task.text]
    if task.section:
        parts.append(f"分项：{task.section}")
    if task.targets:
        parts.append(f"目标：{format_targets(task)}")
    if task.deadline:
        parts.append(f"完成时限：{task.deadline.text}")
    for role, label in (("lead", "牵头单位"), ("support", "配合单位")):
        names = bodies(task, role)
        if names:
            parts.append(f"{label}：{names}")
    source = " ".join(x for x in (notice.plan_title or notice.title, notice.doc_number) if x)
    if source:
        parts.append(f"来源：{source}")
    if task.progress:
        parts.append(f"进展：{task.progress.text}")
    parts.extend(f"提示：{w}" for w in warnings)
    parts.append(f"任务编号：{task.id}")
    return "\n".join(parts)


class IcsWriter:
    def __init__(self, out):
        from icalendar import Calendar

        from .. import __version__

        self.out = out
        self.rows = 0
        self.undated = 0  # tasks left out: no deadline date (ongoing, unread or missing)
        self.uids: set[str] = set()
        self.cal = Calendar()
        self.cal.add("prodid", f"-//policytasks//policytasks {__version__}//ZH")
        self.cal.add("version", "2.0")
        self.cal.add("calscale", "GREGORIAN")
        self.cal.add("x-wr-calname", "policytasks")

    def add(self, notice) -> None:
        from icalendar import Todo

        stamp = _stamp(notice)
        per_task, rest = task_warnings(notice)
        for task in notice.tasks:
            if task.deadline is None or task.deadline.date is None:
                self.undated += 1
                continue
            # Two notices without doc number or title share task ids: tell them apart.
            for salt in ("", notice.source.sha256, notice.source.sha256 + (notice.source.path or "")):
                uid = task_uid(task.id, salt)
                if uid not in self.uids:
                    break
            self.uids.add(uid)
            todo = Todo()
            todo.add("uid", uid)
            todo.add("dtstamp", stamp)
            todo.add("summary", _summary(task.text))
            todo.add("due", task.deadline.date)
            todo.add("description", _description(notice, task, per_task.get(task.id, []) + rest))
            if task.category:
                todo.add("categories", [task.category])
            p = task.progress
            todo.add("status", _STATUS.get(p.status if p else None, "NEEDS-ACTION"))
            if p is not None and p.percent is not None:
                todo.add("percent-complete", max(0, min(100, int(p.percent))))
            todo.add("x-policytasks-id", task.id)
            self.cal.add_component(todo)
            self.rows += 1

    def close(self) -> None:
        self.out.write(self.cal.to_ical())
        self.out.flush()
