"""Every value exactly as the workbook holds it: a project made by `reportgen init`, its workbook given
hostile numbers, built through the CLI and the draft read back.

openpyxl writes floats through repr and cannot write INF, NaN or more digits than a float keeps, so a
cell's stored text is set afterwards in the package itself (`store_texts`), as another program would
write it."""

from __future__ import annotations

import datetime
import re
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from conftest import init_project, require_renderer, run_cli
from lxml import etree

NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}

BODY_START = "概况"


def store_texts(workbook, texts: dict[int, str]) -> None:
    """Replace, in every worksheet of `workbook`, a number cell holding the placeholder key of `texts` by
    the key's text: the cell then holds exactly that text (<v>…</v>)."""
    with zipfile.ZipFile(workbook) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            text = data.decode("utf-8")
            for placeholder, stored in texts.items():
                text = text.replace(f"<v>{placeholder}</v>", f"<v>{stored}</v>")
            parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def project(folder, lines, *, indicators=(), sheets=None, derived=(), tables=(), formats=None, merges=None,
            stored=None):
    """A project made by `reportgen init`, its chapter `lines` under the heading 概况: `indicators` and
    `derived` rows added, `sheets` ({name: rows}) added, `tables` rows added to 表格清单, `formats`
    ({(sheet, cell): number format}), `merges` ({sheet: [ranges]}), `stored` ({placeholder: text})."""
    made = init_project(folder, [(BODY_START, "Heading 1"), *lines], indicators=indicators, sheets=sheets)
    path = made / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for row in derived:
        book["计算指标"].append(list(row))
    for row in tables:
        book["表格清单"].append(list(row))
    for (sheet, ref), number_format in (formats or {}).items():
        book[sheet][ref].number_format = number_format
    for sheet, ranges in (merges or {}).items():
        for merge in ranges:
            book[sheet].merge_cells(merge)
    book.save(path)
    store_texts(path, stored or {})
    return made


def built(made, count: int) -> list[str]:
    """The first `count` paragraphs after the heading 概况 of a successful build's draft."""
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    assert "内部错误" not in result.output
    paragraphs = [p.text for p in docx.Document(next((made / "output").glob("*.docx"))).paragraphs]
    start = paragraphs.index(BODY_START) + 1
    return paragraphs[start:start + count]


def built_table(made, corner: str) -> list[list[str]]:
    """The text of each cell, row by row, of the table whose first cell is `corner`, in a successful
    build's draft (python-docx repeats a merged cell's text in each grid cell it spans)."""
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    table = next(t for t in docx.Document(next((made / "output").glob("*.docx"))).tables if t.cell(0, 0).text == corner)
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_a_decimal_prints_as_the_cell_holds_it_through_every_filter(tmp_path):
    lines = ["{{ 金额|千分位(2) }}", "{{ 金额 }}", "{{ 金额|数值(2) }}", "{{ 金额|万元(4) }}", "{{ 金额|亿元(6) }}",
             "{{ 长数|千分位(9) }}", "{{ 长数|数值(8) }}", "{{ 比率|百分比(8) }}", "{{ 半|数值(2) }}",
             "{{ 全角|千分位(2) }}", "{{ 长整数|千分位 }}", "{{ 负零 }}", "{{ 负零|数值(2) }}", "{{ 舍入 }}",
             "{{ 算出|千分位(2) }}", "{{ 全角长数|千分位(9) }}"]
    made = project(tmp_path / "项目", lines,
                   indicators=[("金额", 123456789.12, "元", ""), ("长数", 777001, "", ""), ("比率", 777002, "比例", ""),
                               ("半", 2.675, "", ""), ("全角", "１２３４５６７８９．１２", "", ""),
                               ("长整数", 777003, "", ""), ("负零", 777004, "", ""), ("四舍五入前", 2.675, "", ""),
                               ("全角长数", "１２３４５６７８９０．１２３４５６７８９", "", "")],
                   derived=[("舍入", "四舍五入(四舍五入前, 2)", "", ""), ("算出", "金额 * 3 / 3", "", "")],
                   stored={777001: "1234567890.123456789", 777002: "0.12345678912345678",
                           777003: "123456789012345678901234567890", 777004: "-0.0"})
    assert built(made, len(lines)) == [
        "123,456,789.12", "123456789.12", "123456789.12", "12345.6789万元", "1.234568亿元",
        "1,234,567,890.123456789", "1234567890.12345679", "12.34567891%", "2.68",
        "123,456,789.12", "123,456,789,012,345,678,901,234,567,890", "0", "0.00", "2.68", "123,456,789.12",
        "1,234,567,890.123456789"]


