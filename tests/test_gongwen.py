"""The 公文 kinds (通知, 报告, 请示): `init --kind`, the `[gongwen]` settings and their checks, and the parts
GB/T 9704-2012 adds, looked at in the draft and on the rendered page."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from conftest import REPO, pdf_words, run_cli, to_pdf

MM = 72 / 25.4
TEXT_WIDTH_MM, BOTTOM_MARGIN_MM, TOP_MARGIN_MM = 156, 35, 37


def make(folder: Path, kind: str, *, starter_attachment: bool = False, **gongwen: str) -> Path:
    """A project `reportgen init --kind KIND` makes, dated 2025-12-20, `gongwen` lines replacing its own;
    without its starter 附件 unless `starter_attachment` (the tests of the page layout add their own)."""
    result = run_cli("init", str(folder), "--kind", kind)
    assert result.exit_code == 0, result.output
    if not starter_attachment:
        import openpyxl

        path = folder / "data" / "报告数据.xlsx"
        book = openpyxl.load_workbook(path)
        sheet = book["表格清单"]
        sheet.delete_rows(next(row[0].row for row in sheet.iter_rows(min_row=2) if row[6].value == "附件"))
        book.save(path)
        master = folder / "templates" / "总模板.docx"
        document = docx.Document(master)
        reference = next(p for p in document.paragraphs if "各校情况" in p.text)
        reference.text = reference.text.replace('，各校情况见{{ 引用("各校情况") }}', "")
        document.save(master)
    config = folder / "reportgen.toml"
    text = re.sub(r"(?m)^date = .*$", "date = 2025-12-20", config.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^year = .*$", "year = 2025", text)
    text = re.sub(r"(?m)^((?:title|number) = .*?)\d{4}", r"\g<1>2025", text)  # init writes this year's
    for key, line in gongwen.items():
        text, found = re.subn(rf"(?m)^#? ?{key} = .*$", line, text)
        assert found == 1, key
    config.write_text(text, encoding="utf-8")
    return folder


def build(folder: Path) -> Path:
    result = run_cli("build", str(folder))
    assert result.exit_code == 0, result.output
    assert re.search(r"(?<!\d)0 个警告", result.output), result.output
    return next((folder / "output").glob("*.docx"))


def test_init_kind_writes_a_gongwen_that_builds_with_its_parts_in_order(tmp_path):
    draft = build(make(tmp_path / "通知", "通知", starter_attachment=True))
    document = docx.Document(draft)
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert styled[:4] == [("发文机关标志", "某市教育局文件"), ("发文字号", "某教发〔2025〕1号"),
                          ("公文标题", "关于2025年全市中等职业教育\n统计情况的通知"),
                          ("主送机关", "各县（区）教育局，市直各学校：")]
    closing = styled.index(("Normal", "请结合实际认真贯彻落实。"))
    assert styled[closing + 1:closing + 8] == [
        ("附件说明", "附件：全市中等职业学校名单"), ("落款", "某市教育局"), ("落款", "2025年12月20日"),
        ("附注", "（联系人：某某，电话：0000-0000000）"), ("附件标识", "附件"), ("附件标题", "全市中等职业学校名单"),
        ("表注", "单位：人、个")]
    colophon = document.tables[-1]
    assert [row.cells[0].text for row in colophon.rows] == ["抄送：市人民政府办公室。", "某市教育局办公室\t2025年12月20日印发"]
    assert "PAGE" in document.sections[0].footer._element.xml  # no cover: numbered from the first page


@pytest.mark.parametrize("kind, words", [("通知", "请结合实际认真贯彻落实。"), ("报告", "特此报告。"), ("请示", "妥否，请批示。")])
def test_each_kind_starts_with_its_own_closing_words(tmp_path, kind, words):
    document = docx.Document(build(make(tmp_path / kind, kind)))
    body = [p.text for p in document.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert body[-1] == words


def check_output(folder: Path) -> str:
    result = run_cli("check", str(folder))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize("number", ["某教发[2025]1号", "某教发〔2025〕01号", "某教发〔2025〕第1号", "某教发（2025）1号",
                                    "某教发〔25〕1号", "某教发〔2025〕1"])
def test_a_number_not_written_as_the_standard_says_is_an_error_with_it_corrected(tmp_path, number):
    folder = make(tmp_path / "p", "通知", number=f'number = "{number}"')
    output = check_output(folder)
    assert "[gongwen].number" in output and "六角括号" in output
    if number != "某教发〔25〕1号":
        assert 'number = "某教发〔2025〕1号"' in output  # the writer's own number, corrected


def test_bad_gongwen_settings_are_all_reported_at_once_with_their_place(tmp_path):
    folder = make(tmp_path / "p", "报告", signers='signers = ""', number='number = "某教报[2025]第01号"')
    output = check_output(folder)
    assert "[gongwen].number" in output and "六角括号" in output
    assert "报告是上行文，须标注签发人" in output
    assert re.search(r"(?<!\d)2 个错误", output), output


def test_a_downward_notice_has_no_signer_and_the_kind_must_exist(tmp_path):
    folder = make(tmp_path / "p", "通知")
    config = folder / "reportgen.toml"
    text = config.read_text(encoding="utf-8").replace("[gongwen]\n", '[gongwen]\nsigners = "张三"\n')
    config.write_text(text.replace('kind = "通知"', 'kind = "通之"'), encoding="utf-8")
    output = check_output(folder)
    assert "[report].kind" in output and "是否想写“通知”" in output
    config.write_text(text, encoding="utf-8")
    output = check_output(folder)
    assert "[gongwen].signers" in output and "通知是下行文，不标注签发人" in output


def test_gongwen_settings_in_a_report_are_an_error(tmp_path):
    result = run_cli("init", str(tmp_path / "p"))
    assert result.exit_code == 0
    config = tmp_path / "p" / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[gongwen]\nnumber = "某教发〔2025〕1号"\n', encoding="utf-8")
    output = check_output(tmp_path / "p")
    assert "[gongwen] 只用于公文" in output and "质量年报" in output


def test_a_title_too_long_for_a_line_without_a_break_of_its_own_is_a_warning(tmp_path):
    folder = make(tmp_path / "p", "通知")
    config = folder / "reportgen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("教育\\n统计", "教育统计"), encoding="utf-8")
    result = run_cli("check", str(folder))
    assert result.exit_code == 0 and re.search(r"(?<!\d)1 个警告", result.output), result.output
    assert "[report].title：公文标题约 20.5 字宽，一行只排得下 20 字" in result.output
    config.write_text(text.replace("统计情况的通知", "统计情况的通知（第二次）"), encoding="utf-8")
    result = run_cli("check", str(folder))  # broken by the writer: as they wish
    assert re.search(r"(?<!\d)0 个警告", result.output), result.output


def test_an_unknown_kind_at_init_names_the_choices(tmp_path):
    result = run_cli("init", str(tmp_path / "p"), "--kind", "公文")
    assert result.exit_code == 1
    assert "没有名为“公文”的文档类型" in result.output and "通知、报告、请示" in result.output
    assert not (tmp_path / "p").exists()


def test_a_cover_without_a_section_break_is_a_warning_and_pages_are_numbered_from_the_first(tmp_path):
    folder = tmp_path / "p"
    assert run_cli("init", str(folder)).exit_code == 0
    master = folder / "templates" / "总模板.docx"
    document = docx.Document(master)
    for p in document.element.body.iter(docx.oxml.ns.qn("w:sectPr")):
        if p.getparent() is not document.element.body:
            p.getparent().remove(p)
    document.save(master)
    result = run_cli("build", str(folder))
    assert result.exit_code == 0, result.output
    assert "总模板中没有分节符" in result.output and re.search(r"(?<!\d)1 个警告", result.output), result.output
    draft = docx.Document(next((folder / "output").glob("*.docx")))
    first = draft.sections[0]
    assert "PAGE" in first.footer._element.xml  # numbered from the first page, not taken for a cover


# On the rendered page ---------------------------------------------------------------------------------------

def rules(pdf: Path) -> list[list[tuple[float, float, float, float, tuple]]]:
    """Per page: the straight lines drawn (x0, x1, y from the page's foot, width, stroke colour)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    pages = []
    for page in reader.pages:
        found, width, colour, start = [], None, None, None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            operator = operator.decode() if isinstance(operator, bytes) else operator
            if operator == "w":
                width = float(operands[0])
            elif operator == "RG":
                colour = tuple(round(float(x), 2) for x in operands)
            elif operator == "m":
                start = [float(x) for x in operands]
            elif operator == "l" and start and abs(float(operands[1]) - start[1]) < 0.01:
                found.append((min(start[0], float(operands[0])), max(start[0], float(operands[0])), start[1], width, colour))
        pages.append(found)
    return pages


def full_width(lines):
    return [line for line in lines if abs((line[1] - line[0]) - TEXT_WIDTH_MM * MM) < 1.5]


def folios(pdf: Path) -> list[str | None]:
    numbers = []
    for _, height, words in pdf_words(pdf):
        foot = [w for w in words if w[1] > height - BOTTOM_MARGIN_MM * MM]
        text = "".join(w[4] for w in sorted(foot))
        found = re.fullmatch(r"—(\d+)—", text)
        numbers.append(found.group(1) if found else (None if not foot else text))
    return numbers


LONG_NAME = "中共某市委教育工作领导小组办公室"


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    """A 报告 (上行文, 签发人) as init makes it, unsealed, from an office whose name is longer than the
    date, rendered."""
    folder = make(tmp_path_factory.mktemp("gongwen") / "报告", "报告", sealed="sealed = false",
                  copies_to='copies_to = "市人民政府办公室，市统计局"')
    config = folder / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('organisation = "某市教育局"',
                                                                 f'organisation = "{LONG_NAME}"'), encoding="utf-8")
    return to_pdf(build(folder), folder / "output")


