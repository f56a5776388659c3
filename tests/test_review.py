"""The review page (issue 10): marks, cards, escaping, golden differences, offline-ness."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

import policytasks
from policytasks.cli import main
from policytasks.errors import PolicyTasksError
from policytasks.review import Mark, render, review_html, segments, write_atomic

from conftest import CORPUS, GOLDEN, SHARED

PDF = SHARED / "fixtures" / "xicheng-2024-official.pdf"


class Page(HTMLParser):
    """What a test needs from the page: marks (text by value id), cards, regions, page labels."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = defaultdict(str)  # value id -> its text, pieces joined
        self.marks: list[dict] = []
        self.ids: list[str] = []
        self.cards: list[dict] = []
        self.page_labels: list[int] = []
        self.scripts = 0
        self.depth = 0  # <mark> nesting: must stay 0 or 1
        self.max_depth = 0
        self._mark = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self._mark = dict(a, text="")
            self.marks.append(self._mark)
        if tag == "article" and a.get("id", "").startswith("task-"):
            self.cards.append(a)
        if "data-page" in a:
            self.page_labels.append(int(a["data-page"]))

    def handle_endtag(self, tag):
        if tag == "mark":
            self.depth -= 1
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark["text"] += data
            for mid in self._mark["data-m"].split():
                self.texts[mid] += data


def _check_all_marked(notice, page: Page) -> None:
    """Every target, deadline and body span is marked, with exactly its text."""
    for t in notice.tasks:
        spans = [("target", x.span) for x in t.targets]
        spans += [("deadline", t.deadline.span)] if t.deadline and t.deadline.span else []
        spans += [("body", b.span) for b in t.responsible if b.span]
        for kind, (s, e) in spans:
            mid = f"{kind}-{s}-{e}"
            assert mid in page.texts, f"task {t.number}: {kind} {notice.text[s:e]!r} not marked"
            assert page.texts[mid] == notice.text[s:e].replace("\n", "")


@pytest.fixture(scope="module")
def xicheng_notice():
    return policytasks.parse(CORPUS / "xicheng-2024.txt")


@pytest.fixture(scope="module")
def xicheng_page(xicheng_notice) -> str:
    return render(xicheng_notice)


def test_one_card_and_one_text_region_per_task(xicheng_page):
    page = Page(xicheng_page)
    assert len(page.cards) == 25
    assert [c["id"] for c in page.cards] == [f"task-{i}" for i in range(1, 26)]
    for i in range(1, 26):
        assert f"text-task-{i}" in page.ids
    assert len(page.ids) == len(set(page.ids)), "ids repeat"


def test_every_target_deadline_and_body_is_marked(xicheng_notice, xicheng_page):
    page = Page(xicheng_page)
    _check_all_marked(xicheng_notice, page)
    kinds = defaultdict(set)
    for m in page.marks:
        kinds[m["data-kind"]].add(m["data-m"])
    assert len(kinds["target"]) == sum(len(t.targets) for t in xicheng_notice.tasks)
    assert len(kinds["deadline"]) == 25
    assert page.max_depth == 1, "marks must not nest"


def test_marks_carry_their_values_and_link_to_their_task(xicheng_page):
    page = Page(xicheng_page)
    first = next(m for m in page.marks if m["data-kind"] == "target")
    assert first["text"] == "6个"
    assert (first["data-value"], first["data-unit"], first["data-comparator"]) == ("6", "个", "eq")
    assert first["data-subject"] == "老旧小区改造项目"
    assert first["data-task"] == "1"
    assert "老旧小区改造项目" in first["title"] and "eq" in first["title"]
    dl = next(m for m in page.marks if m["data-kind"] == "deadline")
    assert dl["data-date"] == "2024-12-31" and dl["data-precision"] == "month"
    body = next(m for m in page.marks if m["data-kind"] == "body")
    assert body["data-role"] == "lead" and body["data-canonical"] == "区住房和城乡建设委员会"


