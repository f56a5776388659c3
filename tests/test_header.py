import datetime as dt

import pytest

import policytasks
from policytasks.header import normalise_doc_number, parse_date


def test_xicheng_header(xicheng):
    n = xicheng
    assert n.issuer == "北京市西城区人民政府办公室"
    assert n.doc_number == "西政办发〔2024〕3号"
    assert n.title == "北京市西城区人民政府办公室关于印发《北京市西城区2024年为群众拟办重要实事》的通知"
    assert n.plan_title == "北京市西城区2024年为群众拟办重要实事"
    assert n.year == 2024
    assert n.recipients == ["区政府各委、办、局", "各街道办事处", "各有关单位"]
    assert n.signed_on == dt.date(2024, 3, 25)
    assert n.publication == "此件公开发布"
    assert n.cc == ["区委各部门", "区武装部", "区人大常委会办公室", "区政协办公室", "区人民法院", "区人民检察院"]
    assert n.printed_by == "北京市西城区人民政府办公室"
    assert n.printed_on == dt.date(2024, 3, 25)


@pytest.mark.parametrize("raw,expected", [
    ("西政办发〔2024〕3号", "西政办发〔2024〕3号"),
    ("松政发[2023]3号", "松政发〔2023〕3号"),
    ("江政办发（2021）12号", "江政办发〔2021〕12号"),
    ("江政办发(2021)12号", "江政办发〔2021〕12号"),
    ("京政发【2022】 5 号", "京政发〔2022〕5号"),
    ("东政办发〔2025〕第6号", "东政办发〔2025〕第6号"),
    ("不是文号", None),
])
def test_doc_numbers(raw, expected):
    assert normalise_doc_number(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("2024年3月25日", dt.date(2024, 3, 25)),
    ("二〇二五年二月二十六日", dt.date(2025, 2, 26)),
    ("二〇二三年三月六日", dt.date(2023, 3, 6)),
    ("2024年2月30日", None),
])
def test_dates(raw, expected):
    assert parse_date(raw) == expected


def test_a_bare_list_has_no_header_fields():
    n = policytasks.parse_text("某区2025年民生实事\n1. 新建公园2个。\n完成时限：2025年底前\n责任单位：区园林局")
    assert (n.issuer, n.doc_number, n.signed_on, n.recipients, n.cc) == (None, None, None, [], [])
    # the contract: a bare list with no cover notice has its heading as title, and no plan title
    assert (n.title, n.plan_title) == ("某区2025年民生实事", None)
    assert n.year == 2025
    assert n.tasks[0].deadline.date == dt.date(2025, 12, 31)


def test_issuer_falls_back_to_the_signature():
    text = ("江临市人民政府办公室关于印发2021年江临市民生实事项目的通知\n江政办发（2021）12号\n"
            "各县人民政府：\n现印发给你们。\n江临市人民政府办公室\n2021年3月19日\n2021年江临市民生实事项目\n"
            "1. 新建学校2所。\n完成时限：2021年底前\n责任单位：市教育局")
    n = policytasks.parse_text(text)
    assert n.issuer == "江临市人民政府办公室"
    assert n.recipients == ["各县人民政府"]


def test_review_cases_letter_spaced_masthead_signer_lead_in_signature_line():
    # regressions found in review: 某 县 … 文 件 gave no issuer; 签发人 broke the doc number;
    # a lead-in sentence was taken for recipients; a signature and its date on one line
    text = ("某 县 人 民 政 府 文 件\n某政发（2025）7号　签发人：张三\n某县人民政府关于印发2025年民生实事的报告\n"
            "为切实解决群众急难愁盼问题，县政府决定实施以下民生实事，现将有关事项通知如下：\n"
            "某县人民政府  2025年2月10日\n2025年民生实事\n1. 新建学校2所。\n责任单位：县教育局\n完成时限：年底前")
    n = policytasks.parse_text(text)
    assert (n.issuer, n.doc_number, n.recipients, n.signed_on, n.plan_title) == (
        "某县人民政府", "某政发〔2025〕7号", [], dt.date(2025, 2, 10), "2025年民生实事")
    assert n.title == "某县人民政府关于印发2025年民生实事的报告"