@pytest.fixture(scope="module")
def notice_pdf(tmp_path_factory) -> Path:
    """A 通知 (下行文) as init makes it, sealed, rendered."""
    folder = make(tmp_path_factory.mktemp("gongwen") / "通知", "通知")
    return to_pdf(build(folder), folder / "output")


ONE = TEXT_WIDTH_MM * MM / 28  # a character of the body text, as set
RIGHT = 28 * MM + TEXT_WIDTH_MM * MM  # the text block's right edge


def signature(pdf: Path, name: str) -> tuple[tuple, tuple, list]:
    """The words of the 署名 and of the 成文日期 (its first and last), and the words of their page."""
    for _, _, words in pdf_words(pdf):
        found = [w for w in words if w[4] == name]
        if found:
            line = [w for w in words if abs(w[1] - (found[0][1] + 28.95)) < 5]  # the next line
            return found[0], (min(line)[0], max(w[2] for w in line)), words
    pytest.fail(f"no 署名 {name}")


def test_the_red_line_spans_the_text_block_under_the_number_and_signer(report_pdf):
    pages = pdf_words(report_pdf)
    _, height, words = pages[0]
    red = [line for line in full_width(rules(report_pdf)[0]) if line[4] == (1.0, 0.0, 0.0)]
    assert red, rules(report_pdf)[0]
    line_y = height - red[0][2]  # from the top
    number = [w for w in words if "〔2025〕" in w[4]]
    signer = [w for w in words if w[4].startswith("签发人")]
    assert number and signer and abs(number[0][3] - signer[0][3]) < 1  # one line
    assert number[0][0] < 79.4 + 20 < signer[0][0]  # 发文字号 at the left, 签发人 at the right
    assert 2 * MM < line_y - number[0][3] < 6 * MM  # the line 4 mm below the 发文字号
    mark = [w for w in words if "文件" in w[4]]
    assert mark and mark[0][1] < number[0][1]


