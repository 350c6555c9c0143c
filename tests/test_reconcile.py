"""Three versions of each value — as built, as the editors left it, as the workbook gives it now — and a
draft that lost its marks and record, where reportgen writes only what it is sure of.

Every test drives the CLI and reads the draft back; exit statuses are compared exactly (0 in step, 1 only
what update writes, 2 items for people, 3 could not compare).
"""

from __future__ import annotations

import copy
import shutil
import subprocess

import docx
import openpyxl
import pytest
from conftest import drop_record, init_project, require_libreoffice, run_cli, soffice
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from reportgen.draft import record as draft_record

SENTENCE = "男生{{ 男生数 }}人，女生{{ 女生数 }}人，其中住校{{ 住校生数 }}人。"
INDICATORS = [("男生数", 50, "人", ""), ("女生数", 50, "人", ""), ("住校生数", 5, "人", "")]


def _project(tmp_path, chapter=(SENTENCE,)):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), *chapter], indicators=INDICATORS)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    return project, next((project / "output").glob("*.docx"))


def _set(project, **values) -> None:
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for row in book["指标"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    book.save(path)


def _type_over(draft, old: str, new: str, nth: int = 0) -> None:
    """An editor types `new` over the `nth` piece of text reading `old` (its bookmark kept around it)."""
    document = docx.Document(draft)
    t = [t for t in document.element.body.iter(qn("w:t")) if t.text == old][nth]
    t.text = new
    document.save(draft)


def _sentence(draft, start: str = "男生") -> str:
    return next(p.text for p in docx.Document(draft).paragraphs if p.text.startswith(start))


def test_an_editors_correction_is_kept_and_not_proposed_again(tmp_path):
    """50 → 48 by the editors because the workbook is wrong: listed for the writer, never written back."""
    project, draft = _project(tmp_path)
    _type_over(draft, "50", "48")
    before = draft.read_bytes()
    for _ in range(2):
        result = run_cli("compare", str(project))
        assert result.exit_code == 2, result.output
        assert "[编辑改过的数值] 概况 “男生48人，女生50人，其中住校5人。”：编辑改为“48”，工作簿为“50”：核对工作簿" \
               "（{{ 男生数 }}，templates/章节/1-基本情况.docx 第 2 段；草稿保留编辑的改动）" in result.output, result.output
        assert "[数值不一致]" not in result.output
        result = run_cli("update", str(project))
        assert result.exit_code == 2 and "没有可以写入的新数值，未改动草稿。" in result.output, result.output
        assert draft.read_bytes() == before
    # The writer corrects the workbook: in step.  Then the workbook changes again: that is written.
    _set(project, 男生数=48)
    result = run_cli("compare", str(project))
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output
    assert run_cli("update", str(project)).exit_code == 0
    _set(project, 男生数=47)
    result = run_cli("compare", str(project))
    assert result.exit_code == 1, result.output
    assert "[数值不一致] 概况 “男生48人，女生50人，其中住校5人。”：草稿中为“48”，工作簿现为“47”" in result.output
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    assert _sentence(draft) == "男生47人，女生50人，其中住校5人。"


def test_both_changed_is_a_conflict_left_for_people(tmp_path):
    project, draft = _project(tmp_path)
    _type_over(draft, "5", "6")
    _set(project, 住校生数=7)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2, result.output
    assert "[数值冲突] 概况 “男生50人，女生50人，其中住校6人。”：编辑改为“6”，工作簿也由“5”改为“7”：核对后改正草稿或工作簿" \
           in result.output, result.output
    before = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 2
    assert draft.read_bytes() == before


def test_only_the_workbook_changed_is_written_once_and_then_in_step(tmp_path):
    project, draft = _project(tmp_path)
    _set(project, 女生数=51)
    result = run_cli("compare", str(project))
    assert result.exit_code == 1 and "1 处不一致：1 处可用 reportgen update 写入草稿。" in result.output, result.output
    result = run_cli("update", str(project), "--no-track")
    assert result.exit_code == 0, result.output
    assert _sentence(draft) == "男生50人，女生51人，其中住校5人。"
    written = draft.read_bytes()
    result = run_cli("update", str(project), "--no-track")
    assert result.exit_code == 0 and "草稿与工作簿一致，无需更新，未改动草稿。" in result.output
    assert draft.read_bytes() == written  # converges: the second update writes nothing
    assert run_cli("compare", str(project)).exit_code == 0


def _renamed(draft):
    """The draft as an editor mails it back, renamed, after a program that drops document properties
    saved it: no record of its values is left."""
    copy = draft.with_name(f"{draft.stem}（修改稿）.docx")
    shutil.copy2(draft, copy)
    drop_record(copy)
    return copy


def _reword(draft, old: str, new: str) -> None:
    """An editor rewrites a sentence (the value marks in it are lost with its runs)."""
    document = docx.Document(draft)
    paragraph = next(p for p in document.paragraphs if old in p.text)
    text = paragraph.text.replace(old, new)
    for child in [c for c in paragraph._p if c.tag != qn("w:pPr")]:
        paragraph._p.remove(child)
    paragraph.add_run(text)
    document.save(draft)


def test_equal_numbers_in_a_reworded_sentence_are_not_guessed(tmp_path):
    """男生 50 and 女生 50 in one sentence, reworded around them: the context no longer tells which 50 is
    which, so neither is written; the one whose context is still whole is found and updated."""
    project, draft = _project(tmp_path)
    copy = _renamed(draft)
    _reword(copy, "男生50人，女生50人", "女生50人，男生50人")
    _set(project, 男生数=52, 住校生数=6)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert result.exit_code == 2, result.output
    assert "这份草稿中没有 reportgen 的记录" in result.output
    assert "[未能确定] 概况 “女生50人，男生50人，其中住校5人。”：{{ 男生数 }}，templates/章节/1-基本情况.docx 第 2 段 " \
           "的数值在草稿中没有能唯一确定的位置（工作簿现为“52”），未比对、未改动，需核对" in result.output, result.output
    assert "草稿中为“5”，工作簿现为“6”（{{ 住校生数 }}" in result.output
    assert "草稿中为“50”，工作簿现为“52”" not in result.output
    assert run_cli("update", str(project), "--draft", str(copy), "--no-track").exit_code == 2
    assert next(p.text for p in docx.Document(copy).paragraphs if p.text.startswith("女生")) == \
        "女生50人，男生50人，其中住校6人。"


def test_a_sentence_reworded_into_two_alike_leaves_its_values_unsure(tmp_path):
    """The editors made two sentences of one, each as like the template's as the other: which holds the
    values is not certain (no clear best), so nothing is written into either."""
    project, draft = _project(tmp_path)
    renamed = _renamed(draft)
    _reword(renamed, "男生50人，女生50人，其中住校5人。", "甲校：男生50人，女生50人，其中住校5人。")
    document = docx.Document(renamed)
    first = next(p for p in document.paragraphs if p.text.startswith("甲校"))
    second = copy.deepcopy(first._p)
    first._p.addnext(second)
    second.find(f"{qn('w:r')}/{qn('w:t')}").text = first.text.replace("甲校", "乙校")
    document.save(renamed)
    before = [p.text for p in docx.Document(renamed).paragraphs if "住校" in p.text]
    assert before == ["甲校：男生50人，女生50人，其中住校5人。", "乙校：男生50人，女生50人，其中住校5人。"]
    _set(project, 住校生数=6)
    result = run_cli("update", str(project), "--draft", str(renamed), "--no-track")
    assert result.exit_code == 2, result.output
    assert "[未能确定]" in result.output and "{{ 住校生数 }}" in result.output.split("[未能确定]", 1)[1]
    assert [p.text for p in docx.Document(renamed).paragraphs if "住校" in p.text] == before

def test_words_typed_beside_a_number_are_never_written_over(tmp_path):
    """"其中住校5人" reworded as "其中住校学生5人": the template's text around the value now holds "学生5",
    which is not a number; taking it for the value would delete the editors' "学生".  Unsure instead."""
    project, draft = _project(tmp_path)
    copy = _renamed(draft)
    _reword(copy, "其中住校5人", "其中住校学生5人")
    _set(project, 住校生数=6)
    result = run_cli("update", str(project), "--draft", str(copy), "--no-track")
    assert result.exit_code == 2, result.output
    assert "草稿中为“学生5”" not in result.output
    assert "[未能确定] 概况 “男生50人，女生50人，其中住校学生5人。”：{{ 住校生数 }}" in result.output
    assert next(p.text for p in docx.Document(copy).paragraphs if p.text.startswith("男生")) == \
        "男生50人，女生50人，其中住校学生5人。"

def test_a_reworded_sentence_that_holds_a_cross_reference_still_has_its_values_placed(tmp_path):
    """"共有学校15所，情况见表1，在校生12345人。" reworded by the editors: the reference between the two
    values is no value, and the values around it are still placed by their context."""
    chapter = [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所，情况见{{ 引用(\"学校情况\") }}，在校生{{ 在校生数 }}人。",
               "{{ 表格(\"学校情况\") }}"]
    project, draft = _project(tmp_path, chapter)
    copy = _renamed(draft)
    _reword(copy, "共有学校15所", "全市共有学校15所")
    _set(project, 在校生数=12400)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert "[数值不一致] 概况 “全市共有学校15所，情况见表 1，在校生12345人。”：草稿中为“12345”，工作簿现为“12400”" \
        in result.output, result.output
    # "共有学校" began the sentence: with "全市" before it, 学校总数's context is gone, and it is unsure
    assert "[未能确定] 概况 “全市共有学校15所，情况见表 1，在校生12345人。”：{{ 学校总数 }}" in result.output
    assert run_cli("update", str(project), "--draft", str(copy), "--no-track").exit_code == 2
    assert _sentence(copy, "全市") == "全市共有学校15所，情况见表 1，在校生12400人。"


def test_each_value_of_a_reworded_paragraph_is_placed_only_where_its_context_ends_it(tmp_path):
    """Reworded paragraphs: a value between two others is placed by the words on both sides, one at a
    paragraph's start or end by that start or end, and one right before another value, with nothing
    between to end it, is left unsure (never its first character taken for it)."""
    indicators = [("男生数", 48, "人", ""), ("女生数", 52, "人", ""), ("住校生数", 5, "人", ""), ("部门", "教育局", "", ""),
                  ("教师数", 800, "人", "")]
    chapter = [("概况", "Heading 1"), SENTENCE, "全市中职学校在校生：{{ 在校生数 }}", "数据来源：{{ 地区名称 }}{{ 部门 }}。",
               "{{ 教师数 }}名教师任教，其中专任教师占多数。", "本报告由{{ 部门 }}编制，数据截至年底。"]
    project = init_project(tmp_path / "项目", chapter, indicators=indicators)
    assert run_cli("build", str(project)).exit_code == 0
    copy = _renamed(next((project / "output").glob("*.docx")))
    _reword(copy, "其中住校5人", "其中住校的有5人")
    _reword(copy, "全市中职", "全省中职")
    _reword(copy, "教育局。", "教育局整理。")
    _reword(copy, "占多数", "占大多数")
    _reword(copy, "年底", "年末")
    _set(project, 男生数=49, 女生数=53, 在校生数=12400, 地区名称="庆阳市", 教师数=810, 部门="教育委员会")
    result = run_cli("compare", str(project), "--draft", str(copy))
    listed = [line.strip().split("（{{")[0].split("：{{")[0] for line in result.output.splitlines()
              if line.startswith("  [") and " 概况 " in line]
    assert listed == [
        "[数值不一致] 概况 “男生48人，女生52人，其中住校的有5人。”：草稿中为“48”，工作簿现为“49”",
        "[数值不一致] 概况 “男生48人，女生52人，其中住校的有5人。”：草稿中为“52”，工作簿现为“53”",
        "[数值不一致] 概况 “全省中职学校在校生：12345”：草稿中为“12345”，工作簿现为“12400”",
        "[数值不一致] 概况 “800名教师任教，其中专任教师占大多数。”：草稿中为“800”，工作簿现为“810”",
        "[数值不一致] 概况 “本报告由教育局编制，数据截至年末。”：草稿中为“教育局”，工作簿现为“教育委员会”",
        "[未能确定] 概况 “男生48人，女生52人，其中住校的有5人。”",
        "[未能确定] 概况 “数据来源：某市教育局整理。”",
        "[未能确定] 概况 “数据来源：某市教育局整理。”",
    ], result.output


def test_a_draft_paragraph_serves_one_rendered_paragraph_only(tmp_path):
    """Two sentences alike, "今年招生500人，比上年增长。" and "今年招生600人，比上年减少。": the editors deleted
    the second and reworded the first.  The first's paragraph is taken by the first: its 500 is never read
    as the second's value (which update would then overwrite with 600)."""
    indicators = [("甲校招生数", 500, "人", ""), ("乙校招生数", 600, "人", "")]
    chapter = [("概况", "Heading 1"), "今年招生{{ 甲校招生数 }}人，比上年增长。", "今年招生{{ 乙校招生数 }}人，比上年减少。"]
    project = init_project(tmp_path / "项目", chapter, indicators=indicators)
    assert run_cli("build", str(project)).exit_code == 0
    copy = _renamed(next((project / "output").glob("*.docx")))
    document = docx.Document(copy)
    second = next(p for p in document.paragraphs if p.text.startswith("今年招生600"))
    second._p.getparent().remove(second._p)
    document.save(copy)
    _reword(copy, "比上年增长。", "比上年增长较快。")
    _set(project, 甲校招生数=510)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert "草稿中为“500”，工作簿现为“600”" not in result.output, result.output
    assert "[数值不一致] 概况 “今年招生500人，比上年增长较快。”：草稿中为“500”，工作簿现为“510”（{{ 甲校招生数 }}" \
        in result.output, result.output
    assert "[未能确定] 概况 “今年招生500人，比上年增长较快。”：{{ 乙校招生数 }}" not in result.output


def test_a_row_the_editors_copied_and_changed_does_not_take_the_rows_values(tmp_path):
    """Without a record, the list's row "张三获一等奖。" is read from the paragraph that reads the same, not
    from the editors' copy of it, "张三获三等奖。", which fits the row's pattern too and holds one of its values."""
    chapter = ["{%p for 行 in 列表(\"获奖情况\") %}", "{{ 行.学生 }}获{{ 行.奖项 }}。", "{%p endfor %}"]
    project, draft = _project(tmp_path, chapter)
    edited = _renamed(draft)
    document = docx.Document(edited)
    first = next(p._p for p in document.paragraphs if p.text == "张三获一等奖。")
    added = copy.deepcopy(first)
    first.addnext(added)
    next(t for t in added.iter(qn("w:t")) if t.text == "一等奖").text = "三等奖"
    document.save(edited)
    result = run_cli("compare", str(project), "--draft", str(edited))
    assert "草稿中为“三等奖”" not in result.output, result.output
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output


def test_every_value_of_a_draft_without_a_record_is_compared_past_those_not_found(tmp_path):
    """Without a record: a reworded sentence (one value unsure), a paragraph of one value in step and
    one whose value changed, a sentence the editors deleted, and a sentence after all of them.  Each
    value is listed once, in order, and none is skipped because one before it was not found."""
    indicators = [("男生数", 48, "人", ""), ("女生数", 52, "人", ""), ("住校生数", 5, "人", ""), ("部门", "教育局", "", ""),
                  ("单位名称", "某校", "", ""), ("招生数", 500, "人", ""), ("教师数", 800, "人", "")]
    chapter = [("概况", "Heading 1"), SENTENCE, "{{ 部门 }}", "{{ 单位名称 }}", "今年招生{{ 招生数 }}人，比上年增长。",
               "全市教师{{ 教师数 }}人。"]
    project = init_project(tmp_path / "项目", chapter, indicators=indicators)
    assert run_cli("build", str(project)).exit_code == 0
    edited = _renamed(next((project / "output").glob("*.docx")))
    _reword(edited, "其中住校5人", "其中住校的有5人")
    document = docx.Document(edited)
    deleted = next(p for p in document.paragraphs if p.text.startswith("今年招生"))
    deleted._p.getparent().remove(deleted._p)
    document.save(edited)
    _set(project, 女生数=53, 单位名称="某中学", 教师数=810)
    result = run_cli("compare", str(project), "--draft", str(edited))
    place, unsure = "templates/章节/1-基本情况.docx", "的数值在草稿中没有能唯一确定的位置"
    assert [line.strip() for line in result.output.splitlines() if line.startswith("  [")] == [
        f"[数值不一致] 概况 “男生48人，女生52人，其中住校的有5人。”：草稿中为“52”，工作簿现为“53”（{{{{ 女生数 }}}}，{place} 第 2 段）",
        f"[数值不一致] 概况 “全市教师800人。”：草稿中为“800”，工作簿现为“810”（{{{{ 教师数 }}}}，{place} 第 6 段）",
        f"[未能确定] 概况 “男生48人，女生52人，其中住校的有5人。”：{{{{ 住校生数 }}}}，{place} 第 2 段 {unsure}（工作簿现为“5”），"
        "未比对、未改动，需核对",
        f"[未能确定] {{{{ 单位名称 }}}}，{place} 第 4 段 {unsure}（工作簿现为“某中学”），未比对、未改动，需核对",
        f"[未能确定] {{{{ 招生数 }}}}，{place} 第 5 段 {unsure}（工作簿现为“500”），未比对、未改动，需核对",
    ], result.output


def test_a_clause_pasted_twice_leaves_its_value_unsure(tmp_path):
    """The context of 女生's value now fits two places: which one holds it is not certain."""
    project, draft = _project(tmp_path)
    copy = _renamed(draft)
    _reword(copy, "其中住校5人。", "其中住校5人，女生50人，其中住校5人。")
    _set(project, 女生数=51)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert "[未能确定] 概况 “男生50人，女生50人，其中住校5人，女生50人，其中住校5……”：{{ 女生数 }}" in result.output, \
        result.output
    assert "工作簿现为“51”" in result.output and "草稿中为“50”，工作簿现为“51”" not in result.output


def test_a_reworded_sentence_in_the_example_is_never_written_wrong(example_dir, example_draft, tmp_path):
    """In the bundled report, "在校人数超过 2000 人的学校 2 所，1000—2000 人的学校 3 所": an editor drops
    the spaces of the first clause; its value has the same few characters around it as the next one's.
    The draft was right: nothing may be proposed for it, let alone written; the next clause's value, placed
    by a longer context, is still followed when the workbook changes it."""
    project = tmp_path / "example"
    shutil.copytree(example_dir, project)
    copy = _renamed(project / "output" / example_draft.name)
    _reword(copy, "在校人数超过 2000 人的学校 2 所", "在校人数超过2000人的学校有2所")
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "在校1000至2000人学校数")[1].value = 4
    book.save(path)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert "[未能确定] 基本情况 “2024年秋季学期全市中等职业学校共招生 5084 人，有在……”：{{ 在校2000人以上学校数 }}" \
           in result.output, result.output
    assert [line for line in result.output.splitlines() if "[数值不一致]" in line] == [
        "  [数值不一致] 基本情况 “2024年秋季学期全市中等职业学校共招生 5084 人，有在……”：草稿中为“3”，工作簿现为“4”"
        "（{{ 在校1000至2000人学校数 }}，templates/章节/1-基本情况.docx 第 9 段）"]
    assert result.exit_code == 2
    assert run_cli("update", str(project), "--draft", str(copy), "--no-track").exit_code == 2
    assert "在校人数超过2000人的学校有2所，1000—2000 人的学校 4 所，1000 人以下的学校 10 所。" in \
        next(p.text for p in docx.Document(copy).paragraphs if "在校人数超过" in p.text)


def test_loop_rows_reordered_by_the_editors_keep_their_own_values(tmp_path):
    """Rows that read alike ("张三获一等奖。" / "李四获二等奖。") are paired by their values, not their order."""
    chapter = ["{%p for 行 in 列表(\"获奖情况\") %}", "{{ 行.学生 }}获{{ 行.奖项 }}。", "{%p endfor %}"]
    project, draft = _project(tmp_path, chapter)
    copy = _renamed(draft)
    document = docx.Document(copy)
    first, second = (p for p in document.paragraphs if p.text.endswith("等奖。"))
    first._p.addprevious(second._p)  # the editors put 李四 first
    document.save(copy)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["获奖情况"]["C3"] = "一等奖"  # 李四's prize corrected
    book.save(path)
    result = run_cli("compare", str(project), "--draft", str(copy))
    assert "草稿中为“二等奖”，工作簿现为“一等奖”（{{ 行.奖项 }}" in result.output, result.output
    assert run_cli("update", str(project), "--draft", str(copy), "--no-track").exit_code == 0
    rows = [p.text for p in docx.Document(copy).paragraphs if p.text.endswith("等奖。")]
    assert rows == ["李四获一等奖。", "张三获一等奖。"]


def test_loop_rows_whose_every_value_changed_are_not_paired_by_guess(tmp_path):
    """Both rows changed all their values in the workbook (张三→王五, 李四→赵六): each draft row reads
    equally unlike each new row, so which is which is not certain and nothing is written."""
    chapter = ["{%p for 行 in 列表(\"获奖情况\") %}", "{{ 行.学生 }}获{{ 行.奖项 }}。", "{%p endfor %}"]
    project, draft = _project(tmp_path, chapter)
    copy = _renamed(draft)
    before = [p.text for p in docx.Document(copy).paragraphs if p.text.endswith("等奖。")]
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["获奖情况"]
    sheet["A2"], sheet["A3"], sheet["C2"], sheet["C3"] = "王五", "赵六", "三等奖", "特等奖"
    book.save(path)
    result = run_cli("update", str(project), "--draft", str(copy), "--no-track")
    assert result.exit_code == 2, result.output
    assert "[未能确定]" in result.output
    assert [p.text for p in docx.Document(copy).paragraphs if p.text.endswith("等奖。")] == before

def test_the_record_travels_with_a_renamed_draft_to_another_machine(tmp_path):
    """Renamed "（修改稿）", copied into a fresh copy of the project (no output/.reportgen-cache), and
    opened and saved in LibreOffice: the draft still tells the editors' change from the workbook's."""
    project, draft = _project(tmp_path)
    _type_over(draft, "50", "48")
    other = tmp_path / "另一台电脑" / "项目"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns("output"))
    copy = other / "收到的" / f"{draft.stem}（修改稿）.docx"
    copy.parent.mkdir()
    shutil.copy2(draft, copy)
    _set(other, 女生数=51)
    result = run_cli("compare", str(other), "--draft", str(copy))
    assert "按文字" not in result.output and result.exit_code == 2, result.output
    assert "[编辑改过的数值] 概况 “男生48人，女生50人，其中住校5人。”：编辑改为“48”，工作簿为“50”" in result.output
    assert "草稿中为“50”，工作簿现为“51”（{{ 女生数 }}，templates/章节/1-基本情况.docx 第 2 段；工作簿已更新）" \
           in result.output
    assert run_cli("update", str(other), "--draft", str(copy), "--no-track").exit_code == 2
    assert _sentence(copy) == "男生48人，女生51人，其中住校5人。"
    # The record went with the update: the next compare knows 51 as what the draft now holds.
    result = run_cli("compare", str(other), "--draft", str(copy))
    assert result.exit_code == 2 and "1 处不一致：0 处可用" in result.output, result.output


def test_a_libreoffice_save_keeps_the_record(tmp_path):
    require_libreoffice()
    project, draft = _project(tmp_path)
    saved = tmp_path / "saved"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(saved), str(draft)], check=True, capture_output=True)
    draft.write_bytes((saved / draft.name).read_bytes())
    shutil.rmtree(project / "output" / ".reportgen-cache", ignore_errors=True)
    _type_over(draft, "5", "6")
    result = run_cli("compare", str(project))
    assert "按文字" not in result.output, result.output
    assert "编辑改为“6”，工作簿为“5”" in result.output and result.exit_code == 2


