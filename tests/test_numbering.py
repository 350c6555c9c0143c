"""Caption numbering schemes, appendix tables and cross-references, as a reader sees them."""

from __future__ import annotations

import re

import docx
import pytest
from conftest import pdf_pages, run_cli, to_pdf
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from reportgen.oxml.fields import iter_fields

APPENDIX = [("学校情况", "表1", "学校情况表", 2, "", "", "表"),
            ("学校情况2", "表1", "学校情况表", 2, "", "", "表"),
            ("计分卡", "表1", "人才培养质量计分卡", 2, "", "", "附表"),
            ("资源表", "表1", "教学资源表", 2, "", "", "附表")]
TABLE_LIST_HEADER = ["名称", "工作表", "表题", "表头行数", "单位", "注", "类型"]
FIGURES = [("校园", "照片", "data/图片/校园.jpg", "校园一角", 6, None, None),
           ("操场", "照片", "data/图片/校园.jpg", "操场", 6, None, None),
           ("校园2", "照片", "data/图片/校园.jpg", "校园一角", 6, None, None),
           ("操场2", "照片", "data/图片/校园.jpg", "操场", 6, None, None)]
SECTIONS = {
    "概况": ["概况", "如{{ 引用(\"操场\") }}所示，另见{{ 引用(\"资源表\") }}。", '{{ 插图("校园") }}',
             '{{ 表格("学校情况") }}', '{{ 插图("操场") }}'],
    "培养": ["培养", '{{ 插图("校园2", "操场2") }}', '{{ 表格("学校情况2") }}', "见{{ 引用(\"计分卡\") }}。"],
    "附表": [("附表", "附录标题"), '{{ 表格("计分卡") }}', '{{ 表格("资源表") }}'],
}


