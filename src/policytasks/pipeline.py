"""The pipeline: read -> normalise -> header -> segment -> recognisers -> models."""

from __future__ import annotations

import os
from collections import Counter

from . import markers
import regex

from .errors import LimitError, ParseError, PolicyTasksError, ReadError
from .header import Line, parse_header
from .models import Body, Category, Column, Notice, Section, Source, Target, Task
from .normalise import Normalised, normalise
from .readers import Limits, RawDocument, read
from .recognise.bodies import (AliasSource, apply_first_listed, bodies_in_text, first_listed_leads,
                               parse_responsible)
from .recognise.coverage import has_coverage
from .recognise.deadlines import find_in_text, latest_deadline, parse_deadline
from .recognise.numerals import to_number
from .recognise.progress import read_progress
from .recognise.targets import scan_targets
from .script import Restorer, restore_notice, to_simplified
from .segment import RawItem, choose_list, run_together, segment
from .layout import plain_layout


MAX_LISTED_GAP = 10  # a numbering gap longer than this is warned as a range


def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for t in text.split("\n"):
        out.append(Line(t, pos))
        pos += len(t) + 1
    return out


def _task_id(key: str, number: int, seen: Counter) -> str:
    seen[number] += 1
    suffix = f"-{seen[number]}" if seen[number] > 1 else ""
    return f"{key}#{number}{suffix}"


def _build_task(item: RawItem, key: str, year: int | None, norm: Normalised, aliases: AliasSource,
                warnings: list[str], seen: Counter, as_of=None) -> Task:
    label = f"item {item.number}"
    targets = []
    for piece in item.text:
        found, problems = scan_targets(piece.text, offset=piece.start)
        targets.extend(found)
        for p in problems:
            warnings.append(f"{label}: {p.reason}: “{p.text}”")
    for piece, value, subject in item.money:  # a money column: the amount the task commits to
        targets.append(Target(value=to_number(value), unit="元", comparator="eq", subject=subject,
                              text=piece.text, span=(piece.start, piece.start + len(piece.text))))
    for qty, unit in item.amounts:  # 数量 | 单位 in columns of their own: 46 | 公里
        found, _ = scan_targets(qty.text.strip() + unit.text.strip())
        if found:
            t = found[0]
            subject = item.text[-1].text.strip("。；; ") if item.text else None
            targets.append(t.model_copy(update={"text": f"{qty.text}{unit.text}", "subject": subject,
                                                "span": (qty.start, unit.start + len(unit.text))}))
    targets.sort(key=lambda t: t.span[0])  # in the order the notice gives them, whatever column
    text = "\n".join(p.text for p in item.text).strip()
    deadlines = []
    for piece in item.deadlines:
        d = parse_deadline(piece.text, year, normalised=True)
        if d is not None:
            d.span = (piece.start, piece.start + len(piece.text))
            if d.date is None and not d.ongoing:
                warnings.append(f"{label}: deadline “{d.text}” could not be read")
            deadlines.append(d)
    deadline = latest_deadline(deadlines)
    if deadline is None:
        for piece in item.text:  # no label: a deadline in the task's own words (9月底前完工)?
            d = find_in_text(piece.text, year)
            if d is not None:
                d.span = (piece.start + d.span[0], piece.start + d.span[1])
                deadline = d
    if deadline is None and item.period is not None:  # 一、一季度完成事项: the heading's period
        deadline = parse_deadline(item.period.text, year, normalised=True)
        if deadline is not None:
            deadline.span = (item.period.start, item.period.start + len(item.period.text))
    if deadline is None:
        warnings.append(f"{label}: no deadline")
    bodies: list[Body] = []
    for piece, role in item.responsible:
        bodies.extend(parse_responsible(piece.text, default_role=role, aliases=aliases, offset=piece.start))
    if not bodies:  # no label: a body in the task's own words (由县住建局牵头实施)?
        for piece in item.text:
            bodies.extend(bodies_in_text(piece.text, piece.start))
    if not bodies:
        warnings.append(f"{label}: no responsible body")
    progress = None
    if item.progress:
        first, last = item.progress[0], item.progress[-1]
        progress = read_progress("\n".join(p.text for p in item.progress), offset=first.start, as_of=as_of)
        progress.span = (first.start, last.start + len(last.text))
    return Task(
        id=_task_id(key, item.number, seen),
        number=item.number,
        category=item.category,
        category_number=item.category_number,
        section=item.section,
        progress=progress,
        text=text,
        targets=targets,
        coverage=has_coverage(text),
        deadline=deadline,
        responsible=bodies,
        span=(item.start, item.end),
        page=norm.page_of(item.start),
    )


