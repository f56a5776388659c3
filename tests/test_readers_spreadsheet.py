"""Spreadsheets (.xlsx, .xls, .ods): a task table in a workbook gives the records of the text notice."""

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import policytasks
from policytasks.check import compare
from policytasks.errors import ReadError
from policytasks.readers import read

import makeformats as mf

openpyxl = pytest.importorskip("openpyxl")

REPO = Path(__file__).resolve().parents[1]
NOTICE = REPO / "corpus" / "xicheng-2024.txt"
GOLDEN = REPO / "golden" / "xicheng-2024.json"
HEADER = ["序号", "项目", "完成时限", "责任单位"]


def _spec():
    return mf.notice_to_table(NOTICE.read_text(encoding="utf-8"), header=HEADER)


def _sheet_rows(ws, spec, rows, *, preamble=(), closing=(), dates=False):
    """Write preamble lines (the first merged across: a title row), the header, the rows (a
    category merged across, its value in the first cell only), the closing lines."""
    width = len(HEADER)
    for i, line in enumerate(preamble):
        ws.append([line])
        if i == 0:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.append(HEADER)
    for r in rows:
        if isinstance(r, str):
            ws.append([r])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
            continue
        number, text, deadline, units = r
        if dates and "".join(deadline.split()) == "2024年12月底前":
            deadline = dt.date(2024, 12, 31)
        ws.append([int(number), text, deadline, units])  # 序号 stored as a number
    for line in closing:
        ws.append([line])


def make_xlsx(spec, *, sheets=1, dates=False) -> bytes:
    book = openpyxl.Workbook()
    groups, cur = [], []
    for r in spec.rows:  # split at categories into ``sheets`` roughly equal groups
        if isinstance(r, str) and cur and len(groups) < sheets - 1 and \
                sum(1 for x in cur if not isinstance(x, str)) >= 25 // sheets:
            groups.append(cur)
            cur = []
        cur.append(r)
    groups.append(cur)
    for i, rows in enumerate(groups):
        ws = book.active if i == 0 else book.create_sheet()
        ws.title = f"第{i + 1}部分"
        _sheet_rows(ws, spec, rows, preamble=spec.preamble if i == 0 else (),
                    closing=spec.closing if i == len(groups) - 1 else (), dates=dates)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _golden_differences(notice):
    return compare(json.loads(notice.to_json()), json.loads(GOLDEN.read_text(encoding="utf-8"))).differences


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return make_xlsx(_spec())


def test_xlsx_task_table_gives_the_golden_records(xlsx):
    n = policytasks.parse(xlsx)
    assert n.source.format == "xlsx"
    assert _golden_differences(n) == []
    assert [t.number for t in n.tasks] == list(range(1, 26))


def test_numbers_stored_as_numbers_read_as_written(xlsx):
    lines = read(xlsx).text.split("\n")
    assert any(ln.startswith("1\t持续推进老旧小区综合改造") for ln in lines)
    assert any(ln.startswith("25\t") for ln in lines)
    assert not any(".0\t" in ln for ln in lines)


def test_title_row_and_merged_category_come_as_one_cell_lines(xlsx):
    lines = read(xlsx).text.split("\n")
    assert lines[0] == "北京市西城区人民政府办公室文件"
    assert "一、改善群众居住条件" in lines and "\t".join(HEADER) in lines


def test_several_sheets_are_read_in_turn_and_named_in_warnings():
    n = policytasks.parse(make_xlsx(_spec(), sheets=3))
    assert _golden_differences(n) == []
    assert n.source.pages == 3
    assert any("3 sheets" in w and "“第2部分”" in w for w in n.warnings)
    assert [t.page for t in n.tasks][0] == 1 and [t.page for t in n.tasks][-1] == 3


def test_hidden_sheet_is_not_read_and_is_named(xlsx):
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    lookup = book.create_sheet("下拉选项")
    lookup.append(["99", "不是任务：新建学校9所。", "2024年1月", "区教委"])
    lookup.sheet_state = "hidden"
    buf = io.BytesIO()
    book.save(buf)
    n = policytasks.parse(buf.getvalue())
    assert _golden_differences(n) == [] and len(n.tasks) == 25
    assert "hidden sheet “下拉选项” not read" in n.warnings


def test_dates_stored_as_dates_are_deadlines():
    n = policytasks.parse(make_xlsx(_spec(), dates=True))
    t1 = n.tasks[0]
    assert t1.deadline.date == dt.date(2024, 12, 31) and t1.deadline.text == "2024年12月31日"


def test_category_merged_down_a_column_applies_to_every_row():
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2024年民生实事任务分解表"])
    ws.append(["序号", "类别", "项目", "完成时限", "责任单位"])
    ws.append([1, "教育", "新建幼儿园2所。", "2024年9月底前", "区教委"])
    ws.append([2, None, "新增学位1000个。", "2024年9月底前", "区教委"])
    ws.append([3, "养老", "新建养老驿站5家。", "2024年12月底前", "区民政局"])
    ws.merge_cells("B3:B4")
    buf = io.BytesIO()
    book.save(buf)
    n = policytasks.parse(buf.getvalue())
    assert [(t.number, t.category) for t in n.tasks] == [(1, "教育"), (2, "教育"), (3, "养老")]
    assert [t.targets[0].value for t in n.tasks] == [2, 1000, 5]


def test_damaged_xlsx_is_a_one_line_read_error(xlsx, tmp_path):
    bad = tmp_path / "tasks.xlsx"
    bad.write_bytes(xlsx[: len(xlsx) // 2])
    with pytest.raises(ReadError, match="damaged Excel workbook") as e:
        policytasks.parse(bad)
    assert "\n" not in str(e.value) and "tasks.xlsx" in str(e.value)


@pytest.fixture(scope="module")
def converted(xlsx, tmp_path_factory):
    """The same workbook saved by LibreOffice as .xls and .ods."""
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is needed: .ci/run installs it"
    tmp = tmp_path_factory.mktemp("sheets")
    src = tmp / "tasks.xlsx"
    src.write_bytes(xlsx)
    out = {}
    for fmt in ("xls", "ods"):
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", fmt,
                        "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=300)
        out[fmt] = tmp / f"tasks.{fmt}"
    return out


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_give_the_same_records_as_xlsx(converted, xlsx, fmt):
    n = policytasks.parse(converted[fmt])
    assert n.source.format == fmt
    assert _golden_differences(n) == []
    want = policytasks.parse(xlsx)
    assert [t.model_dump(exclude={"span"}) for t in n.tasks] == [t.model_dump(exclude={"span"}) for t in want.tasks]
