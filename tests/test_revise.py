"""`reportgen compare` and `reportgen update` on a draft the editors revised while the workbook changed.

The editors' edits are made two ways: with python-docx, and in LibreOffice driven through UNO and saved
as .docx (tests/uno_edit.py).  Both change a value and a table cell, delete a figure the text refers
to, insert a paragraph and move one; then the workbook changes.  `compare` must list every difference
with its place and write nothing; `update` must put each right as a tracked revision and keep every
sentence the editors wrote.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import (
    drop_record,
    folio,
    free_faces,
    init_project,
    require_libreoffice,
    run_cli,
    set_custom_property,
    soffice,
)
from docx.oxml.ns import qn
from lxml import etree

from reportgen.draft import record as draft_record
from reportgen.oxml.chart import NAMESPACES
from reportgen.oxml.revisions import accept_revisions

CHAPTER = [("概况", "Heading 1"),
           "共有学校{{ 学校总数 }}所，在校生{{ 在校生数|千分位 }}人。",
           "各校情况见{{ 引用(\"学校情况\") }}。",
           "{{ 表格(\"学校情况\") }}",
           "在校生的专业分布见{{ 引用(\"专业分布\") }}。",
           "{{ 插图(\"专业分布\") }}",
           "校园一角见{{ 引用(\"校园\") }}。",
           "{{ 插图(\"校园\") }}",
           "{%p for 行 in 列表(\"获奖情况\") %}",
           "{{ 行.学生 }}获{{ 行.奖项 }}。",
           "{%p endfor %}",
           "毕业生{{ 毕业生数 }}人。",
           "数据来源：{{ 地区名称 }}教育局。"]
INSERTED = "编辑补充的一句话，reportgen 不应改动它。"


def _texts(path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs]


def _files(root: Path) -> dict:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def edit_with_python_docx(draft: Path) -> None:
    """An editor's session: 15 → 16 in the text, 7000 → 7100 in the table, the chart and its caption
    deleted (its reference left behind), a sentence of their own, the graduates' sentence moved up, the
    sentence naming the source deleted."""
    document = docx.Document(draft)
    schools = _paragraph(document, "共有学校")
    next(t for t in schools._p.iter(qn("w:t")) if t.text == "15").text = "16"
    table = document.tables[0]
    next(t for t in table.rows[1].cells[2]._tc.iter(qn("w:t"))).text = "7100"
    chart = next(p for p in document.paragraphs if p._p.xpath(".//c:chart"))
    caption = chart._p.getnext()
    assert "专业大类分布" in "".join(t.text or "" for t in caption.iter(qn("w:t")))
    for element in (chart._p, caption):
        element.getparent().remove(element)
    added = copy.deepcopy(_paragraph(document, "各校情况")._p)
    for child in [c for c in added if c.tag != qn("w:pPr")]:
        added.remove(child)
    schools._p.addnext(added)
    docx.text.paragraph.Paragraph(added, schools._parent).add_run(INSERTED)
    graduates = _paragraph(document, "毕业生")._p
    schools._p.addprevious(graduates)
    source = _paragraph(document, "数据来源")._p
    source.getparent().remove(source)
    document.save(draft)


def change_workbook(project: Path) -> None:
    """Meanwhile: a new figure for 在校生数, a corrected table cell, and a prize changed in a list."""
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "在校生数")[1].value = 12400
    book["表-学校情况"]["C2"] = 7055
    book["表-学校情况"]["C4"] = 12400
    book["获奖情况"]["C2"] = "特等奖"
    book.save(path)


@pytest.fixture
def edited(tmp_path) -> tuple[Path, Path]:
    project = init_project(tmp_path / "项目", CHAPTER)
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    return project, draft


EXPECTED = [
    "[编辑改过的数值] 概况 “共有学校16所，在校生12,345人。”：编辑改为“16”，工作簿为“15”：核对工作簿（{{ 学校总数 }}，"
    "templates/章节/1-基本情况.docx 第 2 段；草稿保留编辑的改动）",
    "[数值不一致] 概况 “共有学校16所，在校生12,345人。”：草稿中为“12,345”，工作簿现为“12,400”（{{ 在校生数|千分位 }}，",
    "[数值不一致] 概况 “李四获二等奖。”",  # not this one: only the first row changed
    "[数值冲突] 概况 表 1 全市中等职业学校情况表 第 2 行（公办）第 3 列（在校生数（人））：编辑改为“7100”，"
    "工作簿也由“7,000”改为“7,055”：核对后改正草稿或工作簿（表格“学校情况”；未改动）",
    "[表格不一致] 概况 表 1 全市中等职业学校情况表 第 4 行（合计）第 3 列（在校生数（人））：草稿中为“12,345”，工作簿现为“12,400”",
    "[题注编号] 概况 “图 2 校园一角”：草稿中为“图 2”，按顺序应为“图 1”",
    "[交叉引用] 概况 “校园一角见图 2。”：引用显示“图 2”，所指的题注现为“图 1”",
    "[引用失效] 概况 “在校生的专业分布见图 1。”：引用所指的表格或插图已被删除（显示“图 1”），需改写这句话",
]
# LibreOffice numbers captions and updates references itself as it edits: only the deleted figure's
# reference is left, showing its error text.
LIBREOFFICE_BROKEN = "[引用失效] 概况 “在校生的专业分布见Error: Reference sour……”：引用所指的表格或插图已被删除" \
                     "（显示“Error: Reference source not found”），需改写这句话"


def _check_compare_output(output: str, *, in_libreoffice: bool = False) -> None:
    expected = [line for line in EXPECTED if not (in_libreoffice and line.startswith(("[题注编号]", "[交叉引用]",
                                                                                      "[引用失效]")))]
    for line in expected + ([LIBREOFFICE_BROKEN] if in_libreoffice else []):
        if "李四" in line:
            assert line not in output
        else:
            assert line in output, (line, output)
    assert "草稿中为“一等奖”，工作簿现为“特等奖”（{{ 行.奖项 }}" in output  # a value inside a loop
    assert "编辑补充" not in output and "毕业生" not in output  # the editors' own sentences are no differences
    deleted = "[数值已删除] {{ 地区名称 }}，templates/章节/1-基本情况.docx 第 13 段：草稿中已没有这个数值" \
              "（生成时为“某市”，工作簿现为“某市”）"
    assert (deleted not in output) if in_libreoffice else (deleted in output), output
    counts = "6 处不一致：3 处可用 reportgen update 写入草稿，3 处" if in_libreoffice else \
        "9 处不一致：5 处可用 reportgen update 写入草稿，4 处"
    assert f"{counts}需编辑处理。" in output


def _check_updated(project: Path, draft: Path, before: list[str], *, tracked: bool,
                   in_libreoffice: bool = False, kept_by_editors: bool = True) -> None:
    """The draft after update: the workbook's changes written, the editors' kept (unless who changed what
    was unknown, `kept_by_editors=False`), every sentence of theirs where they left it."""
    document = docx.Document(draft)
    body = document.element.body
    inserted = body.findall(".//" + qn("w:ins"))
    if not tracked:
        assert not inserted and not body.findall(".//" + qn("w:del"))
    else:
        assert len(inserted) == (3 if in_libreoffice else 5 if kept_by_editors else 7)
        for element in inserted + body.findall(".//" + qn("w:del")):
            assert element.get(qn("w:author")) == "reportgen" and element.get(qn("w:date"))
        deleted = "".join(t.text for d in body.iter(qn("w:del")) for t in d.iter(qn("w:delText")))
        assert all(old in deleted for old in ("12,345", "一等奖"))
        assert ("16" not in deleted and "7100" not in deleted) == kept_by_editors  # the editors' changes kept
        accept_revisions(body)  # as the office accepts every revision in Word's 审阅 pane
    texts = [p.text for p in document.paragraphs]
    schools = "共有学校16所，在校生12,400人。" if kept_by_editors else "共有学校15所，在校生12,400人。"
    assert schools in texts  # the editors' 16 kept, the workbook's new 12,400 written
    assert INSERTED in texts and "毕业生2948人。" in texts  # every sentence the editors wrote stays
    assert texts.index("毕业生2948人。") < texts.index(schools)  # where they moved it
    assert "张三获特等奖。" in texts and "校园一角见图 1。" in texts and "图 1 校园一角" in texts
    # The broken reference is the editors' to rewrite.
    assert ("在校生的专业分布见Error: Reference source not found。" if in_libreoffice else "在校生的专业分布见图 1。") in texts
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[1] == ["公办", "8", "7100" if kept_by_editors else "7,055"]  # 7100: a conflict, kept
    assert cells[3] == ["合计", "15", "12,400"]
    assert len(texts) == len(before)
    assert any(text.startswith("数据来源") for text in texts) == in_libreoffice  # deleted in one session only
    # openxml-audit finds nothing wrong, also where LibreOffice saved the draft against the schema
    # (w:pStyle out of order, w:cantSplit w:val="true"): update puts that right too.
    assert audit(draft) == set()
    if in_libreoffice:
        assert audit(next(draft.parent.glob("*.备份-*.docx")))  # as LibreOffice saved it


def audit(path: Path) -> set:
    openxml_audit = pytest.importorskip("openxml_audit")
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(path)
    return {str(error) for error in result.errors if error.severity.value == "error"} | \
        {str(error) for error in result.errors if "core.xml" in str(error)}  # the template's stray properties


def test_compare_lists_every_difference_and_update_writes_them_as_tracked_revisions(edited):
    project, draft = edited
    edit_with_python_docx(draft)
    change_workbook(project)
    before = _files(project)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2, result.output  # items for people among them
    _check_compare_output(result.output)
    assert _files(project) == before  # compare writes nothing

    edited_text = _texts(draft)
    result = run_cli("update", str(project))
    assert result.exit_code == 2, result.output
    assert "5 处改动，均标记为修订（作者 reportgen）" in result.output
    assert "4 处需编辑处理（未自动改动）" in result.output and "[引用失效]" in result.output
    backups = list((project / "output").glob("*.备份-*.docx"))
    assert len(backups) == 1 and _texts(backups[0]) == edited_text  # the draft as the editors left it
    _check_updated(project, draft, edited_text, tracked=True)

    # The draft now holds the workbook's values, but for what only people can settle.
    result = run_cli("compare", str(project))
    assert result.exit_code == 2 and "4 处不一致：0 处可用 reportgen update 写入草稿，4 处需编辑处理" in result.output
    assert "编辑改为“16”，工作簿为“15”" in result.output  # not proposed again as an update
    assert run_cli("update", str(project)).exit_code == 2 and len(list(draft.parent.glob("*.备份-*.docx"))) == 1
    # The ledger knows the draft reportgen updated: build still keeps the editors' work.
    result = run_cli("build", str(project))
    assert result.exit_code == 1 and "reportgen update 更新过" in result.output


def test_compare_gives_the_page_of_each_difference_when_a_pdf_is_beside_the_draft(edited):
    require_libreoffice()
    project, draft = edited
    assert run_cli("pdf", str(project)).exit_code == 0
    edit_with_python_docx(draft)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2
    assert f"页码据 {draft.stem}.pdf（它早于草稿最近一次保存" in result.output
    pdf_pages = subprocess.run(["pdftotext", str(draft.with_suffix(".pdf")), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
    page = next(text for text in pdf_pages if "共有学校15所" in text.replace(" ", ""))
    assert folio(page)  # the number printed at its foot ("— 1 —"), which readers look for
    assert f"[编辑改过的数值] 概况 “共有学校16所，在校生12,345人。”（第 {folio(page)} 页）：编辑改为“16”" in result.output
    table = next(text for text in pdf_pages if "在校生数（人）" in text.replace(" ", ""))
    assert f"第 3 列（在校生数（人））（第 {folio(table)} 页）：编辑改为“7100”" in result.output


def test_compare_gives_the_page_of_a_row_past_its_tables_first_page_and_of_a_value_near_a_start(tmp_path):
    """A table of 63 rows runs over pages: a changed cell is on the page of its own row, not of the
    table's caption; a value two characters into its sentence is found by the sentence's longer part."""
    require_libreoffice()
    chapter = [("概况", "Heading 1"), "共{{ 学校总数 }}所学校，在校生{{ 在校生数|千分位 }}人。",
               "各校情况见{{ 引用(\"学校情况\") }}。", "{{ 表格(\"学校情况\") }}", "以上为各校情况。"]
    project = init_project(tmp_path / "项目", chapter)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for n in range(1, 61):
        book["表-学校情况"].append([f"第{n}校", 1, 100 + n])
    book.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    assert run_cli("pdf", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    document = docx.Document(draft)
    next(t for t in _paragraph(document, "共15所")._p.iter(qn("w:t")) if t.text == "15").text = "16"
    rows = {row.cells[0].text: row for table in document.tables for row in table.rows}  # split where pages break
    next(t for t in rows["公办"].cells[2]._tc.iter(qn("w:t"))).text = "7100"
    next(t for t in rows["第60校"].cells[2]._tc.iter(qn("w:t"))).text = "161"
    document.save(draft)
    pdf_pages = [page.replace(" ", "") for page in subprocess.run(
        ["pdftotext", str(draft.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True).stdout.split("\f")]
    sentence, first, last = (folio(next(page for page in pdf_pages if text in page))
                             for text in ("所学校，在校生", "公办", "第60校"))
    assert None not in (sentence, first, last) and first != last, (sentence, first, last)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2, result.output
    assert f"[编辑改过的数值] 概况 “共16所学校，在校生12,345人。”（第 {sentence} 页）：编辑改为“16”" in result.output, result.output
    assert f"第 2 行（公办）第 3 列（在校生数（人））（第 {first} 页）：编辑改为“7100”" in result.output, result.output
    assert f"第 64 行（第60校）第 3 列（在校生数（人））（第 {last} 页）：编辑改为“161”" in result.output, result.output


@pytest.mark.parametrize("record", ["kept", "lost"])
def test_a_table_with_its_caption_below_and_two_header_rows_is_compared_over_all_its_pages(tmp_path, record):
    """A table's caption below it, after its last 续表 part: its rows are read from its first part on,
    past each 续表 part's two repeated header rows.  With its record lost (another program saved the
    draft), the table is found by its caption's text."""
    require_libreoffice()  # to break the table over pages
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 表格(\"学校情况\") }}", "以上为各校情况。"],
                           profile='table_caption = "below"')
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["表-学校情况"]
    sheet.insert_rows(1)
    sheet["A1"], sheet["B1"], sheet["B2"], sheet["C2"] = "类别", "规模", "学校数（所）", "在校生数（人）"
    sheet["A2"] = None
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    for n in range(1, 61):
        sheet.append([f"第{n}校", 1, 100 + n])
    book["表格清单"]["D2"] = 2
    rule = next(row for row in book["校验规则"].iter_rows(min_row=2) if "B4" in str(row[1].value))
    rule[1].value = rule[1].value.replace("B4", "B5")
    book.save(path)
    result = run_cli("build", str(project))
    assert result.exit_code == 0, result.output
    draft = next((project / "output").glob("*.docx"))
    document = docx.Document(draft)
    assert len(document.tables) > 1, "the table should run over pages"
    if record == "lost":
        drop_record(draft)
    book = openpyxl.load_workbook(path)
    book["表-学校情况"]["C64"] = 999  # 第59校, in a 续表 part
    book.save(path)
    result = run_cli("compare", str(project))
    listed = [line.strip() for line in result.output.splitlines() if line.startswith("  [")]
    assert listed == ["[表格不一致] 概况 表 1 全市中等职业学校情况表 第 64 行（第59校）第 3 列（在校生数（人））："
                      "草稿中为“159”，工作簿现为“999”（表格“学校情况”）"], result.output
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    rows = {row.cells[0].text: row for table in docx.Document(draft).tables for row in table.rows}
    assert [cell.text for cell in rows["第59校"].cells] == ["第59校", "1", "999"]
    assert run_cli("compare", str(project)).exit_code == 0


