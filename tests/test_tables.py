"""Real notices' shapes (issue 13): tables whatever their columns, rows that span lines, pipe and
glued tables, the list chosen among readings, sections, cut-off copies, bodies as real notices
write them.  Each test is named after the shape it pins down; the notices are written here."""

import datetime as dt

import pytest

import policytasks
from policytasks.recognise.bodies import parse_responsible
from policytasks.layout import plain_layout as unpipe
from policytasks.glued_tables import glued_head
from policytasks.tables import align, body_like, column_kind


def tasks_of(text):
    n = policytasks.parse_text(text)
    return n, [(t.number, t.category, [(x.value, x.unit) for x in t.targets],
                t.deadline.date if t.deadline else None, [(b.name, b.role) for b in t.responsible])
               for t in n.tasks]


@pytest.mark.parametrize("name,kind", [
    ("民生实事", "text"), ("主 要 工 作 任 务", "text"), ("内容与要求", "text"),
    ("当前进度", "progress"), ("进展情况、存在问题及下一步打算", "progress"), ("目标完成情况", "progress"),
    ("建设地点", "aside"), ("备注", "ignore"), ("年度投资金额（万元）", "money"),
    ("完成时间节点", "deadline"), ("建设时间", "deadline"), ("区政府分管领导", "ignore"),
    ("协同单位", "support"), ("实施主体", "lead"), ("承办科室", "lead"), ("督办部门", "aside"), ("随便什么", "text"),
])
def test_a_column_kind_comes_from_the_kind_of_word(name, kind):
    assert column_kind(name) == kind


@pytest.mark.parametrize("text,ok", [
    ("县水务局", True), ("教育局、财政局", True), ("高新园（邹区镇）", True), ("县残联", True),
    ("新建2座人行天桥。", False), ("12月底前", False), ("", False),
])
def test_what_a_bodies_cell_looks_like(text, ok):
    assert body_like(text) is ok


def test_a_flattened_row_with_three_bodies_and_a_second_sub_row_is_aligned_by_what_lines_hold():
    kinds = ["text", "lead", "deadline"]
    assert align(["改造老旧小区。", "县住建局", "县城管局", "县供电公司", "10月底前"], kinds, False) == [0, 1, 1, 1, 2]
    # 开工建设…/县民政局/5月底前 then 开工建设…/12月底前: the row's cells start again
    assert align(["开工建设敬老院。", "县民政局", "5月底前", "开工建设老年食堂。", "12月底前"], kinds, False) == \
        [0, 1, 2, 0, 2]
    # what follows the table in its last row (分享到) is left out, not put in a cell
    assert align(["新建公园1个。", "县林业局", "9月底前", "分享到："], kinds, True)[-1] is None


FLATTENED_UNKNOWN_COLUMNS = """某县人民政府办公室关于2023年民生实事的通知
各乡镇人民政府：
现将有关事项通知如下。
某县人民政府办公室
2023年3月1日
序号
民生实事
责任单位
完成时限
1
改造老旧小区12个。
县住建局
县城管局
10月底前
2
新建2座人行天桥。
县交通局
9月投入使用
3
开工建设敬老院。
县民政局
5月底前
开工建设老年食堂。
12月底前
"""


def test_a_flattened_table_with_a_column_name_nobody_listed_is_a_table():
    n, tasks = tasks_of(FLATTENED_UNKNOWN_COLUMNS)
    assert tasks == [
        (1, None, [(12, "个")], dt.date(2023, 10, 31), [("县住建局", "lead"), ("县城管局", "lead")]),
        (2, None, [(2, "座")], dt.date(2023, 9, 30), [("县交通局", "lead")]),
        (3, None, [], dt.date(2023, 12, 31), [("县民政局", "lead")]),  # several deadlines: the latest
    ]
    assert [(c.name, c.kind) for c in n.columns] == [("序号", "number"), ("民生实事", "text"),
                                                     ("责任单位", "lead"), ("完成时限", "deadline")]