def test_joint_masthead():
    text = ("中共某市委办公室\n文件\n某市人民政府办公室\n某办发〔2025〕5号\n"
            "中共某市委办公室 某市人民政府办公室关于印发《某市2025年民生实事项目》的通知\n"
            "某市2025年民生实事项目\n1. 新建学校2所。\n责任单位：市教育局\n完成时限：年底前")
    assert policytasks.parse_text(text).issuer == "中共某市委办公室、某市人民政府办公室"


def test_doc_number_from_a_web_pages_information_box():
    text = ("索 引 号:000/2025-01\n文　　号:澄政办(2025)9号　　有效性:有效\n"
            "澄波区人民政府办公室关于印发2025年为民办实事项目的通知\n2025年为民办实事项目\n"
            "1.新建学校2所。(牵头单位:区教育局;完成时限:2025年8月)")
    assert policytasks.parse_text(text).doc_number == "澄政办〔2025〕9号"


# ---------------------------------------------------------------------------------------------
# Real notices as pages give them (issue 13): each rule of the header, table-driven.

from policytasks.header import Line, is_furniture, parse_digit_date, parse_header, read_info_box  # noqa: E402


def _lines(*texts: str) -> list[Line]:
    out, pos = [], 0
    for t in texts:
        out.append(Line(t, pos))
        pos += len(t) + 1
    return out


def _header(texts, first: str | None = None, **kw):
    """The header of ``texts``; with ``first``, the list's bounds are given: it starts at that line."""
    lines = _lines(*texts)
    if first is not None:
        start = next(i for i, t in enumerate(texts) if t.startswith(first))
        return parse_header(lines, start, len(lines))
    return parse_header(lines, **kw)


LIST = ("1.新建学校2所。", "责任单位：县教育局")


@pytest.mark.parametrize("line,field,expected", [
    ("发文字号：宝府办〔2022〕1号", "doc_number", "宝府办〔2022〕1号"),
    ("• 发文字号: 宝府办〔2022〕1号", "doc_number", "宝府办〔2022〕1号"),
    # several pairs glued on one line, colons and all
    ("信息来源：区政府办公室 发布时间2022-01-10【字号•所属类目：区政府办公室文件•发文字号：宝府办〔2022〕1号"
     "•发文日期：2022-01-08•", "signed_on", dt.date(2022, 1, 8)),
    ("首页>政务公开>法规文件>嘉政办发索引号：002546445/2022-427178发文文号：嘉政办发〔2022〕23号 发布机关："
     "市政府办公室成文日期：2022-05-10", "doc_number", "嘉政办发〔2022〕23号"),
    # labels without colons, spaced out, after the page's date and source
    ("2023-01-0510:00区人民政府办公室索 引 号MB1534522/2023-05475发文日期2023-01-03发布机构 区人民政府办公室"
     " 文 号 蔡政办〔2023〕1号分 类 政务公开 有 效 性 有效", "doc_number", "蔡政办〔2023〕1号"),
    ("2023-01-0510:00区人民政府办公室索 引 号MB1534522/2023-05475发文日期2023-01-03发布机构 区人民政府办公室"
     " 文 号 蔡政办〔2023〕1号", "issuer", "区人民政府办公室"),
    ("成文日期：2022年5月10日", "signed_on", dt.date(2022, 5, 10)),
    # the page's next line glued after the box's last date: not part of the box
    ("点击次数发布时间2021-02-2015：05：02天目山镇2020年民生实事项目实施情况的报告", "rest",
     "天目山镇2020年民生实事项目实施情况的报告"),
    ("文 号：文件分类：综合政务 所属机构：", "doc_number", None),
    # the page's date and time in front of a byline
    ("2024-03-05 10:12 来源：区政府办公室", "doc_number", None),
    ("【发布单位】区政府办【发布时间】2024-01-01", "published", dt.date(2024, 1, 1)),
])
def test_info_box_fields_are_read_from_one_label_or_several_glued(line, field, expected):
    box = read_info_box(line)
    assert box is not None
    assert getattr(box, field) == expected


