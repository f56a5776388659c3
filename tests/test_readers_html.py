import re

import pytest

from policytasks.errors import ReadError
from policytasks.readers import read

import makeformats as mf
from conftest import CORPUS, lines_of

CHROME = ["首页", "政务公开", "当前位置", "主办单位", "承办单位", "网站标识码", "ICP", "公网安备", "版权所有",
          "打印本页", "关闭窗口", "分享到", "字体", "微博", "相关文件", "统计代码", "_hmt", "English",
          "无障碍", "发布时间", "请输入关键词", "网站地图", "2023年为群众拟办重要实事完成情况"]




def page(body: str, charset: str = "utf-8", head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}">{head}</head><body>{body}</body></html>'
            ).encode(charset if charset != "gb2312" else "gbk")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_html_round_trips_the_seed_and_drops_the_site_chrome(seed_text, encoding):
    doc = read(mf.make_html(seed_text, encoding=encoding))
    assert doc.format == "html"
    assert doc.text.split("\n") == lines_of(seed_text)
    for word in CHROME:
        assert word not in doc.text, word


def test_html_tables_come_as_tab_rows(seed_text):
    spec = mf.notice_to_table(seed_text)
    assert read(mf.make_html(spec.to_text())).text.split("\n") == spec.expected_lines()


def test_html_page_title_outside_the_body_div_is_kept(seed_text):
    title = "北京市西城区人民政府办公室关于印发《北京市西城区2024年为群众拟办重要实事》的通知"
    lines = read(mf.make_html(seed_text, title=title)).text.split("\n")
    assert lines[0] == title and lines[1:] == lines_of(seed_text)


def test_html_declared_gb2312_with_gbk_only_characters_decodes():
    # 镕 and 堃 are GBK, not GB2312: decoding as the declared gb2312 would fail.
    data = page("<div><p>关于朱镕基和王堃同志的通知</p><p>各区人民政府：</p></div>", charset="gb2312")
    assert read(data).text == "关于朱镕基和王堃同志的通知\n各区人民政府："


def test_html_misdeclared_utf8_page_in_gbk_decodes():
    body = "<div><p>关于印发民生实事的通知</p><p>各街道办事处：</p><p>1. 新建公园2个。</p></div>"
    data = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("gbk")
    assert read(data).text.split("\n") == ["关于印发民生实事的通知", "各街道办事处：", "1. 新建公园2个。"]


def test_html_without_declared_charset_in_gbk_decodes():
    data = "<html><body><p>关于印发民生实事的通知</p><p>各街道办事处：</p></body></html>".encode("gbk")
    assert read(data).text == "关于印发民生实事的通知\n各街道办事处："


def test_html_utf8_bom_page():
    data = b"\xef\xbb\xbf" + page("<p>关于印发民生实事的通知</p>")
    assert read(data).text == "关于印发民生实事的通知"


def test_html_br_separated_lines_and_source_line_breaks_inside_chinese():
    body = ('<div class="TRS_Editor"><p>抄送：区委各部门，\n区武装部。<br>北京市西城区人民政府办公室<br/>'
            '2024年3月25日印发</p><p>完成 6 个老旧小区&nbsp;改造</p></div>')
    assert read(page(body)).text.split("\n") == [
        "抄送：区委各部门，区武装部。", "北京市西城区人民政府办公室", "2024年3月25日印发", "完成 6 个老旧小区 改造"]


def test_html_rowspan_and_colspan_keep_columns():
    body = ('<div><p>民生实事项目表</p><table>'
            '<tr><th>序号</th><th>项目</th><th>责任单位</th></tr>'
            '<tr><td colspan="3">一、教育</td></tr>'
            '<tr><td rowspan="2">1</td><td>新建学校2所。</td><td rowspan="2">区教委</td></tr>'
            '<tr><td>新增学位1000个。</td></tr>'
            '<tr><td colspan="2">合计</td><td>2项</td></tr>'
            '</table></div>')
    assert read(page(body)).text.split("\n") == [
        "民生实事项目表", "序号\t项目\t责任单位", "一、教育", "1\t新建学校2所。\t区教委", "\t新增学位1000个。\t", "合计\t\t2项"]


