"""Batch conversion: many inputs, optionally in parallel, results in input order."""

from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import FormatError, LimitError, ParseError, PolicyTasksError, ReadError

SUPPORTED_SUFFIXES = {".txt", ".text", ".pdf", ".docx", ".html", ".htm", ".shtml",
                      ".doc", ".wps", ".xlsx", ".xls", ".ods"}


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; folders recursively, every supported format, in a fixed (sorted) order."""
    out: list[Path] = []
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def unreadable(inputs: Iterable[str | os.PathLike]) -> list[tuple[str, str]]:
    """Files inside the folders given that are not read (an image, an archive): (path, why), so
    the summary names them instead of passing over them.  Hidden files are left out."""
    out = []
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            for x in sorted(p.rglob("*")):
                if (x.is_file() and x.suffix.lower() not in SUPPORTED_SUFFIXES
                        and not any(part.startswith(".") for part in x.relative_to(p).parts)):
                    out.append((str(x), f"not a notice format policytasks reads ({x.suffix or 'no suffix'})"))
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


#: The key under which convert_many passes its ``prepare`` function to the worker with the options.
PREPARE = "_prepare"


def prepared(result, options: dict):
    """A worker's result after the caller's ``prepare`` (done where the notice was made, so the
    parent only writes it)."""
    prepare = options.get(PREPARE)
    return prepare(result) if prepare is not None and not isinstance(result, PolicyTasksError) else result


def _convert_one(path, options: dict):
    from .pipeline import parse

    if not isinstance(path, (str, os.PathLike)):
        return FormatError(f"expected a path, not {type(path).__name__}: {path!r}"[:200])
    path = os.fspath(path)
    parse_options = {k: v for k, v in options.items() if k != PREPARE}
    try:
        return prepared(parse(path, **parse_options), options)
    except PolicyTasksError as e:
        return e
    except MemoryError:
        return LimitError("ran out of memory: the input is too large for this machine (lower --max-bytes "
                          "or --max-chars, or fewer --jobs)", path)
    except (TypeError, ValueError) as e:  # parse's own checks: an unusable name (a NUL byte)
        return ReadError(str(e), path)
    except Exception as e:  # a bug must not stop the batch; it is reported with the file
        err = ParseError(_one_line(f"internal error ({type(e).__name__}: {e})"), path)
        err.__cause__ = e
        return err


#: Invented notices under ``data/`` that ``preload`` converts: a list, a table, a progress report.
WARMUP_SAMPLES = ("warmup-list.txt", "warmup-table.txt", "warmup-progress.txt")


def preload(prepare=None, **options) -> None:
    """Do now what a process's first notice would: import the pipeline, read every rule file,
    build the word table and the patterns, by converting the small invented samples above as
    ``convert_many(paths, prepare=prepare, **options)`` would.  A batch calls it before forking
    its workers, so they share one copy instead of each loading its own."""
    from .rules import data_path

    for _ in convert_many([data_path(name) for name in WARMUP_SAMPLES], prepare=prepare, **options):
        pass


#: How often a worker without prctl looks whether its parent is still there (seconds).
PARENT_POLL_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_init(parent_pid: int | None = None) -> None:
    # Ctrl-C is the parent's to handle: it cancels what is queued and lets running files finish,
    # instead of every worker printing its own KeyboardInterrupt traceback.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if forked with it
    _die_with_parent(parent_pid or os.getppid())


def _die_with_parent(parent_pid: int) -> None:
    """A worker whose parent is killed (SIGKILL, SIGTERM) must not wait forever for work: on
    Linux the kernel kills it (PR_SET_PDEATHSIG); elsewhere a thread watches the parent's pid."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent_pid:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="policytasks-parent-watch", daemon=True).start()