def test_header_fields_and_categories_are_marked(xicheng_notice, xicheng_page):
    page = Page(xicheng_page)
    by_field = defaultdict(list)
    for m in page.marks:
        if m["data-kind"] == "header":
            by_field[m["data-field"]].append(m["text"])
    n = xicheng_notice
    assert by_field["issuer"] == [n.issuer]
    assert by_field["doc_number"] == [n.doc_number]
    assert [t.replace(" ", "") for t in by_field["title"]] == [n.title]  # printed with a space
    assert by_field["plan_title"] == [n.plan_title]
    assert by_field["recipients"] == n.recipients
    assert by_field["signed_on"] == ["2024年3月25日"]  # the date as written
    assert by_field["publication"] == ["此件公开发布"]
    assert by_field["cc"] == n.cc
    assert by_field["printed_by"] == [n.printed_by]
    assert by_field["printed_on"] == ["2024年3月25日"]
    # the plan title is its own line, not the mention inside the title
    plan = next(m for m in page.marks if m.get("data-field") == "plan_title")
    assert n.text[int(plan["data-start"]) - 1] == "\n"
    cats = [m["text"] for m in page.marks if m["data-kind"] == "category"]
    assert cats == [c.title for c in n.categories]


def test_legend_names_every_kind(xicheng_page):
    for kind in ("target", "deadline", "body", "category", "header"):
        assert f'class="key k-{kind}"' in xicheng_page


def test_page_is_offline(xicheng_page):
    low = xicheng_page.lower()
    for bad in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http", "url(//",
                'src="//', 'href="//'):
        assert bad not in low, bad
    assert "<link" not in low  # no stylesheet or font files
    assert "Noto Sans CJK SC" in xicheng_page and "Microsoft YaHei" in xicheng_page
    assert 'http-equiv="Content-Security-Policy" content="default-src' in xicheng_page


NASTY = """测试区人民政府文件
测试政发〔2024〕1号
测试区人民政府关于印发<script>alert(1)</script>实事的通知
各街道：
现印发。
测试区人民政府
2024年1月5日
测试区2024年民生实事
一、改善居住
1. 完成<script>alert("x")</script>改造6个老旧小区&amp;项目。
完成时限：2024年12月底前
主要责任单位：区"住建委" onmouseover="alert(2)
"""


def test_user_text_is_escaped():
    notice = policytasks.parse_text(NASTY)
    page = render(notice)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page and "&lt;/script&gt;" in page
    assert "&amp;amp" in page  # a literal &amp in the notice stays literal
    assert 'onmouseover="alert' not in page
    parsed = Page(page)
    assert parsed.scripts == 1  # only our own
    assert any("<script>alert" in m["text"] for m in parsed.marks if m.get("data-field") == "title")


def test_overlapping_values_are_split_never_nested():
    marks = [Mark(0, 5, "target", "a", "A"), Mark(3, 8, "body", "b", "B"), Mark(4, 6, "deadline", "c", "C")]
    got = [(a, b, [m.mid for m in cover]) for a, b, cover in segments(marks, 0, 10)]
    assert got == [(0, 3, ["a"]), (3, 4, ["a", "b"]), (4, 5, ["c", "a", "b"]), (5, 6, ["c", "b"]),
                   (6, 8, ["b"]), (8, 10, [])]


def test_overlapping_spans_in_a_notice_render_flat(xicheng_notice):
    notice = xicheng_notice.model_copy(deep=True)
    notice.text = xicheng_notice.text
    t = notice.tasks[0]
    # a made-up target crossing from the task text into its deadline
    bogus = t.targets[0].model_copy(update={"span": (t.targets[0].span[0], t.deadline.span[0] + 4)})
    t.targets.append(bogus)
    page = Page(render(notice))
    assert page.max_depth == 1
    _check_all_marked(notice, page)


def test_warnings_at_the_top_and_on_the_card():
    notice = policytasks.parse(CORPUS / "04-qinghe.txt")
    assert "item 12: no deadline" in notice.warnings
    page = render(notice)
    assert 'class="warnings"' in page
    assert '<a href="#task-12" class="goto-card" data-task="12">item 12</a>: no deadline' in page
    card = Page(page).cards[11]
    assert "has-warning" in card["class"]
    assert all("has-warning" not in c["class"] for c in Page(page).cards[:11])


