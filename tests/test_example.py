"""The bundled example: the Qingyang 2025 report rebuilt from templates/ and data/.

These tests read the draft back as a reader would and compare it with the
published text in fixtures/ (minus the published copy's known defects).
"""

from __future__ import annotations

import re
import shutil

import docx
import openpyxl
import pytest
from conftest import FIXTURES, run_cli
from docx.oxml.ns import qn

from reportgen.oxml.fields import iter_fields

# The text extraction wrote the 前言's web address as a Markdown autolink: <https://…>.
PUBLISHED = re.sub(r"<(https?://[^>]+)>", r"\1", (FIXTURES / "qingyang-2025-report.txt").read_text(encoding="utf-8"))
CHAPTERS = ["基本情况", "人才培养", "服务贡献", "文化传承", "国际合作", "产教融合", "发展保障", "面临挑战"]
CAPTION = re.compile(r"^([图表])\s*(\d+)\s*(.+)$")


def _body_paragraphs(document):
    """Body paragraphs in order, including those inside tables (as python-docx sees them)."""
    return [docx.text.paragraph.Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _published_parts():
    """The published text split into body lines, captions and table lines, defects removed."""
    lines = [line.strip() for line in PUBLISHED.splitlines() if line.strip()]
    start, end = lines.index("附件 4"), lines.index("- 68 -")
    figure3_content = lines[start:end + 1]  # the award list is a picture's content, not body text
    lines = lines[:start] + lines[end + 1:]
    lines.remove("— 18 —")  # a stray page header pasted into the body
    captions = [line for line in lines if CAPTION.match(line)]
    tables = [line for line in lines if "\t" in line]
    body = [line for line in lines if line not in captions and line not in tables]
    return body, captions, tables, figure3_content


@pytest.fixture(scope="module")
def draft(example_draft):
    return docx.Document(example_draft)


def test_build_reports_a_summary(example_dir):
    result = run_cli("build", str(example_dir))
    assert result.exit_code == 0, result.output
    assert "完成：8 个章节，2 个表格，24 幅插图，" in result.output
    assert "output/庆阳市中等职业教育质量报告.docx" in result.output or "草稿已保存" in result.output


def test_headings_in_order(draft):
    h1 = [p.text for p in draft.paragraphs if p.style.name == "Heading 1"]
    assert h1 == CHAPTERS
    h2 = [p.text for p in draft.paragraphs if p.style.name == "Heading 2"]
    published_h2 = [re.sub(r"^\d+\.\d+\s*", "", line) for line in PUBLISHED.splitlines()
                    if re.match(r"^\d+\.\d+ \S", line.strip())]
    assert h2 == published_h2 and len(h2) == 21


def test_every_published_sentence_is_in_the_draft(draft):
    body, _, _, _ = _published_parts()
    text = _squash("".join(p.text for p in draft.paragraphs))
    missing = []
    for line in body:
        line = re.sub(r"^\d+(\.\d+)?\.?\s*(?=\D)", "", line)  # heading numbers are Word's numbering
        for sentence in re.split(r"(?<=[。；！？])", line):
            if _squash(sentence) and _squash(sentence) not in text:
                missing.append(sentence)
    assert missing == []


def test_published_defects_are_gone(draft):
    body_text = "\n".join(p.text for p in draft.paragraphs)
    _, _, _, figure3 = _published_parts()
    assert "兰州石化职业技术大学" not in body_text and "- 68 -" not in body_text
    assert "— 18 —" not in body_text
    notes = [p.text for p in draft.paragraphs if p.style.name == "编者提示"]
    assert len(notes) >= 1 and any("缺失" in n for n in notes)


def test_captions_numbered_in_order_without_gaps(draft):
    _, published, _, _ = _published_parts()
    captions = [p.text for p in draft.paragraphs if p.style.name == "Caption"]
    tables = [c for c in captions if c.startswith("表")]
    figures = [c for c in captions if c.startswith("图")]
    assert [CAPTION.match(c).group(2) for c in tables] == ["1", "2"]
    assert [CAPTION.match(c).group(2) for c in figures] == [str(n) for n in range(1, 25)]
    assert all(re.match(r"^[图表] \d+ \S", c) for c in captions)  # one spacing everywhere
    # Same titles, same order as published (图 19 was lost there; numbers close up).
    titles = [CAPTION.match(c).group(3) for c in captions]
    assert titles == [CAPTION.match(c).group(3) for c in published]
    assert "表 1 庆阳市中职学校情况表" in captions and "图 1 庆阳市在校学生专业分布" in captions


def test_caption_numbers_are_seq_fields_with_cached_results(draft):
    seq = [(f.argument, "".join(t.text for r in f.result_runs for t in r.iter(qn("w:t"))))
           for f in iter_fields(draft.element.body) if f.kind == "SEQ"]
    assert seq.count(("表", "1")) == 1 and [n for label, n in seq if label == "图"] == [str(i) for i in range(1, 25)]


def test_tables_come_from_the_workbook(draft):
    school, employment = draft.tables
    assert [c.text for c in school.rows[-1].cells] == ["中职学校", "15", "8", "7", "2", "1", "3", "3", "2"]
    assert school.cell(0, 2).text == "办学性质" and school.cell(1, 2).text == "公办"
    cells = {c.text for row in employment.rows for c in row.cells}
    assert {"2948", "741", "2187", "99.32%", "43.99%", "升学层次分类", "本科层次", "1848"} <= cells
    # No first-line indent in cells, 五号 text via the table style.
    style = draft.styles["表格文字"]
    assert style.font.size.pt == 10.5 and not style.paragraph_format.first_line_indent
    # Single-spaced, off the body's 28.95 pt line grid (or each table line would take a body line).
    snap = style.element.pPr.find(qn("w:snapToGrid"))
    assert snap is not None and snap.get(qn("w:val")) == "0"


def test_figures_are_pictures_and_native_charts(draft):
    figure_paragraphs = [p for p in _body_paragraphs(draft) if p.style.name == "图片"]
    assert len(figure_paragraphs) == 24
    charts = [p for p in figure_paragraphs if p._p.xpath(".//*[local-name()='chart']")]
    pictures = [p for p in figure_paragraphs if p._p.xpath(".//pic:pic")]
    assert len(charts) == 2 and len(pictures) == 22


def test_east_asian_fonts_are_set_in_styles(draft):
    def east_asian(name):
        rfonts = draft.styles[name].element.rPr.find(qn("w:rFonts"))
        return rfonts.get(qn("w:eastAsia"))

    assert east_asian("Normal") == "仿宋_GB2312"
    assert east_asian("Heading 1") == "黑体" and east_asian("Heading 2") == "楷体_GB2312"
    assert east_asian("Title") == "方正小标宋简体" and east_asian("Caption") == "仿宋_GB2312"
    assert not draft.styles.element.xpath(".//w:rFonts[@w:eastAsiaTheme or @w:asciiTheme]")
    normal = draft.styles["Normal"]
    assert normal.font.size.pt == 16
    # 22 lines a page from the section's line grid, not from exact spacing that would clip a picture
    assert normal.paragraph_format.line_spacing == 1.0
    for section in draft.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")
    assert int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) == -5  # 28 characters a line


