"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

An interrupted run (Ctrl-C, an exception, a full disk) leaves either the old file or
the new one under the final name, never half of one. Only a hard kill (SIGKILL,
power loss) can leave a stray ``.NAME.*.part`` temporary beside it."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path


def _new_file_mode() -> int:
    # mkstemp creates 0600; a finished output gets the mode open() would have given it.
    umask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_write(path, *, durable: bool = True):
    """``with atomic_write(p) as f: f.write(b"...")``: ``p`` appears whole or not at all.

    ``durable`` fsyncs the data before the rename, so a crash cannot leave an empty
    file under the final name either."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # the pid in the name lets a later run remove the temporary of a killed one (batch.py)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)  # replacing a file keeps its mode
        except FileNotFoundError:
            mode = _new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