def test_table_cells_print_exactly_and_empty_format_sections_print_nothing(tmp_path):
    rows = [["项目", "数值"], ["金额", 123456789.12], ["通用", 123456789.12], ["长数", 777001],
            ["负数", -5], ["零", 0], ["正数", 5], ["括号", -1234.5], ["隐藏", 7], ["负号在后", -1234.5],
            ["带字常规", -5], ["约数", 1234.5], ["万元", 123456789], ["百万", 1234567]]
    made = project(tmp_path / "项目", ['{{ 表格("数值表") }}'], sheets={"数值": rows},
                   tables=[("数值表", "数值", "数值表", 1)],
                   formats={("数值", "B2"): "#,##0.00", ("数值", "B3"): "General", ("数值", "B4"): "#,##0.000000000",
                            ("数值", "B5"): '0;;"零"', ("数值", "B6"): '0;;"零"', ("数值", "B7"): '0;;"零"',
                            ("数值", "B8"): "#,##0.00;(#,##0.00)", ("数值", "B9"): ";;;",
                            ("数值", "B10"): "#,##0.00;#,##0.00-", ("数值", "B11"): "General;(General)",
                            ("数值", "B12"): '"约"General"人"', ("数值", "B13"): '0!.0000"万元"',
                            ("数值", "B14"): '0.0,,"百万"'},
                   stored={777001: "1234567890.123456789"})
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    table = next(t for t in docx.Document(next((made / "output").glob("*.docx"))).tables
                 if t.cell(0, 0).text == "项目")
    shown = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert shown == {"金额": "123,456,789.12", "通用": "123456789.12", "长数": "1,234,567,890.123456789",
                     "负数": "", "零": "零", "正数": "5", "括号": "(1,234.50)", "隐藏": "", "负号在后": "1,234.50-",
                     "带字常规": "(5)", "约数": "约1234.5人", "万元": "12345.6789万元", "百万": "1.2百万"}


def test_text_prints_with_the_words_of_its_cells_text_section(tmp_path):
    rows = [["项目", "名称"], ["学校", "河阳职中"], ["隐藏", "不印"], ["文本", "原样"]]
    made = project(tmp_path / "项目", ["本校为{{ 校名 }}。", '{% for 行 in 列表("名称") %}{{ 行.名称 }}；{% endfor %}',
                                      '{{ 表格("名称表") }}'], sheets={"名称": rows},
                   indicators=[("校名", "河阳职中", "文字", "")], tables=[("名称表", "名称", "名称表", 1)],
                   formats={("名称", "B2"): '0;-0;0;"学校："@', ("名称", "B3"): ";;;", ("名称", "B4"): "@"})
    book = openpyxl.load_workbook(made / "data" / "报告数据.xlsx")
    next(row[1] for row in book["指标"].iter_rows(min_row=2) if row[0].value == "校名").number_format = '"“"@"”"'
    book.save(made / "data" / "报告数据.xlsx")
    assert built(made, 2) == ["本校为“河阳职中”。", "河阳职中；不印；原样；"]  # a list holds the cells' own text
    table = next(t for t in docx.Document(next((made / "output").glob("*.docx"))).tables
                 if t.cell(0, 0).text == "项目")
    assert [row.cells[1].text for row in table.rows[1:]] == ["学校：河阳职中", "", "原样"]


def test_a_formatted_blank_cell_leaves_the_cells_after_it_in_the_table(tmp_path):
    """A blank cell given a format (borders, a number format) is in the sheet's XML without a value."""
    rows = [["项目", "数值"], ["未填", None], ["人数", 15]]
    made = project(tmp_path / "项目", ['{{ 表格("数值表") }}'], sheets={"数值": rows},
                   tables=[("数值表", "数值", "数值表", 1)], formats={("数值", "B2"): "0.00"})
    assert built_table(made, "项目") == [["项目", "数值"], ["未填", ""], ["人数", "15"]]


