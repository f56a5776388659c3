"""The ``convert`` command: inputs -> records on stdout or in files (docs/batch.md).

Exit codes: 0 every file converted; 1 a file failed (a missing path counts as a failed
file, even when it is the only one), the output could not be written, or (``--strict``) a
notice has no task or a warning; 2 the command line cannot be carried out (bad --jobs,
json of several notices without -o, -o of the wrong kind, a format the -o name contradicts,
folders holding no supported file at all)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from .errors import PolicyTasksError
from .messages import err as _err, os_error, plural, shown

#: notices named in the summary's "with warnings" and "with no tasks" lines; the rest are counted
NAMED_IN_SUMMARY = 10


class _Stats:
    def __init__(self) -> None:
        self.notices = 0
        self.tasks = 0
        self.warnings = 0
        self.failures: list[tuple[str, str]] = []
        self.warned: list[tuple[str, int]] = []  # (path, number of warnings)
        self.empty: list[str] = []  # notices with no task
        self.skipped: list[tuple[str, str]] = []  # files in a folder of a kind not read (.png, .zip)

    def ok(self, result, path: str | None = None) -> None:
        """``result``: a Notice, or one rendered for its feed (``export.Rendered``) with its counts."""
        from .export import Rendered

        if isinstance(result, Rendered):
            tasks, warnings = result.tasks, result.warnings
        else:
            tasks, warnings = len(result.tasks), len(result.warnings)
        self.notices += 1
        self.tasks += tasks
        self.warnings += warnings
        name = path if path is not None else (result.source.path or result.source.sha256[:12])
        if warnings:
            self.warned.append((name, warnings))
        if not tasks:
            self.empty.append(name)

    def fail(self, path: str, reason: str) -> None:
        self.failures.append((path, " ".join(str(reason).split())))

    def strict_failed(self) -> bool:
        return bool(self.warned or self.empty)


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


#: a pool's workers take this many files at a time at most (see _chunk)
MAX_CHUNK = 16
#: ... and at least this many chunks each, so none is left with a long last one
CHUNKS_PER_WORKER = 8


def _chunk(files: int, jobs: int) -> int:
    """Files a worker takes at a time: many small notices go in chunks, since a round trip to a
    worker costs as much as converting one; a few files (large PDFs, scans) go one by one."""
    return max(1, min(MAX_CHUNK, files // (jobs * CHUNKS_PER_WORKER)))


def _prepare_for(fmt: str, per: str | None):
    """What a worker does to each notice before sending it back: the stream formats' bytes
    (export.render), or the notice made ready for a writer that needs the whole record."""
    from functools import partial

    from .export import RENDERED_FORMATS, feed_ready, render

    if fmt in RENDERED_FORMATS:
        return partial(render, fmt, **({"per": per} if per else {}))
    return feed_ready


def _results(paths: list[str], options: dict, jobs: int, prepare):
    """convert_many's results in input order, in a process pool when it pays."""
    from .batch import _worker_init, convert_many, preload

    # each notice is made ready for the feeds where it is made: the parent only writes
    options = {**options, "prepare": prepare}
    if jobs == 1 or len(paths) == 1:
        yield from convert_many(paths, **options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Load everything once, here: forked workers share it instead of each spending the first
    # notice's quarter second on it.  gc.freeze keeps the collector from writing to (and so
    # copying) the shared pages.  Where fork is not available, each worker loads on first use.
    context = None
    if "fork" in multiprocessing.get_all_start_methods():
        import gc

        preload(**options)
        gc.freeze()
        context = multiprocessing.get_context("fork")
    workers = min(jobs, len(paths))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                               initargs=(os.getpid(),))
    try:
        yield from convert_many(paths, executor=pool, chunk=_chunk(len(paths), workers), **options)
    finally:
        # on Ctrl-C or an output error: drop what is queued, let running files finish
        pool.shutdown(wait=True, cancel_futures=True)


