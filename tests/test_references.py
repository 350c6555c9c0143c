"""Cross-references: "见表 1" is a REF field to the caption's bookmark, right before Word updates it."""

from __future__ import annotations

import docx
from conftest import run_cli

from reportgen.oxml.fields import iter_fields
from reportgen.oxml.integrity import find_defects

SECTIONS = {
    "甲": ["甲", '{{ 插图("校园") }}', "如{{ 引用(\"学校情况\") }}和{{ 引用('校园') }}所示，学校 {{ 学校总数 }} 所。"],
    "乙": ["乙", '{{ 表格("学校情况") }}', '详见{{ 引用("学校情况") }}。'],
}


def test_references_are_ref_fields_with_cached_numbers(small_project):
    project = small_project(sections=SECTIONS)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    draft = project / "output" / "测试报告.docx"
    document = docx.Document(draft)
    texts = [p.text for p in document.paragraphs]
    assert "如表 1和图 1所示，学校 15 所。" in texts and "详见表 1。" in texts
    refs = [f for f in iter_fields(document.element.body) if f.kind == "REF"]
    assert len(refs) == 3 and all("\\h" in f.instruction for f in refs)
    assert find_defects(draft) == []  # every REF points at an existing bookmark


def test_reference_to_another_section_built_alone_is_plain_text(small_project):
    project = small_project(sections=SECTIONS)
    assert run_cli("build", str(project), "--section", "甲").exit_code == 0
    document = docx.Document(project / "output" / "测试报告-甲.docx")
    assert "如表 1和图 1所示，学校 15 所。" in [p.text for p in document.paragraphs]
    assert [f.kind for f in iter_fields(document.element.body)].count("REF") == 1  # only 图 1 is here


def test_unknown_reference_is_reported(small_project):
    project = small_project(sections={"甲": ["甲", '见{{ 引用("学校情") }}。']})
    result = run_cli("build", str(project))
    assert result.exit_code == 1 and '引用("学校情")' in result.output and "学校情况" in result.output



def test_a_section_alone_names_other_sections_figures_by_their_first_place_in_the_report(small_project):
    """Numbered through the document: 校园 is 图 1 (in 甲), 操场 图 3 (after another photo in 乙); a draft of
    丙 alone shows them so, as plain text."""
    figures = [("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None),
               ("校门", "照片", "data/图片/校园.jpg", "校门", 12, None, None),
               ("操场", "照片", "data/图片/校园.jpg", "操场", 12, None, None)]
    sections = {"甲": ["甲", '{{ 插图("校园") }}'], "乙": ["乙", '{{ 插图("校门") }}', '{{ 插图("操场") }}'],
                "丙": ["丙", '见{{ 引用("校园") }}和{{ 引用("操场") }}。']}
    project = small_project(sections=sections, figures=figures)
    result = run_cli("build", str(project), "--section", "丙")
    assert result.exit_code == 0, result.output
    assert "见图 1和图 3。" in [p.text for p in docx.Document(project / "output" / "测试报告-丙.docx").paragraphs]
