"""The number and date filters, as a writer meets them: a template built through the CLI, the draft's
paragraphs read back; warnings and errors as `check` and `build` print them."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from conftest import init_project, no_warnings, run_cli

# Added to the 指标 of a project made by `reportgen init` (which has 就业人数 2850, 毕业生数 2948).
INDICATORS = [("学生数", 1234567, "人", ""), ("学校数", 15, "所", ""), ("资助金额", 43865200, "元", ""),
              ("设备值", 186.5, "万元", ""), ("投入", 4386.52, "万元", ""), ("总投入", 1.25, "亿元", ""),
              ("达标率", 99.32, "%", ""), ("年度", 2025, "", ""),
              ("上年学生数", 1200000, "人", ""), ("学校数上年", 15, "所", ""), ("优良率", 97.7, "%", ""), ("优良率上年", 96.5, "%", ""),
              ("巩固率", 0.9788, "比例", ""), ("巩固率上年", 0.9668, "比例", ""),
              ("新增项目", 12, "个", ""), ("上年项目", 0, "个", ""), ("招生数", 30001, "人", ""),
              ("招生数上年", 30000, "人", ""), ("上年投入", 39000000, "元", ""), ("合格率", 96.68000000000001, "%", ""),
              ("合格率上年", 95.5, "%", ""), ("设备值上年", 186, "万元", ""), ("负数", -2025, "", ""),
              ("零", 0, "", "")]
DERIVED = [["比值", "就业人数 / 毕业生数 * 36", "", ""], ["就业百分比", "就业人数 / 毕业生数 * 100", "%", ""],
           ["经费", "投入 * 10000", "元", ""]]  # a 计算指标's 单位 counts as an indicator's


def project(folder, lines: list[str], profile: str = ""):
    """A project made by `reportgen init`, its chapter `lines` under the heading 概况."""
    made = init_project(folder, [("概况", "Heading 1"), *lines], indicators=INDICATORS, profile=profile)
    import openpyxl
    book = openpyxl.load_workbook(made / "data" / "报告数据.xlsx")
    for row in DERIVED:
        book["计算指标"].append(row)
    book.save(made / "data" / "报告数据.xlsx")
    return made


# Each text table runs through both commands: `check` renders the templates as build does (fast, so that
# the fast tests, and a mutation run over them, read every filter's printed text) and `build` writes the
# draft (slow: LibreOffice may lay it out).
THROUGH = [pytest.param("check", id="check"), pytest.param("build", id="build", marks=pytest.mark.slow)]


def drafted(folder, lines: list[str], profile: str = "", through: str = "build") -> tuple[list[str], str]:
    """The chapter's text for `lines` (each a paragraph), and the command's output: as the draft holds it
    (`through` "build"), or as `check` renders the templates (the text build takes)."""
    made = project(folder / "项目", lines, profile)
    result = run_cli(through, str(made))
    assert result.exit_code == 0, result.output
    if through == "check":
        from reportgen.check import check_project
        from reportgen.project.config import load_project
        from reportgen.render import provenance
        paragraphs = [provenance.strip(p.text) for p in check_project(load_project(made), read_only=True).sections[0].paragraphs]
    else:
        paragraphs = [p.text for p in docx.Document(next((made / "output").glob("*.docx"))).paragraphs]
    start = paragraphs.index("概况") + 1
    return paragraphs[start:start + len(lines)], result.output


FILTERED = [  # (tag, as the draft prints it)
    ("{{ 学生数|千分位 }}", "1,234,567"),
    ("{{ 学生数|千分位(2) }}", "1,234,567.00"),
    ("{{ 投入|千分位 }}", "4,386.52"),
    ("{{ 学校数 }}", "15"),
    ("{{ 就业率|百分比 }}", "96.68%"),
    ("{{ 就业率|百分比(1) }}", "96.7%"),
    ("{{ 就业率|百分比(0) }}", "97%"),
    ("{{ 达标率|百分比 }}", "99.32%"),  # 单位 % : in percent already
    ("{{ 设备值|万元 }}", "186.50万元"),
    ("{{ 设备值|万元(1) }}", "186.5万元"),
    ("{{ 投入|万元(2) }}", "4386.52万元"),
    ("{{ 资助金额|万元 }}", "4386.52万元"),  # 单位 元: converted
    ("{{ 资助金额|亿元(4) }}", "0.4387亿元"),
    ("{{ 总投入|万元(0) }}", "12500万元"),
    ("{{ 设备值|数值 }}", "186.5"),
    ("{{ 设备值|数值(2) }}", "186.50"),
    ("{{ 设备值|数值(0) }}", "187"),  # half up, never to even
    ("{{ 投入|万元(1) }}", "4386.5万元"),
    ("{{ 报告.发布日期|日期 }}", "2025年12月"),
    ("{{ 报告.发布日期|日期(\"年月日\") }}", "2025年12月1日"),
    ("{{ 报告.发布日期|日期(\"年\") }}", "2025年"),
    ("{{ 报告.发布日期|日期(\"中文\") }}", "二〇二五年十二月"),
    ("{{ 报告.发布日期|日期(\"中文年月日\") }}", "二〇二五年十二月一日"),
    ("{{ 学校数|中文数字 }}", "十五"),
    ("{{ 年度|中文数字 }}", "二千零二十五"),
    ("{{ 年度|中文数字(\"逐位\") }}", "二〇二五"),
    ("{{ 报告.年度|中文数字(\"逐位\") }}", "二〇二五"),
    ("{{ 投入|万元|千分位 }}", "4,386.52万元"),  # filters compose
    ("{{ 设备值|数值(2)|千分位 }}", "186.50"),
    ("{{ 学生数|较上年(上年学生数) }}", "较上年增加34567人、增长2.9%"),
    ("{{ 上年学生数|较上年(学生数) }}", "较上年减少34567人、下降2.8%"),
    ("{{ 学生数|增减(上年学生数) }}", "增加34567人"),
    ("{{ 学生数|增幅(上年学生数, 2) }}", "增长2.88%"),
    ("{{ 招生数|增幅(招生数上年) }}", "增长不足0.1%"),
    ("{{ 学校数|较上年(学校数上年) }}", "与上年持平"),
    ("{{ 学校数|增减(学校数上年) }}", "持平"),
    ("{{ 学校数|增幅(学校数上年) }}", "持平"),
    ("{{ 优良率|较上年(优良率上年) }}", "较上年提高1.2个百分点"),  # 单位 %: percentage points
    ("{{ 优良率上年|增减(优良率) }}", "降低1.2个百分点"),
    ("{{ 巩固率|较上年(巩固率上年) }}", "较上年提高1.2个百分点"),  # 单位 比例: 0.012 is 1.2 points
    ("{{ 新增项目|较上年(上年项目) }}", "较上年增加12个"),  # nothing last year: no growth rate
    ("{{ 投入|较上年(上年投入) }}", "较上年增加486.52万元、增长12.5%"),  # 元 converted to 万元
    ("{{ 合格率|较上年(合格率上年) }}", "较上年提高1.18个百分点"),  # 96.68000000000001: as Excel keeps it
    ("{{ 巩固率|增减(优良率) }}", "提高0.18个百分点"),  # 比例 0.9788 against % 97.7
    ("{{ 学生数|增减(上年学生数, 1) }}", "增加34567.0人"),  # the change's decimals
    ("{{ 学生数|较上年(上年学生数)|千分位 }}", "较上年增加34,567人、增长2.9%"),  # its number grouped, not the rate
    ("{{ 学生数|增减(上年学生数)|千分位 }}", "增加34,567人"),
    ("{{ 学校数|较上年(学校数上年)|千分位 }}", "与上年持平"),  # no number: whatever the data, no error
    ("{{ 设备值|增减(设备值上年, 1) }}", "增加0.5万元"),  # less than one: still an increase
    ("{{ 设备值上年|较上年(设备值, 1) }}", "较上年减少0.5万元、下降0.3%"),
    ("{{ 零|中文数字 }}", "零"),
    ("{{ 零|中文数字(\"逐位\") }}", "〇"),
    ("{{ 负数|中文数字(\"逐位\") }}", "负二〇二五"),
    ("{{ 负数|中文数字 }}", "负二千零二十五"),
    ("{{ 负数|千分位(1) }}", "-2,025.0"),  # a negative keeps its sign
    ("{{ 负数|数值(2) }}", "-2025.00"),
    ("{{ 就业百分比|百分比 }}", "96.68%"),  # already in %
    ("{{ 经费|万元 }}", "4386.52万元"),  # 元 to 万元
]


def assert_printed(tmp_path, through: str, printed: list[tuple[str, str]]) -> None:
    """Each (tag, text) of `printed` prints as its text, in a paragraph of its own, with no warning."""
    texts, output = drafted(tmp_path, [f"共{tag}。" for tag, _ in printed], through=through)
    assert list(zip(texts, (tag for tag, _ in printed))) == [(f"共{shown}。", tag) for tag, shown in printed]
    assert no_warnings(output)


@pytest.mark.parametrize("through", THROUGH)
def test_each_filter_prints_as_official_text_does(tmp_path, through):
    assert_printed(tmp_path, through, FILTERED)


JINJAS_OWN = [  # Jinja's filters and arithmetic, on the same numbers
    ("{{ 设备值|round }}", "187"),  # Python's round: 186 (half to even)
    ("{{ 0.125|round(2) }}", "0.13"),  # Python's: 0.12
    ("{{ 2.675|round(2) }}", "2.68"),  # Python's: 2.67 (the float is 2.67499…)
    ("{{ 投入|round(1) }}", "4386.5"),
    ("{{ 负数|round(-2) }}", "-2000"),
    ("{{ 设备值|round(0, \"floor\") }}", "186"),
    ("{{ 设备值|round(0, \"ceil\") }}", "187"),
    ("{{ 设备值|int }}", "186"),
    ("{{ \"1,234\"|int + 1 }}", "1235"),
    ("{{ 学校数 * 2 }}", "30"),
    ("{{ 学校数 ** 2 }}", "225"),
    ("{{ \"{:.2f}\".format(0.125) }}", "0.13"),  # Python's: 0.12
    ("{{ \"{:,.1f}万元\".format(投入) }}", "4,386.5万元"),
    ("{{ \"{:.1%}\".format(巩固率) }}", "97.9%"),
    ("{{ \"%d所\"|format(学校数) }}", "15所"),  # whole numbers print exactly either way
    ("{{ 学校数 % 4 }}", "3"),
    ("{{ 投入 % 1 }}", "0.52"),  # Python's: 0.5200000000004366
    ("{{ (3.675 - 1)|数值(2) }}", "2.68"),  # Python's: 2.6749999999999998, printed 2.67
    ("{{ 1.1 + 2.2 }}", "3.3"),  # Python's: 3.3000000000000003, cut with a warning
    ("{{ (设备值 * 0.1)|数值(1) }}", "18.7"),  # 18.65; Python's 18.650000000000002 happens to agree
    ("{{ -7 % 2.5 }}、{{ 7 // 2.5 }}", "0.5、2"),  # Python's signs and floors
    ("{{ (2.675 ** 2)|数值(5) }}", "7.15563"),  # Python's: 7.15562
    ("{{ (0.5 ** -1) }}", "2"),
    ("{{ 设备值 + 零 }}、{{ 设备值 - 零 }}、{{ 设备值 * 零 }}", "186.5、186.5、0"),  # a 0 that is not a divisor
]


@pytest.mark.parametrize("through", THROUGH)
def test_jinjas_round_int_and_arithmetic_print_numbers_as_people_round_them(tmp_path, through):
    """Excel's ROUND and people round half up; README promises it of every number printed."""
    assert_printed(tmp_path, through, JINJAS_OWN)