def test_a_draft_of_another_report_is_refused(tmp_path):
    project, draft = _project(tmp_path)
    other = init_project(tmp_path / "另一个", [("概况", "Heading 1"), SENTENCE], indicators=INDICATORS,
                         profile="")
    config = other / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("某市中等职业教育质量报告", "某县教育事业发展报告"),
                      encoding="utf-8")
    before = draft.read_bytes()
    for command in ("compare", "update"):
        result = run_cli(command, str(other), "--draft", str(draft))
        assert result.exit_code == 3, result.output
        assert "这份草稿是另一份报告的（《某市中等职业教育质量报告》，2025 年），不是本项目的《某县教育事业发展报告》（2025 年）" \
               in result.output, result.output
    assert draft.read_bytes() == before


def test_a_document_holding_none_of_the_projects_values_is_refused_with_its_fix(tmp_path):
    """A document from elsewhere, without a record, in which no value of the project is found: refused,
    named, with what to do, and left as it was."""
    project, _ = _project(tmp_path)
    other = tmp_path / "无关.docx"
    document = docx.Document()
    document.add_paragraph("一份无关的文件，有12个数。")
    document.save(other)
    before = other.read_bytes()
    for command in ("compare", "update"):
        result = run_cli(command, str(project), "--draft", str(other))
        assert result.exit_code == 3, result.output
        assert result.output.splitlines()[-3:] == [
            "发现 1 个错误、0 个警告，无法比对：" if command == "compare" else "发现 1 个错误、0 个警告，草稿未改动：",
            f"  [错误] {other}：草稿中找不到本项目的任何数值：它不是本项目生成的草稿，或已面目全非",
            "        处理办法：用 --draft 指定本项目的草稿；或先运行 reportgen build 生成草稿"], result.output
    assert other.read_bytes() == before


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _typed_over_with_track_changes(draft, old: str, new: str, shape: str) -> None:
    """An editor in Word, 修订 on, types `new` over the bookmarked value `old`: the old digits kept in a
    w:del, the new in a w:ins by the editor, the bookmark's end where Word may leave it (`shape`: "after"
    the deletion, "inside" it, the insertion inside the bookmark, "ins-first", or LibreOffice's way)."""

    document = docx.Document(draft)
    t = next(t for t in document.element.body.iter(qn("w:t")) if t.text == old)
    run = t.getparent()
    start = run.getprevious()
    end = run.getnext()
    assert start.tag == qn("w:bookmarkStart") and end.tag == qn("w:bookmarkEnd")
    attrs = f'w:author="张编辑" w:date="2026-12-01T09:00:00Z" xmlns:w="{W_NS}"'
    deleted = parse_xml(f'<w:del w:id="9001" {attrs}><w:r><w:delText>{old}</w:delText></w:r></w:del>')
    inserted = parse_xml(f'<w:ins w:id="9002" {attrs}><w:r><w:t>{new}</w:t></w:r></w:ins>')
    run.addprevious(deleted)
    run.getparent().remove(run)
    if shape == "after":
        end.addnext(inserted)
    elif shape == "inside":
        deleted.append(end)
        deleted.addnext(inserted)
    elif shape == "libreoffice":  # as LibreOffice 7.4 saves it: the start in the deletion, the end in the insertion
        deleted.insert(0, start)
        deleted.addnext(inserted)
        inserted.insert(0, end)
    else:
        deleted.addprevious(inserted)
    document.save(draft)


