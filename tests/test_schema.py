"""The JSON Schema (`policytasks schema`, `schema --jsonl`) is worth the name: a dialect and an id,
a description from the contract on every field, `required` as the JSON is written, no field the
JSON never holds, and every output of every corpus notice (and every JSONL line) validates."""

import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

import policytasks
from policytasks.cli import main
from policytasks.export import feed_notice, open_writer
from policytasks.schema import jsonl_schema, notice_schema

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
#: corpus/ top level, corpus/real, every corpus/heldout/N: every notice the project has
NOTICE_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".pdf", ".docx"))


@pytest.fixture(scope="module")
def notices():
    results = list(policytasks.convert_many(NOTICE_FILES))
    return [r for r in results if not isinstance(r, policytasks.PolicyTasksError)]


def _walk(node, path="$"):
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}[{i}]")


@pytest.mark.parametrize("make", [notice_schema, jsonl_schema])
def test_schema_declares_its_dialect_and_id_and_is_valid(make):
    schema = make()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:policytasks:schema:")
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("make", [notice_schema, jsonl_schema])
def test_every_field_has_a_description_and_is_required(make):
    for where, node in _walk(make()):
        props = node.get("properties")
        if isinstance(props, dict) and node.get("type") == "object":
            assert sorted(node["required"]) == sorted(props), where
            for name, sub in props.items():
                assert sub.get("description"), f"{where}.{name}"


def test_every_field_description_comes_with_the_model(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    missing = [f"{where}.{name}" for where, node in _walk(schema) if isinstance(node.get("properties"), dict)
               for name, sub in node["properties"].items() if not sub.get("description")]
    assert missing == []
    assert schema["properties"]["doc_number"]["description"].startswith("发文字号")


def test_no_field_the_json_never_holds():
    schema = notice_schema()
    assert "text" not in schema["properties"]  # Notice.text is the normalised document, kept out of the JSON
    assert set(schema["properties"]) == set(json.loads(policytasks.parse(str(CORPUS / "xicheng-2024.txt")).to_json()))


def test_the_corpus_is_all_there(notices):
    assert len(NOTICE_FILES) >= 60 and len(notices) == len(NOTICE_FILES)
    assert {p.parent.name for p in NOTICE_FILES} >= {"corpus", "real", "1", "2", "3", "4"}


def test_every_corpus_output_validates_against_the_schema(notices):
    validator = jsonschema.Draft202012Validator(notice_schema())
    for n in notices:
        errors = [e.message for e in validator.iter_errors(json.loads(feed_notice(n).to_json()))]
        assert errors == [], n.source.path


def test_every_jsonl_line_of_the_corpus_validates_against_the_line_schema(notices):
    import io

    validator = jsonschema.Draft202012Validator(jsonl_schema())
    buf = io.BytesIO()
    w = open_writer("jsonl", buf)
    for n in notices:
        w.add(feed_notice(n))
    w.close()
    lines = buf.getvalue().decode("utf-8").splitlines()
    assert len(lines) >= sum(len(n.tasks) for n in notices)
    for ln in lines:
        assert [e.message for e in validator.iter_errors(json.loads(ln))] == []


def test_the_schema_rejects_what_the_contract_forbids():
    validator = jsonschema.Draft202012Validator(notice_schema())
    good = json.loads(policytasks.parse(str(CORPUS / "xicheng-2024.txt")).to_json())
    assert validator.is_valid(good)
    for broken in ({**good, "text": "…"}, {k: v for k, v in good.items() if k != "warnings"},
                   {**good, "tasks": [{**good["tasks"][0], "targets": [{**good["tasks"][0]["targets"][0],
                                                                         "comparator": "more"}]}]}):
        assert not validator.is_valid(broken)


def test_schema_jsonl_on_the_command_line(capsys):
    assert main(["schema", "--jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == jsonl_schema()["$id"]