@pytest.mark.parametrize("through", THROUGH)
def test_the_profile_sets_one_rule_for_spaces_and_decimals(tmp_path, through):
    lines = ["{{ 设备值|万元 }}", "{{ 资助金额|万元 }}", "{{ 报告.发布日期|日期(\"年月日\") }}", "{{ 投入|万元(1) }}",
             "{{ 年度|增减(零) }}"]
    texts, _ = drafted(tmp_path, lines, profile="space_before_units = true\nmoney_fixed_decimals = false", through=through)
    assert texts == ["186.5 万元", "4386.52 万元", "2025 年 12 月 1 日", "4386.5 万元", "增加2025"]


@pytest.mark.parametrize("through", THROUGH)
def test_money_groups_its_thousands_when_the_profile_says_so(tmp_path, through):
    lines = ["{{ 投入|万元 }}", "{{ 资助金额|亿元(4) }}", "{{ 总投入|万元(0) }}", "{{ 学生数|增减(上年学生数) }}"]
    texts, _ = drafted(tmp_path, lines, profile="money_thousands = true", through=through)
    assert texts == ["4,386.52万元", "0.4387亿元", "12,500万元", "增加34567人"]


@pytest.mark.parametrize("tag, message", [
    ("{{ 学生数|较上年(巩固率) }}", "|较上年 比较的两个数单位不同：“学生数”（人）与“巩固率”（比例）"),
    ("{{ 学生数|较上年 }}", "|较上年 要写上年的数"),
    ("{{ 学生数|较上年(上年学生数, 1.5) }}", "过滤器 |较上年(1.5) 的位数应为 0 到 10 的整数"),
    ("{{ 投入|较上年(学生数) }}", "|较上年 比较的两个数单位不同：“投入”（万元）与“学生数”（人）"),  # money with a count
    ("{{ 学生数|增减(投入) }}", "|增减 比较的两个数单位不同：“学生数”（人）与“投入”（万元）"),
])
@pytest.mark.parametrize("through", THROUGH)
def test_a_comparison_that_means_nothing_is_an_error(tmp_path, tag, message, through):
    made = project(tmp_path / "项目", [f"共{tag}。"])
    result = run_cli(through, str(made))
    assert result.exit_code == 1 and message in result.output, result.output


