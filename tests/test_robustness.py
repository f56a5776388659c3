"""Damaged input never crashes, and nothing is dropped silently (issue 8)."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policytasks
from policytasks import ParseError, PolicyTasksError
from policytasks.header import is_furniture, parse_date
from policytasks.normalise import normalise
from policytasks.readers import read
from policytasks.script import to_simplified
from policytasks.tables import is_header_row

from conftest import CORPUS

NOTICES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
# every notice we have, for the "nothing lost" invariant and as material to damage
ALL = {**NOTICES, **{f"heldout{p.parent.name}-{p.stem}": p.read_text(encoding="utf-8")
                     for p in sorted((CORPUS / "heldout").glob("*/*.txt"))}}
NAMES = sorted(NOTICES)
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def parse_or_clear_error(text):
    """A Notice, or a PolicyTasksError that is not a bug (ParseError would be one)."""
    try:
        return policytasks.parse_text(text)
    except ParseError:
        raise
    except PolicyTasksError:
        return None


def lost_lines(notice):
    """Lines of the list part that are in no task, heading, header field or warning."""
    text = notice.text
    starts = [t.span[0] for t in notice.tasks] + [c.span[0] for c in notice.categories if c.span]
    if not starts:
        return []
    begin = text.rfind("\n", 0, min(starts)) + 1
    warned = "\n".join(notice.warnings)
    header = [notice.printed_by, notice.issuer, notice.doc_number, notice.title, notice.plan_title,
              notice.publication, *notice.cc, *notice.recipients]
    dates = {notice.signed_on, notice.printed_on} - {None}
    lost = []
    pos = begin
    # another attachment (附件2) after the list is reported as a whole, in one warning
    summary = next((w.split(" not read as tasks")[0] for w in notice.warnings if " not read as tasks" in w), None)
    if summary:
        cut = text.find("\n" + summary + "\n", begin)
        text = text[: cut + 1] if cut >= 0 else text
    for line in text[begin:].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            continue
        if any(t.span[0] <= a and b <= t.span[1] for t in notice.tasks):
            continue
        if is_header_row(line) or line.strip() in {c.name for c in notice.columns}:
            continue  # the column names of a table are its heading
        # a paragraph split into items (一是……；二是……): the parts outside the tasks are warned
        tasks_in = sorted((max(a, t.span[0]), min(b, t.span[1])) for t in notice.tasks
                          if t.span[0] < b and t.span[1] > a)
        if tasks_in:
            rest, k = [], a
            for x, y in tasks_in:
                rest.append(text[k:x])
                k = max(k, y)
            rest.append(text[k:b])
            if all(not r.strip() or r.strip()[:60] in warned for r in rest):
                continue
        # a category's shared labels live in its tasks' bodies and deadlines
        if any(x.span and a <= x.span[0] < b for t in notice.tasks
               for x in [*t.responsible, *([t.deadline] if t.deadline else [])]):
            continue
        if any(c.span and a <= c.span[0] < b for c in [*notice.categories, *notice.sections]):
            continue
        if line[:60] in warned:
            continue
        if is_furniture(to_simplified(line)):  # read, as the notice is, through its simplified shadow
            continue  # page furniture (分享到：, 打印 关闭窗口) is chrome, no part of the notice
        if line.startswith("抄送") or any(h and h in line.replace(" ", "") for h in header):
            continue
        if parse_date(line) in dates:
            continue
        if str(notice.printed_on.year if notice.printed_on else "") and "印发" in line:
            continue
        lost.append(line)
    return lost


# Lines normalise may drop: page numbers and a copied web page's breadcrumbs and controls
# (written here independently of normalise.py, so the check does not trust what it checks).
_FURNITURE = re.compile(r"^\s*(?:[—–\-－]+\s*\d{1,4}\s*[—–\-－]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
                        r"|(?:当前位置|您当前的位置|您现在的位置|您的位置|你的位置|所在位置)\s*[：:].*|首页\s*[>＞»›→].*"
                        r"|(?:[\s【】\[\]|｜/]|打印本[页頁]|打印此[页頁]|[关關][闭閉]窗口|[关關][闭閉]本[页頁]|打印|[关關][闭閉]"
                        r"|字\s*[号体號體]\s*[：:]?|大|中|小)+)\s*$")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def dropped_by_normalise(raw: str, page_starts=None) -> list[str]:
    """Lines of the reader's output with no character in the normalised text (issue 14: the
    nothing-lost check starts from what the reader gave, not from normalise's output)."""
    norm = normalise(raw, page_starts)
    kept = set(norm.offsets)
    out, pos = [], 0
    for line in raw.split("\n"):
        a, pos = pos, pos + len(line) + 1
        if not _INVISIBLE.sub("", line) or _FURNITURE.match(line):
            continue
        if not any(i in kept for i in range(a, a + len(line)) if not _INVISIBLE.match(raw[i])):
            out.append(line)
    return out


