"""policytasks: Chinese government task-list notices (民生实事) -> structured task records.

    >>> import policytasks
    >>> notice = policytasks.parse("corpus/xicheng-2024.txt")
    >>> notice.tasks[0].targets[0].value
    6
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import FormatError, LimitError, ParseError, PolicyTasksError, ReadError

if TYPE_CHECKING:  # the models import pydantic; keep `python -m policytasks --help` fast
    from .models import Body, Category, Deadline, Notice, Progress, Source, Target, Task

_MODELS = {"Body", "Category", "Deadline", "Notice", "Progress", "Source", "Target", "Task"}


def __getattr__(name):
    if name in _MODELS:
        from . import models

        return getattr(models, name)
    if name == "Limits":  # parse(limits=policytasks.Limits(max_bytes=…))
        from .readers import Limits

        return Limits
    raise AttributeError(f"module 'policytasks' has no attribute {name!r}")

__version__ = "0.1.0"

__all__ = [
    "parse", "parse_text", "link", "find_targets", "parse_deadline", "parse_responsible", "convert_many",
    "Notice", "Task", "Target", "Deadline", "Body", "Category", "Source", "Progress", "Limits",
    "PolicyTasksError", "ReadError", "FormatError", "LimitError", "ParseError", "__version__",
]


def parse(source, *, password=None, aliases=None, limits=None, ocr="auto", progress=False,
          pdf_engine="pdfium") -> "Notice":
    """Parse a notice from a path, a web address, ``"-"`` (stdin) or bytes: text in any common
    encoding, PDF (scanned pages by OCR with the ``ocr`` extra; ``ocr``: auto, always, never;
    ``pdf_engine``: pdfium, or pdfplumber for the original path), Word .docx, .doc and .wps
    (through LibreOffice), HTML, spreadsheets (.xlsx, .xls, .ods)."""
    from .pipeline import parse as _parse

    return _parse(source, password=password, aliases=aliases, limits=limits, ocr=ocr, progress=progress,
                  pdf_engine=pdf_engine)


def parse_text(text: str, *, aliases=None) -> "Notice":
    """Parse a notice given as a string."""
    from .pipeline import parse_text as _parse_text

    return _parse_text(text, aliases=aliases)


def _text_arg(text, what: str) -> str:
    from .arguments import check_text

    return check_text(text, what)


def find_targets(text: str) -> "list[Target]":
    """Every measurable target (value, unit, comparator, subject) in a piece of text."""
    from .recognise.targets import find_targets as _find

    return _find(_text_arg(text, "find_targets"))


def parse_deadline(text: str, year: int | None = None) -> "Deadline | None":
    """The deadline written in ``text``; ``year`` fills in dates written without one."""
    from .recognise.deadlines import parse_deadline as _pd

    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise TypeError(f"parse_deadline takes a year as an int, not {type(year).__name__}")
    if year is not None and not 1 <= year <= 9999:
        raise ValueError(f"parse_deadline takes a year from 1 to 9999, not {year!r}")
    return _pd(_text_arg(text, "parse_deadline"), year)


def parse_responsible(text: str, aliases=None) -> "list[Body]":
    """Responsible bodies and their roles in a line such as ``牵头单位：区民政局；配合单位：各街道``."""
    from .arguments import check_aliases
    from .normalise import normalise
    from .recognise.bodies import parse_responsible as _pr

    check_aliases(aliases)
    norm = normalise(_text_arg(text, "parse_responsible"))
    bodies = _pr(norm.text, aliases=aliases)
    for b in bodies:
        if b.span:
            b.span = (norm.raw_index(b.span[0]), norm.raw_index(b.span[1] - 1) + 1)
    return bodies


def link(first, second):
    """Pair the tasks of ``second`` (a progress report, or next year's plan) with those of ``first``
    by content: ``.pairs`` (id in first, id in second, score), ``.only_first``, ``.only_second``."""
    from .link import link as _link

    return _link(first, second)


def convert_many(paths, executor=None, **options):
    """Yield one result per path, in order: a Notice, or the PolicyTasksError it raised."""
    from .arguments import check_aliases, check_limits, check_paths
    from .batch import convert_many as _cm

    paths = check_paths(paths)  # a bad argument fails here, not at the first result
    check_limits(options.get("limits"))
    check_aliases(options.get("aliases"))
    import inspect

    from .pipeline import parse as _parse

    unknown = set(options) - (set(inspect.signature(_parse).parameters) - {"source"}) - {"prefetch"}
    if unknown:
        raise TypeError(f"convert_many got unknown options: {', '.join(sorted(unknown))}")
    return _cm(paths, executor=executor, **options)