def test_the_issuer_mark_is_red_and_its_top_35_mm_below_the_text_block(notice_pdf, tmp_path):
    """7.2.4: 发文机关标志 red, its top 35 mm below the text block's top edge (measured on the pixels)."""
    import subprocess

    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "144", "-f", "1", "-l", "1", "-png", str(notice_pdf), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    red = next(y for y in range(image.height)
               if any(r > 200 and g < 80 and b < 80 for r, g, b in (image.getpixel((x, y)) for x in range(0, image.width, 2))))
    assert abs((red / 2 - TOP_MARGIN_MM * MM) / MM - 35) < 1


def pages_of(pdf: Path) -> list[tuple[bool, bool, str | None]]:
    """Per page: whether it has text of the body, whether it holds the 版记, and its page number."""
    described = []
    for (_, height, words), lines, number in zip(pdf_words(pdf), rules(pdf), folios(pdf)):
        colophon = [line for line in full_width(lines) if line[4] == (0.0, 0.0, 0.0) and line[3] >= 0.75]
        top = height - max(line[2] for line in colophon) if colophon else height
        body = [w for w in words if w[3] < min(top, height - BOTTOM_MARGIN_MM * MM)]
        described.append((bool(body), bool(colophon), number))
    return described


@pytest.mark.parametrize("extra, placed", [(-1, "on the last page of text"), (0, "after a blank page"),
                                           (1, "on a page of its own")])