def build_notice(raw: RawDocument, aliases: AliasSource = None) -> Notice:
    norm = normalise(plain_layout(raw.text), raw.page_starts, join=raw.format in ("text", "pdf"))
    original = norm.text
    shadow = to_simplified(original)
    norm.text = shadow  # recognise on simplified characters; restored below
    lines = run_together(_lines(norm.text))
    choice = choose_list(lines)
    if choice is None:
        header = parse_header(lines)
    else:
        header = parse_header(lines, choice.start, choice.end)
    body = [ln for i, ln in enumerate(lines[header.list_start:header.list_end], header.list_start)
            if i not in header.used and ln.text.strip()]
    seg = segment(body, progress_report=header.kind == "progress")
    warnings: list[str] = list(raw.warnings)
    key = header.doc_number or header.plan_title or header.title or "notice"
    restorer = Restorer(original, shadow) if shadow != original else None
    if restorer is not None:
        key = restorer.text(key)  # ids carry the notice's own script, like its doc number
    seen: Counter = Counter()
    as_of = header.as_of or header.signed_on
    tasks = [_build_task(it, key, header.year, norm, aliases, warnings, seen, as_of) for it in seg.items]
    if first_listed_leads(norm.text):  # the notice's own rule: 排在第一位的为牵头单位
        for t in tasks:
            apply_first_listed(t.responsible)
    numbers = [t.number for t in tasks]
    for n, c in Counter(numbers).items():
        if c > 1:
            warnings.append(f"item {n}: number used {c} times")
    # runs of numbering: a list that starts again at 1 (or in a new category) is a new run
    runs: list[list[Task]] = []
    for prev, t in zip([None, *tasks], tasks):
        if prev is None or (t.number <= prev.number and (t.number == 1 or t.category_number != prev.category_number)):
            runs.append([])
        runs[-1].append(t)
    for run in runs:
        present = {t.number for t in run}
        for a, b in zip(run, run[1:]):
            a, b = a.number, b.number
            missing = [n for n in range(a + 1, b) if n not in present]  # 1, 2, 4, 3 skips nothing
            if missing:
                shown = ", ".join(map(str, missing)) if len(missing) <= MAX_LISTED_GAP else \
                    f"{missing[0]} to {missing[-1]} ({len(missing)} numbers)"  # one line, not 1 KB a warning
                warnings.append(f"items {a} to {b}: numbering skips {shown}")
            elif b < a:
                warnings.append(f"items {a} to {b}: numbering out of order ({b} after {a})")
    after = [ln for i, ln in enumerate(lines[header.list_end:], header.list_end)
             if i not in header.used and ln.text.strip()]
    if choice is not None and choice.runner_up is not None:
        other = lines[choice.runner_up[0]].text
        warnings.append(f"another reading of the task list, starting at “{other[:40]}”, explains the "
                        f"notice almost as well ({choice.runner_up[1]:.1f} against {choice.score:.1f})")
    warnings.extend(seg.notes)
    for p in seg.unplaced:
        warnings.append(f"line not placed in any task: “{p.text[:60]}”")
    if after and markers.ATTACHMENT.match(after[0].text):
        # another attachment (a report form): one warning for all of it
        warnings.append(f"{after[0].text} not read as tasks: {len(after)} lines from “{after[0].text}” "
                        f"to “{after[-1].text[:60]}”")
    else:
        for p in after:
            warnings.append(f"line not placed in any task: “{p.text[:60]}”")
    if not tasks:
        body_lines = sum(1 for i, ln in enumerate(lines) if i not in header.used and ln.text.strip())
        warnings.append(f"no numbered tasks found: {body_lines} lines of the notice were read as no task list")
    notice = Notice(
        source=Source(path=raw.path, sha256=raw.sha256, format=raw.format, pages=raw.pages),
        issuer=header.issuer,
        doc_number=header.doc_number,
        title=header.title,
        plan_title=header.plan_title,
        year=header.year,
        recipients=header.recipients,
        signed_on=header.signed_on,
        publication=header.publication,
        cc=header.cc,
        printed_by=header.printed_by,
        printed_on=header.printed_on,
        kind="progress" if header.kind == "progress" or any(t.progress for t in tasks) else "plan",
        categories=[Category(number=n, title=t, span=(s, s + len(t))) for n, t, s in seg.categories],
        sections=[Section(number=n, title=t, category_number=c, span=(s, s + len(t)))
                  for n, t, c, s, _ in seg.sections],
        columns=[Column(name=n, kind=k) for n, k in seg.columns],
        tasks=tasks,
        warnings=warnings,
        text=norm.text,
    )
    if restorer is not None:
        restore_notice(notice, restorer)
    return notice


