"""Exporters: JSON files, JSON Lines, CSV (Excel), iCalendar; atomic writes."""

import csv
import datetime as dt
import io
import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

import policytasks
from policytasks.cli import main
from policytasks.export import format_target, open_writer
from policytasks.export.atomic import atomic_write
from policytasks.export.csv_out import BOM, COLUMNS

REPO = Path(__file__).resolve().parents[1]
from conftest import top_corpus

CORPUS = top_corpus()  # corpus/ without its real and held-out subfolders
XICHENG = CORPUS / "xicheng-2024.txt"
DONGHU = CORPUS / "01-donghu.txt"  # has 配合单位 (support bodies)


@pytest.fixture(scope="module")
def notices():
    return [policytasks.parse(str(p)) for p in sorted(CORPUS.glob("*.txt"))]


def export(tmp_path, fmt, *inputs) -> Path:
    out = tmp_path / f"tasks.{fmt}"
    rc = main(["convert", *map(str, inputs), "--format", fmt, "-o", str(out), "--jobs", "1", "--quiet"])
    assert rc == 0
    return out


# --- JSON ---------------------------------------------------------------------------------------

def test_json_files_hold_what_single_convert_prints(tmp_path, notices):
    out = tmp_path / "out"
    assert main(["convert", str(CORPUS), "-o", str(out), "--jobs", "1", "--quiet"]) == 0
    for n in notices:
        f = out / (Path(n.source.path).stem + ".json")
        assert f.read_bytes() == (n.to_json() + "\n").encode("utf-8")


# --- JSONL --------------------------------------------------------------------------------------

def test_jsonl_one_line_per_task_carrying_its_notice(tmp_path, notices):
    out = export(tmp_path, "jsonl", CORPUS)
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == sum(len(n.tasks) for n in notices)
    rows = [json.loads(ln) for ln in lines]
    expected = [(n, t) for n in notices for t in n.tasks]
    for row, (n, t) in zip(rows, expected):
        head = row.pop("notice")
        assert row.pop("warnings") == [w for w in n.warnings if w.startswith(f"item {t.number}:")]
        assert row == t.model_dump(mode="json")  # every task field, as in the JSON contract
        assert head["doc_number"] == n.doc_number and head["issuer"] == n.issuer
        assert head["year"] == n.year and head["plan_title"] == n.plan_title
        assert head["source"] == {"path": n.source.path, "sha256": n.source.sha256, "format": "text"}
        assert head["warnings"] == n.warnings and head["kind"] == n.kind
    first = rows[[t.id for _, t in expected].index("西政办发〔2024〕3号#1")]
    assert first["targets"][0]["value"] == 6 and first["deadline"]["date"] == "2024-12-31"
    assert "\\u" not in lines[0]  # Chinese as Chinese


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_has_a_bom_and_reads_back_with_the_csv_module(tmp_path, notices):
    out = export(tmp_path, "csv", CORPUS)
    data = out.read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM * 2)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == sum(len(n.tasks) for n in notices)
    by_id = {r["task_id"]: r for r in rows}
    r = by_id["西政办发〔2024〕3号#1"]
    assert r["targets"] == "6 个 老旧小区改造项目"
    assert r["deadline_date"] == "2024-12-31" and r["deadline_text"] == "2024年12月底前"
    assert r["lead"] == "区住房城市建设委" and r["support"] == ""
    assert r["issuer"] == "北京市西城区人民政府办公室" and r["year"] == "2024"
    assert r["source_sha256"] == notices[-1].source.sha256
    assert by_id["西政办发〔2024〕3号#3"]["targets"] == "≥20 部 电梯"
    assert by_id["西政办发〔2024〕3号#2"]["lead"] == "德源集团；宣房集团"
    assert by_id["西政办发〔2024〕3号#24"]["targets"] == "1165 场次 群众文化活动; 1790000 人次 受益"


def test_csv_joins_support_bodies_and_keeps_multiline_text_in_one_cell(tmp_path):
    donghu = policytasks.parse(str(DONGHU))
    out = export(tmp_path, "csv", DONGHU)
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["text"] for r in rows] == [t.text for t in donghu.tasks]
    first = next(t for t in donghu.tasks if any(b.role == "support" for b in t.responsible))
    row = next(r for r in rows if r["task_id"] == first.id)
    assert row["support"] == "；".join(b.name for b in first.responsible if b.role == "support")
    assert "；" in row["support"]


