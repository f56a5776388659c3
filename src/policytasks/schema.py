"""The JSON Schemas of what ``convert`` writes: a Notice (``--format json``) and one line of
``--format jsonl``. Built from the pydantic models, whose field descriptions come from the
contract (docs/contract.md), in serialisation mode: only fields the JSON holds (never
``Notice.text``), every one of them required, since the JSON always writes each field
(null or empty when the notice does not carry it)."""

from __future__ import annotations

import copy

DIALECT = "https://json-schema.org/draft/2020-12/schema"
NOTICE_ID = "urn:policytasks:schema:notice:1"
JSONL_ID = "urn:policytasks:schema:jsonl-line:1"


def _all_required(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and isinstance(node.get("properties"), dict):
            node["required"] = list(node["properties"])
        for v in node.values():
            _all_required(v)
    elif isinstance(node, list):
        for v in node:
            _all_required(v)


def _model_schema(model) -> dict:
    schema = model.model_json_schema(mode="serialization")
    _all_required(schema)
    return schema


def notice_schema() -> dict:
    """The schema of a Notice as ``convert`` prints it."""
    from .models import Notice

    body = _model_schema(Notice)
    return {"$schema": DIALECT, "$id": NOTICE_ID, **body}


#: the ``notice`` object of a JSONL line (export.notice_fields)
_LINE_NOTICE_FIELDS = ("kind", "doc_number", "issuer", "title", "plan_title", "year")


_NOTICE_REF = {"$ref": "#/$defs/LineNotice", "description": "the task's notice: what a line needs to stand alone"}


def jsonl_schema() -> dict:
    """The schema of one line of ``--format jsonl``: a task with its own ``warnings`` and a
    ``notice`` object, or (a notice with no task) the ``notice`` object alone."""
    from .models import Notice, Task

    notice = _model_schema(Notice)
    task = _model_schema(Task)
    defs = {**notice.pop("$defs", {}), **task.pop("$defs", {})}
    props = notice["properties"]
    source = copy.deepcopy(defs["Source"])
    source["properties"] = {k: v for k, v in source["properties"].items() if k in ("path", "sha256", "format")}
    source["required"] = list(source["properties"])
    source["description"] = "the input: path, SHA-256 of its bytes, format"
    head = {
        "type": "object",
        "description": "what a line needs of its notice to stand alone",
        "additionalProperties": False,
        "properties": {**{k: props[k] for k in _LINE_NOTICE_FIELDS}, "source": source,
                       "warnings": props["warnings"]},
    }
    head["required"] = list(head["properties"])
    warnings = {"type": "array", "items": {"type": "string"},
                "description": "the notice's warnings about this task (those starting `item N:`)"}
    task_line = {**task, "title": "Task line",
                 "properties": {**task["properties"], "warnings": warnings, "notice": _NOTICE_REF}}
    task_line["required"] = list(task_line["properties"])
    empty_line = {"type": "object", "title": "Notice without tasks", "additionalProperties": False,
                  "description": "a notice with no task: one line, so that it does not vanish from the feed",
                  "properties": {"notice": _NOTICE_REF}, "required": ["notice"]}
    return {"$schema": DIALECT, "$id": JSONL_ID, "title": "policytasks JSONL line",
            "description": "one line of `convert --format jsonl`",
            "oneOf": [task_line, empty_line], "$defs": {**defs, "LineNotice": head}}