def _captions(path):
    """Caption paragraphs' text, in document order (inside figure grids too)."""
    document = docx.Document(path)
    caption = document.styles["Caption"].style_id
    return [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p")) if p.style == caption]


@pytest.fixture(scope="module")
def by_chapter(tmp_path_factory):
    from conftest import make_project
    root = tmp_path_factory.mktemp("chapter")
    project = make_project(root, sections=SECTIONS, tables=APPENDIX, figures=FIGURES,
                           profile='caption_numbering = "chapter"\ncaption_label_space = false')
    _add_kind_column(project)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    return project / "output" / "测试报告.docx"


def _add_kind_column(project):
    import openpyxl
    book_path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(book_path)
    book["表格清单"]["G1"] = "类型"
    for row, (*_, kind) in enumerate(APPENDIX, 2):
        book["表格清单"].cell(row, 7, kind)
    book.save(book_path)


def test_captions_number_by_chapter_and_appendix_tables_apart(by_chapter):
    assert _captions(by_chapter) == [
        "图1-1 校园一角", "表1-1 学校情况表", "图1-2 操场",
        "图2-1 校园一角", "图2-2 操场", "表2-1 学校情况表",
        "附表1 人才培养质量计分卡", "附表2 教学资源表"]


def test_seq_fields_restart_each_chapter_for_word_and_libreoffice(by_chapter):
    document = docx.Document(by_chapter)
    seq = [f.instruction.split() for f in iter_fields(document.element.body) if f.kind == "SEQ"]
    figures = [s for s in seq if s[1] == "图"]
    assert all("\\s" in s for s in figures)  # Word: restart at each Heading 1
    assert [("\\r" in s) for s in figures] == [True, False, True, False]  # LibreOffice: explicit restarts
    appendix = [s for s in seq if s[1] == "附表"]
    assert all("\\s" not in s for s in appendix) and "\\r" not in appendix[1]


def test_references_show_the_numbers_of_each_kind(by_chapter):
    texts = [p.text for p in docx.Document(by_chapter).paragraphs]
    assert "如图1-2所示，另见附表2。" in texts
    assert "见附表1。" in texts


def test_libreoffice_shows_the_same_numbers(by_chapter, tmp_path_factory):
    """LibreOffice recomputes SEQ and REF fields as it loads: its numbers must be ours."""
    pages = pdf_pages(to_pdf(by_chapter, tmp_path_factory.mktemp("pdf")))
    lines = [re.sub(r"\s+", "", line) for page in pages for line in page.splitlines()]
    shown = [number for line in lines if re.match(r"^(图|表|附表)\d", line)
             for number in re.findall(r"(附表\d+|[图表]\d+-\d+)(?=[\u4e00-\u9fff])", line)]
    assert shown == ["图1-1", "表1-1", "图1-2", "图2-1", "图2-2", "表2-1", "附表1", "附表2"]
    assert "如图1-2所示，另见附表2。" in lines and "见附表1。" in lines
    # Each appendix table starts a page, the "附表" heading going with the first.
    starts = {re.sub(r"\s+", "", page.strip().splitlines()[0]) for page in pages if page.strip()}
    assert "附表" in starts and "附表2教学资源表" in starts


def test_document_scheme_with_label_space_is_the_default(small_project):
    project = small_project(sections=SECTIONS, tables=APPENDIX, figures=FIGURES)  # no 类型 column: all 表
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert _captions(project / "output" / "测试报告.docx") == [
        "图 1 校园一角", "表 1 学校情况表", "图 2 操场", "图 3 校园一角", "图 4 操场", "表 2 学校情况表",
        "表 3 人才培养质量计分卡", "表 4 教学资源表"]


def test_separator_is_configurable(small_project):
    project = small_project(sections={"概况": SECTIONS["概况"][:1] + ['{{ 插图("校园") }}', '{{ 插图("操场") }}']},
                            figures=FIGURES, profile='caption_numbering = "chapter"\ncaption_separator = "."')
    assert run_cli("build", str(project)).exit_code == 0
    assert _captions(project / "output" / "测试报告.docx") == ["图 1.1 校园一角", "图 1.2 操场"]


def test_a_section_alone_keeps_its_chapter_numbers(by_chapter):
    project = by_chapter.parent.parent
    result = run_cli("build", str(project), "--section", "培养")
    assert result.exit_code == 0, result.output
    draft = project / "output" / "测试报告-培养.docx"
    assert _captions(draft) == ["图2-1 校园一角", "图2-2 操场", "表2-1 学校情况表"]
    assert "见附表1。" in [p.text for p in docx.Document(draft).paragraphs]  # target elsewhere: plain text


def test_figure_before_the_first_chapter_is_a_warning(small_project):
    project = small_project(master=["前 言", '{{ 插图("校门") }}'], profile='caption_numbering = "chapter"',
                            figures=[("校园", "照片", "data/图片/校园.jpg", "校园一角", 12, None, None),
                                     ("校门", "照片", "data/图片/校园.jpg", "校门", 12, None, None)])
    result = run_cli("build", str(project))
    assert result.exit_code == 0 and "在第一章之前" in result.output


def test_unknown_table_kind_names_the_cell(small_project):
    project = small_project()
    import openpyxl
    book_path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(book_path)
    book["表格清单"]["G1"], book["表格清单"]["G2"] = "类型", "附录表"
    book.save(book_path)
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code != 0
        assert "工作表“表格清单” 单元格 G2" in result.output and "附表" in result.output


def test_a_reference_to_a_table_no_template_inserts_is_an_error(small_project):
    project = small_project(sections={"概况": ["概况", "见{{ 引用(\"学校情况\") }}。"]})
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code != 0, result.output
        assert '引用("学校情况") 指向的表格没有在任何模板中插入' in result.output and "templates/1-概况.docx" in result.output
        assert "Traceback" not in result.output and "内部错误" not in result.output


def test_a_number_by_chapter_never_breaks_at_its_hyphen(by_chapter):
    """"图1-2" in a caption or a reference holds a non-breaking hyphen (w:noBreakHyphen), which Word
    and python-docx read as "-", and no breakable "-" in its text."""
    body = docx.Document(by_chapter).element.body
    captions = [p for p in body.iter(qn("w:p")) if p.style == "Caption"]
    refs = [f for f in iter_fields(body) if f.kind == "REF"]
    runs = [r for p in captions for r in p.iter(qn("w:r"))] + [r for f in refs for r in f.result_runs]
    assert sum(r.find(qn("w:noBreakHyphen")) is not None for r in runs) >= 6 + 1  # six captions, a reference
    assert not [t.text for r in runs for t in r.iter(qn("w:t")) if re.search(r"\d-|-\d", t.text or "")]


def _bookmarked_texts(body) -> dict[str, tuple[str, object]]:
    """Each bookmark's text, read in document order, and the paragraph it starts in."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    open_marks, texts = {}, {}
    for element in body.iter(f"{w}bookmarkStart", f"{w}bookmarkEnd", f"{w}t", f"{w}noBreakHyphen"):
        tag = element.tag.removeprefix(w)
        if tag == "bookmarkStart":
            open_marks[element.get(f"{w}id")] = element.get(f"{w}name")
            texts[element.get(f"{w}name")] = ["", element.getparent()]
        elif tag == "bookmarkEnd":
            open_marks.pop(element.get(f"{w}id"), None)
        else:
            for name in open_marks.values():
                texts[name][0] += "-" if tag == "noBreakHyphen" else (element.text or "")
    return {name: (text, paragraph) for name, (text, paragraph) in texts.items()}


@pytest.mark.parametrize("draft", ["by_chapter", "school_draft"])
def test_every_reference_shows_the_number_its_caption_shows(draft, request):
    """Each "见表 N" holds, before Word updates it, exactly the label and number of the caption it points
    at: compared with the caption's own bookmarked text, not with an expected string."""
    document = docx.Document(request.getfixturevalue(draft))
    body = document.element.body
    marks = _bookmarked_texts(body)
    caption = document.styles["Caption"].style_id
    refs = [f for f in iter_fields(body) if f.kind == "REF" and f.instruction.split()[1] in marks
            and marks[f.instruction.split()[1]][1].style == caption]  # not the 目录's, to headings
    assert len(refs) >= 3
    for field in refs:
        text, _ = marks[field.instruction.split()[1]]
        shown = "".join("-" if e.tag == qn("w:noBreakHyphen") else e.text or ""
                        for r in field.result_runs for e in r.iter(qn("w:t"), qn("w:noBreakHyphen")))
        assert re.fullmatch(r"(附表|表|图)\s?\d+(-\d+)?", text), text
        assert shown == text