def test_csv_bom_only_in_files_not_on_stdout(capsysbinary):
    assert main(["convert", str(XICHENG), str(DONGHU), "--format", "csv", "--jobs", "1"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"task_id,")


# --- iCalendar ----------------------------------------------------------------------------------

def test_ics_parses_back_with_one_vtodo_per_dated_task(tmp_path, notices):
    icalendar = pytest.importorskip("icalendar")
    out = export(tmp_path, "ics", CORPUS)
    raw = out.read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    todos = cal.walk("VTODO")
    dated = [(n, t) for n in notices for t in n.tasks if t.deadline and t.deadline.date]
    undated = sum(len(n.tasks) for n in notices) - len(dated)
    assert undated > 0  # the corpus has ongoing tasks: they must be left out, not given a made-up date
    assert len(todos) == len(dated)
    assert cal["VERSION"] == "2.0" and "policytasks" in str(cal["PRODID"])
    uids = [str(t["UID"]) for t in todos]
    assert len(set(uids)) == len(uids)
    assert all(u.endswith("@policytasks") and u.isascii() and " " not in u for u in uids)
    for todo, (n, t) in zip(todos, dated):
        assert str(todo["X-POLICYTASKS-ID"]) == t.id
        due = todo.decoded("DUE")
        assert type(due) is dt.date and due == t.deadline.date  # a DATE, not a DATE-TIME
        assert str(todo["SUMMARY"]) and t.text.startswith(str(todo["SUMMARY"]).rstrip("…"))
        desc = str(todo["DESCRIPTION"])
        assert t.id in desc and t.deadline.text in desc
        for b in t.responsible:
            assert b.name in desc
    assert raw.count(b"DUE;VALUE=DATE:") == len(dated)
    assert b"\r\n" in raw  # RFC 5545 line ends


def test_ics_is_deterministic_and_uids_are_stable(tmp_path):
    a = export(tmp_path / "a", "ics", XICHENG).read_bytes()
    b = export(tmp_path / "b", "ics", XICHENG).read_bytes()
    assert a == b  # DTSTAMP comes from the notice, not the clock
    assert b"DTSTAMP:20240325T000000Z" in a  # 成文日期 of the Xicheng notice


def _bare_notice(text: str, sha: str, due: dt.date):
    from policytasks.models import Deadline, Notice, Source, Task

    task = Task(id="notice#1", number=1, text=text, span=(0, len(text)),
                deadline=Deadline(text="年底前", date=due, precision="year"))
    return Notice(source=Source(path=None, sha256=sha, format="text"), tasks=[task])


def test_ics_tells_apart_notices_that_share_task_ids():
    icalendar = pytest.importorskip("icalendar")
    # neither has a doc number or title, so both tasks are "notice#1"
    a = _bare_notice("完成6个老旧小区改造项目。", "a" * 64, dt.date(2024, 12, 31))
    b = _bare_notice("新建2个体育公园。", "b" * 64, dt.date(2024, 10, 31))
    buf = io.BytesIO()
    w = open_writer("ics", buf)
    w.add(a)
    w.add(b)
    w.close()
    todos = icalendar.Calendar.from_ical(buf.getvalue()).walk("VTODO")
    uids = [str(t["UID"]) for t in todos]
    assert len(uids) == 2 and uids[0] != uids[1]
    assert [str(t["X-POLICYTASKS-ID"]) for t in todos] == ["notice#1", "notice#1"]
    assert b"DTSTAMP:19700101T000000Z" in buf.getvalue()  # no date in the notice: a fixed stamp


# --- formatting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fields,text", [
    (dict(value=6, unit="个", comparator="eq", subject="老旧小区改造项目"), "6 个 老旧小区改造项目"),
    (dict(value=20, unit="部", comparator="ge", subject="电梯"), "≥20 部 电梯"),
    (dict(value=10, value_max=15, unit="个", comparator="range", subject=None), "10–15 个"),
    (dict(value=2.5, unit="公里", comparator="le", subject="步道"), "≤2.5 公里 步道"),
    (dict(value=95.0, unit="%", comparator="approx", subject="就业率"), "≈95 % 就业率"),
    (dict(value=3, unit="条", comparator="lt", subject=None), "<3 条"),
])
def test_format_target(fields, text):
    fields.setdefault("value_max", None)
    assert format_target(SimpleNamespace(**fields)) == text


# --- atomic writes ------------------------------------------------------------------------------

def test_atomic_write_is_all_or_nothing(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as f:
            f.write(b"half")
            raise KeyboardInterrupt
    assert not target.exists() and list(target.parent.iterdir()) == []
    with atomic_write(target) as f:
        f.write(b"whole")
    assert target.read_bytes() == b"whole"
    with pytest.raises(RuntimeError):
        with atomic_write(target) as f:
            f.write(b"new but broken")
            raise RuntimeError
    assert target.read_bytes() == b"whole"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_write_gives_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "new") as f:
            f.write(b"x")
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "new").stat().st_mode)
    assert mode & 0o044  # readable by others, not mkstemp's 0600
    os.chmod(tmp_path / "new", 0o640)
    with atomic_write(tmp_path / "new") as f:
        f.write(b"y")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o640  # a replaced file keeps its mode


def test_help_does_not_import_the_exporters_libraries():
    import subprocess
    import sys

    code = ("import sys; from policytasks.cli import main; rc = main(['convert', '--help']);"
            "bad = [m for m in ('icalendar', 'csv', 'tqdm', 'pydantic') if m in sys.modules];"
            "sys.exit(1 if bad else 0)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


# --- a notice rendered apart (in a batch worker) --------------------------------------------------

@pytest.mark.parametrize("fmt,options", [("jsonl", {}), ("csv", {}), ("csv", {"per": "target"})])
def test_rendered_notices_make_the_same_bytes_as_the_writer(notices, fmt, options):
    from policytasks.export import feed_notice, render

    whole, pieces = io.BytesIO(), io.BytesIO()
    writer = open_writer(fmt, whole, **options)
    joined = open_writer(fmt, pieces, **options)
    for n in notices:
        writer.add(feed_notice(n))
        piece = render(fmt, n, **options)
        assert (piece.tasks, piece.warnings) == (len(n.tasks), len(n.warnings))
        joined.write_rendered(piece)
    writer.close()
    joined.close()
    assert whole.getvalue() == pieces.getvalue() and writer.rows == joined.rows > 0


def test_rendered_json_is_what_single_convert_prints(capsysbinary, notices):
    from policytasks.export import render

    assert main(["convert", str(XICHENG)]) == 0
    printed = capsysbinary.readouterr().out
    [n] = [n for n in notices if n.source.path == str(XICHENG)]
    assert render("json", n).data == printed


def test_render_refuses_a_format_made_of_the_whole_feed(notices):
    from policytasks.export import render

    for fmt in ("ics", "xlsx", "sqlite", "yaml"):
        with pytest.raises(ValueError, match="not rendered notice by notice"):
            render(fmt, notices[0])