def _one_notice(path: str, options: dict, out: Path | None, quiet: bool, strict: bool) -> int:
    """One input as JSON: on stdout, or into the one file ``-o NAME.json``."""
    from .batch import _convert_one
    from .export import feed_notice
    from .export.json_out import notice_bytes, write_notice

    result = _convert_one(path, options)
    if isinstance(result, PolicyTasksError):
        _err(str(result))
        return 1
    notice = feed_notice(result)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(notice_bytes(notice))
    else:
        write_notice(notice, out)
    stats = _Stats()
    stats.ok(result, path)
    if not quiet:
        _notes(stats)
    return 1 if strict and stats.strict_failed() else 0


def _write_json(items, results, out: Path, stats: _Stats, bar) -> None:
    from .batch import remove_stale_parts
    from .export.json_out import write_bytes

    for (path, rel), result in zip(items, results):
        bar.update(1)
        if isinstance(result, PolicyTasksError):
            stats.fail(path, result.reason)
            continue
        target = out / rel
        try:
            remove_stale_parts(target)
            write_bytes(result.data, target)  # rendered by the worker
        except OSError as e:
            stats.fail(path, os_error(e))
            continue
        stats.ok(result, path)


def _feed(writer, items, results, stats: _Stats, bar) -> None:
    from .export import Rendered

    for (path, _), result in zip(items, results):
        bar.update(1)
        if isinstance(result, PolicyTasksError):
            stats.fail(path, result.reason)
            continue
        try:
            if isinstance(result, Rendered):
                writer.write_rendered(result)  # the worker made its bytes
            else:
                writer.add(result)  # made ready for the feeds by the worker
        except ValueError as e:  # the database refused this notice; it rolled back, the rest go on
            stats.fail(path, str(e))
            continue
        stats.ok(result, path)
    writer.close()


def _write_stream(fmt: str, out: Path | None, items, results, stats: _Stats, bar, per: str | None):
    from .export import open_writer
    from .export.atomic import atomic_write, output_path

    options = {"per": per} if per else {}
    if fmt == "sqlite":
        with output_path(out) as path:
            writer = open_writer(fmt, path)
            try:
                _feed(writer, items, results, stats, bar)
            finally:
                writer.close()
        return writer
    if fmt == "csv" and out is None:
        options["bom"] = False  # a BOM is for Excel opening a file, not for a pipe
    if out is None:
        sys.stdout.flush()
        writer = open_writer(fmt, sys.stdout.buffer, **options)
        _feed(writer, items, results, stats, bar)
        return writer
    from .batch import remove_stale_parts

    remove_stale_parts(out)
    with atomic_write(out) as f:
        writer = open_writer(fmt, f, **options)
        _feed(writer, items, results, stats, bar)
    return writer


def _names(entries: list[str]) -> str:
    shown_ = ", ".join(shown(e) for e in entries[:NAMED_IN_SUMMARY])
    more = len(entries) - NAMED_IN_SUMMARY
    return shown_ + (f" and {more} more" if more > 0 else "")


def _notes(stats: _Stats) -> None:
    """The lines on notices that converted but need a look: warnings, no task at all."""
    if stats.warned:
        _err(f"{plural(len(stats.warned), 'notice')} with warnings ({plural(stats.warnings, 'warning')}): "
             + _names([f"{p} ({n})" for p, n in stats.warned]))
    if stats.empty:
        _err(f"{plural(len(stats.empty), 'notice')} with no tasks: {_names(stats.empty)}")


def _summary(stats: _Stats, writer, out: Path | None, quiet: bool) -> None:
    if quiet and not stats.failures:
        return
    line = f"{plural(stats.notices, 'notice')} converted, {plural(stats.tasks, 'task')}"
    if stats.failures:
        line += f", {len(stats.failures)} failed"
    if stats.skipped:
        line += f", {len(stats.skipped)} skipped"
    if out is not None:
        line += f" -> {shown(out)}"
    _err(line)
    undated = getattr(writer, "undated", 0)
    if undated:
        _err(f"{plural(undated, 'task')} without a deadline date {'is' if undated == 1 else 'are'} "
             "not in the calendar")
    replaced = getattr(writer, "replaced", 0)
    if replaced:
        _err(f"{plural(replaced, 'notice')} already in the database replaced")
    _notes(stats)
    for path, reason in stats.failures:
        _err(f"failed: {shown(path)}: {reason}")
    for path, reason in stats.skipped:
        _err(f"skipped: {shown(path)}: {reason}")


