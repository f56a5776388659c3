"""Golden files as data: built from a Notice, checked for shape, written in the layout of ``golden/``.

The review page writes the same layout from the browser (``data/review.js``, ``goldenText``); the
two are kept equal by tests.  A task in a golden file is one a person checked against the notice;
a task kept without being checked carries ``"checked": false``."""

from __future__ import annotations

import datetime as dt
import json

from .errors import PolicyTasksError

#: Header fields in the order golden files list them.
NOTICE_FIELDS = ("issuer", "doc_number", "title", "plan_title", "year", "signed_on", "recipients", "cc",
                 "publication", "printed_by", "printed_on", "kind")
LIST_FIELDS = {"recipients", "cc"}
DATE_FIELDS = {"signed_on", "printed_on"}
#: Task fields a golden file may mark as uncertain.
UNCERTAIN_FIELDS = ("category", "section", "targets", "coverage", "deadline", "responsible", "progress")
COMPARATORS = ("eq", "ge", "gt", "le", "lt", "approx", "range")
PRECISIONS = ("day", "month", "quarter", "half", "year")
ROLES = ("lead", "support")
STATUSES = ("done", "in_progress", "not_started")
KINDS = ("plan", "progress")


def _iso(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def task_golden(t, *, with_section: bool, with_progress: bool) -> dict:
    """One task of a Notice in the golden layout (the program's reading, not yet checked)."""
    out: dict = {"number": t.number, "category": t.category}
    if with_section:
        out["section"] = t.section
    out["targets"] = [{"value": x.value, "unit": x.unit, "comparator": x.comparator, "value_max": x.value_max,
                       "subject": x.subject} for x in t.targets]
    out["coverage"] = t.coverage
    d = t.deadline
    out["deadline"] = None if d is None else {"text": d.text, "date": _iso(d.date), "precision": d.precision,
                                              "ongoing": d.ongoing}
    out["responsible"] = [{"name": b.name, "role": b.role} for b in t.responsible]
    if with_progress:
        p = t.progress
        out["progress"] = {"status": p.status if p else None, "percent": p.percent if p else None}
    out["uncertain"] = []
    return out


def notice_golden(notice, doc: str) -> dict:
    """The whole Notice in the golden layout."""
    with_section = any(t.section for t in notice.tasks)
    with_progress = notice.kind == "progress" or any(t.progress for t in notice.tasks)
    return {
        "doc": doc,
        "notice": {f: _iso(getattr(notice, f)) for f in NOTICE_FIELDS},
        "categories": [{"number": c.number, "title": c.title} for c in notice.categories],
        "tasks": [task_golden(t, with_section=with_section, with_progress=with_progress) for t in notice.tasks],
    }


def _j(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def format_golden(g: dict) -> str:
    """The text of a golden file, laid out as ``golden/xicheng-2024.json`` is: one header field a
    line, one category, target or body a line."""
    lines = ["{", f'  "doc": {_j(g.get("doc"))},', '  "notice": {']
    head = list(g.get("notice", {}).items())
    lines += [f"    {_j(k)}: {_j(v)}" + ("," if n < len(head) - 1 else "") for n, (k, v) in enumerate(head)]
    lines.append("  },")
    cats = g.get("categories") or []
    if cats:
        lines.append('  "categories": [')
        lines += [f"    {_j(c)}" + ("," if n < len(cats) - 1 else "") for n, c in enumerate(cats)]
        lines.append("  ],")
    else:
        lines.append('  "categories": [],')
    tasks = g.get("tasks") or []
    lines.append('  "tasks": [')
    for ti, t in enumerate(tasks):
        lines.append("    {")
        keys = list(t)
        for n, k in enumerate(keys):
            v, comma = t[k], ("," if n < len(keys) - 1 else "")
            if k in ("targets", "responsible") and v:
                lines.append(f"      {_j(k)}: [")
                lines += [f"        {_j(x)}" + ("," if m < len(v) - 1 else "") for m, x in enumerate(v)]
                lines.append("      ]" + comma)
            else:
                lines.append(f"      {_j(k)}: {_j(v)}{comma}")
        lines.append("    }" + ("," if ti < len(tasks) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


# -- shape ----------------------------------------------------------------------------------------

def _bad(path, what: str):
    return PolicyTasksError(f"not a golden file: {what}", str(path) if path is not None else None)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _date_ok(v) -> bool:
    if v is None:
        return True
    try:
        dt.date.fromisoformat(v)
    except (TypeError, ValueError):
        return False
    return len(v) == 10


def validate(g, path=None) -> dict:
    """``g`` if it has the shape of a golden file; else a PolicyTasksError naming what is wrong
    (one line, the file named), so a bad file never ends in a traceback."""
    if not isinstance(g, dict):
        raise _bad(path, "not a JSON object")
    head = g.get("notice", g)
    if not isinstance(head, dict):
        raise _bad(path, '"notice" is not an object')
    for f in LIST_FIELDS & head.keys():
        if not isinstance(head[f], list) or not all(isinstance(x, str) for x in head[f]):
            raise _bad(path, f'"{f}" is not a list of strings')
    for f in DATE_FIELDS & head.keys():
        if not _date_ok(head[f]):
            raise _bad(path, f'"{f}" is not a date (YYYY-MM-DD)')
    if "year" in head and head["year"] is not None and not isinstance(head["year"], int):
        raise _bad(path, '"year" is not a whole number')
    cats = g.get("categories", [])
    if not isinstance(cats, list) or not all(isinstance(c, dict) and isinstance(c.get("number"), int)
                                             and isinstance(c.get("title"), str) for c in cats):
        raise _bad(path, '"categories" is not a list of {"number", "title"}')
    tasks = g.get("tasks", [])
    if not isinstance(tasks, list):
        raise _bad(path, '"tasks" is not a list')
    for k, t in enumerate(tasks, 1):
        where = f"task {k}"
        if not isinstance(t, dict) or not isinstance(t.get("number"), int) or isinstance(t.get("number"), bool):
            raise _bad(path, f"{where} has no whole-number \"number\"")
        where = f"task {t['number']}"
        for x in t.get("targets") or []:
            if not isinstance(x, dict) or not _is_num(x.get("value")) or x.get("comparator") not in COMPARATORS \
                    or not isinstance(x.get("unit"), str) or not (x.get("value_max") is None or _is_num(x["value_max"])):
                raise _bad(path, f"{where}: a target needs a number value, a unit and a comparator")
        if not isinstance(t.get("targets", []), list) or not isinstance(t.get("responsible", []), list):
            raise _bad(path, f"{where}: targets and responsible are lists")
        for b in t.get("responsible") or []:
            if not isinstance(b, dict) or not isinstance(b.get("name"), str) or b.get("role") not in ROLES:
                raise _bad(path, f"{where}: a responsible body needs a name and a role (lead, support)")
        d = t.get("deadline")
        if d is not None and (not isinstance(d, dict) or not _date_ok(d.get("date"))):
            raise _bad(path, f"{where}: deadline is not null or an object with an ISO date")
        p = t.get("progress")
        if p is not None and (not isinstance(p, dict) or p.get("status") not in STATUSES + (None,)
                              or not (p.get("percent") is None or _is_num(p.get("percent")))):
            raise _bad(path, f"{where}: progress needs a status ({', '.join(STATUSES)} or null) and a percent")
        if not isinstance(t.get("uncertain", []), list):
            raise _bad(path, f"{where}: uncertain is not a list")
    return g
