"""Workbook values, formulas and the number filters."""

from __future__ import annotations

import pytest
from conftest import run_cli

from reportgen.data import formulas
from reportgen.data.report_data import TableGrid
from reportgen.data.workbook import format_cell, parse_number
from reportgen.render import filters


@pytest.mark.parametrize("value, expected", [
    (2948, 2948), (15.0, 15), ("1,234", 1234), ("12%", 0.12), ("２９４８", 2948), (" 3.5 ", 3.5),
    ("二千", None), ("1,23", None), ("12%%", None), (True, None), (None, None), ("1 234", 1234), ("99.5 %", 0.995),
])
def test_parse_number(value, expected):
    assert parse_number(value) == expected and isinstance(parse_number(value), type(expected))


def test_clean_text_drops_control_characters_and_composes():
    from reportgen.data.cells import clean_text
    assert clean_text(" 河\x07阳\x1f职\u0065\u0301中\x7f ") == "河阳职\u00e9中"


@pytest.mark.parametrize("n, text", [(0, "零"), (10, "十"), (15, "十五"), (105, "一百零五"), (110, "一百一十"),
                                     (2025, "二千零二十五"), (10005, "一万零五"), (110000, "十一万"),
                                     (100010000, "一亿零一万"), (-3, "负三")])
def test_chinese_numerals_read_as_official_text_writes_them(n, text):
    assert filters.chinese_integer(n) == text


def test_tidy_number_prints_exactly_and_rounds_half_up():
    # a computed float prints with all its digits (its shortest round-trip text), never fewer
    assert filters.tidy_number(15.0) == "15" and filters.tidy_number(0.1 + 0.2) == "0.30000000000000004"
    assert filters.tidy_number(2.675, 2) == "2.68" and filters.tidy_number(-0.001, 2) == "0.00"


def test_formula_accepts_arithmetic_only():
    tree = formulas.parse("（甲 + 乙） / 丙")
    assert formulas.evaluate(tree, {"甲": 1, "乙": 2, "丙": 4}) == 0.75
    assert formulas.names_in(tree) == {"甲", "乙", "丙"}
    with pytest.raises(formulas.FormulaError):
        formulas.evaluate(formulas.parse("__import__('os')"), {})
    with pytest.raises(formulas.FormulaError):
        formulas.evaluate(formulas.parse("甲 / 0"), {"甲": 1})


def test_format_cell_follows_excel_number_format():
    assert format_cell(0.9932, "0.00%") == ("99.32%", True)
    assert format_cell(15, "General") == ("15", True)
    assert format_cell(3317.2299999, "0.00") == ("3317.23", True)
    assert format_cell("公办", "General") == ("公办", False)


def test_derived_value_follows_its_inputs(small_project):
    project = small_project(indicators=[("学校总数", 15, "所", ""), ("毕业生数", 3000, "人", ""),
                                        ("就业人数", 2700, "人", "")])
    run_cli("build", str(project))
    import docx
    texts = [p.text for p in docx.Document(project / "output" / "测试报告.docx").paragraphs]
    assert "全市共有学校 15 所，就业率 90.00%。" in texts


def test_formula_errors_name_the_cell(small_project):
    project = small_project(derived=[("就业率", "就业人 / 毕业生数", "", ""), ("环", "环 + 1", "", "")])
    result = run_cli("build", str(project))
    assert result.exit_code != 0
    assert "工作表“计算指标” 单元格 B2" in result.output and "就业人数" in result.output
    assert "处理办法：检查公式中的名称是否与“指标”表一致" in result.output
    assert "公式循环引用：环 → 环" in result.output