def _choose_format(args, out: Path | None):
    """(format, error): ``--format`` if given, else what the ``-o`` name's suffix says, else json."""
    from .export import format_for

    implied = format_for(out) if out is not None else None
    if args.format and implied and args.format != implied:
        return None, f"-o {shown(out)} names a {implied} file but --format is {args.format}"
    return args.format or implied or "json", None


def _is_device(path: Path) -> bool:
    """A device or a named pipe (``/dev/stdout``, a FIFO): one stream, written through."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def run_convert(args, options: dict) -> int:
    from .export import FILE_FORMATS

    out = Path(args.output) if args.output else None
    fmt, problem = _choose_format(args, out)
    if problem:
        return _usage(problem)
    per = getattr(args, "per", None)
    strict = getattr(args, "strict", False)
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        return _usage("--jobs must be 1 or more")
    if per not in (None, "task") and fmt != "csv":
        return _usage(f"--per {per} is for --format csv (not {fmt})")
    if fmt in FILE_FORMATS and out is None:
        return _usage(f"--format {fmt} needs -o FILE")
    one_file = fmt == "json" and out is not None and (out.suffix.lower() == ".json" or _is_device(out))
    if fmt == "json" and len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir() and (out is None or one_file):
        if one_file and out.is_dir():
            return _usage(f"{shown(out)}: is a folder (a .json name is one notice's file)")
        return _one_notice(args.inputs[0], options, out, args.quiet, strict)

    from .batch import unreadable

    items = _plan(args.inputs)
    skipped = unreadable(args.inputs)
    if not items and not skipped:
        return _usage(f"no notices found in {', '.join(shown(i) for i in args.inputs)}")
    if fmt == "json":
        if out is None:
            return _usage("several notices as json need -o FOLDER (or --format jsonl, csv or ics for stdout)")
        if one_file:
            return _usage(f"-o {shown(out)} is one JSON file, but there are several notices: "
                          "give a folder, or -o NAME.jsonl")
        if out.exists() and not out.is_dir():
            return _usage(f"{shown(out)}: not a folder (json writes one NAME.json per notice into -o FOLDER)")
    elif out is not None and out.is_dir():
        return _usage(f"{shown(out)}: is a folder (--format {fmt} writes one file)")

    stats = _Stats()
    stats.skipped = skipped
    if jobs > 1 and len(items) > 1:
        options = {**options, "progress": False}  # one bar of files; workers' page bars would mix
    writer = None
    dask = getattr(args, "dask", None)
    if dask:
        from contextlib import ExitStack

        from . import dask_batch

        stack = ExitStack()
        client = stack.enter_context(dask_batch.client_for(dask))
        results = dask_batch.results(client, [p for p, _ in items], {**options, "prepare": _prepare_for(fmt, per)})
    else:
        stack = None
        results = _results([p for p, _ in items], options, jobs, _prepare_for(fmt, per))
    bar = _progress(len(items), args.quiet)
    try:
        if fmt == "json":
            _write_json(items, results, out, stats, bar)
        else:
            writer = _write_stream(fmt, out, items, results, stats, bar, per)
    except OSError as e:  # the one output file: atomic_write has removed its temporary
        if isinstance(e, BrokenPipeError):
            raise
        bar.close()
        if e.filename is None and out is not None:
            e.filename = str(out)
        _err(os_error(e))
        return 1
    finally:
        bar.close()
        results.close()
        if stack is not None:
            stack.close()
    _summary(stats, writer, out, args.quiet)
    return 1 if stats.failures or (strict and stats.strict_failed()) else 0
