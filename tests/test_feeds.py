"""Feeds trackers and offices take as they are (issue 17): warnings in every feed, the format from
-o's suffix, --strict, CSV details, the Excel workbook, the SQLite database, and what is written
where (symlinks, devices, read-only files, full disks, non-UTF-8 file names, NUL bytes)."""

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import policytasks
from policytasks.cli import main
from policytasks.export.csv_out import BOM, COLUMNS, TARGET_ROW_COLUMNS

REPO = Path(__file__).resolve().parents[1]
XICHENG = REPO / "corpus" / "xicheng-2024.txt"

WARNED = """测试区2024年为群众办实事项目
1. 审核加装电梯20部以上。牵头单位：区住房城市建设委
2. 新建口袋公园3个，2024年12月底前完成。牵头单位：区园林绿化局；配合单位：各街道办事处
"""
NOT_A_NOTICE = "今天天气很好，我们去公园散步。\n"


def run(*args, **kw):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    streams = {"stderr": subprocess.PIPE} if "stdout" in kw else {"capture_output": True}
    return subprocess.run([sys.executable, "-m", "policytasks", *map(str, args)], env=env, **streams, **kw)


def convert(capsys, *args):
    rc = main(["convert", *map(str, args), "--jobs", "1"])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def folder(tmp_path) -> Path:
    """A notice with a warning (item 1 has no deadline) and a file that is no notice at all."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-warned.txt").write_text(WARNED, encoding="utf-8")
    (d / "b-prose.txt").write_text(NOT_A_NOTICE, encoding="utf-8")
    return d


def csv_rows(data: bytes, bom: bool = True) -> list[dict]:
    assert data.startswith(BOM) == bom
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- warnings reach every feed -------------------------------------------------------------------

def test_csv_carries_task_warnings_and_notice_warnings_and_keeps_a_notice_without_tasks(capsys, folder, tmp_path):
    out = tmp_path / "t.csv"
    assert convert(capsys, folder, "-o", out)[0] == 0
    rows = csv_rows(out.read_bytes())
    warned = [r for r in rows if r["source_path"].endswith("a-warned.txt")]
    assert [r["warnings"] for r in warned] == ["item 1: no deadline", ""]
    prose = [r for r in rows if r["source_path"].endswith("b-prose.txt")]
    assert len(prose) == 1 and prose[0]["task_id"] == "" and "no numbered tasks" in prose[0]["notice_warnings"]


def test_jsonl_carries_notice_warnings_and_a_line_for_a_notice_without_tasks(capsys, folder, tmp_path):
    out = tmp_path / "t.jsonl"
    assert convert(capsys, folder, "-o", out)[0] == 0
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["warnings"] for x in lines[:2]] == [["item 1: no deadline"], []]
    assert lines[0]["notice"]["warnings"] == ["item 1: no deadline"]
    assert set(lines[2]) == {"notice"} and lines[2]["notice"]["warnings"]


def test_ics_descriptions_carry_the_task_and_notice_warnings():
    icalendar = pytest.importorskip("icalendar")
    from policytasks.export import open_writer

    notice = policytasks.parse_text(WARNED.replace("1. 审核加装电梯20部以上。", "1. 审核加装电梯20部以上，9月底前完成。"))
    notice.warnings = ["item 1: unit not known: “20部”", "line not placed in any task: “附表”", "item 2: x"]
    buf = io.BytesIO()
    w = open_writer("ics", buf)
    w.add(notice)
    w.close()
    todos = icalendar.Calendar.from_ical(buf.getvalue()).walk("VTODO")
    desc = [str(t["DESCRIPTION"]) for t in todos]
    assert "提示：item 1: unit not known: “20部”" in desc[0] and "item 2: x" not in desc[0]
    assert all("提示：line not placed in any task: “附表”" in d for d in desc)


def test_summary_counts_and_names_notices_with_warnings_and_without_tasks(capsys, folder, tmp_path):
    rc, _, err = convert(capsys, folder, "-o", tmp_path / "t.jsonl")
    assert rc == 0
    lines = err.splitlines()
    assert lines[0].startswith("policytasks: 2 notices converted, 2 tasks ->")
    assert any("2 notices with warnings" in ln and "a-warned.txt (1)" in ln and "b-prose.txt" in ln for ln in lines)
    assert any("1 notice with no tasks:" in ln and "b-prose.txt" in ln for ln in lines)


def test_one_notice_on_stdout_names_its_warnings_on_stderr(capsys, folder):
    rc, out, err = convert(capsys, folder / "a-warned.txt")
    assert rc == 0 and json.loads(out)["warnings"] == ["item 1: no deadline"]
    assert "1 notice with warnings (1 warning)" in err


def test_strict_exits_1_on_warnings_or_a_notice_without_tasks(capsys, folder, tmp_path):
    assert convert(capsys, folder, "-o", tmp_path / "t.csv", "--strict")[0] == 1
    assert (tmp_path / "t.csv").exists()  # the feed is written all the same
    assert convert(capsys, folder / "b-prose.txt", "--strict")[0] == 1
    assert convert(capsys, XICHENG, "--strict")[0] == 0  # clean: no warning, 25 tasks


def test_counts_in_messages_agree_in_number(capsys, folder, tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("测试区2024年为群众办实事项目\n1. 审核加装电梯20部以上，2024年12月底前完成。牵头单位：区住建委\n", "utf-8")
    _, _, err = convert(capsys, one, "-f", "ics")
    assert "1 notice converted, 1 task\n" in err
    _, _, err = convert(capsys, folder / "a-warned.txt", "-f", "ics")
    assert "1 notice converted, 2 tasks" in err and "1 task without a deadline date is not in the calendar" in err
    assert "(1 warning)" in err


# --- the format follows -o ------------------------------------------------------------------------

@pytest.mark.parametrize("name,check", [
    ("t.csv", lambda p: p.read_bytes().startswith(BOM + b"task_id,")),
    ("t.jsonl", lambda p: json.loads(p.read_text("utf-8").splitlines()[0])["id"]),
    ("t.ics", lambda p: p.read_bytes().startswith(b"BEGIN:VCALENDAR")),
    ("t.xlsx", lambda p: p.read_bytes().startswith(b"PK")),
    ("t.sqlite", lambda p: p.read_bytes().startswith(b"SQLite format 3")),
    ("t.db", lambda p: p.read_bytes().startswith(b"SQLite format 3")),
    ("out", lambda p: p.is_dir() and (p / "xicheng-2024.json").is_file()),
])
def test_o_tasks_csv_is_a_csv_file_not_a_folder(capsys, tmp_path, name, check):
    out = tmp_path / name
    assert convert(capsys, XICHENG, REPO / "corpus" / "01-donghu.txt", "-o", out)[0] == 0
    assert check(out)


def test_o_name_json_holds_one_notice(capsys, tmp_path):
    out = tmp_path / "x.json"
    assert convert(capsys, XICHENG, "-o", out)[0] == 0
    assert out.read_text("utf-8") == policytasks.parse(str(XICHENG)).to_json() + "\n"
    rc, _, err = convert(capsys, XICHENG, REPO / "corpus" / "01-donghu.txt", "-o", tmp_path / "y.json")
    assert rc == 2 and "several notices" in err and not (tmp_path / "y.json").exists()


def test_format_flag_wins_over_an_unknown_suffix_and_a_clash_is_a_usage_error(capsys, tmp_path):
    out = tmp_path / "feed.txt"
    assert convert(capsys, XICHENG, "-f", "jsonl", "-o", out)[0] == 0
    assert len(out.read_text("utf-8").splitlines()) == 25
    rc, _, err = convert(capsys, XICHENG, "--format", "jsonl", "-o", tmp_path / "t.csv")
    assert rc == 2 and err.count("\n") == 1 and "csv" in err and "jsonl" in err
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize("argv,words", [
    (["-f", "xlsx"], "needs -o"),
    (["-f", "sqlite"], "needs -o"),
    (["-f", "jsonl", "--per", "target"], "--per target"),
])
def test_format_usage_errors(capsys, argv, words):
    rc, out, err = convert(capsys, XICHENG, *argv)
    assert rc == 2 and out == "" and words in err and err.count("\n") == 1


# --- CSV --------------------------------------------------------------------------------------------

def test_csv_has_canonical_names_beside_printed_ones(capsys, tmp_path):
    out = tmp_path / "t.csv"
    assert convert(capsys, XICHENG, "-o", out)[0] == 0
    rows = {r["task_id"]: r for r in csv_rows(out.read_bytes())}
    r = rows["西政办发〔2024〕3号#3"]
    assert r["lead"] == "区住房城市建设委" and r["lead_canonical"] == "区住房和城乡建设委员会"
    assert list(rows[next(iter(rows))]) == COLUMNS


def test_csv_per_target_gives_one_row_a_target(capsys, tmp_path):
    out = tmp_path / "t.csv"
    assert convert(capsys, XICHENG, "-o", out, "--per", "target")[0] == 0
    rows = csv_rows(out.read_bytes())
    notice = policytasks.parse(str(XICHENG))
    want = sum(max(1, len(t.targets)) for t in notice.tasks)
    assert len(rows) == want and list(rows[0]) == TARGET_ROW_COLUMNS
    r24 = [r for r in rows if r["task_id"] == "西政办发〔2024〕3号#24"]
    assert [(r["target_value"], r["target_unit"]) for r in r24] == [("1165", "场次"), ("1790000", "人次")]


def test_csv_has_kind_section_and_progress_columns(capsys, tmp_path):
    from policytasks.export import open_writer
    from policytasks.models import Notice, Progress, Source, Task

    n = Notice(source=Source(sha256="0" * 64, format="text"), kind="progress", tasks=[
        Task(id="x#1", number=1, section="（一）住房", text="加装电梯", span=(0, 4),
             progress=Progress(text="已完成55%", status="in_progress", percent=55, as_of=dt.date(2024, 10, 31)))])
    buf = io.BytesIO()
    w = open_writer("csv", buf)
    w.add(n)
    w.close()
    [r] = csv_rows(buf.getvalue())
    assert (r["kind"], r["section"], r["progress_status"], r["progress_percent"], r["progress_as_of"]) == \
        ("progress", "（一）住房", "in_progress", "55", "2024-10-31")


# --- Excel --------------------------------------------------------------------------------------------

def test_xlsx_workbook_for_an_office(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "t.xlsx"
    assert convert(capsys, XICHENG, REPO / "corpus" / "01-donghu.txt", "-o", out)[0] == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["tasks", "targets", "bodies", "progress", "notices", "warnings"]
    tasks = wb["tasks"]
    assert all(wb[s].freeze_panes == "A2" for s in wb.sheetnames)
    head = [c.value for c in tasks[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in tasks.iter_rows(min_row=2)]
    r3 = next(r for r in rows if r["task_id"] == "西政办发〔2024〕3号#3")
    assert r3["deadline_date"] == dt.datetime(2024, 12, 31) and r3["number"] == 3  # a date and a number
    assert tasks.cell(row=2, column=head.index("deadline_date") + 1).number_format == "yyyy-mm-dd"
    targets = wb["targets"]
    thead = [c.value for c in targets[1]]
    t = [dict(zip(thead, (c.value for c in r))) for r in targets.iter_rows(min_row=2)]
    elev = next(x for x in t if x["task_id"] == "西政办发〔2024〕3号#3")
    assert (elev["value"], elev["unit"], elev["comparator"], elev["subject"]) == (20, "部", "ge", "电梯")
    bodies = [[c.value for c in r] for r in wb["bodies"].iter_rows(min_row=2)]
    assert ["西政办发〔2024〕3号", "西政办发〔2024〕3号#3", "区住房城市建设委", "区住房和城乡建设委员会", "lead"] in bodies
    # a column of Chinese names is wider than its Latin header: a CJK character counts two
    col = openpyxl.utils.get_column_letter(head.index("lead") + 1)
    assert tasks.column_dimensions[col].width >= 2 * len("区住房城市建设委")


# --- SQLite ---------------------------------------------------------------------------------------------

def _db(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def test_sqlite_tables_keys_and_rows(capsys, tmp_path, folder):
    out = tmp_path / "t.sqlite"
    assert convert(capsys, XICHENG, folder, "-o", out)[0] == 0
    db = _db(out)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"notices", "tasks", "targets", "bodies", "progress", "warnings"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM tasks WHERE notice_id = '西政办发〔2024〕3号'").fetchone() == (25,)
    assert db.execute("SELECT value, unit, comparator FROM targets WHERE task_id = '西政办发〔2024〕3号#3'"
                      ).fetchall() == [(20, "部", "ge")]
    assert db.execute("SELECT count(*) FROM notices").fetchone() == (3,)  # the one without tasks too
    assert ("item 1: no deadline",) in db.execute("SELECT warning FROM warnings WHERE task_id IS NOT NULL")
    with pytest.raises(sqlite3.IntegrityError):  # a target of no task is refused
        db.execute("INSERT INTO targets VALUES ('nope', 'nope#1', 1, 1, NULL, '个', 'eq', NULL, '1个')")


def test_sqlite_reconverting_a_notice_replaces_its_rows(capsys, tmp_path):
    out = tmp_path / "t.sqlite"
    assert convert(capsys, XICHENG, "-o", out)[0] == 0
    before = _db(out).execute("SELECT (SELECT count(*) FROM tasks), (SELECT count(*) FROM targets), "
                              "(SELECT count(*) FROM bodies)").fetchone()
    rc, _, err = convert(capsys, XICHENG, REPO / "corpus" / "01-donghu.txt", "-o", out)
    assert rc == 0 and "1 notice already in the database replaced" in err
    db = _db(out)
    assert db.execute("SELECT count(*) FROM tasks WHERE notice_id = '西政办发〔2024〕3号'").fetchone() == (25,)
    assert db.execute("SELECT count(*) FROM notices").fetchone() == (2,)
    again = db.execute("SELECT (SELECT count(*) FROM tasks WHERE notice_id = '西政办发〔2024〕3号'), "
                       "(SELECT count(*) FROM targets WHERE notice_id = '西政办发〔2024〕3号'), "
                       "(SELECT count(*) FROM bodies WHERE notice_id = '西政办发〔2024〕3号')").fetchone()
    assert again == before


def test_sqlite_a_failed_notice_leaves_the_database_as_it_was(monkeypatch, tmp_path):
    from policytasks.export import sqlite as sq

    out = tmp_path / "t.sqlite"
    w = sq.SqliteWriter(out)
    w.add(policytasks.parse(str(XICHENG)))
    bad = policytasks.parse(str(XICHENG))
    bad.tasks[1].id = bad.tasks[0].id  # duplicate key: the insert fails half-way
    with pytest.raises(ValueError, match="not stored"):
        w.add(bad)
    w.close()
    assert _db(out).execute("SELECT count(*) FROM tasks").fetchone() == (25,)


def test_sqlite_an_interrupted_run_keeps_every_notice_finished_before_it(monkeypatch, tmp_path):
    from policytasks.export import sqlite as sq

    out = tmp_path / "t.sqlite"
    w = sq.SqliteWriter(out)
    w.add(policytasks.parse(str(XICHENG)))
    monkeypatch.setattr(sq, "_date", lambda d: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        w.add(policytasks.parse(str(REPO / "corpus" / "01-donghu.txt")))
    w.close()  # what convert does on its way out
    db = _db(out)
    assert db.execute("SELECT notice_id FROM notices").fetchall() == [("西政办发〔2024〕3号",)]
    assert db.execute("SELECT count(*) FROM tasks").fetchone() == (25,)


def test_sqlite_queries_in_the_docs_run(capsys, tmp_path):
    import re

    out = tmp_path / "t.sqlite"
    assert convert(capsys, REPO / "corpus", "-o", out)[0] == 0
    doc = (REPO / "docs" / "batch.md").read_text("utf-8")
    queries = re.findall(r"```sql\n(.*?)```", doc, re.S)
    assert len(queries) >= 2
    db = _db(out)
    results = [db.execute(q).fetchall() for q in queries]
    assert all(results)  # each finds something in the corpus


# --- what is written where -----------------------------------------------------------------------------

def test_o_onto_a_symlink_writes_its_target_and_keeps_the_link(capsys, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert convert(capsys, XICHENG, "-o", link)[0] == 0
    assert link.is_symlink() and target.read_bytes().startswith(BOM + b"task_id,")


def test_o_onto_a_device_writes_through_it(capsys):
    before = os.stat(os.devnull)
    for fmt in ("csv", "json"):
        assert convert(capsys, XICHENG, "-f", fmt, "-o", os.devnull)[0] == 0
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_o_onto_a_named_pipe_writes_through_it(capsys, tmp_path):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    assert convert(capsys, XICHENG, "-o", fifo)[0] == 0
    reader.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert len(got[0].decode("utf-8").splitlines()) == 25


def test_o_onto_a_read_only_file_is_refused_with_one_line(capsys, tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("keep me")
    out.chmod(0o444)
    rc, _, err = convert(capsys, XICHENG, "-o", out)
    assert rc == 1 and err.count("\n") == 1 and "read-only" in err and "t.csv" in err
    assert out.read_text() == "keep me" and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["convert", XICHENG], ["schema"], ["convert", XICHENG, "-f", "csv"]])
def test_a_full_disk_is_one_line_and_exit_1(argv):
    with open("/dev/full", "wb") as full:
        p = run(*argv, stdout=full)
    err = p.stderr.decode()
    assert p.returncode == 1 and err.count("\n") == 1 and "No space left" in err and "Traceback" not in err


def test_a_closed_stdout_is_one_line_and_exit_1():
    p = run("convert", XICHENG, stdout=subprocess.DEVNULL, pass_fds=(), preexec_fn=lambda: os.close(1))
    err = p.stderr.decode()
    assert p.returncode == 1 and err.count("\n") == 1 and "stdout" in err and "Traceback" not in err


GBK_NAME = "民生实事.txt".encode("gbk")  # as an unzipped Chinese archive gives it


SHOWN_NAME = GBK_NAME.decode("utf-8", "backslashreplace")  # \xc3\xf1…


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "ics", "xlsx", "sqlite"])
def test_a_non_utf8_file_name_passes_through_every_feed(tmp_path, fmt):
    folder = os.fsencode(tmp_path)
    src = os.path.join(folder, GBK_NAME)
    with open(src, "wb") as f:
        f.write(XICHENG.read_bytes())
    out = tmp_path / f"out.{fmt}"
    p = run("convert", os.fsdecode(src), "-f", fmt, "-o", out) if fmt != "json" else \
        run("convert", os.fsdecode(src))
    assert p.returncode == 0, p.stderr.decode()
    data = p.stdout if fmt == "json" else out.read_bytes()
    if fmt in ("json", "jsonl", "csv"):
        text = data.decode("utf-8")  # valid UTF-8 all through
        assert SHOWN_NAME in text.replace("\\\\", "\\")  # the bytes, readable and reversible
    if fmt == "sqlite":
        path = sqlite3.connect(out).execute("SELECT source_path FROM notices").fetchone()[0]
        assert path.endswith(SHOWN_NAME)


NUL_NOTICE = "测试区2024年为群众办实事项目\n1. 审核加装\x00电梯20部以上，2024年12月底前完成。牵头单位：区住建委\n"


@pytest.mark.parametrize("fmt", ["csv", "ics", "xlsx", "jsonl"])
def test_nul_bytes_never_reach_a_feed(capsys, tmp_path, fmt):
    src = tmp_path / "n.txt"
    src.write_bytes(NUL_NOTICE.encode("utf-8"))
    out = tmp_path / f"t.{fmt}"
    assert convert(capsys, src, "-o", out)[0] == 0
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.load_workbook(out)
        texts = [c.value for r in wb["tasks"].iter_rows() for c in r if isinstance(c.value, str)]
        assert any("\ufffd" in t for t in texts) and not any("\x00" in t for t in texts)
        return
    data = out.read_bytes()
    assert b"\x00" not in data
    if fmt == "ics":
        icalendar = pytest.importorskip("icalendar")
        [todo] = icalendar.Calendar.from_ical(data).walk("VTODO")
        assert "\ufffd" in str(todo["SUMMARY"])
    else:
        assert "\ufffd" in data.decode("utf-8")


def test_every_control_character_a_feed_cannot_carry_is_replaced_one_for_one():
    from policytasks.export import feed_notice, safe_text

    bad = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f\udcc3"
    assert safe_text("a" + bad + "\t\n\rb") == "a" + "\ufffd" * len(bad) + "\t\n\rb"
    n = policytasks.parse_text("测试区2024年为群众办实事项目\n1. 审核加装电梯20部以上。牵头单位：区住建委\n")
    n.tasks[0].text = "审核\x0b加装"
    clean = feed_notice(n)
    assert clean.tasks[0].text == "审核\ufffd加装" and n.tasks[0].text == "审核\x0b加装"
    assert feed_notice(clean) is clean  # nothing to change: the same notice


def test_under_ci_a_missing_shared_folder_fails_instead_of_skipping(monkeypatch, tmp_path):
    import conftest

    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no-shared")
    assert "CI must provide it" in conftest.shared_missing_message(ci=True)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        conftest.need_shared()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        conftest.need_shared()


def test_a_non_utf8_file_name_passes_through_review_and_check(tmp_path):
    src = os.path.join(os.fsencode(tmp_path), GBK_NAME)
    with open(src, "wb") as f:
        f.write(XICHENG.read_bytes())
    page = tmp_path / "r.html"
    p = run("review", os.fsdecode(src), "-o", page)
    assert p.returncode == 0, p.stderr.decode()
    assert SHOWN_NAME in html_unescape(page.read_text("utf-8"))
    assert p.stderr.decode() == f"wrote {page}: 25 tasks, 0 warnings\n"
    p = run("check", os.fsdecode(src), REPO / "golden" / "xicheng-2024.json")
    assert p.returncode == 0 and b"Traceback" not in p.stderr


def html_unescape(s: str) -> str:
    import html

    return html.unescape(s)


def test_review_refuses_a_read_only_page_and_keeps_a_replaced_pages_mode(capsys, tmp_path):
    page = tmp_path / "r.html"
    page.write_text("mine")
    page.chmod(0o444)
    assert main(["review", str(XICHENG), "-o", str(page)]) == 1
    assert "read-only" in capsys.readouterr().err and page.read_text() == "mine"
    page.chmod(0o600)
    assert main(["review", str(XICHENG), "-o", str(page)]) == 0
    assert stat.S_IMODE(page.stat().st_mode) == 0o600 and "<html" in page.read_text("utf-8").lower()


def test_cli_and_convert_report_errors_through_one_module_and_do_not_import_each_other():
    import ast

    src = REPO / "src" / "policytasks"
    for name in ("convert.py", "cli.py"):
        tree = ast.parse((src / name).read_text("utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1}
        assert "messages" in imported, name
    tree = ast.parse((src / "convert.py").read_text("utf-8"))
    assert "cli" not in {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}


@pytest.mark.parametrize("name,magic,label", [
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "PNG"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "JPEG"),
    ("photo.txt", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "JPEG"),  # by its bytes, not its name
])
def test_an_image_is_one_line_saying_it_needs_ocr(capsys, tmp_path, name, magic, label):
    f = tmp_path / name
    f.write_bytes(magic)
    rc, out, err = convert(capsys, f)
    assert rc == 1 and out == "" and err.count("\n") == 1
    assert "an image" in err and "OCR" in err and name in err
    with pytest.raises(policytasks.FormatError):
        policytasks.parse(str(f))


def test_limits_is_importable_from_the_top_level(tmp_path):
    from policytasks import Limits

    assert Limits is policytasks.Limits and "Limits" in policytasks.__all__
    big = tmp_path / "big.txt"
    big.write_bytes(XICHENG.read_bytes())
    with pytest.raises(policytasks.LimitError):
        policytasks.parse(str(big), limits=Limits(max_bytes=100))


def test_nul_bytes_never_reach_the_review_page(capsys, tmp_path):
    src = tmp_path / "n.txt"
    src.write_bytes(NUL_NOTICE.encode("utf-8"))
    page = tmp_path / "r.html"
    assert main(["review", str(src), "-o", str(page)]) == 0
    data = page.read_bytes()
    assert b"\x00" not in data and "\ufffd" in data.decode("utf-8")


def test_a_text_that_starts_like_a_weak_image_signature_is_still_text():
    n = policytasks.parse("BM市2024年为民办实事项目\n1. 审核加装电梯20部以上。\n".encode("utf-8"))
    assert n.tasks[0].targets[0].value == 20
