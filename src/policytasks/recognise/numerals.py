"""Numerals: Arabic (1,200  2.5  ２０２４), Chinese (一百二十, 两, 廿, 二〇二五), financial
(壹佰贰拾), and mixed (2.1万, 1.2亿, 3千).  Values are Decimals so 33.495万 is exactly 334950."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
TENS = {"廿": 20, "卅": 30, "卌": 40}
CN_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "".join(TENS)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
MULTIPLIERS = {**{k: v for k, v in SMALL_UNITS.items() if k in "百千佰仟"}, **BIG_UNITS}


#: Longest numeral read, in characters: no amount in a notice is longer, and a run of
#: thousands of digits must not become a huge integer (Python refuses 4300+ digit strings).
MAX_NUMERAL_CHARS = 24


def parse_chinese(s: str) -> int | None:
    """一百二十 -> 120, 二〇二五 -> 2025, 壹仟零伍 -> 1005; None if not a Chinese numeral."""
    if not s or len(s) > MAX_NUMERAL_CHARS or any(c not in CN_CHARS for c in s):
        return None
    if not any(c in SMALL_UNITS or c in BIG_UNITS or c in TENS for c in s):
        # digit by digit: 二〇二五
        # digit by digit is a year or a code (二〇二五), never 四五 ("four or five")
        if len(s) < 4 and not any(c in "〇零○" for c in s):
            return None if len(s) > 1 else DIGITS[s]
        return int("".join(str(DIGITS[c]) for c in s))
    total = 0  # everything above the current 万/亿 section
    section = 0  # the current section, below 万
    num: int | None = None
    last_small = None
    for c in s:
        if c in DIGITS:
            if num is not None and DIGITS[c] != 0 and num != 0:
                return None  # two digits in a row: 一二百
            num = DIGITS[c]
        elif c in TENS:
            section += TENS[c]
            num = None
        elif c in SMALL_UNITS:
            u = SMALL_UNITS[c]
            if last_small is not None and u >= last_small and num is None:
                return None  # 百百, 十百
            section += (num if num is not None else 1) * u if (num or num is None) else 0
            num = None
            last_small = u
        else:  # 万, 亿
            u = BIG_UNITS[c]
            section += num or (0 if section or total else 1)  # 万余人: a bare 万 is one 万
            num = None
            if u == 10**8:
                total = (total + section) * u
            else:
                total += section * u
            section = 0
            last_small = None
    if num:
        # 一万二 (colloquial 12000) is ambiguous; take the digit as units, as written.
        section += num
    return total + section


def parse_arabic(s: str) -> Decimal | None:
    s = s.replace(",", "").replace("，", "")
    if len(s) > MAX_NUMERAL_CHARS:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_number(s: str) -> Decimal | None:
    """Any numeral this library reads, or None.  Multipliers after digits fold in: 2.1万 -> 21000."""
    s = s.strip().translate(_FULL_WIDTH)
    if not s:
        return None
    if s.startswith("百分之"):
        return parse_number(s[3:])
    i = 0
    while i < len(s) and (s[i].isdigit() and s[i].isascii() or s[i] in ".,"):
        i += 1
    if i:
        base = parse_arabic(s[:i])
        if base is None:
            return None
        rest = s[i:]
        for c in rest:
            if c not in MULTIPLIERS:
                return None
            base *= MULTIPLIERS[c]
        return base
    v = parse_chinese(s)
    return Decimal(v) if v is not None else None


def to_number(d: Decimal) -> int | float:
    """Decimal -> int when whole, else float (for the JSON)."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)
