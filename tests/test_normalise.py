import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytasks.normalise import normalise


@pytest.mark.parametrize("raw,expected", [
    ("完成 6 个老旧小区", "完成6个老旧小区"),
    ("2024 年 12 月底前", "2024年12月底前"),
    ("２０２４年", "2024年"),
    ("ＡＢＣ", "ABC"),
    ("达到９５％", "达到95%"),
    ("牵头单位:区民政局;配合单位:各街道", "牵头单位：区民政局；配合单位：各街道"),
    ("(一)项目", "（一）项目"),
    ("1,200个", "1,200个"),
    ("8:30开始", "8:30开始"),
    ("区体育局  区园林绿化局", "区体育局 区园林绿化局"),
    ("区体育局\u3000区园林绿化局", "区体育局 区园林绿化局"),
    ("Wi Fi", "Wi Fi"),
    ("a\u200bb", "ab"),
])
def test_line_cleanup(raw, expected):
    assert normalise(raw).text == expected


def test_sentences_broken_across_lines_are_joined():
    raw = "1. 持续推进老旧小区综合改造，完成 6 个老旧小区改造项\n目。\n完成时限：2024 年 12 月底前"
    assert normalise(raw).text == "1. 持续推进老旧小区综合改造，完成6个老旧小区改造项目。\n完成时限：2024年12月底前"


@pytest.mark.parametrize("lines", [
    ["北京市西城区人民政府办公室", "2024年3月25日"],          # signature, then the date
    ["北京市西城区人民政府办公室文件", "西政办发〔2024〕3号"],  # masthead, doc number
    ["西政办发〔2024〕3号", "北京市西城区人民政府办公室"],      # doc number, title's first line
    ["一、改善群众居住条件", "持续推进"],                        # a heading stands alone
    ["主要责任单位：区民政局", "2. 继续推进"],                   # a new item
    ["关于印发实事项目的通知", "各街道办事处："],               # title, recipients
    ["序号", "项目名称"],                                       # a table's cells
])
def test_structure_is_never_joined(lines):
    assert normalise("\n".join(lines)).text.split("\n") == lines


def test_blank_lines_and_page_numbers_go():
    raw = "第一段。\n\n\n— 3 —\n- 4 -\n第5页\n第二段。"
    assert normalise(raw).text == "第一段。\n第二段。"


def test_title_over_two_lines_is_joined():
    raw = "云溪市东湖区人民政府办公室\n关于印发《东湖区2025年民生实事项目》的通知"
    assert normalise(raw).text == "云溪市东湖区人民政府办公室关于印发《东湖区2025年民生实事项目》的通知"


def test_offsets_point_back_to_the_raw_text():
    raw = "完成 ６ 个\n\n改造项\n目。"
    n = normalise(raw)
    for i, c in enumerate(n.text):
        if c != "\n":
            r = raw[n.raw_index(i)]
            assert r == c or (r == "６" and c == "6")


def test_pages():
    raw = "第一页的字\n第二页的字。"
    n = normalise(raw, page_starts=[0, 6])
    assert n.page_of(0) == 1
    assert n.page_of(n.text.index("二")) == 2


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_offsets_are_monotonic_and_in_range(raw):
    n = normalise(raw)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o <= len(raw) for o in n.offsets)
    assert list(n.offsets) == sorted(n.offsets)


def test_empty_table_cells_keep_their_columns():
    # a regression: a run of tabs was one tab, so an empty 完成时限 cell shifted the bodies into it
    assert normalise("12\t优化公交线网\t\t区交通委").text == "12\t优化公交线网\t\t区交通委"
    assert normalise("\t续上页\t\t区交通委").text == "\t续上页\t\t区交通委"


def test_copied_web_page_controls_go():
    # lines that can be nothing but page furniture, like page numbers
    assert normalise("【打印本页】　【关闭窗口】\n正文。").text == "正文。"
    assert normalise("当前位置：首页 > 政务公开\n首页 > 政策文件 > 区政府文件\n正文。").text == "正文。"
    assert normalise("主办单位：区民政局").text == "主办单位：区民政局"  # a label of bodies, not a footer


@pytest.mark.parametrize("line", [
    "承办单位：各街道社区服务站",
    "主办：区融媒体中心，西城网承办技术支持。",
    "分享到户的补贴资金不少于 500 万元。",
    "1/2",
    "发布时间：2024-03-04 16:02　　来源：市政府办公室　　字号：[ 大 中 小 ]",  # the header reads it
])
def test_web_chrome_patterns_never_drop_a_line_of_plain_text(line):
    # issue 14: html_boilerplate.yaml's line patterns were applied to every input and these
    # vanished; chrome removal belongs to the HTML reader
    kept = normalise("正文。\n" + line + "\n正文。").text.replace(" ", "")
    assert line.replace(" ", "").replace("，", "").replace(":", "：")[:6] in kept.replace("，", "")


def test_a_sentence_goes_on_over_a_copied_page_number():
    # a regression: the blank lines around "— 5 —" broke 力争 / 完成… into two paragraphs
    assert normalise("力争\n\n— 5 —\n\n完成规划目标。\n\n下一段。").text == "力争完成规划目标。\n下一段。"


def test_an_attachment_line_stands_alone():
    assert normalise("附件\n2025年民生实事项目清单").text == "附件\n2025年民生实事项目清单"


def test_a_copied_page_number_joins_even_without_sentence_joining():
    # Word and web pages keep their paragraphs, but a page number copied in from a PDF still
    # marks a sentence broken by a page break
    assert normalise("力争\n— 5 —\n完成目标。", join=False).text == "力争完成目标。"


def test_a_label_broken_over_a_line_end_joins():
    # web copies break lines anywhere: …配合单位:区妇联;完成 / 时限:2025年11月底前)
    assert normalise("（牵头单位:区卫健局;配合单位:区妇联;完成\n时限:2025年11月底前）").text == \
        "（牵头单位：区卫健局；配合单位：区妇联；完成时限：2025年11月底前）"