@pytest.mark.parametrize("through", THROUGH)
def test_money_thousands_groups_the_change_of_an_amount_too(tmp_path, through):
    texts, _ = drafted(tmp_path, ["{{ 资助金额|较上年(上年投入) }}", "{{ 学生数|增减(上年学生数) }}"],
                       profile="money_thousands = true", through=through)
    assert texts == ["较上年增加4,865,200元、增长12.5%", "增加34567人"]  # an amount grouped; a count as bare ones


@pytest.mark.parametrize("through", THROUGH)
def test_a_growth_rate_from_nothing_is_a_warning(tmp_path, through):
    texts, output = drafted(tmp_path, ["新增{{ 新增项目|增幅(上年项目) }}。"], through=through)
    assert texts == ["新增上年为0。"]
    assert "“新增项目”的上年数为 0，算不出增幅，印为“上年为0”" in output and "1 个警告" in output


@pytest.mark.parametrize("through", THROUGH)
def test_a_computed_fraction_printed_bare_is_cut_to_the_profiles_decimals_with_a_warning(tmp_path, through):
    texts, output = drafted(tmp_path, ["比值为 {{ 比值 }}。", "就业率 {{ 就业率|百分比 }}。"], through=through)
    assert texts == ["比值为 34.8。", "就业率 96.68%。"]
    assert "“比值” 34.80325644504749 直接印出，按 float_decimals 保留 2 位小数印为 34.8" in output
    assert "templates/章节/1-基本情况.docx 第 2 段" in output and "1 个警告" in output
    texts, output = drafted(tmp_path / "three", ["{{ 比值 }}"], profile="float_decimals = 3", through=through)
    assert texts == ["34.803"]
    texts, output = drafted(tmp_path / "filters", ["{{ 生均经费|千分位 }}", "{{ 生均经费|数值 }}", "{{ 生均经费|千分位(1) }}"], through=through)
    assert texts == ["3,553.28", "3553.28", "3,553.3"]
    assert "“生均经费” 3553.276630214662 用 |千分位 印出，按 float_decimals 保留 2 位小数印为 3553.28" in output
    assert "“生均经费” 3553.276630214662 用 |数值 印出" in output and "2 个警告" in output