def test_an_editors_cell_is_kept_when_the_workbook_adds_a_row_to_its_table(edited):
    """The editors changed 民办's count; the workbook then gained a row.  The table's rows no longer stand
    where the build put them, but 民办's row is still known by its first cell: the 5,400 is the editors',
    listed and kept, never the workbook's 5,345 written back over it."""
    project, draft = edited
    document = docx.Document(draft)
    row = next(row for row in document.tables[0].rows if row.cells[0].text == "民办")
    next(t for t in row.cells[2]._tc.iter(qn("w:t"))).text = "5,400"
    document.save(draft)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表-学校情况"].append(["其他", 0, 0])
    book.save(path)
    result = run_cli("compare", str(project))
    assert "第 3 行（民办）第 3 列（在校生数（人））：编辑改为“5,400”，工作簿为“5,345”" in result.output, result.output
    run_cli("update", str(project), "--no-track")
    row = next(row for row in docx.Document(draft).tables[0].rows if row.cells[0].text == "民办")
    assert row.cells[2].text == "5,400"


def test_a_changed_row_is_never_paired_with_an_earlier_row_it_resembles(tmp_path):
    """乙校 printed "1 | 100", as 甲校 above it; the workbook now gives 乙校 "2 | 200".  Its row resembles
    甲校's more than its own now, but 甲校's is taken: 乙校's row is never compared with it (which would
    have update write "甲校" over "乙校")."""
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 表格(\"学校情况\") }}"])
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表-学校情况"].append(["甲校", 1, 100])
    book["表-学校情况"].append(["乙校", 1, 100])
    book.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    book = openpyxl.load_workbook(path)
    book["表-学校情况"]["B6"], book["表-学校情况"]["C6"] = 2, 200
    book.save(path)
    result = run_cli("compare", str(project))
    assert "草稿中为“乙校”" not in result.output and "“甲校”" not in result.output, result.output
    run_cli("update", str(project), "--no-track")
    assert [row.cells[0].text for row in docx.Document(draft).tables[0].rows][-2:] == ["甲校", "乙校"]