@pytest.mark.parametrize("shape", ["after", "inside", "ins-first", "libreoffice"])
def test_a_value_retyped_with_track_changes_on_is_the_editors_value(tmp_path, shape):
    """Read as the draft reads with every revision accepted: 48, typed by the editors."""
    project, draft = _project(tmp_path)
    _typed_over_with_track_changes(draft, "50", "48", shape)
    result = run_cli("compare", str(project))
    assert "[编辑改过的数值] 概况 “男生48人，女生50人，其中住校5人。”：编辑改为“48”，工作簿为“50”" in result.output, \
        result.output
    assert "[标记已损坏]" not in result.output and "[数值已删除]" not in result.output
    assert result.exit_code == 2
    _set(project, 男生数=52)
    result = run_cli("compare", str(project))
    assert "[数值冲突] 概况 “男生48人，女生50人，其中住校5人。”：编辑改为“48”，工作簿也由“50”改为“52”" in result.output, \
        result.output


def test_a_paragraph_moved_with_track_changes_on_is_updated_where_it_now_stands(tmp_path):
    """Cut and pasted with 修订 on: the old place in a w:moveFrom (its bookmarks still there), the new in
    a w:moveTo with the same bookmarks.  The value is read and written where the reader sees it."""
    import copy

    from reportgen.oxml.revisions import accept_revisions

    project, draft = _project(tmp_path, (SENTENCE, "另起一段，编辑把上一段挪到了这一段之后。"))
    document = docx.Document(draft)
    sentence = next(p for p in document.paragraphs if p.text.startswith("男生"))._p
    other = next(p for p in document.paragraphs if p.text.startswith("另起一段"))._p
    moved = copy.deepcopy(sentence)
    attrs = f'w:author="张编辑" w:date="2026-12-01T09:00:00Z" xmlns:w="{W_NS}"'
    for paragraph, tag, number in ((sentence, "moveFrom", 9101), (moved, "moveTo", 9102)):
        wrapper = parse_xml(f'<w:{tag} w:id="{number}" {attrs}/>')
        content = [c for c in paragraph if c.tag != qn("w:pPr")]
        for child in content:
            wrapper.append(child)
        paragraph.append(wrapper)
        if tag == "moveFrom":
            for t in wrapper.iter(qn("w:t")):
                t.tag = qn("w:delText")
    other.addnext(moved)
    document.save(draft)
    _set(project, 女生数=51)
    result = run_cli("compare", str(project))
    assert "[数值不一致] 概况 “男生50人，女生50人，其中住校5人。”：草稿中为“50”，工作簿现为“51”" in result.output, \
        result.output
    assert "（空段落）" not in result.output and result.exit_code == 1
    assert run_cli("update", str(project)).exit_code == 0
    document = docx.Document(draft)
    accept_revisions(document.element.body)
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2:] == ["另起一段，编辑把上一段挪到了这一段之后。", "男生50人，女生51人，其中住校5人。"], texts


