"""Progress: how a task stands in a progress report (status, percent of the goal, figures reached).

A pure function of the text; the words are data (``data/progress.yaml``).  Figures reached
(已审核加装电梯12部) are read with the target scanner and kept as ``figures``: they are never targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..models import Progress
from . import targets as _targets
from .subjects import subject_before

_PERCENT = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]")
# a cell that is only a percentage, perhaps with a note: "80%（新区实验幼儿园进度滞后）"
# (not a share of things: "50%的村已完成")
_LEADING = regex.compile(r"^[\s:：，,]*(?:\d+(?:\.\d+)?\s*[%％])(?!\s*的)")
# …or a cell of its own after the text of another column (a 完成率 column): "…\n\n52%"
_CELL = regex.compile(r"(?:^|\n|\|)[ \t]*(\d+(?:\.\d+)?)\s*[%％][ \t]*(?=$|\n|\|)")
_CLAUSE_BREAK = set("，,；;。！？!?\n\t")
#: a part's percentage of its own work (场外工程完成70%): under way, but not the task's percent
_PART_DONE = regex.compile(r"完成\s*(\d+(?:\.\d+)?)\s*[%％]")

STATUSES = ("done", "in_progress", "not_started")
_AS_OF = regex.compile(r"截[至止]\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def read_as_of(text: str, year: int | None = None) -> dt.date | None:
    """The date a report speaks for, from its 截至 words (截至6月30日, 截止2023年12月31日);
    ``year`` fills in a date written without one."""
    m = _AS_OF.search(text or "")
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else year
    try:
        return dt.date(y, int(m.group(2)), int(m.group(3))) if y else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Words:
    status: regex.Pattern  # every status word, longest first
    goal_met: regex.Pattern  # 完成调整后方案目标
    kind: dict
    stages: tuple[str, ...]
    stage_gap: int
    future: tuple[str, ...]
    negators: tuple[str, ...]
    percent_words: tuple[str, ...]
    longest_percent_word: int
    percent_gap: int
    count_gap: int
    goal_done: frozenset[str]
    figure_verbs: tuple[str, ...]
    percent_verbs: frozenset[str]
    percent_openers: tuple[str, ...]
    figure_ends: tuple[str, ...]


@lru_cache(maxsize=None)
def _words() -> _Words:
    data = rules.load("progress")
    kind = {}
    for k in STATUSES:
        for w in data.get(k) or []:
            kind.setdefault(str(w), k)
    alts = sorted(kind, key=len, reverse=True)
    return _Words(
        status=regex.compile("|".join(map(regex.escape, alts))),
        goal_met=regex.compile("(?:" + "|".join(map(regex.escape, data.get("goal_verbs") or ["完成"]))
                               + rf")[^\s，。；,;、！？]{{0,{int(data.get('goal_gap', 8))}}}?(?:"
                               + "|".join(map(regex.escape, data.get("goal_nouns") or ["目标"])) + ")"),
        kind=kind,
        stages=tuple(data.get("stages") or []),
        stage_gap=int(data.get("stage_gap", 4)),
        future=tuple(data.get("future_words") or []),
        negators=tuple(sorted(data.get("negators") or [], key=len, reverse=True)),
        percent_words=tuple(sorted(data.get("percent_words") or [], key=len, reverse=True)),
        longest_percent_word=max(map(len, data.get("percent_words") or [""])),
        percent_gap=int(data.get("percent_gap", 8)),
        count_gap=int(data.get("count_gap", 6)),
        goal_done=frozenset(data.get("goal_done") or []),
        percent_verbs=frozenset(data.get("percent_verbs") or []),
        percent_openers=tuple(sorted(data.get("percent_openers") or [], key=len, reverse=True)),
        figure_verbs=tuple(sorted(data.get("figure_leading_verbs") or [], key=len, reverse=True)),
        figure_ends=tuple(data.get("figure_subject_ends") or []),
    )


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


def _evidence(text: str, w: _Words) -> list[str]:
    """The status each status word in ``text`` stands for, in order; "count" for a count reached
    (已建成2个) and "goal" for the goal met (超额完成年度目标)."""
    found = []
    hits = [(m, w.kind[m.group(0)]) for m in w.status.finditer(text)]
    taken = [m.span() for m, _ in hits]
    hits += [(m, "goal") for m in w.goal_met.finditer(text)
             if not any(a <= m.start() < b for a, b in taken)]
    for m, kind in sorted(hits, key=lambda h: h[0].start()):
        clause = text[_clause_start(text, m.start()):m.start()]
        if any(f in clause for f in w.future):
            continue  # 预计年底前全面完成: promised, not reported
        if clause.endswith(w.negators):
            continue  # 尚未完成年度目标
        if kind == "done":
            after = text[m.end():m.end() + w.stage_gap + max(map(len, w.stages), default=0)]
            near = text[m.end():m.end() + w.count_gap + 1]
            cut = next((k for k, c in enumerate(near) if c in _CLAUSE_BREAK), len(near))
            if m.group(0) in w.goal_done:
                kind = "goal"
            elif any(0 <= after.find(s) <= w.stage_gap for s in w.stages):
                kind = "in_progress"  # 已完成主体工程: a stage of the task
            elif regex.search(r"\d", near[:cut]):
                kind = "count"  # 已建成2个: a count reached, not the task done
        found.append(kind)
    return found


def _decide(found: list[str]) -> str | None:
    kinds = set(found)
    if not kinds:
        return None
    if "goal" in kinds and kinds <= {"goal", "done", "count"}:
        return "done"  # 已完工43部，超额完成年度目标: the goal met, counts and all
    kinds = {"done" if k == "goal" else "in_progress" if k == "count" else k for k in kinds}
    # one kind of word: that status; done beside not yet, or anything under way: in progress
    return kinds.pop() if len(kinds) == 1 else "in_progress"


def _figure_subject(subject: str | None, w: _Words) -> str | None:
    """The thing counted, without the report's verbs and status words around it."""
    if not subject:
        return None
    for v in w.figure_verbs:
        if subject.startswith(v) and len(subject) > len(v):
            subject = subject[len(v):]
            break
    cut = min((k for k in (subject.find(e) for e in w.figure_ends) if k >= 0), default=len(subject))
    return subject[:cut].strip() or None