def test_update_no_track_writes_plainly(edited):
    project, draft = edited
    edit_with_python_docx(draft)
    change_workbook(project)
    edited_text = _texts(draft)
    result = run_cli("update", str(project), "--no-track")
    assert result.exit_code == 2 and "已直接改写" in result.output, result.output
    _check_updated(project, draft, edited_text, tracked=False)


def test_update_on_a_draft_in_step_changes_nothing(edited):
    project, draft = edited
    before = _files(project)
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "草稿与工作簿一致，无需更新，未改动草稿" in result.output
    assert _files(project) == before


def test_update_refuses_a_draft_open_in_word(edited):
    project, draft = edited
    change_workbook(project)
    (draft.parent / f"~${draft.name}").write_bytes(b"owner")
    before = draft.read_bytes()
    result = run_cli("update", str(project))
    assert result.exit_code == 3 and "正在 Word、WPS 或 LibreOffice 中打开" in result.output
    assert draft.read_bytes() == before


UNO_EDIT = Path(__file__).with_name("uno_edit.py")


def _uno_python() -> str:
    """The Python that has LibreOffice's UNO bridge (Debian's python3-uno)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    if os.environ.get("CI"):
        pytest.fail("CI must install python3-uno (.ci/run installs it)")
    pytest.skip("LibreOffice's Python UNO bridge (python3-uno) is not installed")


def test_compare_and_update_a_draft_edited_in_libreoffice(edited, tmp_path):
    """The same session in LibreOffice, through UNO: typed over, deleted, inserted, saved as .docx."""
    require_libreoffice()
    project, draft = edited
    result = subprocess.run([_uno_python(), str(UNO_EDIT), soffice(), str(draft), str(tmp_path / "lo"), INSERTED],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    change_workbook(project)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2, result.output
    _check_compare_output(result.output, in_libreoffice=True)
    edited_text = _texts(draft)
    result = run_cli("update", str(project))
    assert result.exit_code == 2 and "3 处改动" in result.output, result.output
    _check_updated(project, draft, edited_text, tracked=True, in_libreoffice=True)
    # The "6" typed just outside the value's bookmark is read with the rest: the editors' "16", kept whole.
    schools = next(p for p in docx.Document(draft).element.body.iter(qn("w:p"))
                   if "".join(t.text or "" for t in p.iter(qn("w:t"), qn("w:delText"))).startswith("共有学校"))
    marks = [(e.tag, "".join(t.text for t in e.iter(qn("w:t"), qn("w:delText")))) for e in schools
             if e.tag in (qn("w:ins"), qn("w:del"))]
    assert [text for _, text in marks] == ["12,345", "12,400"], marks
    # LibreOffice's save dropped the Chinese fonts from the font table; the PDF still sets them in the
    # free faces of their kind, as for a draft reportgen wrote.
    free_faces()
    result = run_cli("pdf", str(project))
    assert result.exit_code == 0 and "仿宋_GB2312 → FandolFang" in result.output, result.output


def test_compare_says_when_a_draft_is_not_this_projects(tmp_path):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "共有学校{{ 学校总数 }}所。"])
    stray = tmp_path / "别人的草稿.docx"
    docx.Document().save(stray)
    for command in ("compare", "update"):
        result = run_cli(command, str(project), "--draft", str(stray))
        assert result.exit_code == 3 and "草稿中找不到本项目的任何数值" in result.output, result.output
        assert "reportgen build" in result.output


@pytest.mark.parametrize("lost", ["record", "marks"])
def test_values_are_found_by_their_text_when_the_marks_or_the_record_are_lost(edited, lost):
    """A draft copied from elsewhere (no record here), or saved by a program that drops bookmarks."""
    project, draft = edited
    edit_with_python_docx(draft)
    change_workbook(project)
    if lost == "record":
        drop_record(draft)
    else:
        document = docx.Document(draft)
        for element in list(document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
            if element.tag == qn("w:bookmarkEnd") or element.get(qn("w:name")).startswith("_RGv"):
                if element.tag == qn("w:bookmarkStart") or not element.get(qn("w:id")) in refs(document):
                    element.getparent().remove(element)
        document.save(draft)
    result = run_cli("compare", str(project))
    assert result.exit_code == 2
    assert "按文字与模板逐段对齐找到各个数值，无法判断是编辑改的还是工作簿变了" in result.output, result.output
    schools = "概况 “共有学校16所，在校生12,345人。”："
    if lost == "record":  # who changed what is unknown: the workbook's values are written
        assert f"[数值不一致] {schools}草稿中为“16”，工作簿现为“15”（{{{{ 学校总数 }}}}" in result.output, result.output
        assert "第 2 行（公办）第 3 列（在校生数（人））：草稿中为“7100”，工作簿现为“7,055”" in result.output
    else:  # the record, still here, tells the editors' changes from the workbook's
        assert f"[编辑改过的数值] {schools}编辑改为“16”，工作簿为“15”" in result.output, result.output
        assert "[数值冲突] 概况 表 1 全市中等职业学校情况表 第 2 行（公办）第 3 列（在校生数（人））：编辑改为“7100”" \
               in result.output
    assert f"[数值不一致] {schools}草稿中为“12,345”，工作簿现为“12,400”（{{{{ 在校生数|千分位 }}}}" in result.output
    assert "草稿中为“一等奖”，工作簿现为“特等奖”（{{ 行.奖项 }}，templates/章节/1-基本情况.docx 第 10 段" in result.output
    for line in EXPECTED:
        if line.startswith(("[题注编号]", "[交叉引用]", "[引用失效]")):
            assert line in result.output, (line, result.output)
    # The deleted source sentence: its value has no certain place, and is listed.
    assert "1 个数值在草稿中没有能唯一确定的位置" in result.output
    assert "[未能确定] {{ 地区名称 }}，templates/章节/1-基本情况.docx 第 13 段 的数值在草稿中没有能唯一确定的位置" \
           "（工作簿现为“某市”）" in result.output, result.output
    edited_text = _texts(draft)
    result = run_cli("update", str(project))
    changes = 7 if lost == "record" else 5
    assert result.exit_code == 2 and f"：{changes} 处改动" in result.output, result.output
    if lost == "record":
        _check_updated(project, draft, edited_text, tracked=True, kept_by_editors=False)
    else:
        _check_updated(project, draft, edited_text, tracked=True)


def refs(document) -> set[str]:
    """The ids of the bookmarks that are not value marks (caption bookmarks, which references need)."""
    return {start.get(qn("w:id")) for start in document.element.body.iter(qn("w:bookmarkStart"))
            if not start.get(qn("w:name")).startswith("_RGv")}


def test_the_record_says_where_each_value_and_table_came_from(edited):
    project, draft = edited
    record, why = draft_record.embedded(docx.Document(draft))
    assert why == "" and record["version"] == 4
    assert record["report"] == {"title": "某市中等职业教育质量报告", "year": 2025}
    assert [entry["name"] for entry in record["tables"].values()] == ["学校情况"]
    loop = [entry for entry in record["values"].values() if entry["tag"] == "{{ 行.奖项 }}"]
    assert [(entry["text"], entry["n"]) for entry in loop] == [("一等奖", 1), ("二等奖", 2)]
    with zipfile.ZipFile(draft) as package:
        assert b"w:ins " not in package.read("word/document.xml")  # a built draft has no revisions


def test_the_bundled_examples_compare_clean(example_dir, example_draft, school_dir, school_draft):
    """No false differences: a draft as built holds what the workbook gives ("2024-2025 学年" is two values
    side by side, not one number)."""
    for project in (example_dir, school_dir):
        result = run_cli("compare", str(project))
        assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output


def test_compare_and_update_say_what_is_wrong_with_a_draft_they_cannot_read(edited):
    project, draft = edited
    kept = draft.read_bytes()
    document = docx.Document(draft)
    record, _ = draft_record.embedded(document)
    for damage in ("piece", "shape"):  # a piece of the record retyped; a record of the right form but wrong shape
        if damage == "piece":
            set_custom_property(draft, "reportgen-record-001", "不是记录")
        else:
            draft_record.embed(document, {**{k: v for k, v in record.items() if k != "values"}, "values": [1]})
            document.save(draft)
        result = run_cli("compare", str(project))  # the values are found by their text instead
        assert result.exit_code == 0 and "这份草稿中的记录已损坏，或由较早版本的 reportgen 写下：按文字" in result.output, \
            result.output
        draft.write_bytes(kept)
    template = project / "templates" / "章节" / "1-基本情况.docx"
    result = run_cli("update", str(project), "--draft", str(template))
    assert result.exit_code == 3 and "这是报告项目的模板文件，不是草稿" in result.output
    draft.write_bytes(b"PK\x03\x04 not really a zip")
    for command in ("compare", "update"):
        result = run_cli(command, str(project))
        assert result.exit_code == 3 and "不是有效的 Word 文档" in result.output, result.output
    assert draft.read_bytes() == b"PK\x03\x04 not really a zip"  # update left it as it was
    result = run_cli("compare", str(project), "--draft", str(project / "output" / "没有这个.docx"))
    assert result.exit_code == 3 and "找不到这份草稿" in result.output


def test_compare_reports_workbook_errors_as_check_does(edited):
    project, draft = edited
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "学校总数")[1].value = "十五"
    book.save(path)
    check = run_cli("check", str(project))
    result = run_cli("compare", str(project))
    assert result.exit_code == 3 and "无法比对" in result.output
    assert "指标" in result.output and check.exit_code == 1


def test_update_writes_new_chart_data_into_the_chart_and_its_workbook(tmp_path):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 插图(\"专业分布\") }}"])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["图表-专业分布"]["B2"] = 3300
    book.save(path)
    result = run_cli("compare", str(project))
    assert result.exit_code == 1
    assert "[图表数据] 概况 “图 1 在校生专业大类分布”：草稿中为“装备制造 3200”，工作簿现为“装备制造 3300”" \
           "（插图“专业分布”）" in result.output, result.output
    result = run_cli("update", str(project))
    assert result.exit_code == 0 and "1 处改动，均直接改写（图表数据在 Word 中不能标记修订" in result.output, result.output
    with zipfile.ZipFile(draft) as package:
        chart = next(n for n in package.namelist() if n.startswith("word/charts/chart"))
        assert b"<c:v>3300</c:v>" in package.read(chart) and b"<c:v>3200</c:v>" not in package.read(chart)
        embedded = next(n for n in package.namelist() if n.startswith("word/embeddings/"))
        (tmp_path / "embedded.xlsx").write_bytes(package.read(embedded))
    assert openpyxl.load_workbook(tmp_path / "embedded.xlsx").active["B2"].value == 3300
    assert run_cli("compare", str(project)).exit_code == 0
    assert audit(draft) == set()


def test_update_gives_a_chart_from_before_number_formats_its_labels(tmp_path):
    """A draft built before charts kept number formats has labels only for the whole chart (LibreOffice
    would label every series 0.0%): updated, each series labels its values with its own format."""
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 插图(\"专业分布\") }}"],
                           sheets={"图表-专业分布": [["专业大类", "占比", "人数"], ["装备制造", 0.5, 1420],
                                                   ["医药卫生", 0.25, 1466]]})
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    for ref in ("B2", "B3"):
        book["图表-专业分布"][ref].number_format = "0.0%"
    book.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    document = docx.Document(str(draft))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/chart"))
    chart = etree.fromstring(part.blob)
    for labels in chart.iterfind(".//c:ser/c:dLbls", NAMESPACES):
        labels.getparent().remove(labels)
    part._blob = etree.tostring(chart)
    document.save(str(draft))
    book = openpyxl.load_workbook(path)
    book["图表-专业分布"]["C2"] = 1500
    book.save(path)
    result = run_cli("update", str(project))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(draft) as package:
        chart = etree.fromstring(package.read(next(n for n in package.namelist() if n.startswith("word/charts/"))))
    assert [[shown.get("formatCode") for shown in ser.iterfind("c:dLbls/c:numFmt", NAMESPACES)]
            for ser in chart.iterfind(".//c:ser", NAMESPACES)] == [["0.0%"], ["General"]]
    assert run_cli("compare", str(project)).exit_code == 0
    assert audit(draft) == set()


def test_update_keeps_an_editors_number_format_where_the_workbook_sets_none(tmp_path):
    """An editor set the chart's values to show one decimal (Word writes it into the cache); the workbook's
    cells are General, so a new value keeps the editor's format."""
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 插图(\"专业分布\") }}"])
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    document = docx.Document(str(draft))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/chart"))
    part._blob = part.blob.replace(b"<c:formatCode>General</c:formatCode>", b"<c:formatCode>0.0</c:formatCode>")
    document.save(str(draft))
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["图表-专业分布"]["B2"] = 3300
    book.save(path)
    assert run_cli("update", str(project)).exit_code == 0
    with zipfile.ZipFile(draft) as package:
        chart = package.read(next(n for n in package.namelist() if n.startswith("word/charts/")))
    assert b"<c:v>3300</c:v>" in chart
    assert re.findall(rb"<c:formatCode>([^<]*)</c:formatCode>", chart) == [b"0.0"]