def test_a_broken_formula_is_blamed_once_at_its_own_cell_not_at_those_reading_it(small_project):
    """乙 reads 甲, which divides by 0: the error is 甲's, at 甲's cell, said once (乙 comes first, so 甲 is
    first worked out on 乙's behalf); 乙 and 丙, which read it, are not blamed, and 丁 after them is checked."""
    project = small_project(derived=[("乙", "甲 * 2", "", ""), ("甲", "就业人数 / (毕业生数 - 毕业生数)", "", ""),
                                     ("丙", "甲 + 1", "", ""), ("丁", "毕业生数 / 0", "", ""),
                                     ("就业率", "就业人数 / 毕业生数", "", "")])
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code == 1, result.output
        errors = [line.strip() for line in result.output.splitlines() if "[错误]" in line]
        assert errors == ["[错误] 数据.xlsx 工作表“计算指标” 单元格 B3：“甲”的公式无法计算：除数为 0",
                          "[错误] 数据.xlsx 工作表“计算指标” 单元格 B5：“丁”的公式无法计算：除数为 0"], result.output
        assert "处理办法：按上面的说明改正这个公式\n" in result.output


def test_a_value_two_formulas_read_is_worked_out_once_and_read_by_both(small_project):
    project = small_project(derived=[("甲", "就业人数 + 1", "", ""), ("乙", "甲 * 2", "", ""), ("丙", "甲 * 3", "", ""),
                                     ("就业率", "就业人数 / 毕业生数", "", "")])
    from reportgen.check import check_project
    from reportgen.project.config import load_project
    checked = check_project(load_project(project), read_only=True)
    checked.problems.raise_if_errors()
    values = checked.data.values
    assert (values["乙"], values["丙"]) == (2 * (values["就业人数"] + 1), 3 * (values["就业人数"] + 1))


def _with_shared_strings(path) -> None:
    """Rewrite the workbook at `path` the way Excel and WPS save one: every text in the shared-string
    table (openpyxl, which the tests write with, keeps text inline in each cell), longer ones as rich
    text (a run in bold) with a phonetic guide, which is not part of the text."""
    import re
    import zipfile
    from xml.sax.saxutils import escape

    from lxml import etree

    MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings: list[bytes] = []

    def shared(match) -> bytes:
        text = "".join(etree.fromstring(b'<is xmlns="%s">%s</is>' % (MAIN.encode(), match.group(2))).itertext())
        if len(text) > 1:
            strings.append(f"<r><t>{escape(text[:1])}</t></r><r><rPr><b/></rPr><t>{escape(text[1:])}</t></r>"
                           '<rPh sb="0" eb="1"><t>pin</t></rPh>'.encode())
        else:
            strings.append(match.group(2))
        return match.group(1) + b't="s"><v>%d</v></c>' % (len(strings) - 1)

    for name in [n for n in parts if n.startswith("xl/worksheets/")]:
        parts[name] = re.sub(rb'(<c [^>]*?)t="inlineStr"><is>(.*?)</is></c>', shared, parts[name])
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si>%s</si>" % s for s in strings) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    assert strings, "the rewrite found no inline text to share"


def test_workbook_saved_by_excel_builds_the_same_draft(example_dir, example_draft, tmp_path):
    """Excel keeps a workbook's text in a shared-string table; the draft is the same as from inline text."""
    import shutil

    import docx

    project = tmp_path / "excel"
    project.mkdir()
    for name in ("reportgen.toml", "templates", "data"):
        source = example_dir / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    workbook = next((project / "data").glob("*.xlsx"))
    _with_shared_strings(workbook)
    run_cli("build", str(project))

    def body(path):
        document = docx.Document(path)
        return ([p.text for p in document.paragraphs],
                [[cell.text for cell in row.cells] for table in document.tables for row in table.rows])

    assert body(next((project / "output").glob("*.docx"))) == body(example_draft)