@contextmanager
def terminate_as_interrupt():
    """While a command runs, SIGTERM cleans up like Ctrl-C: queued files are cancelled,
    temporaries removed, exit 130.  The previous handler is back afterwards (main() may be
    called from a program of its own)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # signals can only be handled on the main thread
        return

    def handler(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def remove_stale_parts(target: str | os.PathLike) -> None:
    """Remove the temporaries (``.NAME.PID.*.part``, see export/atomic.py) that an earlier run into
    the same place left when it was killed: those whose writing process is gone."""
    import glob

    target = Path(target)
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = part.name[len(target.name) + 2:].split(".", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue  # a live run's temporary, or not one of ours
        try:
            part.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def _worker_failed(e: Exception, path: str) -> PolicyTasksError:
    return PolicyTasksError(_one_line(f"worker failed ({type(e).__name__}: {e})"), path)


def _collect(future, path: str):
    try:
        result = future.result()
    except Exception as e:  # the worker died or the result did not come back: this file failed
        return _worker_failed(e, path)
    return result


#: the last files of a chunked batch, in chunks of this many chunks' worth, go one by one: so
#: no worker is left with a whole chunk to do while the others have finished
TAIL_CHUNKS = 2


def _chunks(paths: list, chunk: int) -> list[list]:
    """``paths`` in runs of ``chunk``, but the last ``TAIL_CHUNKS * chunk`` one by one."""
    cut = max(0, len(paths) - TAIL_CHUNKS * chunk)
    return [paths[i:min(i + chunk, cut)] for i in range(0, cut, chunk)] + [[p] for p in paths[cut:]]


def _convert_chunk(paths: list, options: dict) -> list:
    return [_convert_one(p, options) for p in paths]


def _collect_chunk(future, paths: list) -> list:
    try:
        return future.result()
    except Exception as e:  # the worker died: every file it held failed
        return [_worker_failed(e, p) for p in paths]


def convert_many(paths, executor=None, *, prefetch: int | None = None, chunk: int = 1, prepare=None,
                 **options) -> Iterator:
    """Yield one result per path, in order: a Notice, or the PolicyTasksError it raised.

    ``executor`` is any ``concurrent.futures.Executor`` (a process pool, or a Dask
    ``Client().get_executor()``); without one the files convert here, one by one.
    At most ``prefetch`` files are queued on the executor at a time (default: four
    tasks per local CPU, at least 32), so memory stays bounded however many paths there
    are; raise it for a large cluster. Closing the generator early cancels what is queued.
    ``chunk`` files go to a worker together, as one task: for many small files, where a
    task's round trip costs as much as converting the file (a worker that dies fails them all).
    ``prepare`` (a module-level function, so it can travel to the workers) is applied to each
    Notice where it was made, before it comes back."""
    from .arguments import check_paths

    paths = check_paths(paths)  # one path is a list of one, not its characters
    if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1:
        raise ValueError(f"chunk must be a whole number of files, 1 or more, not {chunk!r}")
    if prepare is not None:
        options = {**options, PREPARE: prepare}
    if executor is None:
        for p in paths:
            yield _convert_one(p, options)
        return
    # tasks in flight: enough that a worker always finds one queued while the results are taken
    # in order (a slow file ahead must not leave the other workers idle)
    tasks = max(32, 4 * (os.cpu_count() or 1))
    window = max(1, -(-prefetch // chunk)) if prefetch else tasks
    pending: deque = deque()
    if chunk == 1:  # a task per path: submit(_convert_one, path, options), which dask_batch wraps
        todo = iter(paths)

        def submit_next() -> None:
            p = next(todo, None)
            if p is not None:
                pending.append((p, executor.submit(_convert_one, p, options)))

        def collect(future, p) -> list:
            return [_collect(future, p)]
    else:
        todo = iter(_chunks(paths, chunk))

        def submit_next() -> None:
            ps = next(todo, None)
            if ps is not None:
                pending.append((ps, executor.submit(_convert_chunk, ps, options)))

        collect = _collect_chunk
    try:
        for _ in range(window):
            submit_next()
        while pending:
            p, future = pending.popleft()
            submit_next()
            yield from collect(future, p)
    finally:
        for _, future in pending:
            future.cancel()
