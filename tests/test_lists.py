"""列表(): a sheet's rows in loops, in paragraphs and table rows; conditions; text indicators; and the
template-language errors a writer makes with them, as check and build report them."""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest
from conftest import init_project, no_warnings, run_cli

AWARDS = [["学生", "奖项", "日期", "奖金"], ["张三", "一等奖", dt.datetime(2025, 6, 1), 12000],
          [None, None, None, None], ["李四", "二等奖", dt.datetime(2025, 7, 15), 8000.5]]
LOOP = ["{%p for 行 in 列表(\"获奖情况\") %}", "{{ loop.index }}. {{ 行.学生 }}获{{ 行.奖项 }}（{{ 行.日期 }}），"
        "奖金 {{ 行.奖金 }} 元，即 {{ (行.奖金 / 10000)|万元(2) }}。", "{%p endfor %}"]


def project_with(tmp_path, lines, *, awards=AWARDS, table_template=False):
    """A project made by `reportgen init` with the chapter `lines` under the heading 概况 and a 获奖情况
    sheet of `awards` (dates and money formatted), an empty sheet 空表 and a text indicator 学校名称."""
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), *lines],
                           indicators=[("学校名称", "河阳县职业教育中心", "", "")],
                           sheets={"获奖情况": awards, "空表": [["学生", "奖项"]]})
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for row in book["获奖情况"].iter_rows(min_row=2):
        row[2].number_format = 'yyyy"年"m"月"d"日"'
        row[3].number_format = "#,##0.00"
    book.save(path)
    if table_template:
        template = project / "templates" / "章节" / "1-基本情况.docx"
        document = docx.Document(template)
        table = document.add_table(rows=4, cols=2)
        for cell, text in zip(table.rows[0].cells, ["学生", "奖项"]):
            cell.text = text
        table.cell(1, 0).text = '{%tr for 行 in 列表("获奖情况") %}'
        table.cell(2, 0).text, table.cell(2, 1).text = "{{ 行.学生 }}", "{{ 行.奖项 }}"
        table.cell(3, 0).text = "{%tr endfor %}"
        document.save(template)
    return project


def body(project) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(next((project / "output").glob("*.docx")))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("概况") + 1
    return paragraphs[start:], [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def test_a_paragraph_loop_writes_one_paragraph_per_row_skipping_blank_rows(tmp_path):
    project = project_with(tmp_path, LOOP)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    paragraphs, _ = body(project)
    assert paragraphs[:2] == ["1. 张三获一等奖（2025年6月1日），奖金 12,000.00 元，即 1.20万元。",
                              "2. 李四获二等奖（2025年7月15日），奖金 8,000.50 元，即 0.80万元。"]
    assert no_warnings(result.output), result.output


def test_a_sum_over_a_list_adds_as_a_person_does(tmp_path):
    """Jinja's |sum adds in binary: 0.7 + 0.075 is 0.7749999999999999, which |数值(2) printed 0.77."""
    awards = [["学生", "奖项", "日期", "奖金"], ["张三", "一等奖", dt.datetime(2025, 6, 1), 0.7],
              ["李四", "二等奖", dt.datetime(2025, 7, 15), 0.075]]
    project = project_with(tmp_path, ['合计{{ (列表("获奖情况")|sum(attribute="奖金"))|数值(3) }}万元，'
                                      '约{{ (列表("获奖情况")|sum(attribute="奖金"))|数值(2) }}万元。'], awards=awards)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    paragraphs, _ = body(project)
    assert paragraphs[0] == "合计0.775万元，约0.78万元。"
    assert no_warnings(result.output), result.output


def test_a_table_row_loop_writes_one_row_per_record(tmp_path):
    project = project_with(tmp_path, ["获奖学生如下表。"], table_template=True)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    _, tables = body(project)
    assert tables == [["学生", "奖项"], ["张三", "一等奖"], ["李四", "二等奖"]]
    table = docx.Document(next((project / "output").glob("*.docx"))).tables[0]
    # A table made in a template is set like the workbook's: its plain cells take 表格文字.
    assert {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs} == {"表格文字"}


@pytest.mark.parametrize("awards, shown", [(AWARDS, "共 2 项获奖。"), ([["学生", "奖项", "日期", "奖金"]], "暂无获奖。")])
def test_conditions_and_loops_over_empty_and_full_sheets(tmp_path, awards, shown):
    lines = ["{% if 列表(\"获奖情况\") %}共 {{ 列表(\"获奖情况\")|length }} 项获奖。{% else %}暂无获奖。{% endif %}",
             "{% for 行 in 列表(\"空表\") %}{{ 行.学生 }}{% else %}空表没有数据。{% endfor %}",
             "{% if 学校总数 > 10 %}学校较多{% else %}学校较少{% endif %}，{{ 学校名称 }}。"]
    project = project_with(tmp_path, lines, awards=awards)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert body(project)[0][:3] == [shown, "空表没有数据。", "学校较多，河阳县职业教育中心。"]


@pytest.mark.parametrize("lines, message", [
    (['{%p for 行 in 列表("获奖") %}', "{{ 行.学生 }}", "{%p endfor %}"],
     "第 2 段“{%p for 行 in 列表(\"获奖\") %}”：列表(\"获奖\") 中的工作表“获奖”不存在"),
    (["共有学校{{ 学校总数 }}所。", '{%p for 行 in 列表("获奖") %}', "{{ 行.学生 }}", "{%p endfor %}"],
     "第 3 段“{%p for 行 in 列表(\"获奖\") %}”：列表(\"获奖\") 中的工作表“获奖”不存在"),
    (["共有学校{{ 学校总数 }}所。", '{%p for x in 表格("学校情况") %}', "{{ x }}", "{%p endfor %}"],
     "第 3 段“{%p for x in 表格(\"学校情况\") %}”：表格(\"学校情况\") 插入表格、插图或目录"),
    (["第一段。", '{{ 插图("校园照片") }}'], "第 3 段“{{ 插图(\"校园照片\") }}”：插图(\"校园照片\") 中的名称“校园照片”在工作表"),
    (['{%p for 行 in 列表("获奖情况") %}', "{{ 行.姓名 }}", "{%p endfor %}"],
     "第 3 段“{{ 行.姓名 }}”：工作表“获奖情况”没有名为“姓名”的列"),
    (['{% for x in 表格("学校情况") %}{{ x }}{% endfor %}'], "表格(\"学校情况\") 插入表格、插图或目录，不是数据，不能用于循环"),
    (["第一段。", '{%p for 行 in 列表("获奖情况") %}', "{{ 行.学生 }}", "第五段。"],
     "第 3 段“{%p for 行 in 列表(\"获奖情况\") %}”：“{%p for 行 in 列表(\"获奖情况\") %}”没有对应的“{% endfor %}”"),
    (['{% if 学校总数 > 10 %}多。'], "第 2 段“{% if 学校总数 > 10 %}多。”：“{% if 学校总数 > 10 %}”没有对应的“{% endif %}”"),
    (['{{ 表("学校情况") }}'], "没有名为“表”的函数"),
    (['{{ 列表("获奖情况")|sum(attribute="学生") }}'], "第 2 段“{{ 列表(\"获奖情况\")|sum(attribute=\"学生\") }}”：模板中的过滤器或计算用在了不合适的值上"),
    (['{{ 学校总数|千分 }}'], "没有名为“千分”的过滤器"),
    (['{{ 学校名称 + 1 }}'], "模板中的过滤器或计算用在了不合适的值上"),
])
def test_template_language_mistakes_are_errors_at_their_paragraph(tmp_path, lines, message):
    project = project_with(tmp_path, lines)
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code == 1, result.output
        assert f"templates/章节/1-基本情况.docx {message}" in result.output or message in result.output, result.output
        assert "内部错误" not in result.output and "Traceback" not in result.output
        assert not any(word in result.output for word in ("Unexpected", "undefined", "Encountered", "jinja"))


def test_a_text_indicator_is_text_where_its_unit_is_blank_but_not_in_a_formula(tmp_path):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 地区名称 }}"])
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["计算指标"].append(["错", "地区名称 * 2", "", ""])
    book.save(path)
    result = run_cli("check", str(project))
    assert result.exit_code == 1
    assert "“错”的公式无法计算：“地区名称”不是数值，不能参与计算" in result.output, result.output