def test_pipe_tables_one_cell_a_line_keep_every_offset():
    text = "序号 |\n项目 |\n||||\n1 |\n新建公园 |\n"
    assert unpipe(text) == "序号  \n项目  \n    \n1  \n新建公园  \n"
    assert len(unpipe(text)) == len(text)


PIPE_ROWS = """2024年民生实事进展情况
序号 | 工作任务 | 责任单位 | 进展情况 |
1 | 新建学校2所 | 教育局 | 已完成主体工程。 |
新增学位900个 | |||
2 | 改造农贸市场3个 | 商务局 | 尚未启动。 |
"""


def test_pipe_rows_and_a_row_continued_under_a_spanning_number():
    n, tasks = tasks_of(PIPE_ROWS)
    assert [(t[0], t[2], t[4]) for t in tasks] == [(1, [(2, "所"), (900, "个")], [("教育局", "lead")]),
                                                  (2, [(3, "个")], [("商务局", "lead")])]
    assert [t.progress.text for t in n.tasks] == ["已完成主体工程。", "尚未启动。"]
    assert n.kind == "progress"


def test_a_glued_header_is_split_into_its_column_names():
    assert glued_head("类别序号重点工作内容牵头单位完成情况") == ["类别", "序号", "重点工作内容", "牵头单位", "完成情况"]
    assert glued_head("2024年重点工作完成情况") is None


GLUED_ROWS = """某区2021年重点工作完成情况
类别序号重点工作内容牵头单位完成情况
发展目标1地区生产总值增长6%左右。区发展改革委全年增长6.2%，完成目标。
发展目标2城镇调查失业率控制在5%以内。区人力社保局全年为4.1%。
"""


def test_rows_glued_without_separators_are_cut_by_what_each_cell_holds():
    n, tasks = tasks_of(GLUED_ROWS)
    assert [(t[0], t[1], t[2], t[4]) for t in tasks] == [
        (1, "发展目标", [(6, "%")], [("区发展改革委", "lead")]),
        (2, "发展目标", [(5, "%")], [("区人力社保局", "lead")]),
    ]
    assert [(c.number, c.title) for c in n.categories] == [(1, "发展目标")]
    assert n.tasks[1].progress.text == "全年为4.1%。"


COVER_LETTER = """某县人民政府办公室关于印发2025年民生实事任务分解的通知
各乡镇人民政府，县直各单位：
现将《2025年民生实事任务分解》印发给你们，请认真抓好落实。
一、提高认识。各单位要把民生实事摆在突出位置，主要负责同志亲自抓。
二、压实责任。牵头单位要制定实施方案，明确时间节点。
三、加强督查。县政府督查室将定期通报进展。
附件：2025年民生实事任务分解
某县人民政府办公室
2025年3月8日
附件
2025年民生实事任务分解
一、教育
1.新建幼儿园2所。
2.改造薄弱学校5所。
二、养老
3.新建养老服务站4个。
4.为200户老年人家庭实施适老化改造。
"""


def test_the_cover_letters_own_paragraphs_are_not_the_task_list():
    n, tasks = tasks_of(COVER_LETTER)
    assert [(t[0], t[1], t[2]) for t in tasks] == [(1, "教育", [(2, "所")]), (2, "教育", [(5, "所")]),
                                                  (3, "养老", [(4, "个")]), (4, "养老", [(200, "户")])]
    assert n.plan_title == "2025年民生实事任务分解" and n.signed_on == dt.date(2025, 3, 8)


def test_one_item_without_its_labels_does_not_send_the_items_up_to_their_heading():
    n, tasks = tasks_of("一、发展目标\n1.地区生产总值增长6%左右。\n牵头单位：区发改局\n"
                        "2.一般公共预算收入增长5%。\n牵头单位：区财政局\n3.居民收入与经济增长同步。\n"
                        "4.固定资产投资增长8%。\n牵头单位：区发改局\n")
    assert [(t[0], t[1]) for t in tasks] == [(1, "发展目标"), (2, "发展目标"), (3, "发展目标"), (4, "发展目标")]


