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
    path: Optional[str] = Field(None,
        description='the input file as given; null for bytes or a string parsed without a name')
    sha256: str = Field(description='SHA-256 of the input bytes, hex')
    format: Literal["text", "pdf", "docx", "html", "doc", "xlsx", "xls", "ods"] = Field(
        description="the input's format, sniffed from its bytes")
    pages: Optional[int] = Field(None, description='number of pages (PDF), else null')


class Target(_Model):
    value: Number = Field(description='the amount, with 万/亿/千/百 and Chinese numerals folded in (2 万户 → 20000)')
    value_max: Optional[Number] = Field(None, description='upper end of a range (10—15个), else null')
    unit: str = Field(
        description='measure word or unit, normalised and in simplified characters (个, 平方米, 公里, 元, %)')
    comparator: Comparator = Field(
        description='eq, ge, gt, le, lt, approx or range; 以上/以下/以内 include the number, 超过/不满 exclude it')
    subject: Optional[str] = Field(None, description='what is counted (老旧小区改造项目, 电梯, 就业率), or null')
    text: str = Field(description='the words matched')
    span: Span = Field(description='where the words stand: [start, end) offsets into the normalised document text')

    _tidy = field_validator("value", "value_max")(classmethod(lambda cls, v: _tidy_number(v)))


class Deadline(_Model):
    text: str = Field(description='the deadline as printed')
    date: Optional[_dt.date] = Field(None,
        description='the last day the task may be finished (ISO YYYY-MM-DD), or null')
    precision: Optional[Precision] = Field(None,
        description='how precise the printed deadline is: day, month, quarter, half, year, or null')
    ongoing: bool = Field(False, description='the task has no end: 长期, 持续, 常态化')
    span: Optional[Span] = Field(None,
        description='where the deadline stands in the normalised document text, or null')


class Body(_Model):
    name: str = Field(description="the body's name as printed")
    role: Role = Field(description='lead (主要责任单位, 牵头单位, 责任单位 …) or support (配合单位, 协办单位, 参与单位 …)')
    canonical: Optional[str] = Field(None,
        description="the body's full official name from the alias list, or null when none is known")
    span: Optional[Span] = Field(None, description='where the name stands in the normalised document text, or null')


class Progress(_Model):
    """How a task stands, in a progress report (contract: "Progress reports")."""

    text: str = Field(description='the progress as printed')
    span: Optional[Span] = Field(None,
        description='where the progress text stands in the normalised document text, or null')
    status: Optional[Status] = Field(None,
        description='done, in_progress, not_started, or null when the text does not say')
    percent: Optional[Number] = Field(None, description='share of the goal reached (完成年度目标的55% → 55), or null')
    as_of: Optional[_dt.date] = Field(None,
        description="the date the progress is reported for (截至10月31日, or the report's date), ISO, or null")
    # achieved figures (已审核加装电梯12部): never targets, kept to set beside them
    figures: list[Target] = Field(default_factory=list,
        description='achieved figures (已审核加装电梯12部): never targets, kept to set beside them')

    _tidy = field_validator("percent")(classmethod(lambda cls, v: _tidy_number(v)))


class Column(_Model):
    """A column of the notice's task table, and what it was read as."""

    name: str = Field(description="the column's heading as printed")
    kind: Literal["number", "text", "lead", "support", "deadline", "category", "progress", "money",
                  "aside", "ignore", "quantity", "measure"] = Field(description="what the column was read as")


class Category(_Model):
    number: int = Field(description="the heading's number (一、 → 1); unnumbered headings are numbered in order")
    title: str = Field(description="the heading's text")
    span: Optional[Span] = Field(None,
        description='where the heading stands in the normalised document text, or null')


class Section(_Model):
    """A heading between a category and its items (（一） when items are 1.)."""

    number: int = Field(description="the heading's number ((一) → 1), numbered in order when unnumbered")
    title: str = Field(description="the heading's text")
    category_number: Optional[int] = Field(None, description="the number of the category it stands under, or null")
    span: Optional[Span] = Field(None,
        description="where the heading stands in the normalised document text, or null")


