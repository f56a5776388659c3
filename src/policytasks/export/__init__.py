"""Exporters: Notice records -> JSON files, JSON Lines, CSV, iCalendar.

One small module per format. Each imports its heavier library (csv, icalendar) only
when used, so ``python -m policytasks --help`` stays fast. The stream formats share
one shape: ``writer = open_writer(fmt, binary_stream)``, ``writer.add(notice)`` per
notice in order, ``writer.close()`` to finish (it does not close the stream)."""

from __future__ import annotations

FORMATS = ("json", "jsonl", "csv", "ics")
#: formats that write every notice into one stream (a file, or stdout)
STREAM_FORMATS = ("jsonl", "csv", "ics")

_COMPARATOR_SIGN = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈"}


def open_writer(fmt: str, out):
    """A writer of ``fmt`` (jsonl, csv, ics) onto the binary stream ``out``."""
    if fmt == "jsonl":
        from .jsonl import JsonlWriter

        return JsonlWriter(out)
    if fmt == "csv":
        from .csv_out import CsvWriter

        return CsvWriter(out)
    if fmt == "ics":
        from .ics import IcsWriter

        return IcsWriter(out)
    raise ValueError(f"not a stream format: {fmt!r}")


def notice_fields(notice) -> dict:
    """What a task needs of its notice to stand alone (a JSONL line, a CSV row)."""
    return {
        "doc_number": notice.doc_number,
        "issuer": notice.issuer,
        "title": notice.title,
        "plan_title": notice.plan_title,
        "year": notice.year,
        "source": {"path": notice.source.path, "sha256": notice.source.sha256, "format": notice.source.format},
    }


def format_number(v) -> str:
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def format_target(t) -> str:
    """``≥20 部 电梯``, ``10–15 个 …``: readable in a cell or a calendar note."""
    if t.comparator == "range" and t.value_max is not None:
        amount = f"{format_number(t.value)}–{format_number(t.value_max)}"
    else:
        amount = _COMPARATOR_SIGN.get(t.comparator, "") + format_number(t.value)
    return " ".join(x for x in (amount, t.unit, t.subject) if x)


def format_targets(task) -> str:
    return "; ".join(format_target(t) for t in task.targets)


def bodies(task, role: str) -> str:
    # joined by ；, which no body's name holds (、 does: 各县（市、区）人民政府)
    return "；".join(b.name for b in task.responsible if b.role == role)
