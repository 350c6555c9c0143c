"""Template filters that format numbers and dates the way official reports print them.

Writers use them by their Chinese names: `{{ 就业率|百分比 }}`,
`{{ 国家助学金合计|万元 }}`, `{{ 报告.发布日期|日期 }}`.
"""

from __future__ import annotations

import datetime as dt
import decimal


def tidy_number(value: float | int, digits: int | None = None) -> str:
    """A number as text: integral values without ".0", float noise rounded away."""
    if isinstance(value, bool):
        return str(value)
    if digits is not None:
        quantum = decimal.Decimal(1).scaleb(-digits)
        return str(decimal.Decimal(repr(float(value))).quantize(quantum, rounding=decimal.ROUND_HALF_UP))
    number = decimal.Decimal(f"{value:.10g}") if isinstance(value, float) else decimal.Decimal(value)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float, digits: int = 2) -> str:
    """0.99322 -> "99.32%"."""
    return tidy_number(value * 100, digits) + "%"


def wan_yuan(value: float, digits: int = 2) -> str:
    """An amount already in 万元 -> "3317.23 万元" (at most `digits` decimals, no trailing zeros)."""
    text = tidy_number(value, digits)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} 万元"


def chinese_date(value: dt.date, precision: str = "月") -> str:
    """2025-12-01 -> "2025 年 12 月" (or "… 1 日" with precision "日"), no zero padding."""
    text = f"{value.year} 年 {value.month} 月"
    return text + f" {value.day} 日" if precision == "日" else text


# 数值: a number with a fixed count of decimals, or tidied when no count is given.
FILTERS = {"百分比": percent, "万元": wan_yuan, "数值": tidy_number, "日期": chinese_date}


def finalize(value):
    """How a bare `{{ value }}` prints: numbers tidied, everything else unchanged."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tidy_number(value)
    return value
