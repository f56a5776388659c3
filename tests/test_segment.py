"""Layouts: how items, categories, sub-items, labels and tables are found."""

import datetime as dt

import policytasks

HEAD = "某区2024年民生实事项目\n"


def _tasks(body: str):
    n = policytasks.parse_text(HEAD + body)
    return n, [(t.number, t.category, [x.value for x in t.targets],
                t.deadline.date if t.deadline else None, [(b.name, b.role) for b in t.responsible]) for t in n.tasks]


def test_categories_and_dot_items_with_label_lines():
    n, tasks = _tasks("一、住房\n1. 新建住房10套。\n完成时限：2024年12月底前\n牵头单位：区住建委\n配合单位：各街道\n"
                      "二、教育\n2. 新增学位300个。\n完成时限：2024年9月\n责任单位：区教委")
    assert [(c.number, c.title) for c in n.categories] == [(1, "住房"), (2, "教育")]
    assert tasks == [
        (1, "住房", [10], dt.date(2024, 12, 31), [("区住建委", "lead"), ("各街道", "support")]),
        (2, "教育", [300], dt.date(2024, 9, 30), [("区教委", "lead")]),
    ]


def test_paren_items_with_inline_labels():
    n, tasks = _tasks("一、教育\n（一）新建学校12所。（牵头单位：市教育局；配合单位：市财政局；完成时限：2024年9月）\n"
                      "（二）新增学位3000个。\n（牵头单位：市教育局；完成时限：2024年12月底前）")
    assert tasks == [
        (1, "教育", [12], dt.date(2024, 9, 30), [("市教育局", "lead"), ("市财政局", "support")]),
        (2, "教育", [3000], dt.date(2024, 12, 31), [("市教育局", "lead")]),
    ]
    assert n.tasks[0].text == "新建学校12所。"


def test_sub_items_belong_to_their_item():
    n, tasks = _tasks("（一）供水工程\n(1)新建供水工程18处；\n(2)普及率达到88%。\n责任单位：县水利局\n完成时限：2024年10月底前\n"
                      "（二）道路工程\n①新建道路8公里；\n②改造危桥6座。\n责任单位：县交通局\n完成时限：2024年11月底前")
    assert [t[:3] for t in tasks] == [(1, None, [18, 88]), (2, None, [8, 6])]
    assert n.categories == []


def test_paren_categories_with_numbered_items():
    n, tasks = _tasks("（一）社区环境\n1. 改造小区3个。\n责任部门：城管办\n完成时限：第三季度\n"
                      "（二）为老服务\n2. 建成养老中心1家。\n责任部门：民生办\n完成时限：上半年")
    assert [(c.number, c.title) for c in n.categories] == [(1, "社区环境"), (2, "为老服务")]
    assert [t[1] for t in tasks] == ["社区环境", "为老服务"]


def test_yishi_and_di_xiang_items():
    _, a = _tasks("一是新建公园2个（责任单位：区园林局；完成时限：年底前）；\n二是新增车位100个（责任单位：区交通委；完成时限：年底前）。")
    assert [(t[0], t[2]) for t in a] == [(1, [2]), (2, [100])]
    _, b = _tasks("第1项 新建公园2个。\n责任单位：区园林局\n完成时限：年底前\n第2项 新增车位100个。\n责任单位：区交通委\n完成时限：年底前")
    assert [(t[0], t[2]) for t in b] == [(1, [2]), (2, [100])]


def test_flattened_web_table():
    body = ("序号\n项目名称\n目标任务\n责任单位\n完成时限\n"
            "一、教育\n1\n学校建设\n新建学校2所\n区教育局\n2024年9月\n"
            "2\n托育服务\n新增托位300个\n牵头单位：区卫健委；配合单位：各街道\n2024年12月底前\n")
    n, tasks = _tasks(body)
    assert tasks == [
        (1, "教育", [2], dt.date(2024, 9, 30), [("区教育局", "lead")]),
        (2, "教育", [300], dt.date(2024, 12, 31), [("区卫健委", "lead"), ("各街道", "support")]),
    ]


def test_tab_table_rows_with_a_repeated_header():
    head = "序号\t项目\t完成时限\t责任单位"
    body = (f"{head}\n一、教育\n1\t新建学校2所\t2024年9月\t区教育局\n{head}\n"
            "2\t新增托位300个\t2024年12月底前\t区卫健委、各街道\n")
    _, tasks = _tasks(body)
    assert tasks == [
        (1, "教育", [2], dt.date(2024, 9, 30), [("区教育局", "lead")]),
        (2, "教育", [300], dt.date(2024, 12, 31), [("区卫健委", "lead"), ("各街道", "lead")]),
    ]