@pytest.mark.parametrize(("formula", "value"), [
    ("四舍五入(2.675, 2)", 2.68),  # on the exact decimal, as Excel's ROUND: Python's round() gives 2.67
    ("四舍五入(1.005, 2)", 1.01),
    ("四舍五入(2.5)", 3),
    ("四舍五入(-2.5)", -3),
    ("四舍五入(0.125, 2)", 0.13),
    ("四舍五入(1234.5678, 1)", 1234.6),
    ("四舍五入(就业人数 / 毕业生数 * 100, 1)", 96.7),
    ("求和(1, 2, 3.5)", 6.5),
    ("最大(3, 9, 4)", 9),
    ("最小(3, 9, 4)", 3),
    ("最大(1.5, 2.7)", 2.7),  # two arguments, neither made whole
    ("最小(2.7, 1.5)", 1.5),
    ("四舍五入(1234.5678, 0)", 1235),
    ("四舍五入(2 / 3, 10)", 0.6666666667),
    ("四舍五入(2.675, 2.0)", 2.68),
    ("＝四舍五入（2.675，2）", 2.68),  # typed with the full-width = ( ) , of a Chinese keyboard
    ("单元格(\"表\", \"C2\") * 2", 15.0),
    ("-(就业人数 - 毕业生数) / 2", 49.0),
    ("9.99999999999999E307 * 1", 9.99999999999999e307),  # the largest number Excel holds
    ("-9.99999999999999E307 / 1", -9.99999999999999e307),
])
def test_a_formula_computes_as_excel_does(formula, value):
    from reportgen.data import formulas
    computed = formulas.evaluate(formulas.parse(formula), {"就业人数": 2850, "毕业生数": 2948},
                                 cell=lambda sheet, ref: 7.5 if (sheet, ref) == ("表", "C2") else 0)
    assert computed == value and type(computed) is type(value)


@pytest.mark.parametrize(("formula", "message"), [
    ("最大()", "函数用法有误，应为 最大(a, b, …)，至少一个数"),
    ("最小()", "函数用法有误，应为 最小(a, b, …)，至少一个数"),
    ("四舍五入(2.5, 11)", "函数用法有误，应为 四舍五入(数, 位数)，位数为 0 到 10 的整数，可省略"),
    ("四舍五入(2.5, -1)", "函数用法有误，应为 四舍五入(数, 位数)，位数为 0 到 10 的整数，可省略"),
    ("不存在 + 1", "找不到名称“不存在”"),
    ("学校名称 + 1", "“学校名称”不是数值，不能参与计算"),
    ('"人" + 1', "公式只能包含数字、指标名称、+ - * /、括号和函数 求和、最大、最小、四舍五入"),
    ("单元格(学校名称, \"C2\")", "公式只能包含"),  # a sheet's name must be written out
    ("单元格(\"表\", 2)", "公式只能包含"),
    ("四舍五入(1E308 * 10)", "数值太大，或公式嵌套太深，无法计算"),
    ("就业人数 /", "公式“就业人数 /”写法有误"),
    ("(" * 500 + "1" + ")" * 500, "写法有误"),
    ("1+" * 1000 + "1", "公式太长（2001 个字符，最多 2000 个）"),
])
def test_a_formula_that_cannot_be_computed_says_why(formula, message):
    with pytest.raises(formulas.FormulaError) as raised:
        formulas.evaluate(formulas.parse(formula), {"学校名称": "河阳职中", "就业人数": 2850},
                          cell=lambda sheet, ref: 7.5)
    assert message in str(raised.value)


def test_a_formula_of_the_greatest_length_is_computed():
    formula = "就业人数" + " " * (formulas.MAX_LENGTH - 7) + "+ 1"
    assert len(formula) == formulas.MAX_LENGTH and formulas.evaluate(formulas.parse(formula), {"就业人数": 2850}) == 2851


def test_a_table_shows_a_merged_cells_text_on_every_row_it_covers_and_nowhere_else():
    cells = [["类别", "人数", "备注"], ["公办", "8", "合并"], ["民办", "7", ""], ["合计", "15", ""]]
    grid = TableGrid(cells, [[False] * 3 for _ in cells], merges=[(1, 2, 2, 2), (3, 1, 3, 2)])
    assert grid.shown_rows() == [{0: "类别", 1: "人数", 2: "备注"}, {0: "公办", 1: "8", 2: "合并"},
                                 {0: "民办", 1: "7", 2: "合并"}, {0: "合计", 1: "15"}]


@pytest.mark.parametrize("formula", ["9.99999999999999E307 * 1.000000000001", "-9.99999999999999E307 * 2",
                                     "1E308 * 10", "1E308 * 10 - 1E308 * 10", "长整数 * 1"])  # infinite, NaN, an int beyond any float
def test_a_result_beyond_what_excel_holds_is_an_error(formula):
    with pytest.raises(formulas.FormulaError, match="超出 Excel 能表示的范围"):
        formulas.evaluate(formulas.parse(formula), {"长整数": 10 ** 400})
