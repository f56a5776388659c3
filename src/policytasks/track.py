"""``policytasks track PLAN REPORT...``: follow each task of a plan through its progress reports.

One row per plan task: its targets and deadline, then for each report (in date order) the
status, percent and progress text of the report's line(s) on it, then the latest status.  A task
a report left out shows as ``not reported``.  The links themselves (``policytasks.link``) are in
the JSON too, with what stayed unpaired on either side."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import regex

from .export import format_target, format_targets
from .link import Links, link
from .recognise.progress import read_as_of

_YEAR = regex.compile(r"((?:19|20)\d\d)\s*年")

#: what a timeline cell says for a task that a report does not mention
NOT_REPORTED = "not reported"


@dataclass
class Report:
    notice: object
    links: Links
    date: dt.date | None

    @property
    def label(self) -> str:
        return self.date.isoformat() if self.date else (self.notice.source.path or "report")


def report_date(notice) -> dt.date | None:
    """The date a report speaks for: its tasks' 截至 date, else a 截至 date in its title or in
    the text before its first task, else its own date."""
    for t in notice.tasks:
        if t.progress is not None and t.progress.as_of:
            return t.progress.as_of
    head = notice.text[:notice.tasks[0].span[0]] if notice.tasks and notice.text else ""
    year = notice.year
    if year is None:  # a report's header is often only its title: 2022年度…进展情况
        m = _YEAR.search(head)
        year = int(m.group(1)) if m else None
    return (read_as_of(notice.title or "", year) or read_as_of(head, year)
            or notice.signed_on)


def _targets(task) -> str:
    return format_targets(task)


def _join(values) -> str | None:
    values = [v for v in values if v not in (None, "")]
    return "；".join(dict.fromkeys(values)) if values else None


def _cell(report: Report, task_id: str) -> dict:
    lines = {t.id: t for t in report.notice.tasks}
    mine = [lines[b] for a, b, _ in report.links.pairs if a == task_id]
    if not mine:
        return {"status": NOT_REPORTED, "percent": None, "text": None, "figures": None, "tasks": []}
    statuses = {t.progress.status for t in mine if t.progress is not None}
    statuses.discard(None)
    # one line or several (a plan item split in two): done only when every line is
    status = None
    if statuses:
        status = statuses.pop() if len(statuses) == 1 else "in_progress"
    percents = [t.progress.percent for t in mine if t.progress is not None and t.progress.percent is not None]
    percent = percents[0] if len(mine) == 1 and percents else None
    texts = [t.progress.text if t.progress is not None else t.text for t in mine]
    # figures reached, to set beside the plan's targets (never targets themselves)
    figures = [format_target(f) for t in mine if t.progress is not None for f in t.progress.figures]
    return {"status": status, "percent": percent, "text": _join(texts), "figures": _join(figures),
            "tasks": [t.id for t in mine]}


def timeline(plan, reports) -> tuple[list[Report], list[dict]]:
    """Link every report to ``plan`` and build one row per plan task."""
    linked = [Report(r, link(plan, r), report_date(r)) for r in reports]
    linked.sort(key=lambda r: (r.date is None, r.date or dt.date.min))
    rows = []
    for t in plan.tasks:
        cells = [_cell(r, t.id) for r in linked]
        # the most recent status a report gave (a report that says nothing of it does not count)
        latest = next((c["status"] for c in reversed(cells) if c["status"] not in (None, NOT_REPORTED)), None)
        rows.append({
            "task_id": t.id, "number": t.number, "text": t.text, "targets": _targets(t),
            "deadline": t.deadline.date.isoformat() if t.deadline and t.deadline.date else None,
            "reports": cells, "latest_status": latest,
        })
    return linked, rows


def to_json(plan, linked: list[Report], rows: list[dict]) -> str:
    return json.dumps({
        "plan": plan.source.path,
        "reports": [{"path": r.notice.source.path, "kind": r.notice.kind, "date": r.date and r.date.isoformat(),
                     **r.links.to_dict()} for r in linked],
        "timeline": rows,
    }, ensure_ascii=False, indent=2, default=str) + "\n"


def table(linked: list[Report], rows: list[dict]) -> list[list]:
    """The timeline as a table for people: a header row, then one row per plan task."""
    head = ["task_id", "number", "text", "targets", "deadline"]
    for r in linked:
        head += [f"{r.label} status", f"{r.label} percent", f"{r.label} progress", f"{r.label} reached"]
    head.append("latest_status")
    out = [head]
    for row in rows:
        line = [row["task_id"], row["number"], row["text"], row["targets"], row["deadline"]]
        for c in row["reports"]:
            line += [c["status"], c["percent"], c["text"], c["figures"]]
        line.append(row["latest_status"])
        out.append(["" if v is None else v for v in line])
    return out


def write_csv(out, tab: list[list]) -> None:
    import csv
    import io

    from .export.csv_out import BOM

    buf = io.StringIO()
    csv.writer(buf).writerows(tab)
    out.write(BOM + buf.getvalue().encode("utf-8"))


#: width of a text column in the workbook (characters); other columns fit their header
XLSX_TEXT_WIDTH = 40


def write_xlsx(out, tab: list[list]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "timeline"
    for line in tab:
        ws.append(line)
    wrap = Alignment(wrap_text=True, vertical="top")
    for k, head in enumerate(tab[0], 1):
        wide = head in ("text", "targets") or head.endswith((" progress", " reached"))
        ws.column_dimensions[get_column_letter(k)].width = XLSX_TEXT_WIDTH if wide else max(10, len(head) + 2)
        ws.cell(1, k).font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap
    ws.freeze_panes = "C2"
    wb.save(out)


def run_track(args, options: dict) -> int:
    """The CLI handler: parse the plan and the reports, write the timeline."""
    import sys

    from .export.atomic import atomic_write
    from .pipeline import parse

    plan = parse(args.plan, **options)
    reports = [parse(p, **options) for p in args.reports]
    linked, rows = timeline(plan, reports)
    if args.format == "json":
        data = to_json(plan, linked, rows).encode("utf-8")
        writer = lambda f: f.write(data)  # noqa: E731
    elif args.format == "csv":
        writer = lambda f: write_csv(f, table(linked, rows))  # noqa: E731
    else:
        if not args.output:
            from .errors import FormatError

            raise FormatError("--format xlsx needs -o FILE (a workbook is not written to a terminal)")
        writer = lambda f: write_xlsx(f, table(linked, rows))  # noqa: E731
    if args.output:
        with atomic_write(args.output) as f:
            writer(f)
    else:
        writer(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return 0