@pytest.mark.parametrize("line", [
    "各单位要明确资金来源：区财政统筹安排。",  # a label word inside a sentence
    "经区政府同意，现将《2025年民生实事项目》印发给你们，请认真贯彻执行。",
    "各镇人民政府，各街道办事处：",
    "2025年民生实事项目",
    "测试区人民政府关于印发<b>2024年</b>实事的通知",  # > in a line is no breadcrumb
    "人均可支配收入>5万元的家庭",
    "关于调整民生实事资金来源和完成时间的通知",  # a title holding two label words
    "主办单位：区民政局",  # also the label of a responsible body
])
def test_a_real_sentence_is_no_info_box_and_no_furniture(line):
    assert read_info_box(line) is None
    assert not is_furniture(line)


@pytest.mark.parametrize("line", [
    "-设为首页--无障碍阅读-长者版",
    ">政务公开>工作报告",
    "当前位置：首页 > 政务公开 > 工作报告",
    "【字体：大 中 小】 打印 关闭窗口",
    "分享到：",
    "扫一扫在手机打开当前页",
    "某区人民政府办公室关于印发某区2025年民生实事项目的通知_区政府办公室文件_某区人民政府门户网站",
    "主办单位：某区人民政府办公室 网站标识码：1234567890 京ICP备05012345号",
    "上一篇：关于印发2024年民生实事项目的通知",
    "【下一篇】：关于做好2025年防汛工作的通知",
    "2025年澄波区为民办实事项目.pdf",
])
def test_page_furniture_is_recognised_by_its_shape(line):
    assert is_furniture(line)