@pytest.mark.parametrize("sheet, kept", [("获奖情况", "有数据。"), ("空表", "没有数据。")])
def test_a_paragraph_condition_keeps_one_branch_and_drops_its_tag_paragraphs(tmp_path, sheet, kept):
    project = project_with(tmp_path, [f'{{%p if 列表("{sheet}") %}}', "有数据。", "{%p else %}", "没有数据。",
                                      "{%p endif %}", "尾段。"])
    assert run_cli("build", str(project)).exit_code == 0
    assert body(project)[0][:2] == [kept, "尾段。"]


def test_every_mistake_of_a_template_is_reported_at_once(tmp_path):
    project = project_with(tmp_path, ["{{ 学校总数|千分 }}", "第二段。", "{{ 牵头部门 }}", "{{ 表(\"学校情况\") }}"])
    for command in ("check", "build"):
        output = run_cli(command, str(project)).output
        assert "第 2 段“{{ 学校总数|千分 }}”：没有名为“千分”的过滤器" in output, output
        assert "第 4 段“{{ 牵头部门 }}”：模板使用的名称“牵头部门”在数据中没有定义" in output, output
        assert "第 5 段“{{ 表(\"学校情况\") }}”：没有名为“表”的函数" in output, output


def test_a_logical_cell_prints_as_excel_shows_it_and_decides_a_condition(tmp_path):
    awards = [["学生", "奖项", "日期", "奖金", "国家级"], ["张三", "一等奖", dt.datetime(2025, 6, 1), 12000, True],
              ["李四", "二等奖", dt.datetime(2025, 7, 15), 8000.5, False]]
    lines = ["{%p for 行 in 列表(\"获奖情况\") %}",
             "{{ 行.学生 }}：{{ 行.国家级 }}，{% if 行.国家级 %}国家级{% else %}省级{% endif %}"
             "{% if 行.国家级 == true %}（是）{% endif %}。",
             "{%p endfor %}"]
    project = project_with(tmp_path, lines, awards=awards)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    paragraphs, _ = body(project)
    assert paragraphs[:2] == ["张三：TRUE，国家级（是）。", "李四：FALSE，省级。"]