def errors_typed(made, cells: dict[tuple[str, str], str]) -> None:
    """Set the cells' data types as Excel writes them: "e" for an error value, "s" for typed text."""
    path = made / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for (sheet, ref), kind in cells.items():
        book[sheet][ref].data_type = kind
    book.save(path)


def test_an_indicator_showing_an_excel_error_of_any_code_is_named_not_printed(tmp_path):
    """Excel keeps adding error codes (#BLOCKED!, #FIELD!, …): a cell it marks as an error is one whatever
    its text.  Under 单位 “文字” an indicator printed "#EXTERNAL!" as its words."""
    made = project(tmp_path / "项目", ["状态：{{ 状态 }}。"], indicators=[("状态", "#EXTERNAL!", "", "")])
    errors_typed(made, {("指标", "B10"): "e"})
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        assert "工作表“指标” 单元格 B10：指标“状态”显示 Excel 的错误值 #EXTERNAL!（" in result.output, result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_caption_showing_an_excel_error_is_named_not_printed(tmp_path):
    """A 表题 or 单位 worked out by a formula that failed would be the caption "#N/A"."""
    made = project(tmp_path / "项目", ['{{ 表格("数值表") }}'], tables=[("数值表", "数值", "#N/A", 1, "#REF!")],
                   sheets={"数值": [["项目", "数值"], ["甲", 1]]})
    book = openpyxl.load_workbook(made / "data" / "报告数据.xlsx")
    row = next(r[0].row for r in book["表格清单"].iter_rows(min_row=2) if r[0].value == "数值表")
    errors_typed(made, {("表格清单", f"C{row}"): "e", ("表格清单", f"E{row}"): "e"})
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        for named in (f"工作表“表格清单” 单元格 C{row}：“表题”显示 Excel 的错误值 #N/A",
                      f"工作表“表格清单” 单元格 E{row}：“单位”显示 Excel 的错误值 #REF!"):
            assert named in result.output, result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_table_cell_showing_an_excel_error_is_named_whoever_typed_it(tmp_path):
    made = project(tmp_path / "项目", ['{{ 表格("数值表") }}'], tables=[("数值表", "数值", "数值表", 1)],
                   sheets={"数值": [["项目", "数值"], ["甲", "#EXTERNAL!"], ["乙", "#N/A"]]})
    errors_typed(made, {("数值", "B2"): "e", ("数值", "B3"): "s"})  # an error Excel wrote; its text typed
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        for named in ("工作表“数值” 单元格 B2：单元格显示 Excel 的错误值 #EXTERNAL!（它的公式算不出结果），会原样印在表格中\n",
                      "工作表“数值” 单元格 B3：单元格显示 Excel 的错误值 #N/A"):
            assert named in result.output, result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_formula_result_saved_in_full_rounds_as_excel_shows_it(tmp_path):
    """Excel saves =3.675-1 as 2.6749999999999998 and shows it under 0.00 as 2.68: it rounds from the 15
    significant digits it keeps.  Rounded from all 17, the draft said 2.67."""
    made = project(tmp_path / "项目", ["值：{{ 算得|数值(2) }}、{{ 算得|round(2) }}、{{ 算得|千分位(2) }}。", '{{ 表格("数值表") }}'],
                   indicators=[("算得", 777301, "", "")],
                   sheets={"数值": [["项目", "数值"], ["甲", 777302], ["乙", 777303], ["长数", 777304]]},
                   tables=[("数值表", "数值", "数值表", 1)],
                   formats={("数值", "B2"): "0.00", ("数值", "B3"): "0.00%", ("数值", "B4"): "0.00"},
                   stored={777301: "2.6749999999999998", 777302: "2.6749999999999998", 777303: "0.96684999999999999",
                           777304: "2.674999999999999999"})  # not a double written out: exact text, rounded as it is
    assert built(made, 1) == ["值：2.68、2.68、2.68。"]
    assert [row[1] for row in built_table(made, "项目")[1:]] == ["2.68", "96.69%", "2.67"]


