"""parse_deadline: a table of (text, plan year, expected date, precision, ongoing)."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chinese_numerals import to_chinese
from policytasks import parse_deadline

D = dt.date
CASES = [
    ("2024年12月底前", None, D(2024, 12, 31), "month", False),
    ("2024 年 12 月底前", None, D(2024, 12, 31), "month", False),
    ("2024年12月底", None, D(2024, 12, 31), "month", False),
    ("12月底", 2024, D(2024, 12, 31), "month", False),
    ("2024 年 9 月", None, D(2024, 9, 30), "month", False),
    ("6月30日前", 2023, D(2023, 6, 30), "day", False),
    ("2024.12", None, D(2024, 12, 31), "month", False),
    ("2025.8", None, D(2025, 8, 31), "month", False),
    ("2025-06", None, D(2025, 6, 30), "month", False),
    ("2024年11月30日", None, D(2024, 11, 30), "day", False),
    ("2024年11月30日前", None, D(2024, 11, 30), "day", False),
    ("年底前", 2023, D(2023, 12, 31), "year", False),
    ("年内", 2026, D(2026, 12, 31), "year", False),
    ("全年", 2025, D(2025, 12, 31), "year", False),
    ("2025年底前", 2024, D(2025, 12, 31), "year", False),
    ("上半年", 2023, D(2023, 6, 30), "half", False),
    ("下半年", 2026, D(2026, 12, 31), "half", False),
    ("2025年上半年", None, D(2025, 6, 30), "half", False),
    ("第三季度", 2023, D(2023, 9, 30), "quarter", False),
    ("三季度末", 2025, D(2025, 9, 30), "quarter", False),
    ("第二季度", 2026, D(2026, 6, 30), "quarter", False),
    ("2025年第一季度", None, D(2025, 3, 31), "quarter", False),
    ("二〇二五年十二月", None, D(2025, 12, 31), "month", False),
    ("二〇二四年十二月", None, D(2024, 12, 31), "month", False),
    ("二〇二五年三月十日", None, D(2025, 3, 10), "day", False),
    ("２０２６年３月底前", None, D(2026, 3, 31), "month", False),
    ("9月投入使用", 2023, D(2023, 9, 30), "month", False),
    ("5月底前动工", 2024, D(2024, 5, 31), "month", False),
    ("2024年2月底前", None, D(2024, 2, 29), "month", False),
    ("2023年2月底前", None, D(2023, 2, 28), "month", False),
    ("2026年4月至10月", None, D(2026, 10, 31), "month", False),
    ("一季度开工、年底前完工", 2024, D(2024, 12, 31), "year", False),
    ("2024年6月中旬", None, D(2024, 6, 20), "day", False),
    ("長期堅持", None, None, None, True),
    ("长期坚持", 2024, None, None, True),
    ("持续推进", 2024, None, None, True),
    ("常态化", 2024, None, None, True),
    ("年內", 2023, D(2023, 12, 31), "year", False),
    ("12月底", None, None, None, False),  # no year anywhere: never guessed
    ("尽快", 2024, None, None, False),
    ("2024年13月", None, None, None, False),
    ("2024年2月30日", None, None, None, False),
]


@pytest.mark.parametrize("text,year,date,precision,ongoing", CASES, ids=[c[0] for c in CASES])
def test_deadline_table(text, year, date, precision, ongoing):
    d = parse_deadline(text, year)
    assert (d.date, d.precision, d.ongoing) == (date, precision, ongoing)
    assert d.text == text.strip()


def test_empty_is_none():
    assert parse_deadline("") is None
    assert parse_deadline("   ") is None


FORMS = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日前",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
    lambda d: (f"{d.year}年{d.month}月{d.day}日").translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda d: "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year)) + f"年{to_chinese(d.month)}月{to_chinese(d.day)}日",
]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31)), st.integers(0, len(FORMS) - 1))
def test_any_date_in_any_form_reads_back(date, form):
    assert parse_deadline(FORMS[form](date)).date == date


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31)))
def test_month_end_forms(date):
    import calendar

    last = D(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    assert parse_deadline(f"{date.year}年{date.month}月底前").date == last
    assert parse_deadline(f"{date.month}月", date.year).date == last


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.integers(1900, 2100)))
def test_never_raises(text, year):
    parse_deadline(text, year)


@pytest.mark.parametrize("text,year,date", [
    ("2025年12月底前（其中6月底前完成主体工程）", None, D(2025, 12, 31)),  # the last day allowed
    ("2024/9", None, D(2024, 9, 30)),  # was taken for a page number
])
def test_review_cases(text, year, date):
    assert parse_deadline(text, year).date == date


def test_a_deadline_in_the_text_keeps_its_year():
    from policytasks.recognise.deadlines import find_in_text

    assert find_in_text("新建学校1所，2025年底前建成。", 2024).date == D(2025, 12, 31)


@pytest.mark.parametrize("year", [0, -5, 10000, True])
def test_impossible_years_are_a_clear_error(year):
    # the caller's argument, not a file: ValueError/TypeError at the API boundary (issue 14)
    with pytest.raises((ValueError, TypeError), match="year"):
        parse_deadline("年底前", year)
