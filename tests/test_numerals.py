from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chinese_numerals import STYLES, to_chinese
from policytasks.recognise.numerals import parse_chinese, parse_number

CASES = [
    ("0", 0), ("6", 6), ("1,200", 1200), ("12,345,678", 12345678), ("2.5", Decimal("2.5")),
    ("2.1万", 21000), ("33.495万", 334950), ("1.2亿", 120000000), ("3千", 3000), ("5万", 50000),
    ("一", 1), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("廿", 20), ("一百二十", 120),
    ("一千零五", 1005), ("一万零五十", 10050), ("十五万", 150000), ("一亿二千万", 120000000),
    ("二〇二五", 2025), ("二零二四", 2024), ("壹佰贰拾", 120), ("壹仟零伍", 1005), ("叁拾", 30),
    ("百分之四十", 40), ("百分之12.5", Decimal("12.5")),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_parse_number_table(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "十百", "一二百", "万万x", "1.2.3"])
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("style", sorted(STYLES))
def test_formatter_examples(style):
    # the test helper itself must be right for the property test to mean anything
    assert parse_chinese(to_chinese(10005, style)) == 10005


def test_formatter_knows_the_standard_forms():
    assert to_chinese(1005) == "一千零五"
    assert to_chinese(120000000) == "一亿二千万"
    assert to_chinese(100010) == "十万零一十"
    assert to_chinese(2200, "liang") == "两千两百"
    assert to_chinese(120, "financial") == "壹佰贰拾"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(sorted(STYLES)))
def test_chinese_numerals_round_trip(n, style):
    assert parse_chinese(to_chinese(n, style)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_arabic_round_trip(n, commas):
    text = f"{n:,}" if commas else str(n)
    assert parse_number(text) == n


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_never_raises(s):
    parse_number(s)
    parse_chinese(s)


def test_very_long_digit_runs_are_not_numbers():
    # a regression: 5000 一 in a row raised ValueError from int() instead of being skipped
    assert parse_number("一" * 5000) is None
    assert parse_number("1" * 5000) is None
    from policytasks import find_targets

    assert find_targets("一" * 5000 + "个") == []
