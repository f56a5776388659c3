"""Old Word .doc and WPS .wps: LibreOffice converts them to .docx, then the Word reader reads it.

Runs ``soffice --headless --convert-to docx`` in a temporary folder (its own user profile too,
so it never meets a LibreOffice the user has open), with a time limit.  LibreOffice is a system
package (Debian: libreoffice-writer-nogui), found on PATH or as $POLICYTASKS_SOFFICE.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import FormatError, LimitError, ReadError

CONVERT_TIMEOUT = 120  # seconds; the first start of LibreOffice takes a few, a big file a few more
INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or save it as .docx"
NAMES = ("soffice", "libreoffice")


def soffice() -> str | None:
    given = os.environ.get("POLICYTASKS_SOFFICE")
    if given:
        return given
    return next((p for p in map(shutil.which, NAMES) if p), None)


def to_docx(data: bytes, path: str | None = None, suffix: str = ".doc", timeout: float | None = None) -> bytes:
    """The .docx bytes LibreOffice makes of a .doc / .wps, or a one-line error."""
    exe = soffice()
    timeout = CONVERT_TIMEOUT if timeout is None else timeout
    if exe is None:
        raise FormatError(f"legacy Word {suffix} needs LibreOffice to read: {INSTALL_HINT}", path)
    with tempfile.TemporaryDirectory(prefix="policytasks-doc-") as tmp:
        src = Path(tmp) / f"notice{suffix}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            raise FormatError(f"cannot run LibreOffice ({exe}): {e.strerror or e}", path) from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
            proc.communicate()
            raise LimitError(f"LibreOffice took over {timeout:g} s to convert the {suffix} file", path) from None
        out = src.with_suffix(".docx")
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            said = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip() and "javaldx" not in ln]
            why = " ".join(" ".join(said).split())[:80]
            raise ReadError(f"damaged {suffix} file: LibreOffice could not open it{': ' + why if why else ''}",
                            path)
        return out.read_bytes()


def read_doc(data: bytes, path: str | None = None):
    from .docx import read_docx

    suffix = Path(path).suffix.lower() if path and Path(path).suffix.lower() in (".doc", ".wps") else ".doc"
    doc = read_docx(to_docx(data, path, suffix), path=path)
    doc.format = "doc"
    return doc
