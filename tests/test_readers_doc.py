"""Old Word .doc (and WPS .wps): LibreOffice converts them, then the Word reader reads them."""

import shutil
import subprocess
from pathlib import Path

import pytest

import policytasks
from policytasks.errors import FormatError, ReadError
from policytasks.readers import doc as docreader

import makeformats as mf

REPO = Path(__file__).resolve().parents[1]
NOTICE = REPO / "corpus" / "xicheng-2024.txt"


def _records(n):
    return [t.model_dump(exclude={"span"}) for t in n.tasks]


@pytest.fixture(scope="module")
def docx_and_doc(tmp_path_factory):
    """The notice as .docx, and the .doc LibreOffice saves of it."""
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is needed: .ci/run installs it"
    tmp = tmp_path_factory.mktemp("doc")
    src = tmp / "notice.docx"
    src.write_bytes(mf.make_docx(NOTICE.read_text(encoding="utf-8")))
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=300)
    return src, tmp / "notice.doc"


def test_doc_made_from_the_docx_gives_the_same_records(docx_and_doc, tmp_path):
    docx_path, doc_path = docx_and_doc
    want = policytasks.parse(docx_path)
    got = policytasks.parse(doc_path)
    assert got.source.format == "doc" and want.source.format == "docx"
    assert len(got.tasks) == 25 and _records(got) == _records(want)
    wps = tmp_path / "notice.wps"  # WPS writes Word's binary format under its own suffix
    shutil.copy(doc_path, wps)
    assert _records(policytasks.parse(wps)) == _records(want)


def test_doc_libreoffice_cannot_open_is_a_one_line_error(docx_and_doc, tmp_path):
    bad = tmp_path / "broken.doc"
    data = docx_and_doc[1].read_bytes()
    bad.write_bytes(data[: len(data) // 2])  # cut off: its directory of streams is gone
    with pytest.raises(ReadError, match="damaged .doc file") as e:
        policytasks.parse(bad)
    assert "\n" not in str(e.value) and "broken.doc" in str(e.value)


def test_doc_without_libreoffice_says_what_to_install(docx_and_doc, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("POLICYTASKS_SOFFICE", raising=False)
    with pytest.raises(FormatError, match="libreoffice-writer-nogui") as e:
        policytasks.parse(docx_and_doc[1])
    assert "\n" not in str(e.value)


def test_doc_conversion_over_the_time_limit_is_a_limit_error(docx_and_doc, tmp_path, monkeypatch):
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("POLICYTASKS_SOFFICE", str(slow))
    monkeypatch.setattr(docreader, "CONVERT_TIMEOUT", 1)
    with pytest.raises(policytasks.LimitError, match="took over 1 s"):
        policytasks.parse(docx_and_doc[1])
