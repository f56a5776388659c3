"""``convert --dask ADDRESS``: the batch on a Dask cluster, past one machine.

The results come back through ``convert_many`` in input order, so the output is byte-for-byte
what ``--jobs`` gives.  Workers read the input files themselves when they see them at the same
path (a shared file system: checked once per batch, on every worker, by size and modification
time); otherwise each file's bytes are sent with its task, the path kept for the records and
the error messages.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from .errors import LimitError, PolicyTasksError, ReadError

LOCAL = "local"  # --dask local: a LocalCluster on this machine
#: Tasks queued on the cluster at a time, per worker thread: enough to keep it busy.
PREFETCH_PER_THREAD = 4


@contextmanager
def client_for(address: str):
    """A Dask client for ``address`` (``local``: a new LocalCluster, closed afterwards)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise PolicyTasksError(f"--dask needs dask.distributed installed (pip install 'policytasks[dask]'): {e}")
    if address == LOCAL:
        with LocalCluster(host="127.0.0.1", dashboard_address=":0", silence_logs=50) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as e:
        raise PolicyTasksError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    with client:
        yield client


def _stamp(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _sees(path: str, stamp) -> bool:
    return _stamp(path) == stamp


def workers_see(client, paths: list[str]) -> bool:
    """Do all workers see the first existing input as this machine does?"""
    probe = next((p for p in paths if _stamp(p) is not None), None)
    if probe is None:
        return True  # nothing readable here either: the workers' own errors are the right ones
    answers = client.run(_sees, probe, _stamp(probe))  # as given: a relative path must resolve there too
    return bool(answers) and all(answers.values())


def _convert_bytes(path: str, data, options: dict):
    """On a worker: one file given as its bytes (or the error reading it here gave)."""
    from .batch import PREPARE, _one_line, prepared
    from .errors import ParseError
    from .pipeline import _guarded
    from .readers import read

    if isinstance(data, PolicyTasksError):
        return data
    opts = {k: v for k, v in options.items() if k != PREPARE}
    aliases = opts.pop("aliases", None)
    try:
        raw = read(data, name=path, **opts)
        return prepared(_guarded(raw, aliases), options)
    except PolicyTasksError as e:
        return e
    except Exception as e:  # a bug must not stop the batch; it is reported with the file
        return ParseError(_one_line(f"internal error ({type(e).__name__}: {e})"), path)


def _read_here(path: str, limits):
    """The file's bytes, read at most to the size limit, or the error a worker would give."""
    from .readers import Limits

    limits = limits or Limits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            return ReadError("is a folder, not a file", path)
        if size > limits.max_bytes:
            return LimitError(f"file is {size} bytes, over the limit of {limits.max_bytes}", path)
        with open(p, "rb") as f:
            return f.read(limits.max_bytes + 1)
    except FileNotFoundError:
        return ReadError("no such file", path)
    except OSError as e:
        return ReadError(f"cannot read: {e.strerror or e}", path)


class _BytesExecutor:
    """Wraps the cluster's executor: ``submit(_convert_one, path, options)`` becomes a task that
    carries the file's bytes."""

    def __init__(self, inner, options: dict) -> None:
        self._inner = inner
        self._options = options

    def submit(self, _fn, path, options):
        data = _read_here(os.fspath(path), options.get("limits"))
        return self._inner.submit(_convert_bytes, os.fspath(path), data, options)


def results(client, paths: list[str], options: dict):
    """convert_many's results on the cluster, in input order."""
    from .batch import convert_many
    from .recognise.bodies import alias_table

    threads = sum(client.nthreads().values()) or 1
    executor = client.get_executor()
    if not workers_see(client, paths):
        options = dict(options)
        if options.get("aliases") is not None:  # the alias file is not there either: send its table
            options["aliases"] = alias_table(options["aliases"])
        executor = _BytesExecutor(executor, options)
    yield from convert_many(paths, executor=executor, prefetch=max(32, PREFETCH_PER_THREAD * threads), **options)
