"""A cell's value as Excel shows it under its number format: 1,234,567.00, 99.32%, 2025/9/1,
2025年9月1日, 二〇二五年九月一日 ([DBNum1]).

Covers what statistics tables use: digit placeholders (0 # ?), thousands separators, decimals,
percent, scientific notation, literal text ("元", \\x), colours and locales ([Red], [$-804]), a
section for negative numbers, a text section ("学校："@), and dates and times (y m d h s, AM/PM,
上午/下午, aaa for the weekday, [h] for durations).  Anything else shows as General does.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re

from reportgen.render.filters import EXACT, as_excel_rounds, chinese_digits, chinese_integer, exact_decimal, plain

WEEKDAYS = "一二三四五六日"
_PLACES = ("0", "#", "?", ".")  # where a number's digits and point go
_SECTION_PARTS = re.compile(r'"[^"]*"?|[\\!].?|;|[^";\\!]+')  # quoted text, \x and !x may hold a ";"
_CONDITION = re.compile(r"\[\s*(<=|>=|<>|<|>|=)\s*-?[\d.]+\s*\]")
_TOKEN = re.compile(r'"[^"]*"|[\\!].|\[[^\]]*\]|_.|\*.|(?i:general)|G/通用格式|上午/下午|AM/PM|A/P|[yY]+|[mM]+|[dD]+|[hH]+|[sS]+|[aA]{3,4}|'
                    r"[0#?.,%eE+\-@]|.", re.S)


def _general(value) -> str:
    """General: the number exactly as the workbook holds it (`filters.exact_decimal`), in plain digits."""
    return plain(exact_decimal(value))


def _literal(token: str) -> str | None:
    """The text a token prints as it is, or None when it is a code."""
    if token.startswith('"'):
        return token[1:-1]
    if token.startswith(("\\", "!")):  # an escaped character: \. or !. is a point written as text
        return token[1:]
    if token.startswith("_"):  # the width of a character: a space
        return " "
    if token.startswith("[$"):  # a currency and its locale: [$¥-804] shows ¥, [$-804] nothing
        return token[2:-1].split("-", 1)[0]
    if token.startswith(("*", "[")):  # fill, colour, condition: nothing printed
        return ""
    return None


@functools.lru_cache(maxsize=256)
def _sections(number_format: str) -> list[str]:
    """The format's sections, empty ones kept: in `0;;"零"` the negative section is empty."""
    sections: list[str] = []
    current: list[str] = []
    for part in _SECTION_PARTS.findall(number_format):
        if part == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(part)
    return [*sections, "".join(current)]


@functools.lru_cache(maxsize=512)
def _tokens(section: str) -> list[str]:
    return _TOKEN.findall(section)


def format_value(value, number_format: str) -> str | None:
    """`value` (number, date, time or duration) shown under `number_format`; None for a value or a format
    this module does not show (the caller then shows it as General)."""
    if number_format == "General" and not isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return _general(value) if isinstance(value, (int, float)) else None
    sections = _sections(number_format or "General")
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return _date(value, sections[0])
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if any(_CONDITION.search(section) for section in sections[:2]):
        return None  # [>=10000]0.0,"万";0 : conditions are not shown here; General shows the exact value
    section = sections[0]
    if value < 0 and len(sections) > 1:  # positive;negative;zero;text, as in Excel
        section, value = sections[1], abs(exact_decimal(value))  # the negative section prints its own sign
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    if section == "":
        return ""  # an empty section shows the number as nothing: 0;; hides negatives and zero
    if any(_is_general(token) for token in _tokens(section)):
        return _general_among_words(value, section)
    if "@" in section and not re.search(r"[0#?]", section):
        return None  # a text format on a number: Excel shows it as General
    return _number(value, section)


def format_text(text: str, number_format: str) -> str:
    """Text under `number_format` as Excel shows it: by the format's text section (a fourth one, or a
    last one holding @, as in `"学校："@`), @ standing for the text; as it is when there is none."""
    sections = _sections(number_format or "General")
    tokens = _tokens(sections[-1])  # Excel takes no fifth section
    if len(sections) <= 3 and "@" not in tokens:
        return text  # no text section: 0.00 and General show text as it is
    return "".join(text if t == "@" else (t if (shown := _literal(t)) is None else shown) for t in tokens)


def _is_general(token: str) -> bool:
    """General, as Excel writes it, or as a Chinese Excel shows it (G/通用格式), which some programs
    write into the workbook as it is."""
    return token.lower() == "general" or token == "G/通用格式"


def _general_among_words(value, section: str) -> str | None:
    """A General section, alone or with words around it (`"约"General"人"`, `General;(General)`): the value
    printed in their midst.  None beside any other code (`General%`): the caller shows it as General."""
    out = []
    for token in _tokens(section):
        text = _literal(token)
        if _is_general(token):
            out.append(_general(value))
        elif text is not None or token.isspace() or token in ("-", "+", "(", ")", "/", ":"):
            out.append(token if text is None else text)
        else:
            return None
    return "".join(out)