def test_html_layout_table_page_gives_paragraphs_not_rows():
    # Old government sites lay the whole page out in nested tables.
    paras = "".join(f"<p>{i}. 新建社区公园{i}个，方便群众休闲健身。</p>" for i in range(1, 8))
    body = ('<table width="980"><tr><td><a href="/">首页</a> | <a href="/a">政务公开</a> | <a href="/b">办事服务</a></td></tr>'
            f'<tr><td><table><tr><td><p>关于印发民生实事的通知</p>{paras}</td></tr></table></td></tr>'
            '<tr><td>主办单位：某某区人民政府办公室 网站标识码：1234567890</td></tr></table>')
    lines = read(page(body)).text.split("\n")
    assert lines == ["关于印发民生实事的通知"] + [f"{i}. 新建社区公园{i}个，方便群众休闲健身。" for i in range(1, 8)]


def test_html_link_lists_beside_the_notice_are_dropped():
    links = "".join(f'<li><a href="/n{i}">关于做好第{i}批民生实事项目推进工作的通知</a></li>' for i in range(3))
    body = (f'<div class="wrap"><div class="c1"><p>关于印发民生实事的通知</p><p>各街道办事处：</p>'
            f'<p>经区政府同意，现将民生实事项目印发给你们，请认真贯彻落实。</p></div><ul>{links}</ul></div>')
    assert read(page(body)).text.split("\n") == [
        "关于印发民生实事的通知", "各街道办事处：", "经区政府同意，现将民生实事项目印发给你们，请认真贯彻落实。"]


def test_html_class_named_like_chrome_holding_the_notice_is_kept():
    # A wrapper whose class says "position-relative" still holds the whole notice.
    body = ('<div class="position-relative"><p>关于印发民生实事的通知</p><p>各街道办事处：</p>'
            '<p>经区政府同意，现将民生实事项目印发给你们，请认真贯彻落实。</p></div>')
    assert len(read(page(body)).text.split("\n")) == 3


def test_html_chrome_only_page_is_a_read_error():
    with pytest.raises(ReadError, match="no Chinese text") as e:
        read(page('<div class="footer">Copyright 2024</div><script>var x="通知";</script>'), name="x.html")
    assert "\n" not in str(e.value)


CORPUS_FILES = sorted(p for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.stem for p in CORPUS_FILES])
def test_corpus_notice_round_trips_through_html(path):
    text = path.read_text(encoding="utf-8")
    got = read(mf.make_html(text, encoding="gbk")).text.split("\n")
    # A notice copied from a web page may carry the page's own chrome lines: those go.
    want = [s for s in lines_of(text) if not re.match(r"^(发布时间：|【打印本页】)", s)]
    assert got == want


from hypothesis import given, settings, strategies as st  # noqa: E402

from policytasks.errors import PolicyTasksError  # noqa: E402

_TAGS = st.sampled_from(["<p>", "</p>", "<div class='nav'>", "</div>", "<table>", "<tr>", "<td colspan='x'>",
                         "<td rowspan='999999'>", "</td>", "<br>", "<a href='#'>", "</a>", "<script>", "<!--", "-->",
                         "<![CDATA[", "]]>", "<footer>", "<pre>", "&nbsp;", "&#0;", "<meta charset='bogus'>"])


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(st.one_of(_TAGS, st.text(alphabet="通知各单位完成时限：1.\n\t <>&\"'", max_size=12)), max_size=40),
       encoding=st.sampled_from(["utf-8", "gbk", "utf-16"]))
def test_any_markup_gives_a_library_error_or_text(parts, encoding):
    data = ("<html><body>" + "".join(parts)).encode(encoding, errors="replace")
    try:
        doc = read(data)
    except PolicyTasksError as e:
        assert "\n" not in str(e)
    else:
        assert doc.format in ("html", "text")


def test_a_dash_cell_is_not_dropped_as_a_line_of_links():
    # a regression: a "—" paragraph (an empty cell of a flattened table) counted as all-links
    assert read(mf.make_html("标题\n市人力资源社会保障局\n—\n2024年12月\n")).text.split("\n")[-2:] == ["—", "2024年12月"]