@pytest.mark.parametrize("texts,field,expected", [
    # chrome is never recipients
    (("某县2025年民生实事进展情况", "•发布日期：2025-06-14", "•浏览次数：", "序号"), "recipients", []),
    (("发布时间：2023-11-16 16:38 信息来源：区政府办", "信息来源：", "访问次数：", "某区2023年民生实事一季度进展情况",
      "序号"), "recipients", []),
    (("名 称：区人民政府办公室 关于印发2020年重点工作责任分解的通知", "文 号：文件分类：综合政务 所属机构：",
      "区人民政府办公室关于印发2020年重点工作责任分解的通知", "各新区、区政府各部门：", "现印发给你们。",
      "2020年6月28日", "2020年重点工作责任分解", "1、抓好疫情防控。"), "recipients", ["各新区、区政府各部门"]),
    # nor the title
    (("名 称：区人民政府办公室 关于印发2020年重点工作责任分解的通知", "区人民政府办公室 关于印发2020年重点工作责任分解的通知",
      "各新区：", "1、抓好疫情防控。"), "title", "区人民政府办公室关于印发2020年重点工作责任分解的通知"),
    (("某区人民政府办公室关于印发2022年实事的通知_区政府办公室文件_某区人民政府门户网站",
      "某区人民政府办公室关于印发2022年实事的通知", "各街道：", "1.新建学校2所。"), "title", "某区人民政府办公室关于印发2022年实事的通知"),
    # the box gives what the notice's own text does not
    (("发文字号：宝府办〔2022〕1号", "宝山区人民政府办公室关于印发2022年实事的通知", "各街道：", "现印发给你们。",
      "2022年实事") + LIST, "doc_number", "宝府办〔2022〕1号"),
    (("发文日期：2022-01-08", "宝山区人民政府办公室关于印发2022年实事的通知", "各街道：", "现印发给你们。",
      "2022年实事") + LIST, "signed_on", dt.date(2022, 1, 8)),
    (("文号：宝府办〔2022〕9号", "宝府办〔2022〕1号", "某区人民政府办公室关于印发2022年实事的通知", "1.新建学校2所。"),
     "doc_number", "宝府办〔2022〕1号"),  # the notice's own number wins
    (("发布机构：下陆区政府办公室", "区人民政府办公室关于印发2020年实事的通知", "1.新建学校2所。"), "issuer",
     "区人民政府办公室"),  # the title names the issuer: the box only when nothing else does
    (("发布机构：下陆区政府办公室", "2020年实事完成情况", "1.新建学校2所。"), "issuer", "下陆区政府办公室"),
    # a box copied one cell a line: a label alone, the value of a field on the next line
    (("索引号", "000014349/2020-105482", "发文字号", "宝府办〔2022〕1号", "成文日期", "2022-01-08",
      "某区人民政府办公室关于印发2022年实事的通知", "各街道：", "现印发给你们。", "2022年实事") + LIST,
     "doc_number", "宝府办〔2022〕1号"),
    (("发文字号", "宝府办〔2022〕1号", "成文日期", "2022年1月8日", "某区人民政府办公室关于印发2022年实事的通知",
      "各街道：", "现印发给你们。", "2022年实事") + LIST, "signed_on", dt.date(2022, 1, 8)),
    # an empty label does not take the next line for its value
    (("发布时间：2023-11-16", "访问次数：", "某区2023年民生实事一季度进展情况", "序号"), "title",
     "某区2023年民生实事一季度进展情况"),
    (("标题", "某区人民政府办公室关于印发2022年实事的通知", "各街道：", "1.新建学校2所。"), "title",
     "某区人民政府办公室关于印发2022年实事的通知"),
    (("【发布时间：2022-01-10】【来源：区政府】【字体：大 中 小】", "某区2022年实事完成情况", "序号"), "title",
     "某区2022年实事完成情况"),
    # a box's 标题 label glued to the title it names
    (("标 题某区人民政府关于印发2023年为民办实事项目的通知（某政发〔2023〕2号）", "各乡镇：", "1.新建学校2所。"),
     "title", "某区人民政府关于印发2023年为民办实事项目的通知"),
    (("标 题某区人民政府关于印发2023年为民办实事项目的通知（某政发〔2023〕2号）", "各乡镇：", "1.新建学校2所。"),
     "issuer", "某区人民政府"),
    # a page's date under its own label is no signing date
    (("成文日期", "2023年02月20日", "发布日期", "2023年02月23日", "某区人民政府关于印发2023年实事的通知",
      "各乡镇：", "现印发给你们。", "2023年实事") + LIST, "signed_on", dt.date(2023, 2, 20)),
    (("发布日期", "2023年02月23日", "某区人民政府关于印发2023年实事的通知", "各乡镇：", "现印发给你们。",
      "2023年实事") + LIST, "recipients", ["各乡镇"]),
    # a headline the copy glued in front of the box
    (("我区2024年十件民生实事上半年进展情况时间：2024-07-15来源：区督查室", "1.老旧小区改造。"), "title",
     "我区2024年十件民生实事上半年进展情况"),
    (("某区人民政府办公室关于印发2024年实事的通知发布时间：2024-03-05来源：区政府办", "1.新建学校2所。"), "issuer",
     "某区人民政府办公室"),
    # the masthead and a title without 关于 stand among the first lines, page chrome not counted
    (("首页 > 政务公开 > 政策文件", "索引号：000014349/2020-105482", "发布日期：2025-03-07", "浏览次数：12",
      "某县人民政府文件", "某政发〔2025〕7号", "某县人民政府关于印发2025年民生实事的通知", "1.新建学校2所。"),
     "issuer", "某县人民政府"),
    (("首页 > 政务公开 > 政策文件", "发布日期：2025-03-07", "浏览次数：12", "【字体：大 中 小】",
      "江屿县2025年政府工作报告", "各位代表：", "1.新建学校2所。"), "title", "江屿县2025年政府工作报告"),
])
def test_page_chrome_is_never_a_header_field_and_the_box_fills_gaps(texts, field, expected):
    assert getattr(_header(texts), field) == expected