def test_a_heading_between_category_and_item_is_the_section():
    n = policytasks.parse_text("一、主要预期目标\n（一）经济指标。\n1.地区生产总值增长8%。（牵头单位：市发改局）\n"
                               "（二）民生指标。\n2.城镇新增就业5000人。（牵头单位：市人社局）\n")
    assert [(t.number, t.category, t.section) for t in n.tasks] == [(1, "主要预期目标", "经济指标"),
                                                                  (2, "主要预期目标", "民生指标")]
    assert [(c.number, c.title) for c in n.categories] == [(1, "主要预期目标")]
    assert [(s.number, s.title) for s in n.sections] == [(1, "经济指标"), (2, "民生指标")]


def test_the_notices_own_parts_around_the_list_are_not_its_categories():
    n = policytasks.parse_text("一、项目安排\n（一）教育\n1.新建学校1所。（牵头单位：市教育局）\n（二）养老\n"
                               "2.新建养老院1所。（牵头单位：市民政局）\n二、工作要求\n（一）压实责任。各单位要抓好落实。\n")
    assert [(t.number, t.category, t.section) for t in n.tasks] == [(1, "教育", None), (2, "养老", None)]


def test_an_item_number_glued_to_a_value_is_the_next_item():
    n = policytasks.parse_text("1.新增电梯400台。\n2.50个小区新增充电设施。\n3.新增托育点5个。\n")
    assert [(t.number, [(x.value, x.unit) for x in t.targets]) for t in n.tasks] == \
        [(1, [(400, "台")]), (2, [(50, "个")]), (3, [(5, "个")])]


def test_a_copy_that_ends_inside_its_last_item_does_not_make_it_a_task():
    n = policytasks.parse_text("1.新建公园2个。\n牵头单位：区园林局\n2.新建绿道5公里。\n牵头单位：区园林局\n"
                               "3.新增停车位800个。\n牵头单位：区交通局\n4.改造老旧小区，")
    assert [t.number for t in n.tasks] == [1, 2, 3]
    assert any("item 4" in w and "end inside it" in w for w in n.warnings)


@pytest.mark.parametrize("text,names", [
    ("市统计局,各乡、镇人民政府,人民大垸", ["市统计局", "各乡、镇人民政府", "人民大垸"]),
    ("各县、市、区政府", ["各县、市、区政府"]),
    ("区国资委等", ["区国资委"]),
    ("区科技局等区级有关部门", ["区科技局", "区级有关部门"]),
    ("市卫生健康委等部门", ["市卫生健康委"]),
    ("区平等就业服务中心", ["区平等就业服务中心"]),  # 等 inside a name
    ("各街道、区直各部门", ["各街道", "区直各部门"]),
])
def test_bodies_as_real_notices_write_them(text, names):
    assert [b.name for b in parse_responsible(text)] == names


def test_square_brackets_around_labels_leave_nothing_behind():
    n = policytasks.parse_text("1.开展爱国卫生运动。[牵头单位:区卫健局;责任单位:各街办(新区)]\n"
                               "2.新建公厕10座。[牵头单位:区城管局]\n3.新建公园1个。[牵头单位:区园林局]\n")
    assert [b.name for b in n.tasks[0].responsible] == ["区卫健局", "各街办（新区）"]
    assert n.tasks[0].text == "开展爱国卫生运动。"


def test_a_progress_label_goes_to_progress_never_to_targets():
    n = policytasks.parse_text("1.新建学校3所。\n牵头单位：区教育局\n进展情况：已建成2所，完成年度目标的67%。\n"
                               "2.新增学位2000个。\n牵头单位：区教育局\n进展情况：已完成。\n")
    assert [[(x.value, x.unit) for x in t.targets] for t in n.tasks] == [[(3, "所")], [(2000, "个")]]
    assert n.tasks[0].progress.text == "已建成2所，完成年度目标的67%。"
    assert n.kind == "progress"


MONEY_COLUMN = """序号
项目名称
建设内容
年度投资（万元）
责任单位
1
城区道路改造
改造道路3公里。
1200
住建局
2
农贸市场提升
提升农贸市场2个。
300.5
商务局
"""