def _drop_bookmark_around(draft, text: str) -> None:
    """Word dropped the hidden bookmark around the value `text` (its text stays)."""
    document = docx.Document(draft)
    t = next(t for t in document.element.body.iter(qn("w:t")) if t.text == text)
    run = t.getparent()
    for mark in (run.getprevious(), run.getnext()):
        assert mark.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
        mark.getparent().remove(mark)
    document.save(draft)


def test_a_value_whose_bookmark_was_dropped_is_found_by_its_text(tmp_path):
    """Not "数值已删除" while the number still stands in its sentence: found by its text, then compared in
    its three versions and updated like a marked one."""
    project, draft = _project(tmp_path)
    _drop_bookmark_around(draft, "5")
    result = run_cli("compare", str(project))
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output
    _set(project, 住校生数=7)
    result = run_cli("compare", str(project))
    assert "[数值不一致] 概况 “男生50人，女生50人，其中住校5人。”：草稿中为“5”，工作簿现为“7”（{{ 住校生数 }}" \
           in result.output, result.output
    assert "[数值已删除]" not in result.output and result.exit_code == 1
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    assert _sentence(draft) == "男生50人，女生50人，其中住校7人。"
    assert run_cli("compare", str(project)).exit_code == 0



def test_a_value_found_by_its_text_keeps_its_record_so_an_editors_later_change_is_never_overwritten(tmp_path):
    """Its bookmark dropped, 住校's value is found by its text.  The record keeps what the draft holds,
    whether an update leaves it (in step) or writes it: when the editors then type over it and the
    workbook changes too, that is a conflict for people, never the workbook's value written over theirs."""
    project, draft = _project(tmp_path)
    _drop_bookmark_around(draft, "5")
    _set(project, 男生数=51)
    assert run_cli("update", str(project), "--no-track").exit_code == 0  # 住校's 5 in step, the record kept
    _type_over(draft, "5", "6")
    _set(project, 住校生数=7)
    result = run_cli("compare", str(project))
    assert "[数值冲突] 概况 “男生51人，女生50人，其中住校6人。”：编辑改为“6”，工作簿也由“5”改为“7”" in result.output, result.output
    _type_over(draft, "6", "5")
    assert run_cli("update", str(project), "--no-track").exit_code == 0  # 7 written where 5 was
    assert _sentence(draft) == "男生51人，女生50人，其中住校7人。"
    _type_over(draft, "7", "8")
    _set(project, 住校生数=9)
    result = run_cli("compare", str(project))
    assert "[数值冲突] 概况 “男生51人，女生50人，其中住校8人。”：编辑改为“8”，工作簿也由“7”改为“9”" in result.output, result.output
    before = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 2 and draft.read_bytes() == before