def test_a_figure_moved_to_another_chapter_takes_that_chapters_number(tmp_path):
    project = init_project(tmp_path / "项目", [("第一章", "Heading 1"), "校园一角见{{ 引用(\"校园\") }}。",
                                                "{{ 插图(\"专业分布\") }}", ("第二章", "Heading 1"), "第二章的正文。",
                                                "{{ 插图(\"校园\") }}"],
                           profile='caption_numbering = "chapter"')
    assert run_cli("build", str(project)).exit_code == 0
    draft = next((project / "output").glob("*.docx"))
    document = docx.Document(draft)
    texts = [p.text for p in document.paragraphs]
    assert "图 2-1 校园一角" in texts and "校园一角见图 2-1。" in texts
    # The editors move the photo and its caption up, into chapter 1.
    caption = _paragraph(document, "图 2-1")._p
    photo = caption.getprevious()
    heading = _paragraph(document, "第二章")._p
    heading.addprevious(photo)
    heading.addprevious(caption)
    document.save(draft)
    result = run_cli("compare", str(project))
    assert "[题注编号] 第一章 “图 2-1 校园一角”：草稿中为“图 2-1”，按顺序应为“图 1-2”" in result.output, result.output
    assert "[交叉引用] 第一章 “校园一角见图 2-1。”：引用显示“图 2-1”，所指的题注现为“图 1-2”" in result.output
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    texts = _texts(draft)
    assert "图 1-2 校园一角" in texts and "校园一角见图 1-2。" in texts
    again = run_cli("compare", str(project))
    assert again.exit_code == 0, again.output


