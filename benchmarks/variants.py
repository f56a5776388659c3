"""Distinct notices for timing: real corpus notices with their numbers, place words and item
wording varied, so that no two texts are the same and a warm cache of earlier phrases (the word
segmenter's) cannot make a batch look faster than new notices would be."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

# Interchangeable words of these notices: each variant picks a different one at each place.
SWAPS = [
    ("社区", ["社区", "街区", "片区", "小区", "村居"]),
    ("老年", ["老年", "高龄", "长者"]),
    ("学校", ["学校", "校园", "学堂"]),
    ("公园", ["公园", "游园", "绿园", "园林"]),
    ("服务", ["服务", "保障", "帮扶"]),
    ("设施", ["设施", "设备", "场所"]),
    ("建设", ["建设", "建成", "打造"]),
    ("居民", ["居民", "群众", "市民", "住户"]),
]
_NUMBER = re.compile(r"(?<![\d.年月日〔])(\d{1,5})(?=\s*[个所处家条部张万人名场次户项座台套辆公%])")


def sources() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted((CORPUS / "real").glob("*.txt"))


def vary(text: str, i: int) -> str:
    """Variant ``i`` of a notice: counts scaled, interchangeable words rotated."""
    text = _NUMBER.sub(lambda m: str(int(m.group(1)) * (2 + i % 7) + i), text)
    for word, choices in SWAPS:
        k = [0]

        def pick(_m, choices=choices, k=k):
            k[0] += 1
            return choices[(i + k[0] * (1 + i % 3)) % len(choices)]

        text = re.sub(word, pick, text)
    return text


def write(folder: Path, n: int) -> list[Path]:
    """``n`` distinct notices in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    src = [p.read_text(encoding="utf-8") for p in sources()]
    out, seen = [], set()
    i = 0
    while len(out) < n:
        text = vary(src[i % len(src)], i // len(src) + 1)
        i += 1
        if text in seen:
            continue
        seen.add(text)
        p = folder / f"{len(out):04d}.txt"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out