@pytest.mark.parametrize("texts,title,plan_title", [
    # a progress table's heading, no cover letter: the title; no plan title
    (("当前位置：首页>政务公开>工作报告", "市政府2020年重点工作（预下达）一季度进展情况表", "分享：", "序号", "内容与要求"),
     "市政府2020年重点工作（预下达）一季度进展情况表", None),
    (("2022年度民生实事未完成项目进度表（截至10月31日）", "•发布日期：2022-12-14", "•浏览次数：", "序号"),
     "2022年度民生实事未完成项目进度表（截至10月31日）", None),
    # a page's headline printed twice, once behind furniture
    (("北京市西城区人民政府", "信息详情2020年西城区重点工作全年完成情况", "2020年西城区重点工作全年完成情况",
      "发布时间：2021-03-08", "1.地区生产总值增长6%左右。"), "2020年西城区重点工作全年完成情况", None),
    # a headline glued after the box's last date
    (("信息索引号 002508879/2021-70391 文件编号 责任部门 天目山镇 点击次数 发布时间 2021-02-20 15:05:02"
      "天目山镇2020年民生实事项目实施情况的报告", "各位代表：", "1.教育项目。"), "天目山镇2020年民生实事项目实施情况的报告", None),
    # a table's heading glued to its header row
    (("发布时间：2023-11-16", "某区2023年民生实事一季度进展情况序号 | 工作任务 | 责任单位 |"),
     "某区2023年民生实事一季度进展情况", None),
    (("某县人民政府关于印发2024年实事的通知", "各镇：", "现印发给你们。", "某县人民政府", "2024年4月2日",
      "|某县2024年十大民生实事项目清单||||序号|项目名称|责任单位|"), "某县人民政府关于印发2024年实事的通知",
     "某县2024年十大民生实事项目清单"),
    # a file-sharing page shows the document under its file name
    (("2021年重大民生实事项目目标任务责任分解表。docx《2021年…》由会员分享", "1、2021年…"),
     "2021年重大民生实事项目目标任务责任分解表", None),
    # a page's title with the doc number in brackets
    (("大竹县人民政府办公室关于对2016年民生实事进行重点督办的通知（竹府办〔2016〕20号）", "各乡镇：", "1.新建学校2所。"),
     "大竹县人民政府办公室关于对2016年民生实事进行重点督办的通知", None),
    (("某县人民政府关于印发2025年民生实事的通知（试行）", "各乡镇：", "1.新建学校2所。"),
     "某县人民政府关于印发2025年民生实事的通知（试行）", None),
    # a title broken with spaces inside
    (("立山区人民政府关于印发 《立山区2023年重点工作任务分解 和责任分工方案》的通知", "各街道：", "1.增长6%。"),
     "立山区人民政府关于印发《立山区2023年重点工作任务分解和责任分工方案》的通知", "立山区2023年重点工作任务分解和责任分工方案"),
    # 通 知 spaced at the end of a title
    (("区人民政府办公室关于印发2020年区政府重点工作责任分解的通 知", "各新区：", "1、抓好疫情防控。"),
     "区人民政府办公室关于印发2020年区政府重点工作责任分解的通知", None),
    # a progress report's table caption is no plan title
    (("2020年西城区重点工作全年完成情况", "发布时间：2021-03-08", "西城区政府2020年重点工作任务目标全年完成情况",
      "1.地区生产总值增长6%左右。"), "2020年西城区重点工作全年完成情况", None),
])
def test_titles_headlines_and_plan_titles(texts, title, plan_title):
    h = _header(texts)
    assert (h.title, h.plan_title) == (title, plan_title)