def test_a_draft_of_one_section_compares_clean(example_dir, tmp_path):
    """Its captions start where they stand in the whole report (图 9), its chapter is the report's."""
    draft = tmp_path / "服务贡献.docx"
    assert run_cli("build", str(example_dir), "--section", "3", "-o", str(draft)).exit_code == 0
    result = run_cli("compare", str(example_dir), "--draft", str(draft))
    assert result.exit_code == 0 and "草稿与工作簿一致" in result.output, result.output


def test_update_writes_the_contents_page_numbers_as_laid_out(edited):
    """An editor starts the chapter on a new page: the 目录 says so once update has laid the draft out."""
    require_libreoffice()
    project, draft = edited
    document = docx.Document(draft)
    entry = next(p for p in document.paragraphs if p.text.startswith("1.概况"))
    before = entry.text[len("1.概况"):].strip()
    heading = _paragraph(document, "概况")
    heading.paragraph_format.page_break_before = True
    heading._p.addprevious(copy.deepcopy(heading._p))
    document.save(draft)
    change_workbook(project)
    result = run_cli("update", str(project))
    assert result.exit_code == 0, result.output
    after = next(t for t in _texts(draft) if t.startswith("1.概况"))[len("1.概况"):].strip()
    assert int(after) > int(before), (before, after)
    assert f"[目录页码] “1.概况”：{before} → {after}" in result.output
    assert "目录页码 1 处直接改写" in result.output
    # Asked not to, update leaves the pages; with nothing else to change, it leaves the draft alone.
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["获奖情况"]["C3"] = "一等奖"
    book.save(path)
    result = run_cli("update", str(project), "--no-pages")
    assert "目录页码未重新排版（--no-pages）" in result.output, result.output
    kept = draft.read_bytes()
    assert "草稿与工作簿一致" in run_cli("update", str(project)).output and draft.read_bytes() == kept


