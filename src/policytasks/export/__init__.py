"""Exporters: Notice records -> JSON files, JSON Lines, CSV, iCalendar, an Excel workbook, SQLite.

One small module per format. Each imports its heavier library (csv, icalendar, openpyxl,
sqlite3) only when used, so ``python -m policytasks --help`` stays fast. The stream formats
share one shape: ``writer = open_writer(fmt, binary_stream)``, ``writer.add(notice)`` per
notice in order, ``writer.close()`` to finish (it does not close the stream). The SQLite
writer takes a path instead (``open_writer("sqlite", path)``): it updates a database in place.

Every writer is given ``feed_notice(notice)``: the notice with its file name made printable
and control characters (NUL …) that no feed may carry replaced (see ``feed_notice``)."""

from __future__ import annotations

import re
from typing import NamedTuple

FORMATS = ("json", "jsonl", "csv", "ics", "xlsx", "sqlite")
#: formats that write every notice into one stream (a file, or stdout)
STREAM_FORMATS = ("jsonl", "csv", "ics", "xlsx")
#: formats that need a file (-o): binary and seeking, or updated in place
FILE_FORMATS = ("xlsx", "sqlite")
#: the format an output name implies (a name with another suffix, or none, is a json folder)
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".ics": "ics",
                  ".xlsx": "xlsx", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}

#: C0 controls but tab and line ends, DEL, and lone surrogates: invalid in iCalendar (RFC 5545
#: 3.3.11), refused by Excel's XML, cut strings short in C tools reading the CSV or database
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: what takes an unsafe character's place: one character for one, so spans stay true
REPLACEMENT = "\ufffd"

_COMPARATOR_SIGN = {"eq": "", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈"}


def format_for(name) -> str | None:
    """The format an output file name implies by its suffix, or None (no or unknown suffix)."""
    import os

    return SUFFIX_FORMATS.get(os.path.splitext(str(name))[1].lower())


def open_writer(fmt: str, out, **options):
    """A writer of ``fmt`` onto the binary stream ``out`` (for sqlite: a path).

    Options: ``per="target"`` for csv (one row a target); ``bom=False`` for csv on stdout."""
    if fmt == "jsonl":
        from .jsonl import JsonlWriter

        return JsonlWriter(out)
    if fmt == "csv":
        from .csv_out import CsvWriter

        return CsvWriter(out, **options)
    if fmt == "xlsx":
        from .xlsx import XlsxWriter

        return XlsxWriter(out)
    if fmt == "sqlite":
        from .sqlite import SqliteWriter

        return SqliteWriter(out)
    if fmt == "ics":
        from .ics import IcsWriter

        return IcsWriter(out)
    raise ValueError(f"not a stream format: {fmt!r}")


def safe_text(s: str) -> str:
    return _UNSAFE.sub(REPLACEMENT, s)


def _clean(v):
    if isinstance(v, str):
        return safe_text(v)
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_clean(x) for x in v)
    return v


def feed_notice(notice):
    """The notice as every feed writes it: ``source.path`` printable and valid UTF-8 (a GBK
    file name from an unzipped archive becomes ``\\xc4\\xe3.txt``, a newline ``\\n``), and
    every control character but tab and line ends replaced by U+FFFD. The same notice when
    there is nothing to change."""
    from ..messages import shown

    path = notice.source.path
    safe_path = shown(path) if path is not None else None
    data = notice.model_dump(mode="python")
    cleaned = _clean(data)
    if cleaned["source"]["path"] is not None:
        cleaned["source"]["path"] = safe_path
    if cleaned == data:
        return notice
    out = type(notice).model_validate(cleaned)
    out.text = safe_text(notice.text)
    return out


def feed_ready(notice):
    """``feed_notice`` done in a batch's worker: the parent only writes what comes back.  The
    document text no feed writes stays behind (less to send)."""
    out = feed_notice(notice)
    if out is notice:
        out = notice.model_copy()
    out.text = ""
    return out


#: formats whose output is each notice's own bytes in turn, so a batch worker can make them
RENDERED_FORMATS = ("json", "jsonl", "csv")


class Rendered(NamedTuple):
    """A notice as one feed writes it, made where the notice was parsed (a batch worker): its
    bytes, and what the run's summary counts of it.  Sending these instead of the notice spares
    pickling it there and unpickling and serialising it in the parent."""

    data: bytes
    tasks: int
    warnings: int
    rows: int  # the writer's count of them: its tasks


class TakesRendered:
    """What a stream writer (jsonl, csv) adds to take notices rendered elsewhere: their bytes go
    out as they are, after those already written (``self.out``, ``self.rows``)."""

    def write_rendered(self, piece: Rendered) -> None:
        """A notice already rendered (``render``), in a batch worker."""
        self.out.write(piece.data)
        self.rows += piece.rows


def render(fmt: str, notice, **options) -> Rendered:
    """``notice`` as ``fmt`` (one of RENDERED_FORMATS) writes it: json, the whole file; jsonl,
    its lines; csv, its rows without the header (``per`` as for ``open_writer``).  The same
    bytes the format's writer would write for it."""
    import io

    if fmt not in RENDERED_FORMATS:
        raise ValueError(f"{fmt!r} is not rendered notice by notice: use one of {', '.join(RENDERED_FORMATS)}")
    notice = feed_notice(notice)
    if fmt == "json":
        from .json_out import notice_bytes

        data, rows = notice_bytes(notice), len(notice.tasks)
    else:
        buf = io.BytesIO()
        writer = open_writer(fmt, buf, **({**options, "bom": False, "header": False} if fmt == "csv" else options))
        writer.add(notice)
        data, rows = buf.getvalue(), writer.rows
    return Rendered(data, len(notice.tasks), len(notice.warnings), rows)


_ITEM_WARNING = re.compile(r"^item (\d+)\b")


def task_warnings(notice) -> tuple[dict[str, list[str]], list[str]]:
    """The notice's warnings split into those of one task (``item 3: no deadline``, by task id)
    and the rest, the notice's own. A warning naming an item number that two tasks share
    stays with the notice: it cannot be told whose it is."""
    by_number: dict[int, list] = {}
    for t in notice.tasks:
        by_number.setdefault(t.number, []).append(t)
    per_task: dict[str, list[str]] = {}
    rest: list[str] = []
    for w in notice.warnings:
        m = _ITEM_WARNING.match(w)
        owners = by_number.get(int(m.group(1)), []) if m else []
        if len(owners) == 1:
            per_task.setdefault(owners[0].id, []).append(w)
        else:
            rest.append(w)
    return per_task, rest


def notice_fields(notice) -> dict:
    """What a task needs of its notice to stand alone (a JSONL line, a CSV row)."""
    return {
        "kind": notice.kind,
        "doc_number": notice.doc_number,
        "issuer": notice.issuer,
        "title": notice.title,
        "plan_title": notice.plan_title,
        "year": notice.year,
        "source": {"path": notice.source.path, "sha256": notice.source.sha256, "format": notice.source.format},
        "warnings": list(notice.warnings),
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


def bodies(task, role: str, canonical: bool = False) -> str:
    # joined by ；, which no body's name holds (、 does: 各县（市、区）人民政府)
    return "；".join((b.canonical or b.name) if canonical else b.name for b in task.responsible if b.role == role)