def test_the_colophon_sits_at_the_foot_of_an_even_last_page(tmp_path, extra, placed):
    """7.4, 7.5: the 版记 at the foot of the last page, an even one; pages with text numbered on from 1,
    the 版记's own page and a blank page before it not numbered.  Longer texts put it each way."""
    folder = make(tmp_path / "p", "通知")
    master = folder / "templates" / "总模板.docx"
    document = docx.Document(master)
    closing = next(p for p in document.paragraphs if p.text.startswith("请结合"))
    for _ in range(extra):
        closing.insert_paragraph_before("加长正文的段落，用来检查版记在各种位置时的排法是否符合标准的规定。" * 2)
    if extra < 0:  # shorter: without the 编者提示
        note = next(p for p in document.paragraphs if p.style.name == "编者提示")
        note._p.getparent().remove(note._p)
    document.save(master)
    pdf = to_pdf(build(folder), folder / "output")
    pages = pages_of(pdf)
    assert len(pages) % 2 == 0 and pages[-1][1], pages
    texts = [number for has_text, _, number in pages if has_text]
    assert texts == [str(n) for n in range(1, len(texts) + 1)], pages
    assert all(number is None for has_text, _, number in pages if not has_text), pages
    expected = {"on the last page of text": [(True, True, str(len(pages)))],
                "after a blank page": [(True, False, str(len(pages) - 2)), (False, False, None), (False, True, None)],
                "on a page of its own": [(True, False, str(len(pages) - 1)), (False, True, None)]}[placed]
    assert pages[-len(expected):] == expected, pages
    last = [line for line in full_width(rules(pdf)[-1]) if line[3] >= 0.75]  # not a table's 0.5 pt grid
    assert [round(line[3], 2) for line in sorted(last, key=lambda line: -line[2])] == [1.0, 0.75, 1.0]
    assert abs(min(line[2] for line in last) - BOTTOM_MARGIN_MM * MM) < 1 * MM  # on the text block's foot
    draft = docx.Document(next((folder / "output").glob("*.docx")))
    assert f"<Pages>{len(pages)}</Pages>" in draft.part.package.part_related_by(  # the blank page counted too
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties").blob.decode()


def test_the_colophon_prints_copies_and_the_printing_office_and_date(report_pdf):
    words = pdf_words(report_pdf)[-1][2]
    assert "抄送：市人民政府办公室，市统计局。" in "".join(w[4] for w in words)
    office = next(w for w in words if w[4] == "某市教育局办公室")
    date = [w for w in words if abs(w[1] - office[1]) < 2 and w[0] > office[2]]  # on its line, at the right
    assert "".join(w[4] for w in date) == "2025年12月20日印发"
    assert abs(office[0] - (28 * MM + 14)) < 3 and abs(date[-1][2] - (RIGHT - 14)) < 3  # one 4号 character in


def lines_above(word, words) -> float:
    """How many grid lines (28.95 pt) down from the nearest line of text above `word` it stands."""
    above = max(w[1] for w in words if w[1] < word[1] - 5 and 20 < w[3] - w[1] < 22)
    return (word[1] - above) / 28.95


def test_unsealed_signature_two_characters_in_and_the_date_two_to_the_right_of_it(report_pdf):
    """7.3.5.2: 署名 two characters in from the right, the date's first character two to the right of
    the 署名's first; on a page with text of the body."""
    name, (date_start, _), words = signature(report_pdf, LONG_NAME)
    assert abs((RIGHT - name[2]) - 2 * ONE) < 0.5 * ONE
    assert abs((date_start - name[0]) - 2 * ONE) < 0.5 * ONE
    assert abs(lines_above(name, words) - 2) < 0.2  # one blank line between the text and the 署名
    assert any("特此报告" in w[4] for w in words)  # not alone on a page


def test_unsealed_date_longer_than_the_signature_goes_two_characters_in(tmp_path):
    folder = make(tmp_path / "p", "通知", sealed="sealed = false")
    pdf = to_pdf(build(folder), folder / "output")
    name, (date_start, date_end), _ = signature(pdf, "某市教育局")
    assert abs((RIGHT - date_end) - 2 * ONE) < 0.5 * ONE
    assert abs((date_start - name[0]) - 2 * ONE) < 0.5 * ONE


def test_sealed_date_four_characters_in_and_the_signature_centred_over_it(notice_pdf):
    """7.3.5.1: 成文日期 four characters in from the right, 署名 centred over it."""
    name, (date_start, date_end), words = signature(notice_pdf, "某市教育局")
    assert abs((RIGHT - date_end) - 4 * ONE) < 0.5 * ONE
    assert abs(lines_above(name, words) - 3) < 0.2  # two blank lines for the seal
    assert abs((name[0] + name[2]) / 2 - (date_start + date_end) / 2) < 0.5 * ONE
    assert any("请结合实际认真贯彻落实" in w[4] for w in words)


def test_page_numbers_of_a_gongwen_sit_7_mm_below_the_text_block(report_pdf, notice_pdf):
    from test_rendered import dash_gaps_mm

    for pdf in (report_pdf, notice_pdf):
        gaps = dash_gaps_mm(pdf)
        assert gaps and all(abs(gap - 7) <= 0.5 for gap in gaps), gaps


# 附件 ---------------------------------------------------------------------------------------------------

def with_attachments(folder: Path, *rows: tuple) -> None:
    """Add tables of 类型 附件 to the 表格清单 of an init-made project (each on the starter's table sheet)."""
    import openpyxl

    path = folder / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for name, title, layout in rows:
        book["表格清单"].append([name, "表-学校情况", title, 1, "", "", "附件", layout])
    book.save(path)


def test_one_attachment_is_named_without_a_number_and_starts_its_own_page(tmp_path):
    folder = make(tmp_path / "p", "通知")
    with_attachments(folder, ("附件表", "各县（区）学校情况", "纵向"))
    document = docx.Document(build(folder))
    assert [p.text for p in document.paragraphs if p.style.name == "附件说明"] == ["附件：各县（区）学校情况"]
    mark = next(p for p in document.paragraphs if p.style.name == "附件标识")
    assert mark.text == "附件" and mark.paragraph_format.page_break_before  # one 附件: no number (7.3.7)
    titles = [p.text for p in document.paragraphs if p.style.name == "附件标题"]
    assert titles == ["各县（区）学校情况"]
    assert not any(p.text.startswith("表 2") for p in document.paragraphs)  # no "表 N" caption of its own


def test_an_attachment_inserted_by_a_template_too_is_an_error_naming_the_paragraph(tmp_path):
    folder = make(tmp_path / "p", "通知")
    with_attachments(folder, ("附件表", "各县（区）学校情况", "纵向"))
    master = folder / "templates" / "总模板.docx"
    document = docx.Document(master)
    document.add_paragraph('{{ 表格("附件表") }}')
    document.save(master)
    output = check_output(folder)
    assert "表格“附件表”是附件" in output and "templates/总模板.docx" in output
    assert re.search(r"(?<!\d)1 个错误", output), output


def test_a_table_ending_the_text_keeps_with_the_signature(tmp_path):
    """7.3.5.4: with the text ending in a table that leaves no room below it, the 署名 and 成文日期 do not
    go on alone: the table (kept whole) moves on with them."""
    folder = make(tmp_path / "p", "通知")
    master = folder / "templates" / "总模板.docx"
    document = docx.Document(master)
    table_tag = next(p for p in document.paragraphs if p.text == '{{ 表格("学校情况") }}')
    closing = next(p for p in document.paragraphs if p.text.startswith("请结合"))
    closing.insert_paragraph_before("加长正文的段落，用来检查署名在各种位置时的排法是否符合标准的规定。" * 2)
    closing.text = table_tag.text
    table_tag._p.getparent().remove(table_tag._p)
    document.add_paragraph("")  # the empty paragraph Word keeps after a table, or a writer's last Enter
    document.save(master)
    result = run_cli("build", str(folder))
    assert result.exit_code == 0 and "署名和成文日期" not in result.output, result.output
    pdf = to_pdf(next((folder / "output").glob("*.docx")), folder / "output")
    page = next(words for _, _, words in pdf_words(pdf) if any(w[4] == "某市教育局" for w in words))
    assert any(w[4] == "合计" for w in page)  # the table's last row, on the 署名's page


def test_a_mistyped_kind_is_one_error_not_a_cascade(tmp_path):
    folder = make(tmp_path / "p", "请示")
    config = folder / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('kind = "请示"', 'kind = "清示"'), encoding="utf-8")
    output = check_output(folder)
    assert "是否想写“请示”" in output and re.search(r"(?<!\d)1 个错误", output), output


