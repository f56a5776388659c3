"""Progress in reports: status, percent and figures reached, read from one task's progress text.

The table's cases are progress cells of the real reports in corpus/real/, copied from the notice
(each is checked to be in it) with the answers taken from the hand-written golden files."""

import json

import pytest
from hypothesis import given, strategies as st

from policytasks.recognise.progress import read_percent, read_progress

from conftest import CORPUS, GOLDEN

# (notice, task number, the task's progress text as printed there)
REAL = [
    ("11-shaoxing-2020", 1, "从1-2月主要经济指标完成情况看,金融机构存贷款余额、保费收入、规上其他营利性服务业营收、"
     "规上非营利性服务业中营利活动营收等错月指标实现正增长,其他指标增速虽有不同程度回落,但在全省排名靠前,"
     "如规上工业增加值全省第2,建安投资全省第1,限上零售、住宿、餐饮分别为全省第1、第3和第2,商品房销售面积全省第1。"),
    ("11-shaoxing-2020", 2, "1-2月,全市固定资产投资同比下降12.7%,高于全省平均水平1.7个百分点,居全省第6位,比去年同期提升5位。"
     "4个结构性指标中,生态环保、城市更新和水利设施投资增长12.5%,为全省唯一个该指标实现10%以上增长的地市;"
     "民间项目投资同比下降26.8%、交通投资同比下降4.8%、高新技术产业投资同比下降2.0%。市县长项目目前已安排36个项目,总投资882.1亿元。"),
    ("11-shaoxing-2020", 3, "启动培育发展新兴产业研究报告招投标相关前期工作;1-2月,战略性新兴产业增加值占规上工业增加值比重为46.3%;"),
    ("12-xicheng-2020", 1, "西城区地区生产总值增速由年初设定的6%左右调整为正增长(此调整方案已于2020年12月22日经区第十六届人大常委会"
     "第42次会议审议通过)。2020年度地区生产总值初步核算数50610595万元,增幅-1.1%。"),
    ("12-xicheng-2020", 2, "西城区一般公共预算收入由年初预算439.55亿元调整为413.8亿元左右,增长由年初的2%调整为-4%左右(此调整方案已于"
     "2020年12月22日经区第十六届人大常委会第42次会议审议通过)。截至12月31日,全年一般公共预算收入完成413.84亿元,完成调整后方案目标。"),
    ("12-xicheng-2020", 3, "2020年度地区生产总值初步核算数50610595万元,增幅-1.1%;西城区居民人均可支配收入90286元,同比增长2.3%。"),
    ("12-xicheng-2020", 4, "根据市人力社保局2020年9月16日下发的《关于调整城镇登记失业统计制度有关问题的通知》要求,扩展登记失业人员的统计范围,"
     "除进行失业登记的本市城镇劳动力外,还包括常住我区的外省市登记失业人员、离校未就业高校毕业生、在我市领取失业补助金的失业人员、"
     "在我市领取一次性生活补助的失业农民工。通过对城镇登记失业人员实施精细化公共就业服务,加强职业技能培训、职业指导、岗位推荐,"
     "截至2020年12月31日,按"),
    ("15-cangnan-2022", 1, "80%(新区实验幼儿园进度滞后)"),
    ("15-cangnan-2022", 2, "95%"),
    ("15-cangnan-2022", 3, "90%"),
    ("15-cangnan-2022", 4, "98%"),
    ("15-cangnan-2022", 5, "88%(灵溪镇园区六路、金乡镇四好农村路推进缓慢)"),
    ("15-cangnan-2022", 6, "57%(赤溪、灵溪偏慢)"),
    ("15-cangnan-2022", 7, "50%(马站未开工"),
    ("15-cangnan-2022", 8, "22%(严重滞后)"),
    ("15-cangnan-2022", 9, "95%"),
    ("15-cangnan-2022", 10, "95%"),
    ("15-cangnan-2022", 11, "70%"),
    ("15-cangnan-2022", 12, "98%"),
    ("15-cangnan-2022", 13, "98.4%"),
    # the two progress columns of the row: 进展情况… and 目标完成情况
    ("16-keqiao-2023", 1, "进展情况:轻纺城第二小学(柯东小学)新建工程室内装修及安装工程完成80%,场外工程完成70%。 "
     "下步打算:场外工程增加施工人员,在确保施工质量和安全的前提下,加快场外工程进度。 | 顺利推进"),
    ("16-keqiao-2023", 2, "进展情况:3月10日,柯桥中学管理教学团队赴江山中学,就学校管理机制、课程规划、教师考核、尖子生培养等问题"
     "进行了深入地交流探讨,并结合新教材、新高考,9个学科组教师认真开展交流探讨,研究新高考,研究新教材,共同为教学提升赋能,"
     "此行柯桥中学特级教师吴建锋老师受聘江山中学副校长。 3月23日,平阳县鳌江中学骨干教师赴鲁迅中学,以“聚焦新课程,实践新课标”"
     "为主题,参观校园并听取鲁中校长主讲的“尖优生培养”策略报告,高三备课组长座谈交流,一同聆听西湖大学校长施一公的科技讲座,"
     "两校教师就高三学生课时安排、高三复习策略、教学过程中存在的重难点问题等进行深度交流,鲁迅中学副校长陶成永受聘为鳌江中学副校长。"
     " 下步打算:双方继续按既定方案开展研讨交流,促进共同提高。 | 顺利推进"),
    ("21-tianmushan-2020", 1, "藻溪小学改扩建项目通过竣工验收,已在新学年投入使用;藻溪小学校区撤并工作顺利推进,已在新学年实施合并教学;"
     "青春路改建工程立项后已完成路基工程,预计一月中旬全线完成。"),
    ("21-tianmushan-2020", 2, "目前,全镇生活垃圾实现分类运输与处置,各类硬件设施基本到位,垃圾分类准确率稳步提升。垃圾中转站项目克服前期规划"
     "设计调整等因素影响,目前主体工程已基本完成,进入后续装修以及中转站服务设备采购流程。"),
    ("21-tianmushan-2020", 3, "垃圾渗滤液项目现已完成主体工程,进入试运行阶段;九狮酿酒废水处理已完成终端主体建设,前端加工户废水收集设施在改造中;"
     "“天目重秀”林相改造工程新增人工造林1000亩,新植彩色和珍贵树"),
]