# -- What a review found: drafts as editors really leave them -------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _tracked_deletion(document, paragraph) -> None:
    """Delete a paragraph's text as Word does with Track Changes on: its runs in a w:del."""
    from docx.oxml import parse_xml

    for run in [r for r in paragraph._p.iter(qn("w:r"))]:
        deleted = parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="9{id(run) % 1000}" w:author="编辑" w:date="2025-12-05T09:00:00"/>')
        run.addprevious(deleted)
        deleted.append(run)
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")


def test_what_the_editors_deleted_with_track_changes_stays_deleted(edited):
    project, draft = edited
    document = docx.Document(draft)
    _tracked_deletion(document, _paragraph(document, "共有学校"))
    row = document.tables[0].rows[2]._tr  # 民办, deleted as a tracked row deletion
    from docx.oxml import parse_xml
    row.get_or_add_trPr().append(parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="990" w:author="编辑" '
                                           'w:date="2025-12-05T09:00:00"/>'))
    document.save(draft)
    change_workbook(project)
    result = run_cli("compare", str(project))
    assert "[数值已删除] {{ 学校总数 }}" in result.output and "[数值已删除] {{ 在校生数|千分位 }}" in result.output
    assert "共有学校" not in result.output.split("比对完成")[0].replace("{{ 学校总数 }}", "")
    # The row deleted with tracking is gone from the draft: listed as missing, its cells not compared.
    assert "[表格缺少的行] 概况 表 1 全市中等职业学校情况表 第 3 行：工作簿中有“民办 | 7 | 5,345”" in result.output
    assert "（民办）" not in result.output
    assert run_cli("update", str(project)).exit_code == 2
    body = docx.Document(draft).element.body
    accept_revisions(body)
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    assert not any(text.startswith("共有学校") for text in texts)


