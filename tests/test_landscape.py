"""Landscape pages: for wide tables and figures, and a template's own landscape section."""

from __future__ import annotations

import re

from copy import deepcopy

import docx
import openpyxl
import pytest
from conftest import break_section_after, make_project, no_warnings, pdf_words, require_libreoffice, run_cli, to_pdf
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

MM = 72 / 25.4  # PDF points per millimetre
WIDE = [["学校"] + [f"指标{i}" for i in range(1, 13)]] + [[f"学校{r}"] + [round(1000 + r * i * 13.7, 1)
                                                                       for i in range(1, 13)] for r in range(1, 8)]


def _with_columns(project, sheet, **columns):
    """Add optional columns (header -> values by row) to a list sheet of the project's workbook."""
    path = project / "data" / "数据.xlsx"
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for header, values in columns.items():
        column = ws.max_column + 1
        ws.cell(1, column, header)
        for row, value in enumerate(values, 2):
            ws.cell(row, column, value)
    book.save(path)


@pytest.fixture(scope="module")
def landscape_pdf(tmp_path_factory):
    require_libreoffice()
    root = tmp_path_factory.mktemp("landscape")
    sections = {"概况": ["概况", "正文第一段。", '{{ 表格("宽表") }}', '{{ 表格("宽表二") }}', "正文第二段。",
                         '{{ 插图("校园") }}', "正文第三段。"]}
    tables = [("宽表", "宽", "各校办学指标", 1, "", ""), ("宽表二", "宽", "各校办学指标（续）", 1, "", "")]
    project = make_project(root, sections=sections, tables=tables, extra_sheets={"宽": (WIDE, [])})
    _with_columns(project, "表格清单", 版式=["横向", "横向"])
    _with_columns(project, "图片清单", 版式=["横向"])
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    assert no_warnings(result.output)  # 13 columns fit a landscape page
    return to_pdf(project / "output" / "测试报告.docx", root)


