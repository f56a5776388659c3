"""Link the tasks of two notices by what they say: a plan and its progress report, or a plan
and next year's plan.

Reports renumber, reorder (by lead body), shorten the wording (老旧小区综合改造（6个）), merge
two items into one line, split one into two and leave items out, so numbers are never used.
Each pair of tasks gets a score from three kinds of evidence:

- the words: Han character bigrams, weighted by how rare they are in the two documents
  (cosine, and how much of the shorter text the longer one holds);
- the targets: amounts with the same unit (an exact amount counts more; next year's plan
  carries a task over with new figures, so the unit alone counts too);
- the bodies: the same lead body.

Amounts and bodies only confirm: a pair whose words share too little (``MIN_TEXT_SCORE``) scores 0.

A pair is kept when its score reaches ``MIN_SCORE`` and it is the best partner of at least one
side while not far below the best of the other (``PARTNER_RATIO``): one report line can pair
with two plan items (merged), and two report lines with one plan item (split)."""

from __future__ import annotations

import math
import sys
import types
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from . import rules

#: least score of a pair that is kept
MIN_SCORE = 0.28
#: least score of the words alone: amounts and bodies confirm a pair, they never make one
#: (新建养老服务中心5个、助餐点20个 and 新增家庭医生团队20个 share an amount and nothing else)
MIN_TEXT_SCORE = 0.12
#: a pair kept for one side's best partner must reach this share of the other side's best score
PARTNER_RATIO = 0.55
#: weights of the evidence (renormalised over the kinds both tasks have)
TEXT_WEIGHT = 0.6
TARGET_WEIGHT = 0.3
BODY_WEIGHT = 0.1
#: within the words' score: cosine against containment of the shorter text
COSINE_SHARE = 0.5
#: within the targets' score: the unit alone, against the same unit and amount
UNIT_ONLY_SHARE = 0.4

_HAN_RUN = regex.compile(r"\p{Han}+")


@lru_cache(maxsize=None)
def _noise() -> regex.Pattern:
    """What a report wraps around an item's words (data/link.yaml): it says nothing of which item."""
    words = rules.load("link").get("noise_words") or []
    return regex.compile("|".join(map(regex.escape, sorted(words, key=len, reverse=True))) or "(?!)")


@dataclass
class Links:
    """``pairs``: (id in the first notice, id in the second, score), in the first notice's order;
    ``only_first`` / ``only_second``: the ids left unpaired on each side."""

    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    only_first: list[str] = field(default_factory=list)
    only_second: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"pairs": [list(p) for p in self.pairs], "only_first": list(self.only_first),
                "only_second": list(self.only_second)}


def _task_words(task) -> str:
    """The task's own wording: its text without a progress report written into it."""
    text = task.text or ""
    pr = getattr(task, "progress", None)
    if pr is not None and pr.text and pr.text in text:
        text = text.replace(pr.text, " ")
    return _noise().sub(" ", text)


def _bigrams(text: str) -> Counter:
    grams: Counter = Counter()
    for run in _HAN_RUN.findall(text):
        if len(run) == 1:
            grams[run] += 1
        for i in range(len(run) - 1):
            grams[run[i:i + 2]] += 1
    return grams


def _idf(docs: list[Counter]) -> dict[str, float]:
    n = len(docs)
    df: Counter = Counter()
    for d in docs:
        df.update(set(d))
    return {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}


@dataclass(frozen=True)
class _Vector:
    weights: dict[str, float]
    norm: float   # Euclidean length, for the cosine
    total: float  # sum of weights, for how much of a text another holds


def _weigh(grams: Counter, idf: dict[str, float]) -> _Vector:
    w = {g: (1 + math.log(c)) * idf.get(g, 0.0) for g, c in grams.items()}
    return _Vector(w, math.sqrt(sum(v * v for v in w.values())), sum(w.values()))


