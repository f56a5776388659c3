"""Every notice at the top of corpus/ matches its hand-written golden on every field."""

import json

import pytest

import policytasks
from policytasks.check import compare, pair_folder, subject_matches
from policytasks.cli import main

from conftest import CORPUS, GOLDEN

PAIRS = pair_folder(CORPUS, GOLDEN, recursive=False)


def test_every_corpus_notice_has_a_golden():
    assert PAIRS and all(g is not None for _, g in PAIRS), [p.name for p, g in PAIRS if g is None]


@pytest.mark.parametrize("notice,golden", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_notice_matches_golden(notice, golden):
    got = json.loads(policytasks.parse(notice).to_json())
    rep = compare(got, json.loads(golden.read_text(encoding="utf-8")), notice.stem)
    assert rep.differences == []
    assert rep.fields > 10


def test_check_command_over_the_folder(capsys):
    # every set under corpus/ (real and held-out ones included) pairs with its golden by path
    main(["check", str(CORPUS), str(GOLDEN)])
    out = capsys.readouterr().out.strip().split("\n")
    every = pair_folder(CORPUS, GOLDEN)
    assert all(g is not None for _, g in every), [str(p) for p, g in every if g is None]
    assert out[-1].startswith("fields matching:")
    names = {line.split("\t")[0] for line in out if "\t" in line and not line.startswith("  ")}
    assert {p.stem for p, _ in every} <= names
    # the top of corpus/ (ours) matches on every field
    assert sum(1 for line in out if line.endswith("\tok")) >= len(PAIRS)


def test_check_command_reports_each_difference(tmp_path, capsys):
    golden = json.loads((GOLDEN / "xicheng-2024.json").read_text(encoding="utf-8"))
    golden["tasks"][0]["targets"][0]["value"] = 7
    golden["notice"]["doc_number"] = "西政办发〔2024〕4号"
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(golden, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(CORPUS / "xicheng-2024.txt"), str(f)]) == 1
    out = capsys.readouterr().out
    assert "task 1\ttargets" in out and "notice\tdoc_number" in out
    last = out.strip().split("\n")[-1]
    assert last.startswith("fields matching:") and "100.0%" not in last


@pytest.mark.parametrize("got,want,ok", [
    ("电梯", "电梯", True), ("加装电梯", "电梯", True), ("下乡", "送戏下乡", True),
    ("平房", "楼房", True), ("学位", "床位", True), (None, "电梯", False), ("食品", "电梯", False),
])
def test_subject_leniency(got, want, ok):
    assert subject_matches(got, want) is ok
