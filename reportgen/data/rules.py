"""Consistency rules writers declare next to their data, in plain terms.

Sheet `校验规则`: 规则 (what it checks, in words) | 公式 (an equation such as
`升学本科 + 升学专科 = 升学人数`) | 允许误差 (how far the sides may differ;
0 when blank).  Both sides are formulas over indicator names, and
`单元格("表2-就业情况", "C2")` reads a number from any sheet, so a table can
be checked against the indicators the text uses.  A failed rule is a warning
naming both sides' values; `--strict` makes it an error.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping

from reportgen.data import formulas
from reportgen.data.cells import SheetReader, clean_text, parse_number
from reportgen.problems import Problems
from reportgen.render.filters import tidy_number

SHEET = "校验规则"
COLUMNS = ("规则", "公式", "允许误差")
_EQUALS = re.compile(r"==|[=＝]")


def _split(equation: str) -> tuple[str, str] | None:
    parts = _EQUALS.split(equation)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 and all(p.strip() for p in parts) else None


def _cell_reader(book):
    def read(sheet: str, ref: str) -> float:
        if sheet not in book.sheetnames:
            close = difflib.get_close_matches(sheet, book.sheetnames, n=1, cutoff=0.4)
            raise formulas.FormulaError(f"找不到工作表“{sheet}”" + (f"，是否是“{close[0]}”？" if close else ""))
        try:
            value = book[sheet][ref].value
        except (ValueError, KeyError, AttributeError):
            raise formulas.FormulaError(f"单元格地址“{ref}”写法有误，应如 C2") from None
        number = parse_number(value)
        if number is None:
            shown = (f"的数值“{value.stored}”不是 Excel 能保存的数" if getattr(value, "stored", "") else
                     f"显示 Excel 的错误值 {value}" if isinstance(value, str) and value.startswith("#") else "不是数字")
            raise formulas.FormulaError(f"工作表“{sheet}”单元格 {ref} {shown}")
        return number

    return read


def check_rules(book, sheet: SheetReader, values: Mapping[str, float | str]) -> int:
    """Evaluate every rule on `sheet`, adding failures to its problems; return how many were checked."""
    problems: Problems = sheet.problems
    if not sheet.require_columns(*COLUMNS):
        return 0
    read_cell = _cell_reader(book)
    checked = 0
    for row, rec in sheet.records():
        label, equation = clean_text(rec["规则"]), clean_text(rec["公式"])
        where = sheet.where(row, "公式")
        sides = _split(equation)
        if sides is None:
            problems.error(where, f"规则“{label}”的公式应写成“左边 = 右边”", "如：升学本科 + 升学专科 = 升学人数")
            continue
        tolerance = parse_number(rec["允许误差"]) if clean_text(rec["允许误差"]) else 0
        if tolerance is None or tolerance < 0:
            problems.error(sheet.where(row, "允许误差"), "允许误差应为 0 或正数", "如 0 或 0.0001")
            continue
        try:
            left, right = (formulas.evaluate(formulas.parse(side), values, read_cell) for side in sides)
        except formulas.FormulaError as exc:
            problems.error(where, f"规则“{label}”无法计算：{exc}", "检查公式中的名称和单元格地址")
            continue
        checked += 1
        if not math.isclose(left, right, rel_tol=0, abs_tol=tolerance + 1e-9):
            problems.warning(where, f"规则“{label}”不成立：{sides[0]} = {tidy_number(left)}，"
                                    f"{sides[1]} = {tidy_number(right)}，相差 {tidy_number(abs(left - right))}",
                             "核对这些数字的来源，改正工作簿中有误的一方")
    return checked