def test_golden_differences_on_the_cards():
    golden = json.loads((GOLDEN / "04-qinghe.json").read_text(encoding="utf-8"))
    notice = policytasks.parse(CORPUS / "04-qinghe.txt")
    same = render(notice, golden=golden)
    assert re.search(r"golden: (\d+)/\1 fields match \(<b>100\.0%</b>\)", same)
    assert not any("has-diff" in c["class"] for c in Page(same).cards)
    golden["tasks"][1]["deadline"]["date"] = "2024-11-30"
    golden["notice"]["issuer"] = "别的机关"
    page = render(notice, golden=golden)
    m = re.search(r"golden: (\d+)/(\d+) fields match \(<b>([\d.]+)%</b>\)", page)
    assert m and int(m.group(1)) == int(m.group(2)) - 2
    assert "notice fields differing: issuer" in page
    cards = Page(page).cards
    assert "has-diff" in cards[1]["class"] and "has-diff" not in cards[0]["class"]
    assert "want <b>2024-11-30</b>" in page and "got <b>2024-12-31</b>" in page
    assert "want <b>别的机关</b>" in page
    golden["tasks"] = golden["tasks"][:-1] + [dict(golden["tasks"][-1], number=99)]
    page = render(notice, golden=golden)
    assert "missing tasks: 99" in page
    by_number = {c["data-number"]: c for c in Page(page).cards}
    assert "has-diff" in by_number["12"]["class"] and "not in the golden file" in page
    assert "has-diff" in by_number["99"]["class"] and "not found by the program" in page


def test_cli_writes_the_page_atomically(tmp_path, capsys):
    out = tmp_path / "review.html"
    rc = main(["review", str(CORPUS / "xicheng-2024.txt"), "-o", str(out), "--golden",
               str(GOLDEN / "xicheng-2024.json")])
    assert rc == 0
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temp file left behind
    html = out.read_text(encoding="utf-8")
    assert len(Page(html).cards) == 25 and "fields match" in html
    assert "wrote" in capsys.readouterr().err


def test_cli_errors_are_one_line(tmp_path, capsys):
    out = tmp_path / "review.html"
    assert main(["review", str(tmp_path / "missing.txt"), "-o", str(out)]) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["review", str(CORPUS / "xicheng-2024.txt"), "-o", str(out), "--golden", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("policytasks: ") for line in err)
    assert not out.exists()