def _text_score(a: _Vector, b: _Vector) -> float:
    if not a.norm or not b.norm:
        return 0.0
    small, big = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    dot = held_small = held_big = 0.0
    for g, v in small.weights.items():
        u = big.weights.get(g)
        if u is not None:
            dot += v * u
            held_small += v
            held_big += u
    cos = dot / (a.norm * b.norm)
    # how much of the shorter text (by weight) the other holds
    held = held_small / small.total if small.total <= big.total else held_big / big.total
    return COSINE_SHARE * cos + (1 - COSINE_SHARE) * held


def _targets(task) -> list[tuple[str, float]]:
    return [(t.unit, float(t.value)) for t in task.targets]


def _target_score(a: list, b: list) -> float | None:
    if not a or not b:
        return None
    units_a, units_b = Counter(u for u, _ in a), Counter(u for u, _ in b)
    same_unit = sum((units_a & units_b).values()) / min(len(a), len(b))
    exact = sum((Counter(a) & Counter(b)).values()) / min(len(a), len(b))
    return UNIT_ONLY_SHARE * same_unit + (1 - UNIT_ONLY_SHARE) * exact


def _bodies(task) -> set[str]:
    return {(b.canonical or b.name) for b in task.responsible if b.role == "lead"}


def _body_score(a: set, b: set) -> float | None:
    if not a or not b:
        return None
    return 1.0 if a & b else 0.0


def score_matrix(first, second) -> list[list[float]]:
    """The score of every pair of tasks: ``[i][j]`` for the i-th task of ``first`` and the j-th
    of ``second``."""
    fa, fb = list(first.tasks), list(second.tasks)
    grams_a = [_bigrams(_task_words(t)) for t in fa]
    grams_b = [_bigrams(_task_words(t)) for t in fb]
    idf = _idf(grams_a + grams_b)
    wa = [_weigh(g, idf) for g in grams_a]
    wb = [_weigh(g, idf) for g in grams_b]
    ta, tb = [_targets(t) for t in fa], [_targets(t) for t in fb]
    ba, bb = [_bodies(t) for t in fa], [_bodies(t) for t in fb]
    out = []
    for i in range(len(fa)):
        row = []
        for j in range(len(fb)):
            text = _text_score(wa[i], wb[j])
            if text < MIN_TEXT_SCORE:
                row.append(0.0)
                continue
            parts = [(TEXT_WEIGHT, text)]
            ts = _target_score(ta[i], tb[j])
            if ts is not None:
                parts.append((TARGET_WEIGHT, ts))
            bs = _body_score(ba[i], bb[j])
            if bs is not None:
                parts.append((BODY_WEIGHT, bs))
            total = sum(w for w, _ in parts)
            row.append(sum(w * s for w, s in parts) / total)
        out.append(row)
    return out


def link(first, second) -> Links:
    """Pair the tasks of ``second`` (a report, or next year's plan) with the tasks of ``first``
    they speak of.  Both are :class:`~policytasks.models.Notice` objects."""
    m = score_matrix(first, second)
    fa, fb = list(first.tasks), list(second.tasks)
    best_a = [max(row, default=0.0) for row in m]
    best_b = [max((m[i][j] for i in range(len(fa))), default=0.0) for j in range(len(fb))]
    pairs = []
    for i in range(len(fa)):
        for j in range(len(fb)):
            s = m[i][j]
            if s < MIN_SCORE:
                continue
            a_best, b_best = s >= best_a[i], s >= best_b[j]
            if (a_best and s >= PARTNER_RATIO * best_b[j]) or (b_best and s >= PARTNER_RATIO * best_a[i]):
                pairs.append((fa[i].id, fb[j].id, round(s, 3)))
    paired_a = {p[0] for p in pairs}
    paired_b = {p[1] for p in pairs}
    return Links(pairs=pairs, only_first=[t.id for t in fa if t.id not in paired_a],
                 only_second=[t.id for t in fb if t.id not in paired_b])


class _CallableModule(types.ModuleType):
    # importing this module makes `policytasks.link` the module, not the function of the
    # package's __init__: calling the module calls link(), so policytasks.link(a, b) always works
    def __call__(self, first, second) -> Links:
        return link(first, second)


sys.modules[__name__].__class__ = _CallableModule