def test_digits_typed_just_before_a_value_are_read_with_it(tmp_path):
    """Word puts what is typed at a bookmark's start or end outside it: "男生50人" with a "1" typed before
    the 50 reads "男生150人", "住校5人" with a "0" after the 5 "住校50人".  The editors' values are 150
    and 50, kept whole: when the workbook changes them too, that is a conflict, never "男生151人"."""
    project, draft = _project(tmp_path)
    document = docx.Document(draft)
    start = next(b for b in document.element.body.iter(qn("w:bookmarkStart"))
                 if "".join(t.text for t in b.getnext().iter(qn("w:t"))) == "50")
    before = start.getprevious().find(qn("w:t"))
    assert before.text.endswith("男生")
    before.text += "1"
    end = next(b for b in document.element.body.iter(qn("w:bookmarkEnd"))
               if "".join(t.text for t in b.getprevious().iter(qn("w:t"))) == "5")
    after = end.getnext().find(qn("w:t"))
    assert after.text.startswith("人")
    after.text = "0" + after.text
    document.save(draft)
    _set(project, 女生数=51)
    result = run_cli("compare", str(project))
    sentence = "概况 “男生150人，女生50人，其中住校50人。”："
    assert f"[编辑改过的数值] {sentence}编辑改为“150”，工作簿为“50”" in result.output, result.output
    assert f"[编辑改过的数值] {sentence}编辑改为“50”，工作簿为“5”" in result.output, result.output
    assert "草稿中为“50”，工作簿现为“51”（{{ 女生数 }}" in result.output, result.output
    run_cli("update", str(project), "--no-track")
    assert _sentence(draft) == "男生150人，女生51人，其中住校50人。"
    _set(project, 男生数=51, 住校生数=6)
    result = run_cli("compare", str(project))
    sentence = "概况 “男生150人，女生51人，其中住校50人。”："
    assert f"[数值冲突] {sentence}编辑改为“150”，工作簿也由“50”改为“51”" in result.output, result.output
    assert f"[数值冲突] {sentence}编辑改为“50”，工作簿也由“5”改为“6”" in result.output, result.output
    before = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 2 and draft.read_bytes() == before


