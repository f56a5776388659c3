"""PDF characters from pdfium must give the very records pdfplumber's characters give (issue 16):
over every kind of PDF the tests make, the reader's text, page starts and the notice's JSON
are identical from both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

import makeformats as mf
import policytasks
from policytasks.readers import read

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures"
NOTICES = sorted((ROOT / "corpus").glob("*.txt"))
# reportlab's built-in font has no ² or ·: pdfium still reads them from the text, pdfminer drops them
HELD = [p for p in sorted((ROOT / "corpus" / "heldout").glob("[12]/*.txt"))
        if not set("²·") & set(p.read_text(encoding="utf-8"))]


def _pdfs():
    out = []
    for p in NOTICES:
        text = p.read_text(encoding="utf-8")
        out.append((f"official-{p.stem}", lambda t=text: mf.make_pdf_official(t)))
        out.append((f"table-{p.stem}", lambda t=text: mf.make_pdf_table(mf.notice_to_table(t))))
    for p in HELD:
        text = p.read_text(encoding="utf-8")
        out.append((f"official-heldout-{p.parent.name}-{p.stem}", lambda t=text: mf.make_pdf_official(t)))
    seed = NOTICES[0].read_text(encoding="utf-8")
    for style in ("第 {} 页", "- {} -", "{}", "{} / 9", "Page {}"):
        out.append((f"page-numbers-{style}", lambda s=style: mf.make_pdf_official(seed, page_numbers=s)))
    out.append(("running-header-footer",
                lambda: mf.make_pdf_official(seed, header="北京市西城区人民政府办公室文件", footer="西城区政府网")))
    rows = ["一、教育"] + [[str(i), f"新建学校{i}所，新增学位1000个。", "2024年9月", "区教委"] for i in range(1, 4)]
    out.append(("table-rows", lambda: mf.make_pdf_table(rows, header=["序号", "目标任务", "完成时限", "责任单位"],
                                                         preamble=["2024年民生实事项目表"], closing=["抄送：各街道。"])))
    long = "，".join(f"第{i}段任务说明文字较长需要换行" for i in range(1, 9)) + "。"
    split = [[str(i), long if i % 2 else f"新建公园{i}个。", "2024年12月底前", "区园林绿化局"] for i in range(1, 9)]
    out.append(("table-row-over-a-page-break", lambda: mf.make_pdf_table(
        mf.TableNotice(["序号", "目标任务", "完成时限", "责任单位"], split, ["2024年民生实事项目表"], ["抄送：各街道。"]))))
    spaced = seed.replace("，", "，    ").replace("。", "。  \u3000 ")
    out.append(("runs-of-spaces", lambda: mf.make_pdf_official(spaced)))
    if (FIXTURES / "xicheng-2024-official.pdf").is_file():
        out.append(("fixture-official", lambda: (FIXTURES / "xicheng-2024-official.pdf").read_bytes()))
    return out


PDFS = _pdfs()


@pytest.mark.parametrize("make", [m for _, m in PDFS], ids=[n for n, _ in PDFS])
def test_pdfium_and_pdfplumber_give_identical_records(make):
    data = make()
    a, b = read(data, pdf_engine="pdfium"), read(data, pdf_engine="pdfplumber")
    assert (a.text, a.page_starts, a.pages) == (b.text, b.page_starts, b.pages)
    assert policytasks.parse(data).to_json() == policytasks.parse(data, pdf_engine="pdfplumber").to_json()


def test_pdf_engine_is_checked():
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read(mf.make_pdf_official("关于印发的通知\n1. 新建学校2所。"), pdf_engine="pdfminer")


def test_cli_pdf_engine_pdfplumber_keeps_the_old_path(tmp_path):
    from policytasks.cli import main

    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(mf.make_pdf_official(NOTICES[0].read_text(encoding="utf-8")))
    outs = []
    for engine in ("pdfium", "pdfplumber"):
        out = tmp_path / engine
        assert main(["convert", str(pdf), "--jobs", "1", "--quiet", "-o", str(out), "--pdf-engine", engine]) == 0
        outs.append((out / "n.json").read_bytes())
    assert outs[0] == outs[1]