def test_a_request_to_two_offices_and_an_empty_signer_are_named(tmp_path):
    folder = make(tmp_path / "p", "请示", recipients='recipients = "县人民政府，县财政局"', signers='signers = ""')
    output = check_output(folder)
    assert "[gongwen].recipients" in output and "请示只主送一个上级机关" in output
    assert "[gongwen].signers" in output and "写上签发人姓名" in output


def test_an_attachment_title_too_long_for_a_line_is_a_warning_naming_its_row(tmp_path):
    folder = make(tmp_path / "p", "通知")
    with_attachments(folder, ("附件表", "河阳县2027年中小学食堂改造提升项目明细表", "纵向"))
    result = run_cli("check", str(folder))
    assert result.exit_code == 0 and re.search(r"(?<!\d)1 个警告", result.output), result.output
    assert "工作表“表格清单”" in result.output and "附件标题“河阳县2027年中小学食堂改造提升项目明细表”" in result.output
    assert "Alt+Enter" in result.output


def test_without_libreoffice_the_colophon_has_its_own_even_page_and_the_writer_is_told(tmp_path):
    folder = make(tmp_path / "p", "通知")
    result = run_cli("build", str(folder), env={"PATH": str(tmp_path / "no-such-bin")})
    assert result.exit_code == 0, result.output
    assert "[警告] 版记和署名：未能用 LibreOffice 排版" in result.output
    document = docx.Document(next((folder / "output").glob("*.docx")))
    last = document.sections[-1]._sectPr
    assert last.find(docx.oxml.ns.qn("w:type")).get(docx.oxml.ns.qn("w:val")) == "evenPage"


