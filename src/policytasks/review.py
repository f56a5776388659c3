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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import PolicyTasksError

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


def esc(s) -> str:
    """HTML-escape anything (notices are untrusted input); quotes too, so it is safe in attributes."""
    return html.escape("" if s is None else str(s), quote=True)


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
            raw = read(source, password=opts.get("password"), limits=opts.get("limits"))
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
    from .check import load_golden

    try:
        g = load_golden(path)
    except FileNotFoundError:
        raise PolicyTasksError("no such golden file", str(path)) from None
    except (OSError, ValueError) as e:
        raise PolicyTasksError(f"cannot read golden file: {e}", str(path)) from None
    if not isinstance(g, dict):
        raise PolicyTasksError("golden file is not a JSON object", str(path))
    return g


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


def _field(label: str, body: str, diffs=(), css: str = "") -> str:
    classes = "field" + (" diff" if diffs else "") + (f" {css}" if css else "")
    out = [f'<div class="{classes}"><dt>{esc(label)}</dt><dd>{body}']
    for d in diffs:
        flag = ' <span class="uncertain">uncertain in golden</span>' if d.uncertain else ""
        name = f'<span class="which">{esc(d.field)}</span>' if d.field != label else ""
        out.append(f'<div class="gotwant">{name}<span class="got">got <b>{esc(_fmt_diff(d.field, d.got))}</b></span>'
                   f'<span class="want">want <b>{esc(_fmt_diff(d.field, d.want))}</b></span>{flag}</div>')
    out.append("</dd></div>")
    return "".join(out)


def _card(i: int, t, warns: list[str], diffs: list, mark_ids: dict) -> str:
    by_field: dict[str, list] = {}
    for d in diffs:
        by_field.setdefault(d.field, []).append(d)
    cls = ["card"] + (["has-warning"] if warns else []) + (["has-diff"] if diffs else [])
    head = [f'<span class="num">{t.number}</span>']
    head.append(f'<span class="cat">{esc(t.category) if t.category else "<i>no category</i>"}</span>')
    if t.page is not None:
        head.append(f'<span class="page">p.&nbsp;{t.page}</span>')
    parts = [f'<article class="{" ".join(cls)}" id="task-{i}" data-task="{i}" data-number="{t.number}" '
             f'tabindex="0" aria-label="task {t.number}">',
             f'<header>{"".join(head)}</header>']
    if warns:
        parts.append('<ul class="card-warnings">' + "".join(f"<li>{esc(w)}</li>" for w in warns) + "</ul>")
    for d in by_field.get("task", []):
        parts.append(f'<p class="task-diff">{"not in the golden file" if d.want is None else "missing"}</p>')
    parts.append("<dl>")
    # targets
    if t.targets:
        rows = []
        for tg in t.targets:
            mid = mark_ids.get(("target", tg.span))
            goto = f' data-goto="{esc(mid)}"' if mid else ""
            rows.append(f'<tr{goto} title="{esc(tg.text)}"><td class="n">{esc(_fmt_num(tg.value))}</td>'
                        f'<td class="n">{esc(_fmt_num(tg.value_max))}</td><td>{esc(tg.unit)}</td>'
                        f'<td><span class="cmp">{esc(COMPARATOR_SIGNS.get(tg.comparator, ""))}</span> '
                        f'{esc(tg.comparator)}</td><td>{esc(tg.subject) if tg.subject else "<i>—</i>"}</td></tr>')
        body = ('<table class="targets"><thead><tr><th>value</th><th>max</th><th>unit</th><th>comparator</th>'
                '<th>subject</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")
    else:
        body = '<span class="none">none</span>'
    parts.append(_field("targets", body, by_field.get("targets", []) + by_field.get("subject", [])))
    parts.append(_field("coverage", "yes (全覆盖)" if t.coverage else "no", by_field.get("coverage", [])))
    d = t.deadline
    if d is not None:
        mid = mark_ids.get(("deadline", d.span)) if d.span else None
        goto = f' data-goto="{esc(mid)}"' if mid else ""
        bits = [f'<span class="dl-text"{goto}>{esc(d.text)}</span>',
                f'<span class="chip">{esc(d.date.isoformat()) if d.date else "no date"}</span>']
        if d.precision:
            bits.append(f'<span class="chip">{esc(d.precision)}</span>')
        if d.ongoing:
            bits.append('<span class="chip">ongoing</span>')
        body = " ".join(bits)
    else:
        body = '<span class="none">none</span>'
    parts.append(_field("deadline", body, by_field.get("deadline", []), css="" if d else "missing"))
    if t.responsible:
        items = []
        for b in t.responsible:
            mid = mark_ids.get(("body", b.span)) if b.span else None
            goto = f' data-goto="{esc(mid)}"' if mid else ""
            canon = f' <span class="canon">→ {esc(b.canonical)}</span>' if b.canonical and b.canonical != b.name else ""
            items.append(f'<li{goto}><span class="role role-{esc(b.role)}">{esc(b.role)}</span> '
                         f'{esc(b.name)}{canon}</li>')
        body = '<ul class="bodies">' + "".join(items) + "</ul>"
    else:
        body = '<span class="none">none</span>'
    parts.append(_field("responsible", body, by_field.get("responsible", []),
                        css="" if t.responsible else "missing"))
    if by_field.get("category"):
        parts.append(_field("category", esc(t.category or "—"), by_field["category"]))
    if t.page is not None:
        parts.append(_field("page", str(t.page)))
    parts.append(f'</dl><p class="task-id">{esc(t.id)}</p></article>')
    return "".join(parts)


def _notice_card(notice, header_ids: dict, head_diffs: list) -> str:
    by_field: dict[str, list] = {}
    for d in head_diffs:
        by_field.setdefault(d.field, []).append(d)
    rows = []
    for f in ("issuer", "doc_number", "title", "plan_title", "year", "recipients", "signed_on", "publication",
              "cc", "printed_by", "printed_on"):
        v = getattr(notice, f)
        values = v if isinstance(v, list) else [v]
        shown = []
        for k, val in enumerate(values):
            if val is None or val == "":
                continue
            s = val.isoformat() if isinstance(val, dt.date) else str(val)
            mid = header_ids.get((f, k))
            if f == "year":  # derived, never marked
                shown.append(f'<span class="hv">{esc(s)}</span>')
            elif mid:
                shown.append(f'<span class="hv" data-goto="{esc(mid)}">{esc(s)}</span>')
            else:
                shown.append(f'<span class="hv notfound" title="not found in the text">{esc(s)}</span>')
        body = "".join(shown) if shown else '<span class="none">—</span>'
        rows.append(_field(f, body, by_field.get(f, [])))
    cats = "".join(f"<li>{c.number}. {esc(c.title)}</li>" for c in notice.categories)
    rows.append(_field("categories", f'<ol class="cats">{cats}</ol>' if cats else '<span class="none">—</span>',
                       by_field.get("categories", [])))
    cls = "card notice-card" + (" has-diff" if head_diffs else "")
    return f'<article class="{cls}" id="notice"><header><span class="num">§</span>notice</header><dl>{"".join(rows)}</dl></article>'


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
        out.append(f'<div class="ln" data-n="{n}">{"".join(pieces) or "&#8203;"}</div>')
    if current is not None:
        out.append("</section>")
    return "".join(out)


def render(notice, *, golden: dict | None = None, breaks: list[tuple[int, int]] | None = None) -> str:
    """The review page for ``notice`` as one HTML string."""
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

    cards = [_notice_card(notice, header_ids, head_diffs)]
    cards += [_card(i, t, warns.get(i, []), task_diffs.get(i, []), mark_ids) for i, t in enumerate(notice.tasks, 1)]
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
        '<body><header id="top">' + "".join(top) + "</header>\n"
        '<main><section id="text" aria-label="notice text"><div class="text">'
        + _text_column(notice, marks, breaks)
        + '</div></section>\n<section id="cards" aria-label="tasks">' + "".join(cards) + "</section></main>\n"
        f"<script>{js}</script></body></html>\n"
    )


