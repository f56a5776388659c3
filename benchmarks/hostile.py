"""Pathological shapes of text at 1 MB, run by hand:  python benchmarks/hostile.py [--size BYTES]

Each shape is parsed in its own process; prints seconds and peak memory (MB) per shape as a
Markdown table.  Issue 14: these were quadratic ("1.\\n" * N took minutes at 1 MB) or held
~120 MB per MB; everything is linear now, and memory a small multiple of the input except where
every line is a task (the records themselves).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
XICHENG = (REPO / "corpus" / "xicheng-2024.txt").read_text(encoding="utf-8")

SHAPES = {
    "1.\\n lines": lambda n: "1.\n" * (n // 3),
    "N. 任务 lines (N > 999)": lambda n: "".join(f"{i}. 任务\n" for i in range(1000, 1000 + n // 12)),
    "N. 任务 lines (every line a task)": lambda n: "".join(f"{i % 999 + 1}. 任务\n" for i in range(n // 10)),
    "one line": lambda n: "任务" * (n // 6),
    "a notice repeated": lambda n: (XICHENG * (n // len(XICHENG.encode()) + 1))[: n // 3],
    "labels in one line": lambda n: "1. 任务。" + "责任单位：区民政局、" * (n // 30),
    "open brackets": lambda n: "1. 任务" + "（" * (n // 3),
}

CHILD = r"""
import json, resource, sys, time
from policytasks.pipeline import parse_text
text = sys.stdin.read()
t = time.perf_counter()
try:
    n = parse_text(text)
    what = f"{len(n.tasks)} tasks"
except Exception as e:
    what = type(e).__name__
print(json.dumps({"seconds": time.perf_counter() - t, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "what": what}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1_000_000, help="bytes of UTF-8 per shape")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    print(f"| shape ({args.size // 1000} KB) | seconds | peak MB | result |\n|---|---|---|---|")
    for name, make in SHAPES.items():
        text = make(args.size)
        p = subprocess.run([sys.executable, "-c", CHILD], input=text, capture_output=True, text=True, env=env)
        if p.returncode:
            print(f"| {name} | – | – | failed: {p.stderr.strip().splitlines()[-1][:80]} |")
            continue
        r = json.loads(p.stdout)
        print(f"| {name} | {r['seconds']:.1f} | {r['mb']:.0f} | {r['what']} |")


if __name__ == "__main__":
    main()