def test_an_investment_column_in_10k_yuan_is_a_target_in_yuan():
    n, tasks = tasks_of(MONEY_COLUMN)
    assert [t[2] for t in tasks] == [[(3, "公里"), (12000000, "元")], [(2, "个"), (3005000, "元")]]
    assert n.tasks[0].targets[-1].subject == "年度投资"


def test_a_heading_above_the_table_header_is_the_rows_category():
    n, tasks = tasks_of("一、未来五年主要任务\n序号\n主要工作任务\n责任单位\n1\n地区生产总值突破1万亿元。\n市发改委\n"
                        "2\n规上工业产值突破2万亿元。\n市经信局\n")
    assert [(t[0], t[1]) for t in tasks] == [(1, "未来五年主要任务"), (2, "未来五年主要任务")]


def test_a_trailing_group_of_names_with_role_words_is_the_bodies():
    n = policytasks.parse_text("1.新建学校2所。（县教育局牵头，县发改局、县住建局配合）\n2.新建公园1个。（县林业局牵头）\n"
                               "3.新建道路（一期）3公里。\n")
    assert [(t.text, [(b.name, b.role) for b in t.responsible]) for t in n.tasks] == [
        ("新建学校2所。", [("县教育局", "lead"), ("县发改局", "support"), ("县住建局", "support")]),
        ("新建公园1个。", [("县林业局", "lead")]),
        ("新建道路（一期）3公里。", []),  # a bracket without role words is the task's own
    ]


def test_a_whole_list_on_one_line_is_split_where_its_numbers_count_up():
    n = policytasks.parse_text("重点任务：1.轨道交通建设提速。牵头领导:张三 责任单位:市交通局 2.新增停车位1000个。"
                               "牵头领导:李四 责任单位:市城管局 3.新建公园2个。责任单位:市园林局")
    assert [(t.number, t.text, [b.name for b in t.responsible]) for t in n.tasks] == [
        (1, "轨道交通建设提速。", ["市交通局"]), (2, "新增停车位1000个。", ["市城管局"]), (3, "新建公园2个。", ["市园林局"])]
    # figures are no item numbers: 增长1.5%、2.3%
    assert len(policytasks.parse_text("收入增长1.5%，支出增长2.3%，投资增长3.1%，消费增长4.2%。").tasks) == 0


def test_a_list_grouped_by_lead_body_gives_the_items_their_lead():
    n = policytasks.parse_text("一、县教育局牵头工作（2项）\n1.新建幼儿园2所。\n2.新增学位800个。\n"
                               "二、县民政局牵头工作（1项）\n3.新建养老院1所。\n4.新建日间照料中心3个。（县卫健局牵头）\n")
    assert [[(b.name, b.role) for b in t.responsible] for t in n.tasks] == [
        [("县教育局", "lead")], [("县教育局", "lead")], [("县民政局", "lead")], [("县卫健局", "lead")]]


def test_an_attachment_named_on_its_line_is_not_joined_to_the_signature():
    n = policytasks.parse_text("某县人民政府关于印发2024年十件实事的通知\n各镇人民政府：\n现将实事清单印发给你们。\n"
                               "附件：某县2024年十件实事清单\n某县人民政府\n2024年4月2日\n附件\n某县2024年十件实事清单\n"
                               "1.新建公园2个。\n2.新建学校1所。\n")
    assert n.issuer == "某县人民政府" and n.signed_on == dt.date(2024, 4, 2)


GLUED_STREAM = """2022年重点民生项目责任分解表序号项目名称主要内容分管领导牵头单位配合单位1学校建设新建小学2所、幼儿园3所。王建国教育局各
2、街道区财政局2道路改造改造道路12公里。李红交通局城管局3公园建设新建公园"""


def test_a_word_files_cells_and_rows_glued_into_one_stream():
    n = policytasks.parse_text(GLUED_STREAM)
    assert [(t.number, [(x.value, x.unit) for x in t.targets], [(b.name, b.role) for b in t.responsible])
            for t in n.tasks] == [
        (1, [(2, "所"), (3, "所")], [("教育局", "lead"), ("各街道", "support"), ("区财政局", "support")]),
        (2, [(12, "公里")], [("交通局", "lead"), ("城管局", "support")]),
    ]  # the copy ends inside item 3: warned, not a task
    assert any("item 3" in w for w in n.warnings)


