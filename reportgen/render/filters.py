"""Template filters that print numbers and dates the way official reports print them, by one rule
set in the profile (spacing, decimals).

Writers use them by their Chinese names: `{{ 就业率|百分比 }}`, `{{ 资助金额|万元 }}`,
`{{ 学生人数|千分位 }}`, `{{ 报告.发布日期|日期 }}`, `{{ 学校数|中文数字 }}`.  A workbook value
reaches the templates as a `Measured` number that knows its name and 单位, so `|万元` converts an
amount kept in 元 and notices a count of 人.  What a filter notices is noted (`Formatting.notes`)
and reported by `check` and `build` alike; a filter that cannot do its job raises `FilterError`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import operator
import sys
import types

from reportgen.problems import ReportgenError

MONEY = {"元": 1, "万元": 10_000, "亿元": 100_000_000}  # a money unit, in 元
PERCENT_UNITS = ("%", "％")  # an indicator already in percent: 99.32 is 99.32%
DIGITS = "〇一二三四五六七八九"
DATE_PARTS = {"年": 1, "年月": 2, "年月日": 3, "月": 2, "日": 3}  # 月 and 日: the forms before 年月/年月日


class FilterError(ReportgenError):
    """A filter used on the wrong kind of value, or with an argument it cannot take."""

    def __init__(self, message: str, fix: str, tag: str | None = None):
        super().__init__(message)
        self.message, self.fix = message, fix
        self.tag = tag  # the call that failed as written, e.g. 列表("获奖"): it finds the tag's paragraph


class Measured:
    """Mixed into the numbers templates get from the workbook: the indicator's name and 单位, and for a
    cell of `列表()` with a number format, the text Excel shows for it."""

    name: str = ""
    unit: str = ""
    shown: str | None = None
    exact = None  # the decimal the workbook's cell holds, when it holds more than a float says


class MeasuredInt(int, Measured):
    pass


class MeasuredFloat(float, Measured):
    pass


def measured(value, name: str, unit: str):
    """`value` (a number from the workbook) carrying its `name` and `unit`; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    number = (MeasuredInt if isinstance(value, int) else MeasuredFloat)(value)
    number.name, number.unit = name, unit
    number.exact = getattr(value, "exact", None)
    return number


class ShownDate(dt.date):
    shown: str | None = None


class ShownDateTime(dt.datetime):
    shown: str | None = None


def shown_as(value: dt.date, shown: str | None):
    """A date (or date and time) that prints, bare, as `shown` (the text Excel shows for its cell)."""
    copy: ShownDate | ShownDateTime
    if isinstance(value, dt.datetime):
        copy = ShownDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                             value.microsecond)
    else:
        copy = ShownDate(value.year, value.month, value.day)
    copy.shown = shown
    return copy


# Wide enough for every number Excel holds (308 digits before the point, 10 after) to be scaled and
# rounded exactly; the default context (28 digits) would round a long number silently.
EXACT = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP, Emin=-999_999, Emax=999_999)


def exact_decimal(value: int | float | decimal.Decimal) -> decimal.Decimal:
    """A number's exact decimal: a workbook cell's as its text says (`exact`, kept by the reader), an
    int as it is, any other float (a formula's result) by its shortest text that reads back as the
    same float (Python's repr): 123456789.12, 0.30000000000000004, never fewer digits than it has.
    Zero is never -0."""
    exact = value if isinstance(value, decimal.Decimal) else getattr(value, "exact", None)
    if exact is None:
        exact = decimal.Decimal(int(value)) if isinstance(value, int) else decimal.Decimal(repr(float(value)))
    return abs(exact) if exact == 0 else exact