def review_html(source, *, golden: dict | None = None, **options) -> str:
    """Parse ``source`` (path or bytes; ``options`` as for ``parse``) and render its review page."""
    from .pipeline import parse

    notice = parse(source, **options)
    return render(notice, golden=golden, breaks=page_breaks(notice, source, options))


def write_atomic(path, content: str) -> None:
    """Write ``content`` as ``path`` safely (export.atomic: a regular file replaced atomically
    keeping its mode, a read-only one refused, a link's target written, a device written through)."""
    from .export.atomic import atomic_write

    data = content.encode("utf-8")
    try:
        with atomic_write(path, make_folder=False) as f:
            f.write(data)
    except OSError as e:
        raise PolicyTasksError(f"cannot write: {e.strerror or e}", str(path)) from None


def run_review(args, options: dict) -> int:
    golden = load_golden_file(args.golden) if getattr(args, "golden", None) else None
    from .pipeline import parse

    from .export import feed_notice
    from .messages import plural, shown

    notice = feed_notice(parse(args.notice, **options))  # a GBK file name or a NUL byte is shown safely
    page = render(notice, golden=golden, breaks=page_breaks(notice, args.notice, options))
    write_atomic(args.output, page)
    note = (f"wrote {shown(args.output)}: {plural(len(notice.tasks), 'task')}, "
            f"{plural(len(notice.warnings), 'warning')}")
    if golden is not None:
        rep = golden_report(notice, golden)
        note += f", {rep.matched}/{rep.fields} fields match the golden ({rep.share():.1%})"
    sys.stderr.write(note + "\n")
    return 0
