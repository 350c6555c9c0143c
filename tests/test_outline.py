"""Heading numbers: presets, the writer's own patterns, and their checks."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import pdf_pages, run_cli, to_pdf
from docx.oxml.ns import qn

from reportgen.project.heading_numbers import chinese_number

SECTIONS = {"概况": ["概况", ("学校概况", "Heading 2"), ("办学条件", "Heading 3"), ("校舍", "Heading 4"), "正文。",
                     ("专业设置", "Heading 2")],
            "培养": ["培养", ("德育", "Heading 2")]}


def _levels(draft):
    """(lvlText, numFmt, suff) of the heading list's first four levels."""
    numbering = docx.Document(draft).part.numbering_part.element
    abstract = [a for a in numbering.findall(qn("w:abstractNum"))
                if a.find(f"{qn('w:lvl')}/{qn('w:pStyle')}") is not None][-1]
    return [(lvl.find(qn("w:lvlText")).get(qn("w:val")), lvl.find(qn("w:numFmt")).get(qn("w:val")),
             lvl.find(qn("w:suff")).get(qn("w:val"))) for lvl in abstract.findall(qn("w:lvl"))[:4]]


@pytest.mark.parametrize("preset, expected", [
    ("decimal-dot", [("%1.", "decimal", "nothing"), ("%1.%2", "decimal", "space"),
                     ("%1.%2.%3", "decimal", "space"), ("%1.%2.%3.%4", "decimal", "space")]),
    ("decimal", [("%1", "decimal", "space"), ("%1.%2", "decimal", "space"),
                 ("%1.%2.%3", "decimal", "space"), ("%1.%2.%3.%4", "decimal", "space")]),
    ("gongwen", [("%1、", "chineseCounting", "nothing"), ("（%2）", "chineseCounting", "nothing"),
                 ("%3.", "decimal", "nothing"), ("（%4）", "decimal", "nothing")]),
])
def test_presets_define_word_list_levels(small_project, preset, expected):
    project = small_project(sections=SECTIONS, profile=f'heading_outline = "{preset}"')
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert _levels(project / "output" / "测试报告.docx") == expected


def test_custom_patterns_and_unnumbered_levels(small_project):
    project = small_project(sections=SECTIONS, profile='heading1_number = "第一章 "\nheading2_number = "1.1"\n'
                                                       'heading_outline = "gongwen"\nheading4_number = "无"')
    assert run_cli("build", str(project)).exit_code == 0
    levels = _levels(project / "output" / "测试报告.docx")
    assert levels[0] == ("第%1章 ", "chineseCounting", "nothing")
    assert levels[1] == ("%1.%2", "decimal", "space")
    numbering = docx.Document(project / "output" / "测试报告.docx").part.numbering_part.element
    legal = [lvl.get(qn("w:ilvl")) for lvl in numbering.iter(qn("w:lvl")) if lvl.find(qn("w:isLgl")) is not None]
    assert legal == ["1"]  # "1.1" under "第一章": Word's legal numbering shows the chapter in Arabic
    assert levels[2] == ("%3.", "decimal", "nothing")
    assert levels[3] == ("", "none", "nothing")


def test_headings_render_with_their_numbers(small_project, tmp_path):
    project = small_project(sections=SECTIONS, profile='heading_outline = "gongwen"')
    assert run_cli("build", str(project)).exit_code == 0
    text = "".join(pdf_pages(to_pdf(project / "output" / "测试报告.docx", tmp_path)))
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    for heading in ("一、概况", "（一）学校概况", "1.办学条件", "（1）校舍", "（二）专业设置", "二、培养", "（一）德育"):
        assert heading in lines


@pytest.mark.parametrize("line, key, shown", [
    ('heading2_number = "1.2"', "heading2_number", "1.1"),
    ('heading1_number = "%2"', "heading1_number", "第一章"),
    ('heading3_number = "abc"', "heading3_number", "（1）"),
    ('heading_outline = "roman"', "heading_outline", "gongwen"),
    ('heading_outline = "decimal"\nheading2_number = "一.1"', "heading2_number", "阿拉伯数字 1"),
])
def test_bad_heading_numbers_name_the_key_with_examples(small_project, line, key, shown):
    project = small_project(profile=line)
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code != 0
        assert f"[profile].{key}" in result.output and shown in result.output
    assert not (project / "output" / "测试报告.docx").exists()


@pytest.mark.parametrize("line, message", [
    ("margin_top_mm = 200", "应在 5 到 100 之间"),
    ("image_dpi = 0", "应在 72 到 600 之间"),
    ('body_font = "  "', "字体名称不能为空"),
    ("margin_left_mm = 90\nmargin_right_mm = 90", "版心"),
    ('caption_separator = ""', "分隔符"),
    ("chars_per_line = 40", "chars_per_line 写 23～32"),
    ('date_like = 1', "不认识这个设置项"),
])
def test_profile_values_are_range_checked(small_project, line, message):
    result = run_cli("check", str(small_project(profile=line)))
    assert result.exit_code != 0 and message in result.output


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 2025)] == [
        "一", "九", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "二千零二十五"]


def test_settings_take_decimals_and_whole_numbers_alike(small_project):
    project = small_project(profile="caption_size_pt = 10.5\nmargin_top_mm = 37.5\ntable_size_pt = 10")
    result = run_cli("check", str(project))
    assert result.exit_code == 0, result.output


def test_a_wrongly_typed_value_says_how_to_write_it(small_project):
    project = small_project(profile='caption_bold = "是"\nimage_dpi = "300"')
    result = run_cli("check", str(project))
    assert result.exit_code != 0
    assert "caption_bold = true" in result.output and "在 image_dpi = 后写整数，不加引号" in result.output