def _number(value, section: str) -> str | None:
    tokens = _tokens(section)
    if tokens.count(".") > 1:  # the first point is the decimal point; any other prints as it is
        first = tokens.index(".")
        tokens = [token if token != "." or index == first else "\\." for index, token in enumerate(tokens)]
    codes = "".join(t for t in tokens if _literal(t) is None)
    if not re.search(r"[0#?]", codes):  # only text, such as "—": printed as it is
        return "".join(t if (text := _literal(t)) is None else text for t in tokens)
    if "/" in codes:
        return None  # a fraction (# ?/?): the caller shows the value's own digits
    with decimal.localcontext(EXACT):  # exact digits, rounded half up as Excel shows them
        return _placed(tokens, codes, as_excel_rounds(exact_decimal(value)))


def _placed(tokens: list[str], codes: str, number: decimal.Decimal) -> str | None:
    """The section's `tokens` with the number's digits in place of its placeholders."""
    number *= 100 ** codes.count("%")
    exponent = re.search(r"[eE][+\-]", codes)
    integer, _, fraction = re.sub(r"[^0#?,.]", "", codes[:exponent.start()] if exponent else codes).partition(".")
    scaling = len(integer) - len(integer.rstrip(",")) + len(fraction) - len(fraction.rstrip(","))
    number /= decimal.Decimal(1000) ** scaling  # a comma after the last digit of either part: 0, 0,.0 0.0,,
    integer, fraction = integer.rstrip(","), re.sub(r"[^0#?]", "", fraction)
    places, required = len(fraction), len(fraction) - len(fraction.lstrip("0"))
    if exponent:
        head, power = format(number, f".{places}E").split("E") if number else (format(number, f".{places}f"), "0")
        width = len(re.sub(r"[^0#?]", "", codes[exponent.end():])) or 1
        sign = "-" if int(power) < 0 else exponent.group(0)[1].replace("-", "")  # E- shows no + (1.23E04)
        shown = f"{head}{exponent.group(0)[0]}{sign}{abs(int(power)):0{width}d}"
    else:
        quantized = number.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        # A negative number that rounds to 0 keeps its sign, as in Excel (-0.001 under 0.00 is -0.00); a
        # zero does not (-0.0, which some programs write, is 0.00).
        shown = format(abs(quantized) if number == 0 else quantized, ",f" if "," in integer.strip(",") else "f")
        if places > required:  # 0.0# : one decimal always, a second when it is not 0
            head, _, tail = shown.partition(".")
            tail = tail[:required] + tail[required:].rstrip("0")
            shown = f"{head}.{tail}" if tail else head
        if "0" not in integer and shown.lstrip("-").startswith("0"):  # #.## shows 0.5 as .5
            shown = shown.replace("0", "", 1)
        shown = _padded(shown, integer.count("0"), grouped="," in integer.strip(","))
    spread = iter([shown])
    if not exponent and _text_among_digits(tokens):
        if "," in integer.strip(","):
            return None  # digits both grouped and parted by text: how Excel places them is not known here
        spread = iter(_spread(tokens, shown))
    out = []
    for index, token in enumerate(tokens):
        text = _literal(token)
        if text is not None:
            out.append(text)
        elif token in _PLACES:
            out.append(next(spread, ""))
        elif token in "+-" and index and tokens[index - 1] in ("e", "E"):
            continue  # the exponent's sign, in `shown` already
        elif token not in (",", "e", "E", "@"):  # a sign elsewhere prints: #,##0.00- shows -5 as 5.00-
            out.append(token)
    return "".join(out)


def _text_among_digits(tokens: list[str]) -> bool:
    """Whether text stands between the section's digit placeholders: 0!.0000"万" shows 12345 as
    1.2345万, 0"年"00"月" shows 120 as 1年20月, 000-0000 shows 1234567 as 123-4567."""
    places = [i for i, token in enumerate(tokens) if token in _PLACES]
    return any(token not in (*_PLACES, ",") and (token if (text := _literal(token)) is None else text)
               for token in tokens[places[0]:places[-1]])


def _spread(tokens: list[str], shown: str) -> list[str]:
    """What each digit placeholder and point of `tokens` prints of `shown` (not grouped), in order: the
    whole part's digits from the right, one a placeholder, the first taking the sign and all those left
    over; the decimals from the left."""
    places = [token for token in tokens if token in _PLACES]
    point = places.index(".") if "." in places else len(places)
    head, dot, tail = shown.partition(".")
    whole: list[str] = []
    for _ in range(point - 1):  # all but the first, from the right
        digit = ""
        if head and head[-1].isdigit():
            digit, head = head[-1], head[:-1]
        whole.insert(0, digit)
    if point:
        whole.insert(0, head)
    else:  # .00 : nothing before the point but the sign, or a 0 the format shows
        dot = head + dot
    decimals = [tail[i] if i < len(tail) else "" for i in range(len(places) - point - 1)]
    return [*whole, dot, *decimals]


