"""Batch conversion: many inputs, failures reported not fatal, --jobs, atomic outputs, executors."""

import io
import json
import pickle
import shutil
import subprocess
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

import policytasks
from policytasks import batch
from policytasks.cli import main
from policytasks.errors import PolicyTasksError, ReadError

REPO = Path(__file__).resolve().parents[1]
from conftest import top_corpus

CORPUS = top_corpus()  # corpus/ without its real and held-out subfolders
SHARED = Path(__file__).resolve().parents[2] / "shared"
BROKEN = ["binary.txt", "empty.txt", "truncated.pdf", "encrypted.pdf"]
#: files of kinds a folder holds but policytasks does not read: named in the summary, not passed over
UNREADABLE = {"picture.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "bundle.zip": b"PK\x05\x06" + b"\x00" * 18}
N_CORPUS = len(list(CORPUS.glob("*.txt")))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """corpus/ notices at the top, the broken shared fixtures in a subfolder."""
    from conftest import need_shared

    fixtures = need_shared(SHARED / "fixtures")
    root = tmp_path_factory.mktemp("mixed")
    for f in CORPUS.glob("*.txt"):
        shutil.copy(f, root / f.name)
    (root / "broken").mkdir()
    for name in BROKEN:
        shutil.copy(fixtures / name, root / "broken" / name)
    for name, data in UNREADABLE.items():
        (root / "broken" / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def corpus_tasks() -> int:
    return sum(len(policytasks.parse(f).tasks) for f in CORPUS.glob("*.txt"))


def convert(capsys, *args):
    rc = main(["convert", *map(str, args)])
    out, err = capsys.readouterr()
    return rc, out, err


def assert_failures_named(err: str, names):
    lines = [ln for ln in err.splitlines() if ln.startswith("policytasks: failed: ")]
    for name in names:
        assert sum(name in ln for ln in lines) == 1, (name, err)
    assert "Traceback" not in err


def no_temporaries(folder: Path):
    return not [p for p in folder.rglob("*") if p.name.endswith(".part")]


# --- every format, failures named ------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "ics"])
def test_mixed_folder_converts_in_every_format(capsys, tmp_path, mixed, corpus_tasks, fmt):
    out = tmp_path / ("out" if fmt == "json" else f"tasks.{fmt}")
    rc, stdout, err = convert(capsys, mixed, tmp_path / "missing.txt", "--format", fmt, "-o", out, "--jobs", "1")
    assert rc == 1
    assert stdout == ""
    assert f"{N_CORPUS} notices converted, {corpus_tasks} tasks, {len(BROKEN) + 1} failed, 2 skipped" in err
    assert_failures_named(err, [*BROKEN, "missing.txt"])
    skipped = [ln for ln in err.splitlines() if ln.startswith("policytasks: skipped: ")]
    assert len(skipped) == 2 and "picture.png: not a notice format policytasks reads (.png)" in err
    assert "bundle.zip: not a notice format policytasks reads (.zip)" in err
    if fmt == "json":
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
        assert written == sorted(f.stem + ".json" for f in CORPUS.glob("*.txt"))
        assert not (out / "broken").exists()  # a failed notice leaves no file behind
    else:
        assert out.is_file() and out.stat().st_size > 0
    assert no_temporaries(tmp_path)


def test_json_mirrors_each_input_folder(capsys, tmp_path):
    src = tmp_path / "in"
    (src / "2024" / "beijing").mkdir(parents=True)
    shutil.copy(CORPUS / "xicheng-2024.txt", src / "2024" / "beijing" / "xicheng.txt")
    shutil.copy(CORPUS / "01-donghu.txt", src / "donghu.txt")
    (src / "notes.md").write_text("not a notice")  # unsupported suffix: named as skipped, not read
    single = CORPUS / "02-songling.txt"
    out = tmp_path / "out"
    rc, _, err = convert(capsys, src, single, "-o", out)
    assert rc == 0, err
    assert "skipped: " in err and "notes.md: not a notice format policytasks reads (.md)" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "02-songling.json", "2024/beijing/xicheng.json", "donghu.json"]
    got = json.loads((out / "2024" / "beijing" / "xicheng.json").read_text("utf-8"))
    assert got["doc_number"] == "西政办发〔2024〕3号" and len(got["tasks"]) == 25


def test_json_names_that_collide_are_kept_apart(capsys, tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
    shutil.copy(CORPUS / "xicheng-2024.txt", tmp_path / "a" / "x.txt")
    shutil.copy(CORPUS / "01-donghu.txt", tmp_path / "b" / "x.txt")
    out = tmp_path / "out"
    rc, _, err = convert(capsys, tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "-o", out, "--jobs", "1")
    assert rc == 0, err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["x.txt-2.json", "x.txt.json"]
    docs = {json.loads((out / f).read_text("utf-8"))["doc_number"] for f in files}
    assert len(docs) == 2  # neither overwrote the other


def test_a_file_named_twice_converts_once(capsys, tmp_path):
    top = tmp_path / "corpus"
    top.mkdir()
    for p in CORPUS.glob("*.txt"):
        shutil.copy(p, top / p.name)
    f = top / "xicheng-2024.txt"
    out = tmp_path / "t.jsonl"
    rc, _, err = convert(capsys, f, top, "--format", "jsonl", "-o", out, "--jobs", "1")
    assert rc == 0, err
    ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    assert len(ids) == len(set(ids))


# --- stdout, exit codes -------------------------------------------------------------------------

def test_one_file_prints_json_as_before(capsys):
    rc, out, err = convert(capsys, CORPUS / "xicheng-2024.txt")
    assert rc == 0 and err == ""
    assert out == policytasks.parse(str(CORPUS / "xicheng-2024.txt")).to_json() + "\n"


def test_one_broken_file_is_one_line_exit_1(capsys, mixed):
    rc, out, err = convert(capsys, mixed / "broken" / "truncated.pdf")
    assert rc == 1 and out == ""
    assert err.count("\n") == 1 and "truncated.pdf" in err and "Traceback" not in err


def test_stream_formats_go_to_stdout_without_o(capsys):
    rc, out, err = convert(capsys, CORPUS, "--format", "jsonl", "--jobs", "1")
    assert rc == 0
    lines = out.splitlines()
    assert len(lines) > N_CORPUS and all(json.loads(ln)["notice"]["source"]["sha256"] for ln in lines)
    assert f"{N_CORPUS} notices converted" in err


@pytest.mark.parametrize("argv,words", [
    (["CORPUS"], "-o"),  # json of a folder needs -o
    (["CORPUS", "CORPUS/xicheng-2024.txt"], "-o"),
    (["CORPUS", "--jobs", "0", "--format", "jsonl"], "--jobs"),
    (["CORPUS", "--format", "csv", "-o", "TMP"], "is a folder"),
    (["CORPUS", "-o", "TMP/file"], "not a folder"),
    (["TMP/empty-folder", "--format", "jsonl"], "no notices found"),
])
def test_usage_errors_exit_2_with_one_line(capsys, tmp_path, argv, words):
    (tmp_path / "file").write_text("x")
    (tmp_path / "empty-folder").mkdir()
    argv = [a.replace("CORPUS", str(CORPUS)).replace("TMP", str(tmp_path)) for a in argv]
    rc, out, err = convert(capsys, *argv)
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and words in err
    assert (tmp_path / "file").read_text() == "x"


def test_unknown_format_is_a_usage_error(capsys):
    assert main(["convert", str(CORPUS), "--format", "xml"]) == 2


def test_only_missing_inputs_are_failed_files_not_usage_errors(capsys, tmp_path):
    rc, _, err = convert(capsys, tmp_path / "a.txt", tmp_path / "b.pdf", "--format", "jsonl", "-o", tmp_path / "t.jsonl")
    assert rc == 1
    assert "0 notices converted, 0 tasks, 2 failed" in err
    assert_failures_named(err, ["a.txt", "b.pdf"])


def test_quiet_is_silent_on_success_and_speaks_on_failure(capsys, tmp_path, mixed):
    rc, _, err = convert(capsys, CORPUS, "--format", "jsonl", "-o", tmp_path / "a.jsonl", "--quiet", "--jobs", "1")
    assert rc == 0 and err == ""
    rc, _, err = convert(capsys, mixed, "--format", "jsonl", "-o", tmp_path / "b.jsonl", "--quiet", "--jobs", "1")
    assert rc == 1
    assert_failures_named(err, BROKEN)


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch, tmp_path):
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["convert", str(CORPUS), "--format", "jsonl", "-o", str(tmp_path / "a.jsonl"), "--jobs", "1"]) == 0
    assert "converting" in tty.getvalue() and "file" in tty.getvalue()
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    assert main(["convert", str(CORPUS), "--format", "jsonl", "-o", str(tmp_path / "b.jsonl"), "--jobs", "1",
                 "--quiet"]) == 0
    assert tty.getvalue() == ""