def test_compare_finds_a_fresh_notice_with_captions_below_consistent(tmp_path):
    """The 附件 are headed by "附件N" above them whatever the profile's table_caption (compare reads
    each 附件's table below its heading)."""
    import shutil

    folder = tmp_path / "公文通知"
    shutil.copytree(REPO / "examples" / "公文通知", folder, ignore=shutil.ignore_patterns("output"))
    config = folder / "reportgen.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[profile]\ntable_caption = "below"\n', encoding="utf-8")
    assert run_cli("build", str(folder)).exit_code == 0
    result = run_cli("compare", str(folder))
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output


def test_a_table_of_kind_attachment_in_a_report_is_an_error(tmp_path):
    result = run_cli("init", str(tmp_path / "p"))
    assert result.exit_code == 0
    with_attachments(tmp_path / "p", ("附件表", "某表", "纵向"))
    output = check_output(tmp_path / "p")
    assert "表格“附件表”的类型是“附件”，附件只用于公文" in output and "工作表“表格清单”" in output


def test_an_empty_required_gongwen_setting_is_an_error(tmp_path):
    folder = make(tmp_path / "p", "通知", issuer_mark='issuer_mark = "  "')
    output = check_output(folder)
    assert "[gongwen].issuer_mark：发文机关标志是空的" in output