@pytest.mark.parametrize("name", sorted(ALL))
def test_nothing_lost_in_any_notice(name):
    assert dropped_by_normalise(ALL[name]) == []
    n = policytasks.parse_text(ALL[name])
    assert lost_lines(n) == []


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("name", NAMES)
def test_normalise_drops_nothing_the_word_and_html_readers_give(name, fmt):
    import makeformats

    raw = read(getattr(makeformats, f"make_{fmt}")(NOTICES[name]))
    assert dropped_by_normalise(raw.text, raw.page_starts) == []


def test_a_stray_line_inside_an_item_is_kept():
    text = NOTICES["xicheng-2024"].replace("完成时限：2024 年 12 月底前\n\n主要责任单位：区民政局",
                                           "完成时限：2024 年 12 月底前\n\n这一行是插进来的噪声。\n\n主要责任单位：区民政局", 1)
    n = policytasks.parse_text(text)
    assert any("这一行是插进来的噪声" in w for w in n.warnings) or any("噪声" in t.text for t in n.tasks)
    assert lost_lines(n) == []


def test_a_heading_after_the_list_is_no_category():
    text = NOTICES["02-songling"].replace("抄送：", "二、工作要求\n各单位要加强领导，确保完成。\n抄送：")
    n = policytasks.parse_text(text)
    assert n.categories == []
    assert any("工作要求" in w for w in n.warnings)
    assert len(n.tasks) == 10


@st.composite
def damaged(draw):
    lines = ALL[draw(st.sampled_from(sorted(ALL)))].split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "repeat", "swap", "noise", "truncate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            lines.insert(i, draw(st.text(min_size=1, max_size=40)))
        else:
            text = "\n".join(lines)
            cut = draw(st.integers(0, len(text)))
            lines = text[:cut].split("\n")
    return "\n".join(lines)


@settings(max_examples=150, **SETTINGS)
@given(damaged())
def test_damaged_notices_parse_and_lose_nothing(text):
    n = parse_or_clear_error(text)
    if n is not None:
        assert dropped_by_normalise(text.replace("\r\n", "\n").replace("\r", "\n")) == []
        assert lost_lines(n) == []
        assert len({t.id for t in n.tasks}) == len(n.tasks)


@settings(max_examples=200, **SETTINGS)
@given(st.text(max_size=2000))
def test_any_text(text):
    parse_or_clear_error(text)


@settings(max_examples=200, **SETTINGS)
@given(st.binary(max_size=3000))
def test_any_bytes(data):
    try:
        policytasks.parse(data)
    except ParseError:
        raise
    except PolicyTasksError as e:
        assert "\n" not in str(e)


@settings(max_examples=100, **SETTINGS)
@given(st.lists(st.sampled_from(["一、", "（一）", "1.", "(1)", "①", "一是", "第1项", "完成时限：", "责任单位：",
                                 "牵头单位：（", "序号", "\t", "抄送：", "2024年3月1日印发", "“", "）", "每", "万",
                                 "12", "二〇二四年", "关于印发", "的通知", "文件", "〔2024〕3号", "\n", "。"]),
                max_size=60))
def test_structural_soup(parts):
    parse_or_clear_error("".join(parts))


def test_a_megabyte_of_text_finishes():
    # timed in benchmarks/; here it only has to finish and keep every task
    big = "\n".join([NOTICES["xicheng-2024"]] * 180)
    assert len(big.encode()) > 1_000_000
    n = policytasks.parse_text(big)
    assert len(n.tasks) >= 25


def test_size_limit_is_a_clear_error(tmp_path):
    from policytasks.readers import Limits

    f = tmp_path / "big.txt"
    f.write_text("一" * 1000, encoding="utf-8")
    with pytest.raises(policytasks.LimitError, match="big.txt"):
        policytasks.parse(f, limits=Limits(max_bytes=100))


def test_many_short_lines_joined_into_one_do_not_make_the_work_quadratic():
    # a regression: each joined line re-searched the whole growing paragraph for a signature
    # (timed in benchmarks/; here it has to finish and report what it could not read)
    n = policytasks.parse_text("新建小学2所\n区教育局\n年底\n" * 2700)
    assert n.tasks == [] and any("no numbered tasks" in w for w in n.warnings)