def test_a_money_filter_on_a_count_is_a_warning_from_check_and_build(tmp_path):
    made = project(tmp_path, ["共 {{ 学生数|万元 }}。"])
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 0, result.output
        assert "“学生数”的单位是“人”，不是金额，却用了 |万元" in result.output, command


@pytest.mark.parametrize("tag, message", [
    ("{{ 报告.标题|日期 }}", "“某市中等职业教育质量报告”不是日期"),
    ("{{ 学校数|日期 }}", "“15”不是日期"),
    ("{{ 报告.发布日期|日期(\"季度\") }}", "|日期(\"季度\") 的写法不可用"),
    ("{{ 设备值|中文数字 }}", "“186.5”不是整数，无法写成中文数字"),
    ("{{ 学校数|中文数字(\"大写\") }}", "|中文数字(\"大写\") 的写法不可用"),
    ("{{ 就业率|百分比(\"两位\") }}", "过滤器 |百分比(\"两位\") 的位数应为 0 到 10 的整数"),
    ("{{ 报告.标题|千分位 }}", "“某市中等职业教育质量报告”不是数字"),
    ("{{ 报告.标题|int + 1 }}", "|int 用在了文字“某市中等职业教育质量报告”上"),  # Jinja's int: 0, printing 1
    ("{{ 报告.标题|float }}", "|float 用在了文字“某市中等职业教育质量报告”上"),
    ("{{ 设备值|round(2, \"四舍五入\") }}", "|round 的取舍方式“四舍五入”不可用"),
    ("{{ 设备值|round(\"2\") }}", "过滤器 |round(\"2\") 的位数应为整数"),
    ("{{ 报告.标题 * 学校数 }}", "“某市中等职业教育质量报告”不是数字，不能用在 * 两边"),  # the title 15 times
    ("{{ 学校数 ** 1000 }}", "乘方 15 ** 1000 的结果太大，不是报告中能印的数"),  # 1,177 digits
    ("{{ (0 - 学校数) ** 0.5 }}", "乘方 (-15) ** 0.5 是负数的小数次方，不是实数"),  # a complex number
    ("{{ 零 ** -1 }}", "乘方 0 ** -1 是 0 的负数次方，没有结果"),
    ("{{ \"%.2f\"|format(设备值) }}", "用 % 格式印小数 186.5 会按二进制舍入"),  # "%.0f" % 186.5 is 186
    ("{{ \"%.1f\" % 投入 }}", "用 % 格式印小数 4386.52 会按二进制舍入"),
    ("{{ \"%(x).1f\"|format(x=投入) }}", "用 % 格式印小数 4386.52 会按二进制舍入"),
    ("{{ \"%(x).1f\" % {\"x\": 投入} }}", "用 % 格式印小数 4386.52 会按二进制舍入"),
    ("{{ 学校数 % 零 }}", "模板中的计算除数为 0"),
])
@pytest.mark.parametrize("through", THROUGH)
def test_a_filter_on_the_wrong_value_is_an_error_naming_the_paragraph(tmp_path, tag, message, through):
    made = project(tmp_path, ["第一段。", f"共{tag}。"])
    result = run_cli(through, str(made))
    assert result.exit_code == 1, result.output
    assert "templates/章节/1-基本情况.docx 第 3 段" in result.output and message in result.output, result.output
    assert "内部错误" not in result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_bug_in_a_filter_is_not_blamed_on_the_template(tmp_path, monkeypatch):
    """A template's own mistake (words minus 1) is the writer's to fix; an exception from reportgen's code
    is ours, and reaches the CLI's internal-error report instead of a message sending the writer to a
    paragraph with nothing wrong in it."""
    from reportgen.render import filters

    def broken(self, value, digits=None):  # a slip inside reportgen's own code
        return filters.exact_decimal("a bug")

    monkeypatch.setattr(filters.Formatting, "percent", broken)
    made = project(tmp_path, ["就业率{{ 就业率|百分比 }}。"])
    with pytest.raises(ValueError, match="a bug"):
        run_cli("check", str(made))
    mistaken = project(tmp_path / "文字", ["{{ 报告.标题 - 1 }}"])
    result = run_cli("check", str(mistaken))
    assert result.exit_code == 1 and "模板中的过滤器或计算用在了不合适的值上" in result.output, result.output