def test_a_merged_cell_of_a_list_is_the_value_of_every_row_it_spans(tmp_path):
    lines = ['{%p for 行 in 列表("获奖") %}', "{{ 行.学生 }}在{{ 行.赛项 }}中获{{ 行.奖项 }}", "{%p endfor %}",
             "{{ 投入甲|万元 }}", "{{ 投入乙|万元 }}"]
    rows = [["学生", "赛项", "奖项"], ["张三", "技能大赛", "一等奖"], ["李四", None, "二等奖"], ["王五", None, "三等奖"],
            ["赵六", "创新大赛", "一等奖"]]
    made = project(tmp_path / "项目", lines, sheets={"获奖": rows},
                   indicators=[("投入甲", 1234500, "元", ""), ("投入乙", 6789000, None, "")],
                   merges={"获奖": ["B2:B4"], "指标": ["C10:C11"]})  # 单位 “元” merged over both amounts
    assert built(made, 6) == ["张三在技能大赛中获一等奖", "李四在技能大赛中获二等奖", "王五在技能大赛中获三等奖",
                              "赵六在创新大赛中获一等奖", "123.45万元", "678.90万元"]


def test_a_merged_header_cell_and_merged_table_cells_stay_as_they_are(tmp_path):
    """Tables keep a merge as one cell; only rows read as records share its value."""
    rows = [["类别", "数量"], ["甲", 1], [None, 2], ["乙", 3]]
    made = project(tmp_path / "项目", ['{{ 表格("合并表") }}'], sheets={"合并": rows},
                   tables=[("合并表", "合并", "合并表", 1)], merges={"合并": ["A2:A3"]})
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    table = next(t for t in docx.Document(next((made / "output").glob("*.docx"))).tables if t.cell(0, 0).text == "类别")
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["类别", "数量"], ["甲", "1"], ["甲", "2"], ["乙", "3"]]  # python-docx repeats a vertical merge's text
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc  # one merged cell, not two cells with the same text


def test_a_merge_reaching_below_the_last_value_keeps_its_rows_and_no_more(tmp_path):
    """The table ends where its last merge ends, though the cells it covers there are blank."""
    rows = [["类别", "数量"], ["甲", 1], ["合计", 3]]
    made = project(tmp_path / "项目", ['{{ 表格("合并表") }}'], sheets={"合并": rows},
                   tables=[("合并表", "合并", "合并表", 1)], merges={"合并": ["A3:A4"]})
    assert built_table(made, "类别") == [["类别", "数量"], ["甲", "1"], ["合计", "3"], ["合计", ""]]


def test_a_merge_reaching_right_of_the_last_value_keeps_its_columns_and_no_more(tmp_path):
    rows = [["类别", "数量"], ["甲", 1], ["合计", 3]]
    made = project(tmp_path / "项目", ['{{ 表格("合并表") }}'], sheets={"合并": rows},
                   tables=[("合并表", "合并", "合并表", 1)], merges={"合并": ["B1:C1"]})
    assert built_table(made, "类别") == [["类别", "数量", "数量"], ["甲", "1", ""], ["合计", "3", ""]]


HOSTILE = {  # placeholder: (the cell's stored text, what the problem names)
    777101: ("1e+308", "“1e+308”不是 Excel 能保存的数"),
    777102: ("INF", "“INF”不是 Excel 能保存的数"),
    777103: ("NaN", "“NaN”不是 Excel 能保存的数"),
    777104: ("1e-320", "“1e-320”不是 Excel 能保存的数"),
    777105: ("-INF", "“-INF”不是 Excel 能保存的数"),
}