@pytest.mark.parametrize("texts,expected", [
    (("各镇：", "现印发给你们。", "某区人民政府", "2022年1月8日", "2022年区政府要完成的与人民生活", "密切相关的实事") + LIST,
     "2022年区政府要完成的与人民生活密切相关的实事"),
    (("各镇：", "现印发给你们。", "2021年11月22日", "《政府工作报告》2022年重点工作", "及民生实事项目任务分解方案") + LIST,
     "《政府工作报告》2022年重点工作及民生实事项目任务分解方案"),
    # the signature above a one-line plan title is not part of it
    (("各镇：", "现印发给你们。", "某县人民政府", "2025年民生实事") + LIST, "2025年民生实事"),
])
def test_a_plan_title_broken_over_lines_is_joined(texts, expected):
    assert _header(texts).plan_title == expected


@pytest.mark.parametrize("texts,expected", [
    # the heading glued to the attachment's first sentence: the letter names what it hands out
    (("区人民政府办公室关于印发2020年区政府重点工作责任分解的通知", "各新区：",
      "《2020年区政府重点工作责任分解》已经区政府研究同意，现印发给你们，请认真抓好落实。", "2020年6月28日",
      "2020年区政府重点工作责任分解根据区政府工作报告，现将重点工作责任分解如下。", "一、抓好疫情防控", "1、抓好防控。"),
     "2020年区政府重点工作责任分解"),
    (("某区人民政府办公室关于印发实事的通知", "各街道：", "现将《2022年某区实事项目》印发给你们，请抓紧组织实施。",
      "2022年1月8日", "根据安排，现将实事分解如下。", "1.新建学校2所。"), "2022年某区实事项目"),
    # a 《…》 the letter only mentions is no plan title
    (("某区人民政府办公室关于分解落实重点工作的通知", "各街道：", "根据《政府工作报告》，现将任务分解如下。",
      "2022年1月8日", "根据安排，现将实事分解如下。", "1.新建学校2所。"), None),
])
def test_the_plan_the_cover_letter_hands_out(texts, expected):
    assert _header(texts).plan_title == expected


@pytest.mark.parametrize("raw,expected", [
    ("202218", dt.date(2022, 1, 8)),
    ("2022510", dt.date(2022, 5, 10)),
    ("20220108", dt.date(2022, 1, 8)),
    ("20221212", dt.date(2022, 12, 12)),
    ("2022111", None),  # 1月11日 or 11月1日
    ("2022", None),
    ("202213", dt.date(2022, 1, 3)),
    ("2022133", None),  # 1月33日, 13月3日: no date
    ("12345678", None),
])
def test_a_signing_date_that_lost_its_characters(raw, expected):
    assert parse_digit_date(raw) == expected


@pytest.mark.parametrize("texts,signed_on", [
    (("各镇：", "特此通知。", "上海市宝山区人民政府办公室", "202218", "2022年实事") + LIST, dt.date(2022, 1, 8)),
    (("各县：", "现印发给你们。", "嘉兴市人民政府办公室", "2022510", "（此件公开发布）", "2022年重点工作") + LIST,
     dt.date(2022, 5, 10)),
    # digits not under a signature are no date
    (("各镇：", "特此通知。", "202218", "2022年实事") + LIST, None),
    (("各镇：", "特此通知。", "某区人民政府", "2022111", "2022年实事") + LIST, None),
    # garbage a copy left after the date
    (("各乡镇：", "现印发给你们。", "2021年11月22日????????", "2022年实事") + LIST, dt.date(2021, 11, 22)),
])
def test_signing_dates_in_copies(texts, signed_on):
    assert _header(texts).signed_on == signed_on


