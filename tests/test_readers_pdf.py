import io
import re
from pathlib import Path

import pytest

from policytasks.errors import FormatError, LimitError, ReadError
from policytasks.readers import Limits, read

import makeformats as mf

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures"
SEED = SHARED / "seed" / "xicheng-2024.txt"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FIXTURE_PASSWORD = "secret"  # the user password of shared/fixtures/encrypted.pdf

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")


@pytest.fixture(scope="module")
def seed_text() -> str:
    from conftest import need_shared

    need_shared(SEED)
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def fixture_doc():
    path = FIXTURES / "xicheng-2024-official.pdf"
    from conftest import need_shared

    need_shared(path)
    return read(path)


def nospace(s: str) -> str:
    return "".join(s.split())


def may_split(line: str) -> bool:
    """Seed lines a PDF legitimately prints as several lines: the title, the 印发 line."""
    return ("通知" in line and not line.endswith("。")) or line.endswith("印发")


def assert_same_paragraphs(expected: list[str], text: str) -> None:
    """Each expected line (spaces removed) is the next output line, or for a title / 印发
    line the next 1-3 output lines together; nothing else is in the output."""
    out = [nospace(s) for s in text.split("\n") if s.strip()]
    i = 0
    for want in (nospace(s) for s in expected if s.strip()):
        spans = (1, 2, 3) if may_split(want) else (1,)
        for k in spans:
            if "".join(out[i:i + k]) == want:
                i += k
                break
        else:
            got = out[i] if i < len(out) else "<end of text>"
            raise AssertionError(f"line {i}: expected {want!r}, got {got!r}")
    assert i == len(out), f"extra lines at the end: {out[i:i + 3]}"


def page_first_lines(data: bytes, skip=()) -> list[str]:
    """The first printed line of each page, as pdfplumber sees it (page numbers and the given
    running lines left out)."""
    firsts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            lines = [ln["text"] for ln in page.extract_text_lines()]
            lines = [s for s in lines if not re.fullmatch(r"[—\-\s\d]+", s) and s not in skip]
            firsts.append(lines[0] if lines else "")
    return firsts


def assert_page_starts(doc, firsts: list[str]) -> None:
    assert doc.pages == len(firsts) == len(doc.page_starts)
    assert doc.page_starts[0] == 0
    assert doc.page_starts == sorted(doc.page_starts)
    for i, first in enumerate(firsts):
        at = nospace(doc.text[doc.page_starts[i]:doc.page_starts[i] + 80])
        head = nospace(first)[:8]
        assert at.startswith(head), f"page {i + 1} starts {at[:12]!r}, expected {head!r}"


# ---------------------------------------------------------------- the official fixture

def test_fixture_gives_the_seed_paragraphs_in_order(fixture_doc, seed_text):
    assert fixture_doc.format == "pdf" and fixture_doc.pages == 7
    assert_same_paragraphs(seed_text.splitlines(), fixture_doc.text)


def test_fixture_page_starts_point_at_each_page_first_line(fixture_doc):
    data = (FIXTURES / "xicheng-2024-official.pdf").read_bytes()
    assert_page_starts(fixture_doc, page_first_lines(data))


def test_fixture_page_numbers_are_dropped(fixture_doc):
    assert not [s for s in fixture_doc.text.split("\n") if re.fullmatch(r"[—\-\s\d]+", s)]


def test_fixture_wrapped_paragraph_is_one_line_without_spaces(fixture_doc):
    lines = fixture_doc.text.split("\n")
    assert "5. 提升火灾防范处置能力，对建筑施工、医疗养老等领域开展消防技能实操实训不少于 2 万人。" in lines
    assert "区人大常委会办公室，区政协办公室，区人民法院，区人民检察院。" in lines


def test_fixture_signature_and_date_stay_separate_lines(fixture_doc):
    lines = fixture_doc.text.split("\n")
    i = lines.index("2024年3月25日")
    assert lines[i - 1] == "北京市西城区人民政府办公室"
    assert lines[-2:] == ["北京市西城区人民政府办公室", "2024年3月25日印发"]


