"""Safe output files: replace a regular file atomically, write through anything else.

What ``-o OUT`` does, by what ``OUT`` is (docs/batch.md, "Where the output goes"):

* missing, or a regular file: written to a temporary ``.NAME.*.part`` in the same folder,
  then renamed over ``NAME`` (``os.replace``). An interrupted run (Ctrl-C, an exception, a
  full disk) leaves either the old file or the new one, never half of one. A replaced file
  keeps its mode. Only a hard kill (SIGKILL, power loss) can leave a stray ``.part``.
* a regular file the user made read-only (no write permission, mode 0444): refused with
  ``PermissionError`` (one line, exit 1), as the shell's ``>`` refuses it. Its mode said
  "do not overwrite"; replacing it behind that would be a surprise.
* a symbolic link: the file it points to is written (as the shell's ``>`` does); the link stays.
* a device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO a tracker reads from):
  written through, never replaced by a regular file. Such a write cannot be atomic."""

from __future__ import annotations

import errno
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


def _writable(path: str, mode: int) -> bool:
    # os.access says yes to root for any file; the mode bits say what the owner asked for
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _resolve(path) -> tuple[Path, os.stat_result | None]:
    """The file a name writes to (a symlink's target) and its stat, None when there is none."""
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        return path, os.stat(path)
    except FileNotFoundError:
        return path, None


def _refuse_read_only(path: Path, st: os.stat_result | None) -> None:
    if st is not None and not _writable(str(path), st.st_mode):
        raise PermissionError(errno.EACCES, f"read-only file (mode {stat.S_IMODE(st.st_mode):04o}), "
                                            "not replaced: make it writable or choose another name", str(path))


@contextmanager
def atomic_write(path, *, durable: bool = True, make_folder: bool = True):
    """``with atomic_write(p) as f: f.write(b"...")``: ``p`` appears whole or not at all
    (a regular file), or is written through (a device or pipe); see the module's doc.

    ``durable`` fsyncs the data before the rename, so a crash cannot leave an empty
    file under the final name either. ``make_folder`` creates a missing parent folder."""
    path, st = _resolve(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        with open(path, "wb") as f:  # a device or a FIFO: through it, as `>` would
            yield f
            f.flush()
        return
    _refuse_read_only(path, st)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    # the pid in the name lets a later run remove the temporary of a killed one (batch.py)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else _new_file_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def output_path(path):
    """For writers that need a file name (SQLite, a workbook): yields the path to write.

    A regular file or a new one: the real path itself (the caller keeps it consistent, e.g.
    a database transaction). A symlink: its target. A device or pipe: refused, since such
    writers seek and rewrite."""
    path, st = _resolve(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, "not a regular file: this format needs one", str(path))
    _refuse_read_only(path, st)
    path.parent.mkdir(parents=True, exist_ok=True)
    yield path