def _folio(words, number):
    """The words of the page number "— N —": its two dashes and the number between them."""
    dashes = [w for w in words if w[4] == "—"]
    assert len(dashes) == 2, words
    x0, y0 = min(w[0] for w in dashes), min(w[1] for w in dashes)
    x1, y1 = max(w[2] for w in dashes), max(w[3] for w in dashes)
    inside = [w for w in words if w not in dashes and x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
    assert [w[4] for w in inside] == [str(number)]
    return [*dashes, *inside]


def test_wide_blocks_are_on_landscape_pages_numbered_on(landscape_pdf):
    pages = pdf_words(landscape_pdf)
    orientation = ["landscape" if w > h else "portrait" for w, h, _ in pages]
    # cover, 前言 + text, 表 1, 表 2, text, 图 1, text
    assert orientation == ["portrait", "portrait", "landscape", "landscape", "portrait", "landscape", "portrait"]
    texts = ["".join(w[4] for w in words) for _, _, words in pages]
    assert "表1各校办学指标" in texts[2] and "表2各校办学指标（续）" in texts[3] and "图1校园一角" in texts[5]
    for number, (_, _, words) in enumerate(pages[1:], 1):
        _folio(words, number)  # numbers continue through the landscape pages


def test_landscape_page_number_sits_where_the_portrait_ones_do_on_the_sheet(landscape_pdf):
    """GB/T 9704 ch. 8: a landscape table's page number stays where the other pages have theirs:
    turned, at the sheet's foot (the page's left edge): foot of the page on odd pages, head on even."""
    pages = pdf_words(landscape_pdf)
    width, height, words = pages[1]  # a portrait page, number 1
    portrait = _folio(words, 1)
    below_block = (min(w[1] for w in portrait) + max(w[3] for w in portrait)) / 2 - (height - 35 * MM)
    for index, number in ((2, 2), (3, 3), (5, 5)):
        width, height, words = pages[index]
        folio = _folio(words, number)
        xs, ys = [w[0] for w in folio] + [w[2] for w in folio], [w[1] for w in folio] + [w[3] for w in folio]
        assert max(ys) - min(ys) > max(xs) - min(xs)  # set top to bottom: turned
        left_of_block = 35 * MM - (min(xs) + max(xs)) / 2  # the page's left margin is the sheet's bottom one
        assert abs(left_of_block - below_block) < 1 * MM  # the number's middle line, on the sheet
        text = [w for w in words if w not in folio]  # the turned text block is where the portrait one is
        if index in (2, 3):  # the tables take the full width
            assert 35 * MM <= min(w[0] for w in text) < 40 * MM and 28 * MM <= min(w[1] for w in text) < 33 * MM
        if number % 2:  # odd: the sheet's right end, which is the landscape page's foot
            assert min(ys) > height / 2 and abs(max(ys) - (height - 26 * MM - 14)) < 2 * MM
        else:  # even: the sheet's left end, the page's head
            assert max(ys) < height / 2 and abs(min(ys) - (28 * MM + 14)) < 2 * MM


def test_templates_own_landscape_section_is_honoured(small_project, tmp_path):
    """A chapter template whose portrait part restarts page numbers (not reportgen's to say) and whose
    last section is landscape: docxcompose drops a template's last section properties."""
    project = small_project(sections={"概况": ["概况", "纵向正文。"], "横表": ["横表", "纵向的一节。"]})
    path = project / "templates" / "2-横表.docx"
    template = docx.Document(path)
    template.sections[0]._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="7"/>'))
    section = template.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for element in section._sectPr.findall(qn("w:pgNumType")):
        section._sectPr.remove(element)
    template.add_paragraph("横向的一节。")
    template.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    draft = docx.Document(project / "output" / "测试报告.docx")
    for section in draft.sections:
        size = section._sectPr.find(qn("w:pgSz"))
        landscape = size.get(qn("w:orient")) == "landscape"
        assert landscape == (int(size.get(qn("w:w"))) > int(size.get(qn("w:h"))))  # never contradictory
    pages = pdf_words(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    shape = {("".join(w[4] for w in words)): w > h for w, h, words in pages}
    assert [landscape for text, landscape in shape.items() if "横向的一节" in text] == [True]
    assert [landscape for text, landscape in shape.items() if "纵向的一节" in text] == [False]
    assert list(shape.values())[-1] and "横向的一节" in list(shape)[-1]  # it ends there: no blank page after
    for number, (_, _, words) in enumerate(pages[1:], 1):
        _folio(words, number)  # numbered on, whatever the template said


def test_table_too_wide_for_a_portrait_page_is_flagged(small_project):
    project = small_project(tables=[("学校情况", "宽", "各校办学指标", 1, "", "")], extra_sheets={"宽": (WIDE, [])})
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert "表格“学校情况”有 13 列" in result.output and "超过版心宽度 156 毫米" in result.output
        assert re.search(r"（最宽的是第 \d+ 列“[^”]+”，约 \d+ 毫米）", result.output), result.output
        assert "“版式”列填写“横向”" in result.output


def test_unknown_orientation_names_the_cell(small_project):
    project = small_project()
    _with_columns(project, "图片清单", 版式=["竖排"])
    result = run_cli("check", str(project))
    assert result.exit_code != 0 and "工作表“图片清单” 单元格 H2" in result.output and "横向" in result.output


def test_page_numbers_run_on_whatever_the_templates_restart(small_project, tmp_path):
    """A master template with a section that restarts its page numbers at 5: reportgen numbers on."""
    project = small_project(sections={"概况": ["概况", "正文。"]}, master=["前 言", "前言正文。"])
    path = project / "templates" / "总模板.docx"
    master = docx.Document(path)
    first = master.paragraphs[-2]  # "前 言": end a section after it
    first._p.get_or_add_pPr().append(deepcopy(master.sections[-1]._sectPr))
    master.sections[-1]._sectPr.append(parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="5"/>'))
    master.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    pages = pdf_words(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    assert len(pages) >= 3
    for number, (_, _, words) in enumerate(pages[1:], 1):
        _folio(words, number)


def test_a_landscape_tag_that_ends_a_section_adds_no_blank_page(small_project, tmp_path):
    """The writer put a section break right after the tag: that section now ends landscape, no empty one."""
    project = small_project(sections={"概况": ["概况", "前文。", '{{ 表格("学校情况") }}', "后文。"]},
                            tables=[("学校情况", "宽", "各校办学指标", 1, "", "")], extra_sheets={"宽": (WIDE, [])})
    _with_columns(project, "表格清单", 版式=["横向"])
    break_section_after(project / "templates" / "1-概况.docx", '{{ 表格("学校情况") }}')
    assert run_cli("build", str(project)).exit_code == 0
    pages = pdf_words(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    shapes = [("landscape" if w > h else "portrait", "".join(x[4] for x in words)) for w, h, words in pages]
    assert [shape for shape, _ in shapes] == ["portrait", "portrait", "landscape", "portrait"]
    assert "前文" in shapes[1][1] and "各校办学指标" in shapes[2][1] and "后文" in shapes[3][1]


def test_a_landscape_table_at_the_very_end_leaves_no_blank_page(small_project, tmp_path):
    project = small_project(sections={"概况": ["概况", "前文。", '{{ 表格("学校情况") }}', ""]},
                            tables=[("学校情况", "宽", "各校办学指标", 1, "", "")], extra_sheets={"宽": (WIDE, [])})
    _with_columns(project, "表格清单", 版式=["横向"])
    assert run_cli("build", str(project)).exit_code == 0
    pages = pdf_words(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    assert ["landscape" if w > h else "portrait" for w, h, _ in pages] == ["portrait", "portrait", "landscape"]


def test_template_footers_give_way_to_page_numbers_on_every_page(small_project, tmp_path):
    """A master template with a footer of its own (as Word templates often have), and a landscape table:
    every numbered page, portrait or landscape, prints its own number and never the template's footer."""
    project = small_project(sections={"概况": ["概况", "前文。", '{{ 表格("学校情况") }}', "后文。"]},
                            tables=[("学校情况", "宽", "各校办学指标", 1, "", "")], extra_sheets={"宽": (WIDE, [])})
    _with_columns(project, "表格清单", 版式=["横向"])
    master_path = project / "templates" / "总模板.docx"
    master = docx.Document(master_path)
    for section in master.sections:
        section.footer.is_linked_to_previous = False
        section.footer.paragraphs[0].text = "模板页脚"
    master.save(master_path)
    assert run_cli("build", str(project)).exit_code == 0
    pages = pdf_words(to_pdf(project / "output" / "测试报告.docx", tmp_path))
    assert [w > h for w, h, _ in pages] == [False, False, True, False]
    for number, (_, _, words) in enumerate(pages[1:], 1):
        assert "模板页脚" not in "".join(w[4] for w in words)
        folio = _folio(words, number)
        turned = max(w[3] for w in folio) - min(w[1] for w in folio) > max(w[2] for w in folio) - min(w[0] for w in folio)
        assert turned == (number == 2)


def test_a_table_in_a_templates_landscape_section_takes_the_landscape_width(small_project):
    project = small_project(sections={"横表": ["横表", '{{ 表格("学校情况") }}']},
                            tables=[("学校情况", "宽", "各校办学指标", 1, "", "")], extra_sheets={"宽": (WIDE, [])})
    path = project / "templates" / "1-横表.docx"
    template = docx.Document(path)
    section = template.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    template.save(path)
    for command in ("check", "build"):
        result = run_cli(command, str(project))
        assert result.exit_code == 0 and no_warnings(result.output), result.output  # 225 mm wide: it fits
    table = docx.Document(project / "output" / "测试报告.docx").tables[0]
    width = int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
    assert abs(width - Mm(297 - 35 - 37).twips) < 30