def plain(number: decimal.Decimal, thousands: bool = False) -> str:
    """A decimal as plain digits (no exponent), without trailing zeros after the point."""
    text = format(number, ",f" if thousands else "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(value) -> decimal.Decimal:
    """The number a filter prints: exactly the workbook's (`exact_decimal`)."""
    if isinstance(value, decimal.Decimal):  # one a filter computed
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FilterError(f"“{value}”不是数字", "过滤器 |百分比、|万元、|千分位 等要用在数字上")
    if isinstance(value, float) and not math.isfinite(value):
        raise FilterError(f"“{value}”不是一个有限的数", "检查工作簿中算出这个数的公式")
    return exact_decimal(value)


RATIO, TEXT_UNIT = "比例", "文字"  # 单位 of a fraction (0.9668, printed with |百分比) and of a text


def _compared(value, before, filter_name: str) -> tuple[decimal.Decimal, decimal.Decimal, str]:
    """This year's and last year's numbers for a comparing filter, in one unit: amounts in 元, 万元 or
    亿元 in the first one's, a 比例 (0.9668) as a % (96.68), each to Excel's 15 significant digits (a
    workbook may store 96.68 as 96.68000000000001: the difference must not show it), and that unit.
    Values in units that do not compare (人 and 比例) are an error: their difference means nothing."""
    if before is None:
        raise FilterError(f"|{filter_name} 要写上年的数", f"如 {{{{ 在校生数|{filter_name}(上年在校生数) }}}}")
    if isinstance(before, bool) or not isinstance(before, (int, float)):
        raise FilterError(f"|{filter_name}() 中给出的“{before}”不是数字",
                          f"写上年的指标名称，如 {{{{ 在校生数|{filter_name}(上年在校生数) }}}}")
    numbers, units = [], []
    for number in (value, before):
        exact, unit = _decimal(number), getattr(number, "unit", "")
        if unit == RATIO:
            exact, unit = EXACT.multiply(exact, 100), "%"
        numbers.append(_significant(exact))
        units.append(unit)
    (now, then), (unit, other) = numbers, units
    if unit in MONEY and other in MONEY:
        then = EXACT.divide(EXACT.multiply(then, MONEY[other]), MONEY[unit])
    elif unit and other and unit != other and TEXT_UNIT not in (unit, other):
        names = "与".join(f"“{getattr(n, 'name', '')}”（{getattr(n, 'unit', '')}）" for n in (value, before))
        raise FilterError(f"|{filter_name} 比较的两个数单位不同：{names}",
                          "比较同一种数：人数与人数、金额与金额（元、万元、亿元会换算）、比率与比率")
    return now, then, unit


def _significant(number: decimal.Decimal) -> decimal.Decimal:
    """`number` to the 15 significant digits Excel keeps, trailing zeros dropped."""
    if number == 0:
        return number
    return decimal.Context(prec=15, rounding=decimal.ROUND_HALF_UP).plus(number).normalize()


def _digits(digits, filter_name: str) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 10:
        shown = f'"{digits}"' if isinstance(digits, str) else digits
        raise FilterError(f"过滤器 |{filter_name}({shown}) 的位数应为 0 到 10 的整数",
                          f"写 |{filter_name}(2) 这样的整数，或不写括号")
    return digits


def as_excel_rounds(number: decimal.Decimal) -> decimal.Decimal:
    """The number Excel rounds when it shows a cell to some places: a double written out in full (16 or
    17 significant digits, as Excel saves a formula's result: 2.6749999999999998 for 3.675 - 1) to the 15
    digits Excel keeps (2.675, which 0.00 shows as 2.68).  Whole numbers and exact text of any other
    length are left as they are."""
    digits = len(number.normalize().as_tuple().digits)
    return _significant(number) if 16 <= digits <= 17 and number != number.to_integral_value() else number


def rounded(number: decimal.Decimal, places: int, rounding: str = decimal.ROUND_HALF_UP) -> decimal.Decimal:
    """`number` to `places` decimals (negative: tens, hundreds), half up, as people and Excel round."""
    return as_excel_rounds(number).quantize(decimal.Decimal(1).scaleb(-places), rounding=rounding, context=EXACT)


def _fixed(number: decimal.Decimal, digits: int, thousands: bool = False) -> str:
    quantized = rounded(number, digits)
    return format(abs(quantized) if quantized == 0 else quantized, ",f" if thousands else "f")  # never "-0.00"


def tidy_number(value: float | int, digits: int | None = None) -> str:
    """A number as text, exactly (`exact_decimal`): integral values without ".0"; with `digits`, exactly
    that many decimals (rounded half up, as people round)."""
    if isinstance(value, bool):
        return str(value)
    return plain(_decimal(value)) if digits is None else _fixed(_decimal(value), digits)


# Jinja's own |round, |int and |float, made to keep the promise of the filters above.  Jinja's round is
# Python's (2.675 to two places is 2.67, 0.125 is 0.12, where Excel's ROUND and people give 2.68 and 0.13),
# and its int and float turn words into 0 without a word ("河阳职中"|int + 5 printed 5).
ROUNDINGS = {"common": decimal.ROUND_HALF_UP, "ceil": decimal.ROUND_CEILING, "floor": decimal.ROUND_FLOOR}


def round_exactly(value, precision=0, method="common") -> float:
    """`|round(2)`: the exact number rounded half up, as Excel's ROUND; "ceil" and "floor" as Jinja's."""
    if isinstance(precision, bool) or not isinstance(precision, int) or not -15 <= precision <= 15:
        shown = f'"{precision}"' if isinstance(precision, str) else precision
        raise FilterError(f"过滤器 |round({shown}) 的位数应为整数", "写 |round(2) 这样的整数，或用 |数值(2)")
    if method not in ROUNDINGS:
        raise FilterError(f"|round 的取舍方式“{method}”不可用", "写 common（四舍五入）、ceil（进一）或 floor（去尾）")
    number = rounded(_decimal(value), precision, ROUNDINGS[method])
    return float(number) or 0.0  # never -0.0


def to_int(value, default=None, base=10) -> int:
    """`|int`: a number's whole part, as Jinja's; words are an error, not 0."""
    return int(_number_or_words(value, "int"))


def to_float(value, default=None) -> float:
    """`|float`: as Jinja's; words are an error, not 0.0."""
    return float(_number_or_words(value, "float"))


def _number_or_words(value, name: str):
    if isinstance(value, str):
        from reportgen.data.cells import parse_number  # the reader's rule; imported here: cells imports this module
        number = parse_number(value)
        if number is None:
            raise FilterError(f"|{name} 用在了文字“{value}”上", "|int、|float 要用在数字上（Jinja 会把文字当作 0）")
        return number
    return _decimal(value)


# A template's arithmetic (the sandbox hands every operator here).  Python computes in binary: 3.675 - 1 is
# 2.6749999999999998, which |数值(2) prints 2.67; it repeats words 2948 times for 2948 * "河阳职中", writes
# a number of 346,956 digits for 2948 ** 100000, and a complex number for (-8) ** 0.5.
def calculate(symbol: str, left, right):
    """`left symbol right` as a person (and Excel's display) computes it: in decimal, where a fraction
    takes part, giving back the float whose shortest text is that decimal; words only joined with +."""
    if symbol == "%" and isinstance(left, str):
        return percent_format(left, right)
    if symbol == "**":
        return power(left, right)
    if symbol == "*":
        _numbers(symbol, left, right)
    if not (_is_number(left) and _is_number(right)) or (symbol != "/" and not (
            isinstance(left, float) or isinstance(right, float))):
        return PYTHON_OPERATORS[symbol](left, right)  # whole numbers are exact; words as Python joins them
    if right == 0 and symbol in ("/", "//", "%"):
        raise FilterError("模板中的计算除数为 0", "检查除号后面的名称或数字，它的值不能是 0")
    x, y = _decimal(left), _decimal(right)
    with decimal.localcontext(EXACT):
        if symbol in ("//", "%"):  # Python's: the quotient rounded down, the remainder of the divisor's sign
            quotient = (x / y).to_integral_value(rounding=decimal.ROUND_FLOOR)
            exact = quotient if symbol == "//" else x - y * quotient
        else:
            exact = PYTHON_OPERATORS[symbol](x, y)  # one operation: x / 0 must not be worked out for x + 0
    return float(exact)


PYTHON_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
                    "//": operator.floordiv, "%": operator.mod}