def _out_of_memory(path: str | None) -> LimitError:
    return LimitError("ran out of memory: the input is too large for this machine (lower --max-bytes "
                      "or --max-chars, or fewer --jobs)", path)


def _guarded(raw: RawDocument, aliases: AliasSource) -> Notice:
    try:
        return build_notice(raw, aliases=aliases)
    except PolicyTasksError:
        raise
    except MemoryError:
        raise _out_of_memory(raw.path) from None
    except Exception as e:  # a bug must reach the caller as one clear line, naming the file
        raise ParseError(f"could not parse ({type(e).__name__}: {e}); please report this file",
                         raw.path) from e


def parse(source, *, password: str | None = None, aliases: AliasSource = None,
          limits: Limits | None = None, ocr: str = "auto", progress: bool = False,
          pdf_engine: str = "pdfium") -> Notice:
    """Parse a notice from a path or bytes (text, PDF, Word, HTML).  ``ocr``: auto (scanned
    pages only), always or never; ``progress``: a bar of OCR'd pages on a terminal;
    ``pdf_engine``: ``"pdfium"`` (fast) or ``"pdfplumber"`` (the original path, for comparison).

    A bad argument raises TypeError or ValueError; a bad file, a PolicyTasksError."""
    from .arguments import check_aliases, check_limits, check_source

    check_source(source)
    limits = check_limits(limits)
    check_aliases(aliases)
    if password is not None and not isinstance(password, (str, bytes)):
        raise TypeError(f"password must be a str, not {type(password).__name__}")
    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")
    from .readers.pdf import ENGINES

    if pdf_engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {pdf_engine!r}: use one of {', '.join(ENGINES)}")
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    try:
        raw = read(source, password=password, limits=limits, ocr=ocr, progress=progress, pdf_engine=pdf_engine)
    except PolicyTasksError:
        raise
    except MemoryError:
        raise _out_of_memory(name) from None
    except Exception as e:  # a reader's bug, reported like a parser's
        raise ParseError(f"could not read ({type(e).__name__}: {e}); please report this file", name) from e
    return _guarded(raw, aliases)


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def parse_text(text: str, *, path: str | None = None, aliases: AliasSource = None) -> Notice:
    """Parse a notice given as a string."""
    import hashlib

    from .arguments import check_aliases, check_text
    from .readers import check_chars

    check_text(text, "parse_text")
    check_aliases(aliases)
    if not text.strip():
        raise ReadError("empty file", path)  # as parse(b"") says
    check_chars(text, Limits(), path)
    # lone surrogates cannot be written out as UTF-8: they become U+FFFD like undecodable bytes
    text = _SURROGATE.sub("\ufffd", text)
    raw = RawDocument(text=text.replace("\r\n", "\n").replace("\r", "\n"), format="text",
                      sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), path=path)
    return _guarded(raw, aliases)
