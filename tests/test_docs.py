"""The README's and docs' code examples run as tests, from the repository's folder.

Every ```python block of README.md and docs/*.md runs; the blocks of one file share one
namespace, in order, like a session. A block written as a Python session (``>>>`` lines) is
checked by doctest: what it shows is what it prints. A block whose first line is
``# not run by the tests: <why>`` is left out (it needs a server), and such blocks are counted."""

import doctest
import re
from pathlib import Path

import pytest

import policytasks

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
NOT_RUN = "# not run by the tests:"
#: blocks allowed to be left out (the Dask example needs a scheduler)
MOST_NOT_RUN = 1


def blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [p for p in DOCS if blocks(p)], ids=lambda p: p.name)
def test_the_python_examples_run_and_show_what_they_print(path, monkeypatch):
    monkeypatch.chdir(REPO)
    namespace = {"__name__": "__main__"}
    for i, code in enumerate(blocks(path)):
        if code.startswith(NOT_RUN):
            continue
        where = f"{path.name}, python block {i + 1}"
        if code.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(code, namespace, where, str(path), 0)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test, clear_globs=False)
            assert runner.failures == 0, f"{where}: an example does not print what it shows (see above)"
        else:
            exec(compile(code, where, "exec"), namespace)


def test_only_examples_that_need_a_server_are_left_out():
    left = [p.name for p in DOCS for b in blocks(p) if b.startswith(NOT_RUN)]
    assert len(left) <= MOST_NOT_RUN, left
    assert sum(len(blocks(p)) for p in DOCS) >= 8


def test_the_deadline_loop_of_the_readme_survives_a_task_without_deadline(capsys, monkeypatch):
    # the README's loop once read task.deadline.date, which fails on a task with no deadline
    code = next(b for b in blocks(REPO / "README.md") if "task.deadline" in b)
    loop = "\n".join(ln[4:] for ln in code.splitlines() if ln.startswith((">>> for", "... ")))
    notice = policytasks.parse_text("2024年为民办实事项目\n1. 审核加装电梯20部以上。\n")
    assert notice.tasks[0].deadline is None
    exec(loop.replace("notice.tasks[:3]", "notice.tasks"), {"notice": notice})
    assert capsys.readouterr().out == "1 None [(20, '部', '电梯')]\n"


def test_rules_doc_says_the_500_metre_radius_is_not_a_target():
    rules = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "公交站点500米覆盖率" in rules and "indicator names" in rules


@pytest.mark.parametrize("text", ["公交站点500米覆盖率", "提高公交站点500米覆盖率"])
def test_an_amount_inside_an_indicator_name_is_not_a_target(text):
    assert [t.text for t in policytasks.find_targets(text)] == []