def test_problems_are_warnings_naming_the_item():
    n = policytasks.parse_text(HEAD + "1. 新建公园2个。\n责任单位：区园林局\n1. 新增车位100个。\n完成时限：尽快\n"
                                      "4. 新增学位30个。\n完成时限：年底前\n责任单位：区教委")
    w = "\n".join(n.warnings)
    assert "item 1: no deadline" in w
    assert "item 1: number used 2 times" in w
    assert "item 1: deadline “尽快” could not be read" in w
    assert "item 1: no responsible body" in w
    assert "skips 2, 3" in w
    assert len({t.id for t in n.tasks}) == 3


def test_ids_are_stable_and_unique(xicheng):
    again = policytasks.parse_text((__import__("tests.conftest", fromlist=["CORPUS"]).CORPUS / "xicheng-2024.txt")
                                   .read_text(encoding="utf-8"))
    assert [t.id for t in again.tasks] == [t.id for t in xicheng.tasks]
    assert len({t.id for t in xicheng.tasks}) == 25
    assert xicheng.tasks[0].id == "西政办发〔2024〕3号#1"


def test_spans_point_into_the_normalised_text(xicheng):
    for t in xicheng.tasks:
        for x in t.targets:
            assert xicheng.text[x.span[0]:x.span[1]] == x.text
        for b in t.responsible:
            assert xicheng.text[b.span[0]:b.span[1]] == b.name
        assert xicheng.text[t.deadline.span[0]:t.deadline.span[1]] == t.deadline.text


def test_bracket_labels_dash_labels_and_labels_on_one_line():
    _, tasks = _tasks("1. 新建学校2所。\n【牵头单位】市教育局 【完成时限】2025年8月底前\n"
                      "2. 新增床位300张。——牵头单位：市卫健委；完成时限：2024年底前\n"
                      "3. 新建公园5个。\n责任单位：市园林局  完成时间：2024年10月")
    assert tasks == [
        (1, None, [2], dt.date(2025, 8, 31), [("市教育局", "lead")]),
        (2, None, [300], dt.date(2024, 12, 31), [("市卫健委", "lead")]),
        (3, None, [5], dt.date(2024, 10, 31), [("市园林局", "lead")]),
    ]


def test_items_run_together_as_yishi_in_one_paragraph():
    n = policytasks.parse_text("江屿县2025年政府工作报告（摘要）\n——2025年1月8日在县人民代表大会上\n各位代表：\n"
                               "今年办好十件实事：一是新增学位1620个；二是新增床位300张；三是新建公园3个。以上项目票决后实施。")
    assert [(t.number, [x.value for x in t.targets]) for t in n.tasks] == [(1, [1620]), (2, [300]), (3, [3])]
    assert n.title == "江屿县2025年政府工作报告（摘要）" and n.signed_on == dt.date(2025, 1, 8)
    assert n.recipients == []
    assert any("以上项目票决后实施" in w for w in n.warnings)


def test_sub_items_with_their_own_deadlines():
    _, tasks = _tasks("1. 老旧小区微更新\n（1）屋面防水改造2个。（完成时限：2024年5月底前）\n"
                      "（2）加装电梯4部。（完成时限：2024年10月底前）\n责任科室：城市管理科\n配合单位：各社区\n"
                      "2. 养老服务\n（1）建成养老中心1家。（完成时限：2024年6月30日前）\n（2）助餐服务不少于5万人次。（完成时限：持续开展）\n"
                      "责任科室：社会事务科")
    assert tasks == [
        (1, None, [2, 4], dt.date(2024, 10, 31), [("城市管理科", "lead"), ("各社区", "support")]),
        (2, None, [1, 50000], None, [("社会事务科", "lead")]),
    ]


def test_paren_items_under_categories_own_their_labels():
    n, tasks = _tasks("一、住有所居\n（1）整治小区18个。\n——牵头单位：区住建委；完成时限：2024年12月底前\n"
                      "（2）筹集住房2000套。\n——牵头单位：区住建委；完成时限：2024年11月底前\n二、老有所养\n"
                      "（3）新建驿站12家。\n——牵头单位：区民政局；完成时限：2024年9月底前")
    assert [(c.number, c.title) for c in n.categories] == [(1, "住有所居"), (2, "老有所养")]
    assert [(t[0], t[1], t[2]) for t in tasks] == [(1, "住有所居", [18]), (2, "住有所居", [2000]), (3, "老有所养", [12])]


