"""parse_responsible: labels, roles, separators, aliases."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytasks import parse_responsible

CASES = [
    ("主要责任单位：区住房城市建设委", [("区住房城市建设委", "lead")]),
    ("主要责任单位：德源集团、宣房集团", [("德源集团", "lead"), ("宣房集团", "lead")]),
    ("责任单位：县水利局、县城投公司", [("县水利局", "lead"), ("县城投公司", "lead")]),
    ("牵头单位：区教育局", [("区教育局", "lead")]),
    ("责任部门：城市管理办公室", [("城市管理办公室", "lead")]),
    ("配合单位：区发展改革局、区自然资源局", [("区发展改革局", "support"), ("区自然资源局", "support")]),
    ("协办单位：区房屋征收中心、各街道办事处", [("区房屋征收中心", "support"), ("各街道办事处", "support")]),
    ("参与单位：区残联", [("区残联", "support")]),
    ("配合部门：枫林东里社区、翠湖城投集团", [("枫林东里社区", "support"), ("翠湖城投集团", "support")]),
    ("（牵头单位：市卫生健康委，配合单位：市医保局）", [("市卫生健康委", "lead"), ("市医保局", "support")]),
    ("牵头单位：市教育局；配合单位：市发展改革委、各县（市、区）人民政府；完成时限：2021年9月",
     [("市教育局", "lead"), ("市发展改革委", "support"), ("各县（市、区）人民政府", "support")]),
    ("主要责任单位：区文化和旅游局", [("区文化和旅游局", "lead")]),
    ("责任单位：区城市管理局/区交通运输局", [("区城市管理局", "lead"), ("区交通运输局", "lead")]),
    ("责任单位：区体育局  区园林绿化局", [("区体育局", "lead"), ("区园林绿化局", "lead")]),
    ("责任单位：区体育局　区园林绿化局", [("区体育局", "lead"), ("区园林绿化局", "lead")]),
    ("牵头领导：副区长王某；责任单位：区人社局", [("区人社局", "lead")]),
    ("牵头单位:区民政局;配合单位:各街道", [("区民政局", "lead"), ("各街道", "support")]),
    ("區民政局、區衛生健康委", [("區民政局", "lead"), ("區衛生健康委", "lead")]),
    ("責任單位：區教育局", [("區教育局", "lead")]),
    ("", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:24] or "empty" for c in CASES])
def test_bodies_table(text, expected):
    assert [(b.name, b.role) for b in parse_responsible(text)] == expected


def test_span_points_at_the_name():
    text = "主要责任单位：区商务局、各街道"
    bodies = parse_responsible(text)
    assert [text[b.span[0]:b.span[1]] for b in bodies] == ["区商务局", "各街道"]


@pytest.mark.parametrize("name,canonical", [
    ("区人社局", "区人力资源和社会保障局"),
    ("区人力社保局", "区人力资源和社会保障局"),
    ("区住房城市建设委", "区住房和城乡建设委员会"),
    ("区卫生健康委", "区卫生健康委员会"),
    ("区房管局", "区房屋管理局"),
    ("德源集团", "德源集团"),  # unknown: its own name
])
def test_canonical_names(name, canonical):
    (b,) = parse_responsible(f"责任单位：{name}")
    assert b.canonical == canonical


def test_user_aliases_from_a_mapping_and_a_file(tmp_path):
    (b,) = parse_responsible("责任单位：德源集团", aliases={"北京德源投资集团有限公司": ["德源集团"]})
    assert b.canonical == "北京德源投资集团有限公司"
    f = tmp_path / "aliases.yaml"
    f.write_text("区人力资源和社会保障局（新）:\n  - 区人社局\n", encoding="utf-8")
    (b,) = parse_responsible("责任单位：区人社局", aliases=f)
    assert b.canonical == "区人力资源和社会保障局（新）"


def test_a_broken_alias_file_is_a_clear_error(tmp_path):
    from policytasks import PolicyTasksError

    f = tmp_path / "bad.yaml"
    f.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(PolicyTasksError, match="bad.yaml"):
        parse_responsible("责任单位：区人社局", aliases=f)


NAME = st.builds(
    lambda pre, mid, suf: pre + mid + suf,
    st.sampled_from(["区", "市", "县", "各", ""]),
    st.text(alphabet="文化和旅游卫生健康民政教育体育园林绿化交通住房城乡建设商务（市、区）", min_size=1, max_size=6)
    .filter(lambda s: s.count("（") == s.count("）") and not s.startswith(("（", "）", "、", "和"))
            and "（）" not in s and s.find("）") >= s.find("（") and not s.endswith(("、", "和")) and "、" not in s.replace("（市、区）", "")),
    st.sampled_from(["局", "委", "办", "中心", "集团", "街道", "人民政府"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=5), st.sampled_from(["、", "，", "；", "/", "  ", "　", ","]))
def test_any_list_splits_back(names, sep):
    got = parse_responsible("责任单位：" + sep.join(names))
    assert [b.name for b in got] == names


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text):
    for b in parse_responsible(text):
        assert b.name and b.role in ("lead", "support")
