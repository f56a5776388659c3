"""Write integers in Chinese numerals, in several styles, for the property tests."""

from __future__ import annotations

STYLES = {
    "standard": dict(digits="零一二三四五六七八九", small="十百千", big="万亿", liang=False, short_ten=True),
    "liang": dict(digits="零一二三四五六七八九", small="十百千", big="万亿", liang=True, short_ten=True),
    "long_ten": dict(digits="零一二三四五六七八九", small="十百千", big="万亿", liang=False, short_ten=False),
    "financial": dict(digits="零壹贰叁肆伍陆柒捌玖", small="拾佰仟", big="万亿", liang=False, short_ten=False),
    "traditional": dict(digits="零壹貳參肆伍陸柒捌玖", small="拾佰仟", big="萬億", liang=False, short_ten=False),
}


def _group(n: int, digits: str, small: str, liang: bool) -> str:
    """0 < n < 10000 -> 一千零五."""
    out = ""
    zero = False
    for power, unit in ((1000, small[2]), (100, small[1]), (10, small[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        ch = digits[d]
        if liang and d == 2 and power in (1000, 100):
            ch = "两"
        out += ch + unit
    return out


def to_chinese(n: int, style: str = "standard") -> str:
    s = STYLES[style]
    digits, small, big = s["digits"], s["small"], s["big"]
    if n == 0:
        return digits[0]
    parts = [(n // 10**8, big[1]), (n // 10**4 % 10**4, big[0]), (n % 10**4, "")]
    out = ""
    need_zero = False
    for value, unit in parts:
        if value == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or value < 1000):
            out += digits[0]
        need_zero = False
        out += _group(value, digits, small, s["liang"]) + unit
    if s["short_ten"] and out.startswith(digits[1] + small[0]):
        out = out[1:]
    return out