def test_numbers_excel_cannot_hold_are_named_problems_all_at_once(tmp_path):
    names = [f"坏数{i}" for i in range(len(HOSTILE))]
    indicators = [(name, placeholder, "", "") for name, placeholder in zip(names, HOSTILE)]
    made = project(tmp_path / "项目", ["{{ 坏数0 }}", "{{ 溢出 }}", "{{ 大数乘方 }}"],
                   indicators=[*indicators, ("很大", 1e200, "", "")],
                   derived=[("溢出", "很大 * 很大", "", ""), ("大数乘方", "坏数0 * 2", "", "")],
                   stored={placeholder: text for placeholder, (text, _) in HOSTILE.items()})
    first_row = 10  # the init workbook's 指标 has 9 rows, the header included
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        assert "内部错误" not in result.output and "Traceback" not in result.output
        for row, (_, named) in enumerate(HOSTILE.values(), start=first_row):
            assert re.search(rf"工作表“指标” 单元格 B{row}：指标“坏数{row - first_row}”的数值{re.escape(named)}",
                             result.output), \
                (named, result.output)
        assert re.search(r"工作表“计算指标” 单元格 B\d+：“溢出”的公式无法计算：计算结果太大，不是有限的数，或超出 Excel 能表示的范围",
                         result.output), result.output
        assert "大数乘方" not in result.output  # it reads a number reported at its own cell
        assert f"{len(HOSTILE) + 1} 个错误" in result.output, result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_number_excel_cannot_hold_in_a_table_or_a_list_is_named(tmp_path):
    table = project(tmp_path / "表", ['{{ 表格("坏表") }}'], sheets={"坏": [["项目", "数值"], ["甲", 777201]]},
                    tables=[("坏表", "坏", "坏表", 1)], stored={777201: "1e999"})
    listed = project(tmp_path / "列表", ['{%p for 行 in 列表("坏列表") %}', "{{ 行.数 }}", "{%p endfor %}"],
                     sheets={"坏列表": [["数"], [777202]]}, stored={777202: "NaN"})
    for made, named in ((table, "工作表“坏” 单元格 B2：单元格的数值“1e999”不是 Excel 能保存的数"),
                        (listed, "工作表“坏列表”单元格 A2 显示 Excel 的错误值 #NUM!")):
        for command in ("check", "build"):
            result = run_cli(command, str(made))
            assert result.exit_code == 1, result.output
            assert "内部错误" not in result.output and "Traceback" not in result.output
            assert named in result.output, result.output


def test_a_merged_category_of_chart_data_is_each_rows_category(tmp_path):
    """A chart's rows are records too: a category merged over two rows labels both points, none is lost."""
    rows = [["专业大类", "在校生数"], ["装备制造", 3200], [None, 2800], ["医药卫生", 2500]]
    made = project(tmp_path / "项目", ['{{ 插图("专业分布") }}'], sheets={"图表-专业分布": rows},
                   merges={"图表-专业分布": ["A2:A3"]})
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next((made / "output").glob("*.docx"))) as archive:
        chart = archive.read("word/charts/chart1.xml").decode("utf-8")
    assert re.findall(r"<c:v>([^<]*)</c:v>", chart) == ["在校生数", "装备制造", "装备制造", "医药卫生",
                                                          "3200", "2800", "2500"]


def dated(folder, unit: str, number_format: str | None):
    """A project whose indicator 统计时点 is the date 2025-09-01 with `unit`, under `number_format`."""
    made = project(folder, ["统计时点为 {{ 统计时点 }}。"], indicators=[("统计时点", datetime.date(2025, 9, 1), unit, "")])
    path = made / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    cell = next(row[1] for row in book["指标"].iter_rows(min_row=2) if row[0].value == "统计时点")
    if number_format:
        cell.number_format = number_format
    book.save(path)
    return made, cell.coordinate


def test_a_date_indicator_prints_as_its_cell_shows_it(tmp_path):
    """A date typed into 指标 (单位 left empty) is text as Excel shows it, not a serial or
    "2025-09-01 00:00:00"."""
    made, _ = dated(tmp_path / "中文", "", 'yyyy"年"m"月"d"日"')
    assert built(made, 1) == ["统计时点为 2025年9月1日。"]
    made, _ = dated(tmp_path / "默认", "文字", None)
    assert built(made, 1) == ["统计时点为 2025-09-01。"]


def test_a_date_indicator_with_a_unit_is_an_error_that_shows_the_date(tmp_path):
    made, cell = dated(tmp_path / "项目", "人", 'yyyy"年"m"月"d"日"')
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        assert f"工作表“指标” 单元格 {cell}：指标“统计时点”的数值是日期或时间（2025年9月1日），而单位是“人”\n" \
            in result.output, result.output
        assert "处理办法：要印出这个日期，把“单位”留空或写“文字”" in result.output, result.output


