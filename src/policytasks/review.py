"""The ``review`` command: one self-contained, offline HTML page showing what was extracted.

Left, the normalised notice text with every extracted value marked where it stands; right, a
card per task.  Optionally the differences from a golden file are shown on the cards.

Marks are built from a flat, sorted list of non-overlapping segments (overlapping values are
split), so the HTML never nests or crosses ``<mark>`` elements.  Every piece of a value carries
the value's id in ``data-m``; a value split in pieces is found again by that id."""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import hashlib
import html
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import PolicyTasksError
from .goldenfile import COMPARATORS, DATE_FIELDS, LIST_FIELDS, NOTICE_FIELDS, PRECISIONS, ROLES, STATUSES
from .goldenfile import KINDS as GOLDEN_KINDS
from .goldenfile import task_golden, validate

#: Mark kinds, in legend order, with the label the legend shows.
KINDS = {
    "target": "target",
    "deadline": "deadline",
    "body": "responsible body",
    "category": "category",
    "header": "header field",
}
#: Header fields marked in the text, in the order they are looked for (earlier ones claim text first).
HEADER_FIELDS = ("issuer", "doc_number", "title", "plan_title", "recipients", "signed_on", "publication",
                 "cc", "printed_by", "printed_on")
#: Fields printed after the list (抄送, 印发): looked for after the last task first.
FOOT_FIELDS = {"cc", "printed_by", "printed_on"}
COMPARATOR_SIGNS = {"eq": "=", "ge": "≥", "gt": ">", "le": "≤", "lt": "<", "approx": "≈", "range": "–"}

_OPEN = "〔[［【（("
_CLOSE = "〕]］】）)"
# A date as printed: 2024年3月25日 or 二〇二四年三月二十五日, with stray spaces.
_DATE_AS_WRITTEN = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ITEM_REF = re.compile(r"^items?\s+(\d+)\b")


# Control characters cannot stand in HTML (NUL becomes U+FFFD, others are parse errors): each is
# shown as its visible Control Pictures sign, one character for one, so spans still line up.
_CONTROLS = {c: 0x2400 + c for c in range(0x20) if c not in (9, 10)} | {0x7F: 0x2421}
_SURROGATE = re.compile("[\ud800-\udfff]")


def esc(s) -> str:
    """HTML-escape anything (notices are untrusted input); quotes too, so it is safe in attributes.
    Control characters are made visible and lone surrogates become U+FFFD."""
    s = "" if s is None else str(s)
    s = _SURROGATE.sub("\ufffd", s.translate(_CONTROLS))
    return html.escape(s, quote=True)


# -- locating header values ---------------------------------------------------------------------

def _fuzzy(value: str) -> re.Pattern | None:
    """A pattern for ``value`` as printed: any whitespace (line breaks too) between characters and
    any bracket style, since header values are stored joined and with brackets normalised."""
    parts = []
    for c in value:
        if c.isspace():
            continue
        if c in _OPEN:
            parts.append("[" + re.escape(_OPEN) + "]")
        elif c in _CLOSE:
            parts.append("[" + re.escape(_CLOSE) + "]")
        else:
            parts.append(re.escape(c))
    return re.compile(r"\s*".join(parts)) if parts else None


def _overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in taken)


def _first_free(matches, taken):
    """The first match not overlapping what is taken; else the first match at all."""
    first = None
    for m in matches:
        span = (m.start(), m.end())
        if span[1] <= span[0]:
            continue
        if not _overlaps(span, taken):
            return span
        first = first or span
    return first


