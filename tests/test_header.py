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
    assert (n.issuer, n.doc_number, n.title, n.signed_on, n.recipients, n.cc) == (None, None, None, None, [], [])
    assert n.plan_title == "某区2025年民生实事"
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