def test_a_bookmark_that_left_its_paragraph_is_listed_not_rewritten(edited):
    project, draft = edited
    document = docx.Document(draft)
    schools = _paragraph(document, "共有学校")._p
    start = next(s for s in schools.iter(qn("w:bookmarkStart")) if s.getnext().findtext(qn("w:t")) == "15")
    end = next(e for e in schools.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == start.get(qn("w:id")))
    schools.getnext().append(end)  # as when an editor joins and splits paragraphs
    document.save(draft)
    change_workbook(project)
    result = run_cli("compare", str(project))
    assert "[标记已损坏] 概况 “共有学校15所，在校生12,345人。”：{{ 学校总数 }}，templates/章节/1-基本情况.docx 第 2 段 " \
           "的标记跨到了别的段落（段落被合并或拆分过），无法确定草稿中的数值（工作簿现为“15”），需核对" in result.output, result.output
    assert run_cli("update", str(project)).exit_code == 2
    accepted = docx.Document(draft)
    accept_revisions(accepted.element.body)
    assert "共有学校15所，在校生12,400人。" in [p.text for p in accepted.paragraphs]  # the sentence intact


def test_a_row_the_editors_inserted_is_not_taken_for_a_changed_one(edited):
    project, draft = edited
    document = docx.Document(draft)
    table = document.tables[0]
    inserted = copy.deepcopy(table.rows[1]._tr)
    table.rows[1]._tr.addnext(inserted)
    for t, text in zip([next(tc.iter(qn("w:t"))) for tc in inserted.iter(qn("w:tc"))], ["其中：新建", "1", "300"]):
        t.text = text
    document.save(draft)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["表-学校情况"]["C3"] = 5400
    book["表-学校情况"]["C4"] = 12400
    book.save(path)
    result = run_cli("compare", str(project))
    assert "[表格多出的行] 概况 表 1 全市中等职业学校情况表 草稿第 3 行：“其中：新建 | 1 | 300”" in result.output
    assert "第 3 行（民办）第 3 列（在校生数（人））：草稿中为“5,345”，工作簿现为“5,400”" in result.output
    assert "第 4 行（合计）第 3 列（在校生数（人））：草稿中为“12,345”，工作簿现为“12,400”" in result.output
    assert result.output.count("[表格") == 3, result.output


def test_merged_cells_and_an_inserted_row_in_the_school_report(school_dir, school_draft, tmp_path):
    """表1-1 merges cells down; a row an editor adds must not make the rows below it differ."""
    draft = tmp_path / school_draft.name
    shutil.copy2(school_draft, draft)
    document = docx.Document(draft)
    table = next(t for t in document.tables if any(tc.find(".//" + qn("w:vMerge")) is not None
                                                   for tc in t._tbl.iter(qn("w:tc"))))
    middle = table.rows[len(table.rows) // 2]._tr
    middle.addnext(copy.deepcopy(middle))
    document.save(draft)
    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert "[表格不一致]" not in result.output and result.output.count("[表格多出的行]") == 1, result.output


def test_values_found_by_text_are_replaced_in_place_however_long(edited):
    """Without marks, two values of one sentence change length: each goes where it stood."""
    project, draft = edited
    drop_record(draft)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    rows = {r[0].value: r for r in book["指标"].iter_rows(min_row=2)}
    rows["学校总数"][1].value, rows["公办学校数"][1].value, rows["在校生数"][1].value = 9, 2, 123400
    book.save(path)
    assert run_cli("update", str(project), "--no-track").exit_code == 0
    assert "共有学校9所，在校生123,400人。" in _texts(draft)


def test_a_comment_on_a_value_stays_and_the_value_keeps_its_own_formatting(edited):
    project, draft = edited
    document = docx.Document(draft)
    schools = _paragraph(document, "共有学校")
    value = next(r for r in schools.runs if r.text == "15")
    document.add_comment([value], text="核实一下", author="编辑")
    document.save(draft)
    change_workbook(project)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "学校总数")[1].value = 17
    book["指标"]["B5"].value = 10  # 民办学校数: the rule 公办 + 民办 = 学校总数 holds
    book.save(path)
    assert run_cli("update", str(project)).exit_code == 0, run_cli("check", str(project)).output
    updated = docx.Document(draft)
    body = updated.element.body
    assert len(list(body.iter(qn("w:commentReference")))) == 1
    inserted = next(i for i in body.iter(qn("w:ins")) if "".join(t.text for t in i.iter(qn("w:t"))) == "17")
    assert inserted.find(".//" + qn("w:rStyle")) is None  # not the comment reference's style
    accept_revisions(body)
    assert len(list(body.iter(qn("w:commentReference")))) == 1  # not deleted with the old value
    # python-docx's comment refers to a style the draft lacks; update adds nothing wrong of its own.
    assert audit(draft) <= audit(next(draft.parent.glob("*.备份-*.docx")))


def test_a_writer_who_adds_a_template_paragraph_or_a_loop_row_is_still_followed(edited):
    project, draft = edited
    template = project / "templates" / "章节" / "1-基本情况.docx"
    document = docx.Document(template)
    document.paragraphs[1].insert_paragraph_before("一段新写的话。")
    document.save(template)
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "在校生数")[1].value = 12400
    book["获奖情况"].append(["王五", "省级技能大赛", "三等奖", None])
    book.save(path)
    result = run_cli("compare", str(project))
    assert "草稿中为“12,345”，工作簿现为“12,400”（{{ 在校生数|千分位 }}，templates/章节/1-基本情况.docx 第 3 段；" \
           "工作簿已更新）" in result.output, result.output
    assert "[新增一行] 概况 “李四获二等奖。”之后：工作簿的列表多了一行，循环（templates/章节/1-基本情况.docx 第 11 段）" \
           "现在多印出“王五获三等奖。”，草稿中没有这一行；update 把它插在这一行之后" in result.output, result.output
    assert "[草稿缺少的数值]" not in result.output  # one row, not its values one by one
    assert result.exit_code == 1  # all of it update can write