@pytest.mark.parametrize("title,kind,year,as_of", [
    ("市政府2020年重点工作（预下达）一季度进展情况表", "progress", 2020, None),
    ("2022年度市县民生实事未完成项目进度表（截至10月31日）", "progress", 2022, dt.date(2022, 10, 31)),
    ("2023年民生实事推进情况（截至2023年6月30日）", "progress", 2023, dt.date(2023, 6, 30)),
    # a report on last year's tasks and next year's candidates is about last year's
    ("天目山镇2020年民生实事项目实施情况及2021年候选项目概况的报告", "progress", 2020, None),
    ("2020年西城区政府工作报告重点工作全年完成情况", "progress", 2020, None),
    # a 印发 title hands out a plan, whatever its plan's name says
    ("某县人民政府关于印发2024年民生实事项目进展情况通报制度的通知", "plan", 2024, None),
    ("某区人民政府关于印发2025年民生实事项目的通知", "plan", 2025, None),
])
def test_kind_year_and_as_of_from_the_title(title, kind, year, as_of):
    h = _header((title, "1.新建学校2所。"))
    assert h.title == title
    assert (h.kind, h.year, h.as_of) == (kind, year, as_of)


@pytest.mark.parametrize("texts,year", [
    (("发布日期：2022-12-14", "浏览次数：", "民生实事未完成项目进度表（截至10月31日）", "序号"), 2022),
    # the page's date is the last resort: a title's year wins
    (("发布日期：2021-02-20", "天目山镇2020年民生实事项目实施情况的报告", "1.教育项目。"), 2020),
])
def test_year_from_the_pages_date_when_nothing_else_names_one(texts, year):
    h = _header(texts)
    assert h.year == year
    assert h.kind == "progress"


@pytest.mark.parametrize("texts,field,expected", [
    (("许政 [2020] 20号", "各县（市、区）人民政府：", "现将任务予以分解。", "一、抓好疫情防控", "1.完善防控举措。"),
     "doc_number", "许政〔2020〕20号"),
    (("许政 [2020] 20号", "各县（市、区）人民政府：", "现将任务予以分解。", "一、抓好疫情防控", "1.完善防控举措。"),
     "year", 2020),
    # no masthead, no signature: the body at the start of the title
    (("区人民政府办公室关于印发2023年任务分解方案的通知", "各街道：", "现印发给你们。", "2023年1月3日",
      "2023年任务分解方案") + LIST, "issuer", "区人民政府办公室"),
    # the signature names the issuer before the title does
    (("区人民政府办公室关于印发2023年任务分解方案的通知", "各街道：", "现印发给你们。", "蔡甸区人民政府办公室",
      "2023年1月3日", "2023年任务分解方案") + LIST, "issuer", "蔡甸区人民政府办公室"),
    # the list of attachments a copy glued to the signature is no signature
    (("洋县人民政府关于印发洋县2024年十大民生实事项目的通知", "各镇：", "现印发给你们。",
      "附件：洋县2024年十大民生实事项目清单洋县人民政府", "2024年4月2日", "附件：", "洋县2024年十大民生实事项目清单")
     + LIST, "issuer", "洋县人民政府"),
    # a report: its issuer and date under the title, the recipients after them
    (("白水县2024年十件民生实事完成情况的报告", "白水县人民政府", "2025年1月10日", "县人大常委会：",
      "2024年，县政府把十件民生实事作为重要抓手。", "一、交通", "（一）农村公路提升工程。"), "recipients", ["县人大常委会"]),
    (("白水县2024年十件民生实事完成情况的报告", "白水县人民政府", "2025年1月10日", "县人大常委会：",
      "2024年，县政府把十件民生实事作为重要抓手。", "一、交通", "（一）农村公路提升工程。"), "signed_on", dt.date(2025, 1, 10)),
])
def test_doc_number_year_and_issuer_on_real_pages(texts, field, expected):
    assert getattr(_header(texts), field) == expected


COVER_WITH_OWN_LIST = (
    "县示范区管委会，各乡、镇人民政府：",
    "经县政府同意，现将任务分解印发给你们。",
    "一、责任到人，闭环管理。各责任单位需严格对照任务清单。",
    "二、节点管控，动态调度。各单位要紧盯目标任务。",
    "沁县人民政府办公室",
    "2025年5月18日",
    "（此件公开发布）",
    "附件1",
    "2025年县政府工作报告任务清单",
    "一、县示范区管委会牵头工作（8项）",
    "1.投资3000万元建设养殖基地。",
)