def test_a_report_grouped_by_lead_body_gives_each_item_its_lead():
    n = policytasks.parse_text("一、区教育局\n1.新建学校2所。\n二、区民政局\n2.新建养老院1所。\n3.新增床位200张。\n")
    assert [[b.name for b in t.responsible] for t in n.tasks] == [["区教育局"], ["区民政局"], ["区民政局"]]


def test_a_short_progress_cell_with_a_status_word_is_progress_not_the_tasks_text():
    n = policytasks.parse_text("序号\n项目名称\n进展情况\n牵头单位\n1\n新建急救站3个\n已全部完成。\n区卫健局\n"
                               "2\n建成投用卫生院8家\n完成80%。\n区卫健局\n")
    assert [(t.text, t.progress.text) for t in n.tasks] == [("新建急救站3个", "已全部完成。"),
                                                           ("建成投用卫生院8家", "完成80%。")]


def test_a_markdown_pipe_table_with_its_rule_row():
    n = policytasks.parse_text("| 序号 | 工作目标 | 责任单位 | 督办单位 |\n|---|---|---|---|\n"
                               "| 1 | 新建公园3个 | 县林业局 | 县政府督查室 |\n| 2 | 新增车位500个 | 县城管局 | 县政府督查室 |\n")
    assert [(t.number, [(x.value, x.unit) for x in t.targets], [b.name for b in t.responsible]) for t in n.tasks] == \
        [(1, [(3, "个")], ["县林业局"]), (2, [(500, "个")], ["县城管局"])]


def test_a_word_table_whose_cells_run_over_lines():
    text = ("类别\t序号\t目标任务\t牵头单位\t配合单位\t完成时限\n"
            "教育\t1\t(1)新建幼儿园4所；\n(2)新增学位1200个。\t区教育局\t区住建局\n区财政局\t2024年8月底前\n"
            "\t2\t改造操场6个。\t区教育局\t区体育局\t2024年9月\n")
    n = policytasks.parse_text(text)
    assert [(t.number, t.category, [(x.value, x.unit) for x in t.targets], t.deadline.date,
             [(b.name, b.role) for b in t.responsible]) for t in n.tasks] == [
        (1, "教育", [(4, "所"), (1200, "个")], dt.date(2024, 8, 31),
         [("区教育局", "lead"), ("区住建局", "support"), ("区财政局", "support")]),
        (2, "教育", [(6, "个")], dt.date(2024, 9, 30), [("区教育局", "lead"), ("区体育局", "support")])]


def test_a_run_of_yishi_going_on_in_the_next_paragraph_and_a_quote_after_it():
    n = policytasks.parse_text("今年的实事分别是：一是新建学校2所；二是新建公园3个；\n三是新增车位800个。\n"
                               "县长表示，要做到：一是确保资金到位，二是确保质量安全。\n")
    assert [(t.number, [(x.value, x.unit) for x in t.targets]) for t in n.tasks] == \
        [(1, [(2, "所")]), (2, [(3, "个")]), (3, [(800, "个")])]


def test_the_notices_own_rule_that_the_first_listed_unit_leads():
    n = policytasks.parse_text("各单位：\n各项目责任单位中，排在第一位的为牵头单位，其他为配合单位。\n"
                               "序号\n项目\n责任单位\n1\n新建公园2个。\n县林业局、县住建局\n2\n新建学校1所。\n县教育局\n")
    assert [[(b.name, b.role) for b in t.responsible] for t in n.tasks] == [
        [("县林业局", "lead"), ("县住建局", "support")], [("县教育局", "lead")]]