# ---------------------------------------------------------------- broken fixtures

def _fixture(name: str) -> Path:
    path = FIXTURES / name
    from conftest import need_shared

    need_shared(path)
    return path


@pytest.mark.parametrize("password", [None, "wrong"])
def test_encrypted_fixture_without_the_password_says_how_to_open_it(password):
    with pytest.raises(ReadError, match="encrypted") as e:
        read(_fixture("encrypted.pdf"), password=password)
    assert "--password" in str(e.value) and "\n" not in str(e.value)


def test_encrypted_fixture_opens_with_its_password():
    doc = read(_fixture("encrypted.pdf"), password=FIXTURE_PASSWORD)
    assert doc.text.startswith("北京市西城区人民政府办公室文件\n西政办发〔2024〕3号")


def test_truncated_fixture_is_a_read_error():
    with pytest.raises(ReadError, match="damaged or truncated PDF") as e:
        read(_fixture("truncated.pdf"))
    assert "\n" not in str(e.value)


def test_scanned_fixture_needs_ocr():
    with pytest.raises(FormatError, match="OCR") as e:
        read(_fixture("scanned-page.pdf"), ocr="never")
    assert "\n" not in str(e.value)


def test_page_limit():
    with pytest.raises(LimitError, match="7 pages"):
        read(_fixture("xicheng-2024-official.pdf"), limits=Limits(max_pages=6))


def test_garbage_after_pdf_magic_is_a_read_error():
    with pytest.raises(ReadError, match="damaged"):
        read(b"%PDF-1.7\n" + bytes(range(256)) * 8)


# ---------------------------------------------------------------- generated official layout

def test_generated_official_pdf_round_trips(seed_text):
    data = mf.make_pdf_official(seed_text)
    doc = read(data)
    assert doc.pages >= 5
    assert_same_paragraphs(seed_text.splitlines(), doc.text)
    assert_page_starts(doc, page_first_lines(data))


def test_paragraph_continued_over_a_page_break_is_one_line(seed_text):
    data = mf.make_pdf_official(seed_text)
    doc = read(data)
    mid = [s for s in doc.page_starts[1:] if doc.text[s - 1] != "\n"]
    assert mid, "the layout should carry a paragraph over a page break"
    for s in mid:
        line_start = doc.text.rfind("\n", 0, s) + 1
        assert doc.text[line_start:s].strip()  # the page starts inside a joined line
    assert "10. 持续改善道路交通出行条件，对5条道路进行大中修；探索开展“慢行步道体检”工作。" in doc.text.split("\n")


def test_running_header_and_footer_are_dropped(seed_text):
    header, footer = "北京市西城区人民政府办公室 内部资料", "第 {} 页 共 7 页"
    data = mf.make_pdf_official(seed_text, header=header, footer=footer)
    doc = read(data)
    assert_same_paragraphs(seed_text.splitlines(), doc.text)
    assert "内部资料" not in doc.text and "共 7 页" not in doc.text


@pytest.mark.parametrize("style", ["- {} -", "第{}页", "{}"])
def test_page_number_styles_are_dropped(seed_text, style):
    doc = read(mf.make_pdf_official(seed_text, page_numbers=style))
    assert_same_paragraphs(seed_text.splitlines(), doc.text)


NOTICE = """关于做好民生实事工作的通知

各街道办事处：

{first}

{second}

{third}

{fourth}

1. 新建公厕5座。

完成时限：2024年12月底前

主要责任单位：区城市管理委
"""


def test_full_first_line_ending_a_paragraph_is_not_joined_to_the_next_paragraph():
    # Seen in 07-beiwan and 03-jianglin: a paragraph filling its indented first line exactly,
    # then another indented paragraph.
    first = "测" * 24 + "。"
    text = NOTICE.format(first=first, second="区水务局", third="各单位要高度重视。", fourth="特此通知。")
    doc = read(mf.make_pdf_official(text))
    assert_same_paragraphs(text.splitlines(), doc.text)


