"""The tracking material (corpus/tracking, golden/tracking) as Notice objects built from the
hand-written goldens: each task's own words, targets, bodies, and its progress text read by
read_progress.  Linking is tested on these, apart from how a report is segmented."""

from __future__ import annotations

import datetime as dt
import json

from policytasks.models import Body, Notice, Source, Target, Task
from policytasks.recognise.progress import read_progress

from conftest import GOLDEN

TRACKING = GOLDEN / "tracking"
LINKS = sorted((TRACKING / "links").glob("*.json"))


def golden(name: str) -> dict:
    return json.loads((TRACKING / f"{name}.json").read_text(encoding="utf-8"))


def notice_from_golden(name: str) -> Notice:
    g = golden(name)
    head = g["notice"]
    tasks = []
    for t in g["tasks"]:
        pr = t.get("progress")
        as_of = dt.date.fromisoformat(pr["as_of"]) if pr and pr.get("as_of") else None
        dl = t.get("deadline")
        tasks.append(Task(
            id=f"{name}#{t['number']}", number=t["number"], category=t.get("category"), text=t["text"],
            targets=[Target(value=x["value"], value_max=x.get("value_max"), unit=x["unit"], comparator=x["comparator"],
                            subject=x.get("subject"), text=f"{x['value']}{x['unit']}", span=(0, 0)) for x in t["targets"]],
            deadline={"text": dl["date"], "date": dl["date"]} if dl else None,
            responsible=[Body(name=b["name"], role=b["role"]) for b in t["responsible"]],
            span=(0, 0), progress=read_progress(pr["text"], as_of=as_of) if pr else None))
    return Notice(source=Source(path=f"corpus/tracking/{name}.txt", sha256="0" * 64, format="text"),
                  kind=head.get("kind") or "plan", title=head.get("title"), year=head.get("year"),
                  signed_on=head.get("signed_on"), tasks=tasks)


def true_links(path) -> tuple[str, str, set[tuple[str, str]]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    a, b = (p.rsplit("/", 1)[-1].removesuffix(".txt") for p in (d["first"], d["second"]))
    return a, b, {(f"{a}#{x}", f"{b}#{y}") for x, y in d["pairs"]}