def _golden_progress(doc: str, number: int) -> dict:
    golden = json.loads((GOLDEN / "real" / f"{doc}.json").read_text(encoding="utf-8"))
    return next(t for t in golden["tasks"] if t["number"] == number)["progress"]


@pytest.mark.parametrize("doc,number,text", REAL, ids=[f"{d}#{n}" for d, n, _ in REAL])
def test_real_progress_cells_read_as_the_golden_says(doc, number, text):
    notice = (CORPUS / "real" / f"{doc}.txt").read_text(encoding="utf-8")
    assert text.split(" | ")[0] in notice  # the case is the notice's own words
    want = _golden_progress(doc, number)
    got = read_progress(text)
    assert (got.status, got.percent) == (want["status"], want["percent"])


def test_every_golden_progress_of_the_real_reports_is_a_case():
    cases = {(d, n) for d, n, _ in REAL}
    for doc in {d for d, _, _ in REAL}:
        golden = json.loads((GOLDEN / "real" / f"{doc}.json").read_text(encoding="utf-8"))
        assert {(doc, t["number"]) for t in golden["tasks"] if t.get("progress")} <= cases


@pytest.mark.parametrize("text,status,percent", [
    ("已完成", "done", None),
    ("超额完成年度任务。", "done", None),
    ("全面完成，共改造老旧小区6个。", "done", None),
    ("正在推进", "in_progress", None),
    ("已完成年度目标的55%", "in_progress", 55),
    ("基本完成，剩余扫尾工作。", "in_progress", None),
    ("尚未启动", "not_started", None),
    ("正在开展前期工作", "not_started", None),
    ("完成率85%", "in_progress", 85),
    ("总体进度达到100%", "done", 100),
    ("已完成主体工程，预计9月底投入使用。", "in_progress", None),   # a stage, and a promise
    ("预计年底前全面完成。", None, None),                         # promised, not reported
    ("尚未完成年度目标。", "in_progress", None),                  # denied: open
    ("已完成前期选址，尚未开工。", "in_progress", None),
    ("场外工程完成70%。", "in_progress", None),                    # a part's percent: not the task's
    ("今年以来召开专题会议3次。", None, None),                       # says nothing of how it stands
    ("0%", "not_started", 0),
    ("目前已完成80%，预计10月底完工。", "in_progress", 80),     # the whole task's percent
    ("工程完成90%。", "in_progress", 90),
    ("道路工程已完成；绿化工程完成60%。", "in_progress", None),   # a part's percent
    ("待启动", "not_started", None),
    ("道路已于10月通车。", "done", None),
    ("未完成，因征地问题延至明年。", "in_progress", None),
    ("50%的村已开工。", "in_progress", None),                # a share of villages, not a percent
    ("达到序时进度", "in_progress", None),
])
def test_status_and_percent_words(text, status, percent):
    got = read_progress(text)
    assert (got.status, got.percent) == (status, percent)