def test_a_deadline_in_the_text_when_there_is_no_label():
    n = policytasks.parse_text(HEAD + "一、学前教育。新建幼儿园3所，9月底前完工。\n二、老年助餐。新建食堂20家，年底前建成投用。\n"
                                      "三、体检。免费体检4.5万人。\n会议要求，区政府要确保按期完成。")
    assert [t.deadline.date if t.deadline else None for t in n.tasks] == [dt.date(2024, 9, 30), dt.date(2024, 12, 31), None]
    assert any("会议要求" in w for w in n.warnings) and "会议要求" not in n.tasks[-1].text


def test_yishi_inside_a_numbered_item_stays_in_it():
    # a regression: 一是/二是 inside item 1 became items 1 and 2, and the real item 2 was lost
    _, tasks = _tasks("1.加强养老服务，一是新建养老床位200张；二是建设助餐点20个。\n责任单位：区民政局\n完成时限：2024年12月\n"
                      "2.新建公园3个。\n责任单位：区园林局\n完成时限：2024年10月")
    assert tasks == [(1, None, [200, 20], dt.date(2024, 12, 31), [("区民政局", "lead")]),
                     (2, None, [3], dt.date(2024, 10, 31), [("区园林局", "lead")])]


def test_a_label_word_inside_running_text_is_not_a_label():
    # a regression: 办理时限：… cut the task at 时限：
    _, tasks = _tasks("1.优化登记服务，一般登记办理时限：由5个工作日压缩至1个工作日以内。\n责任单位：区登记中心\n完成时限：2024年6月")
    assert tasks == [(1, None, [1], dt.date(2024, 6, 30), [("区登记中心", "lead")])]


def test_table_with_a_spaced_header_and_chinese_row_numbers():
    # regressions: 序  号 (spaced, as Word prints it) and 序号 cells （一）/二 lost every task
    _, tasks = _tasks("序  号\t项目\t完成时限\t责任单位\n（一）\t新建学校2所\t2025年9月\t区教育局\n"
                      "二\t新建公园3个\t年底前\t区园林局\n")
    assert tasks == [(1, None, [2], dt.date(2025, 9, 30), [("区教育局", "lead")]),
                     (2, None, [3], dt.date(2024, 12, 31), [("区园林局", "lead")])]


def test_label_value_on_the_next_line_and_a_person_line():
    # regressions: 完成时限： / 2025年6月底前 lost the value; 牵头区领导 stayed in the task text
    n, tasks = _tasks("1. 新建公园2个。\n完成时限：\n2025年6月底前\n责任单位：\n区交通局、区城管委\n"
                      "2. 新建学校1所。\n牵头区领导：副区长 张三\n责任单位：区教委\n完成时限：年底前")
    assert tasks == [(1, None, [2], dt.date(2025, 6, 30), [("区交通局", "lead"), ("区城管委", "lead")]),
                     (2, None, [1], dt.date(2024, 12, 31), [("区教委", "lead")])]
    assert n.tasks[1].text == "新建学校1所。" and n.warnings == []


def test_table_columns_by_their_longest_name():
    from policytasks.tables import column_kind as _column_kind

    assert [_column_kind(x) for x in ["责任单位及责任人", "实施单位", "协办部门", "类别", "牵头领导", "序  号"]] == \
        ["lead", "lead", "support", "category", "ignore", "number"]


def test_labels_on_a_category_heading_go_to_its_items():
    # a regression: 一、教育（牵头单位：区教委） made the categories the items
    n, tasks = _tasks("一、教育（牵头单位：区教委）\n1.新建小学2所。\n完成时限：2024年8月\n2.新增学位3000个。\n完成时限：2024年9月\n"
                      "二、养老（牵头单位：区民政局）\n3.新建驿站5个。\n完成时限：年底前")
    assert [(c.number, c.title) for c in n.categories] == [(1, "教育"), (2, "养老")]
    assert [(t[0], t[1], t[4]) for t in tasks] == [(1, "教育", [("区教委", "lead")]), (2, "教育", [("区教委", "lead")]),
                                                   (3, "养老", [("区民政局", "lead")])]
