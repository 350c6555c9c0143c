"""Derived values: arithmetic formulas over indicator names, as writers type them.

A formula such as `就业人数 / 毕业生数` is parsed with Python's `ast` and
evaluated by walking the tree, so only numbers, names, + - * /, parentheses
and a few named functions are accepted: nothing else can run.
"""

from __future__ import annotations

import ast
import decimal
import operator
from typing import Callable, Mapping

from reportgen.problems import ReportgenError
from reportgen.render.filters import EXACT, exact_decimal

_BINARY: dict[type, Callable[[float, float], float]] = {ast.Add: operator.add, ast.Sub: operator.sub,
                                                        ast.Mult: operator.mul, ast.Div: operator.truediv}
_UNARY: dict[type, Callable[[float], float]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
LARGEST = 9.99999999999999e307  # the largest number Excel holds


def round_half_up(number, digits: int = 0):
    """四舍五入 as Excel's ROUND and people do it, on the number's exact decimal: 2.675 -> 2.68 (Python's
    round() gives 2.67, the float's binary value being a hair below 2.675)."""
    if not _within_excel(number):
        raise OverflowError(number)  # reported as a number too large
    rounded = exact_decimal(number).quantize(decimal.Decimal(1).scaleb(-digits), context=EXACT)
    return int(rounded) if digits == 0 else float(rounded)


FUNCTIONS: dict[str, Callable] = {"求和": lambda *xs: sum(xs), "最大": max, "最小": min, "四舍五入": round_half_up}
# How each function is called, for the message when it is called otherwise.
USAGE = {"求和": "求和(a, b, …)", "最大": "最大(a, b, …)，至少一个数", "最小": "最小(a, b, …)，至少一个数",
         "四舍五入": "四舍五入(数, 位数)，位数为 0 到 10 的整数，可省略"}
MAX_LENGTH = 2000  # characters: longer is not a formula a writer typed, and could exhaust the parser


class FormulaError(ReportgenError, ValueError):
    """A formula that cannot be evaluated; the message is for the writer (Chinese)."""


def parse(text: str) -> ast.Expression:
    source = text.strip().lstrip("=＝").replace("（", "(").replace("）", ")").replace("，", ",")
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"公式太长（{len(source)} 个字符，最多 {MAX_LENGTH} 个）")
    try:
        return ast.parse(source, mode="eval")
    except (SyntaxError, ValueError):  # ValueError: a NUL character
        raise FormulaError(f"公式“{text[:60]}”写法有误") from None
    except (RecursionError, MemoryError):
        raise FormulaError("公式的括号嵌套太深") from None


def names_in(tree: ast.Expression) -> set[str]:
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id not in FUNCTIONS and node.id != CELL}


CELL = "单元格"


def evaluate(tree: ast.Expression, lookup: Mapping[str, float | str],
             cell: Callable[[str, str], float] | None = None) -> float:
    """Evaluate a parsed formula; `lookup[name]` supplies (or computes) each name's value.

    With `cell`, `单元格("工作表", "C2")` reads a number from the workbook.
    """

    def call(name: str, args: list[float]) -> float:
        if name == "四舍五入" and not (len(args) == 1 or (len(args) == 2 and float(args[1]).is_integer()
                                                          and 0 <= args[1] <= 10)):
            raise FormulaError(f"函数用法有误，应为 {USAGE[name]}")
        if name in ("最大", "最小") and not args:
            raise FormulaError(f"函数用法有误，应为 {USAGE[name]}")
        if name == "四舍五入" and len(args) == 2:
            args = [args[0], int(args[1])]
        return FUNCTIONS[name](*args)

    def visit(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return visit(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name):
            try:
                value = lookup[node.id]
            except KeyError:
                raise FormulaError(f"找不到名称“{node.id}”") from None
            if not isinstance(value, (int, float)):
                raise FormulaError(f"“{node.id}”不是数值，不能参与计算")
            return value
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = visit(node.left), visit(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FormulaError("除数为 0")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](visit(node.operand))
        if (cell is not None and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == CELL and len(node.args) == 2 and not node.keywords):
            sheet, ref = (a.value if isinstance(a, ast.Constant) else None for a in node.args)
            if isinstance(sheet, str) and isinstance(ref, str):
                return cell(sheet, ref)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS
                and not node.keywords):
            return call(node.func.id, [visit(arg) for arg in node.args])
        raise FormulaError("公式只能包含数字、指标名称、+ - * /、括号和函数 " + "、".join(FUNCTIONS))

    try:
        value = visit(tree)
    except (OverflowError, RecursionError):
        raise FormulaError("数值太大，或公式嵌套太深，无法计算") from None
    if not _within_excel(value):
        raise FormulaError(f"计算结果太大，不是有限的数，或超出 Excel 能表示的范围（绝对值最大约 {LARGEST:.14E}）")
    return value


def _within_excel(value: float) -> bool:
    """Whether `value` is a number Excel can hold: at most `LARGEST`, which an infinity and NaN are not
    (an int larger than any float is compared exactly)."""
    return abs(value) <= LARGEST
