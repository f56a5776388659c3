"""The same notice in every format gives the same records, ids included (issue 6).

PDF (two layouts), Word and HTML files are made from each corpus notice's text by
tests/makeformats.py; records are compared without the fields that describe the file itself
(source) or point into its own text (spans, pages)."""

import json

import pytest

import policytasks
from makeformats import make_docx, make_html, make_pdf_official, make_pdf_table, notice_to_table
from policytasks.check import compare

from conftest import CORPUS, GOLDEN

NOTICES = sorted(CORPUS.glob("*.txt"))
MAKERS = {
    "pdf-official": make_pdf_official,
    "docx": make_docx,
    "html": make_html,
}


def records(notice) -> dict:
    """The records, without where they came from."""
    d = notice.model_dump(mode="json", exclude={"source"})

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("span", "page")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return strip(d)


@pytest.fixture(scope="module")
def from_text():
    return {p.stem: records(policytasks.parse(p)) for p in NOTICES}


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_every_format_gives_the_same_records(path, fmt, from_text):
    data = MAKERS[fmt](path.read_text(encoding="utf-8"))
    got = records(policytasks.parse(data))
    assert got == from_text[path.stem]


# The held-out notices as Word and web pages too.  (Not as made-up PDFs: reportlab's built-in
# font has no ² or ·, and a web table's cells typeset as paragraphs put bare 序号 numbers where
# page numbers go; neither happens to a real PDF.)
HELD = sorted((CORPUS / "heldout" / "1").glob("*.txt")) + sorted((CORPUS / "heldout" / "2").glob("*.txt"))


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("path", HELD, ids=[f"{p.parent.name}-{p.stem}" for p in HELD])
def test_heldout_notices_give_the_same_records_as_word_and_web_pages(path, fmt):
    data = MAKERS[fmt](path.read_text(encoding="utf-8"))
    assert records(policytasks.parse(data)) == records(policytasks.parse(path))


def test_fixture_pdf_matches_the_golden_and_the_text(shared, xicheng):
    n = policytasks.parse(shared / "fixtures" / "xicheng-2024-official.pdf")
    assert n.source.format == "pdf" and n.source.pages == 7
    assert records(n) == records(xicheng)
    rep = compare(json.loads(n.to_json()), json.loads((GOLDEN / "xicheng-2024.json").read_text(encoding="utf-8")))
    assert rep.differences == []
    pages = [t.page for t in n.tasks]
    assert pages[:2] == [2, 2] and pages[-1] == 6  # read off the PDF: 抄送 alone is on page 7
    assert pages == sorted(pages)


@pytest.mark.parametrize("path", [CORPUS / "xicheng-2024.txt", CORPUS / "01-donghu.txt", CORPUS / "04-qinghe.txt"],
                         ids=lambda p: p.stem)
def test_table_typeset_pdf_matches_the_golden(path):
    data = make_pdf_table(notice_to_table(path.read_text(encoding="utf-8")))
    n = policytasks.parse(data)
    rep = compare(json.loads(n.to_json()), json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")))
    assert rep.differences == []
    assert n.source.format == "pdf" and n.source.pages and n.source.pages > 1
    assert len(n.tasks) == len(policytasks.parse(path).tasks)


@pytest.mark.parametrize("name,error,words", [
    ("encrypted.pdf", policytasks.ReadError, "--password"),
    ("truncated.pdf", policytasks.ReadError, "damaged or truncated"),
    ("empty.txt", policytasks.ReadError, "empty"),
    ("binary.txt", policytasks.ReadError, "not text"),
])
def test_broken_fixtures_give_clear_errors(shared, name, error, words):
    with pytest.raises(error) as e:
        policytasks.parse(shared / "fixtures" / name)
    assert words in str(e.value) and name in str(e.value) and "\n" not in str(e.value)


def test_encrypted_fixture_opens_with_its_password(shared, xicheng):
    n = policytasks.parse(shared / "fixtures" / "encrypted.pdf", password="secret")
    assert n.source.format == "pdf" and n.text