def _padded(shown: str, digits: int, grouped: bool) -> str:
    """`shown` with its whole part padded with zeros to `digits` places: 00000 shows 7 as 00007."""
    sign, rest = ("-", shown[1:]) if shown.startswith("-") else ("", shown)
    whole, point, fraction = rest.partition(".")
    bare = whole.replace(",", "")
    if len(bare) >= digits:
        return shown
    bare = bare.rjust(digits, "0")
    if grouped:  # in threes from the right
        first = len(bare) % 3 or 3
        bare = ",".join([bare[:first], *(bare[i:i + 3] for i in range(first, len(bare), 3))])
    return f"{sign}{bare}{point}{fraction}"


def _date(value, section: str) -> str | None:
    tokens = _tokens(section)
    if isinstance(value, dt.timedelta):
        return _elapsed(value, tokens)
    chinese = any(t.upper() in ("[DBNUM1]", "[DBNUM2]") for t in tokens)
    hour_12 = any(t in ("AM/PM", "A/P", "上午/下午") for t in tokens)
    if not any((t[0] in "yYmMdDhHsS" or t.lower() in ("aaa", "aaaa")) and _literal(t) is None for t in tokens):
        return None  # a number format (or General, whose "a" is no code) on a date: Excel shows the serial number
    when = value if isinstance(value, dt.datetime) else (
        dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else dt.datetime.combine(dt.date(1899, 12, 31), value))
    out = []
    for index, token in enumerate(tokens):
        text = _literal(token)
        if text is not None:
            out.append(text)
            continue
        lower = token.lower()
        if lower.startswith("y"):
            out.append(_digits(str(when.year) if len(token) > 2 else f"{when.year % 100:02d}", chinese, whole=True))
        elif lower.startswith("m") and len(token) <= 2 and _is_minute(tokens, index):
            out.append(_digits(f"{when.minute:0{len(token)}d}", chinese))
        elif lower.startswith("m"):
            out.append(_month(when.month, len(token), chinese))
        elif lower.startswith("d"):
            out.append(_digits(f"{when.day:0{min(len(token), 2)}d}", chinese) if len(token) <= 2
                       else when.strftime("%a" if len(token) == 3 else "%A"))
        elif lower in ("aaa", "aaaa"):
            out.append(("" if lower == "aaa" else "星期") + WEEKDAYS[when.weekday()])
        elif lower.startswith("h"):
            hour = (when.hour % 12 or 12) if hour_12 else when.hour
            out.append(_digits(f"{hour:0{min(len(token), 2)}d}", chinese))
        elif lower.startswith("s"):
            out.append(_digits(f"{when.second:0{min(len(token), 2)}d}", chinese))
        elif token == "上午/下午":
            out.append("上午" if when.hour < 12 else "下午")
        elif token in ("AM/PM", "A/P"):
            out.append(("AM" if when.hour < 12 else "PM")[:len(token) // 2 or 1])
        else:
            out.append(token)
    return "".join(out)


def _is_minute(tokens: list[str], index: int) -> bool:
    """m / mm means minutes right after an hour or right before a second, as in Excel."""
    codes = [(i, t.lower()) for i, t in enumerate(tokens) if _literal(t) is None and t[0] in "yYmMdDhHsS"]
    position = next(k for k, (i, _) in enumerate(codes) if i == index)
    before = codes[position - 1][1] if position else ""
    after = codes[position + 1][1] if position + 1 < len(codes) else ""
    return before.startswith("h") or after.startswith("s")


def _digits(text: str, chinese: bool, whole: bool = False) -> str:
    if not chinese:
        return text
    if whole:  # a year: digit by digit, 二〇二五
        return chinese_digits(text)  # "05" keeps its 〇
    return chinese_integer(int(text))


def _month(month: int, width: int, chinese: bool) -> str:
    if width <= 2:
        return _digits(f"{month:0{width}d}", chinese)
    name = dt.date(2000, month, 1).strftime("%B")
    return name[:3] if width == 3 else name[0] if width == 5 else name


def _elapsed(value: dt.timedelta, tokens: list[str]) -> str:
    seconds = int(value.total_seconds())
    out = []
    for token in tokens:
        text = _literal(token)
        lower = token.lower()
        if lower in ("[h]", "[hh]"):
            out.append(f"{seconds // 3600:0{len(token) - 2}d}")
        elif lower in ("[m]", "[mm]"):
            out.append(f"{seconds // 60:0{len(token) - 2}d}")
        elif lower in ("[s]", "[ss]"):
            out.append(f"{seconds:0{len(token) - 2}d}")
        elif text is not None:
            out.append(text)
        elif lower.startswith("m"):
            out.append(f"{seconds // 60 % 60:0{len(token)}d}")
        elif lower.startswith("s"):
            out.append(f"{seconds % 60:0{len(token)}d}")
        elif lower.startswith("h"):
            out.append(f"{seconds // 3600 % 24:0{len(token)}d}")
        else:
            out.append(token)
    return "".join(out)
