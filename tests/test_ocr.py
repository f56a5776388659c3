"""OCR of scanned PDFs (the optional extra): the reference scan reaches the golden; lines are
rebuilt from the boxes' positions; the recogniser's usual confusions are undone."""

import io
import json
import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import policytasks
from policytasks.check import compare
from policytasks.errors import FormatError
from policytasks.readers import ocr

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "golden" / "xicheng-2024.json"
FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
SCANNED = FIXTURES / "xicheng-2024-scanned.pdf"
OFFICIAL = FIXTURES / "xicheng-2024-official.pdf"

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra is not installed (CI installs it)")


@pytest.fixture(scope="module")
def scanned():
    if not SCANNED.exists():
        pytest.skip("shared/fixtures is not beside the repository")
    return policytasks.parse(SCANNED)  # the one full OCR run of the suite: seconds a page


@needs_ocr
def test_scanned_notice_reaches_the_golden_with_every_page_right(scanned):
    rep = compare(json.loads(scanned.to_json()), json.loads(GOLDEN.read_text(encoding="utf-8")))
    assert rep.fields and rep.matched / rep.fields >= 0.98, rep.differences
    assert len(scanned.tasks) == 25
    text_pdf = policytasks.parse(OFFICIAL)
    assert [t.page for t in scanned.tasks] == [t.page for t in text_pdf.tasks]
    assert scanned.source.format == "pdf" and scanned.source.pages == 7
    assert scanned.warnings == []  # no line the recogniser doubted, no line left unplaced


def _partly_scanned() -> bytes:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(FIXTURES / "scanned-page.pdf")))  # page 1: a scan
    out.import_pages(pdfium.PdfDocument(str(OFFICIAL)), list(range(1, 7)))  # pages 2-7: text
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


@needs_ocr
def test_partly_scanned_pdf_reads_its_text_pages_and_ocrs_the_scan():
    n = policytasks.parse(_partly_scanned())
    assert n.doc_number == "西政办发〔2024〕3号" and n.signed_on is not None  # read off the scan
    want = policytasks.parse(OFFICIAL)
    assert [(t.number, t.page, t.targets) for t in n.tasks] == [(t.number, t.page, t.targets) for t in want.tasks]


def test_without_the_extra_a_text_pdf_names_its_scanned_page_in_warnings(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    n = policytasks.parse(_partly_scanned())
    assert len(n.tasks) == 25
    assert "scanned page 1 not read: OCR needs pip install 'policytasks[ocr]'" in n.warnings


def test_ocr_never_keeps_the_scan_an_error_naming_the_switch():
    with pytest.raises(FormatError, match="--ocr never") as e:
        policytasks.parse(FIXTURES / "scanned-page.pdf", ocr="never")
    assert "\n" not in str(e.value)


def test_without_the_extra_a_scan_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(FormatError) as e:
        policytasks.parse(FIXTURES / "scanned-page.pdf")
    msg = str(e.value)
    assert "pip install 'policytasks[ocr]'" in msg and "scanned-page.pdf" in msg and "\n" not in msg


# ---------------------------------------------------------------- lines from boxes (no model)

def _box(x0, y0, x1, y1, angle_deg=0.0, cx=600, cy=800):
    """A box's four corners, turned by ``angle_deg`` around the page centre (a skewed scan)."""
    a = math.radians(angle_deg)
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return [[cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a)]
            for x, y in pts]


class _FakeEngine:
    """Stands in for RapidOCR: the boxes of a skewed page, in a scrambled order."""

    def __init__(self, angle):
        self.angle = angle

    def __call__(self, image, **kw):
        a = self.angle
        return ([
            [_box(220, 460, 1040, 490, a), "2．对76栋楼房进行综合维修，", 0.99],
            [_box(160, 520, 700, 550, a), "完成改造任务。", 0.98],
            [_box(220, 400, 1040, 430, a), "1．持续推进老旧小区综合改造丶完成6个", 0.99],
            [_box(160, 1200, 500, 1230, a), "北京市西城区人民政府办公室", 0.99],
            [_box(700, 1202, 950, 1232, a), "2024年3月25日印发", 0.99],
            [_box(160, 1300, 400, 1330, a), "区人民检察院。", 0.55],
        ], None)


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.0])
def test_lines_rebuilt_in_reading_order_from_skewed_boxes(monkeypatch, angle):
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: _FakeEngine(angle))
    pages = ocr.ocr_pages(OFFICIAL.read_bytes(), [0])
    texts = [(t.text, t.seg, t.nseg) for t in pages[0]]
    assert texts == [("1．持续推进老旧小区综合改造、完成6个", 0, 1), ("2．对76栋楼房进行综合维修，", 0, 1),
                     ("完成改造任务。", 0, 1), ("北京市西城区人民政府办公室", 0, 2), ("2024年3月25日印发", 1, 2),
                     ("区人民检察院。", 0, 1)]
    assert ocr.doubts(pages) == ["page 1: OCR unsure (0.55) of “区人民检察院。”"]
    first, second = pages[0][0], pages[0][1]
    assert abs(first.x0 - second.x0) < 1.0  # deskewed: the two item lines start at one margin
    assert first.size == second.size  # body lines read at one size, so wrapped lines join


def test_progress_bar_counts_pages(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: _FakeEngine(0.0))
    ocr.ocr_pages(OFFICIAL.read_bytes(), [0, 1, 2], path="a/notice.pdf", progress=True)
    assert "3/3" in err.getvalue() and "page" in err.getvalue() and "notice.pdf" in err.getvalue()


# ---------------------------------------------------------------- the recogniser's confusions

@pytest.mark.parametrize("raw,fixed", [
    ("区政府各委丶办丶局", "区政府各委、办、局"),
    ("开展消防技能实操实训不少于2.万人。", "开展消防技能实操实训不少于2万人。"),
    ("完成时限：2024年12.月底前", "完成时限：2024年12月底前"),
    ("17：持续挖潜扩充中小学学位", "17．持续挖潜扩充中小学学位"),
    ("行动计划（2023一2025）", "行动计划（2023—2025）"),
    ("审核加装电梯20部以上°", "审核加装电梯20部以上。"),
    ("气温20°", "气温20°"),
    ("1．持续推进", "1．持续推进"),
    ("16.深入开展", "16.深入开展"),
])
def test_ocr_confusions_undone(raw, fixed):
    assert ocr.fix_text(raw) == fixed


@given(st.integers(0, 99999), st.integers(0, 999), st.sampled_from("万个人元%"))
def test_ocr_fixes_never_change_a_decimal_number(whole, frac, unit):
    s = f"新增{whole}.{frac}{unit}"
    assert ocr.fix_text(s, line_start=False) == s