def test_wrapped_label_in_parentheses_stays_on_its_item():
    # 03-jianglin: the wrap put "（牵头单位：" at the start of a continuation line.
    item = "（一）" + "新" * 21 + "。（牵头单位：市教育局；完成时限：2021年9月）"
    text = NOTICE.format(first=item, second="（二）新建公园2个。", third="各单位要高度重视。", fourth="特此通知。")
    data = mf.make_pdf_official(text)
    assert any(s.startswith("（牵头单位") for s in page_first_lines_all(data))
    assert_same_paragraphs(text.splitlines(), read(data).text)


def test_label_word_split_over_two_lines_is_rejoined():
    # 08-heyang: "…；完成" / "时限：2025.12）；" must not split at the label.
    def item_with(n):
        return "四是" + "改" * n + "（责任单位：县局；完成时限：2025.12）；"

    width = mf.RIGHT - mf.LEFT
    n = next(n for n in range(30) if mf.wrap(item_with(n), width, 16, width - 32)[0].endswith("完成"))
    item = item_with(n)
    text = NOTICE.format(first=item, second="五是新建公园2个。", third="各单位要高度重视。", fourth="特此通知。")
    data = mf.make_pdf_official(text)
    assert any(s.startswith("时限：") for s in page_first_lines_all(data))
    assert_same_paragraphs(text.splitlines(), read(data).text)


def test_half_width_parenthesised_items_are_separate_paragraphs():
    # 05-anlan: "(1)…；" filling its line, then "(2)…" at the same indent.
    first = "(1)" + "建" * 20 + "18处；"
    text = NOTICE.format(first=first, second="(2)农村自来水普及率达到88%。", third="各单位要高度重视。", fourth="特此通知。")
    assert_same_paragraphs(text.splitlines(), read(mf.make_pdf_official(text)).text)