def _is_number(value) -> bool:
    return isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)


def power(left, right):
    _numbers("**", left, right)
    shown = f"{tidy_number(left)} ** {tidy_number(right)}" if left >= 0 else f"({tidy_number(left)}) ** {tidy_number(right)}"
    too_large = FilterError(f"乘方 {shown} 的结果太大，不是报告中能印的数",
                            "检查乘方（**）两边的数")
    if right > 0 and abs(left) > 1 and right * math.log10(abs(left)) > 308:  # beyond any float, Excel's too
        raise too_large
    try:
        if isinstance(left, float) and isinstance(right, int) and not isinstance(right, bool):
            with decimal.localcontext(EXACT):  # 2.675 ** 2 is 7.155625, not 7.155624999999999
                return float(_decimal(left) ** right)
        result = left ** right
    except (ZeroDivisionError, decimal.DivisionByZero):
        raise FilterError(f"乘方 {shown} 是 0 的负数次方，没有结果",
                          "检查乘方（**）两边的数") from None
    except OverflowError:
        raise too_large from None
    if isinstance(result, complex):
        raise FilterError(f"乘方 {shown} 是负数的小数次方，不是实数",
                          "检查乘方（**）两边的数")
    return result


# Python's own ways of printing a number to some places round the float's binary value half to even:
# "%.2f" % 2.675 and "{:.2f}".format(2.675) print 2.67, "%.0f" % 2.5 prints 2.  str.format is given the
# exact decimals instead, rounded half up; %-formatting, which turns any number back into a float, is
# refused for a fraction.
def exactly_formatted(format_method):
    """`format_method` (a sandboxed str.format) printing each fraction's exact decimal, rounded half up."""
    def formatted(*args, **kwargs):
        with decimal.localcontext(EXACT):
            return format_method(*map(_exact_fraction, args), **{k: _exact_fraction(v) for k, v in kwargs.items()})
    return formatted


