"""Compare a Notice with a hand-written golden file, field by field.

Golden files hold the scored fields of the contract (see docs/contract.md): header fields under
``notice`` (or at the top level), ``categories``, and for each task its number, category,
targets, coverage, deadline and responsible.  Tasks pair by number in document order; targets
compare as a multiset of (value, unit, comparator, value_max); subjects compare leniently."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HEADER_FIELDS = ("issuer", "doc_number", "title", "plan_title", "year", "signed_on", "recipients",
                 "publication", "cc", "printed_by", "printed_on", "kind")
TASK_FIELDS = ("category", "section", "targets", "coverage", "deadline", "responsible", "progress")
# Half-width punctuation means the same as full-width (the contract's Normalisation section).
_WIDE = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def _canon(v):
    """Strings (also inside lists and tuples) with half-width punctuation made full-width."""
    if isinstance(v, str):
        return v.translate(_WIDE)
    if isinstance(v, (list, tuple)):
        return type(v)(_canon(x) for x in v)
    return v


@dataclass
class Difference:
    task: int | None  # None for header fields
    field: str
    got: object
    want: object
    uncertain: bool = False

    def __str__(self) -> str:
        where = f"task {self.task}" if self.task is not None else "notice"
        flag = " (uncertain in golden)" if self.uncertain else ""
        return f"{where}\t{self.field}\tgot {_show(self.got)}\twant {_show(self.want)}{flag}"


@dataclass
class Report:
    name: str
    fields: int = 0
    matched: int = 0
    subjects: int = 0
    subjects_matched: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def share(self) -> float:
        return self.matched / self.fields if self.fields else 1.0


def _show(v) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def _num(v):
    if v is None:
        return None
    f = float(v)
    return int(f) if f.is_integer() else round(f, 6)


def _target_key(t: dict) -> tuple:
    return (_num(t.get("value")), t.get("unit"), t.get("comparator"), _num(t.get("value_max")))


def subject_matches(got: str | None, want: str | None) -> bool:
    """Lenient: equal, one contains the other, or they share at least half their characters."""
    if not want:
        return True
    if not got:
        return False
    if got in want or want in got:
        return True
    shared = sum((Counter(got) & Counter(want)).values())
    return shared * 2 >= min(len(got), len(want))


def _task_fields(t: dict) -> dict:
    dl = t.get("deadline")
    pr = t.get("progress")
    return {
        "category": _canon(t.get("category")),
        "section": _canon(t.get("section")),
        "progress": None if pr is None else {"status": pr.get("status"), "percent": _num(pr.get("percent"))},
        "targets": sorted((_target_key(x) for x in t.get("targets") or []), key=str),
        "coverage": bool(t.get("coverage")),
        "deadline": None if dl is None else {"date": dl.get("date"), "ongoing": bool(dl.get("ongoing"))},
        "responsible": [(_canon(b["name"]), b["role"]) for b in t.get("responsible") or []],
    }


def compare(got: dict, golden: dict, name: str = "") -> Report:
    """``got`` is a Notice as JSON (a dict); ``golden`` a golden file's dict."""
    rep = Report(name or golden.get("doc", ""))
    want_head = golden.get("notice", golden)
    for f in HEADER_FIELDS:
        if f not in want_head:
            continue
        rep.fields += 1
        g, w = _canon(got.get(f)), _canon(want_head[f])
        if f == "year":
            g, w = _num(g), _num(w)
        if g == w or (isinstance(w, list) and list(g or []) == w):
            rep.matched += 1
        else:
            rep.differences.append(Difference(None, f, g, w))
    if "categories" in golden:
        rep.fields += 1
        g = [(c["number"], _canon(c["title"])) for c in got.get("categories", [])]
        w = [(c["number"], _canon(c["title"])) for c in golden["categories"]]
        if g == w:
            rep.matched += 1
        else:
            rep.differences.append(Difference(None, "categories", g, w))
    pool = list(got.get("tasks", []))
    for wt in golden.get("tasks", []):
        num = wt["number"]
        gt = next((t for t in pool if t["number"] == num), None)
        uncertain = set(wt.get("uncertain") or [])
        wf = _task_fields(wt)
        if gt is None:
            rep.fields += len(TASK_FIELDS)
            rep.differences.append(Difference(num, "task", None, "present", False))
            continue
        pool.remove(gt)
        gf = _task_fields(gt)
        for f in TASK_FIELDS:
            if f not in wt:
                continue
            rep.fields += 1
            if gf[f] == wf[f]:
                rep.matched += 1
            else:
                rep.differences.append(Difference(num, f, gf[f], wf[f], f in uncertain))
        # subjects: pair targets by key, then compare leniently
        gts = list(gt.get("targets") or [])
        for want_t in wt.get("targets") or []:
            if want_t.get("subject") is None:
                continue
            match = next((x for x in gts if _target_key(x) == _target_key(want_t)), None)
            rep.subjects += 1
            if match is not None:
                gts.remove(match)
                if subject_matches(match.get("subject"), want_t["subject"]):
                    rep.subjects_matched += 1
                    continue
            rep.differences.append(Difference(num, "subject", match and match.get("subject"),
                                              want_t["subject"], "targets" in uncertain))
    for extra in pool:
        rep.fields += 1
        rep.differences.append(Difference(extra["number"], "task", "present", None))
    return rep


def load_golden(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pair_folder(notices: Path, goldens: Path, recursive: bool = True) -> list[tuple[Path, Path | None]]:
    """Each notice in a folder with its golden: ``golden/`` mirrors ``corpus/``, so
    ``corpus/real/x.txt`` pairs with ``golden/real/x.json`` (or ``x.golden.json``, or a golden of
    the same stem at the top of ``goldens``).  ``recursive=False`` takes the top folder only."""
    from .batch import SUPPORTED_SUFFIXES

    files = notices.rglob("*") if recursive else notices.glob("*")
    out = []
    for p in sorted(x for x in files if x.is_file() and x.suffix.lower() in SUPPORTED_SUFFIXES):
        rel = p.relative_to(notices).parent
        stem = p.stem
        cand = [goldens / rel / f"{stem}.json", goldens / rel / f"{stem}.golden.json",
                goldens / f"{stem}.json", goldens / f"{stem}.golden.json"]
        out.append((p, next((c for c in cand if c.exists()), None)))
    return out