class Task(_Model):
    id: str = Field(
        description='stable id: the same task of the same notice gets the same id on every run and from every format; unique within a notice')
    number: int = Field(description="the item number as printed (1., 1、, （一）, a table row's 序号)")
    category: Optional[str] = Field(None, description='the outermost heading (一、) the task stands under, or null')
    category_number: Optional[int] = Field(None, description="that heading's number, or null")
    section: Optional[str] = Field(None,
        description='a heading level between the category and the item (（一） when items are 1.), or null')
    text: str = Field(
        description="the task's own sentences, normalised, without its deadline and responsibility lines")
    targets: list[Target] = Field(default_factory=list, description='every measurable target in the text, in order')
    coverage: bool = Field(False, description='the task aims at full coverage (全覆盖)')
    deadline: Optional[Deadline] = Field(None,
        description="the task's deadline, or null when the notice gives none")
    responsible: list[Body] = Field(default_factory=list,
        description='the responsible bodies with their roles; persons and positions are never listed')
    span: Span = Field(description='where the task stands in the normalised document text')
    page: Optional[int] = Field(None, description='first page of the task, for PDF input, else null')
    progress: Optional[Progress] = Field(None,
        description='how the task stands, where the document reports it (a progress report), else null')


class Notice(_Model):
    schema_version: str = Field(SCHEMA_VERSION, description='version of this record contract: "1"')
    source: Source = Field(description='the input: path, SHA-256 of its bytes, format, pages')
    kind: Kind = Field("plan", description='plan (tasks to be done) or progress (how tasks stand: 进展情况, 完成情况, 进度表)')
    issuer: Optional[str] = Field(None, description='发文机关, e.g. 北京市西城区人民政府办公室, or null')
    doc_number: Optional[str] = Field(None,
        description='发文字号 as printed, brackets normalised to 〔〕: 西政办发〔2024〕3号, or null')
    title: Optional[str] = Field(None,
        description="the document's own title as printed, joined across lines, inner spaces removed, or null")
    plan_title: Optional[str] = Field(None,
        description="the name of the list the document encloses (the 《…》 of a 印发 title, or the attachment's heading), or null")
    year: Optional[int] = Field(None, description='the year the tasks belong to, or null')
    recipients: list[str] = Field(default_factory=list, description='主送机关, split on ， and ； only (never on 、)')
    signed_on: Optional[_dt.date] = Field(None, description='成文日期, ISO YYYY-MM-DD, or null')
    publication: Optional[str] = Field(None, description='附注 such as 此件公开发布, without brackets, or null')
    cc: list[str] = Field(default_factory=list, description='抄送机关, split on ， ； 。')
    printed_by: Optional[str] = Field(None, description='印发机关, or null')
    printed_on: Optional[_dt.date] = Field(None, description='印发日期, ISO YYYY-MM-DD, or null')
    categories: list[Category] = Field(default_factory=list, description='the 一、二、… headings, in order')
    sections: list[Section] = Field(default_factory=list,
        description="the headings between a category and its items (（一） when items are 1.), in order")
    columns: list[Column] = Field(default_factory=list,
        description="the columns of the notice's task table and what each was read as; empty for a list")
    tasks: list[Task] = Field(default_factory=list, description='the tasks, in document order')
    warnings: list[str] = Field(default_factory=list,
        description='what looked wrong or was guessed, one line each: a task with no deadline, an unknown unit, a line placed in no task')
    # The normalised document text that every span points into; kept out of the JSON.
    text: str = Field(default="", exclude=True, repr=False)

    def to_json(self, indent: int | None = 2) -> str:
        """The contract's JSON: UTF-8, Chinese not escaped."""
        return self.model_dump_json(indent=indent)
