"""A cell's value as Excel shows it under its number format, checked directly and exactly.

Each row is what Excel (zh-CN) prints for the value under the format; the tables and lists of a draft
print the same text (`data.cells.format_cell`).  Fast: no project, no layout.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.data import xlsx
from reportgen.data.cells import format_cell
from reportgen.data.number_formats import format_text, format_value

MONDAY = dt.datetime(2025, 9, 1, 14, 5, 9)  # a Monday afternoon

DATES = [
    (MONDAY, "yyyy-mm-dd", "2025-09-01"),
    (MONDAY, "yyyy/m/d", "2025/9/1"),
    (MONDAY, "yy/m/d", "25/9/1"),
    (MONDAY, 'yyyy"年"m"月"d"日"', "2025年9月1日"),
    (dt.date(2025, 1, 5), 'yyyy"年"mm"月"dd"日"', "2025年01月05日"),
    (MONDAY, '[DBNum1][$-804]yyyy"年"m"月"d"日"', "二〇二五年九月一日"),
    (dt.datetime(2005, 12, 15), '[DBNum1]yyyy"年"m"月"d"日"', "二〇〇五年十二月十五日"),
    (dt.datetime(2005, 10, 20), '[DBNum1]yy"年"m"月"d"日"', "〇五年十月二十日"),
    (MONDAY, "mmm d, yyyy", "Sep 1, 2025"),
    (MONDAY, "mmmm", "September"),
    (MONDAY, "mmmmm", "S"),
    (MONDAY, "dddd", "Monday"),
    (MONDAY, "ddd", "Mon"),
    (MONDAY, "aaaa", "星期一"),
    (MONDAY, "aaa", "一"),
    (dt.datetime(2025, 9, 7), "aaaa", "星期日"),
    # m is the month, except right after an hour or right before a second: then the minute
    (MONDAY, "h:mm:ss", "14:05:09"),
    (MONDAY, "hh:mm", "14:05"),
    (MONDAY, "mm:ss", "05:09"),
    (MONDAY, "m/d h:mm", "9/1 14:05"),
    (MONDAY, "yyyy-mm-dd hh:mm:ss", "2025-09-01 14:05:09"),
    (MONDAY, "m/d h", "9/1 14"),  # m first, an hour last: still the month
    (MONDAY, "yy mm ss", "25 05 09"),  # right before a second: the minute
    (MONDAY, "h mmm", "14 Sep"),  # three m: always the month's name
    (MONDAY, "yyy", "2025"),
    (MONDAY, '[DBNum1]h"时"m"分"s"秒"', "十四时五分九秒"),
    (dt.datetime(2025, 9, 1, 12, 30), '上午/下午h"时"', "下午12时"),
    (MONDAY, '[DBNum1]h"时"m"分"', "十四时五分"),
    (MONDAY, "h:mm AM/PM", "2:05 PM"),
    (MONDAY, "h A/P", "2 P"),
    (dt.datetime(2025, 9, 1, 0, 30), "h:mm AM/PM", "12:30 AM"),
    (dt.datetime(2025, 9, 1, 12, 0), "h:mm AM/PM", "12:00 PM"),
    (MONDAY, '上午/下午h"时"mm"分"', "下午2时05分"),
    (dt.datetime(2025, 9, 1, 9, 3), '上午/下午h"时"', "上午9时"),
    (dt.time(9, 3, 4), "hh:mm:ss", "09:03:04"),
    (dt.date(2025, 9, 1), "[Red]yyyy-mm-dd", "2025-09-01"),
    # a duration: [h] counts every hour, h only those past the last whole day
    (dt.timedelta(hours=30, minutes=5, seconds=7), "[h]:mm:ss", "30:05:07"),
    (dt.timedelta(hours=30, minutes=5, seconds=7), "[mm]:ss", "1805:07"),
    (dt.timedelta(hours=30, minutes=5, seconds=7), "[ss]", "108307"),
    (dt.timedelta(hours=30, minutes=5, seconds=7), "h:mm", "6:05"),
    (dt.timedelta(minutes=5, seconds=7), '[h]"小时"mm"分"', "0小时05分"),
    (dt.timedelta(hours=1), "[h]:mm", "1:00"),
    (dt.timedelta(hours=25), "h", "1"),
    (dt.timedelta(hours=5), "[hh]:mm", "05:00"),
    (dt.timedelta(minutes=75), "[m]", "75"),
    (dt.timedelta(minutes=5), "[mm]", "05"),
    (dt.timedelta(seconds=75), "[s]", "75"),
    (dt.timedelta(seconds=5), "[ss]", "05"),
    # codes in capitals, and a date without a time under a time's codes
    (MONDAY, "YYYY-MM-DD", "2025-09-01"),
    (MONDAY, "H:MM", "14:05"),
    (MONDAY, "hhh:sss", "14:09"),
    (dt.date(2025, 9, 1), "yyyy-mm-dd hh:mm", "2025-09-01 00:00"),
]

NUMBERS = [
    (1234567, "#,##0", "1,234,567"),
    (4386.5, "#,##0.00", "4,386.50"),
    (0.9932, "0.00%", "99.32%"),
    (0.5, "0%", "50%"),
    (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
    (-1234.5, "#,##0.00;[Red]-#,##0.00", "-1,234.50"),
    (-5, '0;;"零"', ""),
    (0, '0;;"零"', "零"),
    (0, "0.0;-0.0;—", "—"),
    (3.1, "0.0#", "3.1"),
    (3.14159, "0.0#", "3.14"),
    (0.5, "#.##", ".5"),
    (12.5, '0.0"万元"', "12.5万元"),
    (12.5, '0.0\\元', "12.5元"),
    (2.5, "0", "3"),  # half up, as Excel rounds, never to even
    (0.125, "0.00", "0.13"),
    (-2.5, "0", "-3"),
    (1234567, "#,##0,", "1,235"),  # a trailing comma shows thousands
    (123456789.12, "#,##0.00", "123,456,789.12"),
    (0.1 + 0.2, "0.0000000000000000", "0.3000000000000000"),  # the value as the workbook holds it
    (12345, "0.00E+00", "1.23E+04"),
    (0.00012, "0.0E+0", "1.2E-4"),
    (12345, "0.00e+00", "1.23e+04"),
    (0, "0.00E+00", "0.00E+00"),
    (15, "General", "15"),
    (123456789.12, "General", "123456789.12"),
    (7, "00000", "00007"),
    (-7, "000", "-007"),
    (7, "000,000", "000,007"),
    (1234, "000,000", "001,234"),
    (1234567, "0000000,000", "0,001,234,567"),
    (7.5, "000.0", "007.5"),
    (42, '"第"0"名"', "第42名"),
    (1500, '[>=1000]0.0,"千";0', None),  # a condition: not shown here (the caller shows General)
    (5, "@", None),  # a text format on a number: General
    # a negative number that rounds to 0 keeps its sign, as Excel shows it; a zero, even -0.0, has none
    (-0.001, "0.00", "-0.00"),
    (-0.4, "#,##0", "-0"),
    (-0.0, "0.00", "0.00"),
    (0, "0.00;(0.00)", "0.00"),  # two sections: zero takes the first
    (0, '0.00;-0.00;General', "0"),  # a section of General
    (-2.5, '0.00;-0.00;General', "-2.50"),
    # General with words around it prints the value among them, never the word "General"
    (-5, "General;-General", "-5"),
    (-5, "General;(General)", "(5)"),
    (1234.5, '"约"General"人"', "约1234.5人"),
    (12, 'general" 元"', "12 元"),
    # 万 shown by a point written as text among the digits (! and \\ escape a character): each digit
    # placeholder takes its own digit, the first all the digits left over
    (12345, '0!.0,"万"', "1.2万"),
    (12345, '0\\.0,"万"', "1.2万"),
    (123456789, '0!.0000"万"', "12345.6789万"),
    (-123456789, '0!.0000"万元"', "-12345.6789万元"),
    (5, '0!.0000"万"', "0.0005万"),
    (12345, '#!.#,"万"', "1.2万"),
    (120, '0"年"00"月"', "1年20月"),
    (1234567, "000-0000", "123-4567"),
    (-5, '#"年"#"月"#', "-年月5"),  # the sign before the first placeholder, however few the digits
    (1.25, '0.0"x"0', "1.2x5"),
    (-0.25, '.0"x"0', "-.2x5"),
    (123456789, '#,##0!.0000"万"', None),  # grouped and parted by text: shown as General by the caller
    (1.2345, "0.00,0", "1.235"),  # a comma among the decimals is no code
    (12345, "0,.0", "12.3"),  # a comma before the point divides by 1,000 as one after the decimals does
    (12345678, "#,##0,,.0", "12.3"),
    (12345, '0"x"0,.0', "1x2.3"),
    (1234.5678, '0.00"元".', "1234.57元."),  # a second point is text
    (1234.5678, "#.##.", "1234.57."),
    (1234, "0 000", "1 234"),
    (1234567, "0.0,,\"百万\"", "1.2百万"),  # commas after the decimals divide by 1,000 each too
    (1234567, "#,##0.00,", "1,234.57"),
    (1.5, "# ?/?", None),  # a fraction: not shown here (the caller shows the value's own digits)
    (0.75, "?/?", None),
    (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"),  # a currency shows its symbol, a locale nothing
    (1234.5, "[$-804]#,##0.00", "1,234.50"),
    (-1234.5, '[$¥-804]#,##0.00;[Red][$¥-804]-#,##0.00', "¥-1,234.50"),
    (-12.5, "[Blue]General", "-12.5"),  # a colour, as some programs write every General cell
    (12, 'G/通用格式"人"', "12人"),  # General as a Chinese Excel shows it, written so by some programs
    (0.05, "General%", None),  # a code beside General: shown as General by the caller
    (0.5, "0.00", "0.50"),  # a 0 before the point shows; # drops it, once, after the sign
    (-0.5, "#.##", "-.5"),
    (0.05, "#.##", ".05"),
    (1234567, "0,", "1235"),  # a trailing comma divides by 1,000 and groups nothing
    # a sign outside the exponent is printed: the accountants' trailing minus must not be lost
    (-1234.56, "#,##0.00;#,##0.00-", "1,234.56-"),
    (5, "0+", "5+"),
    (0.5, "+0.0%", "+50.0%"),
    (12345, "0.00E-00", "1.23E04"),  # E- shows a sign for negative exponents only
    (0.00012, "0.00E-00", "1.20E-04"),
    # Excel's 会计专用 format: _x is a character's width (a space), * fills the cell (nothing here)
    (1234, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', " 1,234 "),
    (-1234, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', " (1,234)"),
    (0, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', " - "),
]


@pytest.mark.parametrize(("value", "number_format", "shown"), DATES)
def test_dates_times_and_durations_show_as_excel_shows_them(value, number_format, shown):
    assert format_value(value, number_format) == shown


@pytest.mark.parametrize(("value", "number_format", "shown"), NUMBERS)
def test_numbers_show_as_excel_shows_them(value, number_format, shown):
    assert format_value(value, number_format) == shown


def test_a_number_format_on_a_date_is_not_guessed():
    assert format_value(MONDAY, "0.00") is None
    assert format_value(MONDAY, "General") is None  # not the word "General" (its "a" is no date code)
    assert format_cell(MONDAY, "General") == ("2025-09-01 14:05:09", False)


@pytest.mark.parametrize(("value", "number_format", "cell"), [
    (1500, '[>=1000]0.0,"千";0', ("1500", True)),
    (5, "@", ("5", True)),
    # as General, which prints the cell's own digits, not a float's repr ("1e-05")
    (xlsx.stored_number("0.00001"), '[>=1000]0.0,"千";0', ("0.00001", True)),
    (xlsx.stored_number("0.000025"), "@", ("0.000025", True)),
    (MONDAY, "0.00", ("2025-09-01 14:05:09", False)),
    (None, "0.00", ("", False)),
    ("公办", "0.00", ("公办", False)),
    (True, "General", ("TRUE", False)),
    (False, "0.00", ("FALSE", False)),  # a logical value is shown as such under any format
])
def test_a_cell_the_format_does_not_show_prints_its_value_exactly(value, number_format, cell):
    assert format_cell(value, number_format) == cell


@pytest.mark.parametrize(("number_format", "shown"), [
    ('"学校："@', "学校：河阳职中"),
    ('0;-0;0;"学校："@', "学校：河阳职中"),  # the fourth section is text's
    ('@" 等"', "河阳职中 等"),
    ("@", "河阳职中"),
    ("@@", "河阳职中河阳职中"),
    ('0;-0;0;"（未填）"', "（未填）"),  # a text section without @ shows its words only
    (";;;", ""),  # Excel's way to hide a cell
    ('0;-0;0;\\[@\\]', "[河阳职中]"),
    ('0.00;"@"', "河阳职中"),  # a quoted @ is a literal, not the text: no text section
    ('0;"学校："@', "学校：河阳职中"),  # a text section is the last, whichever its place
    ("0.00", "河阳职中"),
    ("General", "河阳职中"),
    ('0;-0;"零"', "河阳职中"),  # three sections: none is text's
    ("@-@", "河阳职中-河阳职中"),  # a sign shows as it is
    ("", "河阳职中"),
])
def test_text_shows_as_excel_shows_it_under_the_formats_text_section(number_format, shown):
    assert format_text("河阳职中", number_format) == shown
    assert format_cell("河阳职中", number_format) == (shown, False)


def test_text_under_excels_accounting_format_takes_its_spaces_which_a_cell_trims():
    accounting = '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)'
    assert format_text("河阳职中", accounting) == " 河阳职中 "
    assert format_cell("河阳职中", accounting) == ("河阳职中", False)


@pytest.mark.parametrize(("value", "number_format", "shown"), [(1.5, "0.0?", "1.5"), (12.25, "??0.0?", "12.25"),
                                                               (3, "???", "3")])
def test_a_question_mark_holds_a_digits_place_which_a_cell_trims(value, number_format, shown):
    assert format_cell(value, number_format) == (shown, True)