def test_table_cells_show_as_excel_shows_them_under_their_number_format(tmp_path):
    import datetime as dt

    import openpyxl

    formats = [(1234567, "#,##0"), (4386.5, "#,##0.00"), (0.9932, "0.00%"), (-1234.5, "#,##0.00;(#,##0.00)"),
               (3.1, "0.0#"), (12.5, '0.0"万元"'), (15, "General"), (dt.datetime(2025, 9, 1), "mm-dd-yy"),
               (dt.datetime(2025, 9, 1), 'yyyy"年"m"月"d"日"'),
               (dt.datetime(2025, 9, 1), '[DBNum1][$-804]yyyy"年"m"月"d"日"'), (dt.datetime(2025, 9, 1), 'yyyy"年"m"月"')]
    shown = ["1,234,567", "4,386.50", "99.32%", "(1,234.50)", "3.1", "12.5万元", "15", "2025/9/1", "2025年9月1日",
             "二〇二五年九月一日", "2025年9月"]
    made = init_project(tmp_path / "项目", [("概况", "Heading 1"), '{{ 表格("格式") }}'],
                        sheets={"格式表": [["格式", "数值"]] + [[f, None] for _, f in formats]})
    path = made / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表格清单"].append(["格式", "格式表", "数字格式表", 1])
    for row, (value, number_format) in enumerate(formats, start=2):
        cell = book["格式表"].cell(row, 2, value)
        cell.number_format = number_format
    book.save(path)
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    table = docx.Document(next((made / "output").glob("*.docx"))).tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == shown


