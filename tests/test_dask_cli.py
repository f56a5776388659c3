"""``convert --dask ADDRESS`` (issue 16): the same ordered, byte-identical output as --jobs, with
the input files read by the workers from a shared path or sent as bytes when they cannot see it."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytasks import dask_batch
from policytasks.cli import main

distributed = pytest.importorskip("distributed")

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None, protocol="tcp://", host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def inputs(tmp_path) -> list[str]:
    paths = sorted(str(p) for p in CORPUS.glob("*.txt"))[:6]
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    return paths[:3] + [str(bad), str(tmp_path / "missing.txt")] + paths[3:]


def convert(args: list[str], out: Path, capsys) -> tuple[bytes, str]:
    """The output file's bytes and the summary (the output's name left out)."""
    assert main(["convert", *args, "--format", "jsonl", "-o", str(out), "--quiet"]) == 1  # two bad files
    return out.read_bytes(), capsys.readouterr().err.replace(str(out), "OUT")


def test_dask_gives_the_same_bytes_as_jobs_on_a_shared_file_system(tmp_path, scheduler, capsys):
    paths = inputs(tmp_path)
    want = convert([*paths, "--jobs", "1"], tmp_path / "jobs.jsonl", capsys)
    got = convert([*paths, "--dask", scheduler], tmp_path / "dask.jsonl", capsys)
    assert got == want and got[0].count(b"\n") > 50 and "no such file" in got[1]  # failures named the same way


SENT: list = []
_REAL = dask_batch._convert_bytes


def _spy(path, data, options):  # module level: the in-process workers call this very function
    SENT.append((path, isinstance(data, bytes)))
    return _REAL(path, data, options)


def test_dask_sends_file_bytes_when_workers_cannot_see_the_inputs(tmp_path, scheduler, monkeypatch, capsys):
    paths = inputs(tmp_path)
    want = convert([*paths, "--jobs", "1"], tmp_path / "jobs.jsonl", capsys)
    SENT.clear()
    monkeypatch.setattr(dask_batch, "workers_see", lambda client, paths: False)
    monkeypatch.setattr(dask_batch, "_convert_bytes", _spy)
    got = convert([*paths, "--dask", scheduler], tmp_path / "dask.jsonl", capsys)
    assert got == want
    assert sorted(SENT) == sorted((p, Path(p).is_file()) for p in paths)  # all went as bytes, named by path


def test_workers_that_see_another_file_at_the_path_get_bytes(tmp_path, scheduler):
    p = tmp_path / "n.txt"
    p.write_text("x")
    with distributed.Client(scheduler) as client:
        assert dask_batch.workers_see(client, [str(p)])
        assert not dask_batch._sees(str(p), (999, 0))  # a different size there: not the same file


def test_dask_local_starts_a_local_cluster(tmp_path):
    paths = sorted(str(p) for p in CORPUS.glob("*.txt"))[:2]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["convert", *paths, "--format", "jsonl", "-o", str(a), "--quiet", "--jobs", "1"]) == 0
    assert main(["convert", *paths, "--format", "jsonl", "-o", str(b), "--quiet", "--dask", "local"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_unreachable_scheduler_is_a_one_line_error(tmp_path, capsys):
    paths = sorted(str(p) for p in CORPUS.glob("*.txt"))[:2]
    code = main(["convert", *paths, "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"),
                 "--dask", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err