def test_a_true_or_false_indicator_is_an_error_that_names_it_as_excel_shows_it(tmp_path):
    """A comparison's TRUE is neither a number nor words a report prints; the hint is not the one for
    text (leave 单位 empty), which the writer of 达标 below already followed."""
    made = project(tmp_path / "项目", ["达标：{{ 达标 }}，{{ 未达标 }}。"],
                   indicators=[("达标", True, "", ""), ("未达标", False, "人", "")])
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        for row, (name, shown) in enumerate((("达标", "TRUE"), ("未达标", "FALSE")), start=10):
            assert f"工作表“指标” 单元格 B{row}：指标“{name}”的数值是逻辑值 {shown}（" in result.output, result.output
        assert "不是数字" not in result.output and re.search(r"(?<!\d)2 个错误", result.output), result.output
    assert not list((made / "output").glob("*.docx"))


def test_a_blank_row_in_chart_data_leaves_the_rows_after_it_in_the_chart(tmp_path):
    rows = [["专业大类", "在校生数"], ["装备制造", 3200], [None, None], ["医药卫生", 2500]]
    made = project(tmp_path / "项目", ['{{ 插图("专业分布") }}'], sheets={"图表-专业分布": rows})
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    assert re.findall(r"<c:v>([^<]*)</c:v>", chart_xml(made)) == ["在校生数", "装备制造", "医药卫生", "3200", "2500"]


def test_chart_data_without_its_category_is_an_error_not_left_out(tmp_path):
    """A value whose category the writer forgot would silently be missing from the chart."""
    rows = [["专业大类", "在校生数", "说明"], ["装备制造", 3200, None], [None, None, "注"], [None, 99, None]]
    made = project(tmp_path / "项目", ['{{ 插图("专业分布") }}'], sheets={"图表-专业分布": rows})
    for command in ("check", "build"):
        result = run_cli(command, str(made))
        assert result.exit_code == 1, result.output
        assert "工作表“图表-专业分布” 单元格 A4：第 4 行有图表数据（99）但没有类别\n" in result.output, result.output
        assert "第 3 行" not in result.output, result.output  # a note alone is no data
    assert not list((made / "output").glob("*.docx"))


def test_a_pie_takes_zero_and_fractional_shares_and_a_column_chart_a_negative_value(tmp_path):
    """Only a negative share is refused, and only in a pie; every value is charted exactly as held."""
    values = {"饼图": [("装备制造", 0), ("医药卫生", 0.5), ("财经商贸", 99.5)],
              "柱形图": [("装备制造", -12.25), ("医药卫生", 0), ("财经商贸", 3200)]}
    for kind, rows in values.items():
        made = project(tmp_path / kind, ['{{ 插图("专业分布") }}'],
                       sheets={"图表-专业分布": [["专业大类", "在校生数"], *map(list, rows)]})
        path = made / "data" / "报告数据.xlsx"
        book = openpyxl.load_workbook(path)
        book["图片清单"]["F2"] = kind
        book.save(path)
        result = run_cli("build", str(made))
        assert result.exit_code == 0, result.output
        assert re.findall(r"<c:v>([^<]*)</c:v>", chart_xml(made)) == \
            ["在校生数", *(name for name, _ in rows), *(str(value) for _, value in rows)]


def formatted_chart(folder):
    """A chart whose categories are a date and a percentage, one series of shares under "0.0%" and one
    of counts, one of them under "#,##0.0", named by a year under '0"年"' (as a writer formats cells in
    Excel)."""
    rows = [["年份", "就业率", 2024], [datetime.date(2023, 9, 1), 0.5, 1420], [0.5, 0.25, 1466.25],
            [2025, 0.125, 1512]]
    formats = {("图表-专业分布", "A2"): 'yyyy"年"m"月"', ("图表-专业分布", "A3"): "0%", ("图表-专业分布", "C1"): '0"年"',
               **{("图表-专业分布", f"B{row}"): "0.0%" for row in (2, 3, 4)}, ("图表-专业分布", "C3"): "#,##0.0"}
    return project(folder, ['{{ 插图("专业分布") }}'], sheets={"图表-专业分布": rows}, formats=formats)