# --- --jobs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "csv", "ics", "json"])
def test_jobs_2_is_byte_identical_to_jobs_1(capsys, tmp_path, mixed, fmt):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / (f"out{jobs}" if fmt == "json" else f"t{jobs}.{fmt}")
        rc, _, err = convert(capsys, mixed, "--format", fmt, "-o", out, "--jobs", jobs)
        assert rc == 1
        outs.append((out, err))
    (a, err1), (b, err2) = outs
    assert err1.replace(str(a), "OUT") == err2.replace(str(b), "OUT")  # same summary, same order
    if fmt == "json":
        files = sorted(p.relative_to(a) for p in a.rglob("*.json"))
        assert files and files == sorted(p.relative_to(b) for p in b.rglob("*.json"))
        for f in files:
            assert (a / f).read_bytes() == (b / f).read_bytes()
    else:
        assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_cli_in_a_subprocess_with_a_pool(tmp_path, mixed):
    out = tmp_path / "t.jsonl"
    p = subprocess.run([sys.executable, "-m", "policytasks", "convert", str(mixed), "--format", "jsonl",
                        "-o", str(out), "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    assert f"{N_CORPUS} notices converted" in p.stderr
    assert_failures_named(p.stderr, BROKEN)
    assert len(out.read_text("utf-8").splitlines()) > N_CORPUS


# --- nothing half-written -----------------------------------------------------------------------

def test_interrupted_stream_leaves_no_partial_file(capsys, monkeypatch, tmp_path):
    from policytasks.export.jsonl import JsonlWriter

    out = tmp_path / "t.jsonl"
    out.write_bytes(b"previous run\n")
    real_add, calls = JsonlWriter.add, []

    def add_then_interrupt(self, notice):
        calls.append(notice)
        if len(calls) == 3:  # two notices' lines are already in the temporary file
            raise KeyboardInterrupt
        real_add(self, notice)

    monkeypatch.setattr(JsonlWriter, "add", add_then_interrupt)
    rc = main(["convert", str(CORPUS), "--format", "jsonl", "-o", str(out), "--jobs", "1"])
    assert rc == 130 and len(calls) == 3
    assert out.read_bytes() == b"previous run\n"  # the old output untouched, not half a new one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.jsonl"]


def test_exporter_error_on_one_notice_fails_that_notice_and_leaves_no_half_row(capsys, monkeypatch, tmp_path):
    # a notice's rows are made apart from the file (export.render): a bug half-way through one
    # notice fails that notice, and what it had written never reaches the file
    import csv

    from policytasks.export.csv_out import CsvWriter

    real_add = CsvWriter.add

    def boom(self, notice):
        if notice.source.path.endswith("03-jianglin.txt"):
            self.out.write(b"half a row,")
            raise RuntimeError("exporter bug")
        real_add(self, notice)

    monkeypatch.setattr(CsvWriter, "add", boom)
    out = tmp_path / "t.csv"
    assert main(["convert", str(CORPUS), "--format", "csv", "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "03-jianglin.txt: internal error (RuntimeError: exporter bug)" in err
    text = out.read_text(encoding="utf-8-sig")
    assert "half a row" not in text
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert all(len(r) == len(rows[0]) for r in rows)
    assert not any(r[rows[0].index("source_path")].endswith("03-jianglin.txt") for r in rows[1:])


def test_error_while_writing_leaves_no_partial_file(monkeypatch, tmp_path):
    from policytasks.export.csv_out import CsvWriter

    def boom(self, piece):
        self.out.write(piece.data[:10])
        raise RuntimeError("writer bug")

    monkeypatch.setattr(CsvWriter, "write_rendered", boom)
    out = tmp_path / "t.csv"
    with pytest.raises(RuntimeError):
        main(["convert", str(CORPUS), "--format", "csv", "-o", str(out), "--jobs", "1"])
    assert list(tmp_path.iterdir()) == []


def test_interrupted_json_batch_keeps_finished_files_whole(capsys, monkeypatch, tmp_path):
    from policytasks.export import atomic

    real_fsync, calls = atomic.os.fsync, []

    def fsync_then_interrupt(fd):
        calls.append(fd)
        if len(calls) == 3:  # the third file's bytes are written but not yet in place
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_interrupt)
    out = tmp_path / "out"
    assert main(["convert", str(CORPUS), "-o", str(out), "--jobs", "1"]) == 130
    files = sorted(out.iterdir())
    assert [p.name for p in files] == ["01-donghu.json", "02-songling.json"]
    for p in files:
        assert json.loads(p.read_text("utf-8"))["tasks"]  # each one whole


def test_unwritable_output_is_reported_not_raised(capsys, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    rc, _, err = convert(capsys, CORPUS, "--format", "jsonl", "-o", blocker / "t.jsonl", "--jobs", "1")
    assert rc == 1 and "cannot write" in err and "Traceback" not in err


# --- convert_many and executors -----------------------------------------------------------------

def test_errors_cross_process_boundaries_with_path_and_reason(tmp_path):
    missing = str(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = str(CORPUS / "xicheng-2024.txt")
    paths = [good, missing, str(empty)]
    local = list(policytasks.convert_many(paths))
    with ProcessPoolExecutor(2, initializer=batch._worker_init) as pool:
        remote = list(policytasks.convert_many(paths, executor=pool))
    assert remote[0].model_dump() == local[0].model_dump()
    for got, path, words in [(remote[1], missing, "no such file"), (remote[2], str(empty), "empty")]:
        assert type(got) is ReadError
        assert got.path == path and words in got.reason and str(got) == f"{path}: {got.reason}"
    assert [type(x) for x in local] == [type(x) for x in remote]


def test_worker_results_survive_pickling(tmp_path):
    failure = batch._convert_one(str(tmp_path / "missing.txt"), {})
    back = pickle.loads(pickle.dumps(failure))
    assert isinstance(back, ReadError) and back.path.endswith("missing.txt") and back.reason == "no such file"
    notice = batch._convert_one(str(CORPUS / "01-donghu.txt"), {})
    again = pickle.loads(pickle.dumps(notice))
    assert again.model_dump() == notice.model_dump() and again.text == notice.text


def test_internal_error_is_a_failed_file_not_a_crash(monkeypatch):
    import policytasks.pipeline as pipeline

    def broken(path, **kw):
        raise ZeroDivisionError("bug\nin a recogniser")

    monkeypatch.setattr(pipeline, "parse", broken)
    [err] = list(policytasks.convert_many(["x.txt"]))
    assert isinstance(err, PolicyTasksError) and err.path == "x.txt"
    assert err.reason == "internal error (ZeroDivisionError: bug in a recogniser)"
    assert isinstance(err.__cause__, ZeroDivisionError)
    assert pickle.loads(pickle.dumps(batch._convert_one("x.txt", {}))).reason == err.reason


class _RecordingExecutor:
    """The executor protocol at its smallest: submit() returns a Future."""

    def __init__(self, die_on=None):
        self.submitted = []
        self.die_on = die_on

    def submit(self, fn, *args):
        self.submitted.append(args[0])
        f = Future()
        if args[0] == self.die_on:
            from concurrent.futures.process import BrokenProcessPool

            f.set_exception(BrokenProcessPool("a worker died"))
        else:
            f.set_result(fn(*args))
        return f


def test_any_executor_works_and_a_dead_worker_fails_only_its_file():
    paths = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:4]]
    ex = _RecordingExecutor(die_on=paths[1])
    results = list(batch.convert_many(paths, executor=ex))
    assert [r.source.path for r in results if not isinstance(r, PolicyTasksError)] == [paths[0], *paths[2:]]
    assert results[1].path == paths[1] and "BrokenProcessPool" in results[1].reason


def test_chunks_come_back_in_order_and_a_dead_worker_fails_every_file_of_its_chunk():
    paths = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:10]]
    ex = _RecordingExecutor()
    chunked = list(batch.convert_many(paths, executor=ex, chunk=3))
    assert ex.submitted == [paths[0:3], paths[3:4], *([p] for p in paths[4:])]
    assert [r.source.path for r in chunked] == paths

    class _DiesOnFirstChunk(_RecordingExecutor):
        def submit(self, fn, *args):
            self.die_on = paths[0:3] if args[0] == paths[0:3] else None
            return super().submit(fn, *args)

    results = list(batch.convert_many(paths, executor=_DiesOnFirstChunk(), chunk=3))
    assert [r.path for r in results[:3]] == paths[:3]
    assert all(isinstance(r, PolicyTasksError) and "BrokenProcessPool" in r.reason for r in results[:3])
    assert [r.source.path for r in results[3:]] == paths[3:]


@pytest.mark.parametrize("n,chunk,sizes", [
    (0, 4, []), (3, 4, [1, 1, 1]), (8, 4, [1] * 8), (9, 4, [1] * 9), (13, 4, [4, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    (20, 4, [4, 4, 4] + [1] * 8), (21, 4, [4, 4, 4, 1] + [1] * 8), (5, 1, [1] * 5),
])
def test_a_chunked_batch_ends_one_file_at_a_time(n, chunk, sizes):
    paths = [f"{i}.txt" for i in range(n)]
    chunks = batch._chunks(paths, chunk)
    assert [len(c) for c in chunks] == sizes and [p for c in chunks for p in c] == paths


@pytest.mark.parametrize("chunk", [0, -1, 1.5, True, "2"])
def test_chunk_must_be_a_whole_number_of_files(chunk):
    with pytest.raises(ValueError, match="chunk must be"):
        list(batch.convert_many(["x.txt"], executor=_RecordingExecutor(), chunk=chunk))


@pytest.mark.parametrize("files,jobs,chunk", [
    (1, 2, 1), (20, 2, 1), (32, 2, 2), (400, 2, 16), (100_000, 2, 16), (400, 8, 6), (5, 64, 1),
])
def test_many_small_files_go_to_workers_in_chunks_a_few_large_ones_one_by_one(files, jobs, chunk):
    from policytasks.convert import _chunk

    assert _chunk(files, jobs) == chunk


def test_jobs_2_in_chunks_is_byte_identical_to_jobs_1(capsys, tmp_path):
    # enough files that the pool's workers take several at a time
    from policytasks.convert import _chunk

    src = tmp_path / "in"
    src.mkdir()
    notices = sorted(CORPUS.glob("*.txt"))
    for i in range(48):
        shutil.copy(notices[i % len(notices)], src / f"{i:03d}-{notices[i % len(notices)].name}")
    assert _chunk(48, 2) > 1
    for fmt in ("jsonl", "csv", "json"):
        outs = []
        for jobs in ("1", "2"):
            out = tmp_path / (f"out{jobs}" if fmt == "json" else f"t{jobs}.{fmt}")
            rc, _, err = convert(capsys, src, "--format", fmt, "-o", out, "--jobs", jobs)
            assert rc == 0, err
            outs.append((out, err))
        (a, err1), (b, err2) = outs
        assert err1.replace(str(a), "OUT") == err2.replace(str(b), "OUT")
        if fmt == "json":
            files = sorted(p.relative_to(a) for p in a.rglob("*.json"))
            assert len(files) == 48 and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
        else:
            assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_preload_samples_go_through_the_whole_pipeline():
    # what a batch loads before forking its workers: both invented samples read as notices
    from policytasks.rules import data_path

    tasks = []
    for name in batch.WARMUP_SAMPLES:
        n = policytasks.parse(data_path(name))
        assert len(n.tasks) >= 2
        tasks += n.tasks
    assert {n.kind for n in map(policytasks.parse, map(data_path, batch.WARMUP_SAMPLES))} == {"plan", "progress"}
    assert all(t.targets for t in tasks)
    assert sum(1 for t in tasks if t.deadline and t.deadline.date) >= 4
    assert sum(1 for t in tasks if t.progress and t.progress.status) >= 3
    assert {b.role for t in tasks for b in t.responsible} == {"lead", "support"}
    calls = []
    batch.preload(prepare=lambda n: calls.append(n) or n)
    assert len(calls) == len(batch.WARMUP_SAMPLES)


def test_convert_many_keeps_at_most_prefetch_files_queued():
    paths = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    ex = _RecordingExecutor()
    it = batch.convert_many(paths, executor=ex, prefetch=3)
    next(it)
    assert len(ex.submitted) == 4  # three queued, then one more as the first was taken
    rest = list(it)
    assert len(rest) == len(paths) - 1 and ex.submitted == paths


def test_convert_many_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    paths = [str(CORPUS / "xicheng-2024.txt"), str(CORPUS / "no-such-notice.txt"), str(CORPUS / "01-donghu.txt")]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        results = list(policytasks.convert_many(paths, executor=client.get_executor()))
    assert results[0].doc_number == "西政办发〔2024〕3号" and len(results[0].tasks) == 25
    assert isinstance(results[1], ReadError) and results[1].path == paths[1]
    assert results[2].source.path == paths[2]