def test_a_digit_typed_before_a_value_with_track_changes_on_is_read_with_it(tmp_path):
    """With 修订 on, Word keeps the "1" typed before the 50 as the editor's insertion, outside the
    bookmark: the draft reads 男生150人, and the workbook's 51 is a conflict, never written as 男生151人."""
    project, draft = _project(tmp_path)
    document = docx.Document(draft)
    start = next(b for b in document.element.body.iter(qn("w:bookmarkStart"))
                 if "".join(t.text for t in b.getnext().iter(qn("w:t"))) == "50")
    start.addprevious(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" w:author="编辑" w:date="2025-12-02T09:00:00Z">'
                                "<w:r><w:t>1</w:t></w:r></w:ins>"))
    document.save(draft)
    _set(project, 男生数=51)
    result = run_cli("compare", str(project))
    assert "[数值冲突] 概况 “男生150人，女生50人，其中住校5人。”：编辑改为“150”，工作簿也由“50”改为“51”" in result.output, \
        result.output
    before = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 2 and draft.read_bytes() == before


def test_a_value_found_in_a_run_with_a_tab_is_listed_not_written(tmp_path):
    """A value found by its text whose run holds more than text (here a tab, which the sentence's text
    does not show): its characters cannot be split out of the run, so update leaves it for people."""
    project, draft = _project(tmp_path)
    copy = _renamed(draft)
    _reword(copy, "男生50人", "男生50人")  # one run for the whole sentence, its marks gone
    document = docx.Document(copy)
    run = next(r for r in document.element.body.iter(qn("w:r")) if "住校5" in "".join(r.itertext()))
    run.find(qn("w:t")).text = "男生50人，女生50人，其中住校5"
    run.append(parse_xml(f"<w:tab {nsdecls('w')}/>"))
    run.append(parse_xml(f"<w:t {nsdecls('w')}>人。</w:t>"))
    document.save(copy)
    _set(project, 住校生数=6)
    result = run_cli("update", str(project), "--draft", str(copy))
    assert result.exit_code == 2, result.output
    assert "草稿中为“5”，工作簿现为“6”（{{ 住校生数 }}" in result.output.split("需编辑处理")[-1], result.output
    assert "住校5" in "".join(docx.Document(copy).element.body.itertext())

