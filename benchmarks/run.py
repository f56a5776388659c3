"""Benchmarks for policytasks, run by hand:  python benchmarks/run.py [--quick]

Measures, in one run, and prints a Markdown table for the README:
- PDF conversion time against pdfplumber's own extract_text of the same file (a ratio);
- text notices per second (parse_text, warm);
- the slowest find_targets over adversarial strings;
- batch throughput with --jobs 1 and --jobs 2 over a few hundred notices;
- CLI start time (--help) against a bare interpreter;
- peak memory of a batch of N and of 4N notices (flat memory: the two should be close);
- OCR of the scanned reference notice: seconds a page and peak memory (with the ocr extra).

Timings are medians of several runs on whatever machine runs this; the README says which.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
PDF = SHARED / "fixtures" / "xicheng-2024-official.pdf"

# Budgets from issue 9.
PDF_RATIO_BUDGET = 1.3
TEXT_MS_BUDGET = 10.0
HELP_RATIO_BUDGET = 6.0
TARGETS_MS_BUDGET = 100.0


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_pdf(repeat: int) -> tuple[float, float]:
    import pdfplumber

    import policytasks

    data = PDF.read_bytes()
    policytasks.parse(data)  # warm: imports, jieba

    def plumber():
        import io

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()

    return median_time(lambda: policytasks.parse(data), repeat), median_time(plumber, repeat)


def bench_text(repeat: int) -> float:
    import policytasks

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    policytasks.parse_text(texts[0])
    t = median_time(lambda: [policytasks.parse_text(x) for x in texts], repeat)
    return t / len(texts)


def bench_targets() -> float:
    import policytasks

    policytasks.find_targets("新建学校2所")
    cases = [
        "1" * 5000, "一" * 5000, "万" * 5000, "“" * 3000 + "1个", "每" * 3000 + "1个",
        ("新建学校12所、" * 400), ("不少于" * 1000) + "3个", ("3至" * 1500) + "5所",
        "（2023—" * 1000, "百分之" * 1500, ("1.2.3." * 1000) + "万元", ("十" * 50 + "个、") * 100,
    ]
    worst = 0.0
    for c in cases:
        t0 = time.perf_counter()
        policytasks.find_targets(c)
        worst = max(worst, time.perf_counter() - t0)
    return worst


def bench_megabyte() -> float:
    """A 1 MB text input (the reference notice 180 times over): must finish in seconds."""
    import policytasks

    big = "\n".join([(CORPUS / "xicheng-2024.txt").read_text(encoding="utf-8")] * 180)
    t0 = time.perf_counter()
    policytasks.parse_text(big)
    return time.perf_counter() - t0


def make_batch(folder: Path, copies: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for i in range(copies):
        for p in sorted(CORPUS.glob("*.txt")):
            shutil.copy(p, folder / f"{i:03d}-{p.name}")
            n += 1
    return n


def run_cli(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "policytasks", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def bench_batch(folder: Path, repeat: int) -> tuple[float, float]:
    out = folder.parent / "out.jsonl"
    t1 = statistics.median(run_cli(["convert", str(folder), "--format", "jsonl", "-o", str(out),
                                    "--jobs", "1", "--quiet"]) for _ in range(repeat))
    t2 = statistics.median(run_cli(["convert", str(folder), "--format", "jsonl", "-o", str(out),
                                    "--jobs", "2", "--quiet"]) for _ in range(repeat))
    return t1, t2


def bench_start(repeat: int) -> tuple[float, float]:
    def bare():
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    def helps():
        subprocess.run([sys.executable, "-m", "policytasks", "--help"], check=True, stdout=subprocess.DEVNULL)

    return median_time(bare, repeat), median_time(helps, repeat)


def peak_memory_kb(folder: Path) -> int:
    """Peak RSS of a --jobs 1 batch, read from the child's rusage."""
    code = (
        "import resource, sys\n"
        "from policytasks.cli import main\n"
        f"main(['convert', {str(folder)!r}, '--format', 'jsonl', '-o', {str(folder.parent / 'm.jsonl')!r},"
        " '--jobs', '1', '--quiet'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip().split("\n")[-1])


def bench_ocr() -> tuple[float, int, int] | None:
    """OCR of the 7-page scan in a fresh process: (seconds a page, pages, peak RSS in kB), the
    model's loading included; None without the ocr extra or the fixture."""
    scan = SHARED / "fixtures" / "xicheng-2024-scanned.pdf"
    if not scan.exists():
        return None
    code = (
        "import resource, sys, time\n"
        "from policytasks.readers import ocr\n"
        "if not ocr.available(): sys.exit(3)\n"
        "import policytasks\n"
        "t0 = time.perf_counter()\n"
        f"n = policytasks.parse({str(scan)!r})\n"
        "print(time.perf_counter() - t0, n.source.pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if p.returncode == 3:
        return None
    p.check_returncode()
    secs, pages, rss = p.stdout.split()
    return float(secs) / int(pages), int(pages), int(rss)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    rows = []
    ok = True

    def row(name, value, budget, passed):
        nonlocal ok
        ok &= passed
        rows.append(f"| {name} | {value} | {budget} | {'yes' if passed else 'NO'} |")

    if PDF.exists():
        ours, plumber = bench_pdf(repeat)
        ratio = ours / plumber
        row("PDF (7 pages): parse vs pdfplumber extract_text", f"{ours*1000:.0f} ms vs {plumber*1000:.0f} ms = {ratio:.2f}x",
            f"≤ {PDF_RATIO_BUDGET}x", ratio <= PDF_RATIO_BUDGET)
    per = bench_text(repeat)
    row("text notice, warm", f"{per*1000:.1f} ms ({1/per:.0f} notices/s)", f"< {TEXT_MS_BUDGET:.0f} ms", per * 1000 < TEXT_MS_BUDGET)
    worst = bench_targets()
    row("find_targets, slowest adversarial string", f"{worst*1000:.1f} ms", f"< {TARGETS_MS_BUDGET:.0f} ms",
        worst * 1000 < TARGETS_MS_BUDGET)
    mb = bench_megabyte()
    row("1 MB of text in one input", f"{mb:.2f} s", "seconds", mb < 10)
    bare, helps = bench_start(repeat)
    row("`--help` start vs `python -c pass`", f"{helps*1000:.0f} ms vs {bare*1000:.0f} ms = {helps/bare:.1f}x",
        f"≤ {HELP_RATIO_BUDGET:.0f}x", helps / bare <= HELP_RATIO_BUDGET)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small"
        big = Path(tmp) / "big"
        n_small = make_batch(small, 8)
        n_big = make_batch(big, 32)
        t1, t2 = bench_batch(big, max(1, repeat // 2))
        row(f"batch of {n_big} notices to JSONL, --jobs 1 / --jobs 2",
            f"{t1:.2f} s ({n_big/t1:.0f}/s) / {t2:.2f} s ({n_big/t2:.0f}/s)", "--jobs 2 faster", t2 < t1)
        m_small, m_big = peak_memory_kb(small), peak_memory_kb(big)
        row(f"peak memory, batch of {n_small} / {n_big} notices", f"{m_small/1024:.0f} MB / {m_big/1024:.0f} MB",
            "flat (≤ 1.2x)", m_big <= 1.2 * m_small)
    ocr = bench_ocr()
    if ocr is not None:
        per_page, pages, rss = ocr
        row(f"OCR of the {pages}-page scan (extra `ocr`): seconds a page / peak memory",
            f"{per_page:.1f} s / {rss/1024:.0f} MB", "seconds a page", per_page < 30)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("| measure | result | budget | met |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