def page_first_lines_all(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [ln["text"] for page in pdf.pages for ln in page.extract_text_lines()]


CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_notice_round_trips_through_official_pdf(path):
    text = path.read_text(encoding="utf-8")
    assert_same_paragraphs(text.splitlines(), read(mf.make_pdf_official(text)).text)


# ---------------------------------------------------------------- tables

@pytest.fixture(scope="module")
def table_spec(seed_text):
    return mf.notice_to_table(seed_text)


@pytest.fixture(scope="module")
def table_pdf(table_spec):
    return mf.make_pdf_table(table_spec)


def test_table_pdf_round_trips_its_rows(table_spec, table_pdf):
    doc = read(table_pdf)
    assert doc.pages >= 3
    assert_same_paragraphs(table_spec.expected_lines(), doc.text)
    rows = [s for s in doc.text.split("\n") if "\t" in s]
    assert len(rows) == 1 + sum(1 for r in table_spec.rows if not isinstance(r, str))
    assert all(s.count("\t") == 3 for s in rows)


def test_table_header_row_is_emitted_once(table_pdf):
    doc = read(table_pdf)
    assert doc.text.split("\n").count("序号\t项目\t完成时限\t责任单位") == 1


def test_table_category_row_is_one_cell(table_pdf):
    lines = read(table_pdf).text.split("\n")
    assert "一、改善群众居住条件" in lines and "五、丰富文体生活" in lines


def test_table_cell_wrapped_lines_join_without_spaces(table_pdf):
    lines = read(table_pdf).text.split("\n")
    row = next(s for s in lines if s.startswith("7\t"))
    assert row.split("\t")[1] == "加强食品安全监督抽检，实现与群众生活密切相关的33大类食品抽检监测全覆盖；加强产品质量监督抽查，营造良好、健康、放心的购物环境。"


def test_table_pdf_from_a_list_of_rows():
    rows = ["一、教育"] + [[str(i), f"新建学校{i}所，新增学位1000个。", "2024年9月", "区教委"] for i in range(1, 4)]
    data = mf.make_pdf_table(rows, header=["序号", "目标任务", "完成时限", "责任单位"],
                             preamble=["2024年民生实事项目表"], closing=["抄送：各街道。"])
    assert read(data).text.split("\n") == [
        "2024年民生实事项目表", "序号\t目标任务\t完成时限\t责任单位", "一、教育",
        "1\t新建学校1所，新增学位1000个。\t2024年9月\t区教委", "2\t新建学校2所，新增学位1000个。\t2024年9月\t区教委",
        "3\t新建学校3所，新增学位1000个。\t2024年9月\t区教委", "抄送：各街道。"]


def _split_row_table():
    long = "，".join(f"第{i}段任务说明文字较长需要换行" for i in range(1, 9)) + "。"
    rows = [[str(i), long if i % 2 else f"新建公园{i}个。", "2024年12月底前", "区园林绿化局"] for i in range(1, 9)]
    return mf.TableNotice(["序号", "目标任务", "完成时限", "责任单位"], rows, ["2024年民生实事项目表"], ["抄送：各街道。"])


def test_table_row_continued_over_a_page_break_is_one_row():
    spec = _split_row_table()
    data = mf.make_pdf_table(spec)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        continued = [t.extract()[1][0] == "" for page in pdf.pages[1:] for t in page.find_tables()]
    assert any(continued), "the layout should split a row over a page break"
    doc = read(data)
    assert_same_paragraphs(spec.expected_lines(), doc.text)
    # The page that continues the row starts inside that row's line.
    for i in range(1, doc.pages):
        s = doc.page_starts[i]
        line = doc.text[doc.text.rfind("\n", 0, s) + 1:].split("\n")[0]
        if "\t" in line and doc.text[s - 1] != "\n":
            assert line.split("\t")[0] != ""
    assert_page_starts(doc, [_first_cell_text(data, i) for i in range(doc.pages)])


def _first_cell_text(data: bytes, i: int) -> str:
    """The first words of page i+1 that are not its repeated header: a continued row's text."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[i]
        tables = page.find_tables()
        if i == 0 or not tables:
            return page.extract_text_lines()[0]["text"]
        rows = tables[0].extract()
        body = rows[1] if i > 0 and rows[0][0] == "序号" and len(rows) > 1 else rows[0]
        return next(c for c in body if c).split("\n")[0]


def test_text_around_tables_comes_in_reading_order(table_spec, table_pdf):
    lines = read(table_pdf).text.split("\n")
    assert lines.index("（此件公开发布）") < lines.index("序号\t项目\t完成时限\t责任单位")
    assert lines.index("抄送：区委各部门，区武装部。") > lines.index("25\t不断满足群众的体育健身需求，完成2个体育公园建设。\t2024年10月底前\t区体育局、区园林绿化局")


# ---------------------------------------------------------------- damaged input never escapes

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from policytasks.errors import PolicyTasksError  # noqa: E402

_SMALL_PDF = None


def _small_pdf() -> bytes:
    global _SMALL_PDF
    if _SMALL_PDF is None:
        _SMALL_PDF = mf.make_pdf_official(NOTICE.format(first="各单位要高度重视。", second="区水务局",
                                                       third="特此通知。", fourth="2024年3月25日"))
    return _SMALL_PDF


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(0.05, 1.0), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6))
def test_damaged_pdf_gives_a_library_error_or_text(cut, flips):
    data = bytearray(_small_pdf()[: max(16, int(len(_small_pdf()) * cut))])
    for where, byte in flips:
        data[min(len(data) - 1, 8 + int(where * (len(data) - 9)))] = byte
    try:
        doc = read(bytes(data))
    except PolicyTasksError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(doc.text, str) and len(doc.page_starts) == doc.pages