def chart_xml(made) -> str:
    with zipfile.ZipFile(next((made / "output").glob("*.docx"))) as archive:
        return archive.read("word/charts/chart1.xml").decode("utf-8")


def series_label_formats(chart: str) -> list[list[tuple[str | None, str]]]:
    """Per series, its labels' number formats: (point index or None for the series', format code)."""
    root = etree.fromstring(chart.encode("utf-8"))
    return [[(label.find("c:idx", NS).get("val"), label.find("c:numFmt", NS).get("formatCode"))
             for label in ser.iterfind("c:dLbls/c:dLbl", NS)]
            + [(None, shown.get("formatCode")) for shown in ser.iterfind("c:dLbls/c:numFmt", NS)]
            for ser in root.iterfind(".//c:ser", NS)]


def test_a_chart_shows_categories_and_labels_as_the_workbook_formats_them(tmp_path):
    """A date category reads as the sheet shows it (not "2023-09-01 00:00:00"), a 50% category as 50%
    (not 0.5), and each series labels its values with its own number format: LibreOffice labels every
    series with the first one's unless each has its own (1420 would read 142000.0%)."""
    made = formatted_chart(tmp_path / "项目")
    result = run_cli("build", str(made))
    assert result.exit_code == 0, result.output
    chart = chart_xml(made)
    categories = re.findall(r"<c:cat>.*?</c:cat>", chart)
    assert all(re.findall(r"<c:v>([^<]*)</c:v>", cat) == ["2023年9月", "50%", "2025"] for cat in categories), chart
    names = [re.findall(r"<c:v>([^<]*)</c:v>", name) for name in re.findall(r"<c:tx>.*?</c:tx>", chart)]
    assert names == [["就业率"], ["2024年"]], chart
    assert series_label_formats(chart) == [[(None, "0.0%")], [("1", "#,##0.0"), (None, "General")]]


def test_a_chart_without_number_formats_has_no_labels_of_its_own(tmp_path):
    made = project(tmp_path / "项目", ['{{ 插图("专业分布") }}'],
                   sheets={"图表-专业分布": [["专业大类", "在校生数"], ["装备制造", 3200], ["医药卫生", 2500.5]]})
    assert run_cli("build", str(made)).exit_code == 0
    assert series_label_formats(chart_xml(made)) == [[]]


@pytest.mark.slow
def test_a_rendered_chart_labels_each_value_as_the_workbook_shows_it(tmp_path):
    require_renderer()
    made = formatted_chart(tmp_path / "项目")
    assert run_cli("build", str(made)).exit_code == 0
    result = run_cli("pdf", str(made))
    assert result.exit_code == 0, result.output
    pdf = next((made / "output").glob("*.pdf"))
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    for label in ("50.0%", "25.0%", "12.5%", "1420", "1,466.3", "1512", "50%", "2025"):
        assert label in words, (label, words)
    assert "2023年9月" in "".join(words)  # LibreOffice sets a space between the digits and 年
    assert not [word for word in words if word.startswith(("1420", "1466", "1512")) and word.endswith("%")], words


RULES_HEADER = ["规则", "公式", "允许误差"]


def test_a_rule_reading_a_number_excel_cannot_hold_names_the_cell_and_its_text(tmp_path):
    made = project(tmp_path / "项目", ["正文。"], stored={777301: "1e999"},
                   sheets={"坏": [["数"], [777301]], "校验规则": [RULES_HEADER, ["核对", '单元格("坏", "A2") = 1', None]]})
    result = run_cli("check", str(made))
    assert result.exit_code == 1, result.output
    assert "规则“核对”无法计算：工作表“坏”单元格 A2 的数值“1e999”不是 Excel 能保存的数\n" in result.output, result.output


def test_the_summary_counts_the_rules_checked(tmp_path):
    made = project(tmp_path / "项目", ["正文。"],
                   sheets={"核对表": [["数"], [5]], "校验规则": [RULES_HEADER, ["核对", '单元格("核对表", "A2") = 5', None],
                                                               ["再核对", '单元格("核对表", "A2") * 2 = 10', None]]})
    result = run_cli("check", str(made))
    assert result.exit_code == 0, result.output
    assert "，2 条校验规则，" in result.output, result.output