def test_chart_points_compare_exactly(tmp_path):
    project = init_project(tmp_path / "项目", [("概况", "Heading 1"), "{{ 插图(\"专业分布\") }}"])
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    book["图表-专业分布"]["B2"] = 123456.4
    book.save(path)
    assert run_cli("build", str(project)).exit_code == 0
    book = openpyxl.load_workbook(path)
    book["图表-专业分布"]["B2"] = 123456.2
    book.save(path)
    result = run_cli("compare", str(project))
    assert "草稿中为“装备制造 123456.4”，工作簿现为“装备制造 123456.2”" in result.output, result.output


def test_an_editors_reference_to_a_heading_number_is_left_alone(edited):
    from docx.oxml import parse_xml

    from reportgen.oxml.bookmark import bookmark_elements
    from reportgen.oxml.fields import field_runs

    project, draft = edited
    document = docx.Document(draft)
    heading = _paragraph(document, "概况")._p
    start, end = bookmark_elements(900, "_Ref123456")
    heading.insert(1, start)
    heading.append(end)
    added = parse_xml(f'<w:p xmlns:w="{W_NS}"/>')
    added.append(field_runs("REF _Ref123456 \\r \\h", "1")[0])
    for run in field_runs("REF _Ref123456 \\r \\h", "1")[1:]:
        added.append(run)
    heading.addnext(added)
    document.save(draft)
    result = run_cli("compare", str(project))
    assert result.exit_code == 0 and "[交叉引用]" not in result.output, result.output


def test_the_list_of_figures_follows_a_deleted_figure(school_dir, school_draft, tmp_path):
    """The school report lists its figures (附图目录): a deleted figure's entry is listed for the editors,
    the entries after it take their captions' new numbers."""
    draft = tmp_path / school_draft.name
    shutil.copy2(school_draft, draft)
    document = docx.Document(draft)
    captions = [p for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("图1-")]
    assert len(captions) >= 2
    deleted, renumbered = captions[0], captions[1]
    old = renumbered.text
    assert old.startswith("图1-2 ")
    for element in (deleted._p.getprevious(), deleted._p):
        element.getparent().remove(element)
    document.save(draft)
    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert f"“{old}”：草稿中为“图1-2”，按顺序应为“图1-1”" in result.output, result.output
    assert f"“{deleted.text}" in result.output and "所指的题注或标题已删除" in result.output
    new = old.replace("图1-2", "图1-1")
    assert f"目录中为“{old}”，题注现为“{new}”" in result.output, result.output
    assert run_cli("update", str(school_dir), "--draft", str(draft), "--no-track").exit_code == 2
    texts = _texts(draft)
    assert any(text.startswith(new) and text != new for text in texts)  # the entry, with its page number


def test_two_updates_in_one_second_keep_both_backups(edited, monkeypatch):
    import datetime as dt

    from reportgen import output

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2025, 12, 5, 9, 0, 0)
    monkeypatch.setattr(output.dt, "datetime", Frozen)
    project, draft = edited
    change_workbook(project)
    assert run_cli("update", str(project)).exit_code == 0
    path = project / "data" / "报告数据.xlsx"
    book = openpyxl.load_workbook(path)
    next(r for r in book["指标"].iter_rows(min_row=2) if r[0].value == "在校生数")[1].value = 12500
    book.save(path)
    assert run_cli("update", str(project)).exit_code == 0
    backups = sorted((project / "output").glob("*.备份-*.docx"))
    assert len(backups) == 2 and backups[0].read_bytes() != backups[1].read_bytes()


def test_a_figure_deleted_with_track_changes_on_is_a_deleted_figure(edited):
    """修订 on, the editors delete the chart and its caption: the caption's bookmark stands inside the
    deletion.  Read as the draft reads with every revision accepted: the reference to it is broken, the
    next figure is 图 1 and its reference says so."""
    project, draft = edited
    document = docx.Document(draft)
    chart = next(p for p in document.paragraphs if p._p.xpath(".//c:chart"))
    caption = docx.text.paragraph.Paragraph(chart._p.getnext(), chart._parent)
    assert caption.text.startswith("图 1")
    for paragraph in (chart, caption):
        _tracked_deletion(document, paragraph)
    document.save(draft)
    result = run_cli("compare", str(project))
    assert "[引用失效] 概况 “在校生的专业分布见图 1。”：引用所指的表格或插图已被删除（显示“图 1”），需改写这句话" \
           in result.output, result.output
    assert "[题注编号] 概况 “图 2 校园一角”：草稿中为“图 2”，按顺序应为“图 1”" in result.output
    assert "[交叉引用] 概况 “校园一角见图 2。”：引用显示“图 2”，所指的题注现为“图 1”" in result.output
    assert result.exit_code == 2
    assert run_cli("update", str(project)).exit_code == 2
    accepted = docx.Document(draft)
    accept_revisions(accepted.element.body)
    texts = [p.text for p in accepted.paragraphs]
    assert "图 1 校园一角" in texts and "校园一角见图 1。" in texts
    assert not any(text.startswith("图 1 在校生专业大类分布") for text in texts)


def test_the_list_of_figures_drops_a_figure_deleted_with_track_changes_on(school_dir, school_draft, tmp_path):
    """The school report's 附图目录: the entry of a figure deleted under 修订 is listed and removed, the
    entries after it follow their captions' new numbers, and the reference to it is broken."""
    draft = tmp_path / school_draft.name
    shutil.copy2(school_draft, draft)
    document = docx.Document(draft)
    caption = next(p for p in document.paragraphs if p.style.name == "Caption" and p.text.startswith("图1-1 "))
    picture = docx.text.paragraph.Paragraph(caption._p.getprevious(), caption._parent)
    for paragraph in (picture, caption):
        _tracked_deletion(document, paragraph)
    document.save(draft)
    result = run_cli("compare", str(school_dir), "--draft", str(draft))
    assert f"[目录条目] “{caption.text}" in result.output and "所指的题注或标题已删除，update 删去这一条" in result.output, \
        result.output
    assert "[引用失效]" in result.output and "[题注编号]" in result.output
    assert run_cli("update", str(school_dir), "--draft", str(draft), "--no-track").exit_code == 2
    texts = _texts(draft)
    entries = [text for text in texts if re.match(r"图1-\d+ .*\d$", text)]
    assert [entry.split()[0] for entry in entries] == ["图1-1", "图1-2"], entries
