import copy
import io
import zipfile

import pytest

from policytasks.errors import ReadError
from policytasks.readers import read

import makeformats as mf
from conftest import lines_of

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402





def to_bytes(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_round_trips_the_seed_paragraphs(seed_text):
    doc = read(mf.make_docx(seed_text))
    assert doc.format == "docx" and doc.pages is None
    assert doc.text.split("\n") == lines_of(seed_text)


def test_docx_tables_come_as_tab_rows_where_they_stand(seed_text):
    spec = mf.notice_to_table(seed_text)
    doc = read(mf.make_docx(spec.to_text()))
    assert doc.text.split("\n") == spec.expected_lines()


def test_docx_category_row_merged_across_the_table_is_one_cell(seed_text):
    spec = mf.notice_to_table(seed_text)
    lines = read(mf.make_docx(spec.to_text())).text.split("\n")
    assert "二、营造安全宜居环境" in lines
    assert lines.index("二、营造安全宜居环境") > lines.index("序号\t项目\t完成时限\t责任单位")


def test_docx_vertical_merge_leaves_an_empty_cell_and_partial_span_keeps_places():
    d = docx.Document()
    d.add_paragraph("北京市民生实事项目表")
    t = d.add_table(rows=3, cols=3)
    for r, cells in enumerate([["序号", "项目", "责任单位"], ["1", "新建公园2个。", "区园林绿化局"], ["", "新建绿道5公里。", ""]]):
        for c, s in enumerate(cells):
            t.cell(r, c).text = s
    t.cell(1, 0).merge(t.cell(2, 0))  # 序号 spans two rows
    t.cell(1, 2).merge(t.cell(2, 2))
    t.cell(0, 0).merge(t.cell(0, 1)).text = "序号和项目"  # a span over two of three columns
    lines = read(to_bytes(d)).text.split("\n")
    assert lines == ["北京市民生实事项目表", "序号和项目\t\t责任单位", "1\t新建公园2个。\t区园林绿化局", "\t新建绿道5公里。\t"]


def test_docx_tab_runs_split_a_line_and_breaks_start_new_lines():
    d = docx.Document()
    d.add_paragraph("北京市西城区人民政府办公室\t\t\t2024年3月25日印发")
    p = d.add_paragraph("1.\t新建公园2个。")
    p.add_run().add_break()
    p.add_run("完成时限：2024年底前")
    assert read(to_bytes(d)).text.split("\n") == [
        "北京市西城区人民政府办公室", "2024年3月25日印发", "1. 新建公园2个。", "完成时限：2024年底前"]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered(fmt: str, text: str, items: list[str]) -> bytes:
    """A docx whose paragraphs carry automatic numbers of format ``fmt`` and label ``text``."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for s in items:
        level = 1 if s.startswith(">") else 0
        p = d.add_paragraph(s.lstrip(">"))
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return to_bytes(d)


def test_docx_automatic_chinese_numbering_is_written_out():
    data = _numbered("chineseCounting", "%1、", ["改善居住条件", ">新建公园2个。", ">新建绿道5公里。", "方便群众出行"])
    assert read(data).text.split("\n") == ["一、改善居住条件", "1. 新建公园2个。", "2. 新建绿道5公里。", "二、方便群众出行"]


def test_docx_list_number_style_numbers_are_written_out():
    d = docx.Document()
    for s in ("新建公园2个。", "新建绿道5公里。"):
        d.add_paragraph(s, style="List Number")
    assert read(to_bytes(d)).text.split("\n") == ["1. 新建公园2个。", "2. 新建绿道5公里。"]


def test_docx_deleted_revisions_and_field_codes_are_skipped():
    d = docx.Document()
    p = d.add_paragraph("新建公园")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>3个</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>2个</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    p.add_run("。")
    assert read(to_bytes(d)).text == "新建公园2个。"


def test_docx_text_box_is_read_once_not_with_its_fallback_copy():
    d = docx.Document()
    p = d.add_paragraph()
    box = ('<w:txbxContent><w:p><w:r><w:t>北京市西城区人民政府办公室文件</w:t></w:r></w:p></w:txbxContent>')
    p._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbx>{box}</w:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><w:txbx>{box}</w:txbx></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("西政办发〔2024〕3号")
    assert read(to_bytes(d)).text.split("\n") == ["北京市西城区人民政府办公室文件", "西政办发〔2024〕3号"]


def test_damaged_docx_zip_is_a_read_error(seed_text):
    data = mf.make_docx(seed_text)
    with pytest.raises(ReadError, match="damaged Word file") as e:
        read(data[: len(data) // 2])
    assert "\n" not in str(e.value)


def test_docx_without_its_document_part_is_a_read_error(seed_text):
    src = zipfile.ZipFile(io.BytesIO(mf.make_docx(seed_text)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(copy.copy(item), src.read(item.filename))
    with pytest.raises(ReadError, match="damaged Word file"):
        read(buf.getvalue())


def test_docx_with_no_text_is_a_read_error():
    with pytest.raises(ReadError, match="no text"):
        read(to_bytes(docx.Document()))


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from policytasks.errors import PolicyTasksError  # noqa: E402

_SMALL = None


def _small_docx() -> bytes:
    global _SMALL
    if _SMALL is None:
        _SMALL = mf.make_docx("关于印发民生实事的通知\n\n序号\t项目\n1\t新建公园2个。\n\n各街道办事处：")
    return _SMALL


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(0.05, 1.0), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6))
def test_damaged_docx_gives_a_library_error_or_text(cut, flips):
    data = bytearray(_small_docx()[: max(16, int(len(_small_docx()) * cut))])
    for where, byte in flips:
        data[min(len(data) - 1, 4 + int(where * (len(data) - 5)))] = byte
    try:
        doc = read(bytes(data))
    except PolicyTasksError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(doc.text, str)