def test_a_percent_of_an_indicator_is_not_the_tasks_percent():
    # 增长2.3%, 失业率1.5%: figures of the economy, not of the task's progress
    assert read_percent("居民人均可支配收入90286元,同比增长2.3%。") == (None, None)
    assert read_percent("城镇登记失业率1.5%。")[0] is None


def test_achieved_figures_are_kept_as_figures():
    p = read_progress("已审核加装电梯12部，完成年度目标的40%。", offset=100)
    assert [(f.value, f.unit, f.subject) for f in p.figures] == [(12, "部", "电梯")]
    assert p.percent == 40 and p.status == "in_progress"
    f = p.figures[0]
    assert p.span == (100, 100 + len(p.text)) and p.text[f.span[0] - 100:f.span[1] - 100] == f.text


@pytest.mark.parametrize("text,want", [
    ("8个口袋公园已全部完成，城市绿道已建成7公里。", [(8, "个", "口袋公园"), (7, "公里", "城市绿道")]),
    ("新增泊位1520个，建成充电桩260个。", [(1520, "个", "泊位"), (260, "个", "充电桩")]),
    ("另有村卫生室12个已投入使用。", [(12, "个", "村卫生室")]),
])
def test_figures_name_the_thing_counted_without_the_reports_verbs(text, want):
    assert [(f.value, f.unit, f.subject) for f in read_progress(text).figures] == want


@pytest.mark.parametrize("text,year,want", [
    ("2022年度市县民生实事未完成项目进度表(截至10月31日)", 2022, "2022-10-31"),
    ("青溪区2023年民生实事项目完成情况表（截至2023年12月31日）", None, "2023-12-31"),
    ("截止2024年6月30日，各项目进展如下", 2023, "2024-06-30"),
    ("截至6月30日", None, None),           # no year to put it in
    ("截至2月30日", 2024, None),           # no such day
    ("上半年进展情况", 2024, None),
])
def test_a_reports_as_of_date_from_its_jiezhi_words(text, year, want):
    from policytasks.recognise.progress import read_as_of

    got = read_as_of(text, year)
    assert (got.isoformat() if got else None) == want


def test_as_of_is_the_date_given():
    import datetime as dt

    assert read_progress("已完成", as_of=dt.date(2024, 6, 30)).as_of == dt.date(2024, 6, 30)


@given(st.text(alphabet="已完成正在推进尚未启动基本年度目标的%0123456789，。预计全面超额前期工作", max_size=40))
def test_any_text_reads_without_error_and_percent_decides(text):
    p = read_progress(text)
    assert p.status in (None, "done", "in_progress", "not_started")
    if p.percent is not None:
        assert p.status == ("done" if p.percent >= 100 else "not_started" if p.percent == 0 else "in_progress")
    assert p.text == text