YEAR_ON_YEAR = "在校生{{ 在校生数 }}人，较上年{% if 增量 < 0 %}减少{{ -增量 }}人{% else %}增加{{ 增量 }}人{% endif %}。"


def _year_on_year(tmp_path):
    """"较上年减少445人" printed by an {% if 增量 < 0 %} (a "<" typed in a tag is no markup)."""
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), YEAR_ON_YEAR], indicators=[("增量", -445, "人", "")])
    _set(project, 在校生数=30412)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    return project, next((project / "output").glob("*.docx"))


def test_the_year_on_year_filter_is_one_value_that_update_rewrites_whole_when_the_sign_flips(tmp_path):
    """`|较上年` prints the verbs with the numbers: one value, so a sign flip is one difference, written as
    one tracked revision, never a new number beside the old verb."""
    line = "在校生{{ 在校生数 }}人，{{ 在校生数|较上年(上年在校生数) }}。"
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), line],
                           indicators=[("上年在校生数", 31401, "人", "")])
    _set(project, 在校生数=30956)
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    assert _accepted_sentence(draft) == "在校生30956人，较上年减少445人、下降1.4%。"
    _set(project, 在校生数=31500)
    result = run_cli("compare", str(project))
    assert result.exit_code == 1, result.output
    assert "草稿中为“较上年减少445人、下降1.4%”，工作簿现为“较上年增加99人、增长0.3%”" in result.output
    assert run_cli("update", str(project)).exit_code == 0
    assert _accepted_sentence(draft) == "在校生31500人，较上年增加99人、增长0.3%。"
    assert run_cli("compare", str(project)).exit_code == 0

def _accepted_sentence(draft) -> str:
    from reportgen.oxml.revisions import accept_revisions

    document = docx.Document(draft)
    accept_revisions(document.element.body)
    return next(p.text for p in document.paragraphs if p.text.startswith("在校生"))


def test_a_phrase_whose_branch_flips_is_replaced_whole_as_one_revision(tmp_path):
    """A correction flips the sign: "减少445人" becomes "增加99人" as one tracked change, never the new
    number beside the old verb; then the draft is in step, and a later change is written again."""
    project, draft = _year_on_year(tmp_path)
    _set(project, 在校生数=30956, 增量=99)
    result = run_cli("compare", str(project))
    assert "[措辞随数据改变] 概况 “在校生30412人，较上年减少445人。”：草稿中为“减少445人”，工作簿现为“增加99人”" \
           "（{% if 增量 < 0 %}，templates/章节/1-基本情况.docx 第 2 段：数据变了，条件换了分支，整个短语作为一处改动）" \
           in result.output, result.output
    assert "草稿中为“30412”，工作簿现为“30956”" in result.output
    assert "[模板已不印出]" not in result.output and "[草稿缺少的数值]" not in result.output
    assert result.exit_code == 1
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "2 处改动，均标记为修订" in result.output, result.output
    sentence = next(p for p in docx.Document(draft).paragraphs if p.text.startswith("在校生"))._p
    assert ["".join(t.text for t in e.iter(qn("w:t"))) for e in sentence if e.tag == qn("w:ins")] == ["30956", "增加99人"]
    assert _accepted_sentence(draft) == "在校生30956人，较上年增加99人。"
    written = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 0 and draft.read_bytes() == written  # converges
    assert run_cli("compare", str(project)).exit_code == 0
    _set(project, 增量=120)  # the same branch: the phrase update wrote is compared whole
    result = run_cli("compare", str(project))
    assert "草稿中为“增加99人”，工作簿现为“增加120人”" in result.output and result.exit_code == 1, result.output
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    assert _accepted_sentence(draft) == "在校生30956人，较上年增加120人。"


def test_a_phrase_written_plainly_flips_back_and_its_sentence_stays_in_step(tmp_path):
    """Written without 修订, the flipped phrase's old value goes with its words: the record keeps no value
    that is gone, and the phrase flips back, and its sentence's other number changes, as often as the
    workbook says, each time in step."""
    project, draft = _year_on_year(tmp_path)
    for count, change, sentence in ((30956, 99, "在校生30956人，较上年增加99人。"),
                                    (30956, -7, "在校生30956人，较上年减少7人。"),
                                    (31000, -7, "在校生31000人，较上年减少7人。")):
        _set(project, 在校生数=count, 增量=change)
        result = run_cli("update", str(project), "--no-track")
        assert result.exit_code == 0, result.output
        assert _accepted_sentence(draft) == sentence
        result = run_cli("compare", str(project))
        assert result.exit_code == 0 and "[" not in result.output, result.output
        written = draft.read_bytes()
        assert run_cli("update", str(project)).exit_code == 0 and draft.read_bytes() == written
    names = {name for name in draft_record.embedded(docx.Document(draft))[0]["values"]}
    bookmarks = {b.get(qn("w:name")) for b in docx.Document(draft).element.body.iter(qn("w:bookmarkStart"))}
    assert names <= bookmarks, names - bookmarks


def test_a_phrase_the_editors_reworded_is_a_conflict_when_its_branch_flips(tmp_path):
    project, draft = _year_on_year(tmp_path)
    _type_over(draft, "减少", "减少了")
    _set(project, 增量=99)
    result = run_cli("compare", str(project))
    assert "[数值冲突] 概况 “在校生30412人，较上年减少了445人。”：编辑改为“减少了445人”，工作簿也由“减少445人”改为“增加99人”" \
           in result.output, result.output
    before = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 2 and draft.read_bytes() == before