def _exact_fraction(value):
    return _decimal(value) if isinstance(value, float) else value


def percent_format(text: str, values):
    """`"%.2f" % x` and `"%.2f"|format(x)`: refused for a fraction (Python rounds its binary value)."""
    listed = values.values() if isinstance(values, dict) else values if isinstance(values, tuple) else (values,)
    for value in listed:  # "%(a).2f" % {"a": x} too
        if isinstance(value, float) and not value.is_integer():
            raise FilterError(f"用 % 格式印小数 {tidy_number(value)} 会按二进制舍入（2.675 保留两位印成 2.67）",
                              "改用 |数值(2)、|千分位(2)、|百分比(1) 等写明位数的过滤器，或 \"{:.2f}\".format(数)")
    return text % values


def _numbers(symbol: str, left, right) -> None:
    for value in (left, right):
        if not _is_number(value):
            raise FilterError(f"“{value}”不是数字，不能用在 {symbol} 两边",
                              "运算符两边都要是数字；文字请直接写在模板中")


def template_line() -> int | None:
    """The line of the template being rendered that is evaluating now."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:  # the code Jinja compiled: its lines map back to the template's
            return template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def chinese_digits(n: int | str) -> str:
    """2025 -> 二〇二五: digit by digit, as a year is written."""
    return "".join(DIGITS[int(d)] for d in str(n))


def chinese_integer(n: int) -> str:
    """15 -> 十五, 105 -> 一百零五, 2025 -> 二千零二十五, 100010000 -> 一亿零一万 (below 一万亿)."""
    if n < 0:
        return "负" + chinese_integer(-n)
    if n == 0:
        return "零"
    groups = []  # four digits each, the lowest first
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    text, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _below_10000(group) + ("", "万", "亿")[index]
        gap = False
    return text[1:] if text.startswith("一十") else text


def _below_10000(n: int) -> str:
    text, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            text += ("零" if gap else "") + DIGITS[digit] + unit
            gap = False
        elif text:
            gap = True
    return text


class Printed(str):
    """What a number filter printed, knowing its number and the words around it, so that another filter
    can print it again: `|万元|千分位` groups the digits of 68452.37万元, `|较上年|千分位` those of
    较上年增加1725人、增长6.4%.  Words without a number ("与上年持平") stay as they are."""

    number: decimal.Decimal | None = None
    digits: str = ""  # the number as printed
    prefix: str = ""
    suffix: str = ""
    places: int = 0  # decimals printed

    @classmethod
    def of(cls, digits: str, suffix: str = "", prefix: str = "") -> "Printed":
        printed = cls(prefix + digits + suffix)
        printed.number, printed.digits = decimal.Decimal(digits.replace(",", "")), digits
        printed.prefix, printed.suffix = prefix, suffix
        printed.places = len(digits.split(".")[1]) if "." in digits else 0
        return printed

    @classmethod
    def words(cls, text: str) -> "Printed":
        return cls(text)

    def around(self, prefix: str = "", suffix: str = "") -> "Printed":
        """The same number with more words before and after it."""
        if self.number is None:
            return Printed.words(prefix + self + suffix)
        return Printed.of(self.digits, self.suffix + suffix, prefix + self.prefix)

    def grouped(self) -> "Printed":
        if self.number is None:
            return self
        return Printed.of(_fixed(self.number, self.places, True), self.suffix, self.prefix)


class Formatting:
    """The filters and the printing of bare values by the profile's rules, and what they noticed."""

    def __init__(self, profile):
        self.space = " " if profile.space_before_units else ""
        self.money_decimals = profile.money_decimals
        self.money_fixed = profile.money_fixed_decimals
        self.money_thousands = profile.money_thousands
        self.float_decimals = profile.float_decimals
        self.where = lambda line: ""  # set per story by the renderer: a template line -> its place
        self.notes: list[tuple[str, str, str]] = []  # (place, what was noticed, what to do)

    def filters(self) -> dict:
        return {"百分比": self.percent, "万元": self.wan_yuan, "亿元": self.yi_yuan, "千分位": self.thousands,
                "数值": self.number, "日期": self.date, "中文数字": self.chinese_number,
                "增减": self.change, "增幅": self.growth, "较上年": self.year_on_year,
                "round": round_exactly, "int": to_int, "float": to_float,
                "format": lambda text, *args, **kwargs: percent_format(text, kwargs or args)}

    def _note(self, message: str, fix: str) -> None:
        self.notes.append((self.where(template_line()), message, fix))

    def finalize(self, value):
        """How a bare `{{ value }}` prints: numbers tidied, a computed fraction cut to the profile's
        `float_decimals` (and noted, so the writer picks a filter); everything else unchanged."""
        if getattr(value, "shown", None) is not None:  # a 列表() cell: as Excel shows it
            return value.shown
        if isinstance(value, dt.date):
            return self.date(value, "年月日")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        return plain(self._capped(value, "直接印出"))

    def _capped(self, value, how: str) -> decimal.Decimal:
        """The number, cut to the profile's `float_decimals` when it has more (noted: the writer should
        say how it prints)."""
        number = _decimal(value)
        text = plain(number)
        if "." not in text or len(text.split(".")[1]) <= self.float_decimals:
            return number
        cut = decimal.Decimal(_fixed(number, self.float_decimals))
        name = getattr(value, "name", "")
        self._note(f"{f'“{name}”' if name else '计算结果'} {text} {how}，按 float_decimals 保留 "
                   f"{self.float_decimals} 位小数印为 {plain(cut)}",
                   "写明位数，如 |数值(2)、|千分位(0)，或用 |百分比、|万元；也可在格式方案中改 float_decimals")
        return cut

    def number(self, value, digits: int | None = None) -> str:
        """`|数值`: tidied (at most `float_decimals` decimals); `|数值(2)`: exactly two decimals."""
        if digits is None:
            return Printed.of(plain(self._capped(value, "用 |数值 印出")))
        return Printed.of(_fixed(_decimal(value), _digits(digits, "数值")))

    def thousands(self, value, digits: int | None = None) -> str:
        """`|千分位`: 1,234,567 (at most `float_decimals` decimals); `|千分位(2)`: 1,234,567.00.  After
        `|万元` or `|数值`, their text grouped: `|万元|千分位` 68,452.37万元."""
        if isinstance(value, Printed) and digits is None:
            return value.grouped()
        if digits is None:
            return plain(self._capped(value, "用 |千分位 印出"), True)
        return _fixed(_decimal(value), _digits(digits, "千分位"), True)

    def percent(self, value, digits: int = 2) -> str:
        """`|百分比`: 0.99322 -> 99.32%; an indicator whose 单位 is % is in percent already."""
        number = _decimal(value)
        if getattr(value, "unit", "") not in PERCENT_UNITS:
            number = EXACT.multiply(number, 100)
        return _fixed(number, _digits(digits, "百分比")) + "%"

    def _money(self, value, digits, target: str) -> str:
        name = f"|{target}"
        number, unit = _decimal(value), getattr(value, "unit", "")
        if unit in MONEY:
            number = EXACT.divide(EXACT.multiply(number, MONEY[unit]), MONEY[target])
        elif unit:
            self._note(f"“{value.name}”的单位是“{unit}”，不是金额，却用了 {name}",
                       f"{name} 用于金额：工作簿中金额的单位写“元”“万元”或“亿元”；人数、校数等直接写 {{{{ 名称 }}}}")
        if digits is not None:
            text = _fixed(number, _digits(digits, target))
        else:
            text = _fixed(number, self.money_decimals)
            text = text if self.money_fixed else plain(decimal.Decimal(text))
        printed = Printed.of(text, self.space + target)
        return printed.grouped() if self.money_thousands else printed

    def wan_yuan(self, value, digits: int | None = None) -> str:
        """`|万元`: an amount in 万元 with the profile's decimals (`money_decimals`, `money_fixed_decimals`),
        one kept in 元 or 亿元 converted; `|万元(2)`: exactly two decimals."""
        return self._money(value, digits, "万元")

    def yi_yuan(self, value, digits: int | None = None) -> str:
        """`|亿元`: an amount in 亿元 (one kept in 元 or 万元 converted)."""
        return self._money(value, digits, "亿元")

    def change(self, value, before=None, digits: int | None = None) -> str:
        """`|增减(上年)`: 增加445人 / 减少445人 / 持平, with the indicator's 单位; a rate (单位 % or 比例)
        in percentage points: 提高1.2个百分点 / 降低 …; `|增减(上年, 1)`: the change with one decimal."""
        now, then, unit = _compared(value, before, "增减")
        return self._change(now, then, unit, digits)

    def _change(self, now: decimal.Decimal, then: decimal.Decimal, unit: str, digits: int | None = None) -> "Printed":
        points = unit in PERCENT_UNITS
        difference = EXACT.subtract(now, then)
        if difference == 0:
            return Printed.words("持平")
        if digits is None:
            magnitude = plain(self._capped(abs(difference), "由 |增减 算出"))
        else:
            magnitude = _fixed(abs(difference), _digits(digits, "增减"))
        verb = ("提高" if difference > 0 else "降低") if points else ("增加" if difference > 0 else "减少")
        unit_text = "个百分点" if points else "" if unit in ("", TEXT_UNIT) else self.space + unit
        printed = Printed.of(magnitude, unit_text, verb)
        return printed.grouped() if unit in MONEY and self.money_thousands else printed

    def growth(self, value, before=None, digits: int = 1) -> str:
        """`|增幅(上年)`: 增长1.4% / 下降1.4% / 持平; 增长不足0.1% when it rounds to nothing; 上年为0
        (noted) when there is nothing to grow from; `|增幅(上年, 2)`: two decimals."""
        now, then, _ = _compared(value, before, "增幅")
        return self._growth(value, now, then, _digits(digits, "增幅"))

    def _growth(self, value, now: decimal.Decimal, then: decimal.Decimal, digits: int) -> str:
        if now == then:
            return "持平"
        if then == 0:
            name = getattr(value, "name", "")
            self._note(f"{f'“{name}”' if name else '这个数'}的上年数为 0，算不出增幅，印为“上年为0”",
                       "改写这句话，或用 |增减 只写增加了多少")
            return "上年为0"
        rate = EXACT.multiply(EXACT.divide(EXACT.subtract(now, then), abs(then)), 100)
        verb = "增长" if rate > 0 else "下降"
        shown = _fixed(abs(rate), digits)
        if decimal.Decimal(shown) == 0:
            return f"{verb}不足{plain(decimal.Decimal(1).scaleb(-digits))}%"
        return f"{verb}{shown}%"

    def year_on_year(self, value, before=None, digits: int = 1) -> str:
        """`|较上年(上年)`: 较上年增加445人、增长1.4% / 与上年持平; a rate: 较上年提高1.2个百分点; when
        last year's was 0: 较上年增加445人; `|较上年(上年, 2)`: the growth rate with two decimals."""
        now, then, unit = _compared(value, before, "较上年")
        digits = _digits(digits, "较上年")
        if now == then:
            return Printed.words("与上年持平")
        change = self._change(now, then, unit)
        if unit in PERCENT_UNITS or then == 0:
            return change.around("较上年")
        return change.around("较上年", f"、{self._growth(value, now, then, digits)}")

    def date(self, value, parts: str = "年月") -> str:
        """`|日期`: 2025年12月; `|日期("年月日")`: 2025年12月1日; `|日期("中文")`: 二〇二五年十二月."""
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise FilterError(f"“{value}”不是日期", "|日期 用在日期上，如 报告.发布日期") from None
        if not isinstance(value, dt.date):
            raise FilterError(f"“{value}”不是日期", "|日期 用在日期上，如 报告.发布日期")
        if not isinstance(parts, str):
            parts = str(parts)
        chinese = parts.startswith("中文")
        count = DATE_PARTS.get(parts.removeprefix("中文") or "年月")
        if count is None:
            raise FilterError(f"|日期(\"{parts}\") 的写法不可用",
                              "写 |日期、|日期(\"年月日\")、|日期(\"年\")，或前加“中文”：|日期(\"中文年月日\")")
        numbers = [value.year, value.month, value.day][:count]
        if chinese:
            shown = [chinese_digits(numbers[0]), *map(chinese_integer, numbers[1:])]
            return "".join(f"{n}{unit}" for n, unit in zip(shown, "年月日"))
        return self.space.join(f"{n}{self.space}{unit}" for n, unit in zip(numbers, "年月日"))

    def chinese_number(self, value, style: str = "") -> str:
        """`|中文数字`: 15 -> 十五; `|中文数字("逐位")`: 2025 -> 二〇二五."""
        number = _decimal(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if number is None or number != number.to_integral_value():
            raise FilterError(f"“{value}”不是整数，无法写成中文数字", "|中文数字 用于整数，如 学校数、年度")
        n = int(number)
        if style == "逐位":
            return ("负" if n < 0 else "") + chinese_digits(abs(n))
        if style:
            raise FilterError(f"|中文数字(\"{style}\") 的写法不可用", "写 |中文数字，或 |中文数字(\"逐位\")（如 二〇二五）")
        if abs(n) >= 10 ** 12:
            raise FilterError(f"{n} 太大，无法写成中文数字", "|中文数字 用于万亿以下的整数")
        return chinese_integer(n)