def _only_a_verb(clause: str, w: _Words) -> bool:
    """已完成, 目前累计完成: the clause names no part of the task before its verb."""
    clause = clause.strip()
    while True:
        opener = next((o for o in w.percent_openers if clause.startswith(o) and len(clause) > len(o)), None)
        if opener is None or clause in w.percent_verbs:
            break
        clause = clause[len(opener):].strip()
    return clause in w.percent_verbs


def read_percent(text: str) -> tuple[float | None, tuple[int, int] | None]:
    """The task's percent of its goal, and where it is written in ``text``."""
    w = _words()
    lead = _LEADING.match(text)
    if lead:
        m = _PERCENT.search(text, 0, lead.end())
        return float(m.group(1)), m.span()
    cell = _CELL.search(text)
    if cell:
        return float(cell.group(1)), cell.span(1)
    for m in _PERCENT.finditer(text):
        start = _clause_start(text, m.start())
        if _only_a_verb(text[start:m.start()], w):
            return float(m.group(1)), m.span()
        before = text[max(start, m.start() - w.percent_gap - w.longest_percent_word):m.start()]
        for word in w.percent_words:
            k = before.rfind(word)
            if k >= 0 and len(before) - k - len(word) <= w.percent_gap:
                return float(m.group(1)), m.span()
    return None, None


def read_progress(text: str, *, offset: int = 0, as_of: dt.date | None = None) -> Progress:
    """The progress a report gives for one task (``text`` as printed, starting at ``offset`` of
    the document); ``as_of`` is the date the report speaks for."""
    w = _words()
    found = _evidence(text, w)
    percent, pspan = read_percent(text)
    if percent is not None:
        status = "done" if percent >= 100 else ("not_started" if percent == 0 else "in_progress")
    else:
        found += ["in_progress" for m in _PART_DONE.finditer(text) if float(m.group(1)) < 100]
        status = _decide(found)
    figures = [t for t in _targets.scan_targets(text, offset, achieved=True)[0]
               if pspan is None or not (t.span[0] - offset < pspan[1] and pspan[0] < t.span[1] - offset)]
    for f in figures:
        # 新建村卫生室12个已投入使用: after the amount only a status word, so the words before it
        f.subject = _figure_subject(f.subject, w) or _figure_subject(subject_before(text, f.span[0] - offset), w)
    return Progress(text=text, span=(offset, offset + len(text)), status=status, percent=percent,
                    as_of=as_of, figures=figures)