def test_a_heading_naming_the_period_is_the_deadline_of_items_that_give_none():
    n = policytasks.parse_text("2021年实事推进计划\n一、一季度完成事项\n1.新建公园2个。\n责任单位：县林业局\n"
                               "完成节点：2月15日前\n2.新建学校1所。\n责任单位：县教育局\n二、年内完成事项\n"
                               "3.新增车位500个。\n责任单位：县城管局\n")
    assert [t.deadline.date for t in n.tasks] == [dt.date(2021, 2, 15), dt.date(2021, 3, 31), dt.date(2021, 12, 31)]


@pytest.mark.parametrize("line,kind", [
    ("完成节点：3月底前", "deadline"), ("督办单位：县政府督查室", "ignore"), ("实施科室：社会事务科", "lead"),
    ("协同部门：县财政局", "support"),
])
def test_a_label_nobody_listed_is_read_by_the_kind_of_word_it_is(line, kind):
    from policytasks.markers import label_kind, label_pattern

    m = label_pattern().match(line)
    assert m and label_kind(m.group("label")) == kind
    # a long phrase before the word is running text, not a label
    assert label_pattern().match("一般登记办理时限：由5个工作日") is None


SPACED = """附件
某市2020年民生工程计划表
                          年度投资
序号  项目名称      数量   单位   （万元）  建设期限    责任单位
 1    道路改造      12     公里   300       2020        市住建局、
                                                        各区政府
 2    公园建设      3      个     150.5     2019—2020   市园林局
      （二期）
      合计                        450.5
"""


def test_a_table_laid_out_with_spaces_as_pdftotext_writes_it():
    from policytasks.layout import unspace

    assert len(unspace(SPACED)) == len(SPACED)  # every character keeps its place
    n = policytasks.parse_text(SPACED)
    assert [(t.number, [(x.value, x.unit) for x in t.targets], t.deadline.date, [b.name for b in t.responsible])
            for t in n.tasks] == [
        (1, [(12, "公里"), (3000000, "元")], dt.date(2020, 12, 31), ["市住建局", "各区政府"]),
        (2, [(3, "个"), (1505000, "元")], dt.date(2020, 12, 31), ["市园林局"]),  # a range: its last year
    ]
    assert n.title == "某市2020年民生工程计划表"  # a bare list: its heading is the title
    # a cell wrapped onto a line of its own loses its column in normalising: warned, not lost
    assert any("（二期）" in w for w in n.warnings)


@pytest.mark.parametrize("text,unit", [("安装高音喇叭752只", "只"), ("服务企业300家次", "家次")])
def test_units_real_notices_use(text, unit):
    assert [t.unit for t in policytasks.find_targets(text)] == [unit]


def test_a_section_heading_with_no_items_is_warned_with_its_whole_line():
    n = policytasks.parse_text("一、项目\n（一）教育\n1.新建学校1所。（牵头单位：市教育局）\n"
                               "（二）加强组织领导。各单位要落实责任。\n")
    assert [s.title for s in n.sections] == ["教育"]
    assert any("（二）加强组织领导" in w for w in n.warnings)


def test_a_reports_item_in_one_paragraph_gives_its_progress_from_the_sentence_that_says_how_it_stands():
    n = policytasks.parse_text("某县2024年民生实事完成情况的报告\n（一）农村公路提升工程。全年新改建农村公路62公里，"
                               "全面完成年度任务。\n（二）候车亭建设。项目主要内容是新建候车亭30个。\n正在施工。\n")
    assert n.kind == "progress"
    assert [(t.text, [x.value for x in t.targets], t.progress.status) for t in n.tasks] == [
        ("农村公路提升工程。", [], "done"), ("候车亭建设。项目主要内容是新建候车亭30个。", [30], "in_progress")]


def test_a_reports_item_whose_second_sentence_is_its_plan_keeps_its_targets():
    n = policytasks.parse_text("某镇2020年民生实事项目实施情况的报告\n1.生态治理项目。项目主要内容是启动废弃物治理，"
                               "实施林相改造1000亩。\n林相改造已完成。\n2.道路项目。新建道路2公里。\n正在施工。\n")
    assert [([x.value for x in t.targets], t.progress.status) for t in n.tasks] == [([1000], "done"),
                                                                                    ([2], "in_progress")]