def test_page_setup_and_footers(draft):
    cover, body = draft.sections
    for section in draft.sections:
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                       section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    assert not cover._sectPr.findall(qn("w:footerReference"))  # no number on the cover
    assert draft.settings.odd_and_even_pages_header_footer
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —"
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    assert [f.kind for f in iter_fields(body.footer._element)] == ["PAGE"]
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_front_matter(draft):
    texts = [(p.style.name, p.text) for p in draft.paragraphs if p.text]
    assert texts[:4] == [("封面标题", "庆阳市中等职业教育质量报告"), ("封面副标题", "（2025 年）"),
                         ("封面落款", "庆阳市教育局"), ("封面日期", "2025 年 12 月")]
    assert ("前言标题", "前 言") in texts
    signature = [t for s, t in texts if s == "落款"]
    assert signature == ["庆阳市教育局", "2025 年 12 月"]
    assert draft.styles["落款"].paragraph_format.alignment == 2


def test_no_template_tags_left(draft):
    xml = draft.element.xml
    for token in ("{{", "}}", "{%", "%}", "\ue000"):
        assert token not in xml


def test_changing_a_number_changes_the_draft(example_dir, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(example_dir, copy, ignore=shutil.ignore_patterns("output"))
    book_path = copy / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(book_path)
    sheet = book["指标"]
    rows = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    rows["毕业生数"].value = 3000
    rows["公办学校数"].value = 9  # 学校总数 is derived: 公办 + 民办
    book.save(book_path)
    assert run_cli("build", str(copy)).exit_code == 0
    text = "".join(p.text for p in docx.Document(copy / "output" / "庆阳市中等职业教育质量报告.docx").paragraphs)
    assert "共有毕业生3000人" in _squash(text)
    assert "就业率为97.60%" in _squash(text)  # 2928 / 3000, derived by the workbook's formula
    assert "中等职业学校16所" in _squash(text)


def test_one_section_alone(example_dir):
    result = run_cli("build", str(example_dir), "--section", "人才培养")
    assert result.exit_code == 0, result.output
    document = docx.Document(example_dir / "output" / "庆阳市中等职业教育质量报告-人才培养.docx")
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["人才培养"]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "表 2 2025 年庆阳市中等职业学校毕业生就业情况表"  # numbers as in the whole report
    assert captions[1].startswith("图 2 ")


def test_check_reports_exactly_the_two_published_contradictions(example_dir):
    result = run_cli("check", str(example_dir))
    assert result.exit_code == 0, result.output
    assert result.output.count("[警告]") == 2 and "[错误]" not in result.output
    assert "= 1939" in result.output and "= 2187" in result.output  # 升学 by level vs by channel
    assert "= 5084" in result.output and "= 5156" in result.output  # 2024 intake in 1.3 vs 8.1
    assert "0 个错误，2 个警告" in result.output


def test_build_prints_the_warnings_and_strict_refuses(example_dir, tmp_path):
    result = run_cli("build", str(example_dir), "-o", str(tmp_path / "draft.docx"))
    assert result.exit_code == 0 and result.output.count("[警告]") == 2
    result = run_cli("build", str(example_dir), "--strict", "-o", str(tmp_path / "strict.docx"))
    assert result.exit_code == 1 and result.output.count("[错误]") == 2
    assert not (tmp_path / "strict.docx").exists()
