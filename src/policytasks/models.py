"""The record contract (../shared/contract.md) as pydantic models."""

from __future__ import annotations

import datetime as _dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1"

Number = Union[int, float]
Comparator = Literal["eq", "ge", "gt", "le", "lt", "approx", "range"]
Precision = Literal["day", "month", "quarter", "half", "year"]
Role = Literal["lead", "support"]
Status = Literal["done", "in_progress", "not_started"]
Kind = Literal["plan", "progress"]
Span = tuple[int, int]


def _tidy_number(v):
    # 20000.0 prints as 20000: integral amounts are ints in the JSON.
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: Optional[str] = None
    sha256: str
    format: Literal["text", "pdf", "docx", "html", "doc", "xlsx", "xls", "ods"]
    pages: Optional[int] = None


class Target(_Model):
    value: Number
    value_max: Optional[Number] = None
    unit: str
    comparator: Comparator
    subject: Optional[str] = None
    text: str
    span: Span

    _tidy = field_validator("value", "value_max")(classmethod(lambda cls, v: _tidy_number(v)))


class Deadline(_Model):
    text: str
    date: Optional[_dt.date] = None
    precision: Optional[Precision] = None
    ongoing: bool = False
    span: Optional[Span] = None


class Body(_Model):
    name: str
    role: Role
    canonical: Optional[str] = None
    span: Optional[Span] = None


class Progress(_Model):
    """How a task stands, in a progress report (contract: "Progress reports")."""

    text: str
    span: Optional[Span] = None
    status: Optional[Status] = None
    percent: Optional[Number] = None
    as_of: Optional[_dt.date] = None
    # achieved figures (已审核加装电梯12部): never targets, kept to set beside them
    figures: list[Target] = Field(default_factory=list)

    _tidy = field_validator("percent")(classmethod(lambda cls, v: _tidy_number(v)))


class Column(_Model):
    """A column of the notice's task table, and what it was read as."""

    name: str
    kind: Literal["number", "text", "lead", "support", "deadline", "category", "progress", "money",
                  "aside", "ignore", "quantity", "measure"]


class Category(_Model):
    number: int
    title: str
    span: Optional[Span] = None


class Section(_Model):
    """A heading between a category and its items (（一） when items are 1.)."""

    number: int
    title: str
    category_number: Optional[int] = None
    span: Optional[Span] = None


class Task(_Model):
    id: str
    number: int
    category: Optional[str] = None
    category_number: Optional[int] = None
    section: Optional[str] = None
    text: str
    targets: list[Target] = Field(default_factory=list)
    coverage: bool = False
    deadline: Optional[Deadline] = None
    responsible: list[Body] = Field(default_factory=list)
    span: Span
    page: Optional[int] = None
    progress: Optional[Progress] = None


class Notice(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    kind: Kind = "plan"
    issuer: Optional[str] = None
    doc_number: Optional[str] = None
    title: Optional[str] = None
    plan_title: Optional[str] = None
    year: Optional[int] = None
    recipients: list[str] = Field(default_factory=list)
    signed_on: Optional[_dt.date] = None
    publication: Optional[str] = None
    cc: list[str] = Field(default_factory=list)
    printed_by: Optional[str] = None
    printed_on: Optional[_dt.date] = None
    categories: list[Category] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # The normalised document text that every span points into; kept out of the JSON.
    text: str = Field(default="", exclude=True, repr=False)

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's JSON: UTF-8, Chinese not escaped."""
        return self.model_dump_json(indent=indent)