def test_a_draft_built_before_phrases_were_recorded_lists_a_flipped_sentence_whole(tmp_path):
    """Its record has no phrases: not a value gone and a value missing blamed on the template, but one
    sentence to rewrite, as it now reads, for people (exit 2)."""
    project, draft = _year_on_year(tmp_path)
    document = docx.Document(draft)
    record, _ = draft_record.embedded(document)
    draft_record.embed(document, {**record, "phrases": {}})
    document.save(draft)
    _set(project, 在校生数=30956, 增量=99)
    result = run_cli("compare", str(project))
    assert "[措辞需改写] 概况 “在校生30412人，较上年减少445人。”：草稿中为“在校生30412人，较上年减少445人。”，" \
           "数据变了，这句话按模板（templates/章节/1-基本情况.docx 第 2 段）的条件换了说法，" \
           "现在应为“在校生30956人，较上年增加99人。”；请编辑改写这句话（未改动）" in result.output, result.output
    assert "模板改过" not in result.output and "[草稿缺少的数值]" not in result.output
    assert result.exit_code == 2


def test_a_phrase_that_appears_or_holds_a_reference_is_written_right(tmp_path):
    """An {% if %} that printed nothing now prints a clause; one holding a reference is left to its values
    (its reference prints otherwise in the draft): no marker is ever written into the draft."""
    chapter = ["共有学校{{ 学校总数 }}所{% if 增量 > 0 %}，较上年增加{{ 增量 }}所{% endif %}。",
               "学校情况{% if 增量 >= 0 %}见{{ 引用(\"学校情况\") }}，共{{ 学校总数 }}所{% endif %}。", '{{ 表格("学校情况") }}']
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), *chapter], indicators=[("增量", 0, "所", "")])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    _set(project, 增量=2, 学校总数=17, 民办学校数=10)
    result = run_cli("compare", str(project))
    assert "草稿中为“”，工作簿现为“，较上年增加2所”" in result.output, result.output
    assert run_cli("update", str(project), "--no-track").exit_code == 0, run_cli("compare", str(project)).output
    texts = [p.text for p in docx.Document(draft).paragraphs]
    assert "共有学校17所，较上年增加2所。" in texts and "学校情况见表 1，共17所。" in texts, texts
    assert not any(ch in "".join(texts) for ch in "\ue000\ue001\ue002\ue003\ue007\ue008\ue009")


def test_new_loop_rows_are_inserted_in_order_and_followed_from_then_on(tmp_path):
    """The list sheet gains two rows: update inserts them, as tracked paragraphs, after the draft's last
    row, in order; their values get marks of their own, so a later correction to one is written."""
    from reportgen.oxml.revisions import accept_revisions

    chapter = ["{%p for 行 in 列表(\"获奖情况\") %}", "{{ 行.学生 }}获{{ 行.奖项 }}。", "{%p endfor %}", "以上为获奖情况。"]
    project, draft = _project(tmp_path, chapter)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["获奖情况"].append(["王五", "省级技能大赛", "三等奖", None])
    book["获奖情况"].append(["赵六", "市级技能大赛", "一等奖", None])
    book.save(path)
    result = run_cli("compare", str(project))
    assert result.output.count("[新增一行]") == 2 and "[草稿缺少的数值]" not in result.output, result.output
    assert result.exit_code == 1
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "2 处改动，均标记为修订" in result.output, result.output
    body = docx.Document(draft).element.body
    assert sum(1 for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None) == 2
    written = draft.read_bytes()
    assert run_cli("update", str(project)).exit_code == 0 and draft.read_bytes() == written  # converges
    document = docx.Document(draft)
    accept_revisions(document.element.body)
    texts = [p.text for p in document.paragraphs if p.text]
    at = texts.index("张三获一等奖。")
    assert texts[at:at + 5] == ["张三获一等奖。", "李四获二等奖。", "王五获三等奖。", "赵六获一等奖。", "以上为获奖情况。"], texts
    book = openpyxl.load_workbook(path)
    book["获奖情况"]["C4"] = "二等奖"  # 王五's prize corrected
    book.save(path)
    result = run_cli("compare", str(project))
    assert "草稿中为“三等奖”，工作簿现为“二等奖”（{{ 行.奖项 }}" in result.output and result.exit_code == 1, result.output


def test_a_new_loop_row_keeps_its_leading_words_and_the_formatting_of_the_row_before(tmp_path):
    """The editors set the list's rows in bold 15 pt; a row the workbook gains is inserted whole
    ("学生" before its first value too) and looks like the rows around it, and a later correction to its
    value is written into it."""
    from reportgen.oxml.revisions import accept_revisions

    chapter = ["{%p for 行 in 列表(\"获奖情况\") %}", "学生{{ 行.学生 }}获{{ 行.奖项 }}。", "{%p endfor %}", "以上为获奖情况。"]
    project, draft = _project(tmp_path, chapter)
    document = docx.Document(draft)
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("学生"):
            for run in paragraph.runs:
                run.bold, run.font.size = True, Pt(15)
    document.save(draft)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["获奖情况"].append(["王五", "省级技能大赛", "三等奖", None])
    book.save(path)
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "1 处改动，均标记为修订" in result.output, result.output
    document = docx.Document(draft)
    accept_revisions(document.element.body)
    rows = [p for p in document.paragraphs if p.text.startswith(("学生", "生"))]
    assert [p.text for p in rows] == ["学生张三获一等奖。", "学生李四获二等奖。", "学生王五获三等奖。"]
    assert [(run.text, run.bold, run.font.size) for run in rows[2].runs if run.text] == [
        (text, True, Pt(15)) for text in ("学生", "王五", "获", "三等奖", "。")]
    book = openpyxl.load_workbook(path)
    book["获奖情况"]["C4"] = "二等奖"
    book.save(path)
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "1 处改动，均标记为修订" in result.output, result.output
    document = docx.Document(draft)
    accept_revisions(document.element.body)
    assert [p.text for p in document.paragraphs if p.text.startswith("学生")][2] == "学生王五获二等奖。"
    assert run_cli("compare", str(project)).exit_code == 0