# Directly, without a build (fast): the Chinese numerals |中文数字 and the dates prints, and a list
# sheet's date, which prints as its cell shows it.
CHINESE = [(0, "零"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
           (1005, "一千零五"), (1050, "一千零五十"), (2025, "二千零二十五"), (10000, "一万"), (10005, "一万零五"),
           (11000, "一万一千"), (1001000, "一百万一千"),
           (10010, "一万零一十"), (10050, "一万零五十"), (100000, "十万"), (101000, "十万一千"),
           (100500, "十万零五百"), (120000, "十二万"), (1000000, "一百万"), (10010000, "一千零一万"),
           (100000005, "一亿零五"), (100001000, "一亿零一千"), (100010000, "一亿零一万"), (200000000, "二亿"),
           (-15, "负十五")]


@pytest.mark.parametrize(("number", "shown"), CHINESE)
def test_chinese_numerals_read_as_official_text_writes_them(number, shown):
    from reportgen.render.filters import chinese_integer
    assert chinese_integer(number) == shown


@pytest.mark.parametrize("value", [dt.datetime(2025, 6, 1, 8, 30, 15, 500), dt.date(2025, 6, 1)])
def test_a_list_date_keeps_its_value_and_prints_as_its_cell_shows_it(value):
    from reportgen.render.filters import shown_as
    shown = shown_as(value, "2025年6月1日")
    assert shown == value and type(shown).__mro__[1] is type(value) and shown.shown == "2025年6月1日"


# Directly, without a project (fast): each filter on the numbers a template can hand it, including
# those that are not a workbook's (a literal, a computed result: no name, no 单位).
def formatting():
    import types

    from reportgen.render.filters import Formatting
    return Formatting(types.SimpleNamespace(space_before_units=False, money_decimals=2, money_fixed_decimals=True,
                                            money_thousands=False, float_decimals=2))


def test_filters_print_a_computed_number_without_name_or_unit_directly():
    f = formatting()
    assert (f.change(30, 15), f.growth(30, 15), f.percent(0.5), f.wan_yuan(12345)) == ("增加15", "增长100.0%", "50.00%", "12345.00万元")
    assert f.number(1 / 3) == "0.33" and f.growth(5, 0) == "上年为0"
    assert f.notes == [("", "计算结果 0.3333333333333333 用 |数值 印出，按 float_decimals 保留 2 位小数印为 0.33",
                        "写明位数，如 |数值(2)、|千分位(0)，或用 |百分比、|万元；也可在格式方案中改 float_decimals"),
                       ("", "这个数的上年数为 0，算不出增幅，印为“上年为0”", "改写这句话，或用 |增减 只写增加了多少")]


def test_a_money_filter_on_a_count_is_noted_directly():
    from reportgen.render.filters import measured
    f = formatting()
    assert f.wan_yuan(measured(12, "学生数", "人")) == "12.00万元"
    assert f.notes == [("", "“学生数”的单位是“人”，不是金额，却用了 |万元",
                        "|万元 用于金额：工作簿中金额的单位写“元”“万元”或“亿元”；人数、校数等直接写 {{ 名称 }}")]


EXCEL_ROUNDS = [  # (number, decimals, printed): a double's 16 or 17 digits to Excel's 15 first, nothing else
    ("2.6749999999999998", 2, "2.68"),  # 17 digits, as Excel saves 3.675 - 1
    (3.675 - 1, 2, "2.68"),
    ("2.674999999999999", 2, "2.68"),  # 16 digits
    ("2.67499999999999998", 2, "2.67"),  # 18: exact text, as it is
    (1234567890123456, 0, "1234567890123456"),  # a whole number of 16 digits, as it is
    ("123456.1234567825", 10, "123456.1234567830"),  # to 15 digits half up, as Excel
    (1e20, 10, "100000000000000000000.0000000000"),  # more digits than decimal's default 28
    (1, 10, "1.0000000000"),
    (-0.0, 0, "0"),
]


@pytest.mark.parametrize(("number", "digits", "printed"), EXCEL_ROUNDS)
def test_numbers_round_as_excel_shows_them_directly(number, digits, printed):
    import decimal
    value = decimal.Decimal(number) if isinstance(number, str) else number
    assert formatting().number(value, digits) == printed


def test_exact_numbers_print_at_any_length_directly():
    import decimal

    from reportgen.render.filters import exact_decimal, measured
    long = decimal.Decimal("1.00000000000000001")
    cell = measured(1.0, "x", "")
    cell.exact = long  # as the reader keeps a cell's text
    again = type("Read", (float,), {"exact": long})(1.0)
    assert (exact_decimal(long), exact_decimal(cell), measured(again, "x", "").exact) == (long, long, long)
    assert formatting().number(12345678901234567) == "12345678901234567" and formatting().number(-0.0) == "0"
    assert str(exact_decimal(-0.0)) == "0.0"


def test_bare_values_print_as_their_cells_and_dates_show_them_directly():
    from reportgen.render.filters import measured, shown_as
    f = formatting()
    cell = measured(1234567, "学生数", "人")
    cell.shown = "1,234,567"
    assert f.finalize(cell) == "1,234,567" and f.finalize(shown_as(dt.date(2025, 9, 1), "2025/9/1")) == "2025/9/1"
    assert f.finalize(dt.date(2025, 12, 1)) == "2025年12月1日"
    from reportgen.render.filters import Printed
    assert Printed.words("持平").around("较上年", "。") == "较上年持平。"


def test_template_arithmetic_is_exact_directly():
    from reportgen.render.filters import FilterError, calculate, exactly_formatted, power, round_exactly
    assert calculate("*", 12345678901, 12345678901) == 152415787526596567801  # ints stay ints
    assert calculate("//", 7, 2.4) == 2 and calculate("%", 1e30, 0.7) == 0.3
    assert calculate("%", "%d所", 15) == "15所"
    assert power(1.1, 2) == 1.21 and power(10, 308) == 10 ** 308  # Python's: 1.2100000000000002
    assert round_exactly(0.4) == 0.0 and round_exactly(5.5e15, -15) == 6e15 and round_exactly(0.1, 15) == 0.1
    assert exactly_formatted("{}{x:.2f}".format)("共", x=2.675) == "共2.68"
    for call in (lambda: calculate("/", 15, 0), lambda: power(2, 1100), lambda: power(10 ** 10, 40),
                 lambda: power(10, 309), lambda: round_exactly(1, -16), lambda: round_exactly(1, 16)):
        with pytest.raises(FilterError):
            call()


def measured(value, name, unit):
    from reportgen.render import filters
    return filters.measured(value, name, unit)


ERRORS = [  # (call on a Formatting, message, fix)
    (lambda f: f.change(1, "abc"), "|增减() 中给出的“abc”不是数字", "写上年的指标名称，如 {{ 在校生数|增减(上年在校生数) }}"),
    (lambda f: f.change(1, True), "|增减() 中给出的“True”不是数字", "写上年的指标名称，如 {{ 在校生数|增减(上年在校生数) }}"),
    (lambda f: f.change(measured(1, "学生数", "人"), measured(1, "投入", "万元")),
     "|增减 比较的两个数单位不同：“学生数”（人）与“投入”（万元）", "比较同一种数：人数与人数、金额与金额（元、万元、亿元会换算）、比率与比率"),
    (lambda f: f.growth(1), "|增幅 要写上年的数", "如 {{ 在校生数|增幅(上年在校生数) }}"),
    (lambda f: f.number(float("nan")), "“nan”不是一个有限的数", "检查工作簿中算出这个数的公式"),
    (lambda f: f.number("x"), "“x”不是数字", "过滤器 |百分比、|万元、|千分位 等要用在数字上"),
    (lambda f: f.number(1, 11), "过滤器 |数值(11) 的位数应为 0 到 10 的整数", "写 |数值(2) 这样的整数，或不写括号"),
    (lambda f: f.thousands(1, 11), "过滤器 |千分位(11) 的位数应为 0 到 10 的整数", "写 |千分位(2) 这样的整数，或不写括号"),
    (lambda f: f.wan_yuan(1, 11), "过滤器 |万元(11) 的位数应为 0 到 10 的整数", "写 |万元(2) 这样的整数，或不写括号"),
    (lambda f: f.change(2, 1, 11), "过滤器 |增减(11) 的位数应为 0 到 10 的整数", "写 |增减(2) 这样的整数，或不写括号"),
    (lambda f: f.growth(2, 1, 11), "过滤器 |增幅(11) 的位数应为 0 到 10 的整数", "写 |增幅(2) 这样的整数，或不写括号"),
    (lambda f: f.chinese_number("abc"), "“abc”不是整数，无法写成中文数字", "|中文数字 用于整数，如 学校数、年度"),
    (lambda f: f.chinese_number(True), "“True”不是整数，无法写成中文数字", "|中文数字 用于整数，如 学校数、年度"),
    (lambda f: f.chinese_number(10 ** 12), "1000000000000 太大，无法写成中文数字", "|中文数字 用于万亿以下的整数"),
    (lambda f: f.chinese_number(11 ** 12 - 1), "3138428376720 太大，无法写成中文数字", "|中文数字 用于万亿以下的整数"),
    (lambda f: f.chinese_number(1, "大写"), "|中文数字(\"大写\") 的写法不可用", "写 |中文数字，或 |中文数字(\"逐位\")（如 二〇二五）"),
    (lambda f: f.date(dt.date(2025, 1, 1), 3), "|日期(\"3\") 的写法不可用",
     "写 |日期、|日期(\"年月日\")、|日期(\"年\")，或前加“中文”：|日期(\"中文年月日\")"),
    (lambda f: f.date("x"), "“x”不是日期", "|日期 用在日期上，如 报告.发布日期"),
    (lambda f: f.date(15), "“15”不是日期", "|日期 用在日期上，如 报告.发布日期"),
    (lambda f: f.filters()["int"]("abc"), "|int 用在了文字“abc”上", "|int、|float 要用在数字上（Jinja 会把文字当作 0）"),
    (lambda f: f.filters()["round"](1, 1.5), "过滤器 |round(1.5) 的位数应为整数", "写 |round(2) 这样的整数，或用 |数值(2)"),
    (lambda f: f.filters()["round"](1, 0, "x"), "|round 的取舍方式“x”不可用", "写 common（四舍五入）、ceil（进一）或 floor（去尾）"),
]


@pytest.mark.parametrize(("call", "message", "fix"), ERRORS)
def test_filter_errors_say_what_and_how_to_fix_directly(call, message, fix):
    from reportgen.render.filters import FilterError
    with pytest.raises(FilterError) as raised:
        call(formatting())
    assert (str(raised.value), raised.value.message, raised.value.fix) == (message, message, fix)


def test_arithmetic_errors_say_what_and_how_to_fix_directly():
    from reportgen.render.filters import FilterError, calculate, percent_format, power
    cases = [(lambda: calculate("/", 1.5, 0), "模板中的计算除数为 0", "检查除号后面的名称或数字，它的值不能是 0"),
             (lambda: power("a", 2), "“a”不是数字，不能用在 ** 两边", "运算符两边都要是数字；文字请直接写在模板中"),
             (lambda: power(15, 1000), "乘方 15 ** 1000 的结果太大，不是报告中能印的数", "检查乘方（**）两边的数"),
             (lambda: power(1.5, 2000), "乘方 1.5 ** 2000 的结果太大，不是报告中能印的数", "检查乘方（**）两边的数"),
             (lambda: power(0, -1), "乘方 0 ** -1 是 0 的负数次方，没有结果", "检查乘方（**）两边的数"),
             (lambda: power(-15, 0.5), "乘方 (-15) ** 0.5 是负数的小数次方，不是实数", "检查乘方（**）两边的数"),
             (lambda: percent_format("%.1f", 2.5), "用 % 格式印小数 2.5 会按二进制舍入（2.675 保留两位印成 2.67）",
              "改用 |数值(2)、|千分位(2)、|百分比(1) 等写明位数的过滤器，或 \"{:.2f}\".format(数)")]
    for call, message, fix in cases:
        with pytest.raises(FilterError) as raised:
            call()
        assert (raised.value.message, raised.value.fix) == (message, fix)
    assert FilterError("m", "f", "列表(\"获奖\")").tag == "列表(\"获奖\")"