def locate(text: str, value, *, start: int = 0, end: int | None = None,
           taken: list[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """[start, end) of the first occurrence of a header value in ``text[start:end]``, preferring
    one that no other header value claimed.  A date is found as written (2024年3月25日)."""
    if value is None or value == "":
        return None
    end = len(text) if end is None else end
    if isinstance(value, dt.date):
        from .header import parse_date

        found = (m for m in _DATE_AS_WRITTEN.finditer(text, start, end) if parse_date(m.group()) == value)
        return _first_free(found, taken)
    pat = _fuzzy(str(value))
    return _first_free(pat.finditer(text, start, end), taken) if pat else None


def _whole_line(text: str, value, region, taken) -> tuple[int, int] | None:
    pat = _fuzzy(str(value))
    if pat is None:
        return None
    for m in pat.finditer(text, *region):
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        if not text[ls:m.start()].strip() and not text[m.end():le].strip() and \
                not _overlaps((m.start(), m.end()), taken):
            return m.start(), m.end()
    return None


def locate_header(notice) -> list[tuple[str, int, object, tuple[int, int]]]:
    """(field, index in list fields, value, span) for each header value found in the text.
    Values before the list are looked for before the first task, 抄送/印发 after the last."""
    text = notice.text
    first = min((t.span[0] for t in notice.tasks), default=len(text))
    last = max((t.span[1] for t in notice.tasks), default=0)
    taken: list[tuple[int, int]] = []
    out = []
    for f in HEADER_FIELDS:
        v = getattr(notice, f, None)
        values = v if isinstance(v, list) else [v]
        for k, val in enumerate(values):
            if val is None or val == "":
                continue
            region = (last, len(text)) if f in FOOT_FIELDS else (0, first)
            span = None
            if f == "plan_title":  # its own line before the list, not a mention in the preamble
                span = _whole_line(text, val, region, taken)
            span = span or locate(text, val, start=region[0], end=region[1], taken=taken) or \
                locate(text, val, taken=taken)
            if span:
                taken.append(span)
                out.append((f, k, val, span))
    return out


# -- marks and segments -------------------------------------------------------------------------

@dataclass
class Mark:
    start: int
    end: int
    kind: str  # one of KINDS
    mid: str  # unique id: kind (or header field) and span
    tip: str  # the title tooltip
    task: int | None = None  # 1-based index of the task card it belongs to
    attrs: dict = field(default_factory=dict)  # extra data-* attributes
    css: str = ""  # extra classes


def _fmt_num(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) and abs(v) >= 10000 else str(v)


def _target_tip(t) -> str:
    value = _fmt_num(t.value) + (f"–{_fmt_num(t.value_max)}" if t.value_max is not None else "")
    parts = [f"target: {COMPARATOR_SIGNS.get(t.comparator, '')} {value} {t.unit}".replace("  ", " "),
             f"comparator: {t.comparator}"]
    if t.subject:
        parts.append(f"subject: {t.subject}")
    return "\n".join(parts)


def _deadline_tip(d) -> str:
    parts = [f"deadline: {d.date.isoformat() if d.date else 'no date'}"]
    if d.precision:
        parts.append(f"precision: {d.precision}")
    if d.ongoing:
        parts.append("ongoing")
    return "\n".join(parts)


def collect_marks(notice) -> tuple[list[Mark], dict[tuple[str, int], str]]:
    """Every extracted value that has a place in the text, and the mark id of each header value."""
    n = len(notice.text)
    marks: list[Mark] = []
    seen: set[str] = set()

    def add(start, end, kind, key, tip, **kw):
        start, end = max(0, start), min(n, end)
        if end <= start:
            return None
        mid = f"{key}-{start}-{end}"
        while mid in seen:  # two values on the same words
            mid += "b"
        seen.add(mid)
        marks.append(Mark(start, end, kind, mid, tip, **kw))
        return mid

    for i, t in enumerate(notice.tasks, 1):
        for tg in t.targets:
            add(*tg.span, "target", "target", _target_tip(tg), task=i, attrs={
                "value": _fmt_num(tg.value), "value-max": _fmt_num(tg.value_max), "unit": tg.unit,
                "comparator": tg.comparator, "subject": tg.subject or ""})
        d = t.deadline
        if d is not None and d.span:
            add(*d.span, "deadline", "deadline", _deadline_tip(d), task=i, attrs={
                "date": d.date.isoformat() if d.date else "", "precision": d.precision or "",
                "ongoing": "true" if d.ongoing else "false"})
        for b in t.responsible:
            if b.span:
                tip = f"responsible: {b.role}" + (f"\ncanonical: {b.canonical}" if b.canonical else "")
                add(*b.span, "body", "body", tip, task=i, css=f"role-{b.role}",
                    attrs={"role": b.role, "canonical": b.canonical or ""})
    for c in notice.categories:
        if c.span:
            first = next((i for i, t in enumerate(notice.tasks, 1) if t.category_number == c.number), None)
            add(*c.span, "category", "category", f"category {c.number}: {c.title}", task=first,
                attrs={"category": c.number})
    header_ids = {}
    for f, k, val, span in locate_header(notice):
        shown = val.isoformat() if isinstance(val, dt.date) else val
        mid = add(*span, "header", f, f"{f}: {shown}", css=f"f-{f}", attrs={"field": f})
        if mid:
            header_ids[(f, k)] = mid
    return marks, header_ids


def segments(marks: list[Mark], start: int, end: int, cuts=()) -> list[tuple[int, int, list[Mark]]]:
    """Split [start, end) into non-overlapping pieces, each with the marks covering it (innermost
    first).  ``cuts`` adds boundaries (page starts inside a line)."""
    inside = [m for m in marks if m.start < end and start < m.end]
    points = {start, end}
    for m in inside:
        points.update((max(start, m.start), min(end, m.end)))
    points.update(c for c in cuts if start < c < end)
    pts = sorted(points)
    out = []
    for a, b in zip(pts, pts[1:]):
        cover = [m for m in inside if m.start <= a and b <= m.end]
        cover.sort(key=lambda m: (m.end - m.start, list(KINDS).index(m.kind)))
        out.append((a, b, cover))
    return out


def _render_piece(text: str, cover: list[Mark]) -> str:
    if not cover:
        return esc(text)
    m = cover[0]  # the innermost value names the piece; the others are listed in data-m and title
    cls = ["m", f"k-{m.kind}"] + ([m.css] if m.css else []) + (["multi"] if len(cover) > 1 else [])
    attrs = {"class": " ".join(cls), "data-m": " ".join(x.mid for x in cover), "data-kind": m.kind,
             "data-start": m.start, "data-end": m.end,
             "title": "\n\n".join(x.tip for x in cover)}
    if m.task is not None:
        attrs["data-task"] = m.task
    for k, v in m.attrs.items():
        attrs[f"data-{k}"] = v
    return "<mark " + " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items()) + ">" + esc(text) + "</mark>"


# -- pages --------------------------------------------------------------------------------------

def page_breaks(notice, source=None, options: dict | None = None) -> list[tuple[int, int]]:
    """(offset in notice.text, page) where each page's text starts; empty for unpaged input.

    Re-reads and re-normalises paged input to get every page start; falls back to the pages of the
    tasks when that does not give back the same text."""
    if notice.source.format != "pdf" and not notice.source.pages:
        return []
    if source is not None:
        try:
            from .normalise import normalise
            from .readers import read

            opts = options or {}
            raw = read(source, password=opts.get("password"), limits=opts.get("limits"), ocr=opts.get("ocr", "auto"))
            norm = normalise(raw.text, raw.page_starts)
            if norm.text == notice.text and norm.page_starts:
                out: dict[int, int] = {}
                for r in raw.page_starts:
                    i = bisect.bisect_left(norm.offsets, r)
                    if i < len(notice.text):
                        out.setdefault(i, norm.page_of(i))
                out.setdefault(0, norm.page_of(0))
                return sorted(out.items())
        except PolicyTasksError:
            pass  # the notice was read a moment ago; fall back rather than fail the page
    out = []
    for t in notice.tasks:
        if t.page is not None and (not out or t.page != out[-1][1]):
            out.append((t.span[0], t.page))
    return out


# -- golden -------------------------------------------------------------------------------------

def _fmt_diff(fieldname: str, v) -> str:
    """A compact human form of a value from check.compare."""
    if v is None:
        return "—"
    if fieldname == "targets" and isinstance(v, (list, tuple)):
        parts = []
        for x in v:
            value, unit, comp, vmax = (list(x) + [None] * 4)[:4]
            rng = f"–{_fmt_num(vmax)}" if vmax is not None else ""
            parts.append(f"{COMPARATOR_SIGNS.get(comp, comp)} {_fmt_num(value)}{rng} {unit}")
        return "; ".join(parts) or "none"
    if fieldname == "responsible" and isinstance(v, (list, tuple)):
        return "、".join(f"{n} ({r})" for n, r in v) or "none"
    if fieldname == "deadline" and isinstance(v, dict):
        return (v.get("date") or "no date") + (" ongoing" if v.get("ongoing") else "")
    if fieldname == "categories" and isinstance(v, (list, tuple)):
        return "; ".join(f"{n}. {t}" for n, t in v) or "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)):
        return "; ".join(map(str, v)) or "none"
    return str(v)


def golden_report(notice, golden: dict):
    """check.compare of the notice's JSON with a golden dict."""
    from .check import compare

    return compare(json.loads(notice.to_json()), golden, Path(notice.source.path or "notice").stem)


def load_golden_file(path) -> dict:
    """A golden file, checked for shape: any fault is one PolicyTasksError naming the file."""
    from .check import load_golden

    try:
        g = load_golden(path)
    except FileNotFoundError:
        raise PolicyTasksError("no such golden file", str(path)) from None
    except (OSError, ValueError) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise PolicyTasksError(f"cannot read golden file: {e}", str(path)) from None
    return validate(g, path)


# -- the page -----------------------------------------------------------------------------------

def _asset(name: str) -> str:
    return resources.files("policytasks").joinpath("data", name).read_text(encoding="utf-8")


def _csp_hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"


def _warning_tasks(notice) -> dict[int, list[str]]:
    """Warnings by the task index (1-based) they name (``item N: …``)."""
    by_number: dict[int, list[int]] = {}
    for i, t in enumerate(notice.tasks, 1):
        by_number.setdefault(t.number, []).append(i)
    out: dict[int, list[str]] = {}
    for w in notice.warnings:
        m = _ITEM_REF.match(w)
        if m:
            for i in by_number.get(int(m.group(1)), []):
                out.setdefault(i, []).append(w)
    return out


def _warning_html(w: str, notice) -> str:
    m = _ITEM_REF.match(w)
    if m:
        num = int(m.group(1))
        i = next((i for i, t in enumerate(notice.tasks, 1) if t.number == num), None)
        if i is not None:
            return (f'<a href="#task-{i}" class="goto-card" data-task="{i}">{esc(m.group())}</a>'
                    + esc(w[m.end():]))
    return esc(w)


def _field(label: str, body: str, diffs=(), css: str = "", unc: str | None = None, unc_on: bool = False) -> str:
    classes = "field" + (" diff" if diffs else "") + (f" {css}" if css else "")
    toggle = ""
    if unc:  # a golden file may mark this field uncertain (Alt+U, or click)
        toggle = (f' <label class="unc" title="uncertain (Alt+U)"><input type="checkbox" tabindex="-1" '
                  f'data-u="{esc(unc)}"{" checked" if unc_on else ""}>?</label>')
    out = [f'<div class="{classes}" data-field="{esc(label)}"><dt>{esc(label)}{toggle}</dt><dd>{body}']
    for d in diffs:
        flag = ' <span class="uncertain">uncertain in golden</span>' if d.uncertain else ""
        name = f'<span class="which">{esc(d.field)}</span>' if d.field != label else ""
        out.append(f'<div class="gotwant">{name}<span class="got">got <b>{esc(_fmt_diff(d.field, d.got))}</b></span>'
                   f'<span class="want">want <b>{esc(_fmt_diff(d.field, d.want))}</b></span>{flag}</div>')
    out.append("</dd></div>")
    return "".join(out)


def _inp(f: str, value, label: str, *, cls: str = "", width: int | None = None, hint: str = "") -> str:
    """A text input; the page's script validates it by ``data-f`` (never the browser's own widgets,
    so Tab and Enter behave the same in every field)."""
    v = "" if value is None else (_raw_num(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                                  else str(value))
    size = f' size="{width}"' if width else ""
    ph = f' placeholder="{esc(hint)}"' if hint else ""
    return (f'<input type="text" data-f="{esc(f)}" class="in{(" " + cls) if cls else ""}" value="{esc(v)}" '
            f'aria-label="{esc(label)}"{size}{ph}>')


def _raw_num(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _select(f: str, options, value, label: str, blank: str | None = None) -> str:
    opts = [] if blank is None else [f'<option value=""{" selected" if value in (None, "") else ""}>{esc(blank)}</option>']
    opts += [f'<option value="{esc(o)}"{" selected" if o == value else ""}>{esc(o)}</option>' for o in options]
    return f'<select data-f="{esc(f)}" class="in" aria-label="{esc(label)}">{"".join(opts)}</select>'


def _check(f: str, on: bool, label: str) -> str:
    return (f'<label class="cb"><input type="checkbox" data-f="{esc(f)}"{" checked" if on else ""}> '
            f'{esc(label)}</label>')


_ROW_OPS = ('<button type="button" class="op locate" tabindex="-1" title="show in the text (Alt+L)">◎</button>'
            '<button type="button" class="op del" tabindex="-1" title="remove (Alt+Backspace)">✕</button>')


def target_row(x: dict | None = None, mid: str | None = None, tip: str = "") -> str:
    x = x or {}
    goto = f' data-goto="{esc(mid)}"' if mid else ""
    title = f' title="{esc(tip)}"' if tip else ""
    return (f'<tr class="tg"{goto}{title}><td>{_inp("value", x.get("value"), "value", cls="n", width=7)}</td>'
            f'<td>{_inp("value_max", x.get("value_max"), "max", cls="n", width=5)}</td>'
            f'<td>{_inp("unit", x.get("unit"), "unit", width=4)}</td>'
            f'<td>{_select("comparator", COMPARATORS, x.get("comparator") or "eq", "comparator")}</td>'
            f'<td>{_inp("subject", x.get("subject"), "subject", width=12)}</td><td class="ops">{_ROW_OPS}</td></tr>')


def body_row(b: dict | None = None, mid: str | None = None, canonical: str | None = None) -> str:
    b = b or {}
    goto = f' data-goto="{esc(mid)}"' if mid else ""
    canon = f'<span class="canon">→ {esc(canonical)}</span>' if canonical and canonical != b.get("name") else ""
    return (f'<li class="bd"{goto}>{_select("role", ROLES, b.get("role") or "lead", "role")}'
            f'{_inp("name", b.get("name"), "name", width=16)}{canon}<span class="ops">'
            '<button type="button" class="op up" tabindex="-1" title="move up (Alt+↑)">↑</button>'
            '<button type="button" class="op down" tabindex="-1" title="move down (Alt+↓)">↓</button>'
            f'{_ROW_OPS}</span></li>')


def _deadline_html(d: dict | None, mid: str | None) -> str:
    goto = f' data-goto="{esc(mid)}"' if mid else ""
    d0 = d or {}
    return (f'<div class="dl{" none" if d is None else ""}"{goto}>'
            f'{_check("dl-none", d is None, "none")} '
            f'{_inp("dl-text", d0.get("text"), "deadline as printed", width=14, hint="as printed")} '
            f'{_inp("dl-date", d0.get("date"), "deadline date", width=10, hint="YYYY-MM-DD")} '
            f'{_select("dl-precision", PRECISIONS, d0.get("precision"), "precision", blank="precision")} '
            f'{_check("dl-ongoing", bool(d0.get("ongoing")), "ongoing")}'
            '<button type="button" class="op locate" tabindex="-1" title="show in the text (Alt+L)">◎</button></div>')


def _progress_html(p: dict | None, as_of=None, text: str | None = None) -> str:
    p = p or {}
    extra = f' <span class="chip" title="as of">as of {esc(_iso(as_of))}</span>' if as_of else ""
    said = f' <span class="prog-text">{esc(text)}</span>' if text else ""
    return (f'<div class="pr">{_select("status", STATUSES, p.get("status"), "status", blank="status: —")} '
            f'{_inp("percent", p.get("percent"), "percent", cls="n", width=5, hint="%")} %{extra}{said}</div>')


def _iso(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def _key(x: dict) -> tuple:
    return (x.get("value"), x.get("unit"), x.get("comparator"), x.get("value_max"))


def _card(i: int, t, warns: list[str], diffs: list, mark_ids: dict, *, want: dict | None = None,
          checked: bool = False, with_section: bool = False, with_progress: bool = False,
          categories: list[str] = ()) -> str:
    """One task card with every golden field editable.  Its values are the golden task ``want``
    when a golden file is opened, else the program's reading of ``t``.  ``t`` is None for a task
    only the golden file has."""
    by_field: dict[str, list] = {}
    for d in diffs:
        by_field.setdefault(d.field, []).append(d)
    mine = task_golden(t, with_section=True, with_progress=True) if t is not None else None
    v = want if want is not None else mine
    unc = set(v.get("uncertain") or [])
    only_golden = t is None and want is not None and want.get("number") is not None
    cls = ["card", "task"] + (["has-warning"] if warns else []) + (["has-diff"] if diffs or only_golden else []) + \
        (["checked"] if checked else [])
    number = v.get("number")
    head = [f'<label class="chk" title="checked (Ctrl+Enter: check and go to the next task)">'
            f'<input type="checkbox" data-f="checked" tabindex="-1"{" checked" if checked else ""}> checked</label>',
            f'<span class="num">{esc(number)}</span>',
            f'<span class="cat">{esc(v.get("category")) if v.get("category") else "<i>no category</i>"}</span>']
    if t is not None and t.page is not None:
        head.append(f'<span class="page">p.&nbsp;{t.page}</span>')
    head.append('<button type="button" class="op remove" tabindex="-1" title="remove this task from the golden file">'
                'remove</button>')
    region = f' data-task="{i}"' if t is not None else ""
    parts = [f'<article class="{" ".join(cls)}" id="task-{i}"{region} data-number="{esc(number)}" '
             f'tabindex="0" aria-label="task {esc(number)}">', f'<header>{"".join(head)}</header>']
    if warns:
        parts.append('<ul class="card-warnings">' + "".join(f"<li>{esc(w)}</li>" for w in warns) + "</ul>")
    if only_golden:
        parts.append('<p class="task-diff">not found by the program</p>')
    for d in by_field.get("task", []):
        parts.append(f'<p class="task-diff">{"not in the golden file" if d.want is None else "not found by the program"}</p>')
    parts.append("<dl>")
    parts.append(_field("number", _inp("number", number, "item number", cls="n", width=4)))
    parts.append(_field("category", _inp("category", v.get("category"), "category", width=24)
                        + ('' if not categories else ""), by_field.get("category", []), unc="category",
                        unc_on="category" in unc))
    show_section = with_section or bool(v.get("section"))
    parts.append(_field("section", _inp("section", v.get("section"), "section", width=24),
                        by_field.get("section", []), css="" if show_section else "optional", unc="section",
                        unc_on="section" in unc))
    # targets: marks pair with values by (value, unit, comparator, value_max)
    spans = {}
    if t is not None:
        for tg, g in zip(t.targets, mine["targets"]):
            spans.setdefault(_key(g), []).append(tg)
    rows = []
    for x in v.get("targets") or []:
        found = spans.get(_key(x))
        tg = found.pop(0) if found else None
        rows.append(target_row(x, mark_ids.get(("target", tg.span)) if tg else None, tg.text if tg else ""))
    body = ('<table class="targets"><thead><tr><th>value</th><th>max</th><th>unit</th><th>cmp.</th>'
            '<th>subject</th><th></th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
            '<button type="button" class="add add-target">+ target</button>')
    parts.append(_field("targets", body, by_field.get("targets", []) + by_field.get("subject", []), unc="targets",
                        unc_on="targets" in unc))
    parts.append(_field("coverage", _check("coverage", bool(v.get("coverage")), "全覆盖"),
                        by_field.get("coverage", []), unc="coverage", unc_on="coverage" in unc))
    d = t.deadline if t is not None else None
    dmid = mark_ids.get(("deadline", d.span)) if d is not None and d.span else None
    parts.append(_field("deadline", _deadline_html(v.get("deadline"), dmid), by_field.get("deadline", []),
                        css="" if v.get("deadline") else "missing", unc="deadline", unc_on="deadline" in unc))
    by_name = {}
    if t is not None:
        for b in t.responsible:
            by_name.setdefault(b.name, []).append(b)
    items = []
    for b in v.get("responsible") or []:
        found = by_name.get(b.get("name"))
        pb = found.pop(0) if found else None
        mid = mark_ids.get(("body", pb.span)) if pb is not None and pb.span else None
        items.append(body_row(b, mid, pb.canonical if pb is not None else None))
    body = f'<ol class="bodies">{"".join(items)}</ol><button type="button" class="add add-body">+ body</button>'
    parts.append(_field("responsible", body, by_field.get("responsible", []),
                        css="" if v.get("responsible") else "missing", unc="responsible", unc_on="responsible" in unc))
    prog = t.progress if t is not None else None
    parts.append(_field("progress", _progress_html(v.get("progress"), prog.as_of if prog else None,
                                                   prog.text if prog else None),
                        by_field.get("progress", []), css="" if with_progress else "optional", unc="progress",
                        unc_on="progress" in unc))
    if t is not None and t.page is not None:
        parts.append(_field("page", str(t.page)))
    parts.append(f'</dl><p class="task-id">{esc(t.id) if t is not None else "only in the golden file"}</p></article>')
    return "".join(parts)


def _notice_card(notice, header_ids: dict, head_diffs: list, want: dict | None = None) -> str:
    """The header fields, editable; values from the golden file when one is opened."""
    by_field: dict[str, list] = {}
    for d in head_diffs:
        by_field.setdefault(d.field, []).append(d)
    want_head = (want or {}).get("notice", want or {}) if want is not None else None
    rows = []
    for f in NOTICE_FIELDS:
        val = want_head.get(f) if want_head is not None and f in want_head else _iso(getattr(notice, f))
        ids = [header_ids[(f, k)] for k in range(20) if (f, k) in header_ids]
        goto = f' data-goto="{esc(" ".join(ids))}"' if ids else ""
        locate_btn = ('<button type="button" class="op locate" tabindex="-1" title="show in the text (Alt+L)">◎</button>'
                      if ids else "")
        if f in LIST_FIELDS:
            ctl = (f'<textarea data-f="{f}" class="in" rows="{max(1, len(val or []))}" aria-label="{f}, one a line" '
                   f'>{esc(chr(10).join(val or []))}</textarea>')
        elif f == "kind":
            ctl = _select("kind", GOLDEN_KINDS, val or "plan", "kind")
        else:
            hint = "YYYY-MM-DD" if f in DATE_FIELDS else ("YYYY" if f == "year" else "")
            ctl = _inp(f, val, f, width=8 if hint else 30, hint=hint)
        if not ids and f not in ("year", "kind") and val not in (None, "", []):
            ctl = f'<span class="notfound" title="not found in the text">{ctl}</span>'
        rows.append(_field(f, f'<div class="hv"{goto}>{ctl}{locate_btn}</div>', by_field.get(f, [])))
    cats = want.get("categories") if want is not None and "categories" in want else \
        [{"number": c.number, "title": c.title} for c in notice.categories]
    ctl = (f'<textarea data-f="categories" class="in" rows="{max(2, len(cats))}" aria-label="categories, one a line" '
           f'>{esc(chr(10).join(c["title"] for c in cats))}</textarea>')
    rows.append(_field("categories", ctl + '<p class="hint">one a line, numbered in order</p>',
                       by_field.get("categories", [])))
    cls = "card notice-card" + (" has-diff" if head_diffs else "")
    return (f'<article class="{cls}" id="notice"><header><span class="num">§</span>notice</header>'
            f'<dl>{"".join(rows)}</dl></article>')


def _text_column(notice, marks: list[Mark], breaks: list[tuple[int, int]]) -> str:
    text = notice.text
    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    # each line belongs to the first task whose span it overlaps: the task region wraps whole lines
    region = [None] * len(lines)
    starts = [s for s, _ in lines]
    for i, t in enumerate(notice.tasks, 1):
        s, e = t.span
        k = max(0, bisect.bisect_right(starts, s) - 1)
        while k < len(lines) and lines[k][0] < max(e, s + 1):
            if region[k] is None and (lines[k][1] > s or lines[k][0] >= s):
                region[k] = i
            k += 1
    # a task sharing all its lines with an earlier one (two items on a line) gets an anchor instead
    anchors: dict[int, list[int]] = {}
    for i in set(range(1, len(notice.tasks) + 1)) - set(region):
        anchors.setdefault(notice.tasks[i - 1].span[0], []).append(i)
    break_at = dict(breaks)
    break_points = sorted(break_at)
    # sweep the marks along the lines so that each line only looks at the marks touching it
    by_start = sorted(marks, key=lambda m: m.start)
    nxt, active = 0, []
    out, current = [], None
    for n, (ls, le) in enumerate(lines, 1):
        while nxt < len(by_start) and by_start[nxt].start <= le:
            active.append(by_start[nxt])
            nxt += 1
        active = [m for m in active if m.end > ls]
        r = region[n - 1]
        page_here = break_at.get(ls)
        if r != current:
            if current is not None:
                out.append("</section>")
            if page_here is not None and r is None:
                out.append(f'<div class="page-break" data-page="{page_here}"><span>page {page_here}</span></div>')
                page_here = None
            if r is not None:  # a page label at a task's first line goes inside, to show when scrolled to
                t = notice.tasks[r - 1]
                out.append(f'<section class="task-region" id="text-task-{r}" data-task="{r}" '
                           f'data-number="{t.number}">')
            current = r
        if page_here is not None:
            out.append(f'<div class="page-break" data-page="{page_here}"><span>page {page_here}</span></div>')
        # pages that start inside this line get an inline label
        inner = [p for p in break_points[bisect.bisect_right(break_points, ls):] if p < le]
        pieces = []
        for a, b, cover in segments(active, ls, le, inner + [p for p in anchors if ls <= p < le]):
            if a in inner:
                pieces.append(f'<span class="page-inline" data-page="{break_at[a]}">p.&nbsp;{break_at[a]}</span>')
            for i in sorted(anchors.get(a, [])):
                pieces.append(f'<span class="task-anchor" id="text-task-{i}" data-task="{i}"></span>')
            pieces.append(_render_piece(text[a:b], cover))
        out.append(f'<div class="ln" data-n="{n}" data-o="{ls}">{"".join(pieces) or "&#8203;"}</div>')
    if current is not None:
        out.append("</section>")
    return "".join(out)


_EMPTY_TASK = {"number": None, "category": None, "section": None, "targets": [], "coverage": False,
               "deadline": None, "responsible": [], "progress": None, "uncertain": []}


def pair_tasks(notice, golden: dict | None):
    """(card index, program task or None, golden task or None) in document order.  Tasks pair by
    number in document order, as ``check`` pairs them; a task only the golden file has follows
    the golden task before it."""
    if golden is None:
        return [(i, t, None) for i, t in enumerate(notice.tasks, 1)]
    pool = list(enumerate(notice.tasks, 1))
    paired = []
    for wt in golden.get("tasks", []):
        hit = next(((i, t) for i, t in pool if t.number == wt["number"]), None)
        if hit is not None:
            pool.remove(hit)
        paired.append((hit, wt))
    left = sorted(pool, key=lambda p: p[0])
    out, extra = [], len(notice.tasks)
    for hit, wt in paired:
        if hit is not None:
            while left and left[0][0] < hit[0]:
                out.append((left[0][0], left[0][1], None))
                left.pop(0)
            out.append((hit[0], hit[1], wt))
        else:
            extra += 1
            out.append((extra, None, wt))
    out += [(i, t, None) for i, t in left]
    return out


def render(notice, *, golden: dict | None = None, breaks: list[tuple[int, int]] | None = None) -> str:
    """The review page for ``notice`` as one HTML string."""
    if golden is not None:
        validate(golden)
    marks, header_ids = collect_marks(notice)
    mark_ids = {(m.kind, (m.start, m.end)): m.mid for m in marks if m.kind != "header"}
    breaks = breaks if breaks is not None else page_breaks(notice)
    report = golden_report(notice, golden) if golden is not None else None
    task_diffs: dict[int, list] = {}
    head_diffs, missing = [], []
    if report is not None:
        first_by_number = {}
        for i, t in enumerate(notice.tasks, 1):
            first_by_number.setdefault(t.number, i)
        for d in report.differences:
            if d.task is None:
                head_diffs.append(d)
            elif d.field == "task" and d.got is None:
                missing.append(d.task)
            elif d.task in first_by_number:
                task_diffs.setdefault(first_by_number[d.task], []).append(d)
    warns = _warning_tasks(notice)
    counts = {k: sum(1 for m in marks if m.kind == k) for k in KINDS}

    title = notice.title or notice.plan_title or Path(notice.source.path or "notice").name
    src = notice.source
    meta = [esc(src.path or "(bytes)"), esc(src.format)]
    if src.pages:
        meta.append(f"{src.pages} pages")
    meta.append(f"{len(notice.tasks)} tasks")
    meta.append(f"{counts['target']} targets")
    if notice.doc_number:
        meta.insert(0, esc(notice.doc_number))

    top = [f'<h1>{esc(title)}</h1><p class="meta">{" · ".join(meta)}</p>']
    legend = "".join(f'<span class="key k-{k}">{esc(label)} <b>{counts[k]}</b></span>' for k, label in KINDS.items())
    top.append(f'<p class="legend">{legend}<span class="key key-region">task region</span>'
               f'<span class="key key-warning">warning</span>'
               + ('<span class="key key-diff">differs from golden</span>' if report else "") + "</p>")
    if report is not None:
        share = report.share()
        cls = "summary ok" if report.ok else "summary bad"
        subj = f" · subjects {report.subjects_matched}/{report.subjects}" if report.subjects else ""
        extra = ""
        if missing:
            extra += " · missing tasks: " + ", ".join(map(str, missing))
        if head_diffs:
            extra += " · notice fields differing: " + ", ".join(esc(d.field) for d in head_diffs)
        top.append(f'<p class="{cls}" id="golden-summary">golden: {report.matched}/{report.fields} fields match '
                   f'(<b>{share:.1%}</b>){subj}{extra}</p>')
    if notice.warnings:
        items = "".join(f"<li>{_warning_html(w, notice)}</li>" for w in notice.warnings)
        top.append(f'<details class="warnings" open><summary>{len(notice.warnings)} warning'
                   f'{"s" if len(notice.warnings) != 1 else ""}</summary><ul>{items}</ul></details>')
    else:
        top.append('<p class="no-warnings">no warnings</p>')

    doc = Path(notice.source.path or "notice").stem
    with_section = any(t.section for t in notice.tasks) or \
        any("section" in wt for wt in (golden or {}).get("tasks", []))
    with_progress = notice.kind == "progress" or any(t.progress for t in notice.tasks) or \
        any("progress" in wt for wt in (golden or {}).get("tasks", []))
    cats = [c.title for c in notice.categories]
    cards = [_notice_card(notice, header_ids, head_diffs, golden)]
    n_checked = 0
    for i, t, wt in pair_tasks(notice, golden):
        checked = wt is not None and wt.get("checked") is not False
        n_checked += checked
        diffs = task_diffs.get(i, []) if t is not None else []
        cards.append(_card(i, t, warns.get(i, []) if t is not None else [], diffs, mark_ids, want=wt,
                           checked=checked, with_section=with_section, with_progress=with_progress,
                           categories=cats))
    n_cards = len(cards) - 1
    top.insert(1,
        '<div class="toolbar" id="toolbar">'
        f'<span id="checked-count" aria-live="polite">{n_checked}/{n_cards} checked</span>'
        '<label class="cb"><input type="checkbox" id="keep-unchecked"> keep unchecked tasks '
        '(saved with <code>"checked": false</code>)</label>'
        '<button type="button" id="add-task" title="select the task\'s text on the left first">'
        '+ task from selected text</button>'
        '<button type="button" id="save" class="primary">Save golden</button>'
        '<span id="status" role="status"></span>'
        '<span class="keys">Tab: next field · Enter: accept · Ctrl+Enter: checked, next task · '
        'Alt+U: uncertain · Alt+L: show in text · Alt+↑↓: move body · Alt+⌫: remove row</span></div>')
    templates = (
        f'<template id="tpl-target">{target_row()}</template>'
        f'<template id="tpl-body">{body_row()}</template>'
        '<template id="tpl-task">' + _card(0, None, [], [], {}, want=_EMPTY_TASK, with_section=with_section,
                                           with_progress=with_progress).replace('id="task-0"', 'id="new-task"', 1)
        + '</template>')
    css, js = _asset("review.css"), _asset("review.js")
    # Only our own script and style may run or apply: nothing remote, nothing injected.
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>review: {esc(title)}</title><style>{css}</style></head>\n"
        f'<body data-doc="{esc(doc)}" data-section="{int(with_section)}" data-progress="{int(with_progress)}">'
        '<header id="top">' + "".join(top) + "</header>\n"
        '<main><section id="text" aria-label="notice text"><div class="text">'
        + _text_column(notice, marks, breaks)
        + '</div></section>\n<section id="cards" aria-label="tasks" spellcheck="false">' + "".join(cards) + "</section></main>\n"
        + templates
        + f"<script>{js}</script></body></html>\n"
    )


def review_html(source, *, golden: dict | None = None, **options) -> str:
    """Parse ``source`` (path or bytes; ``options`` as for ``parse``) and render its review page."""
    from .pipeline import parse

    notice = parse(source, **options)
    return render(notice, golden=golden, breaks=page_breaks(notice, source, options))


def _new_file_mode() -> int:
    umask = os.umask(0o022)  # the only way to read the umask is to set it
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path, content: str) -> None:
    """Write through a temporary file beside ``path`` and rename it into place.  A file being
    replaced keeps its mode; a read-only one is not replaced; a symlink is written through."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as e:
        raise PolicyTasksError(f"cannot write: {e.strerror or e}", str(path)) from None
    else:
        mode = st.st_mode & 0o7777
        # no write bit at all means someone made it read-only on purpose: even root does not replace it
        if not (mode & 0o222) or not os.access(path, os.W_OK):
            raise PolicyTasksError(f"is read-only (mode {mode:04o}); not replaced", str(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise PolicyTasksError(f"cannot write: {e.strerror or e}", str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.chmod(tmp, mode)  # mkstemp makes 0600
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise PolicyTasksError(f"cannot write: {e.strerror or e}", str(path)) from None


def run_review(args, options: dict) -> int:
    notices = args.notice if isinstance(args.notice, (list, tuple)) else [args.notice]
    if len(notices) > 1 or Path(notices[0]).is_dir():
        from .review_index import run_many

        return run_many(args, options)
    source = notices[0]
    output = args.output or "review.html"
    golden = load_golden_file(args.golden) if getattr(args, "golden", None) else None
    from .pipeline import parse

    from .export import feed_notice
    from .messages import plural, shown

    notice = feed_notice(parse(source, **options))  # a GBK file name or a NUL byte is shown safely
    page = render(notice, golden=golden, breaks=page_breaks(notice, source, options))
    write_atomic(output, page)
    note = (f"wrote {shown(output)}: {plural(len(notice.tasks), 'task')}, "
            f"{plural(len(notice.warnings), 'warning')}")
    if golden is not None:
        rep = golden_report(notice, golden)
        note += f", {rep.matched}/{rep.fields} fields match the golden ({rep.share():.1%})"
    sys.stderr.write(note + "\n")
    return 0