def test_given_bounds_the_cover_letters_own_paragraphs_are_preamble():
    h = _header(COVER_WITH_OWN_LIST, first="一、县示范区")
    assert h.list_start == 9 and h.list_end == len(COVER_WITH_OWN_LIST)
    assert (h.issuer, h.plan_title, h.year, h.signed_on, h.publication) == (
        "沁县人民政府办公室", "2025年县政府工作报告任务清单", 2025, dt.date(2025, 5, 18), "此件公开发布")
    assert h.recipients == ["县示范区管委会", "各乡、镇人民政府"]
    assert {4, 5, 6, 8} <= h.used


def test_without_bounds_the_header_finds_the_list_itself():
    h = _header(COVER_WITH_OWN_LIST)
    assert h.list_start == 2  # the first numbered line: the segmenter's choice is better, pass it


def test_given_an_end_the_closing_after_it_is_read_and_it_bounds_the_list():
    texts = ("某区2025年民生实事", "1.新建学校2所。", "责任单位：区教育局", "抄送：区委办，区人大办。",
             "某区人民政府办公室  2025年3月1日印发")
    h = parse_header(_lines(*texts), 1, 3)
    assert (h.list_start, h.list_end) == (1, 3)
    assert h.cc == ["区委办", "区人大办"]
    assert (h.printed_by, h.printed_on) == ("某区人民政府办公室", dt.date(2025, 3, 1))


@pytest.mark.parametrize("tail", [("分享到：",), ("【打印】【关闭窗口】",), ("扫一扫在手机打开当前页", "分享到：")])
def test_page_furniture_after_the_list_is_no_part_of_it(tail):
    texts = ("某区2025年民生实事", "1.新建学校2所。", "责任单位：区教育局") + tail
    h = _header(texts)
    assert h.list_end == 3
    assert set(range(3, len(texts))) <= h.used


REAL_BOUNDS = [  # notices whose cover letter has its own 一、二、三: the list's first line given
    ("02-baoshan-2022", "1.既有多层"),
    ("09-caidian-2023", "一、2023年全区"),
    ("14-qinxian-2025", "一、县示范区管委会"),
]
_HEADER_FIELDS = ("issuer", "doc_number", "title", "plan_title", "year", "signed_on", "recipients",
                  "publication", "cc", "printed_by", "printed_on", "kind")


@pytest.mark.parametrize("name,first", REAL_BOUNDS)
def test_real_notices_header_with_the_list_given(name, first):
    import json

    from policytasks.check import _canon
    from policytasks.normalise import normalise
    from policytasks.pipeline import _lines as pipeline_lines
    from policytasks.readers import read
    from policytasks.script import to_simplified

    from conftest import CORPUS, GOLDEN

    raw = read(CORPUS / "real" / f"{name}.txt")
    lines = pipeline_lines(to_simplified(normalise(raw.text, raw.page_starts).text))
    start = next(i for i, ln in enumerate(lines) if ln.text.startswith(first))
    h = parse_header(lines, start, len(lines))
    want = json.loads((GOLDEN / "real" / f"{name}.json").read_text(encoding="utf-8"))["notice"]
    if name == "14-qinxian-2025":
        want = {**want, "issuer": None}  # the copy glued the signature to the list of attachments
    got = {f: getattr(h, f) for f in _HEADER_FIELDS}
    got["signed_on"] = got["signed_on"] and got["signed_on"].isoformat()
    got["printed_on"] = got["printed_on"] and got["printed_on"].isoformat()
    assert {f: _canon(got[f]) for f in _HEADER_FIELDS} == {f: _canon(want[f]) for f in _HEADER_FIELDS}
