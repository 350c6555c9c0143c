"""Template problems are reported with the template, the paragraph and a fix."""

from __future__ import annotations

from conftest import run_cli


def _build(project):
    result = run_cli("build", str(project))
    assert result.exit_code != 0
    assert not (project / "output" / "测试报告.docx").exists()
    assert "Traceback" not in result.output
    return result.output


def test_undefined_names_are_all_listed_with_suggestions(small_project):
    project = small_project(sections={"概况": ["概况", "学校 {{ 学校总 }} 所，毕业生 {{ 毕业数 }} 人。"]})
    output = _build(project)
    assert "“学校总”在数据中没有定义" in output and "学校总数" in output
    assert "“毕业数”在数据中没有定义" in output and "毕业生数" in output


def test_syntax_error_quotes_the_paragraph(small_project):
    project = small_project(sections={"概况": ["概况", "第一段。", "学校 {{ 学校总数 所。"]})
    output = _build(project)
    assert "templates/1-概况.docx" in output
    assert "学校 {{ 学校总数 所" in output


def test_sandbox_refuses_internals(small_project):
    project = small_project(sections={"概况": ["概况", "{{ 报告.__class__.__mro__ }}"]})
    output = _build(project)
    assert "不允许的操作" in output


def test_block_tag_must_stand_alone(small_project):
    project = small_project(sections={"概况": ["概况", '见下图：{{ 插图("校园") }}']})
    output = _build(project)
    assert '插图("校园") 须单独占正文中的一段' in output
    result = run_cli("check", str(project))  # one verdict: check finds it too
    assert result.exit_code != 0 and '插图("校园") 须单独占正文中的一段' in result.output


def test_unknown_table_and_figure_names(small_project):
    project = small_project(sections={"概况": ["概况", '{{ 表格("学校情") }}', '{{ 插图("校") }}']})
    output = _build(project)
    assert '表格("学校情")' in output and "学校情况" in output
    assert '插图("校")' in output and "校园" in output


def test_sandbox_refuses_imports(small_project):
    project = small_project(sections={"概况": ["概况", '{% import "os" as os %}{{ os }}']})
    output = _build(project)
    assert "不能导入、包含或继承其他文件" in output and '第 2 段“{% import "os" as os %}' in output


def test_filter_on_wrong_value_is_reported(small_project):
    project = small_project(sections={"概况": ["概况", '{{ 学校总数|百分比("两位") }}']})
    output = _build(project)
    assert "过滤器 |百分比(\"两位\") 的位数应为 0 到 10 的整数" in output and "学校总数|百分比" in output
