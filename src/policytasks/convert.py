"""The ``convert`` command: inputs -> records on stdout or in files (docs/batch.md).

Exit codes: 0 every file converted; 1 a file failed (a missing path counts as a failed
file, even when it is the only one) or the output could not be written; 2 the command
line cannot be carried out (bad --jobs, json of several notices without -o, -o of the
wrong kind, folders holding no supported file at all)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from .cli import _err
from .errors import PolicyTasksError


class _Stats:
    def __init__(self) -> None:
        self.notices = 0
        self.tasks = 0
        self.failures: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []  # files in a folder of a kind not read (.png, .zip)

    def ok(self, notice) -> None:
        self.notices += 1
        self.tasks += len(notice.tasks)

    def fail(self, path: str, reason: str) -> None:
        self.failures.append((path, " ".join(str(reason).split())))


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int, quiet: bool):
    if quiet or total < 2 or not sys.stderr.isatty():
        return _NoBar()
    import tqdm as _tqdm
    from tqdm import tqdm

    _tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm(total=total, file=sys.stderr, unit="file", desc="converting", leave=False, dynamic_ncols=True)


def _usage(msg: str) -> int:
    _err(msg)
    return 2


def _plan(inputs) -> list[tuple[str, Path]]:
    """(input path, output name relative to -o for json), in the fixed input order.

    A file named twice (directly and through its folder, say) converts once."""
    from .batch import expand_inputs

    items: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            pairs = [(str(f), f.relative_to(root).with_suffix(".json")) for f in expand_inputs([root])]
        else:
            pairs = [(os.fspath(given), Path(_output_name(os.fspath(given))).with_suffix(".json"))]
        for path, rel in pairs:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                items.append((path, rel))
    return _unique_names(items)


def _output_name(given: str) -> str:
    """The name a single input's JSON takes: the file's, the web page's, stdin's."""
    if given == "-":
        return "stdin"
    if given.lower().startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        return Path(urlsplit(given).path).name or urlsplit(given).hostname or "notice"
    return Path(given).name or "notice"


def _unique_names(items: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    # a.txt and a.pdf side by side (or two a.txt from different folders) must not overwrite
    # each other: colliding names keep their suffix (a.txt.json), then get a counter.
    counts = Counter(rel for _, rel in items)
    used: set[Path] = set()
    out = []
    for path, rel in items:
        if counts[rel] > 1:
            rel = rel.with_name(Path(path).name + ".json")
        cand, n = rel, 1
        while cand in used:
            n += 1
            cand = rel.with_name(f"{rel.stem}-{n}.json")
        used.add(cand)
        out.append((path, cand))
    return out


def _results(paths: list[str], options: dict, jobs: int):
    """convert_many's results in input order, in a process pool when it pays."""
    from .batch import _worker_init, convert_many

    if jobs == 1 or len(paths) == 1:
        yield from convert_many(paths, **options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .recognise.segmenter import warm

    # Load jieba's dictionary once, here: forked workers share it instead of each spending a
    # second on it.  Where fork is not available, each worker loads it on first use.
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        warm()
        context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context, initializer=_worker_init,
                               initargs=(os.getpid(),))
    try:
        yield from convert_many(paths, executor=pool, **options)
    finally:
        # on Ctrl-C or an output error: drop what is queued, let running files finish
        pool.shutdown(wait=True, cancel_futures=True)


def _to_stdout(path: str, options: dict) -> int:
    from .batch import _convert_one

    result = _convert_one(path, options)
    if isinstance(result, PolicyTasksError):
        _err(str(result))
        return 1
    sys.stdout.write(result.to_json() + "\n")
    return 0


def _write_json(items, results, out: Path, stats: _Stats, bar) -> None:
    from .batch import remove_stale_parts
    from .export.json_out import write_notice

    for (path, rel), result in zip(items, results):
        bar.update(1)
        if isinstance(result, PolicyTasksError):
            stats.fail(path, result.reason)
            continue
        target = out / rel
        try:
            remove_stale_parts(target)
            write_notice(result, target)
        except OSError as e:
            stats.fail(path, f"cannot write {target}: {e.strerror or e}")
            continue
        stats.ok(result)


def _feed(writer, items, results, stats: _Stats, bar) -> None:
    for (path, _), result in zip(items, results):
        bar.update(1)
        if isinstance(result, PolicyTasksError):
            stats.fail(path, result.reason)
            continue
        writer.add(result)
        stats.ok(result)
    writer.close()


def _write_stream(fmt: str, out: Path | None, items, results, stats: _Stats, bar):
    from .export import open_writer
    from .export.atomic import atomic_write

    if out is None:
        sys.stdout.flush()
        writer = open_writer(fmt, sys.stdout.buffer)
        _feed(writer, items, results, stats, bar)
        return writer
    from .batch import remove_stale_parts

    remove_stale_parts(out)
    with atomic_write(out) as f:
        writer = open_writer(fmt, f)
        _feed(writer, items, results, stats, bar)
    return writer


def _summary(stats: _Stats, writer, out: Path | None, quiet: bool) -> None:
    if quiet and not stats.failures:
        return
    line = f"{stats.notices} notice{'' if stats.notices == 1 else 's'} converted, {stats.tasks} tasks"
    if stats.failures:
        line += f", {len(stats.failures)} failed"
    if stats.skipped:
        line += f", {len(stats.skipped)} skipped"
    if out is not None:
        line += f" -> {out}"
    _err(line)
    undated = getattr(writer, "undated", 0)
    if undated:
        _err(f"{undated} tasks without a deadline date are not in the calendar")
    for path, reason in stats.failures:
        _err(f"failed: {path}: {reason}")
    for path, reason in stats.skipped:
        _err(f"skipped: {path}: {reason}")


def run_convert(args, options: dict) -> int:
    fmt = args.format
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        return _usage("--jobs must be 1 or more")
    if fmt == "json" and not args.output and len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir():
        return _to_stdout(args.inputs[0], options)  # the one-notice case, unchanged

    from .batch import unreadable

    items = _plan(args.inputs)
    skipped = unreadable(args.inputs)
    if not items and not skipped:
        return _usage(f"no notices found in {', '.join(args.inputs)}")
    out = Path(args.output) if args.output else None
    if fmt == "json":
        if out is None:
            return _usage("several notices as json need -o FOLDER (or --format jsonl, csv or ics for stdout)")
        if out.exists() and not out.is_dir():
            return _usage(f"{out}: not a folder (json writes one NAME.json per notice into -o FOLDER)")
    elif out is not None and out.is_dir():
        return _usage(f"{out}: is a folder (--format {fmt} writes one file)")

    stats = _Stats()
    stats.skipped = skipped
    if jobs > 1 and len(items) > 1:
        options = {**options, "progress": False}  # one bar of files; workers' page bars would mix
    writer = None
    results = _results([p for p, _ in items], options, jobs)
    bar = _progress(len(items), args.quiet)
    try:
        if fmt == "json":
            _write_json(items, results, out, stats, bar)
        else:
            writer = _write_stream(fmt, out, items, results, stats, bar)
    except OSError as e:  # the one output file: atomic_write has removed its temporary
        if isinstance(e, BrokenPipeError):
            raise
        bar.close()
        _err(f"cannot write {e.filename or out or 'stdout'}: {e.strerror or e}")
        return 1
    finally:
        bar.close()
        results.close()
    _summary(stats, writer, out, args.quiet)
    return 1 if stats.failures else 0