def test_write_atomic_replaces_and_reports_errors(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    write_atomic(out, "new 内容")
    assert out.read_text(encoding="utf-8") == "new 内容"
    with pytest.raises(PolicyTasksError):
        write_atomic(tmp_path / "no" / "such" / "r.html", "x")


def test_pdf_page_marks_everything_and_shows_pages():
    try:
        notice = policytasks.parse(PDF)
    except (PolicyTasksError, ImportError) as e:  # the PDF reader is still being written
        pytest.skip(f"PDF reader not available yet: {e}")
    page = Page(review_html(PDF))
    assert len(notice.tasks) == 25
    assert len(page.cards) == 25
    _check_all_marked(notice, page)
    labels = page.page_labels
    assert labels and labels[0] == 1 and labels == sorted(labels)
    assert {t.page for t in notice.tasks} <= set(labels)
    if (notice.source.pages or 1) > 1:
        assert len(set(labels)) > 1
    assert all(t.page is not None for t in notice.tasks)


def test_a_task_sharing_its_line_still_has_a_scroll_target(xicheng_notice):
    notice = xicheng_notice.model_copy(deep=True)
    notice.text = xicheng_notice.text
    s = notice.tasks[0].span[0]
    notice.tasks[1].span = (s + 5, s + 9)  # as if item 2 stood inside item 1's line
    page = Page(render(notice))
    assert "text-task-1" in page.ids and "text-task-2" in page.ids
    assert len(page.ids) == len(set(page.ids))


# -- golden files from the page (issue 19) and hostile input (issue 14) ------------------------------

@pytest.mark.parametrize("bad", ['{"tasks": 5}', '[1, 2]', '{"tasks": [{"number": "3"}]}',
                                 '{"tasks": [{"number": 1, "targets": [{"value": "six"}]}]}',
                                 '{"notice": {"signed_on": "2024-13-01"}}', '{"categories": [1]}',
                                 '{"tasks": [{"number": 1, "responsible": [{"name": "x", "role": "boss"}]}]}'])
def test_a_golden_of_the_wrong_shape_is_a_one_line_error_not_a_traceback(tmp_path, capsys, bad):
    g = tmp_path / "bad.json"
    g.write_text(bad, encoding="utf-8")
    out = tmp_path / "review.html"
    assert main(["review", str(CORPUS / "xicheng-2024.txt"), "-o", str(out), "--golden", str(g)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"policytasks: {g}: not a golden file")
    assert not out.exists()


def test_raw_nul_and_control_bytes_never_reach_the_page():
    notice = policytasks.parse_text(NASTY.replace("改造6个", "改造\x00\x07\x1b6个"))
    page = render(notice)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", page)
    assert "\u2400\u2407\u241b" in page  # shown as their Control Pictures, one for one


def test_review_keeps_an_output_files_mode_and_never_replaces_a_read_only_one(tmp_path):
    import os
    import stat

    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o600)
    write_atomic(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text(encoding="utf-8") == "new"
    os.chmod(out, 0o444)
    with pytest.raises(PolicyTasksError, match="read-only"):  # even as root
        write_atomic(out, "newer")
    assert out.read_text(encoding="utf-8") == "new"


def test_golden_layout_is_that_of_the_hand_written_files():
    from policytasks.goldenfile import format_golden

    for name in ["xicheng-2024.json", "real/07-jianli-2022.json", "real/12-xicheng-2020.json"]:
        text = (GOLDEN / name).read_text(encoding="utf-8")
        assert format_golden(json.loads(text)) == text, name


def test_the_programs_reading_as_a_golden_scores_itself_fully(xicheng_notice):
    from policytasks.check import compare
    from policytasks.goldenfile import notice_golden, validate

    g = validate(json.loads(json.dumps(notice_golden(xicheng_notice, "xicheng-2024"))))
    rep = compare(json.loads(xicheng_notice.to_json()), g)
    assert rep.ok and rep.fields > 100


def test_review_of_several_notices_writes_a_page_each_and_an_index(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    src = (CORPUS / "xicheng-2024.txt").read_bytes()
    (folder / "a.txt").write_bytes(src)
    (folder / "sub" / "a.txt").write_bytes(src)  # the same name in a subfolder: no clash
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out"
    rc = main(["review", str(folder), str(CORPUS / "04-qinghe.txt"), "-o", str(out), "--golden", str(GOLDEN)])
    assert rc == 1  # one notice failed; the others are written all the same
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == \
        ["04-qinghe.html", "a.html", "index.html", "sub/a.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a.html"' in index and 'href="sub/a.html"' in index and 'href="04-qinghe.html"' in index
    assert "broken.txt" in index and 'class="failed"' in index
    m = re.search(r'<span class="ok">(\d+)/\1</span>', index)  # 04-qinghe paired with its golden
    assert m
    assert "<script" not in index
    err = capsys.readouterr().err
    assert "broken.txt" in err and "3 pages, 1 failed" in err


def test_several_notices_need_a_folder_not_an_html_file(tmp_path, capsys):
    rc = main(["review", str(CORPUS / "04-qinghe.txt"), str(CORPUS / "xicheng-2024.txt"),
               "-o", str(tmp_path / "r.html")])
    assert rc == 1 and "need a folder" in capsys.readouterr().err


def test_a_notice_whose_name_is_not_utf8_gets_its_page_and_a_working_link(tmp_path):
    import os
    from urllib.parse import unquote_to_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode("西城".encode("gbk") + b".txt")  # as unzipped Chinese archives give
    (folder / name).write_bytes((CORPUS / "xicheng-2024.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["review", str(folder), "-o", str(out)]) == 0
    pages = [p for p in out.iterdir() if p.name != "index.html"]
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")  # written as UTF-8: the odd bytes became U+FFFD
    assert "\ufffd" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+)"', index).group(1)
    assert unquote_to_bytes(href) == os.fsencode(pages[0].name)
